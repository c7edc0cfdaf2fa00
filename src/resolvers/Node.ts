import type { Resolvers } from '../generated/graphql';
import type { RequestContext } from '../context';
import { decodeGlobalId, entityKindOf } from '../schema/global-id';
import { userInputError } from '../schema/errors';
import { nodeTypeOf } from '../loaders/node-type';

/**
 * Resolves any global id through the loader of its type: null for a well-formed id that
 * names nothing (any more), BAD_USER_INPUT for a value that is not one of our ids at all.
 */
export async function loadNode(ctx: RequestContext, globalId: string, argument = 'id') {
  const decoded = decodeGlobalId(globalId);
  if (!decoded) throw userInputError(argument, `not a global id of this API: "${globalId.slice(0, 80)}"`);
  const { type, id } = decoded;
  switch (type) {
    case 'Article': return ctx.loaders.articleById.load(id);
    case 'Event': return ctx.loaders.eventById.load(id);
    case 'Topic': return ctx.loaders.topicById.load(id);
    case 'Source': return ctx.loaders.sourceById.load(id);
    case 'Comment': {
      const comment = await ctx.loaders.commentById.load(id);
      return comment?.status === 'approved' ? comment : null;
    }
    default: {
      // A merged entity's id resolves to the survivor, whose kind is the same.
      const entity = await ctx.loaders.entityById.load(id);
      return entity && entity.kind === entityKindOf(type) ? entity : null;
    }
  }
}

export const nodeResolvers: Resolvers = {
  Node: { __resolveType: (row) => nodeTypeOf(row) },
  Entity: { __resolveType: (row) => nodeTypeOf(row) as 'Person' | 'Organization' | 'Place' },
  SearchResult: { __resolveType: (row) => nodeTypeOf(row) as 'Article' | 'Person' | 'Organization' | 'Place' },
  Evidence: { __resolveType: (row) => nodeTypeOf(row) as 'Event' | 'Article' },
};
