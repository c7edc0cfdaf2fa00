import type { QueryResolvers } from '../generated/graphql';
import { parseArticleFilter } from '../services/articles/article-filter';
import { entityArgument } from '../services/graph/arguments';
import { articleTimeline, entityTimeline, timelineRange } from '../services/timelines/timelines';

export const timelineQuery: Pick<QueryResolvers, 'entityTimeline' | 'articleTimeline'> = {
  entityTimeline: async (_, { entity, from, to, interval }, ctx) => {
    const range = timelineRange(from, to, interval);
    const found = await entityArgument('entity', entity, (id) => ctx.loaders.entityById.load(id));
    return entityTimeline(ctx.db, found.id, range);
  },
  articleTimeline: (_, { filter, from, to, interval }, ctx) => articleTimeline(ctx.db, parseArticleFilter(filter), timelineRange(from, to, interval)),
};
