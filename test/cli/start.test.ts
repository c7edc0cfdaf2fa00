import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { isAlive, postmasterPid, postmasterPort, startServiceProcess } from '../support/service-process';

jest.setTimeout(120_000);

async function gql(base: string, query: string, variables?: object) {
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return res.json() as Promise<any>;
}

function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entity-news-start-'));
  fs.chmodSync(dir, 0o755);
  return path.join(dir, 'data');
}

/**
 * Sends the headers and part of a GraphQL request, then `stop()` (a signal), then the rest
 * of the body half a second later: the request is in flight when the service is told to stop.
 */
function requestAcrossStop(base: URL, stop: () => void): Promise<{ status: number; body: string }> {
  const body = JSON.stringify({ query: '{ articles { totalCount } }' });
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: base.hostname, port: base.port, path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      },
    );
    req.on('error', reject);
    req.write(body.slice(0, 10));
    setTimeout(() => {
      stop();
      setTimeout(() => req.end(body.slice(10)), 500);
    }, 200);
  });
}

describe('npm start with the embedded PostgreSQL', () => {
  const dataDir = tempDataDir();
  afterAll(() => fs.rmSync(path.dirname(dataDir), { recursive: true, force: true }));

  it('starts on a fresh data directory, seeds the article, and stops cleanly on SIGTERM', async () => {
    const service = startServiceProcess({ DATA_DIR: dataDir });
    const base = await service.ready;
    expect(service.stdout()).toContain(`GraphiQL: ${base}/graphiql`);
    expect((await fetch(`${base}/ready`)).status).toBe(200);
    const { data } = await gql(base, '{ articles(first: 5) { totalCount edges { node { title } } } }');
    expect(data.articles.totalCount).toBe(1);

    // A row written now must survive the restart below.
    const db = new Client({ connectionString: `postgres://postgres:entity-news@127.0.0.1:${postmasterPort(dataDir)}/news` });
    await db.connect();
    await db.query(`INSERT INTO topic (slug, label) VALUES ('restart-marker', 'Restart marker')`);
    // reads go through the server's own process, not I/O workers (PostgreSQL 18's default)
    expect((await db.query('SHOW io_method')).rows[0].io_method).toBe('sync');
    await db.end();

    const pgPid = postmasterPid(dataDir)!;
    expect(isAlive(pgPid)).toBe(true);
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    expect(isAlive(pgPid)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'service.lock'))).toBe(false);
  });

  it('restarts on the existing data directory with every row kept and the seed not loaded twice', async () => {
    const service = startServiceProcess({ DATA_DIR: dataDir });
    const base = await service.ready;
    try {
      const { data } = await gql(base, '{ topic(slug: "restart-marker") { label } articles { totalCount } }');
      expect(data).toEqual({ topic: { label: 'Restart marker' }, articles: { totalCount: 1 } });
      expect(service.stdout() + service.stderr()).not.toContain('seed article loaded');
    } finally {
      service.child.kill('SIGINT');
      expect(await service.exited).toBe(0);
    }
  });

  it('on Ctrl-C (SIGINT to the whole process group) finishes the request in flight, then stops PostgreSQL and exits 0', async () => {
    const service = startServiceProcess({ DATA_DIR: dataDir }, { processGroup: true });
    const base = new URL(await service.ready);
    const pgPid = postmasterPid(dataDir)!;
    const answered = await requestAcrossStop(base, () => process.kill(-service.child.pid!, 'SIGINT'));
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.body)).toEqual({ data: { articles: { totalCount: 1 } } });
    expect(await service.exited).toBe(0);
    expect(isAlive(pgPid)).toBe(false);
  });

  it('after the service was killed outright, the next start stops the PostgreSQL it left and starts cleanly', async () => {
    const killed = startServiceProcess({ DATA_DIR: dataDir });
    await killed.ready;
    const orphan = postmasterPid(dataDir)!;
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect(isAlive(orphan)).toBe(true);
    const service = startServiceProcess({ DATA_DIR: dataDir });
    const base = await service.ready;
    try {
      expect(isAlive(orphan)).toBe(false);
      expect((await fetch(`${base}/ready`)).status).toBe(200);
    } finally {
      service.child.kill('SIGTERM');
      expect(await service.exited).toBe(0);
    }
  });

  it('refuses a second instance on the same data directory with a clear message', async () => {
    const first = startServiceProcess({ DATA_DIR: dataDir });
    const base = await first.ready;
    try {
      const second = startServiceProcess({ DATA_DIR: dataDir });
      expect(await second.exited).toBe(1);
      expect(second.stderr()).toMatch(/^entity-news: the data directory .* is in use by another running instance \(pid \d+\)/);
      expect((await fetch(`${base}/ready`)).status).toBe(200);
    } finally {
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
    }
  });
});

describe('start-up with bad configuration', () => {
  it.each([
    [{ DATABASE_URL: 'nonsense' }, 2, /^entity-news: invalid configuration: DATABASE_URL: expected a URL/],
    [{ PORT: 'abc' }, 2, /^entity-news: invalid configuration: PORT: expected a whole number from 0 to 65535, got "abc"/],
    [{ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/news' }, 1, /^entity-news: DATABASE_URL: cannot connect to 127\.0\.0\.1:1\/news/],
  ])('%j ends with one clear line and exit code %i', async (env, code, message) => {
    const service = startServiceProcess(env);
    expect(await service.exited).toBe(code);
    const stderr = service.stderr();
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('shutdown with DATABASE_URL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('lets a request in flight finish, refuses new ones, and exits 0', async () => {
    const service = startServiceProcess({ DATABASE_URL: db.url });
    const base = new URL(await service.ready);
    const answered = await requestAcrossStop(base, () => service.child.kill('SIGTERM'));
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.body)).toEqual({ data: { articles: { totalCount: 1 } } });
    expect(await service.exited).toBe(0);
    await expect(fetch(`${base.origin}/health`)).rejects.toThrow();
  });
});
