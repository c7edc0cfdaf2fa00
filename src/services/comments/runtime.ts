import cluster from 'node:cluster';
import type { Config } from '../../config';
import { createRateLimiter, type RateLimiter } from '../rate-limit';
import { ClusterRateLimiter } from '../rate-limit/cluster';
import { ClusterCommentEvents } from './cluster-events';
import { CommentEvents, RedisCommentEvents } from './events';

/** What comments need for the life of the server, shared by every request. */
export interface CommentRuntime {
  rateLimiter: RateLimiter;
  events: CommentEvents;
  close(): Promise<void>;
}

/**
 * With REDIS_URL, instances share rate limits and live approvals; otherwise both stay in the
 * instance: in-process, or for a cluster worker (WORKERS > 1) in the primary, over IPC.
 */
export function createCommentRuntime(config: Pick<Config, 'redisUrl'>, onRedisError: (message: string) => void = () => {}): CommentRuntime {
  const inCluster = !config.redisUrl && cluster.isWorker;
  const rateLimiter = inCluster ? new ClusterRateLimiter() : createRateLimiter(config.redisUrl);
  const events = config.redisUrl ? new RedisCommentEvents(config.redisUrl, onRedisError) : inCluster ? new ClusterCommentEvents() : new CommentEvents();
  return {
    rateLimiter,
    events,
    async close() {
      await Promise.all([rateLimiter.close(), events.close()]);
    },
  };
}
