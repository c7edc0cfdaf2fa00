import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events proposed from ingested text and reviewed by editors (issue 17): an event's status,
 * confidence and origin; each source's own proposal (what its text said, kept so a merge
 * can be undone), its evidence sentences, confidence and why it was merged; and the audit
 * log of every change to an event. Existing events are curated data: confirmed.
 */
export class EventReview1732000008000 implements MigrationInterface {
  name = 'EventReview1732000008000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE event DROP CONSTRAINT event_kind_check;
      ALTER TABLE event ADD CONSTRAINT event_kind_check
        CHECK (kind IN ('visit', 'meeting', 'agreement_signed', 'conference', 'phone_call', 'reception', 'joint_statement', 'other'));
      ALTER TABLE event DROP CONSTRAINT event_date_precision_check;
      ALTER TABLE event ADD CONSTRAINT event_date_precision_check CHECK (date_precision IN ('day', 'week', 'month', 'year'));
      ALTER TABLE event
        ADD COLUMN status text NOT NULL DEFAULT 'confirmed' CHECK (status IN ('proposed', 'confirmed', 'rejected')),
        ADD COLUMN confidence real NOT NULL DEFAULT 1 CHECK (confidence >= 0 AND confidence <= 1),
        ADD COLUMN origin text NOT NULL DEFAULT 'curated' CHECK (origin IN ('curated', 'extracted', 'editor'));
      -- the review queue: proposed events
      CREATE INDEX event_proposed_idx ON event (id) WHERE status = 'proposed';

      ALTER TABLE event_source
        ADD COLUMN evidence integer[],
        ADD COLUMN confidence real,
        ADD COLUMN proposal jsonb,
        ADD COLUMN merge_reason text;

      CREATE TABLE event_audit (
        id bigserial PRIMARY KEY,
        event_id integer NOT NULL,
        action text NOT NULL CHECK (action IN ('propose', 'attach', 'create', 'update', 'confirm', 'reject', 'merge', 'split')),
        actor_token_id integer,
        actor_name text NOT NULL,
        before jsonb,
        after jsonb,
        reason text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX event_audit_event_idx ON event_audit (event_id, id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE event_audit;
      ALTER TABLE event_source DROP COLUMN evidence, DROP COLUMN confidence, DROP COLUMN proposal, DROP COLUMN merge_reason;
      DROP INDEX event_proposed_idx;
      ALTER TABLE event DROP COLUMN status, DROP COLUMN confidence, DROP COLUMN origin;
      ALTER TABLE event DROP CONSTRAINT event_date_precision_check;
      ALTER TABLE event ADD CONSTRAINT event_date_precision_check CHECK (date_precision IN ('day', 'month', 'year'));
      ALTER TABLE event DROP CONSTRAINT event_kind_check;
      ALTER TABLE event ADD CONSTRAINT event_kind_check CHECK (kind IN ('visit', 'meeting', 'agreement_signed', 'conference', 'other'));
    `);
  }
}
