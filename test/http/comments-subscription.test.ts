import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { insertArticle, MODERATE_COMMENT, postComment, uniqueEmail } from '../support/comments';
import { startTestServer, type TestServer } from '../support/server';
import { createTestToken } from '../support/tokens';
import { deleteRedisKeys, describeWithRedis, REDIS_URL, testRedisPrefix } from '../support/redis';

const COMMENT_ADDED = `subscription ($articleId: ID!) {
  commentAdded(articleId: $articleId) { id body status authorName article { id commentCount } }
}`;

let server: TestServer;
let moderator: Record<string, string>;
const clients: Client[] = [];

beforeAll(async () => {
  server = await startTestServer({ env: { COMMENT_POLICY: 'auto-approve-known', COMMENT_RATE_PER_ADDRESS: '1000' } });
  moderator = (await createTestToken(server.db.dataSource, 'moderator')).headers;
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await server.close();
});

function connect(connectionParams?: Record<string, unknown>): Client {
  const client = createClient({ url: `${server.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: false, onNonLazyError: () => {} });
  clients.push(client);
  return client;
}

/** Collects a subscription's events; `next(n)` waits for the n-th. */
function subscribe(client: Client, articleId: string) {
  const events: any[] = [];
  const errors: unknown[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let started!: () => void;
  const ready = new Promise<void>((r) => (started = r));
  const unsubscribe = client.subscribe(
    { query: COMMENT_ADDED, variables: { articleId } },
    {
      next: (e) => {
        events.push(e);
        for (const w of waiters.filter((w) => events.length >= w.n)) w.resolve();
      },
      error: (e) => {
        errors.push(e);
        for (const w of waiters) w.resolve();
      },
      complete: () => {},
    },
  );
  client.on('connected', () => started());
  return {
    events,
    errors,
    ready,
    unsubscribe,
    next: (n: number) => new Promise<void>((resolve) => (events.length >= n || errors.length ? resolve() : waiters.push({ n, resolve }))),
  };
}

describe('commentAdded over graphql-ws', () => {
  it('delivers comments as they are approved, only for the subscribed article', async () => {
    const ds = server.db.dataSource;
    const article = await insertArticle(ds);
    const other = await insertArticle(ds);
    const client = connect();
    const sub = subscribe(client, article.globalId);
    await sub.ready;

    // A pending comment is not delivered; it is once a moderator approves it.
    const email = uniqueEmail();
    const pending = await postComment(server, { articleId: article.globalId, email, body: 'first, pending' });
    expect(pending.comment!.status).toBe('PENDING');
    await postComment(server, { articleId: other.globalId, body: 'elsewhere' });
    const approved = await server.gql(MODERATE_COMMENT, { id: pending.comment!.id, action: 'APPROVE' }, moderator);
    expect(approved.data.moderateComment.userErrors).toEqual([]);
    await sub.next(1);
    expect(sub.events[0].data.commentAdded).toEqual({
      id: pending.comment!.id, body: 'first, pending', status: 'APPROVED', authorName: 'A reader',
      article: { id: article.globalId, commentCount: 1 },
    });

    // The same author is now known: the next comment is approved at once and delivered live,
    // with the article's count read afresh.
    const known = await postComment(server, { articleId: article.globalId, email, body: 'second, auto-approved' });
    expect(known.comment!.status).toBe('APPROVED');
    await sub.next(2);
    expect(sub.events[1].data.commentAdded).toMatchObject({ id: known.comment!.id, body: 'second, auto-approved', article: { commentCount: 2 } });
    expect(sub.events).toHaveLength(2);
    expect(JSON.stringify(sub.events)).not.toContain(email);
    sub.unsubscribe();
  });

  it('refuses an id that is not an article\'s with BAD_USER_INPUT, and an unknown article with NOT_FOUND', async () => {
    const client = connect();
    const bad = subscribe(client, 'nonsense');
    await bad.next(1);
    expect(bad.events[0].errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/^articleId: expected the id of an? Article, got "nonsense"$/), extensions: { code: 'BAD_USER_INPUT', argument: 'articleId' } })]);
    const missing = subscribe(client, Buffer.from('Article:999999').toString('base64url'));
    await missing.next(1);
    expect(missing.events[0].errors[0].extensions).toEqual({ code: 'NOT_FOUND' });
    // Variables that fail validation are answered without quoting the value back.
    const invalid = subscribe(client, { email: 'quoted@example.org' } as never);
    await invalid.next(1);
    expect(invalid.events[0].errors).toEqual([expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } })]);
    expect(invalid.events[0].errors[0].message).toContain('got an invalid value');
    expect(JSON.stringify(invalid.events)).not.toContain('quoted@example.org');
    expect(server.logs.join('\n')).not.toContain('quoted@example.org');
  });

  it('refuses a connection whose bearer token is bad (4403), and accepts a good one', async () => {
    const closed = new Promise<number>((resolve) => {
      const client = connect({ authorization: 'Bearer enk_' + 'Z'.repeat(43) });
      client.on('closed', (event: any) => resolve(event.code));
    });
    expect(await closed).toBe(4403);
    const ok = connect({ authorization: moderator.authorization });
    await new Promise<void>((resolve) => ok.on('connected', () => resolve()));
  });

  it('closes live sockets when the app closes', async () => {
    const own = await startTestServer({});
    const client = createClient({ url: `${own.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, onNonLazyError: () => {} });
    await new Promise<void>((resolve) => client.on('connected', () => resolve()));
    const closed = new Promise<number>((resolve) => client.on('closed', (event: any) => resolve(event.code)));
    await own.close();
    expect(await closed).toBe(1001);
    await client.dispose();
  });
});

describeWithRedis('commentAdded across instances (REDIS_URL)', () => {
  // The channel and keys under a prefix of this test's own: no other service on that Redis hears these approvals.
  const prefix = testRedisPrefix('comments-subscription');
  afterAll(() => deleteRedisKeys(REDIS_URL, prefix));

  it('delivers to a subscriber on one instance what a moderator approved on another', async () => {
    const { createTestDatabase } = await import('../support/database');
    const db = await createTestDatabase();
    const env = { REDIS_URL, REDIS_PREFIX: prefix, COMMENT_RATE_PER_ADDRESS: '1000' };
    const one = await startTestServer({ db, env });
    const two = await startTestServer({ db, env });
    const client = createClient({ url: `${two.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, onNonLazyError: () => {} });
    try {
      const mod = (await createTestToken(db.dataSource, 'moderator')).headers;
      const article = await insertArticle(db.dataSource);
      const events: any[] = [];
      client.subscribe({ query: COMMENT_ADDED, variables: { articleId: article.globalId } }, { next: (e) => void events.push(e), error: () => {}, complete: () => {} });
      const approveOn = async (server: TestServer, body: string) => {
        const { comment } = await postComment(server, { articleId: article.globalId, body });
        await server.gql(MODERATE_COMMENT, { id: comment!.id, action: 'APPROVE' }, mod);
        return comment!.id;
      };
      // Instance two hears even its own approvals through Redis: once a probe arrives, the
      // WebSocket subscription and the Redis channel are both live.
      for (let i = 0; i < 100 && events.length === 0; i++) {
        await approveOn(two, `probe ${i}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(events.length).toBeGreaterThan(0);
      const id = await approveOn(one, 'approved on instance one');
      // Later probes may still be on their way (the loop can send one more before the first
      // arrives): what counts is everything that is not a probe.
      const delivered = () => events.map((e) => e.data.commentAdded).filter((c) => !c.body.startsWith('probe '));
      for (let i = 0; i < 100 && delivered().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(delivered()).toEqual([
        expect.objectContaining({ id, body: 'approved on instance one', status: 'APPROVED', article: expect.objectContaining({ id: article.globalId }) }),
      ]);
    } finally {
      await client.dispose();
      await one.close();
      await two.close();
      await db.drop();
    }
  });
});
