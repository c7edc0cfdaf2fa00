import 'reflect-metadata';
import cluster from 'node:cluster';
import { ConfigError, loadConfig, type Config } from '../config';
import type { EmbeddedDatabase } from '../db/embedded';
import type { App } from '../http/server';
import type { WorkerMessage } from '../services/cluster/messages';
import type { JobWorker } from '../services/jobs/worker';
import type { Workers } from './cluster';

const HELP = `usage: npm start   (or: node dist/src/cli/start.js)

Starts the GraphQL service: GraphiQL at /graphiql, GraphQL at /graphql. Without DATABASE_URL
it runs an embedded PostgreSQL in DATA_DIR (./data), applies migrations and loads the demo
article into an empty database. Configured by environment variables (README, Configuration):
DATABASE_URL, DATA_DIR, HOST, PORT, WORKERS, DB_POOL_SIZE, LOG_LEVEL, REDIS_URL, ...
The URL is printed on stdout with the JSON log lines; start-up errors are one line on stderr.
Exit codes: 0 stopped by SIGINT/SIGTERM, 1 start-up failed, 2 bad usage or configuration.`;

/** One line on stderr and a non-zero exit: what a user sees when start-up cannot go on. */
function fail(message: string, code = 1): never {
  process.stderr.write(`entity-news: ${message}\n`);
  process.exit(code);
}

/** Tools (initdb, pg_ctl) answer in several lines; the first says what happened. */
function firstLine(message: string): string {
  return message.split('\n')[0].trim();
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

/** A listen failure in the words of the settings that cause it. */
export function listenProblem(e: Error & { code?: string }, host: string, port: number): string {
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (e.code === 'EADDRINUSE') return `PORT: ${where} is already in use by another process: stop it or set PORT (0 picks a free port)`;
  if (e.code === 'EADDRNOTAVAIL') return `HOST: ${host} is not an address of this machine: set HOST (0.0.0.0 listens on every address)`;
  if (e.code === 'EACCES') return `PORT: no permission to listen on ${where} (ports under 1024 need privileges): set PORT`;
  return `PORT/HOST: cannot listen on ${where}: ${e.message}`;
}

async function main(args: string[]): Promise<void> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  if (args.length) fail(`unexpected argument "${args[0]}": the service is configured by environment variables (--help)`, 2);
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) fail(`invalid configuration: ${e.message}`, 2);
    throw e;
  }
  // Loaded once the configuration is known good: a mistake in it is answered at once.
  const [{ createLogger }, { createServingDataSource, migrate, withAdvisoryLock }, embeddedDb, { seedIfEmpty }, { operationTabs }, { createApp }, { demoVariables }, { startJobWorker }, { runWorker, startWorkers, WorkerStartError }, serverCheck] =
    await Promise.all([
      import('../config/logger'), import('../db/data-source'), import('../db/embedded'), import('../services/seed'), import('../http/graphiql'),
      import('../http/server'), import('../services/demo-variables'), import('../services/jobs/worker'), import('./cluster'), import('../db/server-check'),
    ]);
  const logger = createLogger(config);

  // A cluster worker (WORKERS > 1) only serves, on the database its primary prepared.
  if (cluster.isWorker) {
    await runWorker(config, logger).catch((e: Error & { code?: string }) => {
      // The primary reports why in its own line (a busy port: every worker fails alike).
      const failed: WorkerMessage = { type: 'start-failed', message: e.code === 'EADDRINUSE' ? listenProblem(e, config.host, config.port) : `a worker could not start: ${e.message}` };
      process.send?.(failed);
      logger.flush();
      process.exit(1);
    });
    return;
  }

  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    try {
      embedded = await embeddedDb.startEmbeddedPostgres(config.dataDir, (m) => logger.warn({ postgres: m }, 'embedded PostgreSQL'));
    } catch (e) {
      if (e instanceof embeddedDb.DataDirInUseError || e instanceof embeddedDb.EmbeddedUnavailableError) fail(e.message);
      fail(`could not start the embedded PostgreSQL: ${firstLine((e as Error).message)}`);
    }
    databaseUrl = embedded.url;
    logger.info({ dataDir: config.dataDir }, 'embedded PostgreSQL started');
  }

  const stopEmbedded = async () => {
    if (embedded) await embedded.stop().catch((e: Error) => logger.error({ err: e.message }, 'stopping PostgreSQL failed'));
  };
  const source = config.databaseUrl ? 'DATABASE_URL' : 'embedded PostgreSQL';

  // The server's version and connection limit, before any pool is sized or migration run.
  try {
    const facts = await serverCheck.inspectServer(databaseUrl).catch((e: Error) => {
      throw new serverCheck.ServerCheckError(`${source}: cannot connect to ${describeUrl(databaseUrl!)}: ${e.message}`);
    });
    serverCheck.checkServerVersion(facts, `${source} (${describeUrl(databaseUrl)})`);
    const plan = serverCheck.planConnections(config, facts);
    if (plan.lowered.length) {
      logger.info({ lowered: plan.lowered, workers: plan.workers, poolSize: plan.poolSize, connections: plan.total, available: plan.available }, 'defaults lowered to fit max_connections');
    }
    config = { ...config, workers: plan.workers, poolSize: plan.poolSize };
  } catch (e) {
    await stopEmbedded();
    if (e instanceof serverCheck.ServerCheckError) fail(e.message);
    throw e;
  }

  const dataSource = createServingDataSource(config, databaseUrl, (m) => logger.warn({ sqlError: m }, 'query failed'), (m) => logger.warn({ replica: m }, 'read replica'));
  try {
    await dataSource.initialize();
  } catch (e) {
    await stopEmbedded();
    fail(`${source}: cannot connect to ${describeUrl(databaseUrl)}: ${(e as Error).message}`);
  }

  // One process serves itself; with WORKERS > 1 the workers serve and this process only prepares and supervises.
  let app: App | null = null;
  let jobWorker: JobWorker;
  let stopPurgeHook: () => Promise<void> = async () => {};
  try {
    const applied = await migrate(dataSource);
    if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
    // Instances starting at once: one seeds, the others then find the article there.
    if (config.seedOnEmpty && (await withAdvisoryLock(dataSource, 'entity-news:seed', () => seedIfEmpty(dataSource)))) logger.info('seed article loaded');
    if (config.workers <= 1) app = await createApp({ config, dataSource, logger }, { graphiqlTabs: operationTabs(await demoVariables(dataSource)) });
    jobWorker = await startJobWorker({ dataSource, connectionString: databaseUrl, logger, alerts: { redis: config, allowPrivate: config.alertWebhookAllowPrivate, retentionDays: config.alertSentRetentionDays } });
    // The jobs' writes (ingestion, relinking) purge caches from this process (src/services/purge).
    const purgeHook = await import('../services/purge');
    stopPurgeHook = purgeHook.startPurgeHook(purgeHook.purgeHookConfig(config), logger);
  } catch (e) {
    logger.error({ err: { message: (e as Error).message, stack: (e as Error).stack } }, 'start-up failed');
    logger.flush();
    await dataSource.destroy().catch(() => {});
    await stopEmbedded();
    // PostgreSQL out of disk during migrations or the seed is said as such, not as a failed statement.
    fail(embedded && /No space left on device/i.test((e as Error).message) ? embeddedDb.dataDirProblem(e, config.dataDir)! : `start-up failed: ${firstLine((e as Error).message)}`);
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
    fail(e instanceof WorkerStartError ? e.message : listenProblem(e as Error, config.host, config.port));
  }
  logger.info({ url }, 'listening');
  process.stdout.write(`\nEntity-linked news is running.\n  Pages:    ${url}/ (reader), ${url}/explore (network explorer), ${url}/moderate\n  GraphiQL: ${url}/graphiql\n  GraphQL:  ${url}/graphql\n\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      if (app) await app.close();
      else await workers!.stop();
      await jobWorker.stop();
      await stopPurgeHook();
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

main(process.argv.slice(2)).catch((e: Error) => fail(`unexpected start-up error: ${firstLine(e.message)}`));
