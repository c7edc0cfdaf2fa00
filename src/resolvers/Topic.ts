import type { SourceResolvers, TopicResolvers } from '../generated/graphql';
import { toGlobalId } from '../schema/global-id';
import { pageRequest } from '../services/pagination';

export const Topic: TopicResolvers = {
  id: (t) => toGlobalId('Topic', t.id),
  articles: (t, args, ctx) => ctx.loaders.articlesPageByTopicId.load({ id: t.id, page: pageRequest(args, 10) }),
};

export const Source: SourceResolvers = {
  id: (s) => toGlobalId('Source', s.id),
};
