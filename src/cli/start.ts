import 'reflect-metadata';
import cluster from 'node:cluster';
import { ConfigError, loadConfig, type Config } from '../config';
import { createLogger } from '../config/logger';
import { createServingDataSource, migrate } from '../db/data-source';
import { DataDirInUseError, startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded';
import { seedIfEmpty } from '../db/seed';
import { operationTabs } from '../http/graphiql';
import { createApp, type App } from '../http/server';
import { demoVariables } from '../services/demo-variables';
import { startJobWorker, type JobWorker } from '../services/jobs/worker';
import { runWorker, startWorkers, type Workers } from './cluster';

/** One line on stderr and a non-zero exit: what a user sees when start-up cannot go on. */
function fail(message: string, code = 1): never {
  process.stderr.write(`entity-news: ${message}\n`);
  process.exit(code);
}

/** host:port/database of a URL, without credentials. */
function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'the configured database';
  }
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) fail(`invalid configuration: ${e.message}`, 2);
    throw e;
  }
  const logger = createLogger(config);

  // A cluster worker (WORKERS > 1) only serves, on the database its primary prepared.
  if (cluster.isWorker) {
    await runWorker(config, logger).catch((e: Error) => fail(`worker start-up failed: ${e.message}`));
    return;
  }

  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    try {
      embedded = await startEmbeddedPostgres(config.dataDir, (m) => logger.warn({ postgres: m }, 'embedded PostgreSQL'));
    } catch (e) {
      if (e instanceof DataDirInUseError) fail(e.message);
      fail(`could not start the embedded PostgreSQL: ${(e as Error).message}`);
    }
    databaseUrl = embedded.url;
    logger.info({ dataDir: config.dataDir }, 'embedded PostgreSQL started');
  }

  const stopEmbedded = async () => {
    if (embedded) await embedded.stop().catch((e: Error) => logger.error({ err: e.message }, 'stopping PostgreSQL failed'));
  };

  const dataSource = createServingDataSource(config, databaseUrl, (m) => logger.warn({ sqlError: m }, 'query failed'));
  try {
    await dataSource.initialize();
  } catch (e) {
    await stopEmbedded();
    fail(`${config.databaseUrl ? 'DATABASE_URL' : 'embedded PostgreSQL'}: cannot connect to ${describeUrl(databaseUrl)}: ${(e as Error).message}`);
  }

  // One process serves itself; with WORKERS > 1 the workers serve and this process only prepares and supervises.
  let app: App | null = null;
  let jobWorker: JobWorker;
  try {
    const applied = await migrate(dataSource);
    if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
    if (config.seedOnEmpty && (await seedIfEmpty(dataSource))) logger.info('seed article loaded');
    if (config.workers <= 1) app = await createApp({ config, dataSource, logger }, { graphiqlTabs: operationTabs(await demoVariables(dataSource)) });
    jobWorker = await startJobWorker({ dataSource, connectionString: databaseUrl, logger });
  } catch (e) {
    logger.error({ err: { message: (e as Error).message, stack: (e as Error).stack } }, 'start-up failed');
    await dataSource.destroy().catch(() => {});
    await stopEmbedded();
    fail(`start-up failed: ${(e as Error).message}`);
  }

  let url: string;
  let workers: Workers | null = null;
  try {
    if (app) url = await app.listen(config.port, config.host);
    else {
      workers = await startWorkers(config, databaseUrl, logger);
      url = workers.url;
    }
  } catch (e) {
    await jobWorker.stop().catch(() => {});
    await dataSource.destroy().catch(() => {});
    await stopEmbedded();
    fail(`PORT/HOST: cannot listen on ${config.host}:${config.port}: ${(e as Error).message}`);
  }
  logger.info({ url }, 'listening');
  process.stdout.write(`\nEntity-linked news is running.\n  GraphiQL: ${url}/graphiql\n  GraphQL:  ${url}/graphql\n\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      if (app) await app.close();
      else await workers!.stop();
      await jobWorker.stop();
      await dataSource.destroy();
    } finally {
      await stopEmbedded();
      logger.info('stopped');
      logger.flush();
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e: Error) => fail(`unexpected start-up error: ${e.message}`));
