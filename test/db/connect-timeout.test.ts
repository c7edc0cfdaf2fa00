import net from 'node:net';
import { createDataSource, type SessionLimits } from '../../src/db/data-source';
import { databaseFailure } from '../../src/db/failures';
import { countingDataSource } from '../../src/db/sql-counter';
import { adminUrl } from '../support/database';

/** A TCP hop to the test server that holds each new connection `delayMs` before passing it on: a server slow to start backends. */
async function slowToConnect(delayMs: number): Promise<{ url: string; accepted(): number; close(): Promise<void> }> {
  const upstream = new URL(adminUrl());
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const proxy = net.createServer((client) => {
    accepted++;
    sockets.add(client);
    client.pause();
    const timer = setTimeout(() => {
      const server = net.connect(Number(upstream.port || 5432), upstream.hostname, () => {
        client.pipe(server).pipe(client);
        client.resume();
      });
      sockets.add(server);
      server.on('error', () => client.destroy());
      client.on('close', () => server.destroy());
    }, delayMs);
    client.on('error', () => {});
    client.on('close', () => clearTimeout(timer));
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const url = new URL(adminUrl());
  url.port = String((proxy.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    accepted: () => accepted,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      proxy.close(() => resolve());
    }),
  };
}

const limits = (connectTimeoutMs: number): SessionLimits => ({
  statementTimeoutMs: 5000, idleInTransactionTimeoutMs: 5000, acquireTimeoutMs: 200, connectTimeoutMs,
});

describe('opening a connection on a serving pool', () => {
  let hop: Awaited<ReturnType<typeof slowToConnect>>;
  beforeAll(async () => {
    hop = await slowToConnect(700);
  });
  afterAll(() => hop.close());

  it('may take longer than the wait for a free connection: a slow backend start is not saturation', async () => {
    const ds = createDataSource({ url: hop.url, poolSize: 2, limits: limits(5000) });
    try {
      await ds.initialize(); // its first connection through the 700 ms hop
      const request = countingDataSource(ds, { statements: 0 }, undefined, { lane: 'cheap' });
      // Two at once: the second opens the pool's second connection, 700 ms where a free one is waited for 200.
      const answers = await Promise.all([1, 2].map((n) => request.query('SELECT $1::int AS n, pg_sleep(0.2)::text AS slept', [n])));
      expect(answers.map(([row]) => row.n)).toEqual([1, 2]);
      expect(hop.accepted()).toBe(2);
    } finally {
      if (ds.isInitialized) await ds.destroy();
    }
  });

  it('counts a server that takes longer than DB_CONNECT_TIMEOUT_MS as unreachable, not saturated', async () => {
    const ds = createDataSource({ url: hop.url, poolSize: 1, limits: limits(300) });
    try {
      const failure = await ds.initialize().then(() => null, (e: unknown) => e);
      expect(failure).toBeInstanceOf(Error);
      expect(databaseFailure(failure)).toBe('unavailable');
    } finally {
      if (ds.isInitialized) await ds.destroy();
    }
  });
});
