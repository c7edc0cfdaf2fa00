import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { runIngest } from '../../src/cli/ingest';
import { migrations } from '../../src/db/migrations';
import { ADD_COMMENT, insertArticle, MODERATE_COMMENT, uniqueEmail } from '../support/comments';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { deleteRedisKeys, describeWithRedis, REDIS_URL, testRedisPrefix } from '../support/redis';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';
import { createTestToken } from '../support/tokens';

/**
 * Issue 22: two service instances (separate processes, as on two machines) sharing one
 * PostgreSQL and one Redis behave as one. Both start at once on an empty database.
 */

function post(base: string, query: string, variables: object, headers: Record<string, string> = {}): Promise<any> {
  const url = new URL('/graphql', base);
  const payload = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve(JSON.parse(text)));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const logLines = (service: ServiceProcess) => service.stdout().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));

describeWithRedis('two instances sharing one PostgreSQL and one Redis', () => {
  let db: TestDatabase;
  let instances: ServiceProcess[];
  let bases: string[];
  const prefix = testRedisPrefix('instances');
  const clients: Client[] = [];

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    const env = { DATABASE_URL: db.url, REDIS_URL, REDIS_PREFIX: prefix, WORKERS: '1', DB_POOL_SIZE: '4', COMMENT_RATE_PER_ADDRESS: '3', COMMENT_RATE_PER_EMAIL: '1000',
      // The seed links its article inside its transaction: on this shared 2-core machine that
      // took over the default 10 s once, and PostgreSQL ended the transaction.
      IDLE_IN_TRANSACTION_TIMEOUT_MS: '60000' };
    // At once, on a database with no table yet.
    instances = [startServiceProcess(env), startServiceProcess(env)];
    bases = await Promise.all(instances.map((i) => i.ready));
  }, 120_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    for (const instance of instances ?? []) if (instance.child.exitCode === null) instance.child.kill('SIGKILL');
    await db?.drop();
    await deleteRedisKeys(REDIS_URL, prefix);
  });

  it('applied the migrations once and loaded the seed once, the two starting at once', async () => {
    const applied = instances.map((i) => logLines(i).find((l) => l.msg === 'migrations applied')?.migrations ?? []);
    // One instance applied them all; the other, waiting on the lock, found none pending.
    expect(applied.map((a: string[]) => a.length).sort((x, y) => x - y)).toEqual([0, migrations.length]);
    const [{ n, distinct }] = await db.dataSource.query(`SELECT count(*)::int AS n, count(DISTINCT name)::int AS distinct FROM schema_migrations`);
    expect({ n, distinct }).toEqual({ n: migrations.length, distinct: migrations.length });
    expect(instances.filter((i) => logLines(i).some((l) => l.msg === 'seed article loaded'))).toHaveLength(1);
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM article`)).toEqual([{ n: 1 }]);
  });

  it('holds one comment rate limit across both', async () => {
    const article = await insertArticle(db.dataSource);
    const outcomes = [];
    for (let n = 0; n < 5; n++) {
      const res = await post(bases[n % 2], ADD_COMMENT, { input: { articleId: article.globalId, authorName: `Reader ${n}`, email: uniqueEmail(), body: `Comment ${n}` } });
      outcomes.push(res.data.addComment.userErrors[0]?.code ?? 'ok');
    }
    // Counted per instance, the 4th (the second instance's 2nd) would pass.
    expect(outcomes).toEqual(['ok', 'ok', 'ok', 'RATE_LIMITED', 'RATE_LIMITED']);
  });

  it('delivers a comment approved on either instance to subscribers on both', async () => {
    const article = await insertArticle(db.dataSource);
    const moderator = (await createTestToken(db.dataSource, 'moderator')).headers;
    const received: string[][] = [[], []];
    await Promise.all(bases.map((base, i) => new Promise<void>((ready) => {
      const client = createClient({ url: `${base.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, onNonLazyError: () => {} });
      clients.push(client);
      client.on('connected', () => ready());
      client.subscribe(
        { query: 'subscription ($articleId: ID!) { commentAdded(articleId: $articleId) { body } }', variables: { articleId: article.globalId } },
        { next: (e: any) => received[i].push(e.data.commentAdded.body), error: () => {}, complete: () => {} },
      );
    })));
    await new Promise((r) => setTimeout(r, 300)); // graphql-ws subscribes right after the acknowledgement
    for (const [i, body] of ['approved on the first', 'approved on the second'].entries()) {
      const [{ id }] = await db.dataSource.query(`INSERT INTO comment (article_id, author_name, email, body, status) VALUES ($1, 'Reader', $2, $3, 'pending') RETURNING id`, [article.id, uniqueEmail(), body]);
      const res = await post(bases[i], MODERATE_COMMENT, { id: Buffer.from(`Comment:${id}`).toString('base64url'), action: 'APPROVE' }, moderator);
      expect(res.data.moderateComment.userErrors).toEqual([]);
    }
    const deadline = Date.now() + 5000;
    while (received.some((r) => r.length < 2) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(received.map((r) => [...r].sort())).toEqual([['approved on the first', 'approved on the second'], ['approved on the first', 'approved on the second']]);
  });

  it('runs each queued job once, whichever instance takes it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instances-ingest-'));
    try {
      const lines = Array.from({ length: 200 }, (_, i) => JSON.stringify({ title: `Dépêche ${i}`, body: `Eric Snoek et la DGSN, dépêche numéro ${i}.`, url: `https://wire.example/${i}` }));
      fs.writeFileSync(path.join(dir, 'wire.jsonl'), lines.join('\n'));
      const sink = new Writable({ write: (_c, _e, done) => done() });
      expect(await runIngest(['--enqueue', dir], { env: { DATABASE_URL: db.url }, stdout: sink, stderr: sink })).toBe(0);
      const [{ id }] = await db.dataSource.query(`SELECT id FROM background_job ORDER BY id DESC LIMIT 1`);
      let job: any;
      for (let i = 0; i < 300 && job?.state !== 'done'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        [job] = await db.dataSource.query(`SELECT state, done, total, created, unchanged FROM background_job WHERE id = $1`, [id]);
      }
      // A batch run twice would count its records again (done over total) or find them unchanged.
      expect(job).toMatchObject({ state: 'done', done: 200, total: 200, created: 200, unchanged: 0 });
      expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM article WHERE title LIKE 'Dépêche %'`)).toEqual([{ n: 200 }]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
