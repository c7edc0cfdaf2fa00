import type { default as Redis, RedisOptions } from 'ioredis';

/**
 * Options for a Redis connection that must never make a request wait long: a frozen Redis
 * (alive, accepting connections, not answering) used to hold addComment for over 40 s.
 * - connectTimeout: a connection attempt gives up after `timeoutMs`;
 * - commandTimeout: a command rejects after `timeoutMs` (the reply may still come; ioredis drops it);
 * - socketTimeout: a connection with commands waiting and no byte received in twice that is
 *   destroyed, so a frozen server is left and reconnected to, instead of queueing behind it;
 * - enableOfflineQueue false: while not connected a command fails at once, nothing piles up;
 * - maxRetriesPerRequest 0: a command cut by a lost connection is not replayed later.
 */
export function requestRedisOptions(timeoutMs: number): RedisOptions {
  return {
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    socketTimeout: timeoutMs * 2,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    disconnectTimeout: 200,
    // Reconnect within a second of Redis coming back (ioredis's default waits up to 2 s).
    retryStrategy: (times) => Math.min(times * 100, 1000),
  };
}

/** The default REDIS_TIMEOUT_MS: two hits of addComment in parallel stay well under a second. */
export const DEFAULT_REDIS_TIMEOUT_MS = 500;

/**
 * Closes a client without waiting on a server that does not answer: QUIT when connected
 * (bounded by `timeoutMs`, since a frozen Redis never replies), then a plain disconnect.
 */
export async function closeRedis(client: Redis, timeoutMs = DEFAULT_REDIS_TIMEOUT_MS): Promise<void> {
  if (client.status === 'ready') {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([client.quit().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }
  client.disconnect();
}

/**
 * A client fails fast once it has been connected (see requestRedisOptions), but right after it
 * is created its first connection is still under way: commands wait for it, up to `timeoutMs`,
 * rather than failing every request that comes in while the service starts.
 */
export function firstConnection(client: Redis, timeoutMs: number): () => Promise<void> {
  let connected = false;
  client.once('ready', () => (connected = true));
  return async () => {
    if (connected || client.status === 'ready') return;
    let timer: NodeJS.Timeout | undefined;
    let onReady: (() => void) | undefined;
    await new Promise<void>((resolve) => {
      onReady = resolve;
      client.once('ready', onReady);
      timer = setTimeout(resolve, timeoutMs);
    });
    clearTimeout(timer);
    client.off('ready', onReady!);
  };
}
