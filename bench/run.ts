/**
 * npm run bench [-- --duration 20 --warmup 5 --connections 50 --suite read-api
 *                  --articles 10000 --seed 42 --people N --events N --reset]
 * npm run bench -- --compare [--rounds 3 --duration 30 --targets article-page,who-met-whom]: our
 *   service against PostGraphile 5 and the hand-written SQL floor (bench/suites/compare.ts; 30 s
 *   per server unless --duration, after 15 s of warm-up unless --warmup; every target unless
 *   --targets names some).
 *
 * 1. A database: BENCH_DATABASE_URL, or an embedded PostgreSQL in a temporary directory
 *    (removed afterwards). Migrations run; the synthetic dataset (src/services/synthetic)
 *    is loaded into it (a BENCH_DATABASE_URL that already holds articles is reused as it
 *    is, unless --reset).
 * 2. The real service, as a child process (node dist/src/cli/start.js) on that database
 *    with EXPOSE_SQL_COUNT=true, LOG_LEVEL=warn, SEED_ON_EMPTY=false.
 * 3. Every suite of bench/suites/index.ts (or those named by --suite), one after the
 *    other, then one table with all their rows side by side, and their notes.
 *
 * Adding a benchmark: write bench/suites/<name>.ts exporting a BenchSuite
 * (`{ name, run(ctx) }`, see bench/context.ts: ctx has the database URL, the running
 * service with its pid and RSS, the duration and connection settings) and add it to the
 * list in bench/suites/index.ts. bench/load.ts's `measure` turns one GraphQL operation
 * into a row (autocannon: requests/s, p50, p99, SQL statements per request, peak RSS).
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDataSource, migrate } from '../src/db/data-source';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded';
import { generateDataset, generateInBatches, type SyntheticOptions } from '../src/services/synthetic/generate';
import { loadDataset, loadFreshDataset } from '../src/services/synthetic/load';
import type { BenchContext, BenchRow } from './context';
import { ensureBenchDeps } from './deps';
import { startService, type StartedService } from './service';
import { suites } from './suites';

interface Args {
  duration: number;
  rounds: number;
  warmup: number;
  connections: number;
  suites: string[];
  /** --targets: the comparison's or the scale suite's operations to run (all unless named). */
  targets: string[];
  /** --baseline: a built checkout whose service the comparison measures beside ours. */
  baselineRoot?: string;
  /** --sizes: the scale suite's archive sizes (its defaults unless named). */
  sizes: number[];
  reset: boolean;
  dataset: SyntheticOptions;
  /** --servers: the PostgreSQL servers to run every suite on, one after the other. */
  servers: Server[];
}

/** `embedded`: a fresh embedded PostgreSQL; `external`: BENCH_DATABASE_URL (packaged PostgreSQL, as users deploy). */
type Server = 'embedded' | 'external';

function parseArgs(argv: string[]): Args {
  const args: Args = { duration: 20, rounds: 1, warmup: 5, connections: 50, suites: [], targets: [], sizes: [], reset: false, dataset: { seed: 42, articles: 10000 }, servers: [] };
  let durationGiven = false;
  let warmupGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--reset') {
      args.reset = true;
      continue;
    }
    // --compare: our service against PostGraphile and the hand-written SQL floor (bench/suites/compare.ts), 30 s per server.
    if (flag === '--compare') {
      args.suites.push('compare');
      // Every server of the comparison runs as deployed (the Dockerfile sets NODE_ENV=production), ours as its peers.
      process.env.NODE_ENV = 'production';
      if (!durationGiven) args.duration = 30;
      // Every server gets 15 s of load before each measured round: ours ran ~40% below its
      // steady rate for the first 8 s after start (two workers' V8 still optimizing on a
      // saturated machine, new pooled connections), which a 5 s warm-up left in round 1.
      if (!warmupGiven) args.warmup = 15;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    const n = Number(value);
    const whole = () => {
      if (!Number.isInteger(n) || n < 0) throw new Error(`${flag}: expected a whole number, got "${value}"`);
      return n;
    };
    switch (flag) {
      case '--duration': args.duration = Math.max(1, whole()); durationGiven = true; break;
      case '--rounds': args.rounds = Math.max(1, whole()); break;
      case '--warmup': args.warmup = whole(); warmupGiven = true; break;
      case '--connections': args.connections = Math.max(1, whole()); break;
      case '--suite': args.suites.push(value); break;
      case '--servers': args.servers.push(...(value.split(',').filter(Boolean) as Server[])); break;
      case '--targets': args.targets.push(...value.split(',').filter(Boolean)); break;
      case '--baseline': args.baselineRoot = path.resolve(value); break;
      case '--sizes':
        for (const size of value.split(',').filter(Boolean)) {
          if (!/^\d+$/.test(size) || Number(size) < 1) throw new Error(`--sizes: expected whole numbers of articles, got "${size}"`);
          args.sizes.push(Number(size));
        }
        break;
      case '--articles': args.dataset.articles = Math.max(1, whole()); break;
      case '--seed': args.dataset.seed = whole(); break;
      case '--people': args.dataset.people = whole(); break;
      case '--organizations': args.dataset.organizations = whole(); break;
      case '--places': args.dataset.places = whole(); break;
      case '--events': args.dataset.events = whole(); break;
      default: throw new Error(`unknown argument ${flag}`);
    }
  }
  if (args.servers.some((s) => s !== 'embedded' && s !== 'external')) throw new Error(`--servers: expected embedded, external or both, got "${args.servers.join(',')}"`);
  if (args.servers.includes('external') && !process.env.BENCH_DATABASE_URL) throw new Error('--servers external needs BENCH_DATABASE_URL');
  if (args.baselineRoot && !fs.existsSync(path.join(args.baselineRoot, 'dist', 'src', 'cli', 'start.js'))) {
    throw new Error(`--baseline: no built service in ${args.baselineRoot} (run npm ci and npm run build there)`);
  }
  if (!args.servers.length) args.servers.push(process.env.BENCH_DATABASE_URL ? 'external' : 'embedded');
  const unknown = args.suites.filter((name) => !suites.some((s) => s.name === name));
  if (unknown.length) throw new Error(`unknown suite ${unknown.join(', ')}; suites: ${suites.map((s) => s.name).join(', ')}`);
  return args;
}

const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

async function prepareDatabase(url: string, args: Args): Promise<Record<string, number>> {
  const ds = createDataSource({ url, poolSize: 2, applicationName: 'entity-news-bench' });
  await ds.initialize();
  try {
    await migrate(ds);
    const [{ count }] = await ds.query(`SELECT count(*)::int AS count FROM article`);
    if (count > 0 && !args.reset) {
      log(`reusing the ${count} articles already in the database (--reset replaces them with the synthetic dataset)`);
    } else {
      const started = Date.now();
      // An empty database takes the bulk loader, anything else the plain one.
      if (count === 0) await loadFreshDataset(ds, generateInBatches(args.dataset));
      else await loadDataset(ds, generateDataset(args.dataset), { reset: args.reset });
      log(`synthetic dataset loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    const [shape] = await ds.query(
      `SELECT (SELECT count(*) FROM article)::int AS articles, (SELECT count(*) FROM entity WHERE kind = 'person')::int AS people,
              (SELECT count(*) FROM entity WHERE kind = 'organization')::int AS organizations,
              (SELECT count(*) FROM entity WHERE kind = 'place')::int AS places, (SELECT count(*) FROM event)::int AS events,
              (SELECT count(*) FROM mention)::int AS mentions, (SELECT count(*) FROM comment)::int AS comments`,
    );
    return { seed: args.dataset.seed, ...shape };
  } finally {
    await ds.destroy();
  }
}

type LabelledRow = BenchRow & { suite: string; server?: string };

function table(rows: LabelledRow[]): string {
  const header = ['suite', 'operation', 'req/s', 'p50 ms', 'p99 ms', 'SQL/req', 'peak RSS MB', 'failures'];
  const body = rows.map((r) => [
    r.suite, r.server ? `${r.operation} [${r.server}]` : r.operation, r.requestsPerSecond.toFixed(0), r.p50Ms.toFixed(1), r.p99Ms.toFixed(1),
    r.sqlPerRequest === null ? '-' : r.sqlPerRequest.toFixed(1), r.peakRssMb.toFixed(0), String(r.failures),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n');
}

const USAGE = `usage: npm run bench [-- options]
  --suite NAME        run one suite (repeatable; suites: ${suites.map((s) => s.name).join(', ')})
  --compare           our service against PostGraphile 5 and the hand-written SQL floor
  --targets A,B       the comparison's operations (front-page, article-page, who-met-whom);
                      the scale suite's, by the start of their names ("network,path")
  --rounds N          rounds per comparison target, and of the scale suite (every size side by side in each; default 1)
  --baseline DIR      with --compare: also measure the service of DIR, a built checkout of an
                      earlier commit, on the same database in the same rounds (before/after)
  --duration S        measured seconds per operation (default 20; 30 with --compare)
  --warmup S          warm-up seconds (default 5; 15 with --compare)
  --connections N     concurrent connections (default 50)
  --articles N --seed N --people N --organizations N --places N --events N   the synthetic dataset
  --reset             replace what BENCH_DATABASE_URL holds with the synthetic dataset
  --sizes A,B         the scale suite's archive sizes (default 10000,100000,1000000), each in a
                      database bench_scale_<size> on the same server, loaded once and kept
  --servers A,B       run on the embedded PostgreSQL, on BENCH_DATABASE_URL (external), or on
                      both one after the other, every row labelled with its server
BENCH_DATABASE_URL reuses a database; otherwise an embedded PostgreSQL in a temporary directory,
or in BENCH_EMBEDDED_DIR, kept for the next run (the scale suite's databases with it).
The first run installs autocannon and PostGraphile into bench/deps.`;

async function main(): Promise<void> {
  if (process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    log(`${(e as Error).message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  ensureBenchDeps(log);
  const rows: LabelledRow[] = [];
  const notes: string[] = [];
  const footer: string[] = [];
  const described: string[] = [];
  const loadBefore = os.loadavg()[0];
  const labelled = args.servers.length > 1;
  for (const server of args.servers) {
    const run = await runOn(server, args);
    const label = (n: string) => (labelled ? `[${server}] ${n}` : n);
    rows.push(...run.rows.map((r) => (labelled ? { ...r, server } : r)));
    notes.push(...run.notes.map(label), label(run.peakRss));
    footer.push(...run.footer);
    described.push(`${labelled ? `[${server}] ` : ''}${run.postgres}; dataset: ${Object.entries(run.dataset).map(([k, v]) => `${k} ${v}`).join(', ')}.`);
  }
  const out = [
    '',
    `Benchmark: ${args.connections} connections, ${args.duration} s per operation after ${args.warmup} s of warm-up; ` +
      `${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}; load generator on the same machine; ` +
      `1-minute load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after.`,
    ...described,
    '',
    ...(rows.length ? [table(rows), ''] : []),
    ...notes,
    ...(footer.length ? ['', ...footer] : []),
    '',
  ];
  process.stdout.write(out.join('\n'));
}

/** PostgreSQL's version and the JIT settings the service's connections see. */
async function describePostgres(url: string): Promise<string> {
  const ds = createDataSource({ url, poolSize: 1, applicationName: 'entity-news-bench' });
  await ds.initialize();
  try {
    const [row] = await ds.query(`SELECT current_setting('server_version') AS version, pg_jit_available() AS jit, current_setting('jit_above_cost') AS above`);
    return `PostgreSQL ${row.version} (JIT on the service's connections: ${row.jit ? `on above cost ${row.above}` : 'off'})`;
  } finally {
    await ds.destroy();
  }
}

/** Every chosen suite on one server: its database prepared, the service started on it, then stopped. */
async function runOn(server: Server, args: Args) {
  let embedded: EmbeddedDatabase | null = null;
  let tempDir: string | null = null;
  let service: StartedService | null = null;
  try {
    let url: string;
    if (server === 'external') url = process.env.BENCH_DATABASE_URL!;
    else {
      const kept = process.env.BENCH_EMBEDDED_DIR;
      if (kept) fs.mkdirSync(kept, { recursive: true });
      else tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'entity-news-bench-'));
      const dir = kept ?? tempDir!;
      // Run as root, PostgreSQL runs as its own user, who must be able to enter the directory.
      fs.chmodSync(dir, 0o755);
      embedded = await startEmbeddedPostgres(dir, (m) => log(`postgres: ${m}`));
      url = embedded.url;
      log(`embedded PostgreSQL in ${dir}${kept ? ' (kept: BENCH_EMBEDDED_DIR)' : ''}`);
    }
    const dataset = await prepareDatabase(url, args);
    const postgres = await describePostgres(url);
    log(`${server}: ${postgres}; dataset: ${JSON.stringify(dataset)}`);
    service = await startService(url);
    log(`service pid ${service.pid} at ${service.url}`);

    const ctx: BenchContext = {
      databaseUrl: url, service, durationSeconds: args.duration, warmupSeconds: args.warmup, connections: args.connections, rounds: args.rounds, targets: args.targets, baselineRoot: args.baselineRoot, sizes: args.sizes, dataset, log,
    };
    const rows: LabelledRow[] = [];
    const notes: string[] = [];
    const footer: string[] = [];
    for (const suite of suites.filter((s) => (args.suites.length ? args.suites.includes(s.name) : !s.onlyWhenNamed))) {
      log(`suite ${suite.name} on ${server}`);
      try {
        const result = await suite.run(ctx);
        rows.push(...result.rows.map((r) => ({ ...r, suite: suite.name })));
        notes.push(...result.notes.map((n) => `${suite.name}: ${n}`));
        footer.push(...(result.footer ?? []));
        // Each suite's figures as soon as it is done: a later suite failing loses nothing.
        log(`${suite.name} done:\n${table(result.rows.map((r) => ({ ...r, suite: suite.name })))}\n${result.notes.join('\n')}`);
      } catch (e) {
        notes.push(`${suite.name}: FAILED: ${(e as Error).message}`);
        log(`suite ${suite.name} failed: ${(e as Error).message}`);
        if (!(await fetch(`${service.url}/health`).then((r) => r.ok, () => false))) throw new Error(`the service died during ${suite.name}`);
      }
    }
    const peakRss = `server peak RSS over the whole run (VmHWM summed over the primary and its HTTP workers): ${(service.peakRssBytes() / 1024 / 1024).toFixed(0)} MB`;
    return { rows, notes, footer, dataset, postgres, peakRss };
  } finally {
    await service?.stop().catch(() => {});
    await embedded?.stop().catch(() => {});
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

main().catch((e: Error) => {
  process.stderr.write(`bench: ${e.message}\n`);
  process.exit(1);
});
