import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Name candidates that do not grow with the number of entities (docs/search.md). Matching a
 * query word against every entity's search_text through its trigram index read posting
 * lists as long as the entities sharing a trigram (" sa" is in thousands of names): 5-20 ms a
 * word at 25,000 entities, for every word of a headline. The search matches its words against
 * the names' distinct words instead (search_name_word, a few thousand rows, trigram-indexed),
 * then finds their bearers by key (entity_name_word).
 *
 * Both are kept by statement-level triggers on entity (ingest, renames, merges, bulk loads);
 * a word nobody bears any more stays in the vocabulary and finds nobody.
 */
export class SearchNameWords1732000014000 implements MigrationInterface {
  name = 'SearchNameWords1732000014000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- The words of a folded name, split as the search splits a query (letters and digits).
      CREATE FUNCTION news_name_words(search_text text) RETURNS SETOF text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT DISTINCT w FROM pg_catalog.regexp_split_to_table(search_text, '[^[:alnum:]]+') w WHERE w <> '' $$;
      CREATE TABLE search_name_word (word text PRIMARY KEY);
      CREATE TABLE entity_name_word (
        word text NOT NULL,
        entity_id integer NOT NULL REFERENCES entity (id) ON DELETE CASCADE,
        PRIMARY KEY (word, entity_id)
      );
      INSERT INTO search_name_word (word)
        SELECT DISTINCT w FROM entity e CROSS JOIN LATERAL news_name_words(e.search_text) w WHERE e.merged_into_id IS NULL;
      INSERT INTO entity_name_word (word, entity_id)
        SELECT w, e.id FROM entity e CROSS JOIN LATERAL news_name_words(e.search_text) w WHERE e.merged_into_id IS NULL;
      -- Built after the rows (a GIN index filled row by row keeps them in its pending list, which
      -- every search would read whole); new words are rare, so no pending list at all.
      CREATE INDEX search_name_word_trgm_idx ON search_name_word USING gin (word gin_trgm_ops) WITH (fastupdate = off);
      CREATE INDEX entity_name_word_entity_idx ON entity_name_word (entity_id);
      ANALYZE search_name_word, entity_name_word;

      -- Words of the given entities as they are now (unmerged ones only); words in key order,
      -- so concurrent ingests lock the vocabulary's rows in the same order.
      CREATE FUNCTION entity_name_words_write(ids integer[]) RETURNS void LANGUAGE sql AS $fn$
        INSERT INTO search_name_word (word)
          SELECT DISTINCT w FROM entity e CROSS JOIN LATERAL news_name_words(e.search_text) w
           WHERE e.id = ANY(ids) AND e.merged_into_id IS NULL ORDER BY 1
          ON CONFLICT DO NOTHING;
        INSERT INTO entity_name_word (word, entity_id)
          SELECT w, e.id FROM entity e CROSS JOIN LATERAL news_name_words(e.search_text) w
           WHERE e.id = ANY(ids) AND e.merged_into_id IS NULL ORDER BY 2, 1
          ON CONFLICT DO NOTHING;
      $fn$;
      CREATE FUNCTION entity_name_words_add() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM entity_name_words_write(ARRAY(SELECT id FROM added_rows));
        RETURN NULL;
      END $fn$;
      -- Only entities whose searched text or merge changed (any update of entity fires it).
      CREATE FUNCTION entity_name_words_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
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
      CREATE TRIGGER entity_name_words_insert AFTER INSERT ON entity
        REFERENCING NEW TABLE AS added_rows FOR EACH STATEMENT EXECUTE FUNCTION entity_name_words_add();
      CREATE TRIGGER entity_name_words_update AFTER UPDATE ON entity
        REFERENCING OLD TABLE AS removed_rows NEW TABLE AS added_rows FOR EACH STATEMENT EXECUTE FUNCTION entity_name_words_change();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER entity_name_words_update ON entity;
      DROP TRIGGER entity_name_words_insert ON entity;
      DROP FUNCTION entity_name_words_change();
      DROP FUNCTION entity_name_words_add();
      DROP FUNCTION entity_name_words_write(integer[]);
      DROP TABLE entity_name_word;
      DROP TABLE search_name_word;
      DROP FUNCTION news_name_words(text);
    `);
  }
}
