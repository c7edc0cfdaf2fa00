import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { runIngest } from '../../src/cli/ingest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startServiceProcess } from '../support/service-process';

let db: TestDatabase;
let dir: string;

const sink = () => new Writable({ write: (_c, _e, done) => done() });

beforeAll(async () => {
  db = await createTestDatabase({ seed: true });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-enqueue-'));
  const lines = Array.from({ length: 120 }, (_, i) =>
    JSON.stringify({ title: `Brève ${i}`, body: `Eric Snoek et la DGSN, brève numéro ${i}.`, url: `https://briefs.example/${i}` }));
  fs.writeFileSync(path.join(dir, 'briefs.jsonl'), lines.join('\n'));
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await db.drop();
});

it('queues a bulk load with --enqueue, and the running service works the queue, then stops cleanly', async () => {
  const code = await runIngest(['--enqueue', dir], { env: { DATABASE_URL: db.url }, stdout: sink(), stderr: sink() });
  expect(code).toBe(0);
  const [queued] = await db.dataSource.query(`SELECT id, state, done, total FROM background_job ORDER BY id DESC LIMIT 1`);
  expect(queued).toMatchObject({ state: 'queued', done: 0, total: 120 });
  expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM article WHERE title LIKE 'Brève %'`)).toEqual([{ n: 0 }]);

  const service = startServiceProcess({ DATABASE_URL: db.url, SEED_ON_EMPTY: 'false', LOG_LEVEL: 'warn' });
  try {
    await service.ready;
    let job = queued;
    for (let i = 0; i < 300 && job.state !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      [job] = await db.dataSource.query(`SELECT state, done, total, created FROM background_job WHERE id = $1`, [queued.id]);
    }
    expect(job).toMatchObject({ state: 'done', done: 120, total: 120, created: 120 });
    const [{ n }] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM mention m JOIN article a ON a.id = m.article_id WHERE a.title LIKE 'Brève %'`);
    expect(n).toBe(240);
  } finally {
    service.child.kill('SIGTERM');
  }
  expect(await service.exited).toBe(0);
});
