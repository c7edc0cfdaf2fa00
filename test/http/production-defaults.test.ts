import { startTestServer, type TestServer } from '../support/server';
import { createTestToken } from '../support/tokens';

const SCHEMA_TYPES = `{ __schema { types { name } } }`;
const ONE_TYPE = `{ __type(name: "Article") { name fields { name } } }`;
const MISSPELLED = `{ articles(first: 1) { edges { node { titel } } } }`;

describe('NODE_ENV=production', () => {
  let server: TestServer;
  let staff: Record<string, string>;
  beforeAll(async () => {
    server = await startTestServer({ env: { NODE_ENV: 'production' } });
    staff = (await createTestToken(server.db.dataSource, 'editor')).headers;
  });
  afterAll(() => server.close());

  it.each([['__schema', SCHEMA_TYPES], ['__type', ONE_TYPE]])('refuses anonymous introspection through %s with INTROSPECTION_DISABLED', async (_field, query) => {
    const res = await server.gql(query);
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors).toEqual([{ message: expect.stringMatching(/staff token/), extensions: { code: 'INTROSPECTION_DISABLED' } }]);
  });

  it('still answers __typename to anyone', async () => {
    expect((await server.gql(`{ __typename }`)).data).toEqual({ __typename: 'Query' });
  });

  it('decides the same for a query sent again (checked once per parsed query), for anyone and for staff', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await server.gql(ONE_TYPE)).errors).toEqual([expect.objectContaining({ extensions: { code: 'INTROSPECTION_DISABLED' } })]);
      expect((await server.gql(ONE_TYPE, undefined, staff)).data.__type.name).toBe('Article');
      expect((await server.gql(`{ __typename }`)).data).toEqual({ __typename: 'Query' });
    }
  });

  it('lets a staff token introspect, as GraphiQL does with the token in its Headers tab', async () => {
    const res = await server.gql(SCHEMA_TYPES, undefined, staff);
    expect(res.errors).toBeUndefined();
    expect(res.data.__schema.types.map((t: { name: string }) => t.name)).toContain('Article');
  });

  it('names no other field in a validation error ("Did you mean" is masked)', async () => {
    const res = await server.gql(MISSPELLED);
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors![0].message).toMatch(/titel/);
    expect(res.text).not.toMatch(/Did you mean|"title"/);
  });
});

describe('outside production', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { NODE_ENV: 'development' } });
  });
  afterAll(() => server.close());

  it('answers introspection to anyone and suggests the field meant', async () => {
    expect((await server.gql(ONE_TYPE)).data.__type.name).toBe('Article');
    expect((await server.gql(MISSPELLED)).errors![0].message).toMatch(/Did you mean "title"\?/);
  });
});

describe('INTROSPECTION=off', () => {
  it('refuses introspection even to staff', async () => {
    const server = await startTestServer({ env: { INTROSPECTION: 'off' } });
    try {
      const { headers } = await createTestToken(server.db.dataSource, 'admin');
      const res = await server.gql(SCHEMA_TYPES, undefined, headers);
      expect(res.errors).toEqual([{ message: 'Introspection is disabled on this service.', extensions: { code: 'INTROSPECTION_DISABLED' } }]);
    } finally {
      await server.close();
    }
  });
});
