import type { ApolloServerPlugin } from '@apollo/server';
import type { HttpCachingConfig } from '../../config';
import type { RequestContext } from '../../context';
import type { ServiceMetrics } from '../metrics';
import { operationCacheFacts, PRIVATE_CACHE_CONTROL, publicCacheControl, surrogateHeader, surrogateKeyHeaders, surrogateKeysOf, type OperationCacheFacts } from './policy';

/**
 * Per operation, once Apollo has resolved it: `Cache-Control` from what it reads (public with
 * lifetimes for anonymous reads that succeeded, `private, no-store` for anything
 * authenticated, a mutation, introspection or an error), the surrogate keys of what a GET's answer
 * shows (`Surrogate-Key`, or `Cache-Tag` for Cloudflare: `surrogateKeyHeader`), `Vary`, and the
 * request's metrics (duration by operation and outcome, SQL statements, refusals).
 */
export function cacheHeadersPlugin(config: Pick<HttpCachingConfig, 'maxAge' | 'surrogateKeyHeader'>, metrics: ServiceMetrics | null): ApolloServerPlugin<RequestContext> {
  // Per document and operation name: Apollo hands back the same document object for the same text.
  const factsCache = new WeakMap<object, Map<string, OperationCacheFacts>>();
  return {
    async requestDidStart({ request }) {
      const started = process.hrtime.bigint();
      let facts: OperationCacheFacts | null = null;
      let operationName = request.operationName ?? null;
      // Only GETs are stored by CDNs, nginx and the response cache: a POST's keys would name nothing.
      const stored = request.http?.method === 'GET';
      return {
        async didResolveOperation({ schema, document, operation }) {
          if (!operation) return;
          operationName = operation.name?.value ?? operationName;
          let byName = factsCache.get(document);
          if (!byName) factsCache.set(document, (byName = new Map()));
          const key = operationName ?? '';
          facts = byName.get(key) ?? null;
          if (!facts) byName.set(key, (facts = operationCacheFacts(schema, document, operation)));
        },
        async willSendResponse({ response, contextValue }) {
          const headers = response.http.headers;
          headers.set('vary', 'Authorization, Accept-Encoding');
          if (response.body.kind !== 'single') return;
          const { singleResult } = response.body;
          const status = response.http.status ?? 200;
          const public_ = facts?.cacheableKind && !contextValue.viewer && !singleResult.errors?.length && status === 200;
          if (public_ && facts) {
            headers.set('cache-control', publicCacheControl(facts.lifetime, config.maxAge));
            const keys = stored ? surrogateKeysOf(singleResult.data, facts.idPaths, new Set(facts.staticKeys)) : null;
            if (keys?.size) for (const [name, value] of surrogateKeyHeaders(surrogateHeader(keys), config.surrogateKeyHeader)) headers.set(name, value);
          } else headers.set('cache-control', PRIVATE_CACHE_CONTROL);
          if (metrics) {
            const codes = (singleResult.errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
            // A mutation's refusals ride in its payloads' userErrors (addComment's RATE_LIMITED).
            if (singleResult.data && facts && !facts.cacheableKind) {
              for (const payload of Object.values(singleResult.data)) {
                for (const e of (payload as { userErrors?: { code?: string }[] } | null)?.userErrors ?? []) if (e.code === 'RATE_LIMITED') codes.push('RATE_LIMITED');
              }
            }
            metrics.observeOperation({
              operation: operationName ?? 'anonymous',
              outcome: codes[0] ?? 'ok',
              seconds: Number(process.hrtime.bigint() - started) / 1e9,
              sqlStatements: contextValue.sqlCounter?.statements ?? 0,
              refusals: codes.filter((c) => c === 'RATE_LIMITED' || c === 'QUERY_TOO_COMPLEX'),
            });
          }
        },
      };
    },
  };
}
