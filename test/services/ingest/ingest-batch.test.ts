import { Client } from 'pg';
import { ingestArticle } from '../../../src/services/ingest/ingest-article';
import { ingestBatch } from '../../../src/services/jobs/ingest-batch';
import { createJob, jobById } from '../../../src/services/jobs/job-store';
import { ensureQueue } from '../../../src/services/jobs/queue';
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

describe('a bulk batch', () => {
  it('proposes names only the headline gives, with the headline as their sentence; none from a headline-case title', async () => {
    const job = await createJob(db.dataSource, { kind: 'ingest', total: 2 });
    await ingestBatch(db.dataSource, {
      jobId: job.id,
      records: [
        { record: 'titles.jsonl:1', input: { title: 'Ignacio Cosidó reçu à Rabat par la DGSN', body: 'La coopération a été évoquée. Ignacio Cosidó a salué le travail commun.', url: 'https://wire.example/t1' } },
        { record: 'titles.jsonl:2', input: { title: 'Rencontre avec Ignacio Cosidó', body: 'Abdellatif Hammouchi a rencontré Marta Llorente à Rabat.', url: 'https://wire.example/t2' } },
        { record: 'titles.jsonl:3', input: { title: 'Minister Meets Police Chief Teodoro Blasco In Rabat', body: 'Abdellatif Hammouchi received the delegation.', url: 'https://wire.example/t3' } },
      ],
    });
    const rows = await q(`SELECT a.url, c.text, c.kind, c.occurrences, c.context FROM article_candidate c JOIN article a ON a.id = c.article_id
      WHERE a.url LIKE 'https://wire.example/t%' ORDER BY a.url, c.text`);
    expect(rows).toEqual([
      // In the title and the body: one candidate, both counted, the body's sentence.
      { url: 'https://wire.example/t1', text: 'Ignacio Cosidó', kind: 'person', occurrences: 2, context: 'Ignacio Cosidó a salué le travail commun.' },
      // Only in the title: the title is its sentence.
      { url: 'https://wire.example/t1', text: 'Rabat', kind: 'place', occurrences: 1, context: 'Ignacio Cosidó reçu à Rabat par la DGSN' },
      { url: 'https://wire.example/t2', text: 'Ignacio Cosidó', kind: 'person', occurrences: 1, context: 'Rencontre avec Ignacio Cosidó' },
      { url: 'https://wire.example/t2', text: 'Marta Llorente', kind: 'person', occurrences: 1, context: 'Abdellatif Hammouchi a rencontré Marta Llorente à Rabat.' },
      { url: 'https://wire.example/t2', text: 'Rabat', kind: 'place', occurrences: 1, context: 'Abdellatif Hammouchi a rencontré Marta Llorente à Rabat.' },
    ]);
  });

  it('queues one alert job for all the articles of its transaction, and keeps relation_summary exact', async () => {
    await ensureQueue(db.url);
    const queued = () => q(`SELECT j.payload FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
      WHERE t.identifier = 'alert_articles' ORDER BY j.id`);
    const before = (await queued()).length;
    const job = await createJob(db.dataSource, { kind: 'ingest', total: 25 });
    // 25 new articles: three insert statements in one transaction.
    const records = Array.from({ length: 25 }, (_, i) => ({
      record: `alerts.jsonl:${i + 1}`,
      input: { title: `Coopération ${i + 1}`, body: `Abdellatif Hammouchi et Eric Snoek ont signé l'accord numéro ${i + 1} à Rabat.`, url: `https://alerts.example/${i + 1}` },
    }));
    await ingestBatch(db.dataSource, { jobId: job.id, records });
    const jobs = (await queued()).slice(before);
    expect(jobs).toHaveLength(1);
    const ids = await q(`SELECT id FROM article WHERE url LIKE 'https://alerts.example/%' ORDER BY id`);
    expect(jobs[0].payload.flatMap((p: { articleIds: number[] }) => p.articleIds)).toEqual(ids.map((r: { id: number }) => r.id));
    const pairs = (sql: string) => q(`${sql} ORDER BY 1, 2`);
    expect(await pairs(`SELECT src, dst, weight, first_seen, last_seen FROM relation_summary WHERE kind = 'CO_MENTIONED'`)).toEqual(await pairs(`
      SELECT a.entity_id AS src, b.entity_id AS dst, count(*)::int AS weight, min((a.published_at AT TIME ZONE 'UTC')::date) AS first_seen, max((a.published_at AT TIME ZONE 'UTC')::date) AS last_seen
        FROM article_entity a JOIN article_entity b ON b.article_id = a.article_id AND b.entity_id <> a.entity_id GROUP BY 1, 2`));
  });
});
