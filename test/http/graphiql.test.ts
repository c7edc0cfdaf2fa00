/// <reference lib="dom" />
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { operationTabs } from '../../src/http/graphiql';
import { demoVariables } from '../../src/services/demo-variables';
import { OPERATIONS_DIR } from '../support/operations';
import { startTestServer, type TestServer } from '../support/server';

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
});

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
});
