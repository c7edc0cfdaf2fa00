import type { Config } from '../../config';
import { createRateLimiter, type RateLimiter } from '../rate-limit';
import { CommentEvents, RedisCommentEvents } from './events';

/** What comments need for the life of the server, shared by every request. */
export interface CommentRuntime {
  rateLimiter: RateLimiter;
  events: CommentEvents;
  close(): Promise<void>;
}

/** With REDIS_URL, instances share rate limits and live approvals; otherwise both stay in-process. */
export function createCommentRuntime(config: Pick<Config, 'redisUrl'>, onRedisError: (message: string) => void = () => {}): CommentRuntime {
  const rateLimiter = createRateLimiter(config.redisUrl);
  const events = config.redisUrl ? new RedisCommentEvents(config.redisUrl, onRedisError) : new CommentEvents();
  return {
    rateLimiter,
    events,
    async close() {
      await Promise.all([rateLimiter.close(), events.close()]);
    },
  };
}
