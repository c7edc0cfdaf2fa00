import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each name's pairs of words, with the name's prominence (docs/search.md, "Names bearing
 * common words"). At 1,000,000 articles every first and last name has thousands of bearers,
 * so a search for "Joaquín Peeters" grouped every bearer of both words to find the few
 * bearing both; the pair's most prominent bearers are read from one index instead.
 *
 * Kept by statement-level triggers on entity_name_word, which its own triggers on entity keep
 * (ingest, renames, merges, bulk loads); emptied with the entity through the foreign key.
 * Only words of three letters or more pair (a query word shorter cannot match a name alone),
 * and only a name's first 16 such words, alphabetically, so a name with long aliases writes
 * at most 120 pairs.
 */
export class NameWordPairs1732000023800 implements MigrationInterface {
  name = 'NameWordPairs1732000023800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE entity_name_pair (
        first_word text NOT NULL,
        second_word text NOT NULL,
        entity_id integer NOT NULL REFERENCES entity (id) ON DELETE CASCADE,
        articles integer NOT NULL DEFAULT 0,
        PRIMARY KEY (entity_id, first_word, second_word),
        CHECK (first_word < second_word)
      );

      -- The pairs of the given entities' words as they are now. Up to a thousand entities, each
      -- one's words probed by key; more (a bulk load's batch), joined: PL/pgSQL keeps one plan per
      -- branch (migration NameWordProminenceLargeStatements).
      CREATE FUNCTION entity_name_pairs_write(ids integer[]) RETURNS void LANGUAGE plpgsql AS $fn$
      BEGIN
        IF cardinality(ids) <= 1000 THEN
          DELETE FROM entity_name_pair WHERE entity_id = ANY(ids);
          INSERT INTO entity_name_pair (first_word, second_word, entity_id, articles)
            SELECT a.word, b.word, a.entity_id, a.articles
              FROM (SELECT w.entity_id, w.word, w.articles, row_number() OVER (PARTITION BY w.entity_id ORDER BY w.word) AS n
                      FROM entity_name_word w WHERE w.entity_id = ANY(ids) AND length(w.word) > 2) a
              JOIN (SELECT w.entity_id, w.word, row_number() OVER (PARTITION BY w.entity_id ORDER BY w.word) AS n
                      FROM entity_name_word w WHERE w.entity_id = ANY(ids) AND length(w.word) > 2) b
                ON b.entity_id = a.entity_id AND b.n > a.n
             WHERE a.n <= 16 AND b.n <= 16
             ORDER BY 3, 1, 2;
        ELSE
          DELETE FROM entity_name_pair p USING unnest(ids) AS r(entity_id) WHERE p.entity_id = r.entity_id;
          INSERT INTO entity_name_pair (first_word, second_word, entity_id, articles)
            SELECT a.word, b.word, a.entity_id, a.articles
              FROM (SELECT w.entity_id, w.word, w.articles, row_number() OVER (PARTITION BY w.entity_id ORDER BY w.word) AS n
                      FROM unnest(ids) AS r(entity_id) JOIN entity_name_word w ON w.entity_id = r.entity_id WHERE length(w.word) > 2) a
              JOIN (SELECT w.entity_id, w.word, row_number() OVER (PARTITION BY w.entity_id ORDER BY w.word) AS n
                      FROM unnest(ids) AS r(entity_id) JOIN entity_name_word w ON w.entity_id = r.entity_id WHERE length(w.word) > 2) b
                ON b.entity_id = a.entity_id AND b.n > a.n
             WHERE a.n <= 16 AND b.n <= 16;
        END IF;
      END $fn$;

      -- Words added or removed: their entities' pairs written again (both triggers name their rows changed_rows).
      CREATE FUNCTION entity_name_pairs_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM entity_name_pairs_write(ARRAY(SELECT DISTINCT entity_id FROM changed_rows ORDER BY 1));
        RETURN NULL;
      END $fn$;
      -- A name word's prominence changed (migration NameWordProminence): its pairs' too.
      CREATE FUNCTION entity_name_pairs_prominence() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        ids integer[];
        counts integer[];
      BEGIN
        SELECT array_agg(entity_id ORDER BY entity_id), array_agg(articles ORDER BY entity_id) INTO ids, counts
          FROM (SELECT DISTINCT entity_id, articles FROM added_rows) n;
        IF ids IS NULL THEN
          RETURN NULL;
        ELSIF cardinality(ids) <= 1000 THEN
          UPDATE entity_name_pair p SET articles = n.articles
            FROM unnest(ids, counts) AS n(entity_id, articles)
           WHERE p.entity_id = ANY(ids) AND p.entity_id = n.entity_id AND p.articles <> n.articles;
        ELSE
          UPDATE entity_name_pair p SET articles = n.articles
            FROM unnest(ids, counts) AS n(entity_id, articles)
           WHERE p.entity_id = n.entity_id AND p.articles <> n.articles;
        END IF;
        RETURN NULL;
      END $fn$;

      SELECT entity_name_pairs_write(ARRAY(SELECT id FROM entity ORDER BY id));
      -- A pair's bearers, most prominent first, from the index alone (as entity_name_word_bearers_idx).
      CREATE INDEX entity_name_pair_bearers_idx ON entity_name_pair (first_word, second_word, articles DESC, entity_id);
      ANALYZE entity_name_pair;

      CREATE TRIGGER entity_name_pairs_insert AFTER INSERT ON entity_name_word
        REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION entity_name_pairs_changed();
      CREATE TRIGGER entity_name_pairs_delete AFTER DELETE ON entity_name_word
        REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION entity_name_pairs_changed();
      CREATE TRIGGER entity_name_pairs_update AFTER UPDATE ON entity_name_word
        REFERENCING NEW TABLE AS added_rows FOR EACH STATEMENT EXECUTE FUNCTION entity_name_pairs_prominence();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER entity_name_pairs_update ON entity_name_word;
      DROP TRIGGER entity_name_pairs_delete ON entity_name_word;
      DROP TRIGGER entity_name_pairs_insert ON entity_name_word;
      DROP FUNCTION entity_name_pairs_prominence();
      DROP FUNCTION entity_name_pairs_changed();
      DROP FUNCTION entity_name_pairs_write(integer[]);
      DROP TABLE entity_name_pair;
    `);
  }
}
