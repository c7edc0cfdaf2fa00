import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { createServingDataSource } from '../db/data-source';
import { operationTabs } from '../http/graphiql';
import { serveClusterMetrics } from '../http/metrics';
import { createApp } from '../http/server';
import { createAlertHub } from '../services/alerts/hub';
import { isMessage, type PrimaryMessage, type WorkerMessage } from '../services/cluster/messages';
import { demoVariables } from '../services/demo-variables';
import { MemoryRateLimiter } from '../services/rate-limit';

/**
 * Serving from several processes (WORKERS > 1) with Node's cluster: the workers share the
 * port and each runs the whole GraphQL app on a pool of its own; the primary (src/cli/start.ts)
 * keeps PostgreSQL, migrations, the seed and background jobs, and serves nothing itself.
 * Without Redis, the primary holds the rate-limit windows and relays live comment approvals
 * (services/cluster/messages.ts), so the workers together behave like one instance.
 */

/** A worker could not start; the message is the worker's own account (a busy port, ...). */
export class WorkerStartError extends Error {}

export interface Workers {
  /** The URL the workers listen on, once every one of them does. */
  url: string;
  /** Asks every worker to drain (finish requests in flight) and waits until all have exited. */
  stop(): Promise<void>;
}

const WORKER_READY_TIMEOUT_MS = 60_000;

/**
 * A larger young generation for workers: GraphQL responses allocate many short-lived
 * objects, and with V8's default (16 MB) scavenges took a sixth of a worker's CPU in the
 * front-page profile. 32 MB cut CPU per request by about 15% for about 20 MB more RSS
 * (64 MB saved little more and passed 300 MB). A NODE_OPTIONS or command-line value wins.
 */
const WORKER_SEMI_SPACE_MB = 32;

/** In the primary: forks `config.workers` workers on `databaseUrl` and serves their messages. */
export async function startWorkers(config: Config, databaseUrl: string, logger: Logger): Promise<Workers> {
  const rateLimiter = new MemoryRateLimiter();
  const live = new Set<Worker>();
  let stopping = false;
  let everyoneListening = false;

  const send = (worker: Worker, message: PrimaryMessage) => {
    if (worker.isConnected()) worker.send(message);
  };
  // Without Redis, what the primary's job worker announces reaches the workers' alert subscriptions from here.
  if (!config.redisUrl) createAlertHub({ redisUrl: null }).listen((message) => {
    for (const worker of live) send(worker, { type: 'alert', message });
  });

  const userSetSemiSpace = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) => arg.includes('--max-semi-space-size'));
  cluster.setupPrimary({ execArgv: [...process.execArgv, ...(userSetSemiSpace ? [] : [`--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`])] });

  const fork = (): Worker => {
    // The pool size the primary fitted to max_connections (src/db/server-check.ts).
    const worker = cluster.fork({ DATABASE_URL: databaseUrl, DB_POOL_SIZE: String(config.poolSize) });
    live.add(worker);
    worker.on('message', (message: WorkerMessage) => {
      if (isMessage<Extract<WorkerMessage, { type: 'rate-hit' }>>(message, 'rate-hit')) {
        void (message.peek ? rateLimiter.peek(message.key, message.rule) : rateLimiter.hit(message.key, message.rule)).then((decision) => send(worker, { type: 'rate-decision', id: message.id, decision }));
      } else if (isMessage<Extract<WorkerMessage, { type: 'comment-approved' }>>(message, 'comment-approved')) {
        for (const other of live) send(other, { type: 'comment-approved', comment: message.comment });
      }
    });
    worker.on('exit', (code, signal) => {
      live.delete(worker);
      // A worker that fails to start fails the start, which says why once (below).
      if (stopping || !everyoneListening) return;
      logger.error({ workerPid: worker.process.pid, code, signal }, 'worker exited');
      // A worker that dies while serving is replaced; one that dies on start-up fails the start.
      if (everyoneListening) fork();
    });
    return worker;
  };

  const listening = Array.from({ length: config.workers }, () => {
    const worker = fork();
    return new Promise<string>((resolve, reject) => {
      let reason: string | null = null;
      const timer = setTimeout(() => reject(new WorkerStartError(`a worker was not listening within ${WORKER_READY_TIMEOUT_MS / 1000} s`)), WORKER_READY_TIMEOUT_MS);
      worker.on('message', (message: WorkerMessage) => {
        if (isMessage<Extract<WorkerMessage, { type: 'listening' }>>(message, 'listening')) {
          clearTimeout(timer);
          resolve(message.url);
        } else if (isMessage<Extract<WorkerMessage, { type: 'start-failed' }>>(message, 'start-failed')) reason = message.message;
      });
      worker.once('exit', (code) => {
        clearTimeout(timer);
        reject(new WorkerStartError(reason ?? `a worker exited (code ${code}) before listening`));
      });
    });
  });

  const stop = async () => {
    stopping = true;
    await Promise.all(
      [...live].map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            worker.once('exit', () => resolve());
            // The worker drains like a single process does on SIGTERM; a stuck one is killed after the grace period.
            const killer = setTimeout(() => worker.process.kill('SIGKILL'), config.shutdownGraceMs + 5000);
            worker.once('exit', () => clearTimeout(killer));
            worker.process.kill('SIGTERM');
          }),
      ),
    );
    await rateLimiter.close();
  };

  let urls: string[];
  try {
    urls = await Promise.all(listening);
  } catch (e) {
    await stop();
    throw e;
  }
  everyoneListening = true;
  logger.info({ workers: config.workers, pids: [...live].map((w) => w.process.pid) }, 'workers listening');
  // METRICS_PORT: the workers' metrics summed, one scrape for the instance (src/http/metrics.ts).
  let metrics: Awaited<ReturnType<typeof serveClusterMetrics>> | null = null;
  try {
    if (config.http.metricsPort !== null) metrics = await serveClusterMetrics(config.http.metricsPort, config.host, logger);
  } catch (e) {
    await stop();
    throw new WorkerStartError(`METRICS_PORT ${config.http.metricsPort}: ${(e as Error).message}`);
  }
  return { url: urls[0], stop: async () => (metrics?.close(), stop()) };
}

/** In a worker: serves the app on the primary's database until asked to stop, then exits 0. */
export async function runWorker(config: Config, logger: Logger): Promise<void> {
  const dataSource = createServingDataSource(config, config.databaseUrl!, (m) => logger.warn({ sqlError: m }, 'query failed'), (m) => logger.warn({ replica: m }, 'read replica'));
  await dataSource.initialize();
  const app = await createApp({ config, dataSource, logger }, { graphiqlTabs: operationTabs(await demoVariables(dataSource)) });
  const url = await app.listen(config.port, config.host);
  const ready: WorkerMessage = { type: 'listening', url };
  process.send!(ready);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await app.close();
      await dataSource.destroy();
    } finally {
      logger.flush();
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown());
  // Ctrl-C reaches the whole process group: the worker drains, the primary waits for it.
  process.on('SIGINT', () => void shutdown());
  // The primary is gone (killed): nothing will ask this worker to stop any more.
  process.on('disconnect', () => void shutdown());
}
