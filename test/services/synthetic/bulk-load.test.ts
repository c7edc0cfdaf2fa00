import { generateDataset, generateInBatches } from '../../../src/services/synthetic/generate';
import { DatabaseNotEmptyError, loadDataset, loadFreshDataset } from '../../../src/services/synthetic/load';
import { createTestDatabase, type TestDatabase } from '../../support/database';

const SMALL = { seed: 11, articles: 240, people: 90, organizations: 20, places: 15, events: 120 };

/** What a load leaves besides the rows: the summaries triggers keep, indexes, triggers' state. */
async function state(db: TestDatabase) {
  const q = (sql: string) => db.dataSource.query(sql);
  return {
    counts: await q(`SELECT (SELECT count(*)::int FROM article) AS articles, (SELECT count(*)::int FROM mention) AS mentions,
      (SELECT count(*)::int FROM comment) AS comments, (SELECT count(*)::int FROM article_entity) AS tags`),
    total: await q(`SELECT total::int FROM article_total`),
    prominence: await q(`SELECT entity_id, articles FROM entity_prominence WHERE articles > 0 ORDER BY entity_id`),
    relations: await q(`SELECT src, dst, kind, weight, first_seen::text, last_seen::text FROM relation_summary ORDER BY src, kind, dst`),
    facets: await q(`SELECT facet, value, articles FROM article_facet_count WHERE articles > 0 ORDER BY facet, value`),
    indexes: await q(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname`),
    constraints: await q(`SELECT conrelid::regclass::text AS table, conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint
      WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`),
    disabledTriggers: await q(`SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D'`),
    search: await q(`SELECT id FROM article WHERE search_vector @@ plainto_tsquery('simple', 'cooperation') ORDER BY id`),
  };
}

describe('the bulk synthetic loader', () => {
  let plain: TestDatabase;
  let bulk: TestDatabase;
  let parallel: TestDatabase;
  beforeAll(async () => {
    [plain, bulk, parallel] = await Promise.all([createTestDatabase(), createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([plain?.drop(), bulk?.drop(), parallel?.drop()]);
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
    const [a, b, c] = [await state(plain), await state(bulk), await state(parallel)];
    expect(b.counts).toEqual(a.counts);
    expect(b.counts[0].articles).toBe(SMALL.articles);
    expect(b.relations.length).toBeGreaterThan(100);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
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

  it('refuses a database that holds articles, and writes nothing', async () => {
    await expect(loadFreshDataset(bulk.dataSource, generateInBatches({ ...SMALL, seed: 12 }))).rejects.toThrow(DatabaseNotEmptyError);
    const [{ count }] = await bulk.dataSource.query(`SELECT count(*)::int AS count FROM article`);
    expect(count).toBe(SMALL.articles);
  });
});
