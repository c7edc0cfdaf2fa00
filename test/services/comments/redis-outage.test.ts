import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import type { Comment } from '../../../src/entities';
import { RedisCommentEvents } from '../../../src/services/comments/events';
import { FallbackRateLimiter, MemoryRateLimiter, RedisRateLimiter } from '../../../src/services/rate-limit';
import { describeWithRedisServer, startOwnRedis, type OwnRedis } from '../../support/redis-server';

/**
 * Redis that is frozen (SIGSTOP: connections accepted, nothing answered) or killed, on a
 * redis-server of this file's own. Nothing here may wait on it: every call resolves (or
 * rejects) well within jest's timeout, and everything works again once Redis is back.
 */
const rule = { limit: 2, windowSeconds: 60 };
const prefix = `entity-news-test:${randomBytes(6).toString('hex')}:`;
const comment = (id: number, articleId: number) => ({ id, articleId, status: 'approved', createdAt: new Date(), email: 'never@example.org' }) as Comment;

/** Retries `attempt` until it returns true (Redis reconnects on its own schedule); fails after many tries. */
async function eventually(what: string, attempt: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await attempt().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never happened: ${what}`);
}

/** Publishes until the iterator hears one (the subscriber reconnects on its own schedule). */
async function deliveredAgain(events: RedisCommentEvents, live: AsyncIterableIterator<Comment>, articleId: number): Promise<void> {
  let id = 1000;
  await eventually('an approval delivered again', async () => {
    events.publishApproved(comment(id++, articleId));
    const next = await Promise.race([live.next(), new Promise((r) => setTimeout(() => r(null), 300))]);
    return next !== null;
  });
}

describeWithRedisServer('Redis frozen or down (a redis-server of the test\'s own)', () => {
  let redis: OwnRedis;
  let raw: Redis;
  beforeAll(async () => {
    redis = await startOwnRedis();
    raw = new Redis(redis.url, { lazyConnect: true });
    raw.on('error', () => {});
  });
  afterEach(() => redis.thaw());
  afterAll(async () => {
    raw.disconnect();
    await redis.stop();
  });

  describe('RedisRateLimiter', () => {
    it('rejects a hit instead of waiting while Redis is frozen, and counts again once it thaws', async () => {
      const limiter = new RedisRateLimiter(redis.url, prefix);
      try {
        expect((await limiter.hit('frozen', rule)).allowed).toBe(true);
        redis.freeze();
        await expect(limiter.hit('frozen', rule)).rejects.toThrow();
        // Later hits fail too (the frozen connection is given up, nothing queues behind it).
        await expect(limiter.hit('frozen', rule)).rejects.toThrow();
        await expect(limiter.peek('frozen', rule)).rejects.toThrow();
        redis.thaw();
        await eventually('a hit answered after the thaw', async () => (await limiter.peek('frozen', rule)) !== null);
        // Counting in Redis again (whether the timed-out hits were counted there is up to Redis).
        expect((await limiter.hit('after-thaw', rule)).allowed).toBe(true);
        await raw.connect().catch(() => {});
        expect(await raw.get(`${prefix}after-thaw`)).toBe('1');
      } finally {
        await limiter.close();
      }
    });

    it('peek reports what the next hit would get without counting it', async () => {
      const limiter = new RedisRateLimiter(redis.url, prefix);
      try {
        expect(await limiter.peek('peeked', rule)).toEqual({ allowed: true, retryAfterSeconds: 0 });
        await limiter.hit('peeked', rule);
        expect((await limiter.peek('peeked', rule)).allowed).toBe(true);
        await limiter.hit('peeked', rule);
        const full = await limiter.peek('peeked', rule);
        expect(full.allowed).toBe(false);
        expect(full.retryAfterSeconds).toBeGreaterThan(55);
        // Peeking did not count: the key holds the two hits.
        await raw.connect().catch(() => {});
        expect(await raw.get(`${prefix}peeked`)).toBe('2');
      } finally {
        await limiter.close();
      }
    });
  });

  describe('FallbackRateLimiter (fail-open to the instance\'s own limits)', () => {
    function limiter(events: string[]) {
      return new FallbackRateLimiter(new RedisRateLimiter(redis.url, prefix), new MemoryRateLimiter(), {
        degraded: (e) => events.push(`degraded: ${e.message}`),
        recovered: () => events.push('recovered'),
      });
    }

    it.each([
      ['frozen', async () => redis.freeze(), async () => redis.thaw()],
      ['killed', () => redis.kill(), () => redis.restart()],
    ])('while Redis is %s, decides with local limits that still refuse, then shares again once Redis is back', async (_how, breakIt, repair) => {
      const events: string[] = [];
      const a = limiter(events);
      const key = `fallback-${randomBytes(4).toString('hex')}`;
      try {
        expect((await a.hit(key, rule)).allowed).toBe(true);
        await breakIt();
        // The local windows start empty: two hits allowed, the third refused, all answered.
        expect((await a.hit(key, rule)).allowed).toBe(true);
        expect((await a.hit(key, rule)).allowed).toBe(true);
        const refused = await a.hit(key, rule);
        expect(refused).toEqual({ allowed: false, retryAfterSeconds: expect.any(Number) });
        expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
        expect((await a.peek(key, rule)).allowed).toBe(false);
        expect(a.isDegraded).toBe(true);
        // One report per outage, not one per hit.
        expect(events).toEqual([expect.stringMatching(/^degraded: /)]);

        await repair();
        const fresh = `after-${randomBytes(4).toString('hex')}`;
        await eventually('Redis deciding again', async () => {
          await a.hit(fresh, rule);
          return !a.isDegraded;
        });
        expect(events[events.length - 1]).toBe('recovered');
        // Shared again: a second instance sees this one's hits in Redis.
        const b = limiter([]);
        try {
          await b.hit(fresh, rule);
          expect((await b.hit(fresh, rule)).allowed).toBe(false);
        } finally {
          await b.close();
        }
      } finally {
        await a.close();
      }
    });
  });

  describe('RedisCommentEvents', () => {
    it('publishes without blocking or throwing while Redis is frozen, reports the loss, and delivers again after the thaw', async () => {
      const channel = `${prefix}events-frozen`;
      const errors: string[] = [];
      const publisher = new RedisCommentEvents(redis.url, (m) => errors.push(m), channel);
      const listener = new RedisCommentEvents(redis.url, () => {}, channel);
      try {
        await Promise.all([publisher.ready, listener.ready]);
        const live = listener.approvedOn(1);
        publisher.publishApproved(comment(1, 1));
        expect((await live.next()).value).toMatchObject({ id: 1, articleId: 1 });

        redis.freeze();
        publisher.publishApproved(comment(2, 1));
        await eventually('the lost approval reported', async () => errors.some((m) => m.startsWith('comment events: approval 2 not published')));
        // Closing a client of a frozen Redis does not wait on it either.
        const closing = new RedisCommentEvents(redis.url, () => {}, channel);
        await closing.close();

        redis.thaw();
        await deliveredAgain(publisher, live, 1);
        await live.return!();
      } finally {
        await publisher.close();
        await listener.close();
      }
    });

    it('re-subscribes after Redis is killed and restarted, and ignores a malformed message without crashing', async () => {
      const channel = `${prefix}events-killed`;
      const errors: string[] = [];
      const events = new RedisCommentEvents(redis.url, (m) => errors.push(m), channel);
      try {
        await events.ready;
        const live = events.approvedOn(5);
        await redis.kill();
        events.publishApproved(comment(50, 5));
        await eventually('the lost approval reported', async () => errors.some((m) => m.startsWith('comment events: approval 50 not published')));
        await redis.restart();
        await raw.connect().catch(() => {});
        await eventually('the subscriber back on the channel', async () => {
          const [, subscribers] = (await raw.pubsub('NUMSUB', channel)) as [string, number];
          return Number(subscribers) === 1;
        });
        await raw.publish(channel, 'not json');
        await eventually('the malformed message reported', async () => errors.some((m) => m.includes('is not JSON')));
        await deliveredAgain(events, live, 5);
        await live.return!();
      } finally {
        await events.close();
      }
    });
  });
});
