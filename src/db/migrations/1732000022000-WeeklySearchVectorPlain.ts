import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * news_search_weekly (migration SearchRanking) computed without regular expressions, and
 * news_search_week without a stable extract(): each article's weekly vector is what the
 * weekly search index is built from, and its regular expressions were most of a bulk load's
 * time (docs/performance-history.md, "Scale"). The output is the same for every input (the
 * replacement of each closing quote before a space equals the expression's; one trailing
 * space more, which the tsvector's parser ignores), so the index built with the old body
 * stays valid: nothing is rebuilt. Both are now plain expressions, which PostgreSQL inlines.
 */
export class WeeklySearchVectorPlain1732000022000 implements MigrationInterface {
  name = 'WeeklySearchVectorPlain1732000022000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- Weeks since 1970-01-01 (a Thursday), from the interval since then: immutable as it is.
      CREATE OR REPLACE FUNCTION news_search_week(published_at timestamptz) RETURNS integer
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT floor(extract(epoch FROM published_at - '1970-01-01 00:00:00+00'::timestamptz) / 604800)::integer $$;

      -- Each lexeme of the stripped vector's text ('a' 'b') gets '@week' before its closing
      -- quote, the title's (weight A) '@tweek'; a space appended so the last quote is one too.
      CREATE OR REPLACE FUNCTION news_search_weekly(v tsvector, published_at timestamptz) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT (pg_catalog.replace(pg_catalog.strip(v)::text || ' ', ''' ', '@' || public.news_search_week(published_at)::text || ''' ') ||
                      pg_catalog.replace(pg_catalog.strip(pg_catalog.ts_filter(v, '{a}'))::text || ' ', ''' ', '@t' || public.news_search_week(published_at)::text || ''' '))::tsvector $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION news_search_week(published_at timestamptz) RETURNS integer
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT floor(extract(epoch FROM published_at) / 604800)::integer $$;
      CREATE OR REPLACE FUNCTION news_search_weekly(v tsvector, published_at timestamptz) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT (pg_catalog.regexp_replace(pg_catalog.strip(v)::text, '''( |$)', '@' || w || '''\\1', 'g') || ' ' ||
                      pg_catalog.regexp_replace(pg_catalog.strip(pg_catalog.ts_filter(v, '{a}'))::text, '''( |$)', '@t' || w || '''\\1', 'g'))::tsvector
                FROM (SELECT public.news_search_week(published_at) AS w) x $$;
    `);
  }
}
