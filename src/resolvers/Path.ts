import type { QueryResolvers } from '../generated/graphql';
import type { RequestContext } from '../http/context';
import { pathFor, type PathStepRow } from '../services/graph/path';

export const pathQuery: Pick<QueryResolvers, 'path'> = {
  path: (_, args, ctx) => pathFor(ctx.db, (id) => ctx.loaders.entityById.load(id), args) as never,
};

/** Steps carry ids; entities and evidence come through the request's loaders. */
export const PathStep = {
  from: (step: PathStepRow, _: unknown, ctx: RequestContext) => ctx.loaders.entityById.load(step.fromId),
  to: (step: PathStepRow, _: unknown, ctx: RequestContext) => ctx.loaders.entityById.load(step.toId),
  evidence: async (step: PathStepRow, _: unknown, ctx: RequestContext) => {
    const rows = await Promise.all(
      step.evidence.map((ref) => (ref.type === 'Event' ? ctx.loaders.eventById.load(ref.id) : ctx.loaders.articleById.load(ref.id))),
    );
    return rows.filter((row) => row !== null);
  },
};
