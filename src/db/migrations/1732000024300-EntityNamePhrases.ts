import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The names an entity is spelled by, its name and aliases of two words or more, each folded to
 * its words joined by single spaces ("Sûreté de l'État" -> "surete de l etat"), indexed: a search
 * finds the names its query spells whole with one probe of the phrases it holds (docs/search.md).
 */
export class EntityNamePhrases1732000024300 implements MigrationInterface {
  name = 'EntityNamePhrases1732000024300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- A text's folded words joined by single spaces: a name's, and a query's to find it in.
      CREATE FUNCTION news_spaced_words(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT pg_catalog.btrim(pg_catalog.regexp_replace(public.news_fold($1), '[^[:alnum:]]+', ' ', 'g')) $$;
      CREATE FUNCTION news_name_phrases(name text, aliases text[]) RETURNS text[]
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT ARRAY(SELECT DISTINCT p FROM unnest(array_prepend(name, coalesce(aliases, '{}'::text[]))) n,
                                   LATERAL public.news_spaced_words(n) p
                            WHERE p LIKE '% %' ORDER BY p) $$;
      CREATE INDEX entity_name_phrase_idx ON entity USING gin (news_name_phrases(name, aliases)) WHERE merged_into_id IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX entity_name_phrase_idx; DROP FUNCTION news_name_phrases(text, text[]); DROP FUNCTION news_spaced_words(text);`);
  }
}
