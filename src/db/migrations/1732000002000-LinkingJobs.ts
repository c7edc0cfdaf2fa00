import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ingestion and curation: the gazetteer's version (bumped by a trigger whenever an entity's
 * names change, so every process rebuilds its in-memory gazetteer when, and only when,
 * needed) and the progress of background jobs (bulk ingest, relink). The queue itself is
 * graphile-worker's, in its own schema; these rows are what Query.job reports, and they
 * outlive the queue's jobs, which graphile-worker deletes once done.
 */
export class LinkingJobs1732000002000 implements MigrationInterface {
  name = 'LinkingJobs1732000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gazetteer_version (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        version bigint NOT NULL
      );
      INSERT INTO gazetteer_version (version) VALUES (1);

      CREATE FUNCTION bump_gazetteer_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE gazetteer_version SET version = version + 1;
        RETURN NULL;
      END $$;
      CREATE TRIGGER entity_names_changed
        AFTER INSERT OR DELETE OR UPDATE OF kind, name, acronym, aliases, merged_into_id ON entity
        FOR EACH STATEMENT EXECUTE FUNCTION bump_gazetteer_version();

      CREATE TABLE background_job (
        id serial PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('ingest', 'relink')),
        state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
        done integer NOT NULL DEFAULT 0,
        total integer NOT NULL DEFAULT 0,
        -- ingest outcomes; failed records with their reasons (capped), for the CLI summary
        created integer NOT NULL DEFAULT 0,
        unchanged integer NOT NULL DEFAULT 0,
        updated integer NOT NULL DEFAULT 0,
        failed integer NOT NULL DEFAULT 0,
        failures jsonb NOT NULL DEFAULT '[]',
        entity_id integer REFERENCES entity(id),
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE background_job;
      DROP TRIGGER entity_names_changed ON entity;
      DROP FUNCTION bump_gazetteer_version();
      DROP TABLE gazetteer_version;
    `);
  }
}
