import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CACHE_STATUS_HEADER, NGINX, REFRESH_HEADER, startCachingProxy, type CachingProxy } from '../../bench/nginx';
import { insertArticle, MODERATE_COMMENT, uniqueEmail } from '../support/comments';
import { operation } from '../support/operations';
import { startTestServer, type TestServer } from '../support/server';
import { createTestToken } from '../support/tokens';

const FRONT_PAGE = operation('front-page');
const ARTICLE_PAGE = operation('article-page');
const ADD_COMMENT = operation('add-comment');

/**
 * What a CDN's purge API does, for open-source nginx (which has none): receives the service's
 * purge webhook (PURGE_HOOK=webhook) and refetches, through the proxy with the refresh header,
 * every URL whose answer carried one of the purged surrogate keys, so the proxy holds the fresh one.
 */
class PurgeAgent {
  readonly urlsByKey = new Map<string, Set<string>>();
  readonly received: string[][] = [];
  private server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      const { keys } = JSON.parse(body) as { keys: string[] };
      this.received.push(keys);
      const urls = new Set(keys.flatMap((k) => [...(this.urlsByKey.get(k) ?? [])]));
      await Promise.all([...urls].map((u) => fetch(u, { headers: { [REFRESH_HEADER]: '1' } }).then((r) => r.arrayBuffer())));
      res.end();
    });
  });

  async listen(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/purge`;
  }

  /** Notes which keys a URL's answer carried, as a CDN indexes its entries. */
  saw(url: string, res: Response): void {
    for (const key of (res.headers.get('surrogate-key') ?? '').split(' ').filter(Boolean)) {
      if (!this.urlsByKey.has(key)) this.urlsByKey.set(key, new Set());
      this.urlsByKey.get(key)!.add(url);
    }
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

// CI installs nginx and sets REQUIRE_NGINX=1: there a missing nginx fails the suite instead of skipping it.
if (!NGINX && process.env.REQUIRE_NGINX === '1') throw new Error('REQUIRE_NGINX=1 but no nginx on this machine (apt-get install nginx-light)');
const describeWithNginx: jest.Describe = NGINX ? describe : describe.skip;
if (!NGINX) console.warn('nginx-cache.test.ts skipped: no nginx on this machine (apt-get install nginx-light)');

describeWithNginx('a real nginx caching proxy in front of the service', () => {
  let server: TestServer;
  let proxy: CachingProxy;
  let agent: PurgeAgent;
  let moderator: { headers: Record<string, string> };
  let article: { id: number; globalId: string; slug: string };

  beforeAll(async () => {
    agent = new PurgeAgent();
    const webhook = await agent.listen();
    server = await startTestServer({ env: { PURGE_HOOK: 'webhook', PURGE_WEBHOOK_URL: webhook, COMMENT_RATE_PER_ADDRESS: '1000' } });
    proxy = await startCachingProxy(server.url);
    moderator = await createTestToken(server.db.dataSource, 'moderator');
    article = await insertArticle(server.db.dataSource, 'An article behind the proxy');
  });
  afterAll(async () => {
    await proxy?.stop();
    await server?.close();
    await agent?.close();
  });

  const viaProxy = async (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const url = `${proxy.url}/graphql?${new URLSearchParams({ query, variables: JSON.stringify(variables) })}`;
    const res = await fetch(url, { headers });
    agent.saw(url, res);
    return { status: res.status, cache: res.headers.get(CACHE_STATUS_HEADER), body: await res.json(), headers: res.headers };
  };
  const backendRequests = () => server.logs.filter((l) => l.includes('"msg":"request"') && l.includes('"method":"GET"')).length;

  it('serves the second anonymous GET of the front page itself, without asking the service', async () => {
    const first = await viaProxy(FRONT_PAGE, { first: 10 });
    const before = backendRequests();
    const second = await viaProxy(FRONT_PAGE, { first: 10 });
    expect(first.status).toBe(200);
    expect([first.cache, second.cache]).toEqual(['MISS', 'HIT']);
    expect(second.body).toEqual(first.body);
    expect(backendRequests()).toBe(before);
  });

  it('never serves an authenticated request from its cache, nor keeps its answer', async () => {
    const answers = [await viaProxy(FRONT_PAGE, { first: 7 }, moderator.headers), await viaProxy(FRONT_PAGE, { first: 7 }, moderator.headers)];
    expect(answers.map((a) => a.cache)).toEqual(['BYPASS', 'BYPASS']);
    expect(answers[0].headers.get('cache-control')).toBe('private, no-store');
    // The same URL without the token was not filled by the authenticated answers.
    expect((await viaProxy(FRONT_PAGE, { first: 7 })).cache).toBe('MISS');
  });

  it('fetches a purged entry fresh after a comment is approved', async () => {
    const first = await viaProxy(ARTICLE_PAGE, { slug: article.slug });
    expect(first.body.data.article.commentCount).toBe(0);
    expect((await viaProxy(ARTICLE_PAGE, { slug: article.slug })).cache).toBe('HIT');

    const posted = await server.gql(ADD_COMMENT, { input: { articleId: article.globalId, authorName: 'Reader', email: uniqueEmail(), body: 'Through the proxy' } });
    const commentId = posted.data.addComment.comment.id;
    const approved = await server.gql(MODERATE_COMMENT, { id: commentId, action: 'APPROVE' }, moderator.headers);
    expect(approved.data.moderateComment.comment.status).toBe('APPROVED');
    expect(agent.received).toContainEqual(expect.arrayContaining([`article:${article.id}`]));

    const after = await viaProxy(ARTICLE_PAGE, { slug: article.slug });
    expect(after.cache).toBe('HIT'); // the refreshed entry, not a trip to the service
    expect(after.body.data.article.commentCount).toBe(1);
    expect(after.body.data.article.comments.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([commentId]);
  });
});
