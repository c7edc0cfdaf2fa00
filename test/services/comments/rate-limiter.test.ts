import { MemoryRateLimiter, RedisRateLimiter } from '../../../src/services/rate-limit';
import { deleteRedisKeys, describeWithRedis, REDIS_URL, testRedisPrefix } from '../../support/redis';

const rule = { limit: 3, windowSeconds: 60 };

describe('MemoryRateLimiter', () => {
  it('allows `limit` hits per window, then refuses with the seconds left until the window resets', async () => {
    let now = 1_000_000;
    const limiter = new MemoryRateLimiter(() => now);
    for (let i = 0; i < 3; i++) expect(await limiter.hit('k', rule)).toEqual({ allowed: true, retryAfterSeconds: 0 });
    expect(await limiter.hit('k', rule)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    now += 45_500;
    expect(await limiter.hit('k', rule)).toEqual({ allowed: false, retryAfterSeconds: 15 });
    // Other keys have their own windows.
    expect((await limiter.hit('other', rule)).allowed).toBe(true);
    now += 14_500;
    expect(await limiter.hit('k', rule)).toEqual({ allowed: true, retryAfterSeconds: 0 });
  });

  it('never reports a retry time under one second while refusing', async () => {
    let now = 0;
    const limiter = new MemoryRateLimiter(() => now);
    await limiter.hit('k', { limit: 1, windowSeconds: 1 });
    now = 999;
    expect(await limiter.hit('k', { limit: 1, windowSeconds: 1 })).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });
});

describeWithRedis('RedisRateLimiter (the machine\'s Redis)', () => {
  const prefix = testRedisPrefix('rate-limiter');
  let a: RedisRateLimiter;
  let b: RedisRateLimiter;
  beforeAll(() => {
    a = new RedisRateLimiter(REDIS_URL, prefix);
    b = new RedisRateLimiter(REDIS_URL, prefix);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await deleteRedisKeys(REDIS_URL, prefix);
  });

  it('shares one limit between two instances', async () => {
    expect((await a.hit('shared', rule)).allowed).toBe(true);
    expect((await b.hit('shared', rule)).allowed).toBe(true);
    expect((await a.hit('shared', rule)).allowed).toBe(true);
    const refused = await b.hit('shared', rule);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThan(55);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect((await a.hit('shared', rule)).allowed).toBe(false);
    expect((await a.hit('another', rule)).allowed).toBe(true);
  });

  it('opens a new window once the old one expires', async () => {
    const short = { limit: 1, windowSeconds: 1 };
    expect((await a.hit('short', short)).allowed).toBe(true);
    expect(await b.hit('short', short)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    await new Promise((r) => setTimeout(r, 1100));
    expect((await b.hit('short', short)).allowed).toBe(true);
  });

  // The limiter itself never guesses: it rejects, and the service's FallbackRateLimiter decides locally.
  it('rejects a hit (rather than allowing it) when Redis cannot be reached', async () => {
    // No reconnecting: the test ends as soon as the refusal is seen.
    const unreachable = new RedisRateLimiter('redis://127.0.0.1:1', prefix, { retryStrategy: () => null });
    try {
      await expect(unreachable.hit('k', rule)).rejects.toThrow();
    } finally {
      await unreachable.close();
    }
  });
});
