import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each name word's bearers counted in the vocabulary (search_name_word.bearers), kept by
 * statement-level triggers on entity_name_word: a name search reads the count instead of
 * counting the word's bearers in the index, which grows with the entities (a common first
 * name's 3,582 bearers read twice per search at 1,000,000 articles; docs/search.md). The rows
 * are written and deleted, never given another word (a renamed entity's rows are replaced;
 * prominence updates change `articles` only, and an update trigger would run for each).
 */
export class NameWordBearers1732000024000 implements MigrationInterface {
  name = 'NameWordBearers1732000024000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE search_name_word ADD COLUMN bearers integer NOT NULL DEFAULT 0;
      UPDATE search_name_word s SET bearers = c.n
        FROM (SELECT word, count(*)::int AS n FROM entity_name_word GROUP BY word) c WHERE c.word = s.word;

      -- Each word's count moved by delta per row naming it; the words locked in key order first,
      -- so concurrent writes of names sharing words wait for each other instead of deadlocking.
      CREATE FUNCTION search_name_word_bearers_shift(words text[], delta integer) RETURNS void LANGUAGE sql AS $fn$
        SELECT count(*) FROM (SELECT 1 FROM public.search_name_word s WHERE s.word = ANY(words) ORDER BY s.word FOR UPDATE) l;
        UPDATE public.search_name_word s SET bearers = s.bearers + delta * c.n
          FROM (SELECT w AS word, count(*)::int AS n FROM unnest(words) w GROUP BY w) c WHERE s.word = c.word;
      $fn$;
      CREATE FUNCTION search_name_word_bearers_added() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM search_name_word_bearers_shift(ARRAY(SELECT word FROM added_rows), 1);
        RETURN NULL;
      END $fn$;
      CREATE FUNCTION search_name_word_bearers_removed() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM search_name_word_bearers_shift(ARRAY(SELECT word FROM removed_rows), -1);
        RETURN NULL;
      END $fn$;
      CREATE FUNCTION search_name_word_bearers_emptied() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        UPDATE search_name_word SET bearers = 0 WHERE bearers <> 0;
        RETURN NULL;
      END $fn$;
      CREATE TRIGGER search_name_word_bearers_insert AFTER INSERT ON entity_name_word
        REFERENCING NEW TABLE AS added_rows FOR EACH STATEMENT EXECUTE FUNCTION search_name_word_bearers_added();
      CREATE TRIGGER search_name_word_bearers_delete AFTER DELETE ON entity_name_word
        REFERENCING OLD TABLE AS removed_rows FOR EACH STATEMENT EXECUTE FUNCTION search_name_word_bearers_removed();
      CREATE TRIGGER search_name_word_bearers_truncate AFTER TRUNCATE ON entity_name_word
        FOR EACH STATEMENT EXECUTE FUNCTION search_name_word_bearers_emptied();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER search_name_word_bearers_truncate ON entity_name_word;
      DROP TRIGGER search_name_word_bearers_delete ON entity_name_word;
      DROP TRIGGER search_name_word_bearers_insert ON entity_name_word;
      DROP FUNCTION search_name_word_bearers_emptied();
      DROP FUNCTION search_name_word_bearers_removed();
      DROP FUNCTION search_name_word_bearers_added();
      DROP FUNCTION search_name_word_bearers_shift(text[], integer);
      ALTER TABLE search_name_word DROP COLUMN bearers;
    `);
  }
}
