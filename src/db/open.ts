import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { createDataSource, migrate } from './data-source';
import { EMBEDDED_PASSWORD, processAlive, startEmbeddedPostgres, type EmbeddedDatabase } from './embedded';
import { checkServerVersion } from './server-check';

export interface OpenDatabase {
  dataSource: DataSource;
  /** Whether it is the embedded PostgreSQL in `config.dataDir` (no DATABASE_URL). */
  embedded: boolean;
  close(): Promise<void>;
}

/** The URL of the embedded cluster a running service started in `dataDir`, if any. */
export function runningEmbeddedUrl(dataDir: string): string | null {
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return null;
  // postmaster.pid lines: pid, data directory, start time, port, ...
  const [pid, , , port] = fs.readFileSync(pidFile, 'utf8').split('\n');
  if (!Number(pid) || !processAlive(Number(pid)) || !/^\d+$/.test(port ?? '')) return null;
  return `postgres://postgres:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/news`;
}

/**
 * The database the service would use, for command-line tools: DATABASE_URL, or else the
 * embedded PostgreSQL in DATA_DIR (started here, stopped by `close`), with migrations
 * applied. The same choice src/cli/start.ts makes.
 */
export async function openDatabase(config: Config, log: (message: string) => void = () => {}): Promise<OpenDatabase> {
  let embedded: EmbeddedDatabase | null = null;
  // A running service holds the embedded cluster's lock: join that cluster instead.
  let url = config.databaseUrl ?? runningEmbeddedUrl(config.dataDir);
  if (!url) {
    embedded = await startEmbeddedPostgres(config.dataDir, log);
    url = embedded.url;
  }
  const dataSource = createDataSource({ url, poolSize: 2, applicationName: 'entity-news-cli' });
  try {
    await dataSource.initialize();
    // The floor start-up holds to (src/db/server-check.ts): the tools write through the same migrations.
    const [server] = await dataSource.query(`SELECT current_setting('server_version_num')::int AS "versionNum", current_setting('server_version') AS version`);
    checkServerVersion(server, config.databaseUrl ? 'DATABASE_URL' : 'the embedded PostgreSQL');
    await migrate(dataSource);
  } catch (e) {
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => {});
    await embedded?.stop().catch(() => {});
    throw e;
  }
  return {
    dataSource,
    embedded: embedded !== null,
    async close() {
      try {
        await dataSource.destroy();
      } finally {
        await embedded?.stop();
      }
    },
  };
}
