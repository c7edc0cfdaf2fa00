import { createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { DataSource } from 'typeorm';
import { toGlobalId } from '../../schema/global-id';
import { articleFilterConditions, parseArticleFilter, type ArticleFilterInput, type ParsedArticleFilter } from '../articles/article-filter';
import type { AlertHub } from './hub';
import { AddressRefused, bareHost, nonPublicKind, publicOnlyLookup } from './webhook-address';

type Queryable = Pick<DataSource, 'query'>;

/** The job queue's tasks (src/services/jobs/worker.ts runs them); the first two are queued by triggers (migration Alerts), the last by the worker's crontab. */
export const ALERT_TASK = { articles: 'alert_articles', events: 'alert_events', delivery: 'alert_delivery', retention: 'alert_retention' } as const;

/** What `eventAlert` yields: the event's id and why it is announced. */
export interface EventAlertRow {
  eventId: number;
  reason: 'new' | 'confirmed';
}

export interface AlertDeliveryPayload {
  webhookId: number;
  deliveryId: string;
  subject: 'article' | 'event';
  id: number;
  /** For events: why (`new` or `confirmed`). */
  reason?: 'new' | 'confirmed';
  attempt: number;
}

export interface WebhookRetry {
  /** The first retry's wait; each next one waits twice as long. */
  baseMs: number;
  /** Attempts in all, the first included. */
  maxAttempts: number;
  timeoutMs: number;
}

export const DEFAULT_WEBHOOK_RETRY: WebhookRetry = { baseMs: 30_000, maxAttempts: 6, timeoutMs: 10_000 };

/** The ids among `ids` of the articles the filter selects. */
export async function articlesMatching(ds: Queryable, filter: ParsedArticleFilter, ids: readonly number[]): Promise<number[]> {
  const params: unknown[] = [ids];
  const conditions = articleFilterConditions(filter, (value) => `$${params.push(value)}`);
  const rows: { id: number }[] = await ds.query(
    `SELECT a.id FROM article a WHERE a.id = ANY($1::int[])${conditions.map((c) => ` AND ${c}`).join('')} ORDER BY a.id`,
    params,
  );
  return rows.map((r) => r.id);
}

/** The ids among `ids` of the events one of `entityIds` takes part in (confirmed ones only when asked). */
export async function eventsInvolving(ds: Queryable, entityIds: readonly number[], ids: readonly number[], confirmedOnly: boolean): Promise<number[]> {
  const rows: { id: number }[] = await ds.query(
    `SELECT DISTINCT e.id FROM event e JOIN event_participant p ON p.event_id = e.id
      WHERE e.id = ANY($1::int[]) AND p.entity_id = ANY($2::int[]) AND (NOT $3 OR e.status = 'confirmed') ORDER BY e.id`,
    [ids, entityIds, confirmedOnly],
  );
  return rows.map((r) => r.id);
}

/**
 * Queues the deliveries not queued before: alert_sent keeps one row per webhook, subject and
 * kind, so an alert announced again (an event merge re-adding participants, a retried job)
 * reaches each webhook once. One statement: concurrent announcements wait on the key.
 */
async function queueDeliveries(ds: Queryable, deliveries: AlertDeliveryPayload[]): Promise<void> {
  if (!deliveries.length) return;
  await ds.query(
    `WITH d AS (SELECT d, (d->>'webhookId')::int AS webhook_id, (d->>'subject') || ':' || (d->>'id') AS subject, coalesce(d->>'reason', 'published') AS kind
                  FROM unnest($2::json[]) d),
          sent AS (INSERT INTO alert_sent (webhook_id, subject, kind) SELECT webhook_id, subject, kind FROM d
                   ON CONFLICT DO NOTHING RETURNING webhook_id, subject, kind)
     SELECT graphile_worker.add_job($1, d.d, max_attempts := 1) FROM d JOIN sent USING (webhook_id, subject, kind)`,
    [ALERT_TASK.delivery, deliveries.map((d) => JSON.stringify(d))],
  );
}

/** Job `alert_articles`: tells subscribers (every instance, through the hub) and queues a delivery per webhook whose filter matches. */
export async function announceArticles(ds: DataSource, hub: AlertHub, ids: number[]): Promise<void> {
  await hub.publish({ type: 'articles', ids });
  const hooks: { id: number; article_filter: ArticleFilterInput }[] = await ds.query(`SELECT id, article_filter FROM alert_webhook WHERE article_filter IS NOT NULL ORDER BY id`);
  const deliveries: AlertDeliveryPayload[] = [];
  for (const hook of hooks) {
    // Stored as given and checked at registration: dates come back as strings.
    const f = hook.article_filter;
    const filter = parseArticleFilter({ ...f, publishedFrom: f.publishedFrom ? new Date(f.publishedFrom) : null, publishedTo: f.publishedTo ? new Date(f.publishedTo) : null });
    for (const id of await articlesMatching(ds, filter, ids)) {
      deliveries.push({ webhookId: hook.id, deliveryId: randomUUID(), subject: 'article', id, attempt: 1 });
    }
  }
  await queueDeliveries(ds, deliveries);
}

/**
 * Job `alert_events`: the same for events, matched by the entities taking part, each event
 * announced once per reason. Triggers fire per statement, so an event whose participants are
 * written in several statements, or that a merge adds participants to, queues several jobs:
 * the first to record (event, reason) in alert_announced announces it, the others find it
 * recorded. The record is an insert on the key (a concurrent job waits for it, then finds it),
 * and the announcement is published and the deliveries queued before it commits: a job that
 * fails leaves nothing recorded and is retried.
 */
export async function announceEvents(ds: DataSource, hub: AlertHub, ids: number[], reason: 'new' | 'confirmed'): Promise<void> {
  await ds.transaction(async (m) => {
    // In id order, so two jobs over the same events take their keys in the same order (no deadlock).
    const recorded: { event_id: number }[] = await m.query(
      `INSERT INTO alert_announced (event_id, reason)
       SELECT e.id, $2 FROM event e WHERE e.id = ANY($1::int[]) AND EXISTS (SELECT 1 FROM event_participant p WHERE p.event_id = e.id) ORDER BY e.id
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [ids, reason],
    );
    const announced = recorded.map((r) => r.event_id).sort((a, b) => a - b);
    if (!announced.length) return;
    await hub.publish({ type: 'events', ids: announced, reason });
    const hooks: { id: number; event_entity_ids: number[]; events_confirmed_only: boolean }[] = await m.query(
      `SELECT id, event_entity_ids, events_confirmed_only FROM alert_webhook WHERE event_entity_ids IS NOT NULL ORDER BY id`,
    );
    const deliveries: AlertDeliveryPayload[] = [];
    for (const hook of hooks) {
      for (const id of await eventsInvolving(m, hook.event_entity_ids, announced, hook.events_confirmed_only)) {
        deliveries.push({ webhookId: hook.id, deliveryId: randomUUID(), subject: 'event', id, reason, attempt: 1 });
      }
    }
    await queueDeliveries(m, deliveries);
  });
}

/** ALERT_SENT_RETENTION_DAYS when not set. */
export const DEFAULT_ALERT_RETENTION_DAYS = 30;

/**
 * Job `alert_retention` (hourly, src/services/jobs/worker.ts): forgets what was announced
 * (alert_announced) and queued to webhooks (alert_sent) more than `days` ago. An event
 * re-announced after that (a merge months later) alerts again.
 */
export async function pruneAlertRecords(ds: Queryable, days: number): Promise<{ announced: number; sent: number }> {
  const [{ announced, sent }]: { announced: number; sent: number }[] = await ds.query(
    `WITH a AS (DELETE FROM alert_announced WHERE at < now() - make_interval(days => $1) RETURNING 1),
          s AS (DELETE FROM alert_sent WHERE at < now() - make_interval(days => $1) RETURNING 1)
     SELECT (SELECT count(*) FROM a)::int AS announced, (SELECT count(*) FROM s)::int AS sent`,
    [days],
  );
  return { announced, sent };
}

/** What a webhook receives: the alert's kind, its delivery id (the same on every retry) and the public fields of the article or event. */
async function alertBody(ds: Queryable, p: AlertDeliveryPayload): Promise<string | null> {
  const [row] =
    p.subject === 'article'
      ? await ds.query(
          `SELECT a.id, a.slug, a.title, a.url, a.language, a.published_at AS "publishedAt", s.slug AS source,
                  ARRAY(SELECT ae.entity_id FROM article_entity ae WHERE ae.article_id = a.id ORDER BY ae.first_start) AS entities
             FROM article a LEFT JOIN source s ON s.id = a.source_id WHERE a.id = $1`,
          [p.id],
        )
      : await ds.query(
          `SELECT e.id, e.slug, e.title, e.kind, e.date, e.status,
                  ARRAY(SELECT p.entity_id FROM event_participant p WHERE p.event_id = e.id ORDER BY p.entity_id) AS entities
             FROM event e WHERE e.id = $1`,
          [p.id],
        );
  if (!row) return null;
  const entityIds: number[] = row.entities;
  const kinds: { id: number; kind: 'person' | 'organization' | 'place' }[] = await ds.query(`SELECT id, kind FROM entity WHERE id = ANY($1)`, [entityIds]);
  const kindOf = new Map(kinds.map((k) => [k.id, k.kind]));
  const type = { person: 'Person', organization: 'Organization', place: 'Place' } as const;
  const entities = entityIds.filter((id) => kindOf.has(id)).map((id) => toGlobalId(type[kindOf.get(id)!], id));
  const data =
    p.subject === 'article'
      ? { id: toGlobalId('Article', row.id), slug: row.slug, title: row.title, url: row.url, language: row.language, publishedAt: new Date(row.publishedAt).toISOString(), source: row.source, entities }
      : { id: toGlobalId('Event', row.id), slug: row.slug, title: row.title, kind: String(row.kind).toUpperCase(), date: row.date, status: String(row.status).toUpperCase(), entities };
  return JSON.stringify({ type: p.subject === 'article' ? 'article.published' : `event.${p.reason ?? 'new'}`, deliveryId: p.deliveryId, webhookId: p.webhookId, data });
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: what the receiver recomputes with its secret. */
export function signature(secret: string, body: string, at = Math.floor(Date.now() / 1000)): string {
  return `t=${at},v1=${createHmac('sha256', secret).update(`${at}.${body}`).digest('hex')}`;
}

/**
 * POSTs a signed body; the outcome and how long it took. Redirects are not followed. Unless
 * `allowPrivate`, the connection goes only to a public address checked at connect time
 * (`refused` when the host is not one).
 */
export async function postSigned(url: string, secret: string, body: string, headers: Record<string, string>, timeoutMs: number, allowPrivate: boolean) {
  const started = performance.now();
  const target = new URL(url);
  const outcome = (statusCode: number | null, error: string | null, refused = false) => ({
    ok: statusCode !== null && statusCode >= 200 && statusCode < 300, statusCode, error: error?.slice(0, 200) ?? null, refused, ms: performance.now() - started,
  });
  const host = bareHost(target);
  const literalKind = !allowPrivate && isIP(host) ? nonPublicKind(host) : null; // no lookup for a literal address
  if (literalKind) return outcome(null, `${host} is a ${literalKind} address; webhooks go to public addresses`, true);
  try {
    const statusCode = await new Promise<number>((resolve, reject) => {
      const request = (target.protocol === 'https:' ? https : http).request(target, {
        method: 'POST', agent: false, signal: AbortSignal.timeout(timeoutMs), lookup: allowPrivate ? undefined : publicOnlyLookup,
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'entity-news-webhooks', 'x-entity-news-signature': signature(secret, body), ...headers },
      }, (res) => {
        res.on('error', reject).on('end', () => resolve(res.statusCode ?? 0)).resume();
      });
      request.on('error', reject).end(body);
    });
    return outcome(statusCode, statusCode >= 200 && statusCode < 300 ? null : `HTTP ${statusCode}`);
  } catch (e) {
    if (e instanceof AddressRefused) return outcome(null, e.message, true);
    const error = (e as Error).name === 'AbortError' ? `no answer within ${timeoutMs} ms` : ((e as NodeJS.ErrnoException).code ?? (e as Error).message);
    return outcome(null, String(error));
  }
}

/**
 * Job `alert_delivery`: one attempt, logged in alert_delivery. A failed attempt queues the
 * next after retry.baseMs × 2^(attempt − 1), until retry.maxAttempts; the job itself
 * succeeds, so the queue's own retries never double a delivery. The address is checked
 * again at each attempt (postSigned), so DNS re-pointed since registration is refused.
 */
export async function deliverAlert(ds: DataSource, p: AlertDeliveryPayload, retry: WebhookRetry, allowPrivate: boolean): Promise<void> {
  const [hook]: { url: string; secret: string }[] = await ds.query(`SELECT url, secret FROM alert_webhook WHERE id = $1`, [p.webhookId]);
  if (!hook) return; // deleted meanwhile
  const body = await alertBody(ds, p);
  if (body === null) return; // the article or event is gone
  const result = await postSigned(hook.url, hook.secret, body, { 'x-entity-news-delivery': p.deliveryId, 'x-entity-news-attempt': String(p.attempt) }, retry.timeoutMs, allowPrivate);
  const last = p.attempt >= retry.maxAttempts || result.refused; // a refused address is not retried
  const outcome = result.ok ? 'delivered' : last ? 'failed' : 'retrying';
  await ds.transaction(async (manager) => {
    await manager.query(
      `INSERT INTO alert_delivery (webhook_id, delivery_id, subject, attempt, outcome, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [p.webhookId, p.deliveryId, `${p.subject}:${p.id}`, p.attempt, outcome, result.statusCode, result.error, Math.round(result.ms)],
    );
    if (outcome === 'retrying') {
      await manager.query(`SELECT graphile_worker.add_job($1, $2::json, run_at := now() + $3 * interval '1 millisecond', max_attempts := 1)`, [
        ALERT_TASK.delivery, JSON.stringify({ ...p, attempt: p.attempt + 1 }), retry.baseMs * 2 ** (p.attempt - 1),
      ]);
    }
  });
}
