import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Facet counts of the whole archive, kept exact by triggers, so an unfiltered filter sidebar
 * reads a few rows instead of grouping every article (src/services/facets): articles per
 * source, language, publication month (UTC) and topic. People, organizations and places
 * already have theirs (entity_prominence). Filtered facets count their matches.
 *
 * Article writers already queue on article_total's one row; these rows add no new wait.
 * Each statement updates its rows in (facet, value) order, so two writers lock them alike.
 * Updates are rare (a corrected date or source): a row trigger on those columns only.
 */
export class ArticleFacets1732000011000 implements MigrationInterface {
  name = 'ArticleFacets1732000011000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE article_facet_count (
        facet text NOT NULL CHECK (facet IN ('source', 'language', 'month', 'topic')),
        value text NOT NULL,
        articles integer NOT NULL CHECK (articles >= 0),
        PRIMARY KEY (facet, value)
      );

      -- An article's facet values: its source, language and month.
      CREATE FUNCTION article_facet_pairs(source_id integer, language text, published_at timestamptz)
        RETURNS TABLE (facet text, value text) LANGUAGE sql STABLE AS $$
        SELECT f.facet, f.value FROM (VALUES ('source', source_id::text), ('language', language),
                                             ('month', to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM'))) f(facet, value)
         WHERE f.value IS NOT NULL
      $$;

      CREATE FUNCTION article_facet_add(facets text[], vals text[], ns bigint[]) RETURNS void LANGUAGE sql AS $$
        INSERT INTO article_facet_count AS c (facet, value, articles)
        SELECT f, v, n FROM unnest(facets, vals, ns) x(f, v, n) ORDER BY f, v
        ON CONFLICT (facet, value) DO UPDATE SET articles = c.articles + EXCLUDED.articles
      $$;
      CREATE FUNCTION article_facet_remove(facets text[], vals text[], ns bigint[]) RETURNS void LANGUAGE sql AS $$
        UPDATE article_facet_count c SET articles = greatest(0, c.articles - x.n)
          FROM (SELECT f, v, n FROM unnest(facets, vals, ns) x(f, v, n) ORDER BY f, v) x
         WHERE c.facet = x.f AND c.value = x.v
      $$;

      CREATE FUNCTION article_facet_articles_added() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM article_facet_add(array_agg(facet), array_agg(value), array_agg(n))
           FROM (SELECT f.facet, f.value, count(*) AS n FROM added_articles r
                   CROSS JOIN LATERAL article_facet_pairs(r.source_id, r.language, r.published_at) f GROUP BY f.facet, f.value) x;
        RETURN NULL;
      END $fn$;
      CREATE FUNCTION article_facet_articles_removed() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM article_facet_remove(array_agg(facet), array_agg(value), array_agg(n))
           FROM (SELECT f.facet, f.value, count(*) AS n FROM removed_articles r
                   CROSS JOIN LATERAL article_facet_pairs(r.source_id, r.language, r.published_at) f GROUP BY f.facet, f.value) x;
        RETURN NULL;
      END $fn$;
      CREATE FUNCTION article_facet_article_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM article_facet_remove(array_agg(facet), array_agg(value), array_agg(n))
           FROM article_facet_pairs(OLD.source_id, OLD.language, OLD.published_at) f(facet, value) CROSS JOIN LATERAL (SELECT 1::bigint AS n) x;
        PERFORM article_facet_add(array_agg(facet), array_agg(value), array_agg(n))
           FROM article_facet_pairs(NEW.source_id, NEW.language, NEW.published_at) f(facet, value) CROSS JOIN LATERAL (SELECT 1::bigint AS n) x;
        RETURN NULL;
      END $fn$;
      CREATE FUNCTION article_facet_topics_added() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM article_facet_add(array_agg('topic'::text), array_agg(topic_id::text), array_agg(n))
           FROM (SELECT topic_id, count(*) AS n FROM added_topics GROUP BY topic_id) t;
        RETURN NULL;
      END $fn$;
      CREATE FUNCTION article_facet_topics_removed() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM article_facet_remove(array_agg('topic'::text), array_agg(topic_id::text), array_agg(n))
           FROM (SELECT topic_id, count(*) AS n FROM removed_topics GROUP BY topic_id) t;
        RETURN NULL;
      END $fn$;
      CREATE FUNCTION article_facet_truncated() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_TABLE_NAME = 'article' THEN DELETE FROM article_facet_count; ELSE DELETE FROM article_facet_count WHERE facet = 'topic'; END IF;
        RETURN NULL;
      END $fn$;

      CREATE TRIGGER article_facet_articles_added AFTER INSERT ON article
        REFERENCING NEW TABLE AS added_articles FOR EACH STATEMENT EXECUTE FUNCTION article_facet_articles_added();
      CREATE TRIGGER article_facet_articles_removed AFTER DELETE ON article
        REFERENCING OLD TABLE AS removed_articles FOR EACH STATEMENT EXECUTE FUNCTION article_facet_articles_removed();
      CREATE TRIGGER article_facet_article_changed AFTER UPDATE OF source_id, language, published_at ON article FOR EACH ROW
        WHEN (OLD.source_id IS DISTINCT FROM NEW.source_id OR OLD.language IS DISTINCT FROM NEW.language
              OR date_trunc('month', OLD.published_at AT TIME ZONE 'UTC') IS DISTINCT FROM date_trunc('month', NEW.published_at AT TIME ZONE 'UTC'))
        EXECUTE FUNCTION article_facet_article_changed();
      CREATE TRIGGER article_facet_articles_truncated AFTER TRUNCATE ON article FOR EACH STATEMENT EXECUTE FUNCTION article_facet_truncated();
      CREATE TRIGGER article_facet_topics_added AFTER INSERT ON article_topic
        REFERENCING NEW TABLE AS added_topics FOR EACH STATEMENT EXECUTE FUNCTION article_facet_topics_added();
      CREATE TRIGGER article_facet_topics_removed AFTER DELETE ON article_topic
        REFERENCING OLD TABLE AS removed_topics FOR EACH STATEMENT EXECUTE FUNCTION article_facet_topics_removed();
      CREATE TRIGGER article_facet_topics_truncated AFTER TRUNCATE ON article_topic FOR EACH STATEMENT EXECUTE FUNCTION article_facet_truncated();

      INSERT INTO article_facet_count (facet, value, articles)
      SELECT f.facet, f.value, count(*) FROM article r CROSS JOIN LATERAL article_facet_pairs(r.source_id, r.language, r.published_at) f GROUP BY f.facet, f.value
      UNION ALL SELECT 'topic', topic_id::text, count(*) FROM article_topic GROUP BY topic_id;

      -- trends: every entity's mentions in a window of days (src/services/trends)
      CREATE INDEX article_entity_published_idx ON article_entity (published_at, entity_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX article_entity_published_idx;
      DROP TRIGGER article_facet_topics_truncated ON article_topic;
      DROP TRIGGER article_facet_topics_removed ON article_topic;
      DROP TRIGGER article_facet_topics_added ON article_topic;
      DROP TRIGGER article_facet_articles_truncated ON article;
      DROP TRIGGER article_facet_article_changed ON article;
      DROP TRIGGER article_facet_articles_removed ON article;
      DROP TRIGGER article_facet_articles_added ON article;
      DROP FUNCTION article_facet_truncated(), article_facet_topics_removed(), article_facet_topics_added(), article_facet_article_changed(),
        article_facet_articles_removed(), article_facet_articles_added(), article_facet_remove(text[], text[], bigint[]),
        article_facet_add(text[], text[], bigint[]), article_facet_pairs(integer, text, timestamptz);
      DROP TABLE article_facet_count;
    `);
  }
}
