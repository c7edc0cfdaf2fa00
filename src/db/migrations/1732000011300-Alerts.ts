import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts (src/services/alerts): webhooks analysts register, the log of their deliveries, and
 * triggers that queue an alert job when articles or events are written. A job is added in the
 * writing transaction, so it runs only once that commits (and sees the article's mentions);
 * without the job queue's schema (graphile_worker) nothing is queued. A statement writing more
 * than 1,000 articles is a bulk load, not news: it raises no alert.
 */
export class Alerts1732000011300 implements MigrationInterface {
  name = 'Alerts1732000011300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alert_webhook (
        id serial PRIMARY KEY,
        -- the analyst's token; its webhooks go with it
        token_id integer NOT NULL REFERENCES api_token(id) ON DELETE CASCADE,
        url text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2000),
        -- HMAC-SHA256 key of the signature header
        secret text NOT NULL,
        -- articles: the ArticleFilter as given (checked again when matching); null: no article alerts
        article_filter jsonb,
        -- events involving any of these entities; null: no event alerts
        event_entity_ids integer[],
        events_confirmed_only boolean NOT NULL DEFAULT FALSE,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (article_filter IS NOT NULL OR event_entity_ids IS NOT NULL)
      );
      CREATE INDEX alert_webhook_token_idx ON alert_webhook (token_id, id);

      CREATE TABLE alert_delivery (
        id serial PRIMARY KEY,
        webhook_id integer NOT NULL REFERENCES alert_webhook(id) ON DELETE CASCADE,
        -- one alert, retried: the same delivery id on every attempt (receivers deduplicate by it)
        delivery_id uuid NOT NULL,
        subject text NOT NULL,
        attempt integer NOT NULL CHECK (attempt >= 1),
        outcome text NOT NULL CHECK (outcome IN ('delivered', 'failed', 'retrying')),
        status_code integer,
        error text,
        duration_ms integer NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      );
      -- a webhook's log, newest first
      CREATE INDEX alert_delivery_webhook_idx ON alert_delivery (webhook_id, id DESC);

      CREATE FUNCTION alert_queue(task text, payload json) RETURNS void LANGUAGE plpgsql AS $fn$
      BEGIN
        IF to_regnamespace('graphile_worker') IS NOT NULL THEN
          PERFORM graphile_worker.add_job(task, payload, max_attempts := 3);
        END IF;
      END $fn$;

      CREATE FUNCTION alert_articles_added() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE ids integer[];
      BEGIN
        SELECT array_agg(id ORDER BY id) INTO ids FROM (SELECT id FROM added_articles LIMIT 1001) a;
        IF ids IS NOT NULL AND cardinality(ids) <= 1000 THEN
          PERFORM alert_queue('alert_articles', json_build_object('articleIds', ids));
        END IF;
        RETURN NULL;
      END $fn$;
      CREATE TRIGGER alert_articles_added AFTER INSERT ON article
        REFERENCING NEW TABLE AS added_articles FOR EACH STATEMENT EXECUTE FUNCTION alert_articles_added();

      -- an event alerts once it has participants: when they are written
      CREATE FUNCTION alert_events_added() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE ids integer[];
      BEGIN
        SELECT array_agg(DISTINCT event_id) INTO ids FROM (SELECT event_id FROM added_participants LIMIT 5001) p;
        IF ids IS NOT NULL AND cardinality(ids) <= 1000 THEN
          PERFORM alert_queue('alert_events', json_build_object('eventIds', ids, 'reason', 'new'));
        END IF;
        RETURN NULL;
      END $fn$;
      CREATE TRIGGER alert_events_added AFTER INSERT ON event_participant
        REFERENCING NEW TABLE AS added_participants FOR EACH STATEMENT EXECUTE FUNCTION alert_events_added();

      CREATE FUNCTION alert_event_confirmed() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM alert_queue('alert_events', json_build_object('eventIds', ARRAY[NEW.id], 'reason', 'confirmed'));
        RETURN NULL;
      END $fn$;
      CREATE TRIGGER alert_event_confirmed AFTER UPDATE OF status ON event FOR EACH ROW
        WHEN (NEW.status = 'confirmed' AND OLD.status IS DISTINCT FROM 'confirmed') EXECUTE FUNCTION alert_event_confirmed();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER alert_event_confirmed ON event;
      DROP TRIGGER alert_events_added ON event_participant;
      DROP TRIGGER alert_articles_added ON article;
      DROP FUNCTION alert_event_confirmed(), alert_events_added(), alert_articles_added(), alert_queue(text, json);
      DROP TABLE alert_delivery, alert_webhook;
    `);
  }
}
