import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search that costs what a page costs, at any archive size (docs/search.md).
 *
 * - article_search_weekly_idx: every article's lexemes suffixed with its week
 *   ('cooper@2869'), and its title's once more ('cooper@t2869'), GIN-indexed. A word in half the archive has a posting list of half the
 *   archive in article_search_idx, which a bitmap scan reads whole; here the most recent
 *   weeks' lists of that word are read, and nothing older.
 * - entity.search_text: the folded names an entity is searched by, stored and trigram-indexed.
 * - entity_prominence: how many articles mention each entity, kept by statement-level
 *   triggers on article_entity (ingest, merges, the synthetic loader), so ranking reads one
 *   row per matching entity instead of counting its articles.
 */
export class SearchRanking1732000007500 implements MigrationInterface {
  name = 'SearchRanking1732000007500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- Weeks since 1970-01-01 (a Thursday): the epoch does not depend on the time zone, so
      -- the function is immutable although extract() on a timestamptz is only stable.
      CREATE FUNCTION news_search_week(published_at timestamptz) RETURNS integer
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT floor(extract(epoch FROM published_at) / 604800)::integer $$;

      -- A stripped tsvector's text is 'lexeme' 'lexeme' …; each lexeme gets '@week', and the
      -- title's (weight A) once more with '@tweek', so title matches have lists of their own.
      CREATE FUNCTION news_search_weekly(v tsvector, published_at timestamptz) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT (pg_catalog.regexp_replace(pg_catalog.strip(v)::text, '''( |$)', '@' || w || '''\\1', 'g') || ' ' ||
                      pg_catalog.regexp_replace(pg_catalog.strip(pg_catalog.ts_filter(v, '{a}'))::text, '''( |$)', '@t' || w || '''\\1', 'g'))::tsvector
                FROM (SELECT public.news_search_week(published_at) AS w) x $$;

      -- The query over weeks last_week - weeks + 1 .. last_week ('t': in titles): its lexemes
      -- suffixed, once per week, OR-ed. Phrases become AND (weekly vectors keep no positions):
      -- the caller checks the real query on search_vector.
      CREATE FUNCTION news_search_weekly_query(q tsquery, last_week integer, weeks integer, tag text DEFAULT '') RETURNS tsquery
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT string_agg('(' || pg_catalog.regexp_replace(pg_catalog.regexp_replace(q::text, '<[0-9]+>|<->', '&', 'g'),
                                   '''((?:[^'']|'''')*)''', '''\\1@' || tag || w || '''', 'g') || ')', ' | ')::tsquery
                FROM generate_series(last_week - weeks + 1, last_week) w $$;

      CREATE INDEX article_search_weekly_idx ON article USING gin (news_search_weekly(search_vector, published_at));

      -- Stored: an index scan rechecks each candidate's text, and computing it (unaccent and
      -- all) for every entity is what a one- or two-letter prefix, which no trigram narrows, costs.
      ALTER TABLE entity ADD COLUMN search_text text GENERATED ALWAYS AS (news_entity_search_text(name, acronym, aliases)) STORED;
      CREATE INDEX entity_search_text_trgm_idx ON entity USING gin (search_text gin_trgm_ops) WHERE merged_into_id IS NULL;
      DROP INDEX entity_search_trgm_idx;

      CREATE TABLE entity_prominence (
        entity_id integer PRIMARY KEY,
        articles integer NOT NULL CHECK (articles >= 0)
      );
      -- the most mentioned entity, which scales everyone's prominence
      CREATE INDEX entity_prominence_articles_idx ON entity_prominence (articles DESC);
      INSERT INTO entity_prominence (entity_id, articles) SELECT entity_id, count(*) FROM article_entity GROUP BY entity_id;

      CREATE FUNCTION entity_prominence_add() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        -- entity order: concurrent ingests lock the same rows in the same order
        INSERT INTO entity_prominence AS p (entity_id, articles)
        SELECT entity_id, count(*) FROM added_rows GROUP BY entity_id ORDER BY entity_id
        ON CONFLICT (entity_id) DO UPDATE SET articles = p.articles + EXCLUDED.articles;
        RETURN NULL;
      END $fn$;
      CREATE FUNCTION entity_prominence_remove() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        UPDATE entity_prominence p SET articles = greatest(0, p.articles - r.n)
          FROM (SELECT entity_id, count(*) AS n FROM removed_rows GROUP BY entity_id) r WHERE p.entity_id = r.entity_id;
        RETURN NULL;
      END $fn$;
      CREATE FUNCTION entity_prominence_move() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        UPDATE entity_prominence p SET articles = greatest(0, p.articles - r.n)
          FROM (SELECT entity_id, count(*) AS n FROM removed_rows GROUP BY entity_id) r WHERE p.entity_id = r.entity_id;
        INSERT INTO entity_prominence AS p (entity_id, articles)
        SELECT entity_id, count(*) FROM added_rows GROUP BY entity_id ORDER BY entity_id
        ON CONFLICT (entity_id) DO UPDATE SET articles = p.articles + EXCLUDED.articles;
        RETURN NULL;
      END $fn$;
      CREATE FUNCTION entity_prominence_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        DELETE FROM entity_prominence;
        RETURN NULL;
      END $fn$;
      CREATE TRIGGER entity_prominence_insert AFTER INSERT ON article_entity
        REFERENCING NEW TABLE AS added_rows FOR EACH STATEMENT EXECUTE FUNCTION entity_prominence_add();
      CREATE TRIGGER entity_prominence_delete AFTER DELETE ON article_entity
        REFERENCING OLD TABLE AS removed_rows FOR EACH STATEMENT EXECUTE FUNCTION entity_prominence_remove();
      CREATE TRIGGER entity_prominence_update AFTER UPDATE ON article_entity
        REFERENCING OLD TABLE AS removed_rows NEW TABLE AS added_rows FOR EACH STATEMENT EXECUTE FUNCTION entity_prominence_move();
      CREATE TRIGGER entity_prominence_truncate AFTER TRUNCATE ON article_entity
        FOR EACH STATEMENT EXECUTE FUNCTION entity_prominence_truncate();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER entity_prominence_truncate ON article_entity;
      DROP TRIGGER entity_prominence_update ON article_entity;
      DROP TRIGGER entity_prominence_delete ON article_entity;
      DROP TRIGGER entity_prominence_insert ON article_entity;
      DROP FUNCTION entity_prominence_truncate();
      DROP FUNCTION entity_prominence_move();
      DROP FUNCTION entity_prominence_remove();
      DROP FUNCTION entity_prominence_add();
      DROP TABLE entity_prominence;
      CREATE INDEX entity_search_trgm_idx ON entity USING gin (news_entity_search_text(name, acronym, aliases) gin_trgm_ops)
        WHERE merged_into_id IS NULL;
      DROP INDEX entity_search_text_trgm_idx;
      ALTER TABLE entity DROP COLUMN search_text;
      DROP INDEX article_search_weekly_idx;
      DROP FUNCTION news_search_weekly_query(tsquery, integer, integer, text);
      DROP FUNCTION news_search_weekly(tsvector, timestamptz);
      DROP FUNCTION news_search_week(timestamptz);
    `);
  }
}
