import { MigrationInterface, QueryRunner } from 'typeorm';
import { TABLES, type EvidenceTable } from './1732000003000-GraphRelationSummary';

/** relation_summary_<name>_insert as first written (migration GraphRelationSummary), for down(). */
function joinedInsert(t: EvidenceTable): string {
  return `
    CREATE OR REPLACE FUNCTION relation_summary_${t.name}_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      INSERT INTO relation_summary AS r (src, dst, kind, weight, first_seen, last_seen)
      SELECT src, dst, '${t.kind}', count(*), min(day), max(day) FROM (
        SELECT n.entity_id AS src, t.entity_id AS dst, ${t.day('n')} AS day FROM added_rows n
          JOIN ${t.table} t ON t.${t.group} = n.${t.group} AND t.entity_id <> n.entity_id
        UNION ALL
        SELECT t.entity_id, n.entity_id, ${t.day('n')} FROM added_rows n
          JOIN ${t.table} t ON t.${t.group} = n.${t.group} AND t.entity_id <> n.entity_id
         WHERE NOT EXISTS (SELECT 1 FROM added_rows c WHERE c.${t.group} = t.${t.group} AND c.entity_id = t.entity_id)
      ) d GROUP BY src, dst
      ON CONFLICT (src, kind, dst) DO UPDATE SET weight = r.weight + EXCLUDED.weight,
        first_seen = LEAST(r.first_seen, EXCLUDED.first_seen), last_seen = GREATEST(r.last_seen, EXCLUDED.last_seen);
      RETURN NULL;
    END
    $fn$;`;
}

/**
 * The same pairs, each added row's group read through the primary key (OFFSET 0 keeps the
 * subquery a per-row index scan). Pair rows upsert in key order, as concurrent writers do.
 */
function indexedInsert(t: EvidenceTable): string {
  const others = `CROSS JOIN LATERAL (SELECT o.${t.group}, o.entity_id FROM ${t.table} o
            WHERE o.${t.group} = n.${t.group} AND o.entity_id <> n.entity_id OFFSET 0) t`;
  return `
    CREATE OR REPLACE FUNCTION relation_summary_${t.name}_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      INSERT INTO relation_summary AS r (src, dst, kind, weight, first_seen, last_seen)
      SELECT src, dst, '${t.kind}', count(*), min(day), max(day) FROM (
        SELECT n.entity_id AS src, t.entity_id AS dst, ${t.day('n')} AS day FROM added_rows n
          ${others}
        UNION ALL
        SELECT t.entity_id, n.entity_id, ${t.day('n')} FROM added_rows n
          ${others}
         WHERE NOT EXISTS (SELECT 1 FROM added_rows c WHERE c.${t.group} = t.${t.group} AND c.entity_id = t.entity_id)
      ) d GROUP BY src, dst ORDER BY src, dst
      ON CONFLICT (src, kind, dst) DO UPDATE SET weight = r.weight + EXCLUDED.weight,
        first_seen = LEAST(r.first_seen, EXCLUDED.first_seen), last_seen = GREATEST(r.last_seen, EXCLUDED.last_seen);
      RETURN NULL;
    END
    $fn$;`;
}

/** The alert triggers' functions of migration Alerts, queuing through `queue`. */
function alertTriggerFunctions(queue: 'alert_queue' | 'alert_queue_batched'): string {
  return `
    CREATE OR REPLACE FUNCTION alert_articles_added() RETURNS trigger LANGUAGE plpgsql AS $fn$
    DECLARE ids integer[];
    BEGIN
      SELECT array_agg(id ORDER BY id) INTO ids FROM (SELECT id FROM added_articles LIMIT 1001) a;
      IF ids IS NOT NULL AND cardinality(ids) <= 1000 THEN
        PERFORM ${queue}('alert_articles', json_build_object('articleIds', ids));
      END IF;
      RETURN NULL;
    END $fn$;

    CREATE OR REPLACE FUNCTION alert_events_added() RETURNS trigger LANGUAGE plpgsql AS $fn$
    DECLARE ids integer[];
    BEGIN
      SELECT array_agg(DISTINCT event_id) INTO ids FROM (SELECT event_id FROM added_participants LIMIT 5001) p;
      IF ids IS NOT NULL AND cardinality(ids) <= 1000 THEN
        PERFORM ${queue}('alert_events', json_build_object('eventIds', ids, 'reason', 'new'));
      END IF;
      RETURN NULL;
    END $fn$;`;
}

/**
 * Bulk ingestion's triggers, made to cost what one statement writes rather than what is stored:
 *
 * - relation_summary's insert triggers find the other rows of each added row's article (or
 *   event) by its primary key. As a join, PL/pgSQL planned it once per connection, when a
 *   bulk load's tables were nearly empty: a hash join over the whole table, scanned twice
 *   per statement for the rest of the load (ingest time grew with the square of the archive).
 * - The alert triggers queue one job per transaction, not one per statement: the jobs share a
 *   key naming the transaction and their payloads are arrays, which graphile-worker
 *   concatenates (a batch job); the worker reads every element.
 */
export class IngestTriggers1732000018100 implements MigrationInterface {
  name = 'IngestTriggers1732000018100';

  async up(q: QueryRunner): Promise<void> {
    for (const t of TABLES) await q.query(indexedInsert(t));
    await q.query(`
      -- One job per task and transaction: a job added again in it appends its payload's elements.
      CREATE FUNCTION alert_queue_batched(task text, item json) RETURNS void LANGUAGE plpgsql AS $fn$
      BEGIN
        IF to_regnamespace('graphile_worker') IS NOT NULL THEN
          PERFORM graphile_worker.add_job(task, json_build_array(item), max_attempts := 3,
                                          job_key := task || ':' || pg_current_xact_id()::text);
        END IF;
      END $fn$;

      ${alertTriggerFunctions('alert_queue_batched')}
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of TABLES) await q.query(joinedInsert(t));
    await q.query(`
      ${alertTriggerFunctions('alert_queue')}
      DROP FUNCTION alert_queue_batched(text, json);
    `);
  }
}
