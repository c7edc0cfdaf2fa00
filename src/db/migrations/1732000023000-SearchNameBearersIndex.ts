import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A name word's bearers with their prominence, read from the index alone (docs/search.md):
 * through the primary key, each bearer's row was a heap page of its own (a last name's 366
 * bearers were 446 pages of entity_name_word at 100,000 articles; ten times that at 1,000,000).
 * Ordered by prominence, so a word's most mentioned bearers come first. Index-only reads need
 * the table's pages marked all-visible, which (auto)vacuum does; until then they read the heap
 * as before.
 */
export class SearchNameBearersIndex1732000023000 implements MigrationInterface {
  name = 'SearchNameBearersIndex1732000023000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX entity_name_word_bearers_idx ON entity_name_word (word, articles DESC, entity_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX entity_name_word_bearers_idx`);
  }
}
