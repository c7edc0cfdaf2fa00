import type { DataSource } from 'typeorm';
import { ingestArticle } from '../ingest/ingest-article';
import { currentGazetteer } from '../linking/current-gazetteer';
import { markRunning, recordProgress, type RecordFailure } from './job-store';
import type { IngestBatchPayload } from './queue';

/**
 * Ingests one batch of a bulk load. Each record is its own transaction: a bad record is
 * reported with its reason and leaves nothing behind, and the others go on.
 */
export async function ingestBatch(ds: DataSource, payload: IngestBatchPayload): Promise<void> {
  await markRunning(ds, payload.jobId);
  const gazetteer = await currentGazetteer(ds);
  const counts = { created: 0, updated: 0, unchanged: 0 };
  const failures: RecordFailure[] = [];
  for (const { record, input } of payload.records) {
    try {
      const publishedAt = input.publishedAt == null ? null : new Date(input.publishedAt);
      const result = await ingestArticle(ds, { ...input, publishedAt }, gazetteer);
      if (result.outcome === 'rejected') failures.push({ record, reason: result.userErrors.map((e) => e.message).join('; ') });
      else counts[result.outcome]++;
    } catch (e) {
      failures.push({ record, reason: `not stored: ${(e as Error).message}` });
    }
  }
  await recordProgress(ds, payload.jobId, { done: payload.records.length, ...counts, failures });
}
