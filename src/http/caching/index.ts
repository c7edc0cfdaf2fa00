import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import Redis from 'ioredis';
import type { AppDeps, RequestContext } from '../../context';
import type { Viewer } from '../../services/auth/viewer';
import { closeRedis, requestRedisOptions } from '../../services/redis-client';
import { ServiceMetrics } from '../metrics';
import { CorsPolicy } from './cors';
import { clientKey, purgeHookConfig, startPurgeHook } from '../../services/purge';
import { BoundedMemoryCache, loadManifest, manifestFirst, RedisKeyValueCache, safelistOf, sha256, type KeyValueCache, type Safelist } from './persisted';
import { cacheHeadersPlugin } from './plugin';
import { surrogateKeyHeaders, surrogateKeysSent } from './policy';
import { ResponseCache } from './response-cache';
import { sendBody, vary } from './send';

/** s-maxage of a Cache-Control value, for how long the response cache keeps an answer. */
const sharedMaxAge = (cacheControl: string) => Number(/s-maxage=(\d+)/.exec(cacheControl)?.[1] ?? 0);

/**
 * Everything between HTTP and GraphQL that issue 20 adds (docs/caching.md): persisted
 * operations and the safelist, cache headers and surrogate keys, ETag and compression, the
 * Redis response cache, CORS and metrics. server.ts calls it at four points.
 */
export interface HttpCaching {
  /** Apollo's `persistedQueries` option. */
  persistedQueries: { cache: KeyValueCache<string> } | false;
  plugins: ApolloServerPlugin<RequestContext>[];
  cors: CorsPolicy;
  metrics: ServiceMetrics;
  /**
   * Before execution: refuses an operation the safelist does not allow, answers a GET from the
   * response cache. True when the request was answered here.
   */
  answerEarly(req: IncomingMessage, res: ServerResponse, url: URL, body: unknown, viewer: Viewer | null): Promise<boolean>;
  /** After execution: ETag and 304, compression, and the answer kept in the response cache when it may be. */
  send(req: IncomingMessage, res: ServerResponse, url: URL, viewer: Viewer | null, body: Buffer): Promise<void>;
  close(): Promise<void>;
}

/** The operation a request names: its text, or the hash of a persisted one. */
function operationOf(req: IncomingMessage, url: URL, body: unknown): { query?: string; hash?: string } {
  let query: unknown;
  let extensions: unknown;
  if (req.method === 'POST') {
    if (body && typeof body === 'object' && !Array.isArray(body)) ({ query, extensions } = body as { query?: unknown; extensions?: unknown });
  } else {
    query = url.searchParams.get('query') ?? undefined;
    try {
      extensions = JSON.parse(url.searchParams.get('extensions') ?? 'null');
    } catch {
      extensions = null; // Apollo answers the malformed parameter
    }
  }
  const hash = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | null)?.persistedQuery?.sha256Hash;
  return { ...(typeof query === 'string' && { query }), ...(typeof hash === 'string' && { hash }) };
}

function refuse(res: ServerResponse, message: string): void {
  res.statusCode = 403;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'private, no-store');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code: 'PERSISTED_QUERY_NOT_ALLOWED' } }] }));
}

export async function createHttpCaching(deps: AppDeps, compiledOperations: () => number): Promise<HttpCaching> {
  const { config, logger } = deps;
  const settings = config.http;
  const metrics = new ServiceMetrics();
  const safelist: Safelist | null = settings.safelist ? safelistOf(loadManifest(settings.manifestPath)) : null;
  let apqRedis: Redis | null = null;
  let memory: BoundedMemoryCache | null = null;
  let apq: KeyValueCache<string> | null = null;
  if (settings.persistedQueries === 'redis' && config.redisUrl) {
    apqRedis = new Redis(config.redisUrl, { ...requestRedisOptions(config.redisTimeoutMs), enableOfflineQueue: true });
    apqRedis.on('error', () => {});
    apq = new RedisKeyValueCache(apqRedis, `${config.redisPrefix}apq:`);
  } else if (settings.persistedQueries === 'memory') apq = memory = new BoundedMemoryCache();
  // With persisted queries off, the safelist's operations still answer by id.
  const store = apq ?? (safelist ? new BoundedMemoryCache(0, 0) : null);
  const counted: KeyValueCache<string> | null = store && {
    get: async (key) => {
      const value = await manifestFirst(safelist, store).get(key);
      metrics.cacheLookup('apq', value !== undefined);
      return value;
    },
    set: (key, value, options) => store.set(key, value, options),
    delete: (key) => store.delete(key),
  };
  const responseCache = settings.responseCache && config.redisUrl
    ? new ResponseCache(config.redisUrl, config.redisPrefix, config.redisTimeoutMs)
    : null;
  // Writes made by this process purge the response cache and reach the configured sinks.
  const stopPurgeHook = startPurgeHook(purgeHookConfig(config), logger);
  metrics.gauges({ dataSource: deps.dataSource, compiledOperations, persistedQueries: () => memory?.size ?? null });
  const address = (req: IncomingMessage) => req.socket.remoteAddress ?? 'unknown';

  return {
    persistedQueries: counted ? { cache: counted } : false,
    plugins: [cacheHeadersPlugin(settings, metrics)],
    cors: new CorsPolicy(settings.corsOrigins),
    metrics,

    async answerEarly(req, res, url, body, viewer) {
      if (safelist && !viewer) {
        const { query, hash } = operationOf(req, url, body);
        const allowed = query !== undefined ? safelist.allows(hash ?? sha256(query), query) : hash !== undefined && safelist.byId.has(hash);
        if (!allowed && (query !== undefined || hash !== undefined)) {
          metrics.refused('PERSISTED_QUERY_NOT_ALLOWED');
          refuse(res, 'Only the operations of the published manifest may be sent without a staff token (SAFELIST): send one of them, by id or text.');
          return true;
        }
      }
      if (!responseCache || viewer || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
      const key = responseCache.keyOf(url.searchParams);
      if (!key) return false;
      // Both at once: one round trip's wait, not two.
      const [wrote, hit] = await Promise.all([responseCache.wroteRecently(clientKey(null, address(req))), responseCache.get(key)]);
      if (wrote) return false;
      metrics.cacheLookup('response', hit !== null);
      if (!hit) return false;
      res.statusCode = 200;
      res.setHeader('content-type', hit.contentType);
      res.setHeader('cache-control', hit.cacheControl);
      if (hit.surrogateKeys) for (const [name, value] of surrogateKeyHeaders(hit.surrogateKeys, settings.surrogateKeyHeader)) res.setHeader(name, value);
      res.setHeader('x-cache', 'HIT');
      vary(res, 'Authorization');
      sendBody(req, res, hit.body, hit.sent);
      return true;
    },

    async send(req, res, url, viewer, body) {
      const cacheControl = String(res.getHeader('cache-control') ?? '');
      if (!responseCache || viewer || req.method !== 'GET' || res.statusCode !== 200 || !cacheControl.startsWith('public')) return void sendBody(req, res, body);
      const key = responseCache.keyOf(url.searchParams);
      if (!key || (await responseCache.wroteRecently(clientKey(null, address(req))))) return void sendBody(req, res, body);
      res.setHeader('x-cache', 'MISS');
      const answer = { contentType: String(res.getHeader('content-type') ?? 'application/json'), cacheControl, surrogateKeys: surrogateKeysSent((name) => res.getHeader(name)) };
      // Answered first, kept after: the client does not wait for Redis.
      const sent = sendBody(req, res, body);
      await responseCache.set(key, { ...answer, body, sent }, sharedMaxAge(cacheControl));
    },

    async close() {
      await Promise.all([responseCache?.close(), stopPurgeHook()]);
      if (apqRedis) await closeRedis(apqRedis);
    },
  };
}
