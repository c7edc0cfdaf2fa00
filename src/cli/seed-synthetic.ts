import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config';
import type { SyntheticOptions } from '../services/synthetic/generate';

/**
 * npm run seed:synthetic -- --articles 10000 --seed 42 [--people N] [--organizations N]
 *   [--places N] [--events N] [--reset]
 * Writes a deterministic synthetic dataset into DATABASE_URL, or into the embedded
 * PostgreSQL in DATA_DIR when DATABASE_URL is not set.
 */
const USAGE = 'usage: seed-synthetic --articles N [--seed N] [--people N] [--organizations N] [--places N] [--events N] [--reset]';
const HELP = `${USAGE}

Writes a deterministic synthetic dataset (the same rows for the same options) into DATABASE_URL,
or the embedded PostgreSQL in DATA_DIR, beside what it holds (the demo article's entities are
shared by kind and slug). A database that already holds a synthetic dataset is refused unless
--reset, which replaces everything with this one.
  --articles N        articles (required; 1 to 1,000,000)
  --seed N            the random seed (default 42)
  --people N (default 2000), --organizations N (300), --places N (200), --events N (articles / 2)
Timings go to stderr; the summary line to stdout.`;

function fail(message: string, code = 1): never {
  process.stderr.write(`seed-synthetic: ${message}\n`);
  process.exit(code);
}

const NUMERIC = { articles: [1, 1_000_000], seed: [0, 4294967295], people: [2, 1_000_000], organizations: [0, 100_000], places: [0, 100_000], events: [0, 10_000_000] } as const;

/** A bad command line: printed as one line, exit code 2. */
export class UsageError extends Error {}

export function parseArgs(argv: string[]): { options: SyntheticOptions; reset: boolean } {
  const values: Record<string, number> = { seed: 42 };
  let reset = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--reset') {
      reset = true;
      continue;
    }
    const name = flag.replace(/^--/, '');
    if (!flag.startsWith('--') || !(name in NUMERIC)) throw new UsageError(`unknown argument "${flag}"\n${USAGE}`);
    const raw = argv[++i];
    const [min, max] = NUMERIC[name as keyof typeof NUMERIC];
    if (raw === undefined || !/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      throw new UsageError(`--${name}: expected a whole number from ${min} to ${max}, got ${raw === undefined ? 'nothing' : `"${raw}"`}`);
    }
    values[name] = Number(raw);
  }
  if (values.articles === undefined) throw new UsageError(`--articles is required\n${USAGE}`);
  return { options: values as unknown as SyntheticOptions, reset };
}

async function main(): Promise<void> {
  if (process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  let parsed;
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) fail(e.message, 2);
    throw e;
  }
  const { options, reset } = parsed;
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) fail(`invalid configuration: ${e.message}`, 2);
    throw e;
  }
  // Loaded once the command line and configuration are known good: a mistake is answered at once.
  const [{ openDatabase }, { generateDataset }, { DatabaseNotEmptyError, loadDataset }] = await Promise.all([
    import('../db/open'), import('../services/synthetic/generate'), import('../services/synthetic/load'),
  ]);
  const started = Date.now();
  const dataset = generateDataset(options);
  const generatedMs = Date.now() - started;
  const db = await openDatabase(config, (m) => process.stderr.write(`postgres: ${m}\n`)).catch((e: Error) =>
    fail(`${config.databaseUrl ? 'DATABASE_URL' : 'embedded PostgreSQL'}: ${e.message}`),
  );
  try {
    await loadDataset(db.dataSource, dataset, { reset, onProgress: (step, ms) => process.stderr.write(`  ${step}: ${ms} ms\n`) });
  } catch (e) {
    await db.close().catch(() => {});
    if (e instanceof DatabaseNotEmptyError) fail(e.message);
    fail(`loading failed, nothing was written: ${(e as Error).message}`);
  }
  await db.close();
  const sizes = Object.entries(dataset).map(([table, rows]) => `${table} ${(rows as unknown[]).length}`).join(', ');
  process.stdout.write(`synthetic dataset (seed ${options.seed}) loaded in ${((Date.now() - started) / 1000).toFixed(1)} s (generated in ${generatedMs} ms): ${sizes}\n`);
}

if (require.main === module) main().catch((e: Error) => fail(`unexpected error: ${e.message}`));
