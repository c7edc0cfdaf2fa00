import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The entities merged into another, read whole by a network's ring to leave them out before
 * ranking (docs/performance.md): a few rows of a partial index, where the entity table has
 * hundreds of thousands. Left out after ranking instead, the ranking sorted every candidate.
 */
export class MergedEntitiesIndex1732000024200 implements MigrationInterface {
  name = 'MergedEntitiesIndex1732000024200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX entity_merged_idx ON entity (id) WHERE merged_into_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX entity_merged_idx`);
  }
}
