import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The entity update trigger that refreshes a name's search words finds the entities whose
 * searched text or merge changed by grouping old and new rows per id, not by joining the two
 * transition tables: PL/pgSQL keeps the plan made for its connection's first update (a row or
 * two: a nested loop scanning one table per row of the other), and a later update of every
 * entity in one statement would have compared each row with each other (docs/performance-history.md, "Events (issue 17)").
 */
export class EntityNameWordsChangeGrouped1732000023400 implements MigrationInterface {
  name = 'EntityNameWordsChangeGrouped1732000023400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION entity_name_words_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        -- an id whose (search_text, live) differs between its old and new row: two distinct values
        changed integer[] := ARRAY(
          SELECT id FROM (
            SELECT id, search_text, merged_into_id IS NULL AS live FROM added_rows
            UNION ALL SELECT id, search_text, merged_into_id IS NULL FROM removed_rows) x
           GROUP BY id HAVING count(DISTINCT (search_text, live)) > 1 ORDER BY id);
      BEGIN
        IF cardinality(changed) > 0 THEN
          DELETE FROM entity_name_word WHERE entity_id = ANY(changed);
          PERFORM entity_name_words_write(changed);
        END IF;
        RETURN NULL;
      END $fn$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION entity_name_words_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        changed integer[] := ARRAY(
          SELECT n.id FROM added_rows n JOIN removed_rows o ON o.id = n.id
           WHERE n.search_text IS DISTINCT FROM o.search_text OR (n.merged_into_id IS NULL) <> (o.merged_into_id IS NULL)
           ORDER BY n.id);
      BEGIN
        IF cardinality(changed) > 0 THEN
          DELETE FROM entity_name_word WHERE entity_id = ANY(changed);
          PERFORM entity_name_words_write(changed);
        END IF;
        RETURN NULL;
      END $fn$;
    `);
  }
}
