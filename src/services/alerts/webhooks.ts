import { randomBytes, randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import { userError, type UserError } from '../../schema/user-errors';
import { ENTITY_TYPES, expectGlobalId } from '../../schema/global-id';
import { parseArticleFilter, type ArticleFilterInput } from '../articles/article-filter';
import { postSigned } from './alerts';
import { AddressRefused, checkWebhookHost } from './webhook-address';

/** Webhooks one token may keep. */
export const MAX_WEBHOOKS = 20;
const MAX_ENTITIES = 20;
const PING_TIMEOUT_MS = 5000;

export interface AlertWebhookRow {
  id: number;
  url: string;
  articleFilter: ArticleFilterInput | null;
  eventEntityIds: number[] | null;
  eventsConfirmedOnly: boolean;
  createdAt: Date;
}

export interface AlertWebhookInput {
  url: string;
  articles?: ArticleFilterInput | null;
  eventsInvolving?: readonly string[] | null;
  confirmedEventsOnly?: boolean | null;
}

export interface CreatedWebhook {
  webhook: AlertWebhookRow | null;
  /** The signing key, shown once. */
  secret: string | null;
  userErrors: UserError[];
}

const SELECT = `SELECT id, url, article_filter AS "articleFilter", event_entity_ids AS "eventEntityIds", events_confirmed_only AS "eventsConfirmedOnly", created_at AS "createdAt" FROM alert_webhook`;

const refused = (...userErrors: UserError[]): CreatedWebhook => ({ webhook: null, secret: null, userErrors });

/**
 * Registers a webhook for the token: articles matching a filter and/or events involving
 * entities, POSTed signed (HMAC-SHA256 with the secret answered once). The URL must answer
 * a signed `ping` (any HTTP status) before it is stored. userErrors: INVALID, NOT_FOUND (an
 * entity), UNREACHABLE (no HTTP answer), CONFLICT (too many webhooks). Unless `allowPrivate`
 * (ALERT_WEBHOOK_ALLOW_PRIVATE), a host that resolves to a loopback, private, link-local,
 * unique-local, unspecified or multicast address is INVALID (field url).
 */
export async function createWebhook(ds: DataSource, tokenId: number, input: AlertWebhookInput, allowPrivate: boolean): Promise<CreatedWebhook> {
  let url: URL;
  try {
    url = new URL(input.url.trim());
  } catch {
    return refused(userError('url', 'INVALID', `url: expected an http(s) URL, got "${input.url.slice(0, 80)}"`));
  }
  if (!/^https?:$/.test(url.protocol) || url.href.length > 2000 || url.username || url.password) {
    return refused(userError('url', 'INVALID', 'url: expected an http(s) URL without credentials, at most 2,000 characters'));
  }
  if (input.articles == null && input.eventsInvolving == null) {
    return refused(userError(null, 'INVALID', 'give `articles` (a filter), `eventsInvolving` (entities), or both'));
  }
  try {
    if (input.articles != null) parseArticleFilter(input.articles, 'articles');
  } catch (e) {
    if (!(e instanceof GraphQLError)) throw e;
    return refused(userError(String(e.extensions.argument ?? 'articles'), 'INVALID', e.message));
  }
  let entityIds: number[] | null = null;
  if (input.eventsInvolving != null) {
    if (!input.eventsInvolving.length || input.eventsInvolving.length > MAX_ENTITIES) {
      return refused(userError('eventsInvolving', 'INVALID', `eventsInvolving: 1 to ${MAX_ENTITIES} entities, got ${input.eventsInvolving.length}`));
    }
    try {
      entityIds = input.eventsInvolving.map((id, i) => expectGlobalId(`eventsInvolving[${i}]`, id, ENTITY_TYPES).id);
    } catch (e) {
      if (!(e instanceof GraphQLError)) throw e;
      return refused(userError(String(e.extensions.argument), 'INVALID', e.message));
    }
    // A merged entity's id stands for the entity it was merged into, whose events it now has.
    const found: { requested: number; id: number }[] = await ds.query(`SELECT id AS requested, coalesce(merged_into_id, id) AS id FROM entity WHERE id = ANY($1)`, [entityIds]);
    const missing = entityIds.findIndex((id) => !found.some((f) => f.requested === id));
    if (missing >= 0) return refused(userError(`eventsInvolving[${missing}]`, 'NOT_FOUND', `eventsInvolving[${missing}]: no entity has this id`));
    entityIds = [...new Set(found.map((f) => f.id))];
  }
  const [{ count }] = await ds.query(`SELECT count(*)::int AS count FROM alert_webhook WHERE token_id = $1`, [tokenId]);
  if (count >= MAX_WEBHOOKS) return refused(userError(null, 'CONFLICT', `this token has ${MAX_WEBHOOKS} webhooks already: delete one first`));
  if (!allowPrivate) {
    const refusal = await checkWebhookHost(url).catch((e: NodeJS.ErrnoException) => e);
    if (refusal instanceof AddressRefused) return refused(userError('url', 'INVALID', `url: ${refusal.message}`));
    if (refusal) return refused(userError('url', 'UNREACHABLE', `url: ${url.hostname} does not resolve (${refusal.code ?? refusal.message})`));
  }
  const secret = randomBytes(32).toString('base64url');
  const ping = await postSigned(url.href, secret, JSON.stringify({ type: 'ping', deliveryId: randomUUID() }), {}, PING_TIMEOUT_MS, allowPrivate);
  if (ping.refused) return refused(userError('url', 'INVALID', `url: ${ping.error}`));
  if (ping.statusCode === null) return refused(userError('url', 'UNREACHABLE', `url: no HTTP answer from ${url.host} (${ping.error})`));
  const [row]: AlertWebhookRow[] = await ds.query(
    `WITH w AS (INSERT INTO alert_webhook (token_id, url, secret, article_filter, event_entity_ids, events_confirmed_only)
                VALUES ($1, $2, $3, $4, $5, $6) RETURNING *) ${SELECT.replace('alert_webhook', 'w')}`,
    [tokenId, url.href, secret, input.articles == null ? null : JSON.stringify(input.articles), entityIds, input.confirmedEventsOnly ?? false],
  );
  return { webhook: row, secret, userErrors: [] };
}

/** Deletes one of the token's webhooks (and its log); false when the token has none with the id. */
export async function deleteWebhook(ds: DataSource, tokenId: number, id: number): Promise<boolean> {
  const rows = await ds.query(`DELETE FROM alert_webhook WHERE id = $1 AND token_id = $2 RETURNING id`, [id, tokenId]);
  return rows.length > 0;
}

export async function webhooksOf(ds: Pick<DataSource, 'query'>, tokenId: number): Promise<AlertWebhookRow[]> {
  return ds.query(`${SELECT} WHERE token_id = $1 ORDER BY id`, [tokenId]);
}

export interface DeliveryRow {
  deliveryId: string;
  subject: string;
  attempt: number;
  outcome: 'delivered' | 'failed' | 'retrying';
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  at: Date;
}

/** A webhook's delivery log, newest attempt first. */
export async function deliveriesOf(ds: Pick<DataSource, 'query'>, webhookId: number, first: number): Promise<DeliveryRow[]> {
  return ds.query(
    `SELECT delivery_id AS "deliveryId", subject, attempt, outcome, status_code AS "statusCode", error, duration_ms AS "durationMs", at
       FROM alert_delivery WHERE webhook_id = $1 ORDER BY id DESC LIMIT $2`,
    [webhookId, first],
  );
}

/** Webhook ids are opaque like job ids, but no Node. */
export const toWebhookId = (id: number) => Buffer.from(`AlertWebhook:${id}`).toString('base64url');
export function fromWebhookId(globalId: string): number | null {
  const [type, raw, ...rest] = /^[A-Za-z0-9_-]{1,64}$/.test(globalId) ? Buffer.from(globalId, 'base64url').toString('utf8').split(':') : [];
  return type === 'AlertWebhook' && !rest.length && /^\d{1,9}$/.test(raw ?? '') ? Number(raw) : null;
}
