import { SEARCH_WITH_MODE } from '../../../bench/search-labels';
import { NAME_CANDIDATES } from '../../../src/services/search/search';
import { inRolledBackTransaction } from '../../support/database';
import { startTestServer, type TestServer } from '../../support/server';

/** Namesakes of one last name, none mentioned in any article: more than the search ranks. */
const NAMESAKES = 3000;

let server: TestServer;
const ids: Record<string, number> = {};

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  const ds = server.db.dataSource;
  await ds.query(
    `INSERT INTO entity (kind, slug, name, aliases)
     SELECT 'person', 'namesake-' || i, 'Namesake' || i || ' Quintanilla', ARRAY['Quintanilla'] FROM generate_series(1, $1) i`,
    [NAMESAKES],
  );
  for (const [key, name] of [['prominent', 'Wenceslas Quintanilla'], ['obscure', 'Ottilie Quintanilla'], ['renamed', 'Leocadia Quintanilla'], ['merged', 'Isidora Quintanilla']]) {
    ids[key] = (await ds.query(`INSERT INTO entity (kind, slug, name, aliases) VALUES ('person', $1, $2, ARRAY['Quintanilla']) RETURNING id`, [key, name]))[0].id;
  }
  // The one namesake the archive mentions.
  await ds.query(`INSERT INTO article_entity (article_id, entity_id, mentions, first_start) SELECT id, $1, 1, 0 FROM article`, [ids.prominent]);
  await ds.query(`ANALYZE entity, entity_name_word, search_name_word, entity_prominence`);
}, 60_000);
afterAll(() => server.close());

const run = async (query: string) => {
  const res = await server.gql(SEARCH_WITH_MODE, { query, first: 10, mode: 'FULL' });
  expect(res.errors).toBeUndefined();
  return res.data.search;
};
const slugs = (search: any): string[] => search.edges.map((e: any) => e.node.slug);

describe('search among thousands of namesakes', () => {
  it('puts the one the archive mentions first, ranks a bounded number of names and counts them all', async () => {
    const res = await run('quintanilla');
    expect(slugs(res)[0]).toBe('prominent');
    expect(res.totalCount).toBeLessThanOrEqual(NAME_CANDIDATES);
    expect(res.matchCount).toBeGreaterThanOrEqual(NAMESAKES + 4);
  });

  it("keeps each name word's prominence with entity_prominence", async () => {
    const ds = server.db.dataSource;
    const words = async () => (await ds.query(`SELECT DISTINCT articles FROM entity_name_word WHERE entity_id = $1`, [ids.prominent])).map((r: any) => r.articles);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM article`);
    expect(await words()).toEqual([n]);
    await inRolledBackTransaction(ds, async (m) => {
      await m.query(`DELETE FROM article_entity WHERE entity_id = $1`, [ids.prominent]);
      expect((await m.query(`SELECT DISTINCT articles FROM entity_name_word WHERE entity_id = $1`, [ids.prominent])).map((r: any) => r.articles)).toEqual([0]);
    });
    expect(await words()).toEqual([n]);
  });

  it('matches a number in a name whole: a number one digit apart is not a typo of it', async () => {
    const ds = server.db.dataSource;
    await ds.query(
      `INSERT INTO entity (kind, slug, name) SELECT 'organization', 'harbour-board-' || n, 'Harbour Board ' || n FROM unnest(ARRAY[11176, 11177, 11276, 1176]) n`,
    );
    try {
      expect(slugs(await run('11176'))).toEqual(['harbour-board-11176']);
      expect(slugs(await run('Harbour Board 11176'))[0]).toBe('harbour-board-11176');
    } finally {
      await ds.query(`DELETE FROM entity WHERE slug LIKE 'harbour-board-%'`);
    }
  });

  it('finds an unmentioned namesake by full name, and misspelt, first', async () => {
    expect(slugs(await run('Ottilie Quintanilla'))[0]).toBe('obscure');
    expect(slugs(await run('otilie quintanila'))[0]).toBe('obscure');
  });

  it('follows renames, merges and deletions of names', async () => {
    const ds = server.db.dataSource;
    await ds.query(`UPDATE entity SET name = 'Leocadia Zabalburu', aliases = ARRAY['Zabalburu'] WHERE id = $1`, [ids.renamed]);
    expect(slugs(await run('zabalburu'))).toEqual(['renamed']);
    expect(slugs(await run('Leocadia Quintanilla'))).not.toContain('renamed');

    await ds.query(`UPDATE entity SET merged_into_id = $2 WHERE id = $1`, [ids.merged, ids.prominent]);
    expect(slugs(await run('Isidora Quintanilla'))).not.toContain('merged');
    await ds.query(`UPDATE entity SET merged_into_id = NULL WHERE id = $1`, [ids.merged]);
    expect(slugs(await run('isidora quintanilla'))[0]).toBe('merged');

    await ds.query(`DELETE FROM entity WHERE id = $1`, [ids.renamed]);
    expect((await ds.query(`SELECT count(*)::int AS n FROM entity_name_word WHERE entity_id = $1`, [ids.renamed]))[0].n).toBe(0);
    expect(slugs(await run('zabalburu'))).toEqual([]);
  });

  it("keeps each word's count of bearers through inserts, renames, merges, deletions and truncation", async () => {
    const ds = server.db.dataSource;
    // Run after the renames, merges and deletions above: every word's count is its rows' count.
    const drift = async (m: { query: typeof ds.query } = ds) => m.query(
      `SELECT s.word, s.bearers, coalesce(c.n, 0) AS counted FROM search_name_word s
         LEFT JOIN (SELECT word, count(*)::int AS n FROM entity_name_word GROUP BY word) c ON c.word = s.word
        WHERE s.bearers IS DISTINCT FROM coalesce(c.n, 0)`,
    );
    expect(await drift()).toEqual([]);
    const [{ bearers }] = await ds.query(`SELECT bearers FROM search_name_word WHERE word = 'quintanilla'`);
    expect(bearers).toBe(NAMESAKES + 3); // the renamed one is gone
    expect((await run('quintanilla')).matchCount).toBe(NAMESAKES + 3);
    await inRolledBackTransaction(ds, async (m) => {
      await m.query(`TRUNCATE entity_name_word`);
      expect(await drift(m)).toEqual([]);
    });
    expect(await drift()).toEqual([]);
  });
});
