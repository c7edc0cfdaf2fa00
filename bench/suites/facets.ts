import os from 'node:os';
import { Client } from 'pg';
import { ENTITY_TYPE_OF_KIND, toGlobalId } from '../../src/schema/global-id';
import type { BenchContext, BenchRow, BenchSuite } from '../context';
import { percentile, timedRequest } from './graph';

/** Requests measured per operation (fewer when one takes longer than --duration seconds), after WARMUP. */
const REQUESTS = 300;
const MIN_REQUESTS = 30;
const WARMUP = 30;
/** Issue 21's goal: p95 under 100 ms at 100,000 articles, one client. */
const TARGET_MS = 100;

/** A filter sidebar as a front end asks for it: every facet, with names. */
export const SIDEBAR = `query Sidebar($filter: ArticleFilter) {
  articleFacets(filter: $filter) {
    totalCount
    people(limit: 10) { entity { id name } count selected }
    organizations(limit: 10) { entity { id name } count selected }
    places(limit: 10) { entity { id name } count selected }
    topics(limit: 10) { topic { slug label } count selected }
    sources(limit: 10) { source { slug name } count selected }
    languages { language count selected }
    months(limit: 12) { month count selected }
  }
}`;

/** Pairs of the most mentioned entities that appear together, most shared articles first: the sidebars of popular stories. */
async function popularPairs(db: Client): Promise<string[][]> {
  const { rows } = await db.query(`
    WITH top AS (SELECT p.entity_id FROM entity_prominence p JOIN entity e ON e.id = p.entity_id WHERE e.merged_into_id IS NULL ORDER BY p.articles DESC LIMIT 40)
    SELECT x.kind AS xk, x.id AS xi, y.kind AS yk, y.id AS yi, count(*) AS shared
      FROM article_entity a JOIN article_entity b ON b.article_id = a.article_id AND a.entity_id < b.entity_id
      JOIN entity x ON x.id = a.entity_id JOIN entity y ON y.id = b.entity_id
     WHERE a.entity_id IN (SELECT entity_id FROM top) AND b.entity_id IN (SELECT entity_id FROM top)
     GROUP BY 1, 2, 3, 4 ORDER BY shared DESC, 2, 4 LIMIT 30`);
  const id = (kind: keyof typeof ENTITY_TYPE_OF_KIND, n: number) => toGlobalId(ENTITY_TYPE_OF_KIND[kind], n);
  return rows.map((r) => [id(r.xk, r.xi), id(r.yk, r.yi)]);
}

async function sequential(ctx: BenchContext, name: string, variables: (n: number) => Record<string, unknown>) {
  for (let n = 0; n < WARMUP; n++) await timedRequest(ctx, SIDEBAR, variables(n));
  ctx.log(`${name}: up to ${REQUESTS} sequential requests (${ctx.durationSeconds} s)`);
  const times: number[] = [];
  let sql = 0;
  let failures = 0;
  let peakRss = ctx.service.rssBytes();
  const started = performance.now();
  for (let n = 0; n < REQUESTS && (n < MIN_REQUESTS || performance.now() - started < ctx.durationSeconds * 1000); n++) {
    const t = await timedRequest(ctx, SIDEBAR, variables(n));
    times.push(t.ms);
    sql += t.sql ?? 0;
    if (t.failed) failures++;
    if (n % 20 === 0) peakRss = Math.max(peakRss, ctx.service.rssBytes());
  }
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const row: BenchRow = {
    operation: name,
    requestsPerSecond: times.length / seconds,
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    sqlPerRequest: sql / times.length,
    peakRssMb: peakRss / 1024 / 1024,
    failures,
  };
  const p95 = percentile(times, 95);
  return { row, note: `${name} (${times.length} requests): p50 ${row.p50Ms.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (goal < ${TARGET_MS} ms: ${p95 < TARGET_MS ? 'met' : 'NOT met'})` };
}

/**
 * Issue 21's facets: a whole filter sidebar (seven facets and the total), one client,
 * sequential requests, unfiltered and filtered by two entities that appear together
 * (the 30 most shared pairs among the 40 most mentioned entities, in turn).
 */
export const facetsSuite: BenchSuite = {
  name: 'facets',
  onlyWhenNamed: true,
  async run(ctx) {
    const db = new Client({ connectionString: ctx.databaseUrl });
    await db.connect();
    let pairs: string[][];
    try {
      // A freshly loaded dataset has no statistics or visibility map yet (autovacuum would settle it).
      await db.query(`VACUUM ANALYZE article, entity, article_entity, article_topic, entity_prominence, article_facet_count`);
      pairs = await popularPairs(db);
    } finally {
      await db.end();
    }
    const unfiltered = await sequential(ctx, 'facets unfiltered', () => ({}));
    const twoEntities = await sequential(ctx, 'facets two entities', (n) => ({ filter: { mentionsAll: pairs[n % pairs.length] } }));
    const rows = [unfiltered.row, twoEntities.row];
    const notes = [unfiltered.note, twoEntities.note,
      `one client, sequential requests after ${WARMUP} warm-up; ${pairs.length} entity pairs; load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`];
    return { rows, notes };
  },
};
