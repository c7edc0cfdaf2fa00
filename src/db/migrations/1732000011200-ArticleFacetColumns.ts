import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A filtered sidebar reads the source, language and date of each matching article by id
 * (src/services/facets): from this index alone, not from the article rows, which are wide
 * (bodies) and spread over the whole table.
 */
export class ArticleFacetColumns1732000011200 implements MigrationInterface {
  name = 'ArticleFacetColumns1732000011200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX article_facet_columns_idx ON article (id) INCLUDE (source_id, language, published_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX article_facet_columns_idx`);
  }
}
