export type { RateDecision, RateLimiter, RateRule } from './limiter';
export { FallbackRateLimiter } from './fallback';
export { MemoryRateLimiter } from './memory';
export { RedisRateLimiter } from './redis';
