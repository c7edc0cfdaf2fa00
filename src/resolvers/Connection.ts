import type { Connection } from '../pagination';

/** Every connection type counts lazily: the COUNT runs only when `totalCount` is asked for. */
const lazyCount = { totalCount: (c: Connection) => c.totalCount() };

export const connectionResolvers = {
  ...Object.fromEntries(
    [
      'PersonConnection', 'OrganizationConnection', 'PlaceConnection', 'EventConnection',
      'TopicConnection', 'CommentConnection', 'MemberConnection', 'MetConnection', 'PartnerConnection',
      'SearchConnection', 'ModerationLogConnection', 'EventReviewConnection',
    ].map((type) => [type, lazyCount]),
  ),
  // A filtered `articles` listing counts up to a bound (src/services/articles/list-articles.ts); the rest count every item.
  ArticleConnection: { ...lazyCount, totalCountIsExact: (c: Connection) => c.totalCountIsExact?.() ?? true },
};
