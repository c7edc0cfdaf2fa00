import { Client } from 'pg';

/**
 * What start-up asks the PostgreSQL server before it opens any pool: its version (the
 * migrations and the job queue need a recent one) and how many connections it accepts (so
 * WORKERS × DB_POOL_SIZE cannot exhaust them).
 */
export interface ServerFacts {
  versionNum: number;
  /** `server_version`, e.g. "15.20 (Debian 15.20-0+deb12u1)". */
  version: string;
  maxConnections: number;
  /** superuser_reserved_connections, plus reserved_connections from PostgreSQL 16 on. */
  reservedConnections: number;
}

/**
 * The oldest PostgreSQL supported: the one CI runs the suite on (the embedded server is 18).
 * 14 and older are past their end of life; graphile-worker itself refuses below 12.
 */
export const MIN_POSTGRES_VERSION_NUM = 150000;

export class ServerCheckError extends Error {}

export async function inspectServer(url: string): Promise<ServerFacts> {
  const client = new Client({ connectionString: url, application_name: 'entity-news-check' });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings WHERE name IN ('server_version_num', 'server_version', 'max_connections', 'superuser_reserved_connections', 'reserved_connections')`,
    );
    const setting = (name: string) => rows.find((r) => r.name === name)?.setting;
    return {
      versionNum: Number(setting('server_version_num')),
      version: setting('server_version') ?? 'unknown',
      maxConnections: Number(setting('max_connections')),
      reservedConnections: Number(setting('superuser_reserved_connections') ?? 0) + Number(setting('reserved_connections') ?? 0),
    };
  } finally {
    await client.end().catch(() => {});
  }
}

/** Refuses a server older than MIN_POSTGRES_VERSION_NUM, naming both versions. */
export function checkServerVersion(facts: Pick<ServerFacts, 'versionNum' | 'version'>, where: string): void {
  if (facts.versionNum >= MIN_POSTGRES_VERSION_NUM) return;
  const major = Math.floor(MIN_POSTGRES_VERSION_NUM / 10000);
  throw new ServerCheckError(`${where} runs PostgreSQL ${facts.version.split(' ')[0]}; this service needs PostgreSQL ${major} or later`);
}

/** Connections the background job queue holds besides the pools (src/services/jobs/worker.ts: concurrency 2 + 2). */
export const JOB_QUEUE_CONNECTIONS = 4;

export interface ConnectionPlan {
  workers: number;
  poolSize: number;
  /** Connections the instance may open at most: the pools, the primary's and the job queue's. */
  total: number;
  /** The connections available to clients (max_connections minus the reserved ones). */
  available: number;
  /** What was lowered from the defaults to fit, for the log. */
  lowered: string[];
}

/** Connections one instance opens at most with `workers` HTTP workers of `poolSize` each. */
export function connectionsNeeded(workers: number, poolSize: number): number {
  // With workers the primary keeps a pool of its own (migrations, seed, the jobs' writes).
  return (workers > 1 ? workers + 1 : 1) * poolSize + JOB_QUEUE_CONNECTIONS;
}

/**
 * Fits WORKERS and DB_POOL_SIZE to the server. Defaults take at most half of the available
 * connections, leaving room for a second instance during a rolling restart, command-line
 * tools and psql: first fewer workers, then smaller pools (not under 2). Values set
 * explicitly are kept, and refused when they exceed every available connection.
 */
export function planConnections(
  wanted: { workers: number; poolSize: number; workersSet: boolean; poolSizeSet: boolean },
  facts: Pick<ServerFacts, 'maxConnections' | 'reservedConnections'>,
): ConnectionPlan {
  const available = facts.maxConnections - facts.reservedConnections;
  let { workers, poolSize } = wanted;
  const lowered: string[] = [];
  const budget = Math.floor(available / 2);
  if (!wanted.workersSet) {
    while (workers > 1 && connectionsNeeded(workers, poolSize) > budget) workers--;
    if (workers !== wanted.workers) lowered.push(`WORKERS ${wanted.workers} -> ${workers}`);
  }
  if (!wanted.poolSizeSet) {
    while (poolSize > 2 && connectionsNeeded(workers, poolSize) > budget) poolSize--;
    if (poolSize !== wanted.poolSize) lowered.push(`DB_POOL_SIZE ${wanted.poolSize} -> ${poolSize}`);
  }
  const total = connectionsNeeded(workers, poolSize);
  if (total > available) {
    const pools = workers > 1 ? `${workers} workers and the primary × DB_POOL_SIZE ${poolSize}` : `DB_POOL_SIZE ${poolSize}`;
    throw new ServerCheckError(
      `WORKERS/DB_POOL_SIZE: ${pools} + ${JOB_QUEUE_CONNECTIONS} for background jobs = ${total} connections, more than the ${available} PostgreSQL accepts ` +
        `(max_connections ${facts.maxConnections} - ${facts.reservedConnections} reserved): lower WORKERS or DB_POOL_SIZE, or raise max_connections`,
    );
  }
  return { workers, poolSize, total, available, lowered };
}
