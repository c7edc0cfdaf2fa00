import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts already queued to each webhook: an article's or event's alert of one kind goes to a
 * webhook once, however often its triggers fire (an event merge re-adds participants).
 */
export class AlertSent1732000021100 implements MigrationInterface {
  name = 'AlertSent1732000021100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alert_sent (
        webhook_id integer NOT NULL REFERENCES alert_webhook(id) ON DELETE CASCADE,
        -- 'article:<id>' or 'event:<id>', as alert_delivery.subject
        subject text NOT NULL,
        -- 'published', 'new' or 'confirmed'
        kind text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (webhook_id, subject, kind)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE alert_sent`);
  }
}
