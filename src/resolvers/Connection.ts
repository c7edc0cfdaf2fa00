import type { Connection } from '../pagination';

/** Every connection type counts lazily: the COUNT runs only when `totalCount` is asked for. */
const lazyCount = { totalCount: (c: Connection) => c.totalCount() };

export const connectionResolvers = Object.fromEntries(
  [
    'ArticleConnection', 'PersonConnection', 'OrganizationConnection', 'PlaceConnection', 'EventConnection',
    'TopicConnection', 'CommentConnection', 'MemberConnection', 'MetConnection', 'PartnerConnection',
    'SearchConnection', 'ModerationLogConnection', 'EventReviewConnection',
  ].map((type) => [type, lazyCount]),
);
