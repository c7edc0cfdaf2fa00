import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The triggers' two halves, written into each function: a transition table is seen only by its
 * trigger's own function. Entity order: concurrent writers lock the same rows in the same order.
 */
const ADDED = `
        INSERT INTO entity_event_count AS c (entity_id, events)
        SELECT entity_id, count(*) FROM added_rows GROUP BY entity_id ORDER BY entity_id
        ON CONFLICT (entity_id) DO UPDATE SET events = c.events + EXCLUDED.events;`;
const REMOVED = `
        UPDATE entity_event_count c SET events = greatest(0, c.events - r.n)
          FROM (SELECT entity_id, count(*) AS n FROM removed_rows GROUP BY entity_id ORDER BY entity_id) r WHERE c.entity_id = r.entity_id;`;

/**
 * Each entity's participations counted (entity_event_count.events), kept by statement-level
 * triggers on event_participant as entity_prominence keeps its articles: a path's evidence
 * reads a pair's shared events from the end in fewer of them, which it told apart by counting
 * both ends in the index (docs/performance-history.md, 2026-12-06 22:43).
 */
export class EntityEventCounts1732000024100 implements MigrationInterface {
  name = 'EntityEventCounts1732000024100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE entity_event_count (
        entity_id integer PRIMARY KEY,
        events integer NOT NULL CHECK (events >= 0)
      );
      INSERT INTO entity_event_count (entity_id, events) SELECT entity_id, count(*) FROM event_participant GROUP BY entity_id;

      CREATE FUNCTION entity_event_count_add() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN ${ADDED} RETURN NULL; END $fn$;
      CREATE FUNCTION entity_event_count_remove() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN ${REMOVED} RETURN NULL; END $fn$;
      CREATE FUNCTION entity_event_count_move() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN ${REMOVED} ${ADDED} RETURN NULL; END $fn$;
      CREATE FUNCTION entity_event_count_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        DELETE FROM entity_event_count;
        RETURN NULL;
      END $fn$;
      CREATE TRIGGER entity_event_count_insert AFTER INSERT ON event_participant
        REFERENCING NEW TABLE AS added_rows FOR EACH STATEMENT EXECUTE FUNCTION entity_event_count_add();
      CREATE TRIGGER entity_event_count_delete AFTER DELETE ON event_participant
        REFERENCING OLD TABLE AS removed_rows FOR EACH STATEMENT EXECUTE FUNCTION entity_event_count_remove();
      CREATE TRIGGER entity_event_count_update AFTER UPDATE ON event_participant
        REFERENCING OLD TABLE AS removed_rows NEW TABLE AS added_rows FOR EACH STATEMENT EXECUTE FUNCTION entity_event_count_move();
      CREATE TRIGGER entity_event_count_truncate AFTER TRUNCATE ON event_participant
        FOR EACH STATEMENT EXECUTE FUNCTION entity_event_count_truncate();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER entity_event_count_truncate ON event_participant;
      DROP TRIGGER entity_event_count_update ON event_participant;
      DROP TRIGGER entity_event_count_delete ON event_participant;
      DROP TRIGGER entity_event_count_insert ON event_participant;
      DROP FUNCTION entity_event_count_truncate();
      DROP FUNCTION entity_event_count_move();
      DROP FUNCTION entity_event_count_remove();
      DROP FUNCTION entity_event_count_add();
      DROP TABLE entity_event_count;
    `);
  }
}
