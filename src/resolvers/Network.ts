import type { NetworkEdgeResolvers, QueryResolvers } from '../generated/graphql';
import { networkFor } from '../services/graph/published-network';

export const networkQuery: Pick<QueryResolvers, 'network'> = {
  network: (_, args, ctx) => networkFor(ctx.db, (id) => ctx.loaders.entityById.load(id), args),
};

/** The confirmed share is read for all of a network's MET edges at once, only when selected. */
export const NetworkEdge: NetworkEdgeResolvers = {
  confirmedShare: (edge) => edge.confirmedShare(),
};
