import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * External identifiers the newsroom keeps for its entities (Wikidata QIDs, ISNI, VIAF,
 * official websites…; src/services/identifiers checks each scheme's format). One value of a
 * scheme names one entity: looking an entity up by identifier answers at most one.
 */
export class EntityIdentifiers1732000011100 implements MigrationInterface {
  name = 'EntityIdentifiers1732000011100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE entity_identifier (
        entity_id integer NOT NULL REFERENCES entity(id) ON DELETE CASCADE,
        scheme text NOT NULL CHECK (scheme ~ '^[a-z][a-z0-9-]{1,31}$'),
        value text NOT NULL CHECK (length(value) BETWEEN 1 AND 500),
        PRIMARY KEY (entity_id, scheme, value),
        -- lookup by identifier
        UNIQUE (scheme, value)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE entity_identifier`);
  }
}
