import { statisticsKeptUp } from '../../../src/services/jobs/ingest-statistics';
import { createTestDatabase, type TestDatabase } from '../../support/database';

/**
 * A bulk load keeps the looked-up tables' statistics up with the archive's growth: analysed
 * after 500 new articles, then each time the archive has grown by half (pg_class.reltuples is
 * -1 until a table's first ANALYZE, then the rows it counted).
 */
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

const eventRowsCounted = async () => Number((await db.dataSource.query(`SELECT reltuples FROM pg_class WHERE oid = 'event'::regclass`))[0].reltuples);
const addEvents = (n: number, from: number) =>
  db.dataSource.query(`INSERT INTO event (slug, kind, title) SELECT 'e-' || g, 'meeting', 'Meeting ' || g FROM generate_series($1::int, $2::int) g`, [from, from + n - 1]);

describe('statistics kept up with a bulk load', () => {
  it('are gathered after 500 new articles, then each time the archive has grown by half', async () => {
    const stored = await statisticsKeptUp(db.dataSource);
    expect(await eventRowsCounted()).toBe(-1);
    await stored(100);
    expect(await eventRowsCounted()).toBe(-1);
    await stored(600);
    expect(await eventRowsCounted()).toBe(0);
    await addEvents(10, 1);
    await stored(1000); // 400 more: under 500 and under half of 600
    expect(await eventRowsCounted()).toBe(0);
    await stored(1100);
    expect(await eventRowsCounted()).toBe(10);
    await addEvents(5, 11);
    await stored(1600); // 500 more, under half of 1,100
    expect(await eventRowsCounted()).toBe(10);
    await stored(1650);
    expect(await eventRowsCounted()).toBe(15);
  });
});
