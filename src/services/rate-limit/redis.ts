import Redis, { type RedisOptions } from 'ioredis';
import { closeRedis, DEFAULT_REDIS_TIMEOUT_MS, firstConnection, requestRedisOptions } from '../redis-client';
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

/** A window's count and time left, read in one step; a missing key reads as nil and -2. */
const PEEK_SCRIPT = `return {redis.call('GET', KEYS[1]), redis.call('PTTL', KEYS[1])}`;

/** Limits shared by every instance that uses the same Redis and prefix. */
export class RedisRateLimiter implements RateLimiter {
  private readonly redis: Redis;
  private readonly connected: () => Promise<void>;

  constructor(url: string, private readonly prefix = 'entity-news:rate:', options: RedisOptions = {}, timeoutMs = DEFAULT_REDIS_TIMEOUT_MS) {
    // Fail a hit fast when Redis is away or frozen instead of queueing it: see requestRedisOptions.
    this.redis = new Redis(url, { ...requestRedisOptions(timeoutMs), ...options });
    this.redis.on('error', () => {
      /* reported through the failing hit() of the request that needed it */
    });
    this.connected = firstConnection(this.redis, timeoutMs);
  }

  async hit(key: string, rule: RateRule): Promise<RateDecision> {
    await this.connected();
    const [count, ttl] = (await this.redis.eval(HIT_SCRIPT, 1, this.prefix + key, String(rule.windowSeconds * 1000))) as [number, number];
    return decide(count, ttl, rule);
  }

  async peek(key: string, rule: RateRule): Promise<RateDecision> {
    await this.connected();
    const [count, ttl] = (await this.redis.eval(PEEK_SCRIPT, 1, this.prefix + key)) as [string | null, number];
    if (count === null || ttl <= 0) return decide(1, 0, rule);
    return decide(Number(count) + 1, ttl, rule);
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }
}
