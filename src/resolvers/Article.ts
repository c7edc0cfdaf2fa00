import type { ArticleResolvers, MentionResolvers } from '../generated/graphql';
import { enumValue } from '../schema/scalars';
import { toGlobalId } from '../schema/global-id';
import {
  articleComments, articleEvents, articleMentions, articleSource, articleTags, relatedArticles,
} from '../loaders/parts/article';
import { alongField } from './read-along';

export const Article: ArticleResolvers = {
  id: (a) => toGlobalId('Article', a.id),
  // Parts (loaders/parts): answered at once when the article's own statement read them along.
  source: alongField(articleSource),
  mentions: alongField(articleMentions),
  people: alongField(articleTags, 'people'),
  organizations: alongField(articleTags, 'organizations'),
  places: alongField(articleTags, 'places'),
  topics: alongField(articleTags, 'topics'),
  events: alongField(articleEvents),
  comments: alongField(articleComments),
  related: alongField(relatedArticles),
};

export const Mention: MentionResolvers = {
  field: (m) => enumValue(m.field),
};
