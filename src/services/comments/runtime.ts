import type { Config } from '../../config';
import { createRateLimiter, type RateLimiter } from '../rate-limit';
import { CommentEvents } from './events';

/** What comments need for the life of the server, shared by every request. */
export interface CommentRuntime {
  rateLimiter: RateLimiter;
  events: CommentEvents;
  close(): Promise<void>;
}

export function createCommentRuntime(config: Pick<Config, 'redisUrl'>): CommentRuntime {
  const rateLimiter = createRateLimiter(config.redisUrl);
  return { rateLimiter, events: new CommentEvents(), close: () => rateLimiter.close() };
}
