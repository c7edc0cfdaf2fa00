import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server';
import { createTestToken } from '../support/tokens';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FRONT = '{ articles(first: 2) { edges { node { id title } } } }';

/** A page server of its own: the front-end app's origin, another than the API's. */
async function pageServer(): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>news app</title><p>app</p>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((r) => server.close(() => r())) };
}

/** fetch() run in the page: the browser applies CORS, as it does for a real app. */
function callFrom(page: Page, url: string, init: { method: string; headers?: Record<string, string>; body?: string }) {
  return page.evaluate(async ({ url, init }) => {
    try {
      const res = await fetch(url, init);
      return { ok: true, status: res.status, body: await res.json(), etag: res.headers.get('etag') };
    } catch (e) {
      return { ok: false, error: String(e) };
    }
  }, { url, init });
}

const describeInBrowser = fs.existsSync(CHROMIUM) ? describe : describe.skip;
describeInBrowser('a page on another origin calls the API in real Chromium', () => {
  let browser: Browser;
  let app: { port: number; close(): Promise<void> };
  let allowlisted: TestServer;
  let anyOrigin: TestServer;
  let editor: { token: string };

  beforeAll(async () => {
    app = await pageServer();
    // The app's origin is 127.0.0.1:<port>; localhost:<port> is the same server under another origin, not allowed.
    allowlisted = await startTestServer({ env: { CORS_ORIGINS: `http://127.0.0.1:${app.port}` } });
    anyOrigin = await startTestServer({ db: allowlisted.db, env: { CORS_ORIGINS: '*' } });
    editor = await createTestToken(allowlisted.db.dataSource, 'editor');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await anyOrigin?.app.close();
    await allowlisted?.close();
    await app?.close();
  });

  const preflights = (server: TestServer) => server.logs.filter((l) => l.includes('"method":"OPTIONS"')).length;

  it('lets an allowlisted origin read anonymously and with a token, and reuses the preflight', async () => {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${app.port}/`);
    const get = await callFrom(page, `${allowlisted.url}/graphql?query=${encodeURIComponent(FRONT)}`, { method: 'GET' });
    expect(get).toEqual(expect.objectContaining({ ok: true, status: 200 }));
    expect(get.etag).toMatch(/^W\//); // exposed to the page
    expect(preflights(allowlisted)).toBe(0); // a simple GET needs none

    const post = () => callFrom(page, `${allowlisted.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${editor.token}` }, body: JSON.stringify({ query: FRONT }) });
    expect(await post()).toEqual(expect.objectContaining({ ok: true, status: 200 }));
    expect(preflights(allowlisted)).toBe(1);
    expect(await post()).toEqual(expect.objectContaining({ ok: true, status: 200 }));
    expect(preflights(allowlisted)).toBe(1); // Access-Control-Max-Age: the browser kept the answer
    await page.close();
  });

  it('keeps another origin from reading the answers', async () => {
    const page = await browser.newPage();
    await page.goto(`http://localhost:${app.port}/`);
    const get = await callFrom(page, `${allowlisted.url}/graphql?query=${encodeURIComponent(FRONT)}`, { method: 'GET' });
    expect(get).toEqual(expect.objectContaining({ ok: false, error: expect.stringContaining('TypeError') }));
    const post = await callFrom(page, `${allowlisted.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: FRONT }) });
    expect(post.ok).toBe(false);
    await page.close();
  });

  it('with *, lets any origin read anonymously but send no token', async () => {
    const page = await browser.newPage();
    await page.goto(`http://localhost:${app.port}/`);
    const anonymous = await callFrom(page, `${anyOrigin.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: FRONT }) });
    expect(anonymous).toEqual(expect.objectContaining({ ok: true, status: 200 }));
    expect(anonymous.body.data.articles.edges).toBeDefined();
    const withToken = await callFrom(page, `${anyOrigin.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${editor.token}` }, body: JSON.stringify({ query: FRONT }) });
    expect(withToken.ok).toBe(false);
    await page.close();
  });
});
