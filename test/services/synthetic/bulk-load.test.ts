import { encodeBatch, type CsvPart } from '../../../src/services/synthetic/csv';
import { generateDataset, generateInBatches } from '../../../src/services/synthetic/generate';
import { generateInWorker } from '../../../src/services/synthetic/generate-in-worker';
import { DatabaseNotEmptyError, loadDataset, loadFreshDataset } from '../../../src/services/synthetic/load';
import { createTestDatabase, type TestDatabase } from '../../support/database';

const SMALL = { seed: 11, articles: 240, people: 90, organizations: 20, places: 15, events: 120 };
const LOADED = ['source', 'topic', 'entity', 'article', 'affiliation', 'mention', 'article_entity', 'article_topic', 'event', 'event_participant', 'event_source', 'comment'];

const snake = (key: string) => key.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);

/** One plain INSERT of `rows` (the dataset's shapes) into `table`, its triggers on, as the service's writes are. */
async function insertRows(db: TestDatabase, table: string, rows: object[]): Promise<void> {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]).map(snake).map((c) => (c === 'end' ? '"end"' : c)).join(', ');
  const json = rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [snake(k), v])));
  await db.dataSource.query(`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM jsonb_populate_recordset(NULL::${table}, $1)`, [JSON.stringify(json)]);
}

/** What a load leaves besides the rows: the summaries triggers keep, indexes, triggers' state. */
async function state(db: TestDatabase) {
  const q = (sql: string) => db.dataSource.query(sql);
  return {
    counts: await q(`SELECT (SELECT count(*)::int FROM article) AS articles, (SELECT count(*)::int FROM mention) AS mentions,
      (SELECT count(*)::int FROM comment) AS comments, (SELECT count(*)::int FROM article_entity) AS tags`),
    total: await q(`SELECT total::int FROM article_total`),
    prominence: await q(`SELECT entity_id, articles FROM entity_prominence WHERE articles > 0 ORDER BY entity_id`),
    eventCounts: await q(`SELECT entity_id, events FROM entity_event_count WHERE events > 0 ORDER BY entity_id`),
    relations: await q(`SELECT src, dst, kind, weight, first_seen::text, last_seen::text, confirmed FROM relation_summary ORDER BY src, kind, dst`),
    facets: await q(`SELECT facet, value, articles FROM article_facet_count WHERE articles > 0 ORDER BY facet, value`),
    entityDays: await q(`SELECT entity_id, day::text, articles FROM entity_day_count WHERE articles > 0 ORDER BY 1, 2`),
    archiveDays: await q(`SELECT day::text, articles FROM article_day_count WHERE articles > 0 ORDER BY 1`),
    namePairs: await q(`SELECT entity_id, first_word, second_word, articles FROM entity_name_pair ORDER BY 1, 2, 3`),
    indexes: await q(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname`),
    constraints: await q(`SELECT conrelid::regclass::text AS table, conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint
      WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`),
    disabledTriggers: await q(`SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D'`),
    storageOptions: await q(`SELECT relname, reloptions FROM pg_class WHERE relnamespace = 'public'::regnamespace AND reloptions IS NOT NULL ORDER BY relname`),
    search: await q(`SELECT id FROM article WHERE search_vector @@ plainto_tsquery('simple', 'cooperation') ORDER BY id`),
    // Every loaded row, generated columns included (but not the instant it was written), as one digest per table.
    rows: await q(LOADED.map((t) => `SELECT '${t}' AS table, count(*)::int AS n, md5(string_agg(x, '|' ORDER BY x)) AS digest
      FROM (SELECT (to_jsonb(r) - ${t === 'comment' ? "'-'" : "ARRAY['created_at', 'updated_at']"})::text AS x FROM ${t} r) r`).join(' UNION ALL ')),
  };
}

describe('the bulk synthetic loader', () => {
  let plain: TestDatabase;
  let bulk: TestDatabase;
  let parallel: TestDatabase;
  let threaded: TestDatabase;
  let triggered: TestDatabase;
  beforeAll(async () => {
    [plain, bulk, parallel, threaded, triggered] = await Promise.all([createTestDatabase(), createTestDatabase(), createTestDatabase(), createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([plain?.drop(), bulk?.drop(), parallel?.drop(), threaded?.drop(), triggered?.drop()]);
  });

  it('generates in batches exactly the rows generateDataset builds, in order', () => {
    const whole = generateDataset(SMALL);
    const parts = [...generateInBatches(SMALL, 50)];
    expect(parts).toHaveLength(1 + Math.ceil(SMALL.articles / 50));
    expect(parts.flatMap((p) => p.articles)).toEqual(whole.articles);
    expect(parts.flatMap((p) => p.comments)).toEqual(whole.comments);
    expect(parts.flatMap((p) => p.eventSources)).toEqual(whole.eventSources);
    expect(parts[0].entities).toEqual(whole.entities);
  });

  it('leaves what the plain loader leaves: rows, summaries, indexes, triggers on', async () => {
    const before = await state(bulk);
    await loadDataset(plain.dataSource, generateDataset(SMALL));
    const steps: string[] = [];
    await loadFreshDataset(bulk.dataSource, generateInBatches(SMALL, 60), { onProgress: (step) => steps.push(step) });
    await loadFreshDataset(parallel.dataSource, generateInBatches(SMALL, 70), { parallel: true });
    // Generated in a worker thread, as the scale suite loads: the same rows.
    await loadFreshDataset(threaded.dataSource, generateInWorker(SMALL, 90), { parallel: true });
    const [a, b, c, d] = [await state(plain), await state(bulk), await state(parallel), await state(threaded)];
    expect(b.counts).toEqual(a.counts);
    expect(b.counts[0].articles).toBe(SMALL.articles);
    expect(b.relations.length).toBeGreaterThan(100);
    expect(b.namePairs.length).toBeGreaterThan(SMALL.people);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(d).toEqual(a);
    expect(b.indexes).toEqual(before.indexes);
    expect(b.constraints).toEqual(before.constraints);
    expect(b.disabledTriggers).toEqual([]);
    expect(steps).toEqual(expect.arrayContaining(['article', 'index article_search_idx', 'vacuum analyze']));
    // The triggers work again: a new tag counts.
    await bulk.dataSource.query(`INSERT INTO article_entity (article_id, entity_id, mentions, first_start, published_at)
      SELECT 1, e.id, 1, 0, now() FROM entity e WHERE NOT EXISTS (SELECT 1 FROM article_entity x WHERE x.article_id = 1 AND x.entity_id = e.id) LIMIT 1`);
    const [{ total }] = await bulk.dataSource.query(`SELECT sum(articles)::int AS total FROM entity_prominence`);
    expect(total).toBe(b.counts[0].tags + 1);
  });

  it('generates in a worker thread the batches generateInBatches makes, as COPY data, and fails when the thread does', async () => {
    const threadedParts: CsvPart[][] = [];
    for await (const parts of generateInWorker(SMALL, 50)) threadedParts.push(parts);
    expect(threadedParts).toEqual([...generateInBatches(SMALL, 50)].map((batch) => encodeBatch(batch, 2)));
    expect(threadedParts[1].filter((p) => p.table === 'article')).toHaveLength(2);
    // A thread that fails (articles with no entity to mention) fails the iteration instead of hanging it.
    await expect((async () => {
      for await (const parts of generateInWorker({ ...SMALL, people: 0, organizations: 0, places: 0 }, 50)) void parts;
    })()).rejects.toThrow(/synthetic generator: TypeError/);
  });

  it('refuses a database that holds articles, and writes nothing', async () => {
    await expect(loadFreshDataset(bulk.dataSource, generateInBatches({ ...SMALL, seed: 12 }))).rejects.toThrow(DatabaseNotEmptyError);
    const [{ count }] = await bulk.dataSource.query(`SELECT count(*)::int AS count FROM article`);
    expect(count).toBe(SMALL.articles);
  });

  it('computes the summaries the triggers keep as they do when each article is written on its own, and the weekly search vectors as before', async () => {
    const d = generateDataset(SMALL);
    // The service's way: statement by statement, every trigger on; an event with its cast, an article with its rows.
    for (const [table, rows] of [['source', d.sources], ['topic', d.topics], ['entity', d.entities], ['affiliation', d.affiliations]] as const) {
      await insertRows(triggered, table, rows);
    }
    for (const event of d.events) {
      await insertRows(triggered, 'event', [event]);
      await insertRows(triggered, 'event_participant', d.participants.filter((p) => p.eventId === event.id));
    }
    for (const article of d.articles) {
      const of = <T extends { articleId: number }>(rows: T[]) => rows.filter((r) => r.articleId === article.id);
      await insertRows(triggered, 'article', [article]);
      for (const [table, rows] of [['mention', of(d.mentions)], ['article_entity', of(d.articleEntities)], ['article_topic', of(d.articleTopics)],
        ['event_source', of(d.eventSources)], ['comment', of(d.comments)]] as const) await insertRows(triggered, table, rows);
    }
    const fresh = await createTestDatabase();
    try {
      await loadFreshDataset(fresh.dataSource, generateInBatches(SMALL, 80), { parallel: true });
      const [a, b] = [await state(triggered), await state(fresh)];
      expect(b.rows).toEqual(a.rows);
      expect(b.relations.length).toBeGreaterThan(100);
    expect(b.namePairs.length).toBeGreaterThan(SMALL.people);
      expect(b.relations).toEqual(a.relations);
      expect(b.prominence).toEqual(a.prominence);
      expect(b.eventCounts).toEqual(a.eventCounts);
      expect(b.eventCounts.length).toBeGreaterThan(SMALL.people / 2);
      expect(b.facets).toEqual(a.facets);
      expect(b.total).toEqual(a.total);
      // The weekly search index's vectors (migration WeeklySearchVectorPlain) equal what the
      // regular expressions of migration SearchRanking made, article by article.
      const [{ differ, articles }] = await fresh.dataSource.query(`
        SELECT count(*) FILTER (WHERE news_search_weekly(search_vector, published_at) IS DISTINCT FROM
          (regexp_replace(strip(search_vector)::text, '''( |$)', '@' || w || '''\\1', 'g') || ' ' ||
           regexp_replace(strip(ts_filter(search_vector, '{a}'))::text, '''( |$)', '@t' || w || '''\\1', 'g'))::tsvector)::int AS differ,
          count(*)::int AS articles
        FROM article, LATERAL (SELECT floor(extract(epoch FROM published_at) / 604800)::integer AS w) x`);
      expect({ differ, articles }).toEqual({ differ: 0, articles: SMALL.articles });
    } finally {
      await fresh.drop();
    }
  });
});
