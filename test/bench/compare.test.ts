import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { checkSameData, post } from '../../bench/compare/equivalence';
import {
  canonicalFromOurs, canonicalFromPostGraphile, difference, frontPageWithComments, POSTGRAPHILE_FRONT_PAGE,
} from '../../bench/compare/operations';
import { createFloorServer } from '../../bench/compare/floor-server';
import { benchDepsInstalled } from '../../bench/deps';
import { generateDataset } from '../../src/services/synthetic/generate';
import { loadDataset } from '../../src/services/synthetic/load';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestServer, type TestServer } from '../support/server';

/**
 * PostGraphile is one of the benchmark's own dependencies (bench/deps, installed by the first
 * `npm run bench`, or `npm ci --prefix bench/deps`): its checks run when it is installed, and
 * fail instead of skipping with REQUIRE_BENCH_DEPS=1 (CI installs it).
 */
const havePostGraphile = benchDepsInstalled();
if (!havePostGraphile && process.env.REQUIRE_BENCH_DEPS === '1') throw new Error('REQUIRE_BENCH_DEPS=1 but bench/deps is not installed (npm ci --prefix bench/deps)');
const withPostGraphile = havePostGraphile ? it : it.skip;

function loadPostGraphile(): { createPostGraphileServer(pool: Pool): Promise<{ server: http.Server; release(): Promise<void> }> } {
  // PostGraphile 5 needs Promise.withResolvers (Node 22); the benchmark preloads the same polyfill.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../../bench/compare/polyfill.cjs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../../bench/compare/postgraphile-server.cjs');
}

const SMALL = { seed: 11, articles: 150, people: 120, organizations: 30, places: 25, events: 120 };

const listen = (server: http.Server) =>
  new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
const close = (server: http.Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/**
 * The comparison benchmark is only meaningful if the floor and PostGraphile serve the same
 * data as our service: this runs its equivalence check (the one `npm run bench -- --compare`
 * runs before timing) on a small synthetic dataset.
 */
describe('benchmark peers answer the same data as our service', () => {
  let db: TestDatabase;
  let ours: TestServer;
  let pool: Pool;
  let floor: http.Server;
  let postgraphile: { server: http.Server; release(): Promise<void> } | null = null;
  let urls: { floor: string; postgraphile?: string };

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDataset(db.dataSource, generateDataset(SMALL));
    ours = await startTestServer({ db });
    pool = new Pool({ connectionString: db.url, max: 4 });
    floor = createFloorServer(pool);
    urls = { floor: await listen(floor) };
    if (havePostGraphile) {
      postgraphile = await loadPostGraphile().createPostGraphileServer(pool);
      urls.postgraphile = await listen(postgraphile.server);
    }
  });
  afterAll(async () => {
    await close(floor);
    if (postgraphile) {
      await close(postgraphile.server);
      await postgraphile.release();
    }
    await pool.end();
    await ours.close();
    await db.drop();
  });

  it('front page with comments from ours, the floor and PostGraphile (when installed), article pages and who-met-whom from the floor', async () => {
    const articleSlugs: string[] = (await db.dataSource.query(`SELECT slug FROM article ORDER BY comment_count DESC, id LIMIT 15`)).map((r: any) => r.slug);
    const personSlugs: string[] = (
      await db.dataSource.query(
        `SELECT e.slug FROM entity e JOIN event_participant p ON p.entity_id = e.id WHERE e.kind = 'person' GROUP BY e.slug ORDER BY count(*) DESC, e.slug LIMIT 8`,
      )
    ).map((r: any) => r.slug);
    expect(personSlugs.length).toBeGreaterThan(0);
    const checked = await checkSameData({
      ours: ours.url, floor: urls.floor, postgraphile: urls.postgraphile, articleSlugs, personSlugs, window: { from: '2023-01-01', to: '2024-06-30' },
    });
    expect(checked).toHaveLength(3);
    expect(checked[0].endsWith('= PostGraphile')).toBe(havePostGraphile);
  });

  withPostGraphile('reports where a peer differs: one changed comment body on PostGraphile\'s side is found by its path', async () => {
    const ourData = await post(ours.url, frontPageWithComments(), { first: 20 }, 'ours');
    const theirs = await post(urls.postgraphile!, POSTGRAPHILE_FRONT_PAGE, { first: 20 }, 'PostGraphile');
    expect(difference(canonicalFromOurs(ourData), canonicalFromPostGraphile(theirs))).toBeNull();
    const i = theirs.allArticles.edges.findIndex((e: any) => e.node.commentsByArticleId.nodes.length > 0);
    expect(i).toBeGreaterThanOrEqual(0);
    theirs.allArticles.edges[i].node.commentsByArticleId.nodes[0].body += ' (edited)';
    expect(difference(canonicalFromOurs(ourData), canonicalFromPostGraphile(theirs))).toMatch(new RegExp(`^\\$\\.articles\\.${i}\\.comments\\.0\\.body: `));
  });

  withPostGraphile('PostGraphile counts statements only for requests that ask for it, so timed requests run uncounted', async () => {
    const ask = (headers: Record<string, string>) =>
      fetch(`${urls.postgraphile}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: POSTGRAPHILE_FRONT_PAGE, variables: { first: 20 } }),
      });
    const counted = await ask({ 'x-count-sql': '1' });
    expect(counted.status).toBe(200);
    await counted.text();
    expect(Number(counted.headers.get('x-sql-statements'))).toBeGreaterThanOrEqual(1);
    const uncounted = await ask({});
    await uncounted.text();
    expect(uncounted.headers.get('x-sql-statements')).toBeNull();
  });
});
