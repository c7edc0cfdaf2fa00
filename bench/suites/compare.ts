import os from 'node:os';
import { Client } from 'pg';
import type { BenchContext, BenchRow, BenchSuite, RunningService } from '../context';
import { checkSameData } from '../compare/equivalence';
import { frontPageWithComments, operation, POSTGRAPHILE_FRONT_PAGE } from '../compare/operations';
import { startPeer, type Peer } from '../compare/processes';
import { measure, type GraphQLLoad } from '../load';
import { median } from '../sequential';
import { processTree, rssBytes, startService } from '../service';

/**
 * `npm run bench -- --compare [--rounds 3] [--targets front-page,article-page,who-met-whom]`:
 * our service against PostGraphile 5 and the floor (one hand-written SQL statement per request
 * behind Node's http), on the same database and dataset, with the same autocannon settings, one
 * server at a time. Answers are checked to be the same data before anything is timed. Every
 * target runs `rounds` rounds, each measuring its servers back to back (same warm-up each
 * time); its ratios are the median of the rounds' ratios. After the front page, our front page
 * runs `rounds` consecutive rounds more, watching each worker's memory. With --baseline, an
 * earlier commit's service runs on the same database as `before`, in the same rounds, so a
 * change's cost is read against one floor in one run.
 */

const MB = 1024 * 1024;

/** The comparison's operations (--targets names some of them). */
const TARGETS = ['front-page', 'article-page', 'who-met-whom'] as const;
type Target = (typeof TARGETS)[number];
const TARGET_RSS_MB = 300;

interface Measured extends BenchRow {
  system: string;
  target: string;
}

interface Watched<T> {
  result: T;
  peakByPid: Map<number, number>;
  /** Each process's mean RSS over the samples: its steady state under the load. */
  meanByPid: Map<number, number>;
  endByPid: Map<number, number>;
}

/** Samples every process of a service (primary and workers) every 200 ms while `work` runs. */
async function watchWorkers<T>(service: RunningService, work: () => Promise<T>): Promise<Watched<T>> {
  const peakByPid = new Map<number, number>();
  const sums = new Map<number, { total: number; samples: number }>();
  const sample = () => {
    for (const pid of processTree(service.pid)) {
      const rss = rssBytes(pid);
      peakByPid.set(pid, Math.max(peakByPid.get(pid) ?? 0, rss));
      const sum = sums.get(pid) ?? { total: 0, samples: 0 };
      sums.set(pid, { total: sum.total + rss, samples: sum.samples + 1 });
    }
  };
  const timer = setInterval(sample, 200);
  try {
    const result = await work();
    sample();
    const endByPid = new Map(processTree(service.pid).map((pid) => [pid, rssBytes(pid)]));
    const meanByPid = new Map([...sums].map(([pid, { total, samples }]) => [pid, total / samples]));
    return { result, peakByPid, meanByPid, endByPid };
  } finally {
    clearInterval(timer);
  }
}

/** One system's rounds as one row: median requests/s and latencies, the highest RSS, all failures. */
function medianRow(rounds: Measured[]): Measured {
  return {
    ...rounds[0],
    operation: `${rounds[0].target} (${rounds[0].system})`,
    requestsPerSecond: median(rounds.map((r) => r.requestsPerSecond)),
    p50Ms: median(rounds.map((r) => r.p50Ms)),
    p99Ms: median(rounds.map((r) => r.p99Ms)),
    peakRssMb: Math.max(...rounds.map((r) => r.peakRssMb)),
    failures: rounds.reduce((n, r) => n + r.failures, 0),
  };
}

function table(rows: Measured[], ratioOf: (system: string, target: string) => number): string {
  const header = ['operation', 'system', 'req/s', 'p50 ms', 'p99 ms', 'SQL/req', 'peak RSS MB', 'failures', 'ours / this (req/s)'];
  const body = rows.map((r) => [
    r.target, r.system, r.requestsPerSecond.toFixed(0), r.p50Ms.toFixed(1), r.p99Ms.toFixed(1),
    r.sqlPerRequest === null ? '-' : r.sqlPerRequest.toFixed(1), r.peakRssMb.toFixed(0), String(r.failures),
    r.system === 'ours' ? '-' : ratioOf(r.system, r.target).toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n');
}

/**
 * Lets the database settle before anything is timed: a freshly loaded dataset leaves dirty
 * buffers that a checkpoint would otherwise write out during the first server's measurement
 * (our first front-page round ran at about half the speed of the next two right after the load).
 */
async function settleDatabase(databaseUrl: string, log: (m: string) => void): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('CHECKPOINT');
  } catch (e) {
    log(`compare: no CHECKPOINT (${(e as Error).message}); timing a database that may still be writing`);
  } finally {
    await db.end();
  }
}

async function sampleSlugs(databaseUrl: string): Promise<{ articles: string[]; people: string[] }> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    // Many different pages, so no cache (ours, PostgreSQL's or a peer's) flatters the figures.
    const articles = (await db.query(`SELECT slug FROM article ORDER BY md5(slug) LIMIT 2000`)).rows.map((r) => r.slug as string);
    const people = (
      await db.query(
        `SELECT e.slug FROM entity e WHERE e.kind = 'person' AND e.merged_into_id IS NULL
            AND EXISTS (SELECT 1 FROM event_participant p WHERE p.entity_id = e.id)
          ORDER BY md5(e.slug) LIMIT 500`,
      )
    ).rows.map((r) => r.slug as string);
    if (!articles.length || !people.length) throw new Error('compare: the database holds no article or no person with events');
    return { articles, people };
  } finally {
    await db.end();
  }
}

/**
 * SQL statements per request from a few sequential requests that ask to be counted
 * (`x-count-sql: 1`): PostGraphile counts only those, so its timed requests run uncounted.
 */
async function probeStatements(url: string, load: GraphQLLoad, requests = 10): Promise<number | null> {
  let total = 0;
  for (let n = 0; n < requests; n++) {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-count-sql': '1' },
      body: JSON.stringify({ query: load.query, variables: load.variables(n) }),
    });
    await res.text();
    const counted = res.headers.get('x-sql-statements');
    if (counted === null) return null;
    total += Number(counted);
  }
  return total / requests;
}

/** Our service's SQL statements for the front page (with comments) at page sizes 5, 20 and 100. */
async function statementsPerPageSize(url: string): Promise<Record<number, number | null>> {
  const counts: Record<number, number | null> = {};
  for (const first of [5, 20, 100]) {
    counts[first] = await probeStatements(url, { operation: 'front-page', query: frontPageWithComments(), variables: () => ({ first }) }, 1);
  }
  return counts;
}

export const compareSuite: BenchSuite = {
  name: 'compare',
  onlyWhenNamed: true,
  async run(ctx: BenchContext) {
    // RSS of our service is summed over the primary and its workers (bench/service.ts).
    const ours = ctx.service;
    const unknown = ctx.targets.filter((t) => !(TARGETS as readonly string[]).includes(t));
    if (unknown.length) throw new Error(`compare: unknown target ${unknown.join(', ')}; targets: ${TARGETS.join(', ')}`);
    const wanted = (target: Target) => !ctx.targets.length || ctx.targets.includes(target);
    const workers = processTree(ctx.service.pid).length - 1;
    const slugs = await sampleSlugs(ctx.databaseUrl);
    const peerEnv = { DATABASE_URL: ctx.databaseUrl, NODE_ENV: 'production', DB_POOL_SIZE: '10' };
    const peers: Peer[] = [];
    let statementsByPageSize: Record<number, number | null> = {};
    const notes: string[] = [];
    const rows: Measured[] = [];
    const roundsOf = new Map<Target, Record<string, Measured>[]>();
    const rounds: { rps: number; peak: Map<number, number>; mean: Map<number, number>; end: Map<number, number> }[] = [];
    try {
      ctx.log('compare: starting the floor and PostGraphile');
      const floor = await startPeer('floor', ['dist/bench/compare/floor-server.js'], peerEnv);
      peers.push(floor);
      const postgraphile = await startPeer('postgraphile', ['-r', './bench/compare/polyfill.cjs', 'bench/compare/postgraphile-server.cjs'], peerEnv);
      peers.push(postgraphile);
      if (ctx.baselineRoot) ctx.log(`compare: starting the baseline service of ${ctx.baselineRoot}`);
      const before = ctx.baselineRoot ? await startService(ctx.databaseUrl, {}, ctx.baselineRoot) : undefined;
      if (before) peers.push({ name: 'before', ...before });
      const withBefore = (load: GraphQLLoad) => (before ? [{ system: 'before', service: before, load }] : []);

      const checked = await checkSameData({
        ours: ours.url, floor: floor.url, postgraphile: postgraphile.url,
        articleSlugs: slugs.articles.slice(0, 25), personSlugs: slugs.people.slice(0, 10), window: { from: '2023-01-01', to: '2024-06-30' },
      });
      notes.push(...checked.map((c) => `same data: ${c}`));
      await settleDatabase(ctx.databaseUrl, ctx.log);
      statementsByPageSize = await statementsPerPageSize(ours.url);

      const on = (service: RunningService, extra: Partial<BenchContext> = {}): BenchContext => ({ ...ctx, service, ...extra });

      // Each target runs in rounds, each round measuring its servers back to back in an order
      // that turns every round (ABC, CBA, ABC…), so the machine's drift (a third within half
      // an hour here) weighs on each of them alike; ratios are taken within a round.
      const inRounds = async (target: Target, contenders: { system: string; service: RunningService; load: GraphQLLoad }[]) => {
        const perRound: Record<string, Measured>[] = [];
        for (let round = 1; round <= ctx.rounds; round++) {
          const order = round % 2 === 1 ? contenders : [...contenders].reverse();
          const measured: Record<string, Measured> = {};
          for (const { system, service, load } of order) {
            ctx.log(`compare: ${target} on ${system}, round ${round} of ${ctx.rounds}`);
            const row = { ...(await measure(on(service), { ...load, operation: `${target} (${system}, round ${round})` })), system, target };
            if (row.sqlPerRequest === null) row.sqlPerRequest = await probeStatements(service.url, load);
            measured[system] = row;
          }
          perRound.push(measured);
          notes.push(
            `${target} round ${round} (${order.map((c) => c.system).join(', ')}): ` +
              contenders.map(({ system }) => `${system} ${measured[system].requestsPerSecond.toFixed(0)} req/s, p99 ${measured[system].p99Ms} ms`).join('; ') +
              contenders.filter((c) => c.system !== 'ours').map(({ system }) => `; ours / ${system} ${(measured.ours.requestsPerSecond / measured[system].requestsPerSecond).toFixed(2)}`).join(''),
          );
        }
        roundsOf.set(target, perRound);
        // The table's rows: each system's median round.
        for (const { system } of contenders) rows.push(medianRow(perRound.map((r) => r[system])));
      };

      const frontPage: GraphQLLoad = { operation: 'front-page', query: frontPageWithComments(), variables: () => ({ first: 20 }) };
      if (wanted('front-page')) {
        await inRounds('front-page', [
          { system: 'ours', service: ours, load: frontPage },
          ...withBefore(frontPage),
          { system: 'postgraphile', service: postgraphile, load: { ...frontPage, query: POSTGRAPHILE_FRONT_PAGE } },
          { system: 'floor', service: floor, load: frontPage },
        ]);
      }
      await postgraphile.stop();

      // Memory: our front page again, `rounds` consecutive rounds without a pause, each worker watched.
      for (let round = 1; wanted('front-page') && round <= ctx.rounds; round++) {
        ctx.log(`compare: memory, our front page, round ${round} of ${ctx.rounds}`);
        const watched = await watchWorkers(ctx.service, () =>
          measure(on(ours, round === 1 ? {} : { warmupSeconds: 0 }), { ...frontPage, operation: `front-page (ours, memory round ${round})` }),
        );
        rounds.push({ rps: watched.result.requestsPerSecond, peak: watched.peakByPid, mean: watched.meanByPid, end: watched.endByPid });
      }

      const articlePage: GraphQLLoad = { operation: 'article-page', query: operation('article-page'), variables: (n) => ({ slug: slugs.articles[n % slugs.articles.length] }) };
      if (wanted('article-page')) {
        await inRounds('article-page', [{ system: 'ours', service: ours, load: articlePage }, ...withBefore(articlePage), { system: 'floor', service: floor, load: articlePage }]);
      }
      const whoMetWhom: GraphQLLoad = { operation: 'who-met-whom', query: operation('who-met-whom'), variables: (n) => ({ slug: slugs.people[n % slugs.people.length] }) };
      if (wanted('who-met-whom')) {
        await inRounds('who-met-whom', [{ system: 'ours', service: ours, load: whoMetWhom }, ...withBefore(whoMetWhom), { system: 'floor', service: floor, load: whoMetWhom }]);
      }

      // Memory: each process's mean RSS over every round (its steady state under load), its peak and its RSS at the end.
      // Growth compares the means: one sample at a round's end falls before or after a major GC by chance.
      if (rounds.length) {
        const pids = [...rounds[0].end.keys()].filter((pid) => pid !== ctx.service.pid || workers === 0);
        const perWorker = (m: Map<number, number>) => pids.map((pid) => ((m.get(pid) ?? 0) / MB).toFixed(0)).join('/');
        rounds.forEach((r, i) => {
          notes.push(
            `memory round ${i + 1}: ${r.rps.toFixed(0)} req/s; RSS per ${workers ? 'worker' : 'process'}: mean ${perWorker(r.mean)} MB, peak ${perWorker(r.peak)} MB, at the end ${perWorker(r.end)} MB`,
          );
        });
        const maxOf = (m: Map<number, number>) => Math.max(...pids.map((pid) => m.get(pid) ?? 0)) / MB;
        const peakAll = Math.max(...rounds.map((r) => maxOf(r.peak)));
        let memoryLine = `memory: highest RSS of one ${workers ? 'worker' : 'process'} under load ${peakAll.toFixed(0)} MB (target < ${TARGET_RSS_MB} MB): ${peakAll < TARGET_RSS_MB ? 'met' : 'NOT met'}`;
        if (rounds.length > 1) {
          const growth = maxOf(rounds[rounds.length - 1].mean) / maxOf(rounds[0].mean) - 1;
          memoryLine += `; mean RSS under load, round ${rounds.length} vs round 1: ${(growth * 100).toFixed(1)}% (target: no growth beyond 10%): ${growth <= 0.1 ? 'met' : 'NOT met'}`;
        } else memoryLine += '; growth across rounds not measured (use --rounds 3)';
        notes.push(memoryLine);
      }
    } finally {
      for (const peer of peers) await peer.stop().catch(() => {});
    }

    const get = (system: string, target: string) => rows.find((r) => r.system === system && r.target === target)!;
    // Ratios: the median of the rounds' own ratios (each measured back to back).
    const ratioOf = (system: string, other: string, target: string) =>
      median(roundsOf.get(target as Target)!.map((r) => r[system].requestsPerSecond / r[other].requestsPerSecond));
    const ratio = (other: string, target: string) => ratioOf('ours', other, target);
    const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
    const targets: string[] = [];
    const ratios: string[] = [];
    if (roundsOf.has('front-page')) {
      const fp = get('ours', 'front-page');
      const pg = get('postgraphile', 'front-page');
      targets.push(
        `target front page >= 2x PostGraphile req/s with a lower p99: ${ratio('postgraphile', 'front-page').toFixed(2)}x, p99 ${fp.p99Ms} vs ${pg.p99Ms} ms: ` +
          verdict(ratio('postgraphile', 'front-page') >= 2 && fp.p99Ms < pg.p99Ms),
        `target front page >= 0.5x the floor: ${ratio('floor', 'front-page').toFixed(2)}x: ${verdict(ratio('floor', 'front-page') >= 0.5)}`,
      );
      ratios.push(`ratio front-page vs postgraphile: ${ratio('postgraphile', 'front-page').toFixed(2)}`, `ratio front-page vs floor: ${ratio('floor', 'front-page').toFixed(2)}`);
    }
    if (roundsOf.has('article-page')) {
      targets.push(`target article page >= 0.5x the floor: ${ratio('floor', 'article-page').toFixed(2)}x: ${verdict(ratio('floor', 'article-page') >= 0.5)}`);
      ratios.push(`ratio article-page vs floor: ${ratio('floor', 'article-page').toFixed(2)}`);
    }
    targets.push(
      `target SQL statements constant in page size (front page with comments, first 5/20/100): ${Object.values(statementsByPageSize).join('/')}: ` +
        verdict(new Set(Object.values(statementsByPageSize)).size === 1),
    );
    if (roundsOf.has('who-met-whom')) ratios.push(`ratio who-met-whom vs floor: ${ratio('floor', 'who-met-whom').toFixed(2)}`);
    // Before and after: each service's ratio to the floor of its own round, and ours over before.
    for (const target of ctx.baselineRoot ? TARGETS : []) {
      if (!roundsOf.has(target)) continue;
      const [beforeVsFloor, oursVsFloor] = [ratioOf('before', 'floor', target), ratio('floor', target)];
      const change = oursVsFloor / beforeVsFloor - 1;
      ratios.push(
        `before/after ${target}: before vs floor ${beforeVsFloor.toFixed(2)}, ours vs floor ${oursVsFloor.toFixed(2)} ` +
          `(${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)}%), ours vs before ${ratio('before', target).toFixed(2)}`,
      );
    }
    const load = os.loadavg()[0];
    return {
      rows: [],
      notes,
      footer: [
        `Our service: ${workers || 1} ${workers ? 'workers' : 'process'} (WORKERS), peers: one process each; ${ctx.connections} connections, ` +
          `${ctx.warmupSeconds} s warm-up, ${ctx.durationSeconds} s measured; 1-minute load average now ${load.toFixed(1)}.`,
        table(rows, ratio),
        '',
        ...targets,
        '',
        ...ratios,
      ],
    };
  },
};
