import { MigrationInterface, QueryRunner } from 'typeorm';
import { summarizeAll, TABLES } from './1732000003000-GraphRelationSummary';
import { groupedFunctions } from './1732000023300-RelationSummaryGroupedTriggers';

const MET = TABLES.find((t) => t.kind === 'MET')!;
/** An event row (`alias`) that counts as confirmed, as the evidence triggers test it. */
const isConfirmed = (alias: string) => MET.confirmed!.condition(alias);

/** Each MET pair's confirmed events, counted from the evidence (the column's first values). */
const COUNT_CONFIRMED = `
  UPDATE relation_summary r SET confirmed = c.events
    FROM (SELECT a.entity_id AS src, b.entity_id AS dst, count(*)::int AS events
            FROM event ev
            JOIN event_participant a ON a.event_id = ev.id
            JOIN event_participant b ON b.event_id = a.event_id AND b.entity_id <> a.entity_id
           WHERE ${isConfirmed('ev')}
           GROUP BY 1, 2) c
   WHERE r.src = c.src AND r.kind = 'MET' AND r.dst = c.dst;`;

/**
 * relation_summary recomputed from all the evidence, one statement per kind (they may run at
 * once): for writers that load with its triggers off (the bulk synthetic loader).
 */
export const RELATION_SUMMARY_REBUILD = TABLES.map((t) => `DELETE FROM relation_summary WHERE kind = '${t.kind}';\n${summarizeAll(t, true)}`);

/**
 * relation_summary.confirmed: of a MET pair's shared events, those an editor confirmed. A
 * network's or path's confirmedShare over all time under the default event filter is then
 * confirmed / weight read by key, where it aggregated both ends' participations (a network of
 * hubs at a million articles: 458,000 of them, over a second; docs/performance-history.md).
 *
 * Kept by the evidence triggers, which read each changed event's status once, and by two on
 * event: a status change into or out of confirmed moves the count of every pair among its
 * participants by one, and deleting a confirmed event takes its pairs' confirmed count away
 * before the cascade removes its participants (which then find no confirmed event).
 */
export class MetConfirmedCounts1732000024400 implements MigrationInterface {
  name = 'MetConfirmedCounts1732000024400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE relation_summary ADD COLUMN confirmed integer NOT NULL DEFAULT 0
        CONSTRAINT relation_summary_confirmed_check CHECK (confirmed BETWEEN 0 AND weight);
      ${COUNT_CONFIRMED}
      ${groupedFunctions(MET, true)}

      -- the pairs among an event's participants, by one: +1 when it becomes confirmed, -1 when it stops being or is deleted
      CREATE FUNCTION relation_summary_met_status() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        changed integer := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
        delta integer := CASE WHEN TG_OP = 'UPDATE' AND ${isConfirmed('NEW')} THEN 1 ELSE -1 END;
      BEGIN
        UPDATE relation_summary r SET confirmed = r.confirmed + delta
          FROM event_participant a
          JOIN event_participant b ON b.event_id = a.event_id AND b.entity_id <> a.entity_id
         WHERE a.event_id = changed AND r.src = a.entity_id AND r.kind = 'MET' AND r.dst = b.entity_id;
        RETURN OLD;
      END $fn$;
      CREATE TRIGGER relation_summary_met_status AFTER UPDATE OF status ON event FOR EACH ROW
        WHEN ((${isConfirmed('OLD')}) <> (${isConfirmed('NEW')})) EXECUTE FUNCTION relation_summary_met_status();
      CREATE TRIGGER relation_summary_met_event_delete BEFORE DELETE ON event FOR EACH ROW
        WHEN (${isConfirmed('OLD')}) EXECUTE FUNCTION relation_summary_met_status();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER relation_summary_met_event_delete ON event;
      DROP TRIGGER relation_summary_met_status ON event;
      DROP FUNCTION relation_summary_met_status();
      ${groupedFunctions(MET)}
      ALTER TABLE relation_summary DROP COLUMN confirmed;
    `);
  }
}
