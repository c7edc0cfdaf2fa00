import fs from 'node:fs';
import http from 'node:http';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { ADD_COMMENT, insertArticle, MODERATE_COMMENT, uniqueEmail } from '../support/comments';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { isAlive, startServiceProcess, type ServiceProcess } from '../support/service-process';
import { createTestToken } from '../support/tokens';

/** The processes a process started (a cluster primary's workers). */
function childrenOf(pid: number): number[] {
  return fs
    .readdirSync(`/proc/${pid}/task`)
    .flatMap((task) => fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(' '))
    .filter(Boolean)
    .map(Number);
}

/** A POST on a connection of its own, so the cluster hands each request to the next worker. */
function postOnNewConnection(base: string, query: string, variables: object, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const url = new URL('/graphql', base);
  const payload = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const addComment = (base: string, articleId: string, n: number) =>
  postOnNewConnection(base, ADD_COMMENT, { input: { articleId, authorName: `Reader ${n}`, email: uniqueEmail(), body: `Comment ${n}` } });

describe('cluster mode (WORKERS=2)', () => {
  let db: TestDatabase;
  let service: ServiceProcess;
  let base: string;
  let workers: number[];
  const clients: Client[] = [];

  beforeAll(async () => {
    db = await createTestDatabase({ seed: true });
    service = startServiceProcess({ DATABASE_URL: db.url, WORKERS: '2', COMMENT_RATE_PER_ADDRESS: '3', COMMENT_RATE_PER_EMAIL: '1000', AUTH_FAILURES_PER_ADDRESS: '3' });
    base = await service.ready;
    workers = childrenOf(service.child.pid!);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    if (service.child.exitCode === null) service.child.kill('SIGKILL');
    await db.drop();
  });

  it('serves from two worker processes', async () => {
    expect(workers).toHaveLength(2);
    const answers = await Promise.all(Array.from({ length: 8 }, () => postOnNewConnection(base, '{ articles { totalCount } }', {})));
    for (const answer of answers) expect(answer).toEqual({ status: 200, body: { data: { articles: { totalCount: 1 } } } });
  });

  it('holds one rate limit for both workers', async () => {
    // Connections alternate between the workers: with a limit per worker the 4th comment
    // from this address would pass; the primary holds the one limit for both.
    const article = await insertArticle(db.dataSource);
    const results = [];
    for (let n = 1; n <= 4; n++) results.push((await addComment(base, article.globalId, n)).body.data.addComment);
    expect(results.slice(0, 3).map((r) => r.userErrors)).toEqual([[], [], []]);
    expect(results[3].userErrors).toMatchObject([{ code: 'RATE_LIMITED' }]);
  });

  it('delivers an approval made on one worker to subscribers on both', async () => {
    const article = await insertArticle(db.dataSource);
    const moderator = (await createTestToken(db.dataSource, 'moderator')).headers;
    // Two websocket connections: the cluster hands them to different workers.
    const received: any[][] = [[], []];
    const subscribed = received.map(
      (events) =>
        new Promise<void>((ready) => {
          const client = createClient({ url: `${base.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, onNonLazyError: () => {} });
          clients.push(client);
          client.on('connected', () => ready());
          client.subscribe(
            { query: `subscription ($articleId: ID!) { commentAdded(articleId: $articleId) { id body } }`, variables: { articleId: article.globalId } },
            { next: (e) => events.push(e.data), error: () => {}, complete: () => {} },
          );
        }),
    );
    await Promise.all(subscribed);
    // graphql-ws subscribes right after the connection is acknowledged; give the workers a moment.
    await new Promise((r) => setTimeout(r, 300));

    // A pending comment (written directly: the address's addComment budget is spent above), then approved.
    const [{ id }] = await db.dataSource.query(
      `INSERT INTO comment (article_id, author_name, email, body, status) VALUES ($1, 'Reader 5', $2, 'Comment 5', 'pending') RETURNING id`,
      [article.id, uniqueEmail()],
    );
    const comment = { id: Buffer.from(`Comment:${id}`).toString('base64url') };
    const approved = await postOnNewConnection(base, MODERATE_COMMENT, { id: comment.id, action: 'APPROVE' }, moderator);
    expect(approved.body.data.moderateComment.userErrors).toEqual([]);
    const deadline = Date.now() + 5000;
    while (received.some((events) => events.length === 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(received).toEqual([[{ commentAdded: { id: comment.id, body: 'Comment 5' } }], [{ commentAdded: { id: comment.id, body: 'Comment 5' } }]]);
  });

  it('tells alert subscribers on both workers of a new article the primary\'s job worker announced', async () => {
    const received: any[][] = [[], []];
    await Promise.all(received.map((events) => new Promise<void>((ready) => {
      const client = createClient({ url: `${base.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, onNonLazyError: () => {} });
      clients.push(client);
      client.on('connected', () => ready());
      client.subscribe({ query: `subscription { articleAdded(filter: { search: "quokka" }) { slug } }` }, { next: (e) => events.push(e.data), error: () => {}, complete: () => {} });
    })));
    await new Promise((r) => setTimeout(r, 300));
    await db.dataSource.query(`INSERT INTO article (slug, title, body, language, published_at, content_hash) VALUES ('quokka', 'A quokka', 'A quokka in Brussels.', 'en', now(), 'quokka')`);
    const deadline = Date.now() + 15000;
    while (received.some((events) => events.length === 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(received).toEqual([[{ articleAdded: { slug: 'quokka' } }], [{ articleAdded: { slug: 'quokka' } }]]);
  });

  it('holds one limit on failed token attempts for both workers (after the tests that use a valid token)', async () => {
    // Alternating workers: counted per worker, the 4th and 5th attempts would still be 401.
    const bad = { authorization: 'Bearer enk_' + 'C'.repeat(43) };
    const statuses = [];
    for (let n = 1; n <= 5; n++) statuses.push((await postOnNewConnection(base, '{ viewer { name } }', {}, bad)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  it('stops every worker and exits 0 on SIGTERM', async () => {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    for (const pid of workers) expect(isAlive(pid)).toBe(false);
  });
});
