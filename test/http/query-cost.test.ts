import fs from 'node:fs';
import path from 'node:path';
import { getOperationAST, parse } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config';
import { COST_HEADER } from '../../src/http/query-cost';
import { measureOperation, tooManyTokens, type CostMeasure } from '../../src/schema/cost';
import { demoVariables } from '../../src/services/demo-variables';
import { OPERATIONS_DIR, operation } from '../support/operations';
import { deepIntrospection, deepParents, multiplyingFragments, nestedArticles, networkAliases } from '../../bench/hostile';
import { sqlStatements, startTestServer, type GraphQLResponse, type TestServer } from '../support/server';

const { tokens: tokenLimit, variables: _variablesLimit, ...limits } = loadConfig({}).queryLimits;
const FRONT_PAGE = '{ articles(first: 5) { edges { node { title people { name } } } } }';

let server: TestServer;
let variables: Record<string, Record<string, unknown>>;
beforeAll(async () => {
  server = await startTestServer({ seed: true });
  variables = (await demoVariables(server.db.dataSource)) as Record<string, Record<string, unknown>>;
});
afterAll(() => server.close());

/** A refusal before execution: 400, QUERY_TOO_COMPLEX over `measure`, no data, no SQL; the service answers normally afterwards. */
async function expectRefused(res: GraphQLResponse, measure: CostMeasure | 'tokens'): Promise<Record<string, any>> {
  const limit = measure === 'tokens' ? tokenLimit : limits[measure];
  expect(res.status).toBe(400);
  expect(res.data).toBeUndefined();
  expect(res.errors).toHaveLength(1);
  const extensions = res.errors![0].extensions!;
  expect(extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', measure, limit });
  expect(extensions.value).toBeGreaterThan(limit);
  if (measure !== 'tokens') expect(extensions.cost).toMatchObject({ [measure]: extensions.value, limits });
  expect(res.errors![0].message).toMatch(new RegExp(`(over the limit of|more than) ${limit}\\b`));
  expect(sqlStatements(res)).toBe(0);
  const logged = server.logs.map((l) => JSON.parse(l)).find((l) => l.requestId === res.headers.get('x-request-id') && l.msg === 'request');
  expect(logged).toMatchObject({ status: 400, sqlStatements: 0, errorCodes: ['QUERY_TOO_COMPLEX'] });
  const after = await server.gql(FRONT_PAGE);
  expect(after.status).toBe(200);
  expect(after.errors).toBeUndefined();
  expect(after.data.articles.edges.length).toBeGreaterThan(0);
  expect((await fetch(`${server.url}/health`)).status).toBe(200);
  return extensions;
}

describe('the operations of operations/', () => {
  const names = fs.readdirSync(OPERATIONS_DIR).filter((f) => f.endsWith('.graphql')).map((f) => path.basename(f, '.graphql'));

  it.each(names)('%s.graphql costs at most a quarter of every limit with its demo variables', (name) => {
    const document = parse(operation(name));
    const cost = measureOperation({ schema: server.app.schema, document, operation: getOperationAST(document)!, variables: variables[name] });
    for (const measure of ['nodes', 'depth', 'fields', 'aliases'] as const) expect(cost[measure]).toBeLessThanOrEqual(limits[measure] / 4);
    expect(tooManyTokens(operation(name), tokenLimit / 4)).toBeNull();
  });

  it.each(names.filter((name) => /^\s*(#.*\n\s*)*query\b/.test(operation(name))))('%s.graphql reports that cost when asked, and runs', async (name) => {
    const document = parse(operation(name));
    const cost = measureOperation({ schema: server.app.schema, document, operation: getOperationAST(document)!, variables: variables[name] });
    const res = await server.gql(operation(name), variables[name], { [COST_HEADER]: '1' });
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(JSON.parse(res.text).extensions).toEqual({ cost: { ...cost, limits } });
  });

  it('the same document asked again costs what its variables ask, not what the first request asked', async () => {
    const query = 'query ($n: Int) { articles(first: $n) { edges { node { id people { name } } } } }';
    const nodesFor = async (n: number) => {
      const res = await server.gql(query, { n }, { [COST_HEADER]: '1' });
      expect(res.status).toBe(200);
      return JSON.parse(res.text).extensions.cost.nodes as number;
    };
    const [five, fifty, fiveAgain] = [await nodesFor(5), await nodesFor(50), await nodesFor(5)];
    expect(fifty).toBeGreaterThan(five);
    expect(fiveAgain).toBe(five);
    // a page refused once is refused again, from the kept cost as from the first
    for (let i = 0; i < 2; i++) await expectRefused(await server.gql(query, { n: 100_000 }), 'nodes');
  });

  it('tells a variable left out (its default applies) from one sent as null, and ignores variables that size nothing', async () => {
    const query = 'query ($n: Int = 50, $slug: String!) { articles(first: $n) { edges { node { id } } } article(slug: $slug) { id } }';
    const nodesFor = async (variables: Record<string, unknown>) => {
      const res = await server.gql(query, variables, { [COST_HEADER]: '1' });
      expect(res.status).toBe(200);
      return JSON.parse(res.text).extensions.cost.nodes as number;
    };
    // the page of articles (1 + 2n) and the article
    expect(await nodesFor({ slug: 'a' })).toBe(2 + 2 * 50);
    expect(await nodesFor({ slug: 'b', n: null })).toBe(2 + 2 * 20);
    expect(await nodesFor({ slug: 'c' })).toBe(2 + 2 * 50);
  });

  it('reports no cost unless asked', async () => {
    const res = await server.gql(FRONT_PAGE);
    expect(JSON.parse(res.text).extensions).toBeUndefined();
  });
});

describe('hostile operations, refused before any SQL', () => {
  it('articles → people → articles → people → articles, 100 a page: the request that killed a worker', async () => {
    const res = await server.gql(`{ ${nestedArticles(3, '100')} }`);
    const refusal = await expectRefused(res, 'nodes');
    expect(refusal.value).toBe(202_202_201);
  });

  it('the same through variables, and one page of 100,000 (the resolver caps first at 100; the analysis counts what was asked)', async () => {
    await expectRefused(await server.gql(`query ($n: Int) { ${nestedArticles(3, '$n')} }`, { n: 100 }), 'nodes');
    const huge = await server.gql('query ($n: Int) { articles(first: $n) { edges { node { id title } } } }', { n: 100_000 });
    expect((await expectRefused(huge, 'nodes')).value).toBe(200_001);
  });

  it('1,000 aliases of network(depth: 4), refused before parsing by its size; 100, by their number', async () => {
    const center = variables.network.center as string;
    expect((await expectRefused(await server.gql(networkAliases(1000, center)), 'tokens')).value).toBe(tokenLimit + 1);
    const refusal = await expectRefused(await server.gql(networkAliases(100, center)), 'aliases');
    expect(refusal.value).toBe(100);
    expect(refusal.cost.nodes).toBe(100 * 2501);
  });

  it('10,000 fields: written out, refused before parsing by their size; spread through one fragment, by their number', async () => {
    const aliased = Array.from({ length: 10_000 }, (_, i) => `f${i}: title`).join(' ');
    await expectRefused(await server.gql(`{ articles(first: 1) { edges { node { ${aliased} } } } }`), 'tokens');
    await expectRefused(await server.gql(`{ articles(first: 1) { edges { node { ${'title '.repeat(10_000)} } } } }`), 'tokens');
    const spread = Array.from({ length: 1000 }, () => '...Wide').join(' ');
    const wide = 'fragment Wide on Article { id slug title lead body language publishedAt url commentCount __typename }';
    const byFields = await expectRefused(await server.gql(`{ articles(first: 1) { edges { node { ${spread} } } } } ${wide}`), 'fields');
    expect(byFields.value).toBe(3 + 10_000);
  });

  it('depth 50', async () => {
    expect((await expectRefused(await server.gql(deepParents(50)), 'depth')).value).toBe(50);
  });

  it('fragments spread recursively in effect: A spreads B twice, B spreads C twice … 20 levels', async () => {
    const refusal = await expectRefused(await server.gql(multiplyingFragments(20, 'articles(first: 100) { edges { node { title } } }')), 'fields');
    expect(refusal.value).toBe(4 * 2 ** 20);
    expect(refusal.cost.nodes).toBe(201 * 2 ** 20);
  });

  it('introspection nested deep', async () => {
    expect((await expectRefused(await server.gql(deepIntrospection(50)), 'depth')).value).toBe(50);
  });
});

describe('configured limits', () => {
  it('are the ones the server holds requests to', async () => {
    const strict = await startTestServer({ env: { QUERY_MAX_NODES: '10', QUERY_MAX_TOKENS: '20', QUERY_MAX_VARIABLE_VALUES: '3' } });
    try {
      const over = await strict.gql('{ articles(first: 5) { edges { node { id } } } }');
      expect(over.status).toBe(400);
      expect(over.errors![0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', measure: 'nodes', value: 11, limit: 10 });
      const long = await strict.gql('{ articles(first: 1) { edges { node { id title lead body slug url } } } }');
      expect(long.errors![0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', measure: 'tokens', value: 21, limit: 20 });
      expect((await strict.gql('{ articles(first: 4) { edges { node { id } } } }')).status).toBe(200);
      const ids = await strict.gql('{ articles(first: 4) { totalCount } }', { ids: ['a', 'b', 'c', 'd'] }); // counted though not declared
      expect(ids.status).toBe(400);
      expect(ids.errors![0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', measure: 'variables', value: 5, limit: 3 });
    } finally {
      await strict.close();
    }
  });
});

describe('subscriptions over graphql-ws', () => {
  let client: Client;
  afterAll(() => client?.dispose());

  it('go through the same analysis before subscribing', async () => {
    client = createClient({ url: `${server.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    const query = `subscription ($articleId: ID!) {
      commentAdded(articleId: $articleId) { article { related(first: 20) { people { ${nestedArticles(2, '100')} } } } }
    }`;
    const errors = await new Promise<any[]>((resolve, reject) => {
      client.subscribe({ query, variables: { articleId: 'x' } }, { next: () => reject(new Error('an event')), error: (e) => resolve(e as any[]), complete: () => reject(new Error('completed')) });
    });
    expect(errors).toHaveLength(1);
    expect(errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', measure: 'nodes', limit: limits.nodes });
  });
});
