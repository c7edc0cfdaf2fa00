/// <reference lib="dom" />
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { TOKEN_STORAGE_KEY, operationTabs } from '../../src/http/graphiql';
import { UNIQUE_PLACEHOLDER, demoVariables } from '../../src/services/demo-variables';
import { OPERATIONS_DIR } from '../support/operations';
import { startTestServer, type TestServer } from '../support/server';
import { createTestToken } from '../support/tokens';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ seed: true, graphiqlTabs: true });
});
afterAll(() => server.close());

describe('GraphiQL served by the service', () => {
  it('serves the page at /graphiql and to a browser asking for /graphql', async () => {
    for (const url of [`${server.url}/graphiql`, `${server.url}/graphql`]) {
      const res = await fetch(url, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(await res.text()).toContain('GraphiQL.createFetcher');
    }
  });

  it('references only local assets, and the assets load from the service', async () => {
    const html = await (await fetch(`${server.url}/graphiql`)).text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(sources.length).toBe(4);
    for (const src of sources) {
      expect(src.startsWith('/graphiql/assets/')).toBe(true);
      const res = await fetch(`${server.url}${src}`);
      expect(res.status).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
    const css = await (await fetch(`${server.url}/graphiql/assets/graphiql.css`)).text();
    expect(css).not.toMatch(/url\(["']?https?:/);
  });

  it('opens with one tab per operation file, with variables that work on the seed data', async () => {
    const tabs = operationTabs(await demoVariables(server.db.dataSource));
    const files = fs.readdirSync(OPERATIONS_DIR).filter((f) => f.endsWith('.graphql'));
    expect(tabs).toHaveLength(files.length);
    const articleTab = tabs[0];
    expect(articleTab.query).toBe(fs.readFileSync(path.join(OPERATIONS_DIR, 'article-page.graphql'), 'utf8'));
    const res = await server.gql(articleTab.query, JSON.parse(articleTab.variables!));
    expect(res.data.article.slug).toBe('renforcement-de-la-cooperation-securitaire-entre-le-maroc-et-la-belgique');
    const whoTab = tabs.find((t) => t.query.includes('query WhoMetWhom'))!;
    expect(JSON.parse(whoTab.variables!)).toEqual({ slug: 'abdellatif-hammouchi' });
  });

  it('opens with an empty Headers tab: no placeholder Authorization that anonymous tabs would send', async () => {
    const html = await (await fetch(`${server.url}/graphiql`)).text();
    expect(html).toContain('npm run token -- create --role editor --name you');
    const tabs = operationTabs(await demoVariables(server.db.dataSource));
    expect(tabs.every((t) => !('headers' in t))).toBe(true);
    expect(html).not.toMatch(/"headers"\s*:/);
  });
});

describe('/graphql/ with a trailing slash', () => {
  it('answers POST as /graphql does', async () => {
    const body = JSON.stringify({ query: '{ article(slug: "renforcement-de-la-cooperation-securitaire-entre-le-maroc-et-la-belgique") { title } }' });
    const [plain, slash] = await Promise.all(
      ['/graphql', '/graphql/'].map((p) => fetch(`${server.url}${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })),
    );
    expect(slash.status).toBe(200);
    const answer = await slash.json();
    expect(answer.data.article.title).toMatch(/^Renforcement/);
    expect(answer).toEqual(await plain.json());
  });

  it('answers GET ?query= as /graphql does, and a bare GET from a browser with GraphiQL', async () => {
    const query = encodeURIComponent('{ articles(first: 1) { totalCount } }');
    // Apollo's CSRF prevention asks a GET for a header a simple cross-site request cannot send; without it, both refuse alike.
    for (const headers of [{ 'apollo-require-preflight': 'true' }, {}] as Record<string, string>[]) {
      const [plain, slash] = await Promise.all(['/graphql', '/graphql/'].map((p) => fetch(`${server.url}${p}?query=${query}`, { headers })));
      expect(slash.status).toBe(plain.status);
      expect(await slash.text()).toBe(await plain.text());
    }
    const res = await fetch(`${server.url}/graphql/?query=${query}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(200);
    expect((await res.json()).data.articles.totalCount).toBe(1);
    const page = await fetch(`${server.url}/graphql/`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('GraphiQL.createFetcher');
  });

  it('still answers 404 for other paths under it', async () => {
    expect((await fetch(`${server.url}/graphql/more`)).status).toBe(404);
  });
});

/** What the page sent to /graphql and what it was answered. */
interface Exchange {
  authorization: string | undefined;
  body: { query: string; operationName?: string; variables?: Record<string, any> };
  /** The JSON answered (null for another body). */
  answer: Promise<any>;
}

/** GraphiQL's page, with its errors collected and every GraphQL exchange recorded. */
async function openGraphiql(browser: Browser, url: string) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const exchanges: Exchange[] = [];
  page.on('request', (req) => {
    if (new URL(req.url()).pathname !== '/graphql' || req.method() !== 'POST') return;
    const answer = req.response().then((res) => res?.json()).catch(() => null);
    exchanges.push({ authorization: req.headers().authorization, body: req.postDataJSON(), answer });
  });
  await page.goto(`${url}/graphiql`, { waitUntil: 'networkidle' });
  await page.waitForSelector('.graphiql-tab', { timeout: 20_000 });
  return { page, errors, exchanges };
}

/** Runs the tab of `operation` from the UI and answers the response the page received. */
async function runTab(page: Page, operation: string): Promise<any> {
  await page.locator('.graphiql-tab', { hasText: operation }).click();
  await page.waitForFunction((op) => document.querySelector('.graphiql-query-editor')?.textContent?.includes(` ${op}(`), operation, { timeout: 10_000 });
  // GraphiQL derives the operation name from the editor a moment after a tab switch; a run in
  // that moment sends the previous tab's name (refused before execution, nothing written).
  for (let attempt = 1; ; attempt++) {
    const answered = page.waitForResponse((res) => new URL(res.url()).pathname === '/graphql' && (res.request().postDataJSON()?.query ?? '').includes(` ${operation}(`));
    await page.click('.graphiql-execute-button');
    const answer = await (await answered).json();
    if (answer.errors?.[0]?.extensions?.code !== 'OPERATION_RESOLUTION_FAILURE' || attempt === 5) return answer;
    await page.waitForTimeout(200);
  }
}

async function signIn(page: Page, token: string, expected: string): Promise<void> {
  await page.fill('#token', token);
  await page.click('#use-token');
  await page.waitForFunction((text) => document.getElementById('who')?.textContent?.includes(text), expected, { timeout: 10_000 });
}

const introspections = (exchanges: Exchange[]) => exchanges.filter((e) => e.body.query.includes('__schema'));

// The browser check needs Chromium (.ci/run installs it); without it, the checks above still run.
const describeInBrowser = fs.existsSync(CHROMIUM) ? describe : describe.skip;
describeInBrowser('GraphiQL in a real browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });
  afterAll(() => browser?.close());

  it('renders the editor with the operation tabs and runs a query, asking no non-local host for anything', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const hosts = new Set<string>();
    page.on('request', (req) => hosts.add(new URL(req.url()).hostname));
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/graphiql`, { waitUntil: 'networkidle' });
    await page.waitForSelector('.graphiql-tab', { timeout: 20_000 });
    const tabTitles = await page.locator('.graphiql-tab').allInnerTexts();
    expect(tabTitles.join(' ')).toContain('ArticlePage');
    expect(tabTitles.length).toBe(fs.readdirSync(OPERATIONS_DIR).filter((f) => f.endsWith('.graphql')).length);
    await page.click('.graphiql-execute-button');
    await page.screenshot({ path: path.join(os.tmpdir(), 'graphiql.png') });
    await page.waitForFunction(() => document.querySelector('.graphiql-response')?.textContent?.includes('Renforcement'), null, { timeout: 20_000 });
    await page.screenshot({ path: path.join(os.tmpdir(), 'graphiql.png') });
    // Every tab carries its own variables.
    await page.locator('.graphiql-tab', { hasText: 'WhoMetWhom' }).click();
    await page.waitForFunction(() => document.querySelector('.graphiql-editor-tool')?.textContent?.includes('abdellatif-hammouchi'), null, { timeout: 10_000 });
    expect(errors).toEqual([]);
    expect([...hosts].filter((h) => h !== '127.0.0.1' && h !== 'localhost')).toEqual([]);
  });

  describe('for staff: a token through the sign-in bar', () => {
    it('runs IngestArticle anonymously as UNAUTHENTICATED, then twice successfully with an editor token, sending it with every request', async () => {
      const { token, name } = await createTestToken(server.db.dataSource, 'editor');
      const { page, errors, exchanges } = await openGraphiql(browser, server.url);
      const anonymous = await runTab(page, 'IngestArticle');
      expect(anonymous.errors.map((e: any) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
      expect(exchanges.every((e) => e.authorization === undefined)).toBe(true);

      const sentBefore = exchanges.length;
      await signIn(page, token, `Signed in as ${name} (EDITOR)`);
      expect(await page.evaluate((key) => sessionStorage.getItem(key), TOKEN_STORAGE_KEY)).toBe(token);
      expect(await page.inputValue('#token')).toBe('');

      const first = await runTab(page, 'IngestArticle');
      expect(first.errors).toBeUndefined();
      expect(first.data.ingestArticle).toMatchObject({ created: true, userErrors: [], article: { title: 'Exemple' } });
      expect(first.data.ingestArticle.article.mentions.map((m: any) => m.text)).toEqual(expect.arrayContaining(['Abdellatif Hammouchi', 'Eric Snoek']));
      // The same article again: answered, not refused, and nothing is stored twice.
      const second = await runTab(page, 'IngestArticle');
      expect(second.errors).toBeUndefined();
      expect(second.data.ingestArticle).toMatchObject({ created: false, userErrors: [], article: { id: first.data.ingestArticle.article.id } });
      await page.waitForFunction(() => document.querySelector('.graphiql-response')?.textContent?.includes('"created": false'), null, { timeout: 10_000 });
      await page.screenshot({ path: path.join(os.tmpdir(), 'graphiql-staff.png') });
      const [{ n }] = await server.db.dataSource.query(`SELECT count(*)::int AS n FROM article WHERE url = 'https://example.org/exemple'`);
      expect(n).toBe(1);

      // Everything sent since, the schema fetched again for the Docs pane included, carried the token.
      const since = exchanges.slice(sentBefore).filter((e) => !e.body.query.includes('viewer { name role }'));
      expect(introspections(since).length).toBeGreaterThan(0);
      expect(since.map((e) => e.authorization)).toEqual(since.map(() => `Bearer ${token}`));

      // Forgotten: anonymous again.
      await page.click('#forget-token');
      expect(await page.evaluate((key) => sessionStorage.getItem(key), TOKEN_STORAGE_KEY)).toBeNull();
      const after = await runTab(page, 'IngestArticle');
      expect(after.errors.map((e: any) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
      expect(exchanges[exchanges.length - 1].authorization).toBeUndefined();
      expect(errors).toEqual([]);
    });

    it('posts a new comment at every run of AddComment, the placeholder filled in with a value of its own each time', async () => {
      const { page, errors, exchanges } = await openGraphiql(browser, server.url);
      const bodies: string[] = [];
      for (let run = 0; run < 2; run++) {
        const answer = await runTab(page, 'AddComment');
        expect(answer.errors).toBeUndefined();
        expect(answer.data.addComment.userErrors).toEqual([]);
        bodies.push(answer.data.addComment.comment.body);
      }
      expect(new Set(bodies).size).toBe(2);
      for (const body of bodies) expect(body).toMatch(/^Merci pour cet article \([0-9a-z]+\)\.$/);
      const sent = exchanges.filter((e) => e.body.operationName === 'AddComment').map((e) => e.body.variables!.input);
      expect(sent.map((input) => input.email)).toEqual([expect.stringMatching(/^reader\+[0-9a-z]+@example\.org$/), expect.stringMatching(/^reader\+[0-9a-z]+@example\.org$/)]);
      expect(JSON.stringify(sent)).not.toContain(UNIQUE_PLACEHOLDER);
      expect(errors).toEqual([]);
    });

    it('refuses a bad token on the bar, keeps nothing, and the anonymous tabs still run', async () => {
      const { page, errors, exchanges } = await openGraphiql(browser, server.url);
      await signIn(page, 'not-a-token', 'Token refused: Authorization: the bearer token is malformed, unknown or revoked');
      expect(await page.evaluate((key) => sessionStorage.getItem(key), TOKEN_STORAGE_KEY)).toBeNull();
      const answer = await runTab(page, 'ArticlePage');
      expect(answer.data.article.title).toMatch(/^Renforcement/);
      expect(exchanges[exchanges.length - 1].authorization).toBeUndefined();
      expect(errors).toEqual([]);
    });

    it('with introspection for staff only (production), loads the Docs pane once signed in', async () => {
      const production = await startTestServer({ seed: true, graphiqlTabs: true, env: { INTROSPECTION: 'staff' } });
      try {
        const { token, name } = await createTestToken(production.db.dataSource, 'moderator');
        const { page, errors, exchanges } = await openGraphiql(browser, production.url);
        const refused = await Promise.all(introspections(exchanges).map((e) => e.answer));
        expect(refused.map((answer) => answer?.errors?.[0]?.extensions?.code)).toContain('INTROSPECTION_DISABLED');
        const refetched = page.waitForResponse((res) => (res.request().postDataJSON()?.query ?? '').includes('__schema') && res.request().headers().authorization === `Bearer ${token}`);
        await signIn(page, token, `Signed in as ${name} (MODERATOR)`);
        expect((await (await refetched).json()).data.__schema.queryType.name).toBe('Query');
        await page.click('[aria-label="Show Documentation Explorer"]');
        await page.waitForFunction(() => document.querySelector('.graphiql-doc-explorer')?.textContent?.includes('Entity-linked news'), null, { timeout: 10_000 });
        await page.screenshot({ path: path.join(os.tmpdir(), 'graphiql-docs.png') });
        expect(errors).toEqual([]);
      } finally {
        await production.close();
      }
    });
  });
});
