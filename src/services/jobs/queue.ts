import type { DataSource, EntityManager } from 'typeorm';
import { Logger, runMigrations } from 'graphile-worker';
import type { IngestInput } from '../ingest/prepare-article';

type Queryable = Pick<DataSource | EntityManager, 'query'>;

/**
 * The PostgreSQL-backed queue (graphile-worker, schema graphile_worker). Jobs are added
 * with SQL so they commit or roll back with the transaction that creates their progress row.
 */
export const TASK = { ingestBatch: 'ingest_batch', relink: 'relink', reclean: 'reclean' } as const;

/** One record of a bulk ingest, named for the summary (file, or file:line). */
export interface IngestRecord {
  record: string;
  input: Omit<IngestInput, 'publishedAt'> & { publishedAt?: string | null };
}

export interface IngestBatchPayload {
  jobId: number;
  records: IngestRecord[];
}

export interface RelinkPayload {
  jobId: number;
  /** Only these articles (those that named a promoted candidate); absent: every article. */
  articleIds?: number[];
}

export interface RecleanPayload {
  jobId: number;
  /** Only these articles; absent: every article. */
  articleIds?: number[];
}

const MAX_ATTEMPTS = 3;

/** Creates graphile-worker's schema when missing (what its runner does at start-up). */
export async function ensureQueue(connectionString: string): Promise<void> {
  await runMigrations({ connectionString, logger: silentLogger() });
}

export async function enqueue(db: Queryable, task: typeof TASK.ingestBatch, payload: IngestBatchPayload): Promise<void>;
export async function enqueue(db: Queryable, task: typeof TASK.relink, payload: RelinkPayload): Promise<void>;
export async function enqueue(db: Queryable, task: typeof TASK.reclean, payload: RecleanPayload): Promise<void>;
export async function enqueue(db: Queryable, task: string, payload: object): Promise<void> {
  await db.query(`SELECT graphile_worker.add_job($1, $2::json, max_attempts := $3)`, [task, JSON.stringify(payload), MAX_ATTEMPTS]);
}

const silentLogger = () => new Logger(() => () => {});
