import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { DataSource } from 'typeorm';
import type { PoolClaim } from '../db/pool-share';
import { parseLsn } from '../db/replicas';

/**
 * Read-your-writes with replicas: a mutation's answer carries the primary's WAL position after
 * it (this header); a client that sends it back with its next queries is read from a replica
 * only once that replica has replayed it, else from the primary (docs/operations.md, "Read replicas").
 */
export const CONSISTENCY_HEADER = 'x-consistency-token';

/** Queries may read from a replica (src/db/replicas.ts); mutations, subscriptions and everything before the operation is known stay on the primary. */
export function readRoutingPlugin(primary: DataSource): ApolloServerPlugin<BaseContext & { poolClaim?: PoolClaim }> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue, request }) {
          if (operation?.operation !== 'query' || !contextValue.poolClaim) return;
          const token = request.http?.headers.get(CONSISTENCY_HEADER);
          const afterLsn = token ? parseLsn(token) : null;
          // A token we cannot read: the primary, which has every write.
          contextValue.poolClaim.replica = !token || afterLsn !== null;
          contextValue.poolClaim.afterLsn = afterLsn;
        },
        async willSendResponse({ operation, response }) {
          if (operation?.operation !== 'mutation') return;
          const lsn = await primary.query(`SELECT pg_current_wal_lsn()::text AS lsn`).then(([row]) => row.lsn as string, () => null);
          if (lsn) response.http.headers.set(CONSISTENCY_HEADER, lsn);
        },
      };
    },
  };
}
