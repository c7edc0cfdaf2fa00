import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The unknown names each article gives (candidates for new entities), kept with the
 * article so editors can review them over the whole archive: how often, in which
 * articles, in which sentence. Rewritten with the article's links (ingest, edit, relink).
 */
export class ArticleCandidates1732000009100 implements MigrationInterface {
  name = 'ArticleCandidates1732000009100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE article_candidate (
        article_id integer NOT NULL REFERENCES article(id) ON DELETE CASCADE,
        key text NOT NULL CHECK (key <> ''),
        text text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('person', 'organization', 'place', 'unknown')),
        occurrences integer NOT NULL CHECK (occurrences > 0),
        role text,
        context text NOT NULL,
        PRIMARY KEY (article_id, key)
      );
      -- one candidate's articles; the archive's list groups by key
      CREATE INDEX article_candidate_key_idx ON article_candidate (key, article_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE article_candidate`);
  }
}
