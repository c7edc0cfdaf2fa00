import { Client } from 'pg';
import { ingestArticle } from '../../../src/services/ingest/ingest-article';
import { ingestBatch } from '../../../src/services/jobs/ingest-batch';
import { createJob, jobById } from '../../../src/services/jobs/job-store';
import { createTestDatabase, type TestDatabase } from '../../support/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ seed: true });
});
afterAll(() => db.drop());

const q = (sql: string, params: unknown[] = []) => db.dataSource.query(sql, params);
const record = (n: number, extra: Record<string, string> = {}) => ({
  record: `feed.jsonl:${n}`,
  input: { title: `Dépêche ${n}`, body: `Abdellatif Hammouchi a reçu la dépêche numéro ${n} au Maroc.`, url: `https://wire.example/${n}`, ...extra },
});

describe('storing articles concurrently', () => {
  it('stores the same text sent twice at once only once: one created, one unchanged', async () => {
    const input = { title: 'Deux fois', body: 'Eric Snoek était en Belgique, deux fois.' };
    const results = await Promise.all([ingestArticle(db.dataSource, input), ingestArticle(db.dataSource, input)]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['created', 'unchanged']);
    expect(results[0].article!.id).toBe(results[1].article!.id);
    expect(await q(`SELECT count(*)::int AS n FROM article WHERE title = 'Deux fois'`)).toEqual([{ n: 1 }]);
  });

  it('falls back to one transaction per record when the batch transaction fails, losing no good record', async () => {
    // Another loader holds an uncommitted insert of record 3's URL: the batch waits for it,
    // then hits the unique URL and rolls back; each record is then stored on its own.
    const other = new Client({ connectionString: db.url });
    await other.connect();
    await other.query('BEGIN');
    await other.query(
      `INSERT INTO article (slug, title, body, language, published_at, url, content_hash)
       VALUES ('autre', 'Autre', 'Autre texte', 'fr', now(), 'https://wire.example/3', 'other-hash')`,
    );
    const job = await createJob(db.dataSource, { kind: 'ingest', total: 5 });
    const batch = ingestBatch(db.dataSource, {
      jobId: job.id,
      records: [record(1), record(2), record(3), record(4, { url: 'nope' }), record(5)],
    });
    await new Promise((r) => setTimeout(r, 300));
    await other.query('COMMIT');
    await other.end();
    await batch;

    const done = (await jobById(db.dataSource, job.id))!;
    expect(done).toMatchObject({ state: 'done', done: 5, created: 3, updated: 1, unchanged: 0, failed: 1 });
    expect(done.failures).toEqual([{ record: 'feed.jsonl:4', reason: 'url: expected an absolute http(s) URL of at most 2000 characters, got "nope"' }]);
    const rows = await q(`SELECT url, title, (SELECT count(*)::int FROM mention m WHERE m.article_id = a.id) AS mentions
      FROM article a WHERE url LIKE 'https://wire.example/%' ORDER BY url`);
    expect(rows).toEqual([
      { url: 'https://wire.example/1', title: 'Dépêche 1', mentions: 2 },
      { url: 'https://wire.example/2', title: 'Dépêche 2', mentions: 2 },
      { url: 'https://wire.example/3', title: 'Dépêche 3', mentions: 2 },
      { url: 'https://wire.example/5', title: 'Dépêche 5', mentions: 2 },
    ]);
  });
});
