import { toGlobalId } from '../../src/schema/global-id';
import { operation } from '../support/operations';
import { sqlStatements, startTestServer, type TestServer } from '../support/server';
import { buildNewsroom, PEOPLE, type Newsroom } from './newsroom';
import { selectionOf } from './parts-selection';
import { PARTS as DECLARED, type Part } from '../../src/loaders/parts';

/**
 * `Query.person` (and `organization`, `place`) reads, in the entity's own statement, the
 * parts its selection asks for (loaders/parts, planned by resolvers/read-along.ts) and primes their loaders;
 * `Query.node` reads each part with its own loader. Both must answer the same.
 */
let server: TestServer;
let room: Newsroom;
beforeAll(async () => {
  server = await startTestServer();
  room = await buildNewsroom(server.db.dataSource);
});
afterAll(() => server.close());

const slug = (s: string) => s.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** Every part of each type, and of its rows, with every leaf (generated from the declarations: a new part is in). */
const used = new Set<Part>();
const PARTS = {
  Person: `fragment Parts on Person { ${selectionOf('Person', used)} }`,
  Organization: `fragment Parts on Organization { ${selectionOf('Organization', used)} }`,
  Place: `fragment Parts on Place { ${selectionOf('Place', used)} }`,
};
selectionOf('Article', used);

async function bothWays(type: 'Person' | 'Organization' | 'Place', id: number, entitySlug: string, parts: string = PARTS[type], variables: Record<string, unknown> = {}) {
  const field = type.toLowerCase();
  const decl = Object.keys(variables).map((k) => `, $${k}: String`).join('');
  const ahead = await server.gql(`query A($slug: String!${decl}) { ${field}(slug: $slug) { ...Parts } } ${parts}`, { slug: entitySlug, ...variables });
  const plain = await server.gql(`query N($id: ID!${decl}) { node(id: $id) { ...Parts } } ${parts}`, { id: toGlobalId(type, id), ...variables });
  expect(ahead.errors).toBeUndefined();
  expect(plain.errors).toBeUndefined();
  return { ahead, plain, entity: ahead.data[field] };
}

describe('Query.person, organization and place read their parts in their own statement', () => {
  it('selects every declared part in the generated parity selections', () => {
    expect(DECLARED.filter((p) => !used.has(p)).map((p) => p.name)).toEqual([]);
  });

  it('answers every person\'s country, affiliations with their organizations and articles exactly as their loaders do', async () => {
    for (let i = 0; i < room.people.length; i++) {
      const { ahead, plain, entity } = await bothWays('Person', room.people[i], slug(PEOPLE[i]));
      expect(entity).toEqual(plain.data.node);
      expect(entity.name).toBe(PEOPLE[i]);
      expect(sqlStatements(ahead)).toBe(1);
      expect(sqlStatements(plain)).toBeGreaterThan(2);
    }
  });

  it('does the same for organizations and places', async () => {
    const cases = [
      ['Organization', room.orgs.ministry, 'ministere-de-l-interieur'], ['Organization', room.orgs.port, 'port-authority'],
      ['Place', room.places.brussels, 'brussels'], ['Place', room.places.morocco, 'morocco'],
    ] as const;
    for (const [type, id, s] of cases) {
      const { ahead, plain, entity } = await bothWays(type, id, s);
      expect(entity).toEqual(plain.data.node);
      expect(sqlStatements(ahead)).toBe(1);
    }
  });

  it('reads a later page of articles and a page backward the same way', async () => {
    const first = await server.gql(`{ person(slug: "eric-dupont") { articles(first: 4) { pageInfo { endCursor } } } }`);
    const after = first.data.person.articles.pageInfo.endCursor;
    for (const page of ['articles(first: 5, after: $after)', 'articles(last: 2, before: $after)']) {
      const parts = `fragment Parts on Person { ${page} { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { slug publishedAt } } } }`;
      const { ahead, plain, entity } = await bothWays('Person', room.people[0], 'eric-dupont', parts, { after });
      expect(entity).toEqual(plain.data.node);
      expect(entity.articles.edges.length).toBeGreaterThan(0);
      expect(sqlStatements(ahead)).toBe(1);
    }
  });

  it('serves who-met-whom.graphql in one statement, as node(id) answers it part by part, and a bad page at its own path', async () => {
    const op = operation('who-met-whom');
    const res = await server.gql(op, { slug: 'eric-dupont' });
    expect(res.errors).toBeUndefined();
    expect(sqlStatements(res)).toBe(1);
    expect(res.data.person.met.edges.length).toBeGreaterThan(0);
    expect(res.data.person.met.edges.flatMap((e: any) => e.events).some((e: any) => e.sources.length > 0 && e.place)).toBe(true);
    const byId = op.replace('$slug: String!', '$id: ID!').replace('person(slug: $slug) {', 'person: node(id: $id) { ... on Person {').replace(/}\s*$/, '} }');
    const plain = await server.gql(byId, { id: toGlobalId('Person', room.people[0]) });
    expect(plain.errors).toBeUndefined();
    expect(sqlStatements(plain)).toBeGreaterThan(3);
    expect(res.data).toEqual(plain.data);
    const bad = await server.gql(`{ person(slug: "eric-dupont") { name country { name } articles(first: -1) { totalCount } } }`);
    expect(bad.errors).toHaveLength(1);
    expect(bad.errors![0]).toMatchObject({ path: ['person', 'articles'], extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('answers null for an unknown slug, and reads only the entity when no part is asked for', async () => {
    const missing = await server.gql(`{ person(slug: "nobody") { name country { name } } }`);
    expect(missing.data.person).toBeNull();
    expect(sqlStatements(missing)).toBe(1);
    const bare = await server.gql(`{ place(slug: "brussels") { name } }`);
    expect(bare.data.place).toEqual({ name: 'Brussels' });
    expect(sqlStatements(bare)).toBe(1);
  });
});
