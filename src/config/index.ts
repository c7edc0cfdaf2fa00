import { isIP } from 'node:net';
import path from 'node:path';
import { availableCpus } from './cpus';

/**
 * Every setting the service reads, validated in one place. A bad value ends start-up
 * with one line naming the setting (ConfigError), never a stack trace.
 */
export interface Config {
  /** Null: start the embedded PostgreSQL in `dataDir`. */
  databaseUrl: string | null;
  /** Streaming replicas of DATABASE_URL that queries read from (src/db/replicas.ts); writes and mutations stay on the primary. */
  replicaUrls: string[];
  /** A replica further behind than this is skipped; reads fall back to the primary. */
  replicaMaxLagMs: number;
  dataDir: string;
  host: string;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Seed the demo article when the database holds no article. */
  seedOnEmpty: boolean;
  poolSize: number;
  /**
   * HTTP worker processes (a Node cluster sharing the port); 1 serves from the one process.
   * The primary runs PostgreSQL, migrations, the seed and background jobs; workers only serve.
   */
  workers: number;
  /** Whether WORKERS and DB_POOL_SIZE were set: start-up may lower defaults to fit max_connections, never set values. */
  workersSet: boolean;
  poolSizeSet: boolean;
  /** Initial moderation state of a new comment. */
  commentPolicy: 'pending' | 'auto-approve-known';
  /** addComment attempts allowed per client address and per email in each window. */
  commentRateLimit: { perAddress: number; perEmail: number; windowSeconds: number };
  redisUrl: string | null;
  /** Prefix of every Redis key and channel the service uses, so deployments (or test runs) can share one Redis. */
  redisPrefix: string;
  /** Connect and command timeout for Redis: past it, rate limits fall back to the instance's own. */
  redisTimeoutMs: number;
  /** Failed bearer-token attempts one client address may make per window before HTTP 429. */
  authFailureLimit: { perAddress: number; windowSeconds: number };
  /** Per-request SQL statement counts in the `x-sql-statements` header (benchmarks, tests). */
  exposeSqlCount: boolean;
  shutdownGraceMs: number;
  /** NODE_ENV=production: the defaults below that differ say so. */
  production: boolean;
  /**
   * Who may run introspection (`__schema`, `__type`): everyone (`on`), staff tokens only
   * (`staff`, the production default: GraphiQL's documentation loads once a token is set), or nobody.
   */
  introspection: 'on' | 'staff' | 'off';
  /** "Did you mean …" suggestions in validation errors (off in production: they reveal the schema). */
  schemaSuggestions: boolean;
  /** Limits that keep one request from holding the service (README, Configuration; docs/operations.md). */
  requestLimits: {
    /** A request still executing after this long is answered DEADLINE_EXCEEDED and its statements cancelled. */
    deadlineMs: number;
    statementTimeoutMs: number;
    idleInTransactionTimeoutMs: number;
    /** Waiting longer than this for a pooled connection answers 503 with Retry-After. */
    acquireTimeoutMs: number;
    /** Opening a new connection to PostgreSQL may take this long before it counts as unreachable. */
    connectTimeoutMs: number;
    /** A larger response is replaced by a RESPONSE_TOO_LARGE error. */
    maxResponseBytes: number;
    /** An operation that may return this many objects or more (cost `nodes`) is expensive: it draws on a capped share of the pool. */
    expensiveNodes: number;
    /** The share of each pool, in percent, expensive operations may hold together (src/db/pool-share.ts). */
    expensivePoolPercent: number;
    /** A client still sending its request line and headers after this long is answered 408 and closed (slow-drip clients). */
    headersTimeoutMs: number;
    /** The same for the whole request, body included. */
    requestTimeoutMs: number;
  };
  /**
   * An operation over any of these is refused QUERY_TOO_COMPLEX before it runs (docs/operations.md,
   * "Query cost"; measured in src/schema/cost.ts).
   */
  queryLimits: { depth: number; aliases: number; fields: number; nodes: number; tokens: number; variables: number };
  /** Proxies (addresses, CIDRs) whose `Forwarded` / `X-Forwarded-For` is believed (src/http/client-address.ts). */
  trustedProxies: string[];
  /** HTTP caching, persisted operations, purging, CORS and metrics (docs/caching.md). */
  http: HttpCachingConfig;
  /** Alert webhooks may POST to loopback, private and link-local addresses (tests, an internal receiver); off: public addresses only. */
  alertWebhookAllowPrivate: boolean;
  /** Days an alert announced (alert_announced) or queued to a webhook (alert_sent) is remembered, so not sent again; pruned hourly. */
  alertSentRetentionDays: number;
}

/** Settings of issue 20 (docs/caching.md), parsed by httpCachingConfig. */
export interface HttpCachingConfig {
  /** Where writes' purge keys go besides the response cache (src/services/purge). */
  purgeHook: { sinks: ('log' | 'webhook' | 'redis')[]; webhookUrl: string | null; redisChannel: string };
  /** Automatic persisted queries: `memory` (bounded LRU per process), `redis` (shared), or `off`. */
  persistedQueries: 'memory' | 'redis' | 'off';
  /** Anonymous clients may run only the operations of the manifest (`npm run operations:manifest`). */
  safelist: boolean;
  /** The manifest file the safelist reads. */
  manifestPath: string;
  /** Shared response cache of anonymous GETs in Redis. */
  responseCache: boolean;
  /** The header naming a public answer's surrogate keys for the CDN in front: `surrogate-key` (Fastly, Varnish, nginx), `cache-tag` (Cloudflare), or `both`. */
  surrogateKeyHeader: 'surrogate-key' | 'cache-tag' | 'both';
  /** Cache lifetimes (seconds) of anonymous reads: lists (front page), articles, entity pages; stale-while-revalidate. */
  maxAge: { lists: number; articles: number; entities: number; staleWhileRevalidate: number };
  /** Origins allowed to call from a browser: `*` (anonymous reads, no credentials) or an allowlist. */
  corsOrigins: '*' | string[];
  /** /metrics on its own port (null: on the service's port, behind `metricsToken`). */
  metricsPort: number | null;
  /** Bearer token /metrics asks for on the service's port (null: /metrics is not served there). */
  metricsToken: string | null;
}

export class ConfigError extends Error {
  constructor(readonly setting: string, message: string) {
    super(`${setting}: ${message}`);
    this.name = 'ConfigError';
  }
}

export const projectRoot = path.resolve(__dirname, '..', '..', __dirname.includes(`${path.sep}dist${path.sep}`) ? '..' : '.');

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `expected a whole number from ${min} to ${max}, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `expected a whole number from ${min} to ${max}, got ${value}`);
  return value;
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(name, `expected one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  return oneOf(env, name, ['true', 'false', '1', '0'] as const, fallback ? 'true' : 'false').match(/^(true|1)$/) !== null;
}

/** Checks the URL's shape without echoing credentials back. */
function databaseUrl(env: NodeJS.ProcessEnv, name: string): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, 'expected a URL such as postgres://user:password@host:5432/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(name, `expected a postgres:// or postgresql:// URL, got the scheme "${url.protocol.replace(/:$/, '')}"`);
  }
  if (!url.hostname && !url.searchParams.get('host')) throw new ConfigError(name, 'the URL names no host');
  return raw;
}

function redisUrl(env: NodeJS.ProcessEnv): string | null {
  const raw = env.REDIS_URL;
  if (!raw) return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new Error();
  } catch {
    throw new ConfigError('REDIS_URL', 'expected a redis:// URL such as redis://127.0.0.1:6379');
  }
  return raw;
}

function redisPrefix(env: NodeJS.ProcessEnv): string {
  const raw = env.REDIS_PREFIX;
  if (raw === undefined || raw === '') return 'entity-news:';
  if (!/^[\x21-\x7e]{1,100}$/.test(raw)) throw new ConfigError('REDIS_PREFIX', 'expected 1 to 100 printable ASCII characters without spaces');
  return raw;
}

/** DATABASE_REPLICA_URLS: postgres:// URLs separated by commas, each checked as DATABASE_URL is; only beside a DATABASE_URL. */
function replicaUrls(env: NodeJS.ProcessEnv): string[] {
  const raw = env.DATABASE_REPLICA_URLS ?? '';
  const urls = raw.split(',').map((u) => u.trim()).filter(Boolean);
  if (urls.length && !env.DATABASE_URL) throw new ConfigError('DATABASE_REPLICA_URLS', 'replicas need DATABASE_URL, their primary (the embedded PostgreSQL has none)');
  return urls.map((url, i) => databaseUrl({ [`DATABASE_REPLICA_URLS[${i}]`]: url }, `DATABASE_REPLICA_URLS[${i}]`)!);
}

/** TRUSTED_PROXIES: addresses or CIDRs, comma-separated (`10.0.0.0/8, 192.168.1.5, fd00::/8`). */
function trustedProxies(env: NodeJS.ProcessEnv): string[] {
  const raw = env.TRUSTED_PROXIES ?? '';
  return raw.split(',').map((e) => e.trim()).filter(Boolean).map((entry) => {
    const [address, prefix, extra] = entry.split('/');
    const family = isIP(address);
    const bits = family === 6 ? 128 : 32;
    if (!family || extra !== undefined || (prefix !== undefined && (!/^\d{1,3}$/.test(prefix) || Number(prefix) > bits))) {
      throw new ConfigError('TRUSTED_PROXIES', `expected IP addresses or CIDRs separated by commas, got "${entry}"`);
    }
    return entry;
  });
}

/** Node refuses a headers timeout longer than the request's, which includes the headers. */
function httpTimeouts(env: NodeJS.ProcessEnv): { headersTimeoutMs: number; requestTimeoutMs: number } {
  const headersTimeoutMs = integer(env, 'HTTP_HEADERS_TIMEOUT_MS', 10_000, 100, 600_000);
  const requestTimeoutMs = integer(env, 'HTTP_REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000);
  if (headersTimeoutMs > requestTimeoutMs) throw new ConfigError('HTTP_HEADERS_TIMEOUT_MS', `expected at most HTTP_REQUEST_TIMEOUT_MS (${requestTimeoutMs}), got ${headersTimeoutMs}`);
  return { headersTimeoutMs, requestTimeoutMs };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const host = env.HOST || '127.0.0.1';
  const production = env.NODE_ENV === 'production';
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(host)) throw new ConfigError('HOST', `expected a host name or address, got "${host}"`);
  return {
    databaseUrl: databaseUrl(env, 'DATABASE_URL'),
    replicaUrls: replicaUrls(env),
    replicaMaxLagMs: integer(env, 'REPLICA_MAX_LAG_MS', 1000, 100, 600_000),
    dataDir: path.resolve(projectRoot, env.DATA_DIR || 'data'),
    host,
    port: integer(env, 'PORT', 4000, 0, 65535),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    seedOnEmpty: bool(env, 'SEED_ON_EMPTY', true),
    poolSize: integer(env, 'DB_POOL_SIZE', 10, 1, 200),
    workers: integer(env, 'WORKERS', Math.min(availableCpus(), 64), 1, 64),
    workersSet: Boolean(env.WORKERS),
    poolSizeSet: Boolean(env.DB_POOL_SIZE),
    commentPolicy: oneOf(env, 'COMMENT_POLICY', ['pending', 'auto-approve-known'] as const, 'pending'),
    commentRateLimit: {
      perAddress: integer(env, 'COMMENT_RATE_PER_ADDRESS', 5, 1, 100000),
      perEmail: integer(env, 'COMMENT_RATE_PER_EMAIL', 5, 1, 100000),
      windowSeconds: integer(env, 'COMMENT_RATE_WINDOW_SECONDS', 60, 1, 86400),
    },
    redisUrl: redisUrl(env),
    redisPrefix: redisPrefix(env),
    redisTimeoutMs: integer(env, 'REDIS_TIMEOUT_MS', 500, 10, 10000),
    authFailureLimit: {
      perAddress: integer(env, 'AUTH_FAILURES_PER_ADDRESS', 10, 1, 100000),
      windowSeconds: integer(env, 'AUTH_FAILURE_WINDOW_SECONDS', 300, 1, 86400),
    },
    exposeSqlCount: bool(env, 'EXPOSE_SQL_COUNT', false),
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 10000, 0, 600000),
    production,
    introspection: oneOf(env, 'INTROSPECTION', ['on', 'staff', 'off'] as const, production ? 'staff' : 'on'),
    schemaSuggestions: bool(env, 'SCHEMA_SUGGESTIONS', !production),
    requestLimits: {
      deadlineMs: integer(env, 'REQUEST_DEADLINE_MS', 5000, 100, 600000),
      statementTimeoutMs: integer(env, 'STATEMENT_TIMEOUT_MS', 5000, 100, 3600000),
      idleInTransactionTimeoutMs: integer(env, 'IDLE_IN_TRANSACTION_TIMEOUT_MS', 10000, 100, 3600000),
      acquireTimeoutMs: integer(env, 'DB_ACQUIRE_TIMEOUT_MS', 1000, 10, 60000),
      connectTimeoutMs: integer(env, 'DB_CONNECT_TIMEOUT_MS', 5000, 100, 60000),
      maxResponseBytes: integer(env, 'MAX_RESPONSE_BYTES', 4_000_000, 1000, 1_000_000_000),
      expensiveNodes: integer(env, 'QUERY_EXPENSIVE_NODES', 10_000, 1, 1_000_000_000),
      expensivePoolPercent: integer(env, 'DB_EXPENSIVE_POOL_PERCENT', 50, 1, 100),
      ...httpTimeouts(env),
    },
    queryLimits: {
      depth: integer(env, 'QUERY_MAX_DEPTH', 32, 1, 1000),
      aliases: integer(env, 'QUERY_MAX_ALIASES', 30, 0, 100000),
      fields: integer(env, 'QUERY_MAX_FIELDS', 1000, 1, 1_000_000),
      nodes: integer(env, 'QUERY_MAX_NODES', 100_000, 1, 1_000_000_000),
      tokens: integer(env, 'QUERY_MAX_TOKENS', 5000, 1, 1_000_000),
      variables: integer(env, 'QUERY_MAX_VARIABLE_VALUES', 1000, 1, 1_000_000),
    },
    trustedProxies: trustedProxies(env),
    http: httpCachingConfig(env, redisPrefix(env)),
    alertWebhookAllowPrivate: bool(env, 'ALERT_WEBHOOK_ALLOW_PRIVATE', false),
    alertSentRetentionDays: integer(env, 'ALERT_SENT_RETENTION_DAYS', 30, 1, 3650),
  };
}

function httpCachingConfig(env: NodeJS.ProcessEnv, prefix: string): HttpCachingConfig {
  const sinks = (env.PURGE_HOOK ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const sink of sinks) if (!['log', 'webhook', 'redis'].includes(sink)) throw new ConfigError('PURGE_HOOK', `expected a comma-separated list of log, webhook, redis; got "${sink}"`);
  const webhookUrl = env.PURGE_WEBHOOK_URL || null;
  if (webhookUrl && !/^https?:\/\/[^\s]+$/.test(webhookUrl)) throw new ConfigError('PURGE_WEBHOOK_URL', 'expected an http:// or https:// URL');
  if (sinks.includes('webhook') && !webhookUrl) throw new ConfigError('PURGE_WEBHOOK_URL', 'PURGE_HOOK=webhook needs the URL to POST purges to');
  if (sinks.includes('redis') && !env.REDIS_URL) throw new ConfigError('PURGE_HOOK', 'redis needs REDIS_URL');
  const persistedQueries = oneOf(env, 'PERSISTED_QUERIES', ['memory', 'redis', 'off'] as const, 'memory');
  if (persistedQueries === 'redis' && !env.REDIS_URL) throw new ConfigError('PERSISTED_QUERIES', 'redis needs REDIS_URL');
  const responseCache = bool(env, 'RESPONSE_CACHE', false);
  if (responseCache && !env.REDIS_URL) throw new ConfigError('RESPONSE_CACHE', 'the response cache lives in Redis: set REDIS_URL');
  const rawOrigins = (env.CORS_ORIGINS ?? '').trim();
  let corsOrigins: '*' | string[] = [];
  if (rawOrigins === '*') corsOrigins = '*';
  else if (rawOrigins) {
    corsOrigins = rawOrigins.split(',').map((o) => o.trim()).filter(Boolean);
    for (const origin of corsOrigins) {
      if (!/^https?:\/\/[A-Za-z0-9.\-[\]:]+$/.test(origin)) throw new ConfigError('CORS_ORIGINS', `expected * or origins such as https://news.example (scheme, host, port; no path), got "${origin}"`);
    }
  }
  const metricsPort = env.METRICS_PORT ? integer(env, 'METRICS_PORT', 0, 0, 65535) : null;
  const metricsToken = env.METRICS_TOKEN || null;
  if (metricsToken && metricsToken.length < 16) throw new ConfigError('METRICS_TOKEN', 'expected at least 16 characters');
  return {
    purgeHook: { sinks: sinks as HttpCachingConfig['purgeHook']['sinks'], webhookUrl, redisChannel: env.PURGE_REDIS_CHANNEL || `${prefix}purge` },
    persistedQueries,
    safelist: bool(env, 'SAFELIST', false),
    manifestPath: path.resolve(projectRoot, env.OPERATIONS_MANIFEST || 'operations-manifest.json'),
    responseCache,
    surrogateKeyHeader: oneOf({ SURROGATE_KEY_HEADER: env.SURROGATE_KEY_HEADER?.toLowerCase() }, 'SURROGATE_KEY_HEADER', ['surrogate-key', 'cache-tag', 'both'] as const, 'surrogate-key'),
    maxAge: {
      lists: integer(env, 'CACHE_MAX_AGE_LISTS', 30, 0, 86400),
      articles: integer(env, 'CACHE_MAX_AGE_ARTICLES', 120, 0, 86400),
      entities: integer(env, 'CACHE_MAX_AGE_ENTITIES', 600, 0, 86400),
      staleWhileRevalidate: integer(env, 'CACHE_STALE_WHILE_REVALIDATE', 60, 0, 86400),
    },
    corsOrigins,
    metricsPort,
    metricsToken,
  };
}

