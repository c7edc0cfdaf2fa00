import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The number of articles, kept exact by statement-level triggers, so the front page's
 * `totalCount` is one row read instead of a count over the whole archive (1.2 ms of
 * PostgreSQL per request at 10,000 articles, and growing with the archive). Filtered
 * lists still count their matches.
 *
 * Inserts and deletes update the one row in their own transaction: readers see the total
 * of the articles they can see. Concurrent writers of articles queue on that row until
 * commit, which article ingestion (short transactions) tolerates.
 */
export class ArticleTotal1732000006000 implements MigrationInterface {
  name = 'ArticleTotal1732000006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE article_total (
        singleton boolean PRIMARY KEY DEFAULT TRUE CHECK (singleton),
        total bigint NOT NULL CHECK (total >= 0)
      );
      INSERT INTO article_total (total) SELECT count(*) FROM article;

      CREATE FUNCTION article_total_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE article_total SET total = total + (SELECT count(*) FROM added_articles);
        RETURN NULL;
      END $$;
      CREATE FUNCTION article_total_removed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE article_total SET total = total - (SELECT count(*) FROM removed_articles);
        RETURN NULL;
      END $$;
      CREATE FUNCTION article_total_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE article_total SET total = 0;
        RETURN NULL;
      END $$;

      CREATE TRIGGER article_total_added AFTER INSERT ON article
        REFERENCING NEW TABLE AS added_articles FOR EACH STATEMENT EXECUTE FUNCTION article_total_added();
      CREATE TRIGGER article_total_removed AFTER DELETE ON article
        REFERENCING OLD TABLE AS removed_articles FOR EACH STATEMENT EXECUTE FUNCTION article_total_removed();
      CREATE TRIGGER article_total_truncated AFTER TRUNCATE ON article
        FOR EACH STATEMENT EXECUTE FUNCTION article_total_truncated();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER article_total_truncated ON article;
      DROP TRIGGER article_total_removed ON article;
      DROP TRIGGER article_total_added ON article;
      DROP FUNCTION article_total_truncated();
      DROP FUNCTION article_total_removed();
      DROP FUNCTION article_total_added();
      DROP TABLE article_total;
    `);
  }
}
