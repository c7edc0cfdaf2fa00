import type { QueryResolvers } from '../generated/graphql';
import { search } from '../services/search/search';

export const searchQuery: Pick<QueryResolvers, 'search'> = {
  search: async (_, args, ctx) => {
    const connection = await search(ctx.db, args);
    // The hits' rows came with the search's statement: the loaders answer them from now on.
    for (const { hit } of connection.edges) {
      if (hit.kind === 'article') ctx.loaders.articleById.prime(hit.id, hit.node);
      else ctx.loaders.entityById.prime(hit.id, hit.node);
    }
    return connection;
  },
};
