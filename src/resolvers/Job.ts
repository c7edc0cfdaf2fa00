import type { QueryResolvers } from '../generated/graphql';
import { expectJobGlobalId, toJobGlobalId } from '../schema/global-id';
import { jobById, type BackgroundJob } from '../services/jobs/job-store';
import { requireEditor } from './staff';

/** A background job as the schema shows it; ingest jobs also report their failures in `error`. */
export function jobView(job: BackgroundJob) {
  const failures = job.failed ? `${job.failed} record(s) failed, e.g. ${job.failures[0]?.record}: ${job.failures[0]?.reason}` : null;
  return {
    id: toJobGlobalId(job.id),
    kind: job.kind,
    state: job.state.toUpperCase() as 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED',
    done: job.done,
    total: job.total,
    updated: job.updated,
    skipped: job.skipped,
    error: job.error ?? failures,
  };
}

export const JobQueries: QueryResolvers = {
  job: async (_, { id }, ctx) => {
    requireEditor(ctx, 'job');
    const job = await jobById(ctx.db, expectJobGlobalId('id', id));
    return job ? jobView(job) : null;
  },
};
