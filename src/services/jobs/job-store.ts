import type { DataSource, EntityManager } from 'typeorm';

type Queryable = Pick<DataSource | EntityManager, 'query'>;

export type JobKind = 'ingest' | 'relink' | 'reclean';
export type JobState = 'queued' | 'running' | 'done' | 'failed';

/** A failed ingest record: where it came from and why. */
export interface RecordFailure {
  record: string;
  reason: string;
}

export interface BackgroundJob {
  id: number;
  kind: JobKind;
  state: JobState;
  done: number;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Articles a re-clean passed over: no raw text stored. */
  skipped: number;
  failed: number;
  failures: RecordFailure[];
  entityId: number | null;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** Failures kept per job: enough for a summary, bounded for a broken 100,000-line file. */
export const MAX_RECORDED_FAILURES = 1000;

const COLUMNS = `id, kind, state, done, total, created, updated, unchanged, skipped, failed, failures, entity_id AS "entityId", error,
  created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt"`;

export async function createJob(
  db: Queryable,
  job: { kind: JobKind; total: number; entityId?: number | null; failures?: RecordFailure[] },
): Promise<BackgroundJob> {
  const failures = job.failures ?? [];
  const [row]: BackgroundJob[] = await db.query(
    `INSERT INTO background_job (kind, total, entity_id, done, failed, failures, state, finished_at)
     VALUES ($1, $2::int, $3::int, $4::int, $4::int, $5::jsonb,
             CASE WHEN $4::int >= $2::int THEN 'done' ELSE 'queued' END, CASE WHEN $4::int >= $2::int THEN now() END)
     RETURNING ${COLUMNS}`,
    [job.kind, job.total, job.entityId ?? null, failures.length, JSON.stringify(failures.slice(0, MAX_RECORDED_FAILURES))],
  );
  return row;
}

export async function jobById(db: Queryable, id: number): Promise<BackgroundJob | null> {
  const [row]: BackgroundJob[] = await db.query(`SELECT ${COLUMNS} FROM background_job WHERE id = $1`, [id]);
  return row ?? null;
}

export async function markRunning(db: Queryable, id: number, total?: number): Promise<void> {
  await db.query(
    `UPDATE background_job SET state = 'running', started_at = COALESCE(started_at, now()), total = COALESCE($2::int, total)
      WHERE id = $1 AND state IN ('queued', 'running')`,
    [id, total ?? null],
  );
}

export interface Progress {
  done: number;
  created?: number;
  updated?: number;
  unchanged?: number;
  skipped?: number;
  failures?: RecordFailure[];
}

/** Adds one step's counts; the job is done when every record or article is accounted for. */
export async function recordProgress(db: Queryable, id: number, p: Progress): Promise<void> {
  const failures = p.failures ?? [];
  await db.query(
    `UPDATE background_job SET
        done = done + $2::int, created = created + $3::int, updated = updated + $4::int, unchanged = unchanged + $5::int,
        failed = failed + $6::int, skipped = skipped + $8::int,
        failures = CASE WHEN jsonb_array_length(failures) < ${MAX_RECORDED_FAILURES} THEN failures || $7::jsonb ELSE failures END,
        state = CASE WHEN done + $2::int >= total THEN 'done' ELSE 'running' END,
        started_at = COALESCE(started_at, now()),
        finished_at = CASE WHEN done + $2::int >= total THEN now() END
      WHERE id = $1 AND state IN ('queued', 'running')`,
    [id, p.done, p.created ?? 0, p.updated ?? 0, p.unchanged ?? 0, failures.length, JSON.stringify(failures), p.skipped ?? 0],
  );
}

export async function markFailed(db: Queryable, id: number, error: string): Promise<void> {
  await db.query(
    `UPDATE background_job SET state = 'failed', error = $2, finished_at = now() WHERE id = $1 AND state <> 'done'`,
    [id, error.slice(0, 1000)],
  );
}

export async function markDone(db: Queryable, id: number): Promise<void> {
  await db.query(
    `UPDATE background_job SET state = 'done', done = GREATEST(done, total), finished_at = now() WHERE id = $1 AND state IN ('queued', 'running')`,
    [id],
  );
}
