import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for read-API access paths the initial schema did not cover, each found with
 * EXPLAIN on the synthetic dataset.
 */
export class ReadApiIndexes1732000004000 implements MigrationInterface {
  name = 'ReadApiIndexes1732000004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- Query.events pages newest first with undated events last, on the keyset
      -- (COALESCE(date, '-infinity'), id): without this index every page sorts every event.
      CREATE INDEX event_sort_idx ON event ((COALESCE(date, '-infinity'::date)), id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX event_sort_idx`);
  }
}
