import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { projectRoot } from '../../src/config';
import { toGlobalId } from '../../src/schema/global-id';
import type { BenchContext, BenchRow, BenchSuite } from '../context';
import { HOSTILE_CASES, outcomeOf, sendHostile, type HostileRequest, type HostileTargets } from '../hostile';
import { measure, type GraphQLLoad } from '../load';
import { processTree, rssBytes } from '../service';

const operation = (name: string) => fs.readFileSync(path.join(projectRoot, 'operations', `${name}.graphql`), 'utf8');

/** Issue 13's goals for legitimate traffic beside a hostile stream. */
const GOALS = { p99Ratio: 2, workerRssMb: 400 };

/**
 * Hostile clients, each sending one request at a time, starting at different cases: on a
 * saturated server every request waits its turn, and one client alone might not get round
 * the catalogue in a short run.
 */
const HOSTILE_CLIENTS = 4;

/** What the legitimate responses of one phase came to, beyond autocannon's row. */
interface Tally {
  responses: number;
  fiveHundreds: number;
  /** Responses that were not 200 or carried GraphQL errors, by status and first error code. */
  failures: Map<string, number>;
}

function newTally(): Tally {
  return { responses: 0, fiveHundreds: 0, failures: new Map() };
}

/** Readers' traffic: the front page, article pages, who met whom and search, in turn, over many articles and people. */
async function legitimateTraffic(ctx: BenchContext, db: Client, tally: Tally): Promise<Omit<GraphQLLoad, 'operation'>> {
  const slugs: string[] = (await db.query(`SELECT slug FROM article ORDER BY md5(slug) LIMIT 2000`)).rows.map((r) => r.slug);
  const people: string[] = (
    await db.query(`SELECT DISTINCT e.slug FROM entity e JOIN event_participant p ON p.entity_id = e.id WHERE e.kind = 'person' ORDER BY e.slug LIMIT 500`)
  ).rows.map((r) => r.slug);
  // Search words as readers type them: people's last names and words of headlines.
  const names: string[] = (await db.query(`SELECT name FROM entity WHERE kind = 'person' ORDER BY md5(name) LIMIT 100`)).rows.map((r) => r.name.split(/\s+/).pop());
  const words: string[] = (await db.query(`SELECT title FROM article ORDER BY md5(slug) LIMIT 100`)).rows.map((r) => r.title.split(/\s+/).find((w: string) => w.length > 5) ?? r.title);
  const terms = [...names, ...words];
  if (!slugs.length || !people.length) throw new Error('abuse: the database holds no article or no person with events');
  ctx.log(`legitimate traffic over ${slugs.length} articles, ${people.length} people, ${terms.length} search terms`);
  const mix = [
    { query: operation('front-page'), variables: () => ({ first: 20 }) },
    { query: operation('article-page'), variables: (n: number) => ({ slug: slugs[n % slugs.length] }) },
    { query: operation('who-met-whom'), variables: (n: number) => ({ slug: people[n % people.length] }) },
    { query: operation('search'), variables: (n: number) => ({ query: terms[n % terms.length] }) },
  ];
  return {
    query: (n) => mix[n % mix.length].query,
    variables: (n) => mix[n % mix.length].variables(Math.floor(n / mix.length)),
    observe: (status, body) => {
      tally.responses++;
      if (status >= 500) tally.fiveHundreds++;
      if (status === 200 && !body.includes('"errors"')) return;
      const code = /"code":"([A-Z_]+)"/.exec(body)?.[1] ?? 'no code';
      const key = `${status} ${code}`;
      tally.failures.set(key, (tally.failures.get(key) ?? 0) + 1);
    },
  };
}

/** The highest resident memory of any HTTP worker (the primary's children), sampled while `during` runs. */
async function peakWorkerRss<T>(ctx: BenchContext, during: Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = 0;
  const sample = () => {
    for (const pid of processTree(ctx.service.pid).slice(1)) peak = Math.max(peak, rssBytes(pid));
  };
  sample();
  const sampler = setInterval(sample, 200);
  try {
    return { result: await during, peakMb: peak / 1024 / 1024 };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * HOSTILE_CLIENTS clients sending the catalogue's requests one after another, round and round,
 * until stopped; every outcome counted per case. Requests are built once (some weigh megabytes).
 */
function hostileStream(ctx: BenchContext, targets: HostileTargets) {
  const requests: HostileRequest[] = HOSTILE_CASES.map((c) => c.request(targets));
  const outcomes = HOSTILE_CASES.map(() => new Map<string, number>());
  let stopped = false;
  let sent = 0;
  const client = async (start: number) => {
    for (let i = start; !stopped; i = (i + 1) % requests.length) {
      const outcome = await sendHostile(ctx.service.url, requests[i]).then(outcomeOf, (e: NodeJS.ErrnoException) => `failed: ${e.code ?? e.message}`);
      outcomes[i].set(outcome, (outcomes[i].get(outcome) ?? 0) + 1);
      sent++;
    }
  };
  const running = Promise.all(Array.from({ length: HOSTILE_CLIENTS }, (_, k) => client(Math.floor((k * requests.length) / HOSTILE_CLIENTS))));
  return {
    outcomes,
    async stop() {
      stopped = true;
      await running;
      return sent;
    },
  };
}

function tallyNote(phase: string, row: BenchRow, tally: Tally): string {
  const failures = [...tally.failures].map(([k, v]) => `${k} x${v}`).join(', ') || 'none';
  // row.failures also counts what autocannon saw fail below HTTP (connection errors, timeouts).
  const transport = row.failures - [...tally.failures.values()].reduce((a, b) => a + b, 0);
  return `legitimate ${phase}: ${tally.responses} responses, 5xx ${tally.fiveHundreds}, errors ${failures}, connection errors and timeouts ${transport} (goal: 0)`;
}

/**
 * Issue 13's abuse run: readers' mixed traffic measured alone, then again beside HOSTILE_CLIENTS clients
 * cycling through every hostile request of bench/hostile.ts, in one run on one service.
 * Run as `NODE_ENV=production npm run bench -- --suite abuse --duration 60 --connections 100`
 * (production: the catalogue expects introspection refused).
 */
export const abuseSuite: BenchSuite = {
  name: 'abuse',
  onlyWhenNamed: true,
  async run(ctx) {
    const db = new Client({ connectionString: ctx.databaseUrl });
    await db.connect();
    const alone = newTally();
    const beside = newTally();
    let targets: HostileTargets;
    let traffic: Omit<GraphQLLoad, 'operation'>;
    let besideTraffic: Omit<GraphQLLoad, 'operation'>;
    try {
      traffic = await legitimateTraffic(ctx, db, alone);
      besideTraffic = await legitimateTraffic(ctx, db, beside);
      const [article] = (await db.query(`SELECT id, slug FROM article ORDER BY published_at DESC, id DESC LIMIT 1`)).rows;
      const [person] = (await db.query(`SELECT e.id FROM entity e JOIN event_participant p ON p.entity_id = e.id WHERE e.kind = 'person' GROUP BY e.id ORDER BY count(*) DESC LIMIT 1`)).rows;
      targets = { articleId: toGlobalId('Article', article.id), articleSlug: article.slug, personId: toGlobalId('Person', person.id) };
    } finally {
      await db.end();
    }

    const first = await peakWorkerRss(ctx, measure(ctx, { operation: 'mixed legitimate, alone', ...traffic }));
    const stream = hostileStream(ctx, targets);
    const second = await peakWorkerRss(ctx, measure(ctx, { operation: 'mixed legitimate, beside hostile', ...besideTraffic }));
    const hostileSent = await stream.stop();

    const ratio = second.result.p99Ms / first.result.p99Ms;
    const worstWorkerMb = Math.max(first.peakMb, second.peakMb);
    const mismatched: string[] = [];
    const lines = HOSTILE_CASES.map((c, i) => {
      const acceptable = new Set([c.expected, ...(c.underSustainedAbuse ?? [])]);
      const seen = [...stream.outcomes[i]].map(([outcome, count]) => {
        if (!acceptable.has(outcome)) mismatched.push(`${c.category}: ${c.name}: ${outcome}`);
        return `${outcome} x${count}`;
      });
      return `  ${`${c.category}: ${c.name}`.padEnd(100)} ${seen.join(', ') || 'not reached'}${seen.length && [...stream.outcomes[i].keys()].every((o) => acceptable.has(o)) ? '' : `   (catalogued: ${c.expected})`}`;
    });
    return {
      rows: [first.result, second.result],
      notes: [
        tallyNote('alone', first.result, alone),
        tallyNote('beside hostile', second.result, beside),
        `legitimate p99 beside hostile / alone: ${second.result.p99Ms.toFixed(0)} / ${first.result.p99Ms.toFixed(0)} ms = ${ratio.toFixed(2)}x (goal: within ${GOALS.p99Ratio}x: ${ratio <= GOALS.p99Ratio ? 'met' : 'NOT met'})`,
        `worker RSS peak (VmRSS sampled every 200 ms, highest HTTP worker): alone ${first.peakMb.toFixed(0)} MB, beside hostile ${second.peakMb.toFixed(0)} MB ` +
          `(goal: under ${GOALS.workerRssMb} MB: ${worstWorkerMb < GOALS.workerRssMb ? 'met' : 'NOT met'})`,
        `hostile requests sent: ${hostileSent} (${HOSTILE_CASES.length} cases, ${HOSTILE_CLIENTS} clients, each one request at a time); outcomes other than catalogued: ${mismatched.length ? mismatched.join('; ') : 'none'}`,
      ],
      footer: ['Hostile requests beside legitimate traffic (outcome x count):', ...lines],
    };
  },
};
