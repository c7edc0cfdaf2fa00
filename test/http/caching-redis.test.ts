import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/config';
import { buildManifest } from '../../src/http/caching/persisted';
import { insertArticle, MODERATE_COMMENT, uniqueEmail } from '../support/comments';
import { operation } from '../support/operations';
import { deleteRedisKeys, describeWithRedis, REDIS_URL, testRedisPrefix } from '../support/redis';
import { startTestServer, type TestServer } from '../support/server';
import { createTestToken } from '../support/tokens';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const ARTICLE_PAGE = operation('article-page');
const ADD_COMMENT = operation('add-comment');
const METRICS_TOKEN = randomBytes(16).toString('hex');

/**
 * The shared parts (docs/caching.md) on a real Redis: the safelist, persisted queries and the
 * response cache shared by instances, purged by a comment's approval, and /metrics counting them.
 */
describeWithRedis('safelist, Redis response cache and metrics', () => {
  let server: TestServer;
  let moderator: { headers: Record<string, string> };
  let dir: string;
  let prefix: string;
  let article: { id: number; globalId: string; slug: string };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'manifest-'));
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(buildManifest(projectRoot).manifest));
    prefix = testRedisPrefix('caching');
    server = await startTestServer({
      env: {
        REDIS_URL, REDIS_PREFIX: prefix, RESPONSE_CACHE: 'true', PERSISTED_QUERIES: 'redis', SAFELIST: 'true',
        OPERATIONS_MANIFEST: path.join(dir, 'manifest.json'), PURGE_HOOK: 'log', METRICS_TOKEN,
        // Keys for Cloudflare: the entries are still found by them when a write purges.
        SURROGATE_KEY_HEADER: 'Cache-Tag',
        COMMENT_POLICY: 'auto-approve-known', COMMENT_RATE_PER_ADDRESS: '1000', COMMENT_RATE_PER_EMAIL: '1000', QUERY_MAX_ALIASES: '2',
      },
    });
    moderator = await createTestToken(server.db.dataSource, 'moderator');
    article = await insertArticle(server.db.dataSource, 'Cached article');
  });
  afterAll(async () => {
    await server?.close();
    await deleteRedisKeys(REDIS_URL, prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  const byHash = (text: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/graphql?${new URLSearchParams({ extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: sha256(text) } }), variables: JSON.stringify(variables) })}`, { headers });

  it('lets anonymous clients run only the manifest’s operations, by hash or text; staff anything', async () => {
    const listed = await byHash(ARTICLE_PAGE, { slug: article.slug });
    expect(listed.status).toBe(200);
    expect((await listed.json()).data.article.id).toBe(article.globalId);
    const asText = await server.gql(ARTICLE_PAGE.replace(/#.*$/gm, '').replace(/\s+/g, ' '), { slug: article.slug }); // spaced otherwise
    expect(asText.status).toBe(200);
    const unlisted = await server.gql('{ articles(first: 1) { edges { node { id } } } }');
    expect(unlisted.status).toBe(403);
    expect(unlisted.errors![0].extensions!.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    const unlistedHash = await byHash('{ __typename }', {});
    expect(unlistedHash.status).toBe(403);
    const staff = await server.gql('{ articles(first: 1) { edges { node { id } } } }', {}, moderator.headers);
    expect(staff.status).toBe(200);
  });

  it('serves a repeated anonymous GET from Redis, never an authenticated one, and forgets it when a comment is approved', async () => {
    article = await insertArticle(server.db.dataSource, 'Cached article, not read yet');
    const first = await byHash(ARTICLE_PAGE, { slug: article.slug });
    const second = await byHash(ARTICLE_PAGE, { slug: article.slug });
    expect([first.headers.get('x-cache'), second.headers.get('x-cache')]).toEqual(['MISS', 'HIT']);
    expect(await second.json()).toEqual(await first.json());
    // The hit sends the validator and compressed body kept with the entry: the same answer, decoded.
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(second.headers.get('content-encoding')).toBe(first.headers.get('content-encoding'));
    const revalidated = await byHash(ARTICLE_PAGE, { slug: article.slug }, { 'if-none-match': first.headers.get('etag')! });
    expect([revalidated.status, revalidated.headers.get('x-cache')]).toEqual([304, 'HIT']);
    expect(second.headers.get('cache-tag')!.split(',')).toContain(`article:${article.id}`);
    expect(first.headers.get('cache-tag')).toBe(second.headers.get('cache-tag'));
    expect(second.headers.get('surrogate-key')).toBeNull();
    const staff = await byHash(ARTICLE_PAGE, { slug: article.slug }, moderator.headers);
    expect(staff.headers.get('x-cache')).toBeNull();
    expect(staff.headers.get('cache-control')).toBe('private, no-store');

    const email = uniqueEmail();
    const posted = await server.gql(ADD_COMMENT, { input: { articleId: article.globalId, authorName: 'Reader', email, body: 'First words' } });
    const commentId = posted.data.addComment.comment.id;
    expect((await byHash(ARTICLE_PAGE, { slug: article.slug })).headers.get('x-cache')).toBe('HIT'); // pending: nothing public changed
    const approved = await server.gql(MODERATE_COMMENT, { id: commentId, action: 'APPROVE' }, moderator.headers);
    expect(approved.data.moderateComment.comment.status).toBe('APPROVED');
    expect(server.logs.some((l) => l.includes('"msg":"purge"') && l.includes(`article:${article.id}`))).toBe(true);
    const fresh = await byHash(ARTICLE_PAGE, { slug: article.slug });
    expect(fresh.headers.get('x-cache')).toBe('MISS');
    const page = await fresh.json();
    expect(page.data.article.commentCount).toBe(1);
    expect(page.data.article.comments.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([commentId]);
  });

  it('keys an entry by the variables, whatever their order', async () => {
    const FRONT_PAGE = operation('front-page');
    const first = await byHash(FRONT_PAGE, { first: 3, filter: { language: "fr" } });
    const reordered = await byHash(FRONT_PAGE, { filter: { language: "fr" }, first: 3 });
    const other = await byHash(FRONT_PAGE, { first: 4, filter: { language: "fr" } });
    expect([first.status, first.headers.get('x-cache'), reordered.headers.get('x-cache'), other.headers.get('x-cache')]).toEqual([200, 'MISS', 'HIT', 'MISS']);
  });

  it('gives the author of a change their own writes: their reads skip the shared cache for a while', async () => {
    const other = await insertArticle(server.db.dataSource, 'Another cached article');
    await byHash(ARTICLE_PAGE, { slug: other.slug });
    expect((await byHash(ARTICLE_PAGE, { slug: other.slug })).headers.get('x-cache')).toBe('HIT');
    // A known author (an approved comment before) is published at once: a write by this client.
    const email = uniqueEmail();
    const firstComment = await server.gql(ADD_COMMENT, { input: { articleId: other.globalId, authorName: 'Known', email, body: 'Earlier' } });
    await server.gql(MODERATE_COMMENT, { id: firstComment.data.addComment.comment.id, action: 'APPROVE' }, moderator.headers);
    const second = await server.gql(ADD_COMMENT, { input: { articleId: other.globalId, authorName: 'Known', email, body: 'At once' } });
    expect(second.data.addComment.comment.status).toBe('APPROVED');
    const read = await byHash(ARTICLE_PAGE, { slug: other.slug });
    expect(read.headers.get('x-cache')).toBeNull(); // neither served from nor stored in the shared cache
    expect((await read.json()).data.article.comments.edges).toHaveLength(2);
  });

  it('exposes Prometheus metrics behind METRICS_TOKEN', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const tooComplex = await server.gql('{ a: __typename b: __typename c: __typename }', {}, moderator.headers);
    expect(tooComplex.errors![0].extensions!.code).toBe('QUERY_TOO_COMPLEX');
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/graphql_request_duration_seconds_bucket\{le="[\d.]+",operation="ArticlePage",outcome="ok"\} \d+/);
    expect(text).toMatch(/graphql_sql_statements_per_request_count \d+/);
    expect(text).toMatch(/cache_requests_total\{cache="response",result="hit"\} [1-9]/);
    expect(text).toMatch(/cache_requests_total\{cache="apq",result="hit"\} [1-9]/);
    expect(text).toMatch(/refusals_total\{reason="PERSISTED_QUERY_NOT_ALLOWED"\} 2/);
    expect(text).toMatch(/refusals_total\{reason="QUERY_TOO_COMPLEX"\} 1/);
    expect(text).toMatch(/db_pool_connections_in_use \d+/);
    expect(text).toMatch(/db_pool_waiting \d+/);
    expect(text).toMatch(/graphql_compiled_operations \d+/);
    expect(text).toMatch(/job_queue_depth \d+/);
  });
});
