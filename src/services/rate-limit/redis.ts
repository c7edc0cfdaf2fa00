import Redis, { type RedisOptions } from 'ioredis';
import { decide, type RateDecision, type RateLimiter, type RateRule } from './limiter';

/**
 * Count and expiry in one atomic step: the first hit of a window sets its expiry, later
 * hits only count. A key left without expiry (never, but cheap to guard) gets one.
 */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

/** Limits shared by every instance that uses the same Redis and prefix. */
export class RedisRateLimiter implements RateLimiter {
  private readonly redis: Redis;

  constructor(url: string, private readonly prefix = 'entity-news:rate:', options: RedisOptions = {}) {
    // Fail a request fast when Redis is away instead of queueing it forever.
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, disconnectTimeout: 200, ...options });
    this.redis.on('error', () => {
      /* reported through the failing hit() of the request that needed it */
    });
  }

  async hit(key: string, rule: RateRule): Promise<RateDecision> {
    const [count, ttl] = (await this.redis.eval(HIT_SCRIPT, 1, this.prefix + key, String(rule.windowSeconds * 1000))) as [number, number];
    return decide(count, ttl, rule);
  }

  async close(): Promise<void> {
    // quit() waits for a connection that may never come; a client that is not ready just disconnects.
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }
}
