import 'reflect-metadata';
import { types } from 'pg';
import { DataSource, MigrationExecutor, type Logger as TypeOrmLogger, type QueryRunner } from 'typeorm';
import type { Config } from '../config';
import { entities } from '../entities';
import { migrations } from './migrations';
import { expensiveConnections, sharePool } from './pool-share';
import { PreparingClient } from './prepared-client';
import { ReplicaRouter, routeReadsToReplicas, type ReplicaOptions } from './replicas';
import { recordStatement } from './sql-counter';

// `date` columns are calendar dates: keep them as 'YYYY-MM-DD' strings instead of letting
// pg turn them into local-midnight Date objects.
types.setTypeParser(1082, (value: string) => value);

/** Counts statements per request and reports failed ones without their parameters. */
class CountingLogger implements TypeOrmLogger {
  constructor(private readonly onError: (message: string) => void) {}
  logQuery(_query: string, _parameters?: unknown[], runner?: QueryRunner): void {
    recordStatement(runner);
  }
  // A failed statement was counted when TypeORM logged it before running it.
  logQueryError(error: string | Error): void {
    // Parameters are never logged: they may carry a commenter's email.
    this.onError(typeof error === 'string' ? error : error.message);
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

/** Limits a serving pool puts on every connection; command-line tools and migrations run without. */
export interface SessionLimits {
  /** `statement_timeout`: PostgreSQL cancels a statement running longer. */
  statementTimeoutMs: number;
  /** `idle_in_transaction_session_timeout`: a transaction left open this long is ended. */
  idleInTransactionTimeoutMs: number;
  /** How long a request waits for a pooled connection before the pool counts as saturated. */
  acquireTimeoutMs: number;
  /**
   * How long opening a connection may take. Apart from `acquireTimeoutMs`: a busy server can take
   * longer to start a backend than a request should wait for a free one.
   */
  connectTimeoutMs?: number;
  /** The share of the pool, in percent, expensive requests may hold together (src/db/pool-share.ts). */
  expensivePoolPercent?: number;
}

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  applicationName?: string;
  onQueryError?: (message: string) => void;
  limits?: SessionLimits;
  /** Streaming replicas that read-only requests read from (src/db/replicas.ts). */
  replicas?: ReplicaOptions;
  /** A replica that became reachable or unreachable. */
  onReplicaChange?: (message: string) => void;
}

export function createDataSource(options: DataSourceOptions): DataSource {
  const pool = {
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.limits?.connectTimeoutMs ?? 5000,
    application_name: options.applicationName ?? 'entity-news',
    ...(options.limits && {
      statement_timeout: options.limits.statementTimeoutMs,
      idle_in_transaction_session_timeout: options.limits.idleInTransactionTimeoutMs,
    }),
  };
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    entities,
    migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['query', 'error'],
    logger: new CountingLogger(options.onQueryError ?? (() => {})),
    applicationName: options.applicationName ?? 'entity-news',
    // PreparingClient: loaders' statements are planned once per connection (see prepared-client.ts).
    extra: { ...pool, Client: PreparingClient },
  });
  // A serving pool: requests' statements are admitted by lane (cheap reads always find a connection).
  if (options.limits) {
    const size = options.poolSize ?? 10;
    const expensiveMax = expensiveConnections(size, options.limits.expensivePoolPercent ?? 50);
    sharePool(dataSource, { size, expensiveMax, waitMs: options.limits.acquireTimeoutMs });
  }
  if (options.replicas?.urls.length) {
    routeReadsToReplicas(dataSource, new ReplicaRouter(dataSource, options.replicas, pool, options.onReplicaChange ?? (() => {})));
  }
  return dataSource;
}

/** The serving pool: the configured size and the request limits on every connection. */
export function createServingDataSource(config: Config, url: string, onQueryError: (message: string) => void, onReplicaChange = onQueryError): DataSource {
  const replicas = { urls: config.replicaUrls, maxLagMs: config.replicaMaxLagMs };
  return createDataSource({ url, poolSize: config.poolSize, limits: config.requestLimits, onQueryError, replicas, onReplicaChange });
}

/** Applies pending migrations; a second run is a no-op. Returns the names applied. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  // On a connection of its own without the serving limits: building an index over a large
  // archive may take minutes.
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SET statement_timeout = 0`);
    await runner.query(`SET idle_in_transaction_session_timeout = 0`);
    // Instances starting at once migrate one after the other: the second finds nothing pending.
    await runner.query(`SELECT pg_advisory_lock(hashtext($1))`, [MIGRATION_LOCK]);
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'each';
    const applied = await executor.executePendingMigrations();
    return applied.map((m) => m.name);
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [MIGRATION_LOCK]).catch(() => {});
    await runner.query(`RESET statement_timeout; RESET idle_in_transaction_session_timeout`).catch(() => {});
    await runner.release();
  }
}

const MIGRATION_LOCK = 'entity-news:migrations';

/**
 * Runs `work` while holding a session advisory lock named `name` (waiting for it without a
 * statement timeout): start-up steps two instances must not run at once, such as the seed.
 */
export async function withAdvisoryLock<T>(dataSource: DataSource, name: string, work: () => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SET statement_timeout = 0`);
    await runner.query(`SELECT pg_advisory_lock(hashtext($1))`, [name]);
    return await work();
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [name]).catch(() => {});
    await runner.query(`RESET statement_timeout`).catch(() => {});
    await runner.release();
  }
}

/** Migrations defined in code but not yet applied to the database. */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const rows: { name: string }[] = await dataSource
    .query(`SELECT name FROM schema_migrations`)
    .catch(() => []);
  const done = new Set(rows.map((r) => r.name));
  return dataSource.migrations.map((m) => m.name ?? m.constructor.name).filter((n) => !done.has(n));
}
