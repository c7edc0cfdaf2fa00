import { HOSTILE_CASES } from '../../bench/hostile';
import { loadConfig } from '../../src/config';
import { startTestServer, type GraphQLResponse, type TestServer } from '../support/server';
import { eventually, lockTable, waitingOnLocks } from '../support/database-activity';

/**
 * Issue 13: slow expensive work must not starve cheap reads of pooled connections. A pool of
 * 4, expensive operations (cost `nodes` >= 20) limited to half of it (timeouts generous: on a
 * loaded machine a new connection alone once took 300 ms): with the comment table
 * locked, expensive pages stall on it, yet a cheap article read is answered at once; without
 * the share, the stalled pages held all 4 connections and the read waited past
 * DB_ACQUIRE_TIMEOUT_MS into a 503.
 */

const EXPENSIVE = '{ articles(first: 10) { edges { node { title comments(first: 10) { totalCount } } } } }';
const CHEAP = 'query ($slug: String!) { article(slug: $slug) { title } }';

describe('the pool shared between cheap and expensive operations', () => {
  let server: TestServer;
  let slug: string;
  beforeAll(async () => {
    server = await startTestServer({
      seed: true,
      poolSize: 4,
      env: { REQUEST_DEADLINE_MS: '10000', STATEMENT_TIMEOUT_MS: '10000', DB_ACQUIRE_TIMEOUT_MS: '1000', QUERY_EXPENSIVE_NODES: '20', DB_EXPENSIVE_POOL_PERCENT: '50' },
    });
    [{ slug }] = await server.db.dataSource.query(`SELECT slug FROM article ORDER BY id LIMIT 1`);
  });
  afterAll(() => server?.close());

  it('measures the two operations on either side of the threshold', async () => {
    const cost = async (query: string, variables?: Record<string, unknown>) => JSON.parse((await server.gql(query, variables, { 'x-graphql-cost': '1' })).text).extensions.cost.nodes;
    expect(await cost(EXPENSIVE)).toBeGreaterThanOrEqual(20);
    expect(await cost(CHEAP, { slug })).toBeLessThan(20);
    // The abuse bench's expensive case is on the expensive lane with the default threshold.
    const benchCase = HOSTILE_CASES.find((c) => c.category === 'expensive')!.request({ articleId: '', articleSlug: '', personId: '' });
    const nodes = await cost(JSON.parse(String(benchCase.body)).query);
    expect(nodes).toBe(42_201);
    expect(nodes).toBeGreaterThanOrEqual(loadConfig({}).requestLimits.expensiveNodes);
  });

  it('answers a cheap read at once while expensive operations stall on a lock; the expensive ones over their share are told to retry', async () => {
    const lock = await lockTable(server.db.url, 'comment');
    let stalled: Promise<GraphQLResponse>[] = [];
    try {
      const answered: GraphQLResponse[] = [];
      stalled = Array.from({ length: 6 }, () => server.gql(EXPENSIVE).then((r) => (answered.push(r), r)));
      // Half the pool: two expensive statements wait on the lock, never more.
      await eventually(async () => (await waitingOnLocks(server.db.url)) >= 2, 'expensive statements wait on the lock');
      const cheap = await server.gql(CHEAP, { slug });
      expect(cheap.status).toBe(200);
      expect(cheap.data.article.title).toEqual(expect.any(String));
      // The four queued behind the two are refused once they waited DB_ACQUIRE_TIMEOUT_MS, the lock still held.
      await eventually(() => answered.length === 4, 'the queued expensive operations are answered');
      expect(answered.map((r) => r.status)).toEqual([503, 503, 503, 503]);
      expect(await waitingOnLocks(server.db.url)).toBe(2);
    } finally {
      await lock.release();
    }
    const answers = await Promise.all(stalled);
    const outcomes = answers.map((r) => `${r.status} ${r.errors?.[0]?.extensions?.code ?? 'data'}`).sort();
    // The two that held connections finish once the lock goes.
    expect(outcomes).toEqual(['200 data', '200 data', ...Array(4).fill('503 SERVICE_UNAVAILABLE')]);
    for (const refused of answers.filter((r) => r.status === 503)) expect(refused.headers.get('retry-after')).toBe('1');
    expect((await server.gql(EXPENSIVE)).status).toBe(200);
  });
});
