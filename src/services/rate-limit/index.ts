import type { RateLimiter } from './limiter';
import { MemoryRateLimiter } from './memory';
import { RedisRateLimiter } from './redis';

export type { RateDecision, RateLimiter, RateRule } from './limiter';
export { MemoryRateLimiter } from './memory';
export { RedisRateLimiter } from './redis';

/** Redis when REDIS_URL is set (limits shared by every instance), memory otherwise. */
export function createRateLimiter(redisUrl: string | null): RateLimiter {
  return redisUrl ? new RedisRateLimiter(redisUrl) : new MemoryRateLimiter();
}
