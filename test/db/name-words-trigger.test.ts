import type { Client } from 'pg';
import { collectTriggerPlans, openTriggerPlansSession, transitionTableJoins, type PlanNode, type RanPlan, type TriggerPlansSession } from '../support/trigger-plans';

/**
 * The search's name words (entity_name_word) follow entity updates, also when one statement
 * updates thousands of entities on a connection whose trigger plans were made for a one-row
 * update (migration EntityNameWordsChangeGrouped).
 */
let session: TriggerPlansSession;
let client: Client;
let plans: RanPlan[];

beforeAll(async () => {
  ({ client, plans } = session = await openTriggerPlansSession());
});
afterAll(() => session?.close());

async function expectWordsExact(): Promise<number> {
  const rows = async (sql: string) => (await client.query(`${sql} ORDER BY 1, 2`)).rows;
  const stored = await rows(`SELECT word, entity_id FROM entity_name_word`);
  const truth = await rows(`SELECT w AS word, e.id AS entity_id FROM entity e CROSS JOIN LATERAL news_name_words(e.search_text) w WHERE e.merged_into_id IS NULL`);
  expect(stored).toEqual(truth);
  return stored.length;
}

describe("name words on entity updates", () => {
  it('stay exact when one statement renames and merges thousands of entities, after one-row updates', async () => {
    const [{ id: first }] = (await client.query(
      `INSERT INTO entity (kind, slug, name) SELECT 'person', 'p-' || g, 'Person Alpha' || g FROM generate_series(1, 3) g RETURNING id`,
    )).rows;
    // One-row updates first: the trigger's plan is made for transition tables of one row.
    await client.query(`UPDATE entity SET name = 'Person Beta' WHERE id = $1`, [first]);
    await client.query(`UPDATE entity SET acronym = 'PB' WHERE id = $1`, [first]);
    await expectWordsExact();

    await client.query(`INSERT INTO entity (kind, slug, name) SELECT 'person', 'bulk-' || g, 'Bulk Name' || g FROM generate_series(1, 3000) g`);
    // Every bulk entity in one statement: a third renamed, a third merged into the first, a third untouched in text.
    await client.query(
      `UPDATE entity SET name = CASE WHEN id % 3 = 0 THEN 'Renamed Gamma' || id ELSE name END,
                         merged_into_id = CASE WHEN id % 3 = 1 THEN $1::int END
        WHERE slug LIKE 'bulk-%'`,
      [first],
    );
    expect(await expectWordsExact()).toBeGreaterThan(2000);
    // Merged back (unmerged): their words return.
    await client.query(`UPDATE entity SET merged_into_id = NULL WHERE merged_into_id = $1`, [first]);
    expect(await expectWordsExact()).toBeGreaterThan(3000);
  });

  it("finds the changed entities without joining the update's old rows to its new ones", () => {
    const changed = plans.filter((p) => p.query.includes('removed_rows') && p.query.includes('search_text'));
    expect(changed.length).toBeGreaterThanOrEqual(4);
    for (const p of changed) expect(transitionTableJoins(p.plan)).toEqual([]);
  });

  it("copy each entity's prominence onto its words through the words' index, however many are stored", async () => {
    const updates = await collectTriggerPlans(client, (query) => query.includes('UPDATE entity_name_word w'));
    const wordsOutOfStep = async () => (await client.query(
      `SELECT count(*)::int AS n FROM entity_name_word w LEFT JOIN entity_prominence p ON p.entity_id = w.entity_id WHERE w.articles <> coalesce(p.articles, 0)`,
    )).rows[0].n;
    // An archive's worth of name words (ten more per entity) so that reading them all is a
    // choice the planner would not make for 50 entities, on PostgreSQL 15 and 18 alike.
    await client.query(`INSERT INTO entity_name_word (word, entity_id) SELECT 'extra' || g, id FROM entity CROSS JOIN generate_series(1, 10) g`);
    // every entity's prominence in one statement, then 50 of them, then 50 gone
    await client.query(`INSERT INTO entity_prominence (entity_id, articles) SELECT id, id % 7 + 1 FROM entity ON CONFLICT (entity_id) DO UPDATE SET articles = EXCLUDED.articles`);
    expect(await wordsOutOfStep()).toBe(0);
    const fifty = `SELECT entity_id FROM entity_prominence WHERE entity_id IN (SELECT entity_id FROM entity_name_word) ORDER BY entity_id LIMIT 50`;
    await client.query('ANALYZE entity_name_word, entity_prominence'); // planned as on a live archive, with statistics
    updates.length = 0;
    await client.query(`UPDATE entity_prominence SET articles = articles + 5 WHERE entity_id IN (${fifty})`);
    expect(await wordsOutOfStep()).toBe(0);
    expect(updates).toHaveLength(1);
    const scans: string[] = [];
    const walk = (node: PlanNode) => {
      if (node['Relation Name'] === 'entity_name_word' || /Index/.test(node['Node Type'])) scans.push(node['Node Type']);
      for (const c of node.Plans ?? []) walk(c);
    };
    walk(updates[0].plan);
    expect(scans).not.toContain('Seq Scan');
    expect(scans.some((s) => /Index/.test(s))).toBe(true);
    await client.query(`DELETE FROM entity_prominence WHERE entity_id IN (${fifty})`);
    expect(await wordsOutOfStep()).toBe(0);
    expect((await client.query(`SELECT count(*)::int AS n FROM entity_name_word WHERE articles = 0`)).rows[0].n).toBeGreaterThanOrEqual(50);
  });

  it("join a statement's thousands of changed entities to the words, not test each word against all of them", async () => {
    const updates = await collectTriggerPlans(client, (query) => query.includes('UPDATE entity_name_word w'));
    const changed = (await client.query(`SELECT count(*)::int AS n FROM entity_prominence`)).rows[0].n;
    expect(changed).toBeGreaterThan(1000);
    await client.query('BEGIN');
    try {
      // As in a bulk load, whose recount of every entity runs before the words' indexes are rebuilt.
      const indexes = (await client.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'entity_name_word' AND indexdef LIKE '%(entity_id%'`)).rows;
      expect(indexes.length).toBeGreaterThan(0);
      for (const { indexname } of indexes) await client.query(`DROP INDEX ${indexname}`);
      await client.query(`UPDATE entity_prominence SET articles = articles + 3`);
      await client.query(`DELETE FROM entity_prominence WHERE entity_id % 2 = 0`);
      const outOfStep = (await client.query(
        `SELECT count(*)::int AS n FROM entity_name_word w LEFT JOIN entity_prominence p ON p.entity_id = w.entity_id WHERE w.articles <> coalesce(p.articles, 0)`,
      )).rows[0].n;
      expect(outOfStep).toBe(0);
    } finally {
      await client.query('ROLLBACK');
    }
    expect(updates).toHaveLength(2);
    const filters: string[] = [];
    const walk = (node: PlanNode & { Filter?: string }) => {
      if (node['Relation Name'] === 'entity_name_word' && node.Filter) filters.push(node.Filter);
      for (const c of node.Plans ?? []) walk(c);
    };
    for (const u of updates) walk(u.plan);
    expect(filters.filter((f) => f.includes('ANY')).map((f) => f.slice(0, 60))).toEqual([]);
  });
});
