import type { PathStepResolvers, QueryResolvers } from '../generated/graphql';
import { pathFor } from '../services/graph/path';

export const pathQuery: Pick<QueryResolvers, 'path'> = {
  path: (_, args, ctx) => pathFor(ctx.db, (id) => ctx.loaders.entityById.load(id), args),
};

/** Steps carry ids; entities and evidence come through the request's loaders. */
export const PathStep: PathStepResolvers = {
  from: async (step, _, ctx) => (await ctx.loaders.entityById.load(step.fromId))!,
  to: async (step, _, ctx) => (await ctx.loaders.entityById.load(step.toId))!,
  evidence: async (step, _, ctx) => {
    const rows = await Promise.all(
      step.evidence.map((ref) => (ref.type === 'Event' ? ctx.loaders.eventById.load(ref.id) : ctx.loaders.articleById.load(ref.id))),
    );
    return rows.filter((row) => row !== null);
  },
  confirmedShare: (step) => step.confirmedShare(),
};
