import fs from 'node:fs';
import path from 'node:path';
import { execute, getIntrospectionQuery, parse } from 'graphql';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { createRequestContext } from '../../src/context';
import { demoVariables } from '../../src/services/demo-variables';
import { OPERATIONS_DIR, operation } from '../support/operations';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
let variables: Record<string, Record<string, unknown>>;
beforeAll(async () => {
  server = await startTestServer({ seed: true });
  variables = (await demoVariables(server.db.dataSource)) as Record<string, Record<string, unknown>>;
});
afterAll(() => server.close());

const queries = fs.readdirSync(OPERATIONS_DIR)
  .filter((f) => f.endsWith('.graphql'))
  .map((f) => path.basename(f, '.graphql'))
  .filter((name) => /^\s*(#.*\n\s*)*query\b/.test(operation(name)));

/** What graphql-js itself answers, on a fresh request context, as the reference. */
async function interpreted(query: string, vars: object) {
  const contextValue = createRequestContext(
    { config: loadConfig({}), dataSource: server.db.dataSource, logger: pino({ level: 'silent' }) },
    { requestId: 'reference', clientAddress: '127.0.0.1', viewer: null },
  );
  const result = await execute({ schema: server.app.schema, document: parse(query), contextValue, variableValues: vars as Record<string, unknown> });
  return JSON.parse(JSON.stringify(result));
}

describe('compiled query execution', () => {
  it('finds the read operations of operations/ to check', () => {
    expect(queries).toEqual(expect.arrayContaining(['front-page', 'article-page', 'who-met-whom', 'network', 'path', 'search']));
  });

  it.each(queries)('answers %s.graphql exactly as graphql-js does, compiled from its second execution', async (name) => {
    const before = server.app.execution.compiled;
    const first = await server.gql(operation(name), variables[name]);
    expect(server.app.execution.compiled).toBe(before);
    const res = await server.gql(operation(name), variables[name]);
    expect(server.app.execution.compiled).toBe(before + 1);
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect({ data: res.data }).toEqual(await interpreted(operation(name), variables[name]));
    expect(res.data).toEqual(first.data);
  });

  it("answers GraphiQL's introspection query exactly as graphql-js does", async () => {
    const query = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true });
    await server.gql(query);
    const compiled = server.app.execution.compiled;
    const res = await server.gql(query);
    expect(server.app.execution.compiled).toBe(compiled + 1);
    expect(res.errors).toBeUndefined();
    expect({ data: res.data }).toEqual(await interpreted(query, {}));
  });

  it('answers a partly failing list as graphql-js does: null in place, the error at its path', async () => {
    const articleId = (await server.gql(`{ articles(first: 1) { edges { node { id } } } }`)).data.articles.edges[0].node.id;
    const query = `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Article { slug } } }`;
    const vars = { ids: ['not-an-id', articleId] };
    await server.gql(query, vars);
    const res = await server.gql(query, vars);
    const reference = await interpreted(query, vars);
    expect(res.data).toEqual(reference.data);
    expect(res.data.nodes[0]).toBeNull();
    expect(res.errors!.map((e) => [e.path, e.extensions?.code])).toEqual(reference.errors.map((e: any) => [e.path, e.extensions?.code]));
  });

  it('compiles a document once, however often it is sent, and a one-off query never', async () => {
    const query = `query Once { articles(first: 2) { edges { node { slug } } } }`;
    const compiled = server.app.execution.compiled;
    await server.gql(query);
    expect(server.app.execution.compiled).toBe(compiled);
    for (let i = 0; i < 3; i++) expect((await server.gql(query)).errors).toBeUndefined();
    expect(server.app.execution.compiled).toBe(compiled + 1);
  });

  it('leaves mutations to graphql-js, which runs their fields one after the other', async () => {
    const before = server.app.execution.interpreted;
    const res = await server.gql(operation('add-comment'), variables['add-comment']);
    expect(res.errors).toBeUndefined();
    expect(server.app.execution.interpreted).toBe(before + 1);
  });

  it("rejects a bad variable with graphql-js's words: 400 BAD_USER_INPUT", async () => {
    await server.gql(operation('front-page'), { first: 20 });
    const res = await server.gql(operation('front-page'), { first: 'twenty' });
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors).toEqual([expect.objectContaining({
      message: 'Variable "$first" got an invalid value.',
      extensions: { code: 'BAD_USER_INPUT' },
    })]);
  });

  it("keeps a resolver's error code, message and path", async () => {
    const res = await server.gql(`{ articles(first: 101) { totalCount } }`);
    expect(res.errors).toEqual([{
      message: 'first: must be between 0 and 100, got 101',
      locations: [{ line: 1, column: 3 }],
      path: ['articles'],
      extensions: { code: 'BAD_USER_INPUT', argument: 'first' },
    }]);
    expect(res.text).not.toMatch(/stack|at \w+ \(/);
  });
});
