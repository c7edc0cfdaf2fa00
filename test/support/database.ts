import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { createDataSource, migrate, type SessionLimits } from '../../src/db/data-source';
import { seedDemoData } from '../../src/services/seed';

/** The server jest's global setup prepared (embedded, or TEST_DATABASE_URL's). */
export function adminUrl(): string {
  const url = process.env.TEST_ADMIN_URL;
  if (!url) throw new Error('TEST_ADMIN_URL is not set: run the tests through jest (global setup starts PostgreSQL)');
  return url;
}

export function urlFor(database: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Apply migrations (default true). */
  migrate?: boolean;
  /** Load the seed article (default false). */
  seed?: boolean;
  poolSize?: number;
  /** The serving pool's limits on every connection (a test server's database has the configured ones). */
  limits?: SessionLimits;
}

/** Runs `fn` in a transaction that is rolled back afterwards: what it writes is seen inside only. */
export async function inRolledBackTransaction(ds: DataSource, fn: (m: EntityManager) => Promise<void>): Promise<void> {
  const rollback = new Error('rollback');
  await ds.transaction(async (m) => {
    await fn(m);
    throw rollback;
  }).catch((e: unknown) => {
    if (e !== rollback) throw e;
  });
}

/** A database of the test file's own, so files run in parallel without sharing rows. */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = urlFor(name);
  const dataSource = createDataSource({ url, poolSize: options.poolSize ?? 5, limits: options.limits });
  await dataSource.initialize();
  if (options.migrate !== false) await migrate(dataSource);
  if (options.seed) await seedDemoData(dataSource);
  return {
    name,
    url,
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
