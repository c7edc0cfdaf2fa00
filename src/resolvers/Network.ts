import type { QueryResolvers } from '../generated/graphql';
import { networkFor } from '../services/graph/published-network';

export const networkQuery: Pick<QueryResolvers, 'network'> = {
  network: (_, args, ctx) => networkFor(ctx.db, (id) => ctx.loaders.entityById.load(id), args),
};
