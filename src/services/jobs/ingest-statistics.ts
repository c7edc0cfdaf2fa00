import type { DataSource } from 'typeorm';

/** The tables an ingest batch looks up while it stores (known articles, matching events). */
const LOOKED_UP = ['article', 'article_entity', 'event', 'event_participant', 'event_source'];
/** Fewer new articles than this never call for fresh statistics. */
const MIN_GROWTH = 500;

/**
 * Statistics kept up with a bulk load. The batches' statements are planned once per connection;
 * on an archive that starts small, a plan made for an empty table (a sequential scan) stays for
 * the whole load, each lookup reading every row stored so far (0 to 100 ms per batch over
 * 10,000 articles), until autovacuum's next ANALYZE, which a minute-long load may never see.
 * Analysing whenever the archive has grown by half since the last time (a few times per load)
 * lets the batches replan. Returns a function to call with the count of articles stored so far.
 */
export async function statisticsKeptUp(ds: DataSource): Promise<(stored: number) => Promise<void>> {
  const [{ estimate }] = await ds.query(`SELECT greatest(reltuples, 0)::float8 AS estimate FROM pg_class WHERE oid = 'article'::regclass`);
  let archive = Number(estimate);
  let storedAtLast = 0;
  return async (stored) => {
    if (stored - storedAtLast < Math.max(MIN_GROWTH, archive / 2)) return;
    archive += stored - storedAtLast;
    storedAtLast = stored;
    await ds.query(`ANALYZE ${LOOKED_UP.join(', ')}`);
  };
}
