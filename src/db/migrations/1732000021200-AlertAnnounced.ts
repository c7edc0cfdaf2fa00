import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events already announced (src/services/alerts): an event is announced `new` once and
 * `confirmed` once, however often its triggers fire (participants written in several
 * statements, a merge re-adding them, two jobs at once). Both alert_announced and alert_sent
 * are pruned by age (ALERT_SENT_RETENTION_DAYS), hence the indexes on `at`.
 */
export class AlertAnnounced1732000021200 implements MigrationInterface {
  name = 'AlertAnnounced1732000021200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alert_announced (
        event_id integer NOT NULL REFERENCES event(id) ON DELETE CASCADE,
        reason text NOT NULL CHECK (reason IN ('new', 'confirmed')),
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, reason)
      );
      CREATE INDEX alert_announced_at_idx ON alert_announced (at);
      CREATE INDEX alert_sent_at_idx ON alert_sent (at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX alert_sent_at_idx; DROP TABLE alert_announced`);
  }
}
