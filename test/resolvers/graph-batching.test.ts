import { sqlStatements, startTestServer, type TestServer } from '../support/server';
import { GraphFixture } from '../services/graph/fixture';
import { toGlobalId } from '../../src/schema/global-id';

let server: TestServer;
let g: GraphFixture;
beforeAll(async () => {
  server = await startTestServer();
  g = new GraphFixture(server.db.dataSource);
});
afterAll(() => server.close());

const PEOPLE_MET = `query ($first: Int) {
  people(first: $first) {
    edges { node { name met(first: 5) { totalCount edges { meetings firstMet lastMet node { name } events { title sources { slug } } } } } }
  }
}`;

describe('person.met batching and paging', () => {
  beforeAll(async () => {
    await g.clear();
    // 20 people in a ring, each meeting the next twice and the one after once, every event reported
    const people: number[] = [];
    for (let i = 0; i < 20; i++) people.push(await g.person(`Person ${String(i).padStart(2, '0')}`));
    const article = await g.article('2024-01-15T00:00:00Z', []);
    for (let i = 0; i < 20; i++) {
      for (const [offset, times] of [[1, 2], [2, 1]]) {
        for (let k = 0; k < times; k++) await g.source(await g.event(`2024-01-0${k + offset}`, [people[i], people[(i + offset) % 20]]), article);
      }
    }
  });

  it('costs the same number of SQL statements for 2 people as for 20', async () => {
    const two = await server.gql(PEOPLE_MET, { first: 2 });
    const twenty = await server.gql(PEOPLE_MET, { first: 20 });
    expect(two.errors).toBeUndefined();
    expect(twenty.errors).toBeUndefined();
    expect(twenty.data.people.edges).toHaveLength(20);
    for (const { node } of twenty.data.people.edges) {
      expect(node.met.totalCount).toBe(4);
      expect(node.met.edges.map((e: any) => e.meetings)).toEqual([2, 2, 1, 1]);
      expect(node.met.edges[0].events[0].sources).toEqual([{ slug: expect.stringMatching(/^article-/) }]);
    }
    expect(sqlStatements(twenty)).toBe(sqlStatements(two));
    expect(sqlStatements(twenty)).toBeLessThanOrEqual(6);
  });

  it('costs the same statements with an event filter and the confirmed share', async () => {
    const filtered = PEOPLE_MET.replace('met(first: 5)', 'met(first: 5, status: [CONFIRMED], minConfidence: 0.5)').replace('meetings firstMet', 'meetings confirmedShare firstMet');
    const plain = await server.gql(PEOPLE_MET, { first: 20 });
    const two = await server.gql(filtered, { first: 2 });
    const twenty = await server.gql(filtered, { first: 20 });
    expect(twenty.errors).toBeUndefined();
    for (const { node } of twenty.data.people.edges) {
      expect(node.met.edges.map((e: any) => [e.meetings, e.confirmedShare])).toEqual([[2, 1], [2, 1], [1, 1], [1, 1]]);
    }
    expect(sqlStatements(twenty)).toBe(sqlStatements(two));
    expect(sqlStatements(twenty)).toBe(sqlStatements(plain));
  });

  it('pages by keyset, most meetings first, without repeats', async () => {
    const q = `query ($after: String) { person(slug: "person-1") { met(first: 3, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { meetings node { name } } } } }`;
    const first = await server.gql(q, {});
    expect(first.errors).toBeUndefined();
    const page1 = first.data.person.met;
    expect(page1.totalCount).toBe(4);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await server.gql(q, { after: page1.pageInfo.endCursor });
    const page2 = second.data.person.met;
    expect(page2.pageInfo.hasNextPage).toBe(false);
    const all = [...page1.edges, ...page2.edges];
    expect(all.map((e: any) => e.meetings)).toEqual([2, 2, 1, 1]);
    expect(new Set(all.map((e: any) => e.node.name)).size).toBe(4);
  });

  it('refuses a cursor another connection issued', async () => {
    const res = await server.gql(`query { person(slug: "person-1") { met(after: "bm90LWEtY3Vyc29y") { totalCount } } }`);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
  });
});

describe('network node cap', () => {
  it('answers 500 nodes at most, keeping the most strongly tied, and says it was truncated', async () => {
    await g.clear();
    const center = await g.person('Center');
    // 600 people, each at an event with the center; the last 100 inserted at a second one too
    const ds = server.db.dataSource;
    await ds.query(`INSERT INTO entity (kind, slug, name) SELECT 'person', 'crowd-' || i, 'Crowd ' || i FROM generate_series(1, 600) i`);
    await ds.query(
      `WITH crowd AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM entity WHERE slug LIKE 'crowd-%'),
            meeting AS (
              INSERT INTO event (slug, kind, title, date, date_precision)
              SELECT 'meeting-' || crowd.id || '-' || k, 'meeting', 'Meeting', '2024-03-01', 'day'
                FROM crowd CROSS JOIN generate_series(1, 2) k WHERE k = 1 OR crowd.n > 500
              RETURNING id, slug)
       INSERT INTO event_participant (event_id, entity_id, role, date)
       SELECT m.id, x.entity_id, 'participant', '2024-03-01'
         FROM meeting m CROSS JOIN LATERAL (VALUES ($1::int), (split_part(m.slug, '-', 2)::int)) AS x(entity_id)`,
      [center],
    );
    const res = await server.gql(
      `query ($center: ID!) { network(center: $center, depth: 2) { truncated nodes { id ... on Person { name } } edges { source target weight } } }`,
      { center: toGlobalId('Person', center) },
    );
    expect(res.errors).toBeUndefined();
    const { nodes, edges, truncated } = res.data.network;
    expect(truncated).toBe(true);
    expect(nodes).toHaveLength(500);
    const names = new Set(nodes.map((n: any) => n.name));
    for (let i = 501; i <= 600; i++) expect(names.has(`Crowd ${i}`)).toBe(true);
    const centerId = toGlobalId('Person', center);
    expect(edges.filter((e: any) => e.source === centerId || e.target === centerId)).toHaveLength(499);
  });
});
