import { createTestDatabase, type TestDatabase } from '../../support/database';
import { RELATION_SUMMARY_ROWS, RELATION_SUMMARY_TRUTH } from '../../support/relation-summary';
import { GraphFixture } from './fixture';

let db: TestDatabase;
let g: GraphFixture;
beforeAll(async () => {
  db = await createTestDatabase();
  g = new GraphFixture(db.dataSource);
});
afterAll(() => db.drop());

async function expectExact() {
  const [summary, truth] = [await db.dataSource.query(RELATION_SUMMARY_ROWS), await db.dataSource.query(RELATION_SUMMARY_TRUTH)];
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

  it('counts each MET pair\'s confirmed events through confirming, unconfirming, moving participants and deleting events', async () => {
    await g.clear();
    const [p, q, r] = [await g.person('P'), await g.person('Q'), await g.person('R')];
    const confirmed = await g.event('2024-01-01', [p, q, r]);
    const proposed = await g.event('2024-02-01', [p, q], 'talks', { status: 'proposed', confidence: 0.6 });
    const counts = async (x: number, y: number) =>
      (await db.dataSource.query(`SELECT weight, confirmed FROM relation_summary WHERE src = $1 AND dst = $2 AND kind = 'MET'`, [x, y]))[0];
    const setStatus = (id: number, status: string) => db.dataSource.query(`UPDATE event SET status = $2 WHERE id = $1`, [id, status]);
    expect([await counts(p, q), await counts(q, p), await counts(p, r)]).toEqual([{ weight: 2, confirmed: 1 }, { weight: 2, confirmed: 1 }, { weight: 1, confirmed: 1 }]);
    await expectExact();

    await setStatus(proposed, 'confirmed');
    expect(await counts(p, q)).toEqual({ weight: 2, confirmed: 2 });
    await setStatus(confirmed, 'proposed');
    expect([await counts(p, q), await counts(r, q)]).toEqual([{ weight: 2, confirmed: 1 }, { weight: 1, confirmed: 0 }]);
    // a write of the status it already has, and of another column, changes nothing
    await db.dataSource.query(`UPDATE event SET status = 'proposed', title = 'Renamed' WHERE id = $1`, [confirmed]);
    expect(await counts(p, q)).toEqual({ weight: 2, confirmed: 1 });
    await expectExact();

    // r moved from the proposed event into the confirmed one, and a fourth person added to it
    await db.dataSource.query(`UPDATE event_participant SET event_id = $1, date = '2024-02-01' WHERE event_id = $2 AND entity_id = $3`, [proposed, confirmed, r]);
    const s = await g.person('S');
    await db.dataSource.query(`INSERT INTO event_participant (event_id, entity_id, role, date) VALUES ($1, $2, 'participant', '2024-02-01')`, [proposed, s]);
    expect([await counts(p, r), await counts(r, s)]).toEqual([{ weight: 1, confirmed: 1 }, { weight: 1, confirmed: 1 }]);
    await expectExact();

    // a confirmed event deleted: its pairs lose their confirmed count, then their weight (the cascade)
    await db.dataSource.query(`DELETE FROM event WHERE id = $1`, [proposed]);
    expect([await counts(p, q), await counts(r, s)]).toEqual([{ weight: 1, confirmed: 0 }, undefined]);
    await expectExact();
    // and deleting a participant of a confirmed event
    await setStatus(confirmed, 'confirmed');
    await db.dataSource.query(`DELETE FROM event_participant WHERE event_id = $1 AND entity_id = $2`, [confirmed, q]);
    expect(await counts(p, q)).toBeUndefined();
    await expectExact();
  });

  it('empties with a truncate', async () => {
    await g.clear();
    expect(await expectExact()).toBe(0);
  });
});
