import type { Client } from 'pg';
import { RELATION_SUMMARY_ROWS, RELATION_SUMMARY_TRUTH } from '../../support/relation-summary';
import { openTriggerPlansSession, transitionTableJoins, type RanPlan, type TriggerPlansSession } from '../../support/trigger-plans';

/**
 * relation_summary's triggers on one connection that first writes a few rows per statement
 * (so PL/pgSQL plans the trigger queries for a transition table of a few rows and keeps
 * those plans), then thousands: the bulk writers of events (merges, bulk ingest, the events
 * bench). Before migration RelationSummaryGroupedTriggers the cached plan scanned the
 * transition table once per added row (a nested-loop anti-join): quadratic in the statement.
 */
let session: TriggerPlansSession;
let client: Client;
/** The plans of the statements that read a transition table, as they ran. */
let plans: RanPlan[];

beforeAll(async () => {
  ({ client, plans } = session = await openTriggerPlansSession());
});
afterAll(() => session?.close());

async function expectExact() {
  const rows = async (sql: string) => (await client.query(sql)).rows;
  const summary = await rows(RELATION_SUMMARY_ROWS);
  expect(summary).toEqual(await rows(RELATION_SUMMARY_TRUTH));
  return summary.length;
}

describe('relation_summary triggers on large statements', () => {
  let people: number[];

  it('stays exact when thousands of participants are inserted, moved and deleted in one statement each, after small statements', async () => {
    people = (await client.query(
      `INSERT INTO entity (kind, slug, name) SELECT 'person', 'p-' || g, 'Person ' || g FROM generate_series(1, 40) g RETURNING id`,
    )).rows.map((r) => r.id);
    // Small statements first: the triggers' plans are made for transition tables of two rows.
    const [{ id: small }] = (await client.query(`INSERT INTO event (slug, kind, title, date, date_precision) VALUES ('small', 'meeting', 'Small', '2024-01-02', 'day') RETURNING id`)).rows;
    await client.query(`INSERT INTO event_participant (event_id, entity_id, role, date) SELECT $1, unnest($2::int[]), 'participant', '2024-01-02'`, [small, people.slice(0, 2)]);
    await client.query(`UPDATE event_participant SET date = '2024-01-03' WHERE event_id = $1`, [small]);
    await client.query(`DELETE FROM event_participant WHERE event_id = $1 AND entity_id = $2`, [small, people[1]]);
    await expectExact();

    // 2,000 events of three people each (chosen by event), in one statement, as the events bench writes them.
    const events = 2_000;
    const rows = Array.from({ length: events }, (_, i) => [people[i % 40], people[(i * 7 + 3) % 40], people[(i * 13 + 11) % 40]]);
    await client.query(
      `WITH e AS (
         INSERT INTO event (slug, kind, title, date, date_precision)
         SELECT 'bulk-' || g, 'meeting', 'Bulk ' || g, DATE '2022-01-01' + g % 700, 'day' FROM generate_series(1, $1::int) g RETURNING id, date, slug)
       INSERT INTO event_participant (event_id, entity_id, role, date)
       SELECT DISTINCT e.id, p.entity_id, 'participant', e.date FROM e
         JOIN unnest($2::int[], $3::int[]) AS p(g, entity_id) ON e.slug = 'bulk-' || p.g`,
      [events, rows.flatMap((_, i) => [i + 1, i + 1, i + 1]), rows.flat()],
    );
    expect((await client.query(`SELECT count(*)::int AS n FROM event_participant`)).rows[0].n).toBeGreaterThan(5_000);
    await expectExact();

    // A fourth participant for half of them: pairs with rows already there.
    await client.query(
      `INSERT INTO event_participant (event_id, entity_id, role, date)
       SELECT e.id, $1, 'participant', e.date FROM event e WHERE e.slug LIKE 'bulk-%' AND e.id % 2 = 0
          AND NOT EXISTS (SELECT 1 FROM event_participant p WHERE p.event_id = e.id AND p.entity_id = $1)`,
      [people[39]],
    );
    await expectExact();
    // A merge of two people, then every third event's participants deleted, each one statement.
    await client.query(
      `UPDATE event_participant p SET entity_id = $1 WHERE entity_id = $2
          AND NOT EXISTS (SELECT 1 FROM event_participant q WHERE q.event_id = p.event_id AND q.entity_id = $1)`,
      [people[5], people[6]],
    );
    await expectExact();
    await client.query(`UPDATE event_participant SET date = date + 1 WHERE event_id % 5 = 0`);
    await expectExact();
    await client.query(`DELETE FROM event_participant WHERE event_id % 3 = 0`);
    expect(await expectExact()).toBeGreaterThan(100);
  });

  it('reads the transition tables through an aggregate only, never joined row by row, with the plans made for two rows', () => {
    // every trigger on event_participant: pairs added (insert, update), pairs subtracted (update, delete), the alert's
    const added = plans.filter((p) => p.query.includes('INSERT INTO relation_summary'));
    const subtracted = plans.filter((p) => p.query.includes('array_agg(src)'));
    expect([added.length, subtracted.length]).toEqual([6, 5]);
    expect(plans.length).toBeGreaterThanOrEqual(14);
    for (const p of plans) expect({ query: p.query.slice(0, 200), joins: transitionTableJoins(p.plan) }).toEqual({ query: p.query.slice(0, 200), joins: [] });
  });

  it('counts confirmed events exactly when hundreds of events change status, are deleted, or lose participants in one statement each', async () => {
    await client.query(`UPDATE event SET status = 'proposed' WHERE slug LIKE 'bulk-%' AND id % 4 = 1`);
    await expectExact();
    expect((await client.query(`SELECT count(*)::int AS n FROM relation_summary WHERE kind = 'MET' AND confirmed BETWEEN 1 AND weight - 1`)).rows[0].n).toBeGreaterThan(10);
    await client.query(`UPDATE event SET status = 'confirmed' WHERE slug LIKE 'bulk-%' AND id % 8 = 1`);
    await expectExact();
    await client.query(`DELETE FROM event WHERE slug LIKE 'bulk-%' AND id % 7 = 2`);
    await expectExact();
    await client.query(`DELETE FROM event_participant WHERE event_id % 4 = 1 AND entity_id = $1`, [people[5]]);
    expect(await expectExact()).toBeGreaterThan(100);
  });
});
