import cluster from 'node:cluster';
import type { Config } from '../../config';
import { FallbackRateLimiter, MemoryRateLimiter, RedisRateLimiter, type RateLimiter } from '../rate-limit';
import { ClusterRateLimiter } from '../rate-limit/cluster';
import { DEFAULT_REDIS_TIMEOUT_MS } from '../redis-client';
import { ClusterCommentEvents } from './cluster-events';
import { CommentEvents, RedisCommentEvents } from './events';

/** What comments need for the life of the server, shared by every request. */
export interface CommentRuntime {
  rateLimiter: RateLimiter;
  events: CommentEvents;
  close(): Promise<void>;
}

export interface CommentRuntimeOptions {
  /** Where this runtime's rate-limit keys live in Redis (tests give their own). */
  redisKeyPrefix?: string;
  /** The live-approvals channel in Redis (tests give their own). */
  redisChannel?: string;
}

/**
 * With REDIS_URL, instances share rate limits and live approvals; otherwise both stay in the
 * instance: in-process, or for a cluster worker (WORKERS > 1) in the primary, over IPC.
 * When Redis cannot answer within REDIS_TIMEOUT_MS, rate limits fail open to the instance's own
 * limiter (FallbackRateLimiter says why) and live approvals are dropped, never waited for.
 */
export function createCommentRuntime(
  // redisTimeoutMs: REDIS_TIMEOUT_MS (src/config); optional so a test can give only what it uses.
  config: Pick<Config, 'redisUrl'> & { redisTimeoutMs?: number; redisPrefix?: string },
  onRedisError: (message: string) => void = () => {},
  options: CommentRuntimeOptions = {},
): CommentRuntime {
  const timeoutMs = config.redisTimeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS;
  // REDIS_PREFIX (src/config): the rate-limit keys and the live-approvals channel both under it.
  const prefix = config.redisPrefix ?? 'entity-news:';
  const instanceLimiter = (): RateLimiter => (cluster.isWorker ? new ClusterRateLimiter() : new MemoryRateLimiter());
  const rateLimiter = config.redisUrl
    ? new FallbackRateLimiter(new RedisRateLimiter(config.redisUrl, options.redisKeyPrefix ?? `${prefix}rate:`, {}, timeoutMs), instanceLimiter(), {
        degraded: (e) => onRedisError(`rate limits: Redis cannot answer (${e.message}); this instance holds them until it does`),
        recovered: () => onRedisError('rate limits: Redis answers again; limits are shared again'),
      })
    : instanceLimiter();
  const events = config.redisUrl
    ? new RedisCommentEvents(config.redisUrl, onRedisError, options.redisChannel ?? `${prefix}comment-approved`, timeoutMs)
    : cluster.isWorker
      ? new ClusterCommentEvents()
      : new CommentEvents();
  return {
    rateLimiter,
    events,
    async close() {
      await Promise.all([rateLimiter.close(), events.close()]);
    },
  };
}
