import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 4 });
});
afterAll(() => db.drop());

const q = (sql: string) => db.dataSource.query(sql);
const kept = () => q(`SELECT entity_id, events FROM entity_event_count WHERE events > 0 ORDER BY entity_id`);
const counted = () => q(`SELECT entity_id, count(*)::int AS events FROM event_participant GROUP BY entity_id ORDER BY entity_id`);

describe('participations counted per entity (migration EntityEventCounts)', () => {
  it('follows inserts of many rows at once, an entity merged into another, deletes, an event removed and a truncate', async () => {
    await q(`INSERT INTO entity (kind, slug, name) SELECT 'person', 'count-' || n, 'Person ' || n FROM generate_series(1, 6) n`);
    await q(`INSERT INTO event (slug, kind, title) SELECT 'count-event-' || n, 'meeting', 'Meeting ' || n FROM generate_series(1, 40) n`);
    // every event has persons 1 and 2; person 3 every other event; person 4 every fifth
    await q(`INSERT INTO event_participant (event_id, entity_id, role)
      SELECT ev.id, en.id, 'participant' FROM event ev JOIN entity en ON en.slug IN ('count-1', 'count-2')
         OR (en.slug = 'count-3' AND ev.id % 2 = 0) OR (en.slug = 'count-4' AND ev.id % 5 = 0)`);
    const afterInsert = await kept();
    expect(afterInsert.map((r: { events: number }) => r.events)).toEqual([40, 40, 20, 8]);
    expect(afterInsert).toEqual(await counted());

    // person 4's participations moved to person 5 where 5 was not there yet
    await q(`UPDATE event_participant SET entity_id = (SELECT id FROM entity WHERE slug = 'count-5') WHERE entity_id = (SELECT id FROM entity WHERE slug = 'count-4')`);
    expect((await kept()).map((r: { events: number }) => r.events)).toEqual([40, 40, 20, 8]);
    expect(await kept()).toEqual(await counted());

    await q(`DELETE FROM event_participant WHERE entity_id = (SELECT id FROM entity WHERE slug = 'count-3') AND event_id % 4 = 0`);
    await q(`DELETE FROM event WHERE id IN (SELECT id FROM event ORDER BY id LIMIT 3)`);
    expect(await kept()).toEqual(await counted());

    await q(`TRUNCATE event_participant`);
    expect(await kept()).toEqual([]);
  });

  it('counts nothing of a rolled-back insert, and concurrent inserts add up', async () => {
    await q(`INSERT INTO event_participant (event_id, entity_id, role) SELECT ev.id, en.id, 'participant' FROM event ev JOIN entity en ON en.slug = 'count-1'`);
    const runner = db.dataSource.createQueryRunner();
    await runner.startTransaction();
    await runner.query(`INSERT INTO event_participant (event_id, entity_id, role) SELECT ev.id, en.id, 'participant' FROM event ev JOIN entity en ON en.slug = 'count-6'`);
    await runner.rollbackTransaction();
    await runner.release();
    expect(await kept()).toEqual(await counted());
    // four writers adding the same people to different events at once
    await Promise.all([0, 1, 2, 3].map((i) => q(`INSERT INTO event_participant (event_id, entity_id, role)
      SELECT ev.id, en.id, 'participant' FROM event ev JOIN entity en ON en.slug IN ('count-2', 'count-6') WHERE ev.id % 4 = ${i}`)));
    expect(await kept()).toEqual(await counted());
    expect((await kept()).length).toBe(3);
  });
});
