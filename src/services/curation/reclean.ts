import type { DataSource } from 'typeorm';
import { createJob } from '../jobs/job-store';
import { enqueue, TASK } from '../jobs/queue';
import type { JobResult } from './relink';

/** Articles one request may name; more is a re-clean of everything. */
export const MAX_RECLEAN_ARTICLES = 1000;

/**
 * Queues a re-clean of the stored articles (or of `articleIds`) from their raw text: the job
 * row and the queue entry are written in one transaction; unknown ids refuse the request.
 */
export async function requestReclean(ds: DataSource, articleIds?: number[]): Promise<JobResult> {
  const ids = articleIds && [...new Set(articleIds)];
  if (ids && (ids.length === 0 || ids.length > MAX_RECLEAN_ARTICLES)) {
    return { job: null, userErrors: [{ field: 'articles', code: 'INVALID', message: `articles: expected 1 to ${MAX_RECLEAN_ARTICLES} article ids, or none for every article; got ${ids.length}` }] };
  }
  return ds.transaction(async (manager) => {
    let total: number;
    if (ids) {
      const found: { id: number }[] = await manager.query(`SELECT id FROM article WHERE id = ANY($1)`, [ids]);
      const missing = ids.filter((id) => !found.some((f) => f.id === id));
      if (missing.length) {
        return { job: null, userErrors: missing.map((id) => ({ field: `articles[${ids.indexOf(id)}]`, code: 'NOT_FOUND' as const, message: `articles[${ids.indexOf(id)}]: no article with this id` })) };
      }
      total = ids.length;
    } else {
      [{ total }] = await manager.query(`SELECT count(*)::int AS total FROM article`);
    }
    const job = await createJob(manager, { kind: 'reclean', total });
    await enqueue(manager, TASK.reclean, { jobId: job.id, articleIds: ids });
    return { job, userErrors: [] };
  });
}
