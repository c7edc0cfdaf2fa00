import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The place an event's text names when it is no known place ("à Rabat" before Rabat is an
 * entity): kept as written until the place is linked, then place_id replaces it.
 */
export class EventPlaceName1732000017500 implements MigrationInterface {
  name = 'EventPlaceName1732000017500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE event ADD COLUMN place_name text NULL;
      COMMENT ON COLUMN event.place_name IS 'the place as the text names it, when it is no known place';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE event DROP COLUMN place_name`);
  }
}
