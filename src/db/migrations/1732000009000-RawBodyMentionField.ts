import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The page as received, stored beside its cleaned body so nothing is lost and cleaning can
 * be re-run (null for articles stored before, and for generated ones); and which field of
 * the article a mention's offsets point into: the title, the lead (when it is not the
 * body's first paragraph) or the body (every mention stored before).
 */
export class RawBodyMentionField1732000009000 implements MigrationInterface {
  name = 'RawBodyMentionField1732000009000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE article ADD COLUMN raw_body text;
      ALTER TABLE mention ADD COLUMN field text NOT NULL DEFAULT 'body' CHECK (field IN ('title', 'lead', 'body'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mention DROP COLUMN field; ALTER TABLE article DROP COLUMN raw_body;`);
  }
}
