import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { projectRoot } from '../../src/config';
import type { BenchContext, BenchSuite } from '../context';
import { percentile } from '../sequential';
import { graphql, measure } from '../load';

const operation = (name: string) => fs.readFileSync(path.join(projectRoot, 'operations', `${name}.graphql`), 'utf8');

const DEEP_PAGE = 400;
/** Single-client requests per page for the deep/first page ratio, alternating the two pages. */
const RATIO_SAMPLES = 300;

/**
 * Latency of two requests measured one at a time and alternately, so that whatever else
 * the machine is doing weighs on both alike: the fair basis for "page 400 costs what
 * page 1 costs" on a shared machine, where two loaded runs back to back can differ 2x.
 */
async function alternating(ctx: BenchContext, query: string, a: Record<string, unknown>, b: Record<string, unknown>) {
  const time = async (variables: Record<string, unknown>) => {
    const started = performance.now();
    await graphql(ctx, query, variables);
    return performance.now() - started;
  };
  for (let i = 0; i < 20; i++) await time(i % 2 ? a : b);
  const times = { a: [] as number[], b: [] as number[] };
  for (let i = 0; i < RATIO_SAMPLES; i++) {
    times.a.push(await time(a));
    times.b.push(await time(b));
  }
  return times;
}

/** Issue 3's read API: the front page (first 20 and 100, page 1 and page 400) and the article page. */
export const readApiSuite: BenchSuite = {
  name: 'read-api',
  async run(ctx) {
    const frontPage = operation('front-page');
    const articlePage = operation('article-page');

    // Article pages over many articles, so caches do not flatter the figures.
    const db = new Client({ connectionString: ctx.databaseUrl });
    await db.connect();
    const slugs: string[] = (await db.query(`SELECT slug FROM article ORDER BY md5(slug) LIMIT 2000`)).rows.map((r) => r.slug);
    await db.end();
    if (!slugs.length) throw new Error('read-api: the database holds no article');

    // The cursor of page 400, reached the way a client reaches it: page after page.
    let after: string | null = null;
    for (let page = 1; page < DEEP_PAGE; page++) {
      const data: any = await graphql(ctx, `query($after: String) { articles(first: 20, after: $after) { pageInfo { endCursor hasNextPage } } }`, { after });
      if (!data.articles.pageInfo.hasNextPage) throw new Error(`read-api: the dataset has fewer than ${DEEP_PAGE} pages of 20 articles`);
      after = data.articles.pageInfo.endCursor;
    }

    const page1 = await measure(ctx, { operation: 'front-page first:20 (page 1)', query: frontPage, variables: () => ({ first: 20 }) });
    const page400 = await measure(ctx, { operation: `front-page first:20 (page ${DEEP_PAGE})`, query: frontPage, variables: () => ({ first: 20, after }) });
    const first100 = await measure(ctx, { operation: 'front-page first:100', query: frontPage, variables: () => ({ first: 100 }) });
    const article = await measure(ctx, { operation: 'article-page', query: articlePage, variables: (n) => ({ slug: slugs[n % slugs.length] }) });

    const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);
    ctx.log(`front page, page 1 against page ${DEEP_PAGE}: ${RATIO_SAMPLES} single-client requests each, alternating`);
    const single = await alternating(ctx, frontPage, { first: 20 }, { first: 20, after });
    const [p1, p400] = [single.a, single.b].map((t) => [...t].sort((x, y) => x - y)).map((t) => ({ p50: percentile(t, 50), p90: percentile(t, 90) }));
    return {
      rows: [page1, page400, first100, article],
      notes: [
        `front page latency, page ${DEEP_PAGE} / page 1, one client alternating: p50 ${p400.p50.toFixed(1)} / ${p1.p50.toFixed(1)} ms = ` +
          `${ratio(p400.p50, p1.p50).toFixed(2)}x, p90 ${ratio(p400.p90, p1.p90).toFixed(2)}x (target: within 1.2x)`,
        `front page latency, page ${DEEP_PAGE} / page 1, under load (runs above, back to back): p50 ${ratio(page400.p50Ms, page1.p50Ms).toFixed(2)}x, ` +
          `p99 ${ratio(page400.p99Ms, page1.p99Ms).toFixed(2)}x`,
        `SQL statements per request: front page first:20 ${page1.sqlPerRequest?.toFixed(1)}, first:100 ${first100.sqlPerRequest?.toFixed(1)}, ` +
          `page ${DEEP_PAGE} ${page400.sqlPerRequest?.toFixed(1)}; article page ${article.sqlPerRequest?.toFixed(1)}`,
      ],
    };
  },
};
