import { Logger as WorkerLogger, parseCronItems, run, type Runner, type Task } from 'graphile-worker';
import { Pool } from 'pg';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { ingestBatch } from './ingest-batch';
import { markFailed } from './job-store';
import { TASK, type IngestBatchPayload, type RecleanPayload, type RelinkPayload } from './queue';
import { recleanArticles } from './reclean';
import { relinkArticles } from './relink';
import { ALERT_TASK, announceArticles, announceEvents, deliverAlert, DEFAULT_ALERT_RETENTION_DAYS, DEFAULT_WEBHOOK_RETRY, pruneAlertRecords, type AlertDeliveryPayload, type WebhookRetry } from '../alerts/alerts';
import { createAlertHub, type AlertHub } from '../alerts/hub';

export interface JobWorker {
  stop(): Promise<void>;
}

export interface JobWorkerOptions {
  dataSource: DataSource;
  /** The same database as `dataSource`: graphile-worker keeps its own small pool. */
  connectionString: string;
  logger: Logger;
  concurrency?: number;
  pollIntervalMs?: number;
  /**
   * Where alert jobs announce new articles and events (the process's own hub when absent), webhook
   * retries, and how many days alerts announced and sent are remembered (ALERT_SENT_RETENTION_DAYS).
   */
  alerts?: { hub?: AlertHub; redis?: { redisUrl: string | null; redisPrefix?: string; redisTimeoutMs?: number }; retry?: WebhookRetry; allowPrivate?: boolean; retentionDays?: number };
}

/** A job's payload as a list: a batch job's array, or the one object of a job queued alone. */
const elements = <T>(payload: T | T[]): T[] => (Array.isArray(payload) ? payload : [payload]);

/** graphile-worker's log lines, through our structured logger. */
function workerLogger(logger: Logger): WorkerLogger {
  return new WorkerLogger((scope) => (level, message) => {
    const line = { worker: scope.workerId, task: scope.taskIdentifier, queueJobId: scope.jobId };
    if (level === 'error') logger.error(line, message);
    else if (level === 'warning') logger.warn(line, message);
    else logger.debug(line, message);
  });
}

/**
 * Runs background jobs (bulk ingest batches, relinks, re-cleans) inside this process until stopped.
 * A job that keeps failing is marked failed on its last attempt, with its error, so
 * Query.job tells the editor instead of showing it running forever.
 */
export async function startJobWorker(options: JobWorkerOptions): Promise<JobWorker> {
  const { dataSource: ds, logger } = options;
  const lastAttempt = (job: { attempts: number; max_attempts: number }) => job.attempts >= job.max_attempts;
  const task = <P extends { jobId: number }>(fn: (payload: P) => Promise<void>): Task => async (payload, helpers) => {
    const p = payload as P;
    try {
      await fn(p);
    } catch (e) {
      logger.error({ jobId: p.jobId, attempt: helpers.job.attempts, err: (e as Error).message }, 'background job step failed');
      if (lastAttempt(helpers.job)) await markFailed(ds, p.jobId, (e as Error).message).catch(() => {});
      throw e;
    }
  };
  // Our own pool, ended after the runner: its error listener outlives the runner's, so a
  // connection the database closes during shutdown is logged instead of crashing the process.
  const concurrency = options.concurrency ?? 2;
  const ownHub = options.alerts?.hub ? null : createAlertHub(options.alerts?.redis ?? { redisUrl: null }, (m) => logger.warn({ redisError: m }, 'alerts'));
  const hub = options.alerts?.hub ?? ownHub!;
  const pgPool = new Pool({ connectionString: options.connectionString, max: concurrency + 2, application_name: 'entity-news-jobs' });
  pgPool.on('error', (e) => logger.warn({ err: e.message }, 'job queue connection closed'));
  pgPool.on('connect', (client) => client.on('error', (e) => logger.warn({ err: e.message }, 'job queue connection failed')));
  let runner: Runner;
  try {
    runner = await run({
      pgPool,
      concurrency,
      pollInterval: options.pollIntervalMs ?? 1000,
      noHandleSignals: true,
      // Hourly; graphile-worker schedules each run once across every worker of the database.
      parsedCronItems: parseCronItems([{ task: ALERT_TASK.retention, match: '17 * * * *', identifier: ALERT_TASK.retention, options: { backfillPeriod: 0, maxAttempts: 1 } }]),
      logger: workerLogger(logger),
      taskList: {
        [TASK.ingestBatch]: task((p: IngestBatchPayload) => ingestBatch(ds, p)),
        [TASK.relink]: task((p: RelinkPayload) => relinkArticles(ds, p.jobId, p.articleIds)),
        [TASK.reclean]: task((p: RecleanPayload) => recleanArticles(ds, p.jobId, p.articleIds)),
        // Alerts (src/services/alerts): queued by triggers and by each other, no progress row of their own.
        // A trigger's job carries one element per statement of its transaction (migration IngestTriggers).
        [ALERT_TASK.articles]: async (payload) => {
          const items = elements(payload as { articleIds: number[] });
          await announceArticles(ds, hub, [...new Set(items.flatMap((p) => p.articleIds))]);
        },
        [ALERT_TASK.events]: async (payload) => {
          const items = elements(payload as { eventIds: number[]; reason: 'new' | 'confirmed' });
          for (const reason of ['new', 'confirmed'] as const) {
            const ids = [...new Set(items.filter((p) => p.reason === reason).flatMap((p) => p.eventIds))];
            if (ids.length) await announceEvents(ds, hub, ids, reason);
          }
        },
        [ALERT_TASK.delivery]: async (payload) => deliverAlert(ds, payload as AlertDeliveryPayload, options.alerts?.retry ?? DEFAULT_WEBHOOK_RETRY, options.alerts?.allowPrivate ?? false),
        [ALERT_TASK.retention]: async () => {
          const pruned = await pruneAlertRecords(ds, options.alerts?.retentionDays ?? DEFAULT_ALERT_RETENTION_DAYS);
          if (pruned.announced || pruned.sent) logger.info(pruned, 'alert records past retention deleted');
        },
      },
    });
  } catch (e) {
    await pgPool.end();
    throw e;
  }
  logger.info({ concurrency }, 'background job worker started');
  return {
    async stop() {
      try {
        await runner.stop();
      } finally {
        await pgPool.end();
        await ownHub?.close();
      }
    },
  };
}
