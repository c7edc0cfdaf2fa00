import { decodeGlobalId } from '../../src/schema/global-id';
import { demoVariables } from '../../src/services/demo-variables';
import { generateDataset } from '../../src/services/synthetic/generate';
import { loadDataset } from '../../src/services/synthetic/load';
import { createTestDatabase, type TestDatabase } from '../support/database';

/** GraphiQL's opening tabs: variables that work on whatever the database holds. */
describe('demo variables', () => {
  let seeded: TestDatabase;
  let synthetic: TestDatabase;
  beforeAll(async () => {
    [seeded, synthetic] = await Promise.all([createTestDatabase({ seed: true }), createTestDatabase()]);
    await loadDataset(synthetic.dataSource, generateDataset({ seed: 5, articles: 400, people: 60, organizations: 10, places: 10, events: 100 }));
  });
  afterAll(() => Promise.all([seeded?.drop(), synthetic?.drop()]));

  const personSlug = async (db: TestDatabase, globalId: string) =>
    (await db.dataSource.query(`SELECT slug FROM entity WHERE id = $1`, [decodeGlobalId(globalId)!.id]))[0].slug;

  it("use the seed article's people when they are there", async () => {
    const v = (await demoVariables(seeded.dataSource)) as Record<string, Record<string, string>>;
    expect(v['who-met-whom'].slug).toBe('abdellatif-hammouchi');
    expect(await personSlug(seeded, v.path.from)).toBe('francisca-bostyn');
    expect(await personSlug(seeded, v.path.to)).toBe('eric-snoek');
  });

  it('otherwise the most mentioned people, most mentioned first', async () => {
    const v = (await demoVariables(synthetic.dataSource)) as Record<string, Record<string, string>>;
    const expected: { slug: string }[] = await synthetic.dataSource.query(
      `SELECT e.slug FROM entity e WHERE e.kind = 'person' AND e.merged_into_id IS NULL
        ORDER BY (SELECT count(*) FROM article_entity ae WHERE ae.entity_id = e.id) DESC, e.id LIMIT 3`,
    );
    expect([v['who-met-whom'].slug, await personSlug(synthetic, v.path.from), await personSlug(synthetic, v.path.to)]).toEqual(expected.map((e) => e.slug));
    const [newest] = await synthetic.dataSource.query(`SELECT slug FROM article ORDER BY published_at DESC, id DESC LIMIT 1`);
    expect(v['article-page'].slug).toBe(newest.slug);
  });
});
