import { toGlobalId } from '../../src/schema/global-id';
import { builtCount, BUILT_MAX, shapeKey, type Planned } from '../../src/loaders/parts';
import { articleEvents, eventPlace } from '../../src/loaders/parts/article';
import { operation } from '../support/operations';
import { sqlStatements, startTestServer, type TestServer } from '../support/server';
import { buildNewsroom, type Newsroom } from './newsroom';

/**
 * A page's read-along SQL is built once per plan shape (loaders/parts/part.ts, builtFor) and
 * the selection's walk once per operation (resolvers/read-along.ts): a repeated operation
 * only binds its values. Each answer is checked against node(id), which reads every part
 * through its own loader.
 */
let server: TestServer;
let room: Newsroom;
beforeAll(async () => {
  server = await startTestServer();
  room = await buildNewsroom(server.db.dataSource);
});
afterAll(() => server.close());

const WHO_MET_WHOM = operation('who-met-whom');
/** who-met-whom.graphql through node(id): every part by its loader. */
const BY_ID = WHO_MET_WHOM.replace('$slug: String!', '$id: ID!').replace('person(slug: $slug) {', 'person: node(id: $id) { ... on Person {').replace(/}\s*$/, '} }');

async function slugOf(id: number): Promise<string> {
  const [{ slug }] = await server.db.dataSource.query(`SELECT slug FROM entity WHERE id = $1`, [id]);
  return slug;
}

/** The page read along (one statement) and node(id) answer the same; the page's data. */
async function sameBothWays(query: string, byId: string, person: number, variables: Record<string, unknown> = {}) {
  const page = await server.gql(query, { slug: await slugOf(person), ...variables });
  const plain = await server.gql(byId, { id: toGlobalId('Person', person), ...variables });
  expect(page.errors).toBeUndefined();
  expect(plain.errors).toBeUndefined();
  expect(sqlStatements(page)).toBe(1);
  expect(page.data).toEqual(plain.data);
  return page.data.person;
}

describe('read-along statements built once per plan shape', () => {
  it('answers a repeated operation with each request\'s own variables, building nothing more', async () => {
    // Three times each: graphql-jit compiles the operation on its second run.
    const first = await sameBothWays(WHO_MET_WHOM, BY_ID, room.people[0]);
    await sameBothWays(WHO_MET_WHOM, BY_ID, room.people[0]);
    const kept = builtCount();
    const seen = new Set<string>();
    for (let round = 0; round < 3; round++) {
      for (const person of room.people) {
        const answer = await sameBothWays(WHO_MET_WHOM, BY_ID, person);
        seen.add(JSON.stringify(answer));
        if (person === room.people[0]) expect(answer).toEqual(first);
      }
    }
    expect(seen.size).toBe(room.people.length);
    expect(builtCount()).toBe(kept);
    expect(first.met.edges.length).toBeGreaterThan(1);
  });

  it('reads another window with its own values: fewer encounters, as node(id) reads them', async () => {
    const all = await sameBothWays(WHO_MET_WHOM, BY_ID, room.people[0]);
    const late = await sameBothWays(WHO_MET_WHOM, BY_ID, room.people[0], { from: '2023-07-01', to: '2023-12-31' });
    expect(late.met.totalCount).toBeGreaterThan(0);
    expect(late.met.totalCount).toBeLessThanOrEqual(all.met.totalCount);
    const meetings = (p: any) => p.met.edges.reduce((n: number, e: any) => n + e.meetings, 0);
    expect(meetings(late)).toBeLessThan(meetings(all));
    for (const event of late.met.edges.flatMap((e: any) => e.events)) expect(event.date === null || event.date >= '2023-07-01').toBe(true);
    // The unwindowed shape is still answered as before, after the windowed one.
    expect(await sameBothWays(WHO_MET_WHOM, BY_ID, room.people[0])).toEqual(all);
  });

  it('builds different selections (another field, another page size) apart', async () => {
    const shapes = [
      'met(first: 3) { totalCount edges { node { name } events { id } } }',
      'met(first: 3) { totalCount edges { node { name } events { id title place { name } } } }',
      'met(first: 4) { totalCount edges { node { name } events { id } } }',
      'met(first: 3) { edges { node { name slug } events { id } } }',
    ];
    const answers: unknown[] = [];
    for (const shape of shapes) {
      const query = `query P($slug: String!) { person(slug: $slug) { name ${shape} } }`;
      const byId = `query N($id: ID!) { person: node(id: $id) { ... on Person { name ${shape} } } }`;
      const before = builtCount();
      answers.push(await sameBothWays(query, byId, room.people[0]));
      // Its own statement (the loaders' batches of node(id) are built once per plan too).
      expect(builtCount()).toBeGreaterThan(before);
      await sameBothWays(query, byId, room.people[0]);
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(shapes.length);
  });

  it('tells plan trees apart whatever their keys hold', () => {
    const tree = (key: string, children: Planned[] = []): Planned => ({ part: articleEvents, plan: null, key, children });
    const place = (key: string): Planned => ({ part: eventPlace, plan: null, key, children: [] });
    expect(shapeKey([tree('a', [place('b')])])).not.toBe(shapeKey([tree(`a{${eventPlace.name}:1:b{}}`)]));
    expect(shapeKey([tree('a'), place('b')])).not.toBe(shapeKey([tree('a', [place('b')])]));
  });

  it('keeps at most BUILT_MAX statements, and answers right once one was let go', async () => {
    const query = `query W($slug: String!, $from: Date) { person(slug: $slug) { name met(from: $from) { totalCount edges { meetings node { name } } } } }`;
    const byId = `query N($id: ID!, $from: Date) { person: node(id: $id) { ... on Person { name met(from: $from) { totalCount edges { meetings node { name } } } } } }`;
    const first = await sameBothWays(query, byId, room.people[0], { from: '2000-01-01' });
    const day = (n: number) => new Date(Date.UTC(2000, 0, 2 + n)).toISOString().slice(0, 10);
    for (let n = 0; n < BUILT_MAX + 10; n++) {
      const res = await server.gql(query, { slug: await slugOf(room.people[0]), from: day(n) });
      expect(res.errors).toBeUndefined();
    }
    expect(builtCount()).toBeLessThanOrEqual(BUILT_MAX);
    expect(await sameBothWays(query, byId, room.people[0], { from: '2000-01-01' })).toEqual(first);
  });

  it('reports a bad argument at its own path on every run (a plan error is not kept)', async () => {
    for (let run = 0; run < 3; run++) {
      const bad = await server.gql(`{ person(slug: "eric-dupont") { name articles(first: -1) { totalCount } } }`);
      expect(bad.errors).toHaveLength(1);
      expect(bad.errors![0]).toMatchObject({ path: ['person', 'articles'], extensions: { code: 'BAD_USER_INPUT' } });
    }
  });
});
