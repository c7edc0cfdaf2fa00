import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { projectRoot } from '../../src/config';
import { availableCpus } from '../../src/config/cpus';
import { createDataSource, migrate } from '../../src/db/data-source';
import { toGlobalId } from '../../src/schema/global-id';
import type { SyntheticOptions } from '../../src/services/synthetic/generate';
import { generateInWorker } from '../../src/services/synthetic/generate-in-worker';
import { loadFreshDataset } from '../../src/services/synthetic/load';
import type { BenchContext, BenchRow, BenchSuite, RunningService } from '../context';
import { startService } from '../service';
import { measureSequential, median, timedRequest } from '../sequential';

const operation = (name: string) => fs.readFileSync(path.join(projectRoot, 'operations', `${name}.graphql`), 'utf8');

/**
 * Parallel index-build workers per loading connection. The bench's server runs on this
 * machine, where the loader's two connections already keep two cores busy: workers past the
 * cores left only contend with them.
 */
export const LOADER_MAINTENANCE_WORKERS = Math.max(0, availableCpus() - 2);

/** Archive sizes measured unless --sizes names others. */
export const SCALE_SIZES = [10_000, 100_000, 1_000_000];
/** Requests measured per operation and size (fewer when --duration runs out, MIN at least), after WARMUP. */
const REQUESTS = 200;
const MIN_REQUESTS = 40;
const WARMUP = 20;
/** Issue 22's goal: p95 at the largest size within this factor of the smallest's. */
const GOAL = 1.5;

/** 10k, 100k, 1m: the size in a database's name. */
export const sizeLabel = (articles: number) =>
  articles % 1_000_000 === 0 ? `${articles / 1_000_000}m` : articles % 1000 === 0 ? `${articles / 1000}k` : String(articles);

/**
 * The dataset of one size, everything in proportion to the articles as at the defaults'
 * 10,000 (2,000 people, 300 organizations, 200 places, an event per two articles, about
 * five comments an article): a larger archive covers more people, not the same people more.
 */
export const scaleOptions = (articles: number): SyntheticOptions => ({
  seed: 42, articles, people: Math.round(articles / 5), organizations: Math.round(articles * 0.03), places: Math.round(articles * 0.02),
});

/**
 * The database `bench_scale_<size>` on the server of `serverUrl`: reused when it exists
 * (migrations applied), else loaded under another name and renamed once complete, so an
 * interrupted load is never mistaken for a dataset.
 */
export async function scaleDatabase(serverUrl: string, articles: number, log: (m: string) => void): Promise<string> {
  const name = `bench_scale_${sizeLabel(articles)}`;
  const urlOf = (db: string) => {
    const u = new URL(serverUrl);
    u.pathname = `/${db}`;
    return u.toString();
  };
  const admin = new Client({ connectionString: urlOf('postgres') });
  await admin.connect();
  try {
    const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount! > 0;
    if (!exists) {
      const loading = `${name}_loading`;
      await admin.query(`DROP DATABASE IF EXISTS ${loading}`);
      await admin.query(`CREATE DATABASE ${loading}`);
      const ds = createDataSource({ url: urlOf(loading), poolSize: 2, applicationName: 'entity-news-bench' });
      await ds.initialize();
      const started = Date.now();
      try {
        await migrate(ds);
        await ds.query(`SET statement_timeout = 0`);
        log(`${name}: loading ${articles} synthetic articles`);
        await loadFreshDataset(ds, generateInWorker(scaleOptions(articles)), { parallel: true, maintenanceWorkers: LOADER_MAINTENANCE_WORKERS, onProgress: (step, ms) => log(`${name}: ${step} ${(ms / 1000).toFixed(1)} s`) });
      } finally {
        await ds.destroy();
      }
      log(`${name}: loaded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      await admin.query(`ALTER DATABASE ${loading} RENAME TO ${name}`);
    }
  } finally {
    await admin.end();
  }
  const ds = createDataSource({ url: urlOf(name), poolSize: 1, applicationName: 'entity-news-bench' });
  await ds.initialize();
  try {
    await migrate(ds);
  } finally {
    await ds.destroy();
  }
  return urlOf(name);
}

interface Measured {
  operation: string;
  p50: number;
  p95: number;
  sql: number;
  failures: number;
  requests: number;
}

/** An operation as measured at one size: its query and the variables cycled through. */
interface Operation {
  name: string;
  query: string;
  variables: Record<string, unknown>[];
}

/** One size ready to measure: its service (stopped by `stop`) and its operations, in the table's order. */
interface PreparedSize {
  size: number;
  service: RunningService & { stop(): Promise<void> };
  operations: Operation[];
}

/** One client, one request at a time, cycling through `variables`. */
async function sequential(ctx: BenchContext, service: RunningService, op: Operation): Promise<Measured> {
  const at = { ...ctx, service };
  const run = await measureSequential(at, op.name, (n) => timedRequest(at, op.query, op.variables[n % op.variables.length]), { warmup: WARMUP, max: REQUESTS, min: MIN_REQUESTS });
  return { operation: op.name, p50: run.row.p50Ms, p95: run.p95, sql: run.row.sqlPerRequest ?? 0, failures: run.row.failures, requests: run.requests };
}

const PATH = 'path maxHops 4';

/** A listing filtered by text, newest first (without totalCount, as measured since 2026-12-07). */
const ARTICLES_BY_TEXT = `query ArticlesByText($search: String!) {
  articles(first: 20, filter: { search: $search }) { pageInfo { hasNextPage endCursor } edges { node { slug title publishedAt } } }
}`;

const ENTITY_PAGE = `query EntityPage($slug: String!) {
  place(slug: $slug) { id name code articles(first: 10) { totalCount edges { node { slug title publishedAt } } } }
}`;

/** The operations of issue 22 on one database (its samples read from it), with a service started on it. */
async function prepareSize(ctx: BenchContext, size: number, url: string): Promise<PreparedSize> {
  const db = new Client({ connectionString: url });
  await db.connect();
  const rows = async (sql: string) => (await db.query(sql)).rows;
  let sample: Record<string, any[]>;
  try {
    const [top] = await rows(`SELECT entity_id FROM entity_prominence ORDER BY articles DESC LIMIT 1`);
    sample = {
      articles: await rows(`SELECT slug FROM article ORDER BY md5(slug) LIMIT 500`),
      busiest: await rows(`SELECT a.slug FROM article_entity ae JOIN article a ON a.id = ae.article_id WHERE ae.entity_id = ${top.entity_id} ORDER BY md5(a.slug) LIMIT 200`),
      places: await rows(`SELECT e.id, e.slug FROM entity_prominence p JOIN entity e ON e.id = p.entity_id WHERE e.kind = 'place' ORDER BY p.articles DESC LIMIT 20`),
      topics: await rows(`SELECT slug FROM topic ORDER BY slug`),
      names: await rows(`SELECT e.name FROM entity_prominence p JOIN entity e ON e.id = p.entity_id WHERE e.kind = 'person' ORDER BY p.articles DESC LIMIT 40`),
      titles: await rows(`SELECT title FROM article ORDER BY md5(slug) LIMIT 40`),
      people: await rows(`SELECT e.id, e.slug FROM entity e WHERE e.kind = 'person' AND EXISTS (SELECT 1 FROM event_participant p WHERE p.entity_id = e.id) ORDER BY md5(e.slug) LIMIT 400`),
    };
  } finally {
    await db.end();
  }
  // The bench's own service when it runs on this very database (a second one on it waits for the first's locks).
  const same = new URL(url).pathname === new URL(ctx.databaseUrl).pathname && new URL(url).host === new URL(ctx.databaseUrl).host;
  const service = same ? { ...ctx.service, stop: async () => {} } : await startService(url);
  const person = (p: { id: number }) => toGlobalId('Person', p.id);
  const pathQuery = operation('path');
  // --targets: the operations whose names start with one of them (e.g. "network,path")
  const wanted = (name: string) => !ctx.targets.length || ctx.targets.some((t) => name.startsWith(t));
  const pairs: Record<string, unknown>[] = [];
  try {
    // connected pairs sampled only when the path is measured (a request each)
    for (let i = 0; wanted(PATH) && pairs.length < 50 && i + 1 < sample.people.length; i += 2) {
      const pair = { from: person(sample.people[i]), to: person(sample.people[i + 1]), maxHops: 4 };
      if ((await timedRequest({ ...ctx, service }, pathQuery, pair)).data?.path) pairs.push(pair);
    }
  } catch (e) {
    await service.stop(); // not yet handed to the suite, which stops the others
    throw e;
  }
  if (wanted(PATH) && !pairs.length) ctx.log(`scale: no sampled pair of people at ${sizeLabel(size)} is connected within 4 hops: path not measured there`);
  const centers = sample.people.slice(0, 200);
  const operations: Operation[] = [
    { name: 'front page', query: operation('front-page'), variables: [{ first: 20 }] },
    { name: 'article page', query: operation('article-page'), variables: sample.articles.map((a) => ({ slug: a.slug })) },
    { name: 'article page, most-mentioned entity', query: operation('article-page'), variables: sample.busiest.map((a) => ({ slug: a.slug })) },
    { name: 'entity page (busiest places)', query: ENTITY_PAGE, variables: sample.places.map((p) => ({ slug: p.slug })) },
    { name: 'search, a name', query: operation('search'), variables: sample.names.map((n) => ({ query: n.name, first: 10 })) },
    { name: 'search, a phrase', query: operation('search'), variables: sample.titles.map((t) => ({ query: t.title, first: 10 })) },
    {
      name: 'articles by text (a name, a common word)',
      query: ARTICLES_BY_TEXT,
      variables: [...sample.names.map((n) => ({ search: n.name })), ...['coopération', 'cooperation', 'accord', 'agreement'].map((search) => ({ search }))],
    },
    {
      // as the reader's front page asks it, totalCount included (counted up to 1,000 when filtered)
      name: 'front page filtered (a busy place, a topic, a word)',
      query: operation('front-page'),
      variables: [
        ...sample.places.map((p) => ({ filter: { mentionsAll: [toGlobalId('Place', p.id)] } })),
        ...sample.topics.map((t) => ({ filter: { topic: t.slug } })),
        ...['coopération', 'cooperation', 'accord', 'agreement'].map((search) => ({ filter: { search } })),
      ],
    },
    { name: 'who met whom', query: operation('who-met-whom'), variables: centers.map((p) => ({ slug: p.slug })) },
    { name: 'network depth 2', query: operation('network'), variables: centers.map((p) => ({ center: person(p), depth: 2 })) },
    ...(pairs.length ? [{ name: PATH, query: pathQuery, variables: pairs }] : []),
  ];
  return { size, service, operations: operations.filter((o) => wanted(o.name)) };
}

/**
 * Every operation at every size, in rounds: within a round each operation is measured at
 * each size back to back (the sizes' order turned every other round), so a drift of the
 * machine's speed falls on both sides of a ratio rather than on one size's whole run.
 */
async function measureInRounds(ctx: BenchContext, prepared: PreparedSize[], rounds: number): Promise<Map<number, Measured[][]>> {
  const bySize = new Map(prepared.map((p) => [p.size, [] as Measured[][]]));
  const names = prepared[0].operations.map((o) => o.name);
  for (let round = 0; round < rounds; round++) {
    for (const p of prepared) bySize.get(p.size)!.push([]);
    for (const name of names) {
      const order = round % 2 ? [...prepared].reverse() : prepared;
      for (const p of order) {
        const op = p.operations.find((o) => o.name === name);
        if (!op) continue;
        ctx.log(`scale: ${name} @${sizeLabel(p.size)}${rounds > 1 ? `, round ${round + 1} of ${rounds}` : ''}`);
        bySize.get(p.size)![round].push(await sequential(ctx, p.service, op));
      }
    }
  }
  return bySize;
}

/** An operation's figures over the rounds: medians of p50, p95 and statements, failures summed. */
function overRounds(rounds: Measured[][], name: string): Measured | null {
  const found = rounds.map((r) => r.find((m) => m.operation === name)).filter((m): m is Measured => Boolean(m));
  if (!found.length) return null;
  return {
    operation: name, p50: median(found.map((m) => m.p50)), p95: median(found.map((m) => m.p95)), sql: median(found.map((m) => m.sql)),
    failures: found.reduce((n, m) => n + m.failures, 0), requests: found.reduce((n, m) => n + m.requests, 0),
  };
}

/**
 * Issue 22, part 1: what each read costs as the archive grows. For every size (--sizes, by
 * default 10,000, 100,000 and 1,000,000 articles) a database bench_scale_<size> on the bench's
 * server (loaded once, kept for later runs) and a service started on it; then one client's
 * p50/p95 and SQL statements per request for each operation, the sizes measured side by side
 * in each of --rounds rounds, and the largest size's p95 over the smallest's per round (median shown).
 */
export const scaleSuite: BenchSuite = {
  name: 'scale',
  onlyWhenNamed: true,
  async run(ctx) {
    const sizes = ctx.sizes?.length ? ctx.sizes : SCALE_SIZES;
    const prepared: PreparedSize[] = [];
    try {
      // Every archive loaded before any service starts on one: none sits through a load.
      const urls: string[] = [];
      for (const size of sizes) urls.push(await scaleDatabase(ctx.databaseUrl, size, ctx.log));
      for (const [i, size] of sizes.entries()) prepared.push(await prepareSize(ctx, size, urls[i]));
      const load = os.loadavg()[0];
      const rounds = await measureInRounds(ctx, prepared, ctx.rounds);
      const loadAfter = os.loadavg()[0];
      const first = prepared[0].size;
      const last = prepared.at(-1)!.size;
      const names = prepared[0].operations.map((o) => o.name);
      // Each size's figures over the rounds, per operation (null where it was not measured).
      const summary = new Map(prepared.map(({ size }) => [size, new Map(names.map((name) => [name, overRounds(rounds.get(size)!, name)]))]));
      const rows: BenchRow[] = prepared.flatMap(({ size }) => names.flatMap((name) => {
        const m = summary.get(size)!.get(name);
        return m ? [{ operation: `${name} @${sizeLabel(size)}`, requestsPerSecond: 1000 / m.p50, p50Ms: m.p50, p99Ms: m.p95, sqlPerRequest: m.sql, peakRssMb: 0, failures: m.failures }] : [];
      }));
      const header = ['operation', ...prepared.map((s) => `${sizeLabel(s.size)} p50/p95 ms (SQL)`), ...(prepared.length > 1 ? [`p95 ${sizeLabel(last)}/${sizeLabel(first)}`] : [])];
      const table = names.map((name) => {
        const cells = prepared.map((s) => {
          const x = summary.get(s.size)!.get(name);
          return x ? `${x.p50.toFixed(1)} / ${x.p95.toFixed(1)} (${x.sql.toFixed(1)})${x.failures ? ` ${x.failures} failed` : ''}` : '-';
        });
        if (prepared.length < 2) return [name, ...cells];
        // Each round's ratio from its own side-by-side measurements; the median judged.
        const perRound = rounds.get(first)!.flatMap((r, i) => {
          const a = r.find((m) => m.operation === name);
          const b = rounds.get(last)![i].find((m) => m.operation === name);
          return a && b ? [b.p95 / a.p95] : [];
        });
        if (!perRound.length) return [name, ...cells, '-'];
        const ratio = median(perRound);
        const each = perRound.length > 1 ? ` (${perRound.map((r) => r.toFixed(2)).join(' / ')})` : '';
        return [name, ...cells, `${ratio.toFixed(2)}x${each}${ratio <= GOAL ? '' : ' (goal 1.5x: NOT met)'}`];
      });
      const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => (r[i] ?? '').length)));
      const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
      return {
        rows,
        notes: [
          `one client, sequential requests (up to ${REQUESTS} per operation and size, or --duration seconds, ${MIN_REQUESTS} at least) after ${WARMUP} warm-up; ` +
            `${ctx.rounds} round(s), each operation measured at every size back to back (the order turned each round); medians over rounds; ` +
            `1-minute load average ${load.toFixed(1)} before, ${loadAfter.toFixed(1)} after, on ${os.cpus().length} CPUs`,
        ],
        footer: ['Scale (p99 column above is p95):', line(header), line(widths.map((w) => '-'.repeat(w))), ...table.map(line)],
      };
    } finally {
      for (const p of prepared) await p.service.stop();
    }
  },
};
