import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, type Client } from 'graphql-ws';
import pino from 'pino';
import WebSocket from 'ws';
import { randomUUID } from 'node:crypto';
import { toGlobalId } from '../../../src/schema/global-id';
import { announceEvents, deliverAlert } from '../../../src/services/alerts/alerts';
import { createAlertHub, type AlertHub, type AlertMessage } from '../../../src/services/alerts/hub';
import { ensureQueue } from '../../../src/services/jobs/queue';
import { startJobWorker, type JobWorker } from '../../../src/services/jobs/worker';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { deleteRedisKeys, describeWithRedis, REDIS_URL, testRedisPrefix } from '../../support/redis';
import { startTestServer, type TestServer } from '../../support/server';
import { createTestToken } from '../../support/tokens';
import { buildNewsroom, type Newsroom } from '../../resolvers/newsroom';

/** A real HTTP receiver: records every request, answers the queued statuses (then 200). */
function startReceiver() {
  const requests: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const statuses: number[] = [];
  const waiters: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ headers: req.headers, body });
      res.writeHead(statuses.shift() ?? 200).end();
      for (const w of waiters.splice(0)) w();
    });
  });
  return {
    requests,
    statuses,
    async listen() {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/news`;
    },
    async until(predicate: () => boolean, ms = 15000) {
      const deadline = Date.now() + ms;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error('the receiver did not get what was expected in time');
        await new Promise<void>((r) => { waiters.push(r); setTimeout(r, 100); });
      }
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const verify = (secret: string, header: string, body: string) => {
  const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) ?? [];
  return v1 === createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
};

describeWithRedis('alerts across instances: subscriptions through Redis, webhooks through the job queue', () => {
  const prefix = testRedisPrefix('alerts');
  let db: TestDatabase;
  let one: TestServer;
  let two: TestServer;
  let worker: JobWorker;
  let room: Newsroom;
  let editor: Record<string, string>;
  const clients: Client[] = [];
  const receiver = startReceiver();
  let hookUrl: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    room = await buildNewsroom(db.dataSource); // before the queue exists: these raise no alert
    await ensureQueue(db.url);
    const env = { REDIS_URL, REDIS_PREFIX: prefix };
    // The receiver listens on 127.0.0.1: `one` and the worker allow private addresses, `two` keeps the default.
    one = await startTestServer({ db, env: { ...env, ALERT_WEBHOOK_ALLOW_PRIVATE: 'true' } });
    two = await startTestServer({ db, env });
    worker = await startJobWorker({
      dataSource: db.dataSource, connectionString: db.url, logger: pino({ level: 'silent' }), pollIntervalMs: 50,
      alerts: { redis: { redisUrl: REDIS_URL, redisPrefix: prefix }, retry: { baseMs: 200, maxAttempts: 3, timeoutMs: 2000 }, allowPrivate: true, retentionDays: 7 },
    });
    editor = (await createTestToken(db.dataSource, 'editor')).headers;
    hookUrl = await receiver.listen();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await worker?.stop();
    await Promise.all([one?.close(), two?.close(), receiver.close()]);
    await db?.drop();
    await deleteRedisKeys(REDIS_URL, prefix);
  });

  const EVENT_ALERT = `subscription($entities: [ID!]!) { eventAlert(entities: $entities) { reason event { slug } } }`;

  function subscribe(query: string, variables: Record<string, unknown>) {
    const client = createClient({ url: `${two.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, onNonLazyError: () => {} });
    clients.push(client);
    const events: any[] = [];
    const errors: unknown[] = [];
    client.subscribe({ query, variables }, { next: (e) => void events.push(e), error: (e) => void errors.push(e), complete: () => {} });
    return { events, errors, connected: new Promise<void>((r) => client.on('connected', () => r())) };
  }
  const eventually = async (check: () => boolean, ms = 15000) => {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  let probes = 0;
  /**
   * Writes probes until every subscription has heard the last one (each is listening: a
   * subscription is set up some time after its client connects), then forgets what they heard.
   */
  async function untilListening(subs: { events: any[]; connected: Promise<void> }[], writeProbe: (slug: string) => Promise<unknown>, heardProbe: (alert: any, slug: string) => boolean) {
    await Promise.all(subs.map((sub) => sub.connected));
    for (let tries = 0; ; tries++) {
      if (tries === 30) throw new Error('the subscriptions never heard a probe');
      const slug = `probe-${++probes}`;
      const heard = () => subs.every((sub) => sub.events.some((e) => heardProbe(e.data, slug)));
      await writeProbe(slug);
      for (let i = 0; i < 40 && !heard(); i++) await new Promise((r) => setTimeout(r, 50));
      if (heard()) break;
    }
    for (const sub of subs) sub.events.length = 0;
  }
  /** untilListening, for event subscriptions: a new event involving `entityIds`. */
  const listening = (subs: { events: any[]; connected: Promise<void> }[], entityIds: number[], status = 'proposed') =>
    untilListening(subs, async (slug) => {
      const [{ id }] = await db.dataSource.query(`INSERT INTO event (slug, kind, title, status) VALUES ($1, 'meeting', $1, $2) RETURNING id`, [slug, status]);
      await db.dataSource.query(`INSERT INTO event_participant (event_id, entity_id, role) SELECT $1, unnest($2::int[]), 'guest'`, [id, entityIds]);
    }, (data, slug) => data.eventAlert.event.slug === slug);

  /** An article as ingestion writes it: the row, then its mentions' summary, in one transaction. */
  async function writeArticle(slug: string, body: string, entityIds: number[]) {
    return db.dataSource.transaction(async (m) => {
      const [{ id }] = await m.query(
        `INSERT INTO article (slug, title, body, language, published_at, content_hash) VALUES ($1, $1, $2, 'fr', now(), $1) RETURNING id`, [slug, body]);
      for (const [i, entityId] of entityIds.entries()) {
        await m.query(`INSERT INTO article_entity (article_id, entity_id, mentions, first_start, published_at) VALUES ($1, $2, 1, $3, now())`, [id, entityId, i]);
      }
      return id as number;
    });
  }

  const bySlug = (a: { event: { slug: string } }, b: { event: { slug: string } }) => a.event.slug.localeCompare(b.event.slug);

  it('tells a subscriber on another instance of new articles matching its filter, and of new or confirmed events', async () => {
    const zoe = toGlobalId('Person', room.people[1]);
    const anne = room.people[2];
    const articles = subscribe(`subscription($filter: ArticleFilter!) { articleAdded(filter: $filter) { id slug } }`, { filter: { mentionsAll: [zoe], search: 'Bruxelles' } });
    const events = subscribe(EVENT_ALERT, { entities: [toGlobalId('Person', anne)] });
    const confirmed = subscribe(`subscription($entities: [ID!]!) { eventAlert(entities: $entities, confirmedOnly: true) { reason event { slug } } }`, { entities: [toGlobalId('Person', anne)] });
    await listening([events, confirmed], [anne], 'confirmed');
    await untilListening([articles], (slug) => writeArticle(slug, 'Zoë Martin est à Bruxelles.', [room.people[1]]), (data, slug) => data.articleAdded.slug === slug);

    await writeArticle('zoe-in-brussels', 'Zoë Martin est à Bruxelles.', [room.people[1]]);
    await writeArticle('zoe-elsewhere', 'Zoë Martin est à Anvers.', [room.people[1]]);
    await writeArticle('brussels-without-zoe', 'Rien à Bruxelles.', [room.people[0]]);
    const event = async (slug: string, status: string) => {
      const [{ id }] = await db.dataSource.query(`INSERT INTO event (slug, kind, title, status) VALUES ($1, 'meeting', $1, $2) RETURNING id`, [slug, status]);
      await db.dataSource.query(`INSERT INTO event_participant (event_id, entity_id, role) VALUES ($1, $2, 'guest'), ($1, $3, 'host')`, [id, anne, room.people[0]]);
      return id as number;
    };
    await event('anne-meets', 'confirmed');
    const proposed = await event('anne-maybe', 'proposed');
    await eventually(() => articles.events.length >= 1 && events.events.length >= 2 && confirmed.events.length >= 1);
    await db.dataSource.query(`UPDATE event SET status = 'confirmed' WHERE id = $1`, [proposed]);
    await eventually(() => events.events.length >= 3 && confirmed.events.length >= 2);
    await new Promise((r) => setTimeout(r, 500)); // nothing else arrives
    expect(articles.errors).toEqual([]);
    expect(articles.events.map((e) => e.data.articleAdded.slug)).toEqual(['zoe-in-brussels']);
    // The two events' jobs may run in either order; the confirmation, written once both were heard, comes last.
    const alerts = events.events.map((e) => e.data.eventAlert);
    expect(alerts).toHaveLength(3);
    expect(alerts.slice(0, 2).sort(bySlug)).toEqual([{ reason: 'NEW', event: { slug: 'anne-maybe' } }, { reason: 'NEW', event: { slug: 'anne-meets' } }]);
    expect(alerts[2]).toEqual({ reason: 'CONFIRMED', event: { slug: 'anne-maybe' } });
    expect(confirmed.events.map((e) => e.data.eventAlert)).toEqual([{ reason: 'NEW', event: { slug: 'anne-meets' } }, { reason: 'CONFIRMED', event: { slug: 'anne-maybe' } }]);
  });

  const CREATE = `mutation($input: AlertWebhookInput!) { createAlertWebhook(input: $input) { secret webhook { id url sendsArticles sendsEvents } userErrors { field code message } } }`;
  const DELIVERIES = `{ alertWebhooks { id deliveries { deliveryId subject attempt outcome statusCode error } } }`;

  it('posts a signed alert to a registered webhook, retries with backoff after a failure, and logs every attempt', async () => {
    const created = await one.gql(CREATE, { input: { url: hookUrl, articles: { mentionsAny: [toGlobalId('Place', room.places.morocco)] } } }, editor);
    expect(created.errors).toBeUndefined();
    const { secret, webhook, userErrors } = created.data.createAlertWebhook;
    expect(userErrors).toEqual([]);
    expect(webhook).toMatchObject({ url: hookUrl, sendsArticles: true, sendsEvents: false });
    // The ping came first, signed.
    expect(JSON.parse(receiver.requests[0].body).type).toBe('ping');
    expect(verify(secret, String(receiver.requests[0].headers['x-entity-news-signature']), receiver.requests[0].body)).toBe(true);

    receiver.statuses.push(500);
    const id = await writeArticle('morocco-news', 'Le Maroc et la Belgique.', [room.places.morocco]);
    await receiver.until(() => receiver.requests.length >= 3);
    const [first, second] = receiver.requests.slice(1);
    expect(first.headers['x-entity-news-delivery']).toBe(second.headers['x-entity-news-delivery']);
    expect([first.headers['x-entity-news-attempt'], second.headers['x-entity-news-attempt']]).toEqual(['1', '2']);
    expect(verify(secret, String(second.headers['x-entity-news-signature']), second.body)).toBe(true);
    expect(verify('another secret', String(second.headers['x-entity-news-signature']), second.body)).toBe(false);
    expect(JSON.parse(second.body)).toMatchObject({
      type: 'article.published', deliveryId: first.headers['x-entity-news-delivery'],
      data: { id: toGlobalId('Article', id), slug: 'morocco-news', entities: [toGlobalId('Place', room.places.morocco)] },
    });
    // The attempt is logged once the receiver has answered.
    let log = await one.gql(DELIVERIES, {}, editor);
    for (let i = 0; i < 100 && log.data.alertWebhooks[0].deliveries.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      log = await one.gql(DELIVERIES, {}, editor);
    }
    expect(log.data.alertWebhooks[0].deliveries.map((d: any) => [d.subject, d.attempt, d.outcome, d.statusCode, d.error])).toEqual([
      [`article:${id}`, 2, 'DELIVERED', 200, null], [`article:${id}`, 1, 'RETRYING', 500, 'HTTP 500'],
    ]);
  });

  it('refuses an unreachable URL, a malformed one, a bad filter and an anonymous caller', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const cases: [Record<string, unknown>, object][] = [
      [{ url: `http://127.0.0.1:${port}/gone`, articles: {} }, { field: 'url', code: 'UNREACHABLE' }],
      [{ url: 'ftp://example.org/x', articles: {} }, { field: 'url', code: 'INVALID' }],
      [{ url: hookUrl, articles: { mentionsAll: ['nope'] } }, { field: 'articles.mentionsAll[0]', code: 'INVALID' }],
      [{ url: hookUrl }, { field: null, code: 'INVALID' }],
      [{ url: hookUrl, eventsInvolving: [toGlobalId('Person', 999999)] }, { field: 'eventsInvolving[0]', code: 'NOT_FOUND' }],
    ];
    for (const [input, error] of cases) {
      const res = await one.gql(CREATE, { input }, editor);
      expect(res.data.createAlertWebhook).toMatchObject({ webhook: null, secret: null, userErrors: [error] });
    }
    const anonymous = await one.gql(CREATE, { input: { url: hookUrl, articles: {} } });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const bad = await one.gql(`subscription { articleAdded(filter: { search: "" }) { id } }`);
    expect(bad.errors?.[0]).toBeDefined();
  });

  it('refuses webhooks to loopback, private and link-local addresses by default, at registration and again at delivery', async () => {
    const port = new URL(hookUrl).port;
    const before = receiver.requests.length;
    for (const host of ['127.0.0.1', '10.1.2.3', '169.254.169.254', '[::1]', 'localhost', '[::ffff:127.0.0.1]']) {
      const res = await two.gql(CREATE, { input: { url: `http://${host}:${port}/hooks/news`, articles: {} } }, editor);
      expect(res.data.createAlertWebhook).toMatchObject({ webhook: null, secret: null, userErrors: [{ field: 'url', code: 'INVALID' }] });
      expect(res.data.createAlertWebhook.userErrors[0].message).toMatch(/is a (loopback|private|link-local) address; webhooks go to public addresses/);
    }
    // A webhook stored when its name pointed elsewhere: the attempt checks the address again, refuses it, and does not retry.
    const [{ id: webhookId }] = await db.dataSource.query(
      `INSERT INTO alert_webhook (token_id, url, secret, article_filter) SELECT token_id, $1, 'k', '{}' FROM alert_webhook LIMIT 1 RETURNING id`,
      [`http://localhost:${port}/hooks/news`]);
    const [{ id: articleId }] = await db.dataSource.query(`SELECT id FROM article ORDER BY id LIMIT 1`);
    const retry = { baseMs: 10, maxAttempts: 3, timeoutMs: 2000 };
    await deliverAlert(db.dataSource, { webhookId, deliveryId: randomUUID(), subject: 'article', id: articleId, attempt: 1 }, retry, false);
    expect(receiver.requests.length).toBe(before);
    const log = await db.dataSource.query(`SELECT attempt, outcome, status_code AS "statusCode", error FROM alert_delivery WHERE webhook_id = $1`, [webhookId]);
    expect(log).toEqual([{ attempt: 1, outcome: 'failed', statusCode: null, error: expect.stringMatching(/^localhost resolves to (127\.0\.0\.1|::1), which is a loopback address/) }]);
    // With the setting, the same delivery goes through.
    await deliverAlert(db.dataSource, { webhookId, deliveryId: randomUUID(), subject: 'article', id: articleId, attempt: 1 }, retry, true);
    expect(receiver.requests.length).toBe(before + 1);
    await db.dataSource.query(`DELETE FROM alert_webhook WHERE id = $1`, [webhookId]);
  });

  /** Until no alert job is queued or running (completed jobs leave the table). */
  const alertJobsDone = async () => {
    for (let i = 0; i < 300; i++) {
      const [{ count }] = await db.dataSource.query(`SELECT count(*)::int AS count FROM graphile_worker.jobs WHERE task_identifier IN ('alert_events', 'alert_articles', 'alert_delivery')`);
      if (count === 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('alert jobs still queued');
  };
  /** A subscriber's event alerts as [reason, slug], sorted: which events and why is the contract, not the order jobs ran in. */
  const heard = (sub: { events: any[] }) => sub.events.map((e) => [e.data.eventAlert.reason, e.data.eventAlert.event.slug]).sort();

  it('announces an event NEW once to subscribers and webhooks, however many statements write its participants, and not again when a merge re-adds them', async () => {
    const anne = room.people[2];
    const ofAnne = subscribe(EVENT_ALERT, { entities: [toGlobalId('Person', anne)] });
    const ofZoe = subscribe(EVENT_ALERT, { entities: [toGlobalId('Person', room.people[1])] });
    await listening([ofAnne, ofZoe], [anne, room.people[1]]);
    const created = await one.gql(CREATE, { input: { url: hookUrl, eventsInvolving: [toGlobalId('Person', anne)] } }, editor);
    expect(created.data.createAlertWebhook.userErrors).toEqual([]);
    const webhookId = Buffer.from(created.data.createAlertWebhook.webhook.id, 'base64url').toString().split(':')[1];
    const eventAlerts = () => receiver.requests.map((r) => JSON.parse(r.body)).filter((b) => b.type.startsWith('event.') && b.webhookId === Number(webhookId));
    const addEvent = (slug: string) => db.dataSource.query(`INSERT INTO event (slug, kind, title, status) VALUES ($1, 'meeting', $1, 'proposed') RETURNING id`, [slug]).then(([r]) => r.id as number);
    const addParticipant = (q: { query(sql: string, params: unknown[]): Promise<unknown> }, eventId: number, entityId: number) =>
      q.query(`INSERT INTO event_participant (event_id, entity_id, role) VALUES ($1, $2, 'guest')`, [eventId, entityId]);

    // One participant per statement, in one transaction: two jobs, after the commit.
    const kept = await addEvent('anne-summit');
    await db.dataSource.transaction(async (m) => {
      await addParticipant(m, kept, anne);
      await addParticipant(m, kept, room.people[0]);
    });
    // One per statement and transaction, the first job done before the second statement: the
    // event is announced with Anne alone, and Zoë, who joins it after, gets no NEW (docs/analytics.md).
    const gone = await addEvent('anne-summit-bis');
    await addParticipant(db.dataSource, gone, anne);
    await receiver.until(() => eventAlerts().length >= 2);
    await eventually(() => ofAnne.events.length >= 2);
    await alertJobsDone();
    await addParticipant(db.dataSource, gone, room.people[1]);
    await alertJobsDone();
    const merged = await one.gql(`mutation($from: ID!, $into: ID!) { mergeEvents(from: $from, into: $into) { userErrors { code } } }`,
      { from: toGlobalId('Event', gone), into: toGlobalId('Event', kept) }, editor);
    expect(merged.data.mergeEvents.userErrors).toEqual([]);
    await alertJobsDone(); // the merge's trigger queued its job in the merge's transaction
    await new Promise((r) => setTimeout(r, 500)); // and what it might have announced has reached the subscribers
    expect(eventAlerts().map((b) => [b.type, b.data.slug]).sort()).toEqual([['event.new', 'anne-summit'], ['event.new', 'anne-summit-bis']]);
    expect(heard(ofAnne)).toEqual([['NEW', 'anne-summit'], ['NEW', 'anne-summit-bis']]);
    // Zoë joined anne-summit-bis after its announcement, and anne-summit by the merge: neither is new.
    expect(heard(ofZoe)).toEqual([]);

    // A different reason for the same event still goes, once: confirmed again after a step back says nothing more.
    await db.dataSource.query(`UPDATE event SET status = 'confirmed' WHERE id = $1`, [kept]);
    await receiver.until(() => eventAlerts().length >= 3);
    await eventually(() => ofAnne.events.length >= 3 && ofZoe.events.length >= 1);
    await alertJobsDone();
    await db.dataSource.query(`UPDATE event SET status = 'proposed' WHERE id = $1`, [kept]);
    await db.dataSource.query(`UPDATE event SET status = 'confirmed' WHERE id = $1`, [kept]);
    await alertJobsDone();
    await new Promise((r) => setTimeout(r, 500));
    expect(eventAlerts().slice(2).map((b) => [b.type, b.data.slug])).toEqual([['event.confirmed', 'anne-summit']]);
    expect(heard(ofAnne)).toEqual([['CONFIRMED', 'anne-summit'], ['NEW', 'anne-summit'], ['NEW', 'anne-summit-bis']]);
    expect(heard(ofZoe)).toEqual([['CONFIRMED', 'anne-summit']]);
    expect([ofAnne.errors, ofZoe.errors]).toEqual([[], []]);
  });

  it('announces an event once when two of its jobs run at the same time', async () => {
    const anne = room.people[2];
    const sub = subscribe(EVENT_ALERT, { entities: [toGlobalId('Person', anne)] });
    await listening([sub], [anne]);
    await alertJobsDone(); // the probe's delivery to the webhook of the test before
    // Written with the alert trigger off (in this transaction only): the two jobs are the test's own, run side by side.
    const id: number = await db.dataSource.transaction(async (m) => {
      await m.query(`ALTER TABLE event_participant DISABLE TRIGGER alert_events_added`);
      const [{ id }] = await m.query(`INSERT INTO event (slug, kind, title, status) VALUES ('anne-twice', 'meeting', 'anne-twice', 'proposed') RETURNING id`);
      await m.query(`INSERT INTO event_participant (event_id, entity_id, role) VALUES ($1, $2, 'guest'), ($1, $3, 'host')`, [id, anne, room.people[0]]);
      await m.query(`ALTER TABLE event_participant ENABLE TRIGGER alert_events_added`);
      return id;
    });
    // The real hub, its publishing held open: the first job keeps its transaction open while the second starts.
    const hub = createAlertHub({ redisUrl: REDIS_URL, redisPrefix: prefix });
    await hub.ready;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const published: AlertMessage[] = [];
    const holding: AlertHub = { publish: async (m) => { published.push(m); await held; await hub.publish(m); }, listen: (l) => hub.listen(l), close: () => hub.close() };
    try {
      const first = announceEvents(db.dataSource, holding, [id], 'new');
      await eventually(() => published.length === 1);
      const second = announceEvents(db.dataSource, holding, [id], 'new');
      // The second waits on the first's record of the event.
      for (let waiting = 0; waiting < 1; ) {
        await new Promise((r) => setTimeout(r, 50));
        [{ waiting }] = await db.dataSource.query(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO alert_announced%'`);
      }
      release();
      await Promise.all([first, second]);
    } finally {
      release();
      await hub.close();
    }
    expect(published).toEqual([{ type: 'events', ids: [id], reason: 'new' }]);
    await eventually(() => sub.events.length >= 1);
    await alertJobsDone();
    await new Promise((r) => setTimeout(r, 500));
    expect(heard(sub)).toEqual([['NEW', 'anne-twice']]);
    const sent = receiver.requests.map((r) => JSON.parse(r.body)).filter((b) => b.type === 'event.new' && b.data.slug === 'anne-twice');
    expect(sent).toHaveLength(1); // the webhook of the test before, which follows Anne
  });

  it('forgets alerts announced and sent longer ago than the retention window, hourly, and keeps the recent ones', async () => {
    // The worker keeps 7 days (its options, from ALERT_SENT_RETENTION_DAYS in the service).
    const [{ id: webhookId }] = await db.dataSource.query(`SELECT id FROM alert_webhook ORDER BY id LIMIT 1`);
    const events: { id: number }[] = await db.dataSource.query(
      `INSERT INTO event (slug, kind, title, status) SELECT 'kept-' || n, 'meeting', 'kept', 'proposed' FROM generate_series(1, 2) n RETURNING id`);
    const [old, recent] = events.map((e) => e.id);
    await db.dataSource.query(
      `INSERT INTO alert_announced (event_id, reason, at) VALUES ($1, 'new', now() - interval '8 days'), ($2, 'new', now() - interval '6 days')`, [old, recent]);
    await db.dataSource.query(
      `INSERT INTO alert_sent (webhook_id, subject, kind, at) VALUES ($1, $2, 'new', now() - interval '8 days'), ($1, $3, 'new', now() - interval '6 days')`,
      [webhookId, `event:${old}`, `event:${recent}`]);
    // The crontab queues the task each hour; here it is queued now.
    await db.dataSource.query(`SELECT graphile_worker.add_job('alert_retention', '{}'::json)`);
    const remaining = async () => ({
      announced: (await db.dataSource.query(`SELECT event_id FROM alert_announced WHERE event_id = ANY($1) ORDER BY event_id`, [[old, recent]])).map((r: any) => r.event_id),
      sent: (await db.dataSource.query(`SELECT subject FROM alert_sent WHERE subject = ANY($1) ORDER BY subject`, [[`event:${old}`, `event:${recent}`]])).map((r: any) => r.subject),
    });
    for (let i = 0; i < 300 && (await remaining()).announced.length > 1; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await remaining()).toEqual({ announced: [recent], sent: [`event:${recent}`] });
    const [cron] = await db.dataSource.query(`SELECT identifier FROM graphile_worker._private_known_crontabs WHERE identifier = 'alert_retention'`);
    expect(cron).toEqual({ identifier: 'alert_retention' });
  });
});
