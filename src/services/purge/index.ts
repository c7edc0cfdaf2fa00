import type { Logger } from 'pino';
import Redis from 'ioredis';
import type { Config } from '../../config';
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
  /** The change adds or removes people, organizations or places: purges their lists. */
  entityLists?: boolean;
}

/** One purge: the keys, why (for the log and the webhook), and who wrote (read-your-writes in the response cache). */
export interface PurgeEvent {
  keys: string[];
  reason: string;
  /** The writer, as the response cache knows readers: `token:<id>` or `address:<ip>`; absent for jobs and commands. */
  author?: string;
}

/** How a purge names its writer and the response cache a reader: the same string for the same client. */
export function clientKey(viewer: { tokenId: number } | null, address: string): string {
  return viewer ? `token:${viewer.tokenId}` : `address:${address}`;
}

export type PurgeListener = (event: PurgeEvent) => Promise<void> | void;

/** The key prefix of each kind of change: also the surrogate keys' vocabulary. */
export const KEY_PREFIX = { articles: 'article', entities: 'entity', events: 'event', comments: 'comment', topics: 'topic', sources: 'source' } as const;

/** The key every answer listing articles carries (front page, lists, search). */
export const LISTS_KEY = 'articles';

/** The key every answer listing people, organizations or places carries. */
export const ENTITY_LISTS_KEY = 'entities';

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
  if (change.entityLists) keys.add(ENTITY_LISTS_KEY);
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

/** Where purges go besides this process's listeners (PURGE_HOOK, RESPONSE_CACHE; src/config). */
export interface PurgeHookConfig {
  /** `log`: one log line per purge; `webhook`: POSTed as JSON to `webhookUrl`; `redis`: PUBLISHed on `redisChannel`. */
  sinks: readonly ('log' | 'webhook' | 'redis')[];
  webhookUrl: string | null;
  redisUrl: string | null;
  redisChannel: string;
  /** The Redis response cache's key prefix, when it is on: its entries carrying a purged key are deleted. */
  responseCachePrefix: string | null;
  timeoutMs?: number;
}

/** The hook's settings from the service's configuration. */
export function purgeHookConfig(config: Pick<Config, 'http' | 'redisUrl' | 'redisPrefix' | 'redisTimeoutMs'>): PurgeHookConfig {
  return {
    ...config.http.purgeHook,
    redisUrl: config.redisUrl,
    responseCachePrefix: config.http.responseCache && config.redisUrl ? config.redisPrefix : null,
    timeoutMs: config.redisTimeoutMs,
  };
}

/** The JSON a webhook receives and the Redis channel carries. */
export function purgeMessage(event: PurgeEvent): string {
  return JSON.stringify({ keys: event.keys, reason: event.reason, at: new Date().toISOString() });
}

/** A writer's own reads skip the shared response cache this long after their write (read-your-writes). */
export const READ_YOUR_WRITES_SECONDS = 30;

/** The response cache's Redis keys (the cache itself is src/http/caching/response-cache.ts). */
export const responseCacheKeys = {
  tag: (prefix: string, key: string) => `${prefix}rc-tag:${key}`,
  writer: (prefix: string, client: string) => `${prefix}rc-writer:${client}`,
};

/** Deletes the response cache's entries carrying one of the event's keys, and marks its author as a recent writer. */
export async function purgeResponseCache(redis: Redis, prefix: string, event: PurgeEvent): Promise<void> {
  const tags = event.keys.map((k) => responseCacheKeys.tag(prefix, k));
  const members = await redis.sunion(...tags);
  const multi = redis.multi();
  if (members.length) multi.del(...members);
  multi.del(...tags);
  if (event.author) multi.set(responseCacheKeys.writer(prefix, event.author), '1', 'EX', READ_YOUR_WRITES_SECONDS);
  await multi.exec();
}

let running: { users: number; stop: () => Promise<void> } | null = null;

/**
 * Starts the configured sinks as listeners, once per process however many callers start it
 * (the server, the job worker of `npm start`, `npm run ingest`): the returned function stops
 * them when the last caller does.
 */
export function startPurgeHook(config: PurgeHookConfig, logger: Logger): () => Promise<void> {
  if (!running) running = { users: 0, stop: startSinks(config, logger) };
  running.users++;
  let stopped = false;
  return async () => {
    if (stopped || !running) return;
    stopped = true;
    if (--running.users > 0) return;
    const { stop } = running;
    running = null;
    await stop();
  };
}

function startSinks(config: PurgeHookConfig, logger: Logger): () => Promise<void> {
  const timeoutMs = config.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS;
  const stops: (() => void)[] = [];
  let redis: Redis | null = null;
  const redisClient = () => {
    if (!redis) {
      redis = new Redis(config.redisUrl!, { ...requestRedisOptions(timeoutMs), enableOfflineQueue: true });
      redis.on('error', () => {}); // each failed command is logged by its listener
    }
    return redis;
  };
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
    const client = redisClient();
    stops.push(
      onPurge(async (event) => {
        try {
          await client.publish(config.redisChannel, purgeMessage(event));
        } catch (e) {
          logger.warn({ purgeKeys: event.keys, error: (e as Error).message }, 'purge publish failed');
        }
      }),
    );
  }
  if (config.responseCachePrefix && config.redisUrl) {
    const client = redisClient();
    const prefix = config.responseCachePrefix;
    stops.push(
      onPurge(async (event) => {
        try {
          await purgeResponseCache(client, prefix, event);
        } catch (e) {
          logger.warn({ purgeKeys: event.keys, error: (e as Error).message }, 'response cache purge failed');
        }
      }),
    );
  }
  return async () => {
    for (const stop of stops) stop();
    if (redis) await closeRedis(redis, timeoutMs);
  };
}
