import 'reflect-metadata';
import { types } from 'pg';
import { DataSource, type Logger as TypeOrmLogger, type QueryRunner } from 'typeorm';
import { entities } from '../entities';
import { migrations } from './migrations';
import { PreparingClient } from './prepared-client';
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

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  applicationName?: string;
  onQueryError?: (message: string) => void;
}

export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
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
    extra: { max: options.poolSize ?? 10, connectionTimeoutMillis: 5000, Client: PreparingClient },
  });
}

/** Applies pending migrations; a second run is a no-op. Returns the names applied. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}

/** Migrations defined in code but not yet applied to the database. */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const rows: { name: string }[] = await dataSource
    .query(`SELECT name FROM schema_migrations`)
    .catch(() => []);
  const done = new Set(rows.map((r) => r.name));
  return dataSource.migrations.map((m) => m.name ?? m.constructor.name).filter((n) => !done.has(n));
}
