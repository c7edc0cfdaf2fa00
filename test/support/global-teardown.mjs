import fs from 'node:fs';

/** Whatever this run's tests left in the shared Redis (each test cleans its own; this is the backstop). */
async function cleanRedis() {
  const url = process.env.TEST_REDIS_URL;
  const prefix = process.env.TEST_REDIS_PREFIX;
  if (!url || !prefix) return;
  const { default: Redis } = await import('ioredis');
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } catch (e) {
    console.warn(`note: could not clean this run's Redis keys (${prefix}*): ${e.message}`);
  } finally {
    redis.disconnect();
  }
}

export default async function globalTeardown() {
  await cleanRedis();
  const embedded = globalThis.__EMBEDDED_PG__;
  if (!embedded) return;
  await embedded.pg.stop();
  fs.rmSync(embedded.dir, { recursive: true, force: true });
}
