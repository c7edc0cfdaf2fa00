import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One search box over articles and entities. Articles: full-text search with each
 * language's stemming and accents folded (a generated tsvector, GIN-indexed). Entities:
 * trigram word similarity over folded names, acronyms and aliases, so "hamouchi" finds
 * Hammouchi (GIN trigram index).
 */
export class Search1732000005000 implements MigrationInterface {
  name = 'Search1732000005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
      CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

      -- Names inside the functions are schema-qualified: PostgreSQL 17+ runs index builds and
      -- table rewrites with a search_path of pg_catalog only.

      -- unaccent() is only STABLE (it reads its dictionary); with the dictionary named it
      -- is safe to declare IMMUTABLE, which indexes and generated columns require.
      CREATE FUNCTION news_fold(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;

      CREATE FUNCTION news_entity_search_text(name text, acronym text, aliases text[]) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT public.news_fold(concat_ws(' ', name, acronym, array_to_string(aliases, ' '))) $$;

      CREATE TEXT SEARCH CONFIGURATION news_french (COPY = french);
      ALTER TEXT SEARCH CONFIGURATION news_french ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, french_stem;
      CREATE TEXT SEARCH CONFIGURATION news_english (COPY = english);
      ALTER TEXT SEARCH CONFIGURATION news_english ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, english_stem;
      CREATE TEXT SEARCH CONFIGURATION news_simple (COPY = simple);
      ALTER TEXT SEARCH CONFIGURATION news_simple ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, simple;

      CREATE FUNCTION news_ts_config(language text) RETURNS regconfig
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT CASE language WHEN 'fr' THEN 'public.news_french'::regconfig WHEN 'en' THEN 'public.news_english'::regconfig ELSE 'public.news_simple'::regconfig END $$;

      ALTER TABLE article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector(news_ts_config(language), title), 'A') ||
        setweight(to_tsvector(news_ts_config(language), coalesce(lead, '')), 'B') ||
        setweight(to_tsvector(news_ts_config(language), body), 'C')
      ) STORED;
      CREATE INDEX article_search_idx ON article USING gin (search_vector);
      CREATE INDEX entity_search_trgm_idx ON entity USING gin (news_entity_search_text(name, acronym, aliases) gin_trgm_ops)
        WHERE merged_into_id IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX entity_search_trgm_idx;
      ALTER TABLE article DROP COLUMN search_vector;
      DROP FUNCTION news_ts_config(text);
      DROP TEXT SEARCH CONFIGURATION news_french;
      DROP TEXT SEARCH CONFIGURATION news_english;
      DROP TEXT SEARCH CONFIGURATION news_simple;
      DROP FUNCTION news_entity_search_text(text, text, text[]);
      DROP FUNCTION news_fold(text);
    `);
  }
}
