import type { QueryResolvers } from '../generated/graphql';
import type { RequestContext } from '../context';
import { search, type SearchHit } from '../services/search/search';

/** Search hits become nodes through the same loaders as everything else. */
function loadHit(ctx: RequestContext, hit: SearchHit) {
  return hit.kind === 'article' ? ctx.loaders.articleById.load(hit.id) : ctx.loaders.entityById.load(hit.id);
}

export const searchQuery: Pick<QueryResolvers, 'search'> = {
  search: async (_, args, ctx) => {
    const connection = await search(ctx.db, args);
    const nodes = await Promise.all(connection.edges.map((edge) => loadHit(ctx, edge.hit)));
    // A hit deleted between the two statements is dropped rather than answered as null.
    // Edges keep their prototype (their cursor getter, see pagination.ts): the node is set on each.
    return { ...connection, edges: connection.edges.flatMap((edge, i) => (nodes[i] ? [Object.assign(edge, { node: nodes[i] })] : [])) };
  },
};
