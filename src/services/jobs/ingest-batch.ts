import type { DataSource } from 'typeorm';
import { linkArticle, purgeStored, recordEventsOfStored, storeInOwnTransaction, storeLinkedArticles, type LinkedArticle, type StoreOutcome } from '../ingest/ingest-article';
import { retryOnDeadlock } from '../ingest/link-writes';
import { currentGazetteer } from '../linking/current-gazetteer';
import { markRunning, recordProgress, type RecordFailure } from './job-store';
import type { IngestBatchPayload } from './queue';

/**
 * Ingests one batch of a bulk load. Records are checked and linked first (a bad one is
 * reported with its reason); the good ones are stored in one transaction, mostly in one
 * statement (see storeLinkedArticles). Should that transaction fail (a concurrent load of the same URL, a
 * row the database refuses), it rolls back whole and every record is stored again in a
 * transaction of its own: a bad record never leaves anything behind nor stops the others.
 */
export async function ingestBatch(ds: DataSource, payload: IngestBatchPayload): Promise<void> {
  await markRunning(ds, payload.jobId);
  const gazetteer = await currentGazetteer(ds);
  const failures: RecordFailure[] = [];
  const linked: { record: string; article: LinkedArticle }[] = [];
  for (const { record, input } of payload.records) {
    // Linking is CPU work on the one thread that also drives the batch holding the link-writes
    // lock (lockLinkWrites): between articles, that batch's next statement goes out.
    await new Promise((resolve) => setImmediate(resolve));
    const publishedAt = input.publishedAt == null ? null : new Date(input.publishedAt);
    const result = linkArticle({ ...input, publishedAt }, gazetteer);
    if ('userErrors' in result) failures.push({ record, reason: result.userErrors.map((e) => e.message).join('; ') });
    else linked.push({ record, article: result });
  }

  let outcomes: (StoreOutcome | Error)[];
  let events: number[] = [];
  try {
    const items = linked.map((l) => l.article);
    outcomes = await retryOnDeadlock(() => ds.transaction(async (manager) => {
      const stored = await storeLinkedArticles(manager, items);
      events = await recordEventsOfStored(manager, items, stored);
      return stored;
    }));
  } catch {
    outcomes = [];
    for (const { article } of linked) outcomes.push(await storeInOwnTransaction(ds, article).catch((e: Error) => e));
  }

  await purgeStored(linked.map((l) => l.article), outcomes, events);
  const counts = { created: 0, updated: 0, unchanged: 0 };
  outcomes.forEach((outcome, i) => {
    const { record } = linked[i];
    if (outcome instanceof Error) failures.push({ record, reason: `not stored: ${outcome.message}` });
    else if (outcome.outcome === 'rejected') failures.push({ record, reason: outcome.userErrors.map((e) => e.message).join('; ') });
    else counts[outcome.outcome]++;
  });
  await recordProgress(ds, payload.jobId, { done: payload.records.length, ...counts, failures });
}
