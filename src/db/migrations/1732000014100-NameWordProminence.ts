import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each name word's bearer with its prominence (entity_prominence.articles), so a search orders
 * a common word's bearers as it reads them: probing entity_prominence for each of them was
 * most of a name search (743 probes for "Saïd Mercier" at 100,000 articles, ten times as many
 * at 1,000,000). Kept by statement-level triggers on entity_prominence (ingest, merges, bulk
 * loads' rebuild) and filled for new names by entity_name_words_write.
 */
export class NameWordProminence1732000014100 implements MigrationInterface {
  name = 'NameWordProminence1732000014100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE entity_name_word ADD COLUMN articles integer NOT NULL DEFAULT 0;
      UPDATE entity_name_word w SET articles = p.articles FROM entity_prominence p WHERE p.entity_id = w.entity_id AND p.articles <> 0;
      CREATE OR REPLACE FUNCTION entity_name_words_write(ids integer[]) RETURNS void LANGUAGE sql AS $fn$
        INSERT INTO search_name_word (word)
          SELECT DISTINCT w FROM entity e CROSS JOIN LATERAL news_name_words(e.search_text) w
           WHERE e.id = ANY(ids) AND e.merged_into_id IS NULL ORDER BY 1
          ON CONFLICT DO NOTHING;
        INSERT INTO entity_name_word (word, entity_id, articles)
          SELECT w, e.id, coalesce(p.articles, 0) FROM entity e CROSS JOIN LATERAL news_name_words(e.search_text) w
            LEFT JOIN entity_prominence p ON p.entity_id = e.id
           WHERE e.id = ANY(ids) AND e.merged_into_id IS NULL ORDER BY 2, 1
          ON CONFLICT DO NOTHING;
      $fn$;
      CREATE FUNCTION entity_name_word_prominence() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        UPDATE entity_name_word w SET articles = n.articles
          FROM (SELECT entity_id, articles FROM added_rows ORDER BY entity_id) n
         WHERE w.entity_id = n.entity_id AND w.articles <> n.articles;
        RETURN NULL;
      END $fn$;
      CREATE FUNCTION entity_name_word_prominence_gone() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        UPDATE entity_name_word w SET articles = 0 FROM removed_rows o WHERE w.entity_id = o.entity_id AND w.articles <> 0;
        RETURN NULL;
      END $fn$;
      CREATE TRIGGER entity_name_word_prominence_insert AFTER INSERT ON entity_prominence
        REFERENCING NEW TABLE AS added_rows FOR EACH STATEMENT EXECUTE FUNCTION entity_name_word_prominence();
      CREATE TRIGGER entity_name_word_prominence_update AFTER UPDATE ON entity_prominence
        REFERENCING NEW TABLE AS added_rows FOR EACH STATEMENT EXECUTE FUNCTION entity_name_word_prominence();
      CREATE TRIGGER entity_name_word_prominence_delete AFTER DELETE ON entity_prominence
        REFERENCING OLD TABLE AS removed_rows FOR EACH STATEMENT EXECUTE FUNCTION entity_name_word_prominence_gone();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER entity_name_word_prominence_delete ON entity_prominence;
      DROP TRIGGER entity_name_word_prominence_update ON entity_prominence;
      DROP TRIGGER entity_name_word_prominence_insert ON entity_prominence;
      DROP FUNCTION entity_name_word_prominence_gone();
      DROP FUNCTION entity_name_word_prominence();
      CREATE OR REPLACE FUNCTION entity_name_words_write(ids integer[]) RETURNS void LANGUAGE sql AS $fn$
        INSERT INTO search_name_word (word)
          SELECT DISTINCT w FROM entity e CROSS JOIN LATERAL news_name_words(e.search_text) w
           WHERE e.id = ANY(ids) AND e.merged_into_id IS NULL ORDER BY 1
          ON CONFLICT DO NOTHING;
        INSERT INTO entity_name_word (word, entity_id)
          SELECT w, e.id FROM entity e CROSS JOIN LATERAL news_name_words(e.search_text) w
           WHERE e.id = ANY(ids) AND e.merged_into_id IS NULL ORDER BY 2, 1
          ON CONFLICT DO NOTHING;
      $fn$;
      ALTER TABLE entity_name_word DROP COLUMN articles;
    `);
  }
}
