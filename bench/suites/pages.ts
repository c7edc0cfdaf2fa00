/// <reference lib="dom" />
import fs from 'node:fs';
import { gzipSync } from 'node:zlib';
import { Client } from 'pg';
import { chromium, type Browser } from 'playwright-core';
import { toGlobalId } from '../../src/schema/global-id';
import type { BenchContext, BenchRow, BenchSuite } from '../context';
import { median } from '../sequential';

/**
 * The pages (issue 19) in headless Chromium: the explorer laying out and drawing a network of
 * about 500 entities (< 1 s), the JavaScript each page loads (< 300 kB gzip), the first render
 * of an article page in a fresh browser context (< 1 s). Only when named: --suite pages.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TARGETS = { drawMs: 1000, jsKb: 300, articleMs: 1000 };
const ROUNDS = 5;
const PAGES = ['/', '/explore', '/moderate'];

const row = (operation: string, times: number[], failures = 0): BenchRow => ({
  operation, requestsPerSecond: 0, p50Ms: median(times), p99Ms: Math.max(...times), sqlPerRequest: null, peakRssMb: 0, failures,
});

/** The page's scripts, module preloads included (Vite's shared chunks), gzip-compressed. */
async function scriptBytes(base: string, page: string): Promise<number> {
  const html = await (await fetch(`${base}${page}`)).text();
  const scripts = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => m[1]);
  let total = 0;
  for (const src of new Set(scripts)) total += gzipSync(Buffer.from(await (await fetch(`${base}${src}`)).arrayBuffer()), { level: 9 }).length;
  return total;
}

/**
 * CPU time (user + system, ms) of the Chromium processes this process started: unlike wall
 * time, it does not grow with the machine's load (several engineers share its 2 cores).
 */
function chromiumCpuMs(): number {
  const ticks = 100; // USER_HZ on Linux
  const children = new Map<number, number[]>();
  const stats = new Map<number, { cpu: number; chromium: boolean }>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(entry);
      const ppid = Number(fields[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      stats.set(pid, { cpu: ((Number(fields[11]) + Number(fields[12])) * 1000) / ticks, chromium: cmdline.includes('chromium') || cmdline.includes('chrome') });
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      if (stats.get(child)?.chromium) total += stats.get(child)!.cpu;
      walk(child);
    }
  };
  walk(process.pid);
  return total;
}

/** The person with the widest network within `depth` hops, and its size. */
async function bigNetwork(ctx: BenchContext): Promise<{ center: string; depth: number; nodes: number }> {
  const db = new Client({ connectionString: ctx.databaseUrl });
  await db.connect();
  let ids: number[];
  try {
    ids = (await db.query(`SELECT entity_id AS id FROM event_participant GROUP BY entity_id ORDER BY count(*) DESC LIMIT 5`)).rows.map((r) => r.id);
  } finally {
    await db.end();
  }
  let best = { center: '', depth: 1, nodes: 0 };
  for (const depth of [2, 3]) {
    for (const id of ids) {
      const center = toGlobalId('Person', id);
      const res = await fetch(`${ctx.service.url}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'query($c: ID!, $d: Int) { network(center: $c, depth: $d) { nodes { id } } }', variables: { c: center, d: depth } }),
      });
      const nodes = ((await res.json()) as any).data?.network?.nodes?.length ?? 0;
      if (nodes > best.nodes) best = { center, depth, nodes };
      if (best.nodes >= 500) return best;
    }
  }
  return best;
}

export const pagesSuite: BenchSuite = {
  name: 'pages',
  onlyWhenNamed: true,
  async run(ctx) {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`pages: no Chromium at ${CHROMIUM} (CHROMIUM_PATH)`);
    const base = ctx.service.url;
    const notes: string[] = [];
    const rows: BenchRow[] = [];

    for (const page of PAGES) {
      const kb = (await scriptBytes(base, page)) / 1024;
      notes.push(`JavaScript of ${page}: ${kb.toFixed(1)} kB gzip (target < ${TARGETS.jsKb}: ${kb < TARGETS.jsKb ? 'met' : 'NOT met'})`);
    }

    const article = await fetch(`${base}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ seed: article(slug: "renforcement-de-la-cooperation-securitaire-entre-le-maroc-et-la-belgique") { slug } articles(first: 1) { edges { node { slug } } } }' }),
    }).then((r) => r.json() as Promise<any>);
    const slug: string = article.data.seed?.slug ?? article.data.articles.edges[0].node.slug;
    const network = await bigNetwork(ctx);
    ctx.log(`pages: article ${slug}; network of ${network.nodes} entities at depth ${network.depth}`);

    const browser: Browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    try {
      // A fresh context each round: nothing cached, as a first visit.
      const articleTimes: number[] = [];
      const drawTimes: number[] = [];
      const exploreTimes: number[] = [];
      const cpuTimes: number[] = [];
      const redrawCpu: number[] = [];
      const redrawTimes: number[] = [];
      let drawn = { nodes: 0, edges: 0 };
      for (let round = 0; round < ROUNDS; round++) {
        const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
        const page = await context.newPage();
        await page.goto(`${base}/articles/${encodeURIComponent(slug)}`);
        await page.waitForSelector('body[data-ready]', { timeout: 30_000 });
        articleTimes.push(Number(await page.getAttribute('body', 'data-ready')));

        const cpuBefore = chromiumCpuMs();
        await page.goto(`${base}/explore?c=${encodeURIComponent(network.center)}&d=${network.depth}`);
        await page.waitForSelector('body[data-draw-ms]', { timeout: 60_000 });
        cpuTimes.push(chromiumCpuMs() - cpuBefore);
        drawTimes.push(Number(await page.getAttribute('body', 'data-draw-ms')));
        exploreTimes.push(await page.evaluate(() => performance.now()));
        drawn = { nodes: Number(await page.getAttribute('body', 'data-nodes')), edges: Number(await page.getAttribute('body', 'data-edges')) };
        // A redraw of the same network less one node (Hide): the data is in the page,
        // so the CPU time is the draw's (new elements, styles, paint) and the lists beside it.
        await page.locator('.node-list button').nth(1).click();
        await page.waitForSelector('[data-node-evidence] li, [data-node-evidence] p', { timeout: 30_000 });
        await page.evaluate(() => delete document.body.dataset.drawMs);
        const redrawBefore = chromiumCpuMs();
        await page.locator('#main button', { hasText: /^Hide$/ }).click();
        await page.waitForSelector('body[data-draw-ms]', { timeout: 60_000 });
        redrawCpu.push(chromiumCpuMs() - redrawBefore);
        redrawTimes.push(Number(await page.getAttribute('body', 'data-draw-ms')));
        await context.close();
      }
      rows.push(row('article page: first render (ms from navigation)', articleTimes));
      rows.push(row(`explorer: layout + draw of ${drawn.nodes} nodes, ${drawn.edges} edges (ms)`, drawTimes));
      rows.push(row('explorer: navigation to drawn network (ms)', exploreTimes));
      rows.push(row('explorer: Chromium CPU, navigation to drawn (ms)', cpuTimes));
      rows.push(row(`explorer: redraw of ${drawn.nodes - 1} nodes after Hide (ms)`, redrawTimes));
      rows.push(row('explorer: Chromium CPU of that redraw (ms)', redrawCpu));
      const verdict = (ms: number, target: number) => `${ms.toFixed(0)} ms (target < ${target}: ${ms < target ? 'met' : 'NOT met'})`;
      notes.push(`article page first render, median of ${ROUNDS} fresh contexts: ${verdict(median(articleTimes), TARGETS.articleMs)}, slowest ${Math.max(...articleTimes)} ms`);
      notes.push(`explorer layout + draw of ${drawn.nodes} nodes / ${drawn.edges} edges, median: ${verdict(median(drawTimes), TARGETS.drawMs)}, slowest ${Math.max(...drawTimes)} ms`);
      notes.push(
        `explorer CPU time of every Chromium process from navigation to the drawn network (page load, scripts, the GraphQL answer, layout and paint; ` +
          `the draw is a part of it), median: ${median(cpuTimes).toFixed(0)} ms: wall times above grow with the machine's load, CPU time does not`,
      );
      notes.push(`explorer redraw after Hide (every element added, styled and painted again, the lists rebuilt): ${median(redrawTimes)} ms wall, ${median(redrawCpu)} ms Chromium CPU (medians; CPU in 10 ms ticks)`);
    } finally {
      await browser.close();
    }
    return { rows, notes };
  },
};
