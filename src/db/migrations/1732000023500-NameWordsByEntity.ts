import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A name's words by its id, from the index alone: a prefix search checks each candidate's
 * other typed words there ("abdel hamm": does a Hammouchi bear a word starting "abdel"?), one
 * index probe a candidate instead of a probe and a heap page. Replaces the index on the id
 * alone, which the words' triggers used (this one serves them as well).
 */
export class NameWordsByEntity1732000023500 implements MigrationInterface {
  name = 'NameWordsByEntity1732000023500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX entity_name_word_entity_word_idx ON entity_name_word (entity_id, word)`);
    await q.query(`DROP INDEX entity_name_word_entity_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX entity_name_word_entity_idx ON entity_name_word (entity_id)`);
    await q.query(`DROP INDEX entity_name_word_entity_word_idx`);
  }
}
