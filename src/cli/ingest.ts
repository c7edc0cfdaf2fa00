import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config';
import type { BackgroundJob, RecordFailure } from '../services/jobs/job-store';
import type { IngestRecord } from '../services/jobs/queue';

/**
 * npm run ingest -- [--enqueue] [--concurrency N (default 4)] <files or folders>
 *
 * Bulk-loads raw article pages (.txt: the first meaningful line is the title) and JSON
 * lines (.jsonl: one {title, body, url, publishedAt, language, source} per line) into
 * DATABASE_URL, or the embedded PostgreSQL in DATA_DIR. The records go through the
 * background job queue in batches; this process works the queue itself and shows the
 * job's progress, unless --enqueue leaves the work to the running service's worker.
 * Each record is stored in its own transaction: a bad one is reported and the rest go on.
 * Exit code: 0 all stored or unchanged, 1 some records failed, 2 bad usage or no database.
 */
const USAGE = 'usage: ingest [--enqueue] [--concurrency N] <files or folders of .txt and .jsonl>';
const HELP = `${USAGE}

Loads raw article pages (.txt: the first meaningful line is the title) and JSON lines (.jsonl:
one {"title", "body", "url", "publishedAt", "language", "source"} per line; only body is required)
into DATABASE_URL, or the embedded PostgreSQL in DATA_DIR. Folders are read recursively.
  --enqueue          queue the records for the running service's worker and return
  --concurrency N    batches worked at once (1 to 32, default 4)
Progress goes to stderr; the summary (created, updated, unchanged, failed) to stdout.
Exit codes: 0 all stored or unchanged, 1 some records failed, 2 bad usage or no database.`;
const BATCH_SIZE = 50;
const PROGRESS_EVERY_MS = 2000;

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: Writable;
  stderr: Writable;
}

class UsageError extends Error {}

interface Options {
  paths: string[];
  enqueueOnly: boolean;
  concurrency: number;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { paths: [], enqueueOnly: false, concurrency: 4 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--enqueue') options.enqueueOnly = true;
    else if (arg === '--concurrency') {
      const raw = argv[++i];
      if (raw === undefined || !/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 32) {
        throw new UsageError(`--concurrency: expected a whole number from 1 to 32, got ${raw === undefined ? 'nothing' : `"${raw}"`}`);
      }
      options.concurrency = Number(raw);
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option "${arg}"`);
    else options.paths.push(arg);
  }
  if (options.paths.length === 0) throw new UsageError('no files or folders given');
  return options;
}

export interface ReadRecords {
  records: IngestRecord[];
  failures: RecordFailure[];
  /** Files in the given folders that are neither .txt nor .jsonl. */
  skipped: string[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Every record of the given files and folders (recursively, in name order). */
export function readRecords(paths: string[], cwd = process.cwd()): ReadRecords {
  const out: ReadRecords = { records: [], failures: [], skipped: [] };
  const visit = (file: string, named: boolean) => {
    const shown = file.startsWith(cwd + path.sep) ? path.relative(cwd, file) : file;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      out.failures.push({ record: shown, reason: 'no such file or folder' });
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(file).sort()) if (!entry.startsWith('.')) visit(path.join(file, entry), false);
      return;
    }
    const ext = path.extname(file).toLowerCase();
    if (ext !== '.txt' && ext !== '.jsonl') {
      if (named) out.failures.push({ record: shown, reason: 'not a .txt or .jsonl file' });
      else out.skipped.push(shown);
      return;
    }
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (e) {
      out.failures.push({ record: shown, reason: `unreadable: ${(e as Error).message}` });
      return;
    }
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      out.failures.push({ record: shown, reason: 'not UTF-8 text' });
      return;
    }
    if (text.includes('\u0000')) {
      out.failures.push({ record: shown, reason: 'not a text file: it contains NUL bytes' });
      return;
    }
    if (ext === '.txt') out.records.push({ record: shown, input: { body: text } });
    else readJsonLines(text, shown, out);
  };
  for (const p of paths) visit(path.resolve(cwd, p), true);
  return out;
}

const STRING_FIELDS = ['title', 'url', 'publishedAt', 'language', 'source'] as const;

function readJsonLines(text: string, file: string, out: ReadRecords): void {
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const record = `${file}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      out.failures.push({ record, reason: 'not a JSON object: the line does not parse as JSON' });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      out.failures.push({ record, reason: `not a JSON object: got ${Array.isArray(value) ? 'an array' : typeof value}` });
      return;
    }
    const v = value as Record<string, unknown>;
    if (typeof v.body !== 'string') {
      out.failures.push({ record, reason: `body: expected the article text as a string, got ${v.body === undefined ? 'nothing' : typeof v.body}` });
      return;
    }
    const input: IngestRecord['input'] = { body: v.body };
    for (const field of STRING_FIELDS) {
      const f = v[field];
      if (f === undefined || f === null) continue;
      if (typeof f !== 'string') {
        out.failures.push({ record, reason: `${field}: expected a string, got ${typeof f}` });
        return;
      }
      input[field] = f;
    }
    out.records.push({ record, input });
  });
}

function summary(job: BackgroundJob, globalId: string, seconds: number, skipped: string[]): string {
  const lines = [
    `ingest job ${globalId} ${job.state === 'failed' ? 'FAILED' : 'finished'} in ${seconds.toFixed(1)} s: ` +
      `${job.created} created, ${job.updated} updated, ${job.unchanged} unchanged, ${job.failed} failed` +
      (skipped.length ? `, ${skipped.length} skipped (not .txt or .jsonl)` : ''),
  ];
  if (job.error) lines.push(`  job error: ${job.error}`);
  for (const f of job.failures) lines.push(`  failed ${f.record}: ${f.reason}`);
  if (job.failed > job.failures.length) lines.push(`  ... and ${job.failed - job.failures.length} more failures`);
  return `${lines.join('\n')}\n`;
}

/** The CLI, callable from tests; resolves to the exit code. */
export async function runIngest(argv: string[], io: CliIo): Promise<number> {
  const say = (line: string) => io.stderr.write(`ingest: ${line}\n`);
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(`${HELP}\n`);
    return 0;
  }
  let options: Options;
  let config;
  try {
    options = parseArgs(argv);
    config = loadConfig(io.env);
  } catch (e) {
    if (e instanceof UsageError) say(`${e.message}\n${USAGE}`);
    else if (e instanceof ConfigError) say(`invalid configuration: ${e.message}`);
    else throw e;
    return 2;
  }
  // Loaded once the command line and configuration are known good: a mistake is answered at once.
  const [{ default: pino }, { createLogger }, { createDataSource }, { openDatabase }, { toJobGlobalId }, { createJob }, { enqueue, ensureQueue, TASK }, { startJobWorker }] = await Promise.all([
    import('pino'), import('../config/logger'), import('../db/data-source'), import('../db/open'), import('../schema/global-id'),
    import('../services/jobs/job-store'), import('../services/jobs/queue'), import('../services/jobs/worker'),
  ]);
  const { statisticsKeptUp } = await import('../services/jobs/ingest-statistics');
  const started = Date.now();
  const read = readRecords(options.paths);
  const total = read.records.length + read.failures.length;
  say(`${read.records.length} records read from ${options.paths.length} path(s)` +
    (read.failures.length ? `, ${read.failures.length} unreadable` : '') + (read.skipped.length ? `, ${read.skipped.length} files skipped` : ''));

  let db;
  try {
    db = await openDatabase(config, (m) => say(`postgres: ${m}`));
  } catch (e) {
    say(`${config.databaseUrl ? 'DATABASE_URL' : 'embedded PostgreSQL'}: ${(e as Error).message}`);
    return 2;
  }
  const url = (db.dataSource.options as { url: string }).url;
  const logger = createLogger({ logLevel: io.env.LOG_LEVEL ? config.logLevel : 'warn' }, pino.destination({ fd: 2, sync: true }));
  // The worker's own pool: one connection per concurrent batch.
  const workerDb = createDataSource({ url, poolSize: options.concurrency + 1, applicationName: 'entity-news-ingest' });
  try {
    await ensureQueue(url);
    const job = await db.dataSource.transaction(async (manager) => {
      const created = await createJob(manager, { kind: 'ingest', total, failures: read.failures });
      for (let i = 0; i < read.records.length; i += BATCH_SIZE) {
        await enqueue(manager, TASK.ingestBatch, { jobId: created.id, records: read.records.slice(i, i + BATCH_SIZE) });
      }
      return created;
    });
    say(`job ${toJobGlobalId(job.id)}: ${total} records queued`);
    if (options.enqueueOnly) {
      say('--enqueue: the service\'s worker will ingest them; follow with the query job(id)');
      return 0;
    }
    await workerDb.initialize();
    const worker = await startJobWorker({ dataSource: workerDb, connectionString: url, logger, concurrency: options.concurrency, pollIntervalMs: 200 });
    // What the worker stores purges caches (src/services/purge): PURGE_HOOK's webhook or channel, the response cache.
    const purgeHook = await import('../services/purge');
    const stopPurgeHook = purgeHook.startPurgeHook(purgeHook.purgeHookConfig(config), logger);
    let finished: BackgroundJob;
    try {
      finished = await follow(db.dataSource, job.id, say, await statisticsKeptUp(db.dataSource));
    } finally {
      await worker.stop();
      await stopPurgeHook();
    }
    io.stdout.write(summary(finished, toJobGlobalId(finished.id), (Date.now() - started) / 1000, read.skipped));
    return finished.state === 'done' && finished.failed === 0 ? 0 : 1;
  } finally {
    if (workerDb.isInitialized) await workerDb.destroy();
    logger.flush();
    await db.close();
  }
}

/** Waits for the job to end, printing its progress every few seconds. */
async function follow(ds: DataSource, id: number, say: (line: string) => void, stored: (articles: number) => Promise<void>): Promise<BackgroundJob> {
  const { jobById } = await import('../services/jobs/job-store');
  const started = Date.now();
  let lastPrinted = started;
  for (;;) {
    const job = (await jobById(ds, id))!;
    if (job.state === 'done' || job.state === 'failed') return job;
    await stored(job.created);
    if (Date.now() - lastPrinted >= PROGRESS_EVERY_MS) {
      lastPrinted = Date.now();
      const rate = job.done / ((Date.now() - started) / 1000);
      say(`${job.done}/${job.total} records (${Math.floor((100 * job.done) / Math.max(job.total, 1))}%), ${rate.toFixed(0)}/s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

if (require.main === module) {
  runIngest(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr }).then(
    (code) => process.exit(code),
    (e: Error) => {
      process.stderr.write(`ingest: failed: ${e.message}\n`);
      process.exit(1);
    },
  );
}
