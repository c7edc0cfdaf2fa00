import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Re-cleaning stored articles from their raw text is a background job of its own kind; the
 * articles it passes over (no raw text stored) are counted apart from the failures.
 */
export class RecleanJobs1732000018000 implements MigrationInterface {
  name = 'RecleanJobs1732000018000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE background_job DROP CONSTRAINT background_job_kind_check;
      ALTER TABLE background_job ADD CONSTRAINT background_job_kind_check CHECK (kind IN ('ingest', 'relink', 'reclean'));
      ALTER TABLE background_job ADD COLUMN skipped integer NOT NULL DEFAULT 0;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM background_job WHERE kind = 'reclean';
      ALTER TABLE background_job DROP COLUMN skipped;
      ALTER TABLE background_job DROP CONSTRAINT background_job_kind_check;
      ALTER TABLE background_job ADD CONSTRAINT background_job_kind_check CHECK (kind IN ('ingest', 'relink'));
    `);
  }
}
