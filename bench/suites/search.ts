import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { projectRoot } from '../../src/config';
import type { BenchRow, BenchSuite } from '../context';
import {
  fold, judge, labelledQueries, misspell, SEARCH_WITH_MODE, successRates, topKeys, type Judged, type LabelledQuery, type QueryClass,
} from '../search-labels';
import { measureSequential, timedRequest } from '../sequential';

/**
 * Requests measured per query class, one at a time, after WARMUP unmeasured ones: REQUESTS,
 * or fewer (MIN_REQUESTS at least) when a class takes longer than --duration seconds.
 */
const REQUESTS = 300;
const MIN_REQUESTS = 30;
const WARMUP = 30;

/** Issue 14's targets (p95, one client): 30 ms up to 100,000 articles, 60 ms at 1,000,000; prefix 20 ms. */
const target = (klass: QueryClass, articles: number) => (klass === 'prefix' ? 20 : articles > 100_000 ? 60 : 30);

const CLASSES: QueryClass[] = ['name', 'typo', 'acronym', 'phrase', 'common', 'prefix'];

/**
 * More queries per class than the labels, so a class's latency is not one query's: names
 * of the 40 most mentioned people (as written and folded), their last names misspelt,
 * acronyms, headlines reworded, everyday words of the three languages, name prefixes.
 */
async function queryPool(db: Client, labels: LabelledQuery[]): Promise<Record<QueryClass, LabelledQuery[]>> {
  const pool = Object.fromEntries(CLASSES.map((c) => [c, labels.filter((l) => l.class === c)])) as Record<QueryClass, LabelledQuery[]>;
  const more = (klass: QueryClass, query: string, mode: 'FULL' | 'PREFIX' = 'FULL') => pool[klass].push({ class: klass, label: 'pool', query, mode, expected: [] });
  const people = (
    await db.query(
      `SELECT e.name FROM entity e JOIN article_entity ae ON ae.entity_id = e.id WHERE e.kind = 'person' GROUP BY e.id ORDER BY count(*) DESC, e.id LIMIT 40`,
    )
  ).rows.map((r) => r.name as string);
  people.forEach((name, i) => {
    more('name', i % 2 ? fold(name) : name);
    const last = fold(name.split(/\s+/).pop()!);
    if (last.length >= 5) more('typo', `${name.split(/\s+/)[0]} ${misspell(last, i)}`);
    more('prefix', last.slice(0, 3 + (i % 3)), 'PREFIX');
  });
  for (const r of (await db.query(`SELECT DISTINCT acronym FROM entity WHERE acronym IS NOT NULL ORDER BY acronym LIMIT 20`)).rows) more('acronym', r.acronym);
  for (const r of (await db.query(`SELECT title FROM article ORDER BY md5(slug) LIMIT 20`)).rows) more('phrase', r.title);
  for (const word of ['sécurité', 'security', 'discussions', 'talks', 'réunion', 'meeting', 'samenwerking', 'gesprekken', 'plan', 'visite']) more('common', word);
  return pool;
}

/**
 * Issue 14's search: search.graphql (operations/, as written) per query class, one client,
 * sequential requests (PREFIX through the same selection with `mode`), then the labelled
 * queries' success at 1 and at 3 (bench/search-labels.ts).
 */
export const searchSuite: BenchSuite = {
  name: 'search',
  onlyWhenNamed: true,
  async run(ctx) {
    const db = new Client({ connectionString: ctx.databaseUrl });
    await db.connect();
    let labels: LabelledQuery[];
    let pool: Record<QueryClass, LabelledQuery[]>;
    try {
      // A freshly loaded dataset has no statistics or visibility map yet (autovacuum would settle it).
      await db.query(`VACUUM ANALYZE article, entity, article_entity, entity_name_word`);
      await db.query(`ANALYZE entity_prominence`).catch(() => {});
      labels = await labelledQueries(async (text, params) => (await db.query(text, params)).rows);
      pool = await queryPool(db, labels);
    } finally {
      await db.end();
    }
    const searchOperation = fs.readFileSync(path.join(projectRoot, 'operations', 'search.graphql'), 'utf8');
    const request = (q: LabelledQuery) =>
      q.mode === 'FULL' ? timedRequest(ctx, searchOperation, { query: q.query, first: 10 }) : timedRequest(ctx, SEARCH_WITH_MODE, { query: q.query, first: 10, mode: q.mode });

    const rows: BenchRow[] = [];
    const notes: string[] = [];
    const articles = ctx.dataset.articles ?? 0;
    for (const klass of CLASSES) {
      const queries = pool[klass];
      if (!queries.length) continue;
      const run = await measureSequential(ctx, `search ${klass}`, (n) => request(queries[n % queries.length]), { warmup: WARMUP, max: REQUESTS, min: MIN_REQUESTS });
      rows.push(run.row);
      const goal = target(klass, articles);
      notes.push(`${klass} (${queries.length} queries, ${run.requests} requests): p50 ${run.row.p50Ms.toFixed(1)} ms, p95 ${run.p95.toFixed(1)} ms (target < ${goal} ms: ${run.p95 < goal ? 'met' : 'NOT met'})`);
    }

    const judged: Judged[] = [];
    for (const q of labels) {
      const res = await request(q);
      judged.push(judge(q, res.failed ? [] : topKeys(res.data)));
    }
    const rates = successRates(judged);
    notes.push(`ranking: ${judged.length} labelled queries, success@1 ${(rates.at1 * 100).toFixed(1)}%, success@3 ${(rates.at3 * 100).toFixed(1)}%`);
    for (const klass of CLASSES) {
      const mine = judged.filter((j) => j.query.class === klass);
      if (mine.length) {
        const r = successRates(mine);
        notes.push(`  ${klass}: ${mine.length} queries, success@1 ${(r.at1 * 100).toFixed(0)}%, success@3 ${(r.at3 * 100).toFixed(0)}%`);
      }
    }
    for (const j of judged.filter((x) => !x.at1)) {
      notes.push(`  missed at 1 (${j.query.label}): "${j.query.query}" -> ${j.top.slice(0, 3).join(', ') || 'nothing'}; expected ${j.query.expected.slice(0, 3).join(' or ')}`);
    }
    notes.push(`one client, sequential requests (up to ${REQUESTS} or ${ctx.durationSeconds} s per class) after ${WARMUP} warm-up; load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`);
    return { rows, notes };
  },
};
