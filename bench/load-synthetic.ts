import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { createDataSource, migrate } from '../src/db/data-source';
import { generateInBatches } from '../src/services/synthetic/generate';
import { generateInWorker } from '../src/services/synthetic/generate-in-worker';
import { loadFreshDataset } from '../src/services/synthetic/load';
import { LOADER_MAINTENANCE_WORKERS, scaleOptions } from './suites/scale';

/**
 * node dist/bench/load-synthetic.js [--articles 1000000] [--database NAME] [--keep] [--in-process]
 * The scale suite's bulk load alone (its dataset and call, `loadFreshDataset` with `parallel`)
 * into a scratch database on BENCH_DATABASE_URL's server (default the machine's PostgreSQL 15),
 * dropped afterwards unless --keep: each step's time, and the CPU seconds of this process and of
 * the database's backends (read from /proc, so only for a server on this machine), with the
 * load average. docs/performance-history.md "Scale".
 */
export const USAGE = 'usage: node dist/bench/load-synthetic.js [--articles N] [--database NAME] [--keep] [--in-process]';

export interface LoadArguments {
  articles: number;
  /** Dropped and created afresh: a plain lower-case identifier only. */
  database: string;
  keep: boolean;
  /** Generated on this thread, between the COPYs (before the worker thread), to compare. */
  inProcess: boolean;
}

/**
 * The command line, checked before anything is dropped or loaded: an unknown flag (`--help`
 * included, which prints the usage) or a bad value is refused, where a loose reading once took
 * `--help` for "the defaults" and started a million-article load.
 */
export function loadArguments(argv: string[]): LoadArguments | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { articles: { type: 'string' }, database: { type: 'string' }, keep: { type: 'boolean' }, 'in-process': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }).values;
  } catch (e) {
    throw new Error(`${(e as Error).message}\n${USAGE}`);
  }
  if (parsed.help) return 'help';
  const articles = parsed.articles ?? '1000000';
  if (!/^[1-9]\d{0,7}$/.test(articles)) throw new Error(`--articles: expected a whole number of articles from 1 to 99,999,999, got "${articles}"`);
  const database = parsed.database ?? `scratch_synthetic_${articles}`;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(database)) throw new Error(`--database: expected a lower-case name of letters, digits and _, got "${database}"`);
  return { articles: Number(articles), database, keep: parsed.keep ?? false, inProcess: parsed['in-process'] ?? false };
}

const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const urlOf = (db: string) => {
  const u = new URL(server);
  u.pathname = `/${db}`;
  return u.toString();
};

const TICKS = 100;
/** CPU seconds per process of the database (backends and their parallel workers), the most seen of each. */
const backendCpu = new Map<number, number>();
function sampleBackends(database: string): void {
  const ours = new Set<number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmd.startsWith('postgres:')) continue;
      const pid = Number(entry);
      const parent = /parallel worker for PID (\d+)/.exec(cmd);
      if (cmd.includes(` ${database} `) || (parent && backendCpu.has(Number(parent[1])))) ours.add(pid);
      if (!ours.has(pid)) continue;
      const fields = fs.readFileSync(`/proc/${entry}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      backendCpu.set(pid, Math.max(backendCpu.get(pid) ?? 0, (Number(fields[11]) + Number(fields[12])) / TICKS));
    } catch {
      // the process ended between the listing and the read
    }
  }
}
const pgSeconds = () => [...backendCpu.values()].reduce((s, v) => s + v, 0);
const nodeSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const load = () => os.loadavg()[0].toFixed(1);

async function main(): Promise<void> {
  const parsed = loadArguments(process.argv.slice(2));
  if (parsed === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { articles, database, keep, inProcess } = parsed;
  const admin = new Client({ connectionString: urlOf('postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${database}`);
  await admin.query(`CREATE DATABASE ${database}`);
  const ds = createDataSource({ url: urlOf(database), poolSize: 2, applicationName: 'entity-news-bench' });
  await ds.initialize();
  const sampler = setInterval(() => sampleBackends(database), 250);
  const loads: string[] = [];
  const loadSampler = setInterval(() => loads.push(load()), 30_000);
  try {
    await migrate(ds);
    await ds.query(`SET statement_timeout = 0`);
    sampleBackends(database);
    const pg0 = pgSeconds();
    const node0 = nodeSeconds();
    const started = Date.now();
    const say = (line: string) => process.stderr.write(`${((Date.now() - started) / 1000).toFixed(1).padStart(7)} s  load ${load().padStart(4)}  node ${(nodeSeconds() - node0).toFixed(0).padStart(5)} cpu-s  pg ${(pgSeconds() - pg0).toFixed(0).padStart(5)} cpu-s  ${line}\n`);
    say(`loading ${articles} synthetic articles into ${database} (${os.cpus().length} CPUs)`);
    await loadFreshDataset(ds, inProcess ? generateInBatches(scaleOptions(articles)) : generateInWorker(scaleOptions(articles)), { parallel: true, maintenanceWorkers: LOADER_MAINTENANCE_WORKERS, onProgress: (step, ms) => say(`${step} ${(ms / 1000).toFixed(1)} s`) });
    say('done');
    process.stdout.write(`${articles} articles in ${((Date.now() - started) / 1000).toFixed(0)} s; load average every 30 s: ${loads.join(' ')}\n`);
  } finally {
    clearInterval(sampler);
    clearInterval(loadSampler);
    await ds.destroy();
    if (!keep) await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.end();
  }
}

if (require.main === module) {
  main().catch((e: Error) => {
    process.stderr.write(`load-synthetic: ${e.message}\n`);
    process.exit(1);
  });
}
