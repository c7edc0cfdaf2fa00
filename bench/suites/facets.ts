import os from 'node:os';
import { Client } from 'pg';
import { ENTITY_TYPE_OF_KIND, toGlobalId } from '../../src/schema/global-id';
import type { BenchContext, BenchSuite } from '../context';
import { measureSequential, timedRequest } from '../sequential';

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
  const run = await measureSequential(ctx, name, (n) => timedRequest(ctx, SIDEBAR, variables(n)), { warmup: WARMUP, max: REQUESTS, min: MIN_REQUESTS });
  return { row: run.row, note: `${name} (${run.requests} requests): p50 ${run.row.p50Ms.toFixed(1)} ms, p95 ${run.p95.toFixed(1)} ms (goal < ${TARGET_MS} ms: ${run.p95 < TARGET_MS ? 'met' : 'NOT met'})` };
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
