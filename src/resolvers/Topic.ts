import type { SourceResolvers, TopicResolvers } from '../generated/graphql';
import { toGlobalId } from '../schema/global-id';
import { pageRequest } from '../pagination';
import { asksForTotal } from './selection';

export const Topic: TopicResolvers = {
  id: (t) => toGlobalId('Topic', t.id),
  articles: (t, args, ctx, info) =>
    ctx.loaders.articlesPageByTopicId.load({ id: t.id, page: pageRequest(args, 10, 'timestamp'), withTotal: asksForTotal(info) }),
};

export const Source: SourceResolvers = {
  id: (s) => toGlobalId('Source', s.id),
};
