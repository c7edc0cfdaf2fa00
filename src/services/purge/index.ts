import type { Logger } from 'pino';
import Redis from 'ioredis';
import { closeRedis, DEFAULT_REDIS_TIMEOUT_MS, requestRedisOptions } from '../redis-client';

/**
 * What a write changed, for caches to forget (docs/caching.md, "Purging"). A cached answer
 * carries one surrogate key per article, entity, event, comment, topic and source it shows
 * (`Surrogate-Key` / `Cache-Tag`; `article:unkeyed` and the like for objects shown without their
 * id), and `articles` when it lists articles; a write emits the
 * keys of what it changed, so a CDN, the Redis response cache and any listener drop exactly
 * the answers that showed it.
 */
export interface PurgeChange {
  articles?: readonly number[];
  /** People, organizations and places (one table, one key space). */
  entities?: readonly number[];
  events?: readonly number[];
  comments?: readonly number[];
  topics?: readonly number[];
  sources?: readonly number[];
  /** The change adds or removes items of lists (a new or withdrawn article): purges the front page and other lists. */
  lists?: boolean;
}

/** One purge: the keys, why (for the log and the webhook), and who wrote (read-your-writes in the response cache). */
export interface PurgeEvent {
  keys: string[];
  reason: string;
  /** The writer, as the response cache knows readers: `token:<id>` or `address:<ip>`; absent for jobs and commands. */
  author?: string;
}

export type PurgeListener = (event: PurgeEvent) => Promise<void> | void;

/** The key prefix of each kind of change: also the surrogate keys' vocabulary. */
export const KEY_PREFIX = { articles: 'article', entities: 'entity', events: 'event', comments: 'comment', topics: 'topic', sources: 'source' } as const;

/** The key every answer listing articles carries (front page, lists, search). */
export const LISTS_KEY = 'articles';

/** The surrogate keys naming what `change` touched, each once. */
export function purgeKeys(change: PurgeChange): string[] {
  const keys = new Set<string>();
  for (const [field, prefix] of Object.entries(KEY_PREFIX) as [keyof typeof KEY_PREFIX, string][]) {
    const ids = change[field] ?? [];
    for (const id of ids) keys.add(`${prefix}:${id}`);
    // Answers that show such objects without selecting their id carry the kind's key instead.
    if (ids.length) keys.add(`${prefix}:unkeyed`);
  }
  if (change.lists) keys.add(LISTS_KEY);
  return [...keys];
}

const listeners = new Set<PurgeListener>();
/** A listener still delivering after this long is left to finish on its own: a write never waits longer. */
const LISTENER_WAIT_MS = 1000;

/**
 * Listens to every purge of this process (the response cache, the sinks of PURGE_HOOK,
 * tests). Returns the function that stops listening.
 */
export function onPurge(listener: PurgeListener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/**
 * The one function writers call, after their transaction committed: emits the keys of
 * `change` to every listener. Awaiting it means the response cache has forgotten the keys
 * (or LISTENER_WAIT_MS passed) before the write answers; it never rejects: a cache or hook
 * that fails is logged by its listener, the write stands.
 */
export async function purge(change: PurgeChange, reason: string, author?: string): Promise<void> {
  const keys = purgeKeys(change);
  if (!keys.length || !listeners.size) return;
  const event: PurgeEvent = { keys, reason, ...(author && { author }) };
  let timer: NodeJS.Timeout | undefined;
  const delivered = Promise.allSettled([...listeners].map(async (listener) => listener(event)));
  await Promise.race([delivered, new Promise((resolve) => (timer = setTimeout(resolve, LISTENER_WAIT_MS)))]);
  clearTimeout(timer);
}

/** Where purges go besides this process's caches (PURGE_HOOK, src/config). */
export interface PurgeHookConfig {
  /** `log`: one log line per purge; `webhook`: POSTed as JSON to `webhookUrl`; `redis`: PUBLISHed on `redisChannel`. */
  sinks: readonly ('log' | 'webhook' | 'redis')[];
  webhookUrl: string | null;
  redisUrl: string | null;
  redisChannel: string;
  timeoutMs?: number;
}

/** The JSON a webhook receives and the Redis channel carries. */
export function purgeMessage(event: PurgeEvent): string {
  return JSON.stringify({ keys: event.keys, reason: event.reason, at: new Date().toISOString() });
}

/**
 * Starts the configured sinks as listeners; the returned function stops them (and closes
 * their Redis connection). Each process that writes (server, job worker, `npm run ingest`)
 * starts its own.
 */
export function startPurgeHook(config: PurgeHookConfig, logger: Logger): () => Promise<void> {
  const timeoutMs = config.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS;
  const stops: (() => void)[] = [];
  let redis: Redis | null = null;
  if (config.sinks.includes('log')) {
    stops.push(onPurge((event) => logger.info({ purgeKeys: event.keys, reason: event.reason }, 'purge')));
  }
  if (config.sinks.includes('webhook') && config.webhookUrl) {
    const url = config.webhookUrl;
    stops.push(
      onPurge(async (event) => {
        try {
          const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: purgeMessage(event), signal: AbortSignal.timeout(Math.max(timeoutMs, 2000)) });
          if (!response.ok) logger.warn({ purgeKeys: event.keys, status: response.status }, 'purge webhook refused');
        } catch (e) {
          logger.warn({ purgeKeys: event.keys, error: (e as Error).message }, 'purge webhook failed');
        }
      }),
    );
  }
  if (config.sinks.includes('redis') && config.redisUrl) {
    const client = (redis = new Redis(config.redisUrl, { ...requestRedisOptions(timeoutMs), enableOfflineQueue: true, lazyConnect: false }));
    client.on('error', () => {}); // each failed publish is logged below
    const channel = config.redisChannel;
    stops.push(
      onPurge(async (event) => {
        try {
          await client.publish(channel, purgeMessage(event));
        } catch (e) {
          logger.warn({ purgeKeys: event.keys, error: (e as Error).message }, 'purge publish failed');
        }
      }),
    );
  }
  return async () => {
    for (const stop of stops) stop();
    if (redis) await closeRedis(redis, timeoutMs);
  };
}
