import { MigrationInterface, QueryRunner } from 'typeorm';
import { NameWordProminenceByKey1732000023600 } from './1732000023600-NameWordProminenceByKey';

/**
 * The name words' prominence trigger (migration NameWordProminenceByKey) probes the words of
 * the entities a statement changed by key. A statement changing thousands of them at once (a
 * bulk load's recount of every entity, with the words' index not yet rebuilt) would test each
 * stored word against the whole array: past PROBED_ENTITIES the changes are joined to the
 * words instead, each side read once.
 */
export class NameWordProminenceLargeStatements1732000023700 implements MigrationInterface {
  name = 'NameWordProminenceLargeStatements1732000023700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION entity_name_word_prominence() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        ids integer[];
        counts integer[];
      BEGIN
        SELECT array_agg(entity_id ORDER BY entity_id), array_agg(articles ORDER BY entity_id) INTO ids, counts FROM added_rows;
        IF ids IS NULL THEN
          RETURN NULL;
        ELSIF cardinality(ids) <= 1000 THEN
          UPDATE entity_name_word w SET articles = n.articles
            FROM unnest(ids, counts) AS n(entity_id, articles)
           WHERE w.entity_id = ANY(ids) AND w.entity_id = n.entity_id AND w.articles <> n.articles;
        ELSE
          UPDATE entity_name_word w SET articles = n.articles
            FROM unnest(ids, counts) AS n(entity_id, articles)
           WHERE w.entity_id = n.entity_id AND w.articles <> n.articles;
        END IF;
        RETURN NULL;
      END $fn$;
      CREATE OR REPLACE FUNCTION entity_name_word_prominence_gone() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        ids integer[] := ARRAY(SELECT entity_id FROM removed_rows ORDER BY entity_id);
      BEGIN
        IF cardinality(ids) <= 1000 THEN
          UPDATE entity_name_word w SET articles = 0 WHERE w.entity_id = ANY(ids) AND w.articles <> 0;
        ELSE
          UPDATE entity_name_word w SET articles = 0 FROM unnest(ids) AS r(entity_id) WHERE w.entity_id = r.entity_id AND w.articles <> 0;
        END IF;
        RETURN NULL;
      END $fn$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    // the functions as the previous migration made them
    await new NameWordProminenceByKey1732000023600().up(q);
  }
}
