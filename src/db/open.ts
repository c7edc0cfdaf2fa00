import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { createDataSource, migrate } from './data-source';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded';

export interface OpenDatabase {
  dataSource: DataSource;
  /** Whether it is the embedded PostgreSQL in `config.dataDir` (no DATABASE_URL). */
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * The database the service would use, for command-line tools: DATABASE_URL, or else the
 * embedded PostgreSQL in DATA_DIR (started here, stopped by `close`), with migrations
 * applied. The same choice src/cli/start.ts makes.
 */
export async function openDatabase(config: Config, log: (message: string) => void = () => {}): Promise<OpenDatabase> {
  let embedded: EmbeddedDatabase | null = null;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres(config.dataDir, log);
    url = embedded.url;
  }
  const dataSource = createDataSource({ url, poolSize: 2, applicationName: 'entity-news-cli' });
  try {
    await dataSource.initialize();
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
