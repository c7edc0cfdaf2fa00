import { createHash } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { operation } from '../support/operations';
import { startTestServer, type TestServer } from '../support/server';
import { createTestToken } from '../support/tokens';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const FRONT_PAGE = operation('front-page');
const WHO_MET_WHOM = operation('who-met-whom');

let server: TestServer;
let editor: { headers: Record<string, string> };
beforeAll(async () => {
  server = await startTestServer({ seed: true, env: { CORS_ORIGINS: 'http://pages.example' } });
  editor = await createTestToken(server.db.dataSource, 'editor');
});
afterAll(() => server.close());

function getUrl(params: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) search.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  return `${server.url}/graphql?${search}`;
}

describe('GET, as a CDN and a browser send it', () => {
  it('answers a query over GET without any custom header, cacheable with its surrogate keys', async () => {
    const res = await fetch(getUrl({ query: FRONT_PAGE, variables: { first: 5 } }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.data.articles.edges.length).toBeGreaterThan(0);
    expect(res.headers.get('cache-control')).toBe('public, max-age=30, s-maxage=30, stale-while-revalidate=60');
    const keys = res.headers.get('surrogate-key')!.split(' ');
    expect(keys).toContain('articles');
    // Every article and entity shown, by key; topics are shown without their id.
    const articleId = Buffer.from(body.data.articles.edges[0].node.id, 'base64url').toString().split(':')[1];
    expect(keys).toContain(`article:${articleId}`);
    expect(keys.some((k) => /^entity:\d+$/.test(k))).toBe(true);
    expect(keys).toContain('topic:unkeyed');
    // One header, the one the CDN in front reads (SURROGATE_KEY_HEADER, default Surrogate-Key).
    expect(res.headers.get('cache-tag')).toBeNull();
    expect(res.headers.get('vary')).toMatch(/Authorization/);
    expect(res.headers.get('vary')).toMatch(/Accept-Encoding/);
  });

  it('names no surrogate keys on a POST, which no cache in front stores', async () => {
    const res = await server.gql(FRONT_PAGE, { first: 5 });
    expect(res.status).toBe(200);
    expect(res.data.articles.edges.length).toBeGreaterThan(0);
    expect(res.headers.get('cache-control')).toBe('public, max-age=30, s-maxage=30, stale-while-revalidate=60');
    expect(res.headers.get('surrogate-key')).toBeNull();
    expect(res.headers.get('cache-tag')).toBeNull();
  });

  it('keeps entity pages longer than the front page', async () => {
    const res = await fetch(getUrl({ query: WHO_MET_WHOM, variables: { slug: 'abdellatif-hammouchi' } }));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=30, s-maxage=600, stale-while-revalidate=60');
  });

  it('never runs a mutation over GET', async () => {
    const res = await fetch(getUrl({ query: 'mutation { moderateComment(id: "x", action: APPROVE) { userErrors { code } } }' }));
    expect(res.status).toBe(405);
    expect((await res.json()).errors[0].extensions.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('refuses a POST a cross-site form could send (text/plain)', async () => {
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(res.status).toBe(400);
  });

  it('answers anything authenticated private, no-store, without surrogate keys', async () => {
    const res = await fetch(getUrl({ query: FRONT_PAGE }), { headers: editor.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('surrogate-key')).toBeNull();
  });

  it('answers errors and mutations private, no-store', async () => {
    const bad = await fetch(getUrl({ query: '{ article(slug: 1) { id } }' }));
    expect(bad.headers.get('cache-control')).toBe('private, no-store');
    const mutation = await server.gql('mutation { addComment(input: { articleId: "x", authorName: "A", email: "a@b.example", body: "hello" }) { userErrors { code } } }');
    expect(mutation.headers.get('cache-control')).toBe('private, no-store');
  });
});

describe('validators and encodings', () => {
  it('answers 304 Not Modified to a client that holds the same answer', async () => {
    const url = getUrl({ query: FRONT_PAGE, variables: { first: 3 } });
    const first = await fetch(url);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    const again = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('cache-control')).toMatch(/^public/);
  });

  it('compresses with brotli or gzip as the client accepts, identical once decoded', async () => {
    const url = getUrl({ query: FRONT_PAGE, variables: { first: 5 } });
    const raw = async (encoding: string) => {
      // fetch decodes on its own: node:http keeps the bytes as sent.
      const http = await import('node:http');
      return new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
        http.get(url, { headers: { 'accept-encoding': encoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
        }).on('error', reject);
      });
    };
    const plain = await raw('identity');
    const br = await raw('gzip, deflate, br');
    const gz = await raw('gzip');
    expect(plain.encoding).toBeUndefined();
    expect(br.encoding).toBe('br');
    expect(gz.encoding).toBe('gzip');
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    expect(br.body.length).toBeLessThan(plain.body.length * 0.7);
  });
});

describe('automatic persisted queries', () => {
  it('asks for the text of an unknown hash, keeps it, then answers the hash alone over GET', async () => {
    const query = '{ articles(first: 2) { edges { node { id title } } } }';
    const extensions = { persistedQuery: { version: 1, sha256Hash: sha256(query) } };
    const unknown = await (await fetch(getUrl({ extensions }))).json();
    expect(unknown.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, extensions }) });
    expect((await registered.json()).data.articles.edges).toHaveLength(1);
    const byHash = await fetch(getUrl({ extensions }));
    expect(byHash.status).toBe(200);
    expect((await byHash.json()).data.articles.edges).toHaveLength(1);
    expect(byHash.headers.get('cache-control')).toMatch(/^public/);
  });

  it('refuses a hash that does not match the text', async () => {
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ other }') } } }) });
    expect(res.status).toBe(400);
  });
});

describe('CORS', () => {
  it('answers an allowed origin’s preflight, cached, with the token header allowed', async () => {
    const res = await fetch(`${server.url}/graphql`, { method: 'OPTIONS', headers: { origin: 'http://pages.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://pages.example');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(res.headers.get('vary')).toMatch(/Origin/);
  });

  it('refuses another origin’s preflight and gives its requests no allow header', async () => {
    const pre = await fetch(`${server.url}/graphql`, { method: 'OPTIONS', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } });
    expect(pre.status).toBe(403);
    const res = await fetch(getUrl({ query: '{ __typename }' }), { headers: { origin: 'http://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const allowed = await fetch(getUrl({ query: '{ __typename }' }), { headers: { origin: 'http://pages.example' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://pages.example');
  });
});
