import { createTestDatabase, type TestDatabase } from '../../support/database';
import { GraphFixture } from './fixture';

let db: TestDatabase;
let g: GraphFixture;
beforeAll(async () => {
  db = await createTestDatabase();
  g = new GraphFixture(db.dataSource);
});
afterAll(() => db.drop());

/** relation_summary as it is, and as aggregating the evidence again says it should be. */
async function summaryAndTruth() {
  const rows = (sql: string) => db.dataSource.query(`${sql} ORDER BY 1, 2, 3`);
  const summary = await rows(`SELECT src, dst, kind, weight, first_seen, last_seen FROM relation_summary`);
  const truth = await rows(`
    SELECT a.entity_id AS src, b.entity_id AS dst, 'MET' AS kind, count(*)::int AS weight, min(a.date) AS first_seen, max(a.date) AS last_seen
      FROM event_participant a JOIN event_participant b ON b.event_id = a.event_id AND b.entity_id <> a.entity_id GROUP BY 1, 2
    UNION ALL
    SELECT a.entity_id, b.entity_id, 'CO_MENTIONED', count(*)::int, min((a.published_at AT TIME ZONE 'UTC')::date), max((a.published_at AT TIME ZONE 'UTC')::date)
      FROM article_entity a JOIN article_entity b ON b.article_id = a.article_id AND b.entity_id <> a.entity_id GROUP BY 1, 2`);
  return { summary, truth };
}

async function expectExact() {
  const { summary, truth } = await summaryAndTruth();
  expect(summary).toEqual(truth);
  return summary.length;
}

describe('relation_summary follows the evidence tables', () => {
  let a: number, b: number, c: number, d: number;
  let first: number, second: number, article: number;

  it('adds the pairs of inserted participants and mentions, one row or many per statement', async () => {
    await g.clear();
    [a, b, c, d] = [await g.person('A'), await g.person('B'), await g.person('C'), await g.organization('D')];
    first = await g.event('2024-01-10', [a, b, c]);
    second = await g.event('2024-03-01', [a, b]);
    await g.event(null, [c, d]);
    article = await g.article('2024-02-01T23:30:00Z', [a, d]);
    // many rows in one statement, some pairing with each other
    const [{ id: third }] = await db.dataSource.query(`INSERT INTO event (slug, kind, title, date, date_precision) VALUES ('bulk', 'meeting', 'Bulk', '2024-05-05', 'day') RETURNING id`);
    await db.dataSource.query(`INSERT INTO event_participant (event_id, entity_id, role, date) SELECT $1, unnest($2::int[]), 'participant', '2024-05-05'`, [third, [a, c, d]]);
    expect(await expectExact()).toBeGreaterThan(0);
    const [ab] = await db.dataSource.query(`SELECT weight, first_seen, last_seen FROM relation_summary WHERE src = $1 AND dst = $2 AND kind = 'MET'`, [a, b]);
    expect(ab).toEqual({ weight: 2, first_seen: '2024-01-10', last_seen: '2024-03-01' });
  });

  it('subtracts removed participants and re-reads first and last days', async () => {
    await db.dataSource.query(`DELETE FROM event_participant WHERE event_id = $1 AND entity_id = $2`, [first, b]);
    await expectExact();
    const [ab] = await db.dataSource.query(`SELECT weight, first_seen FROM relation_summary WHERE src = $1 AND dst = $2 AND kind = 'MET'`, [a, b]);
    expect(ab).toEqual({ weight: 1, first_seen: '2024-03-01' });
  });

  it('follows updates: a corrected date, a participant moved to another entity (a merge)', async () => {
    await db.dataSource.query(`UPDATE event_participant SET date = '2023-12-31' WHERE event_id = $1`, [second]);
    await expectExact();
    await db.dataSource.query(`UPDATE event_participant SET entity_id = $1 WHERE entity_id = $2`, [b, c]);
    await db.dataSource.query(`UPDATE article_entity SET entity_id = $1 WHERE entity_id = $2`, [b, a]);
    await expectExact();
  });

  it('drops pairs whose last evidence goes: a deleted event, a deleted article', async () => {
    await db.dataSource.query(`DELETE FROM event WHERE id = $1`, [second]);
    await db.dataSource.query(`DELETE FROM article WHERE id = $1`, [article]);
    await expectExact();
    const co = await db.dataSource.query(`SELECT 1 FROM relation_summary WHERE kind = 'CO_MENTIONED'`);
    expect(co).toEqual([]);
  });

  it('empties with a truncate', async () => {
    await g.clear();
    expect(await expectExact()).toBe(0);
  });
});
