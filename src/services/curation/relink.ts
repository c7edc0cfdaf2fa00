import type { DataSource } from 'typeorm';
import type { UserError } from '../../schema/user-errors';
import { createJob, type BackgroundJob } from '../jobs/job-store';
import { enqueue, TASK } from '../jobs/queue';
import { survivorOf } from './entities';

export interface JobResult {
  job: BackgroundJob | null;
  userErrors: UserError[];
}

/**
 * Queues a relink after an entity's names changed: the job row and the queue entry are
 * written in one transaction, and the worker re-runs linking over the stored articles.
 */
export async function requestRelink(ds: DataSource, entityId: number): Promise<JobResult> {
  return ds.transaction(async (manager) => {
    const entity = await survivorOf(manager, entityId);
    if (!entity) return { job: null, userErrors: [{ field: 'entity', code: 'NOT_FOUND' as const, message: 'entity: no person, organization or place with this id' }] };
    const [{ total }]: { total: number }[] = await manager.query(`SELECT count(*)::int AS total FROM article`);
    const job = await createJob(manager, { kind: 'relink', total, entityId: entity.id });
    await enqueue(manager, TASK.relink, { jobId: job.id });
    return { job, userErrors: [] };
  });
}
