import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';

/**
 * The Redis server jest's global setup found (TEST_REDIS_URL), or none. Tests that need a
 * real Redis use `describeWithRedis`: skipped on a machine without one, never in CI
 * (.ci/run sets REQUIRE_REDIS=1, which fails the run instead).
 */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? '';

export const describeWithRedis: jest.Describe = REDIS_URL ? describe : describe.skip;

/**
 * That Redis may be the machine's own, used by others: every key and channel a test uses is
 * under this run's prefix (global-setup.mjs), then the test's own, and is deleted after.
 */
export const TEST_REDIS_RUN_PREFIX = process.env.TEST_REDIS_PREFIX || 'entity-news-test:';

/** A prefix no other test (or run) shares: give it to the service as REDIS_PREFIX, or to a limiter. */
export function testRedisPrefix(name: string): string {
  return `${TEST_REDIS_RUN_PREFIX}${name}:${randomBytes(4).toString('hex')}:`;
}

/** Deletes every key under `prefix` (SCAN, never KEYS: the server may be busy with others' work). */
export async function deleteRedisKeys(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    await redis.connect();
    // A prefix is matched literally: glob characters in it are escaped.
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
