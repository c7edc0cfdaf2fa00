import { toGlobalId, type NodeType } from '../../src/schema/global-id';
import { startTestServer, type TestServer } from '../support/server';
import { buildNewsroom, type Newsroom } from './newsroom';

let server: TestServer;
let room: Newsroom;
beforeAll(async () => {
  server = await startTestServer();
  room = await buildNewsroom(server.db.dataSource);
});
afterAll(() => server.close());

const PAGE = `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }`;
const ARGS = `first: $first, after: $after, last: $last, before: $before`;
const VARS = `$first: Int, $after: String, $last: Int, $before: String`;

interface Walkable {
  /** A query with the connection's arguments as $first/$after/$last/$before. */
  query: () => string;
  /** The connection in the response's data. */
  pick: (data: any) => any;
  type: NodeType;
  /** The rows in the connection's order, straight from the database. */
  expected: () => Promise<number[]>;
}

const ids = async (sql: string, params: unknown[] = []) => (await server.db.dataSource.query(sql, params)).map((r: { id: number }) => r.id);

const connections: Record<string, Walkable> = {
  'articles, newest first': {
    query: () => `query(${VARS}) { articles(${ARGS}) { ${PAGE} } }`,
    pick: (d) => d.articles,
    type: 'Article',
    expected: () => ids(`SELECT id FROM article ORDER BY published_at DESC, id DESC`),
  },
  'articles, oldest first': {
    query: () => `query(${VARS}) { articles(${ARGS}, orderBy: PUBLISHED_AT_ASC) { ${PAGE} } }`,
    pick: (d) => d.articles,
    type: 'Article',
    expected: () => ids(`SELECT id FROM article ORDER BY published_at, id`),
  },
  "a person's articles": {
    query: () => `query(${VARS}) { person(slug: "eric-dupont") { articles(${ARGS}) { ${PAGE} } } }`,
    pick: (d) => d.person.articles,
    type: 'Article',
    expected: () => ids(`SELECT a.id FROM article a JOIN article_entity ae ON ae.article_id = a.id WHERE ae.entity_id = $1 ORDER BY a.published_at DESC, a.id DESC`, [room.people[0]]),
  },
  "a topic's articles": {
    query: () => `query(${VARS}) { topic(slug: "politics") { articles(${ARGS}) { ${PAGE} } } }`,
    pick: (d) => d.topic.articles,
    type: 'Article',
    expected: () => ids(`SELECT a.id FROM article a JOIN article_topic t ON t.article_id = a.id WHERE t.topic_id = $1 ORDER BY a.published_at DESC, a.id DESC`, [room.topics.politics]),
  },
  "an article's comments": {
    query: () => `query(${VARS}) { article(slug: "article-29") { comments(${ARGS}) { ${PAGE} } } }`,
    pick: (d) => d.article.comments,
    type: 'Comment',
    expected: () => ids(`SELECT id FROM comment WHERE article_id = $1 AND parent_id IS NULL AND status = 'approved' ORDER BY created_at, id`, [room.discussed]),
  },
  "a comment's replies": {
    query: () => `query(${VARS}) { node(id: "${toGlobalId('Comment', room.threadStart)}") { ... on Comment { replies(${ARGS}) { ${PAGE} } } } }`,
    pick: (d) => d.node.replies,
    type: 'Comment',
    expected: () => ids(`SELECT id FROM comment WHERE parent_id = $1 AND status = 'approved' ORDER BY created_at, id`, [room.threadStart]),
  },
  "an organization's members": {
    query: () => `query(${VARS}) { organization(slug: "ministere-de-l-interieur") { members(${ARGS}) { ${PAGE} } } }`,
    pick: (d) => d.organization.members,
    type: 'Person',
    expected: () => ids(`SELECT p.id FROM affiliation af JOIN entity p ON p.id = af.person_id WHERE af.organization_id = $1 ORDER BY p.name, af.id`, [room.orgs.ministry]),
  },
  'events, newest first (undated last)': {
    query: () => `query(${VARS}) { events(${ARGS}) { ${PAGE} } }`,
    pick: (d) => d.events,
    type: 'Event',
    expected: () => ids(`SELECT id FROM event ORDER BY date DESC NULLS LAST, id DESC`),
  },
  "a person's events": {
    query: () => `query(${VARS}) { person(slug: "zoe-martin") { events(${ARGS}) { ${PAGE} } } }`,
    pick: (d) => d.person.events,
    type: 'Event',
    expected: () => ids(`SELECT e.id FROM event e JOIN event_participant p ON p.event_id = e.id WHERE p.entity_id = $1 ORDER BY e.date DESC NULLS LAST, e.id DESC`, [room.people[1]]),
  },
  "a place's events": {
    query: () => `query(${VARS}) { place(slug: "brussels") { events(${ARGS}) { ${PAGE} } } }`,
    pick: (d) => d.place.events,
    type: 'Event',
    expected: () => ids(`SELECT id FROM event WHERE place_id = $1 ORDER BY date DESC NULLS LAST, id DESC`, [room.places.brussels]),
  },
  'people by name': {
    query: () => `query(${VARS}) { people(${ARGS}) { ${PAGE} } }`,
    pick: (d) => d.people,
    type: 'Person',
    expected: () => ids(`SELECT id FROM entity WHERE kind = 'person' ORDER BY name, id`),
  },
};

async function page(c: Walkable, variables: Record<string, unknown>) {
  const res = await server.gql(c.query(), variables);
  expect(res.errors).toBeUndefined();
  return c.pick(res.data);
}

describe.each(Object.entries(connections))('walking %s', (_name, c) => {
  it('forward with first/after returns every row exactly once, in order', async () => {
    const expected = (await c.expected()).map((id) => toGlobalId(c.type, id));
    expect(expected.length).toBeGreaterThan(4);
    const seen: string[] = [];
    let after: string | null = null;
    for (let n = 0; n < 100; n++) {
      const conn: any = await page(c, { first: 4, after });
      expect(conn.totalCount).toBe(expected.length);
      expect(conn.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...conn.edges.map((e: any) => e.node.id));
      expect(conn.pageInfo.endCursor).toBe(conn.edges.at(-1)?.cursor ?? null);
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
  });

  it('backward with last/before returns every row exactly once, in order', async () => {
    const expected = (await c.expected()).map((id) => toGlobalId(c.type, id));
    let seen: string[] = [];
    let before: string | null = null;
    for (let n = 0; n < 100; n++) {
      const conn: any = await page(c, { last: 3, before });
      expect(conn.pageInfo.hasNextPage).toBe(before !== null);
      seen = [...conn.edges.map((e: any) => e.node.id), ...seen];
      if (!conn.pageInfo.hasPreviousPage) break;
      before = conn.pageInfo.startCursor;
    }
    expect(seen).toEqual(expected);
  });
});

describe('cursors', () => {
  it('refuses first or last above 100 and malformed cursors with BAD_USER_INPUT, on root and nested connections', async () => {
    for (const [c, variables] of [
      [connections['articles, newest first'], { first: 101 }],
      [connections["a person's articles"], { last: 500 }],
      [connections["an article's comments"], { first: 1, after: 'garbage' }],
      [connections["a comment's replies"], { last: 1, before: 'Zm9v' }],
      [connections['people by name'], { first: 1, after: '' }],
    ] as const) {
      const res = await server.gql(c.query(), variables);
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.text).not.toMatch(/stack|at .*\.ts:/);
    }
  });

  it("refuses another connection's cursor instead of failing in SQL", async () => {
    const people: any = await page(connections['people by name'], { first: 2 });
    const events: any = await page(connections['events, newest first (undated last)'], { first: 2 });
    for (const [c, after] of [
      [connections['articles, newest first'], people.pageInfo.endCursor],
      [connections["an article's comments"], events.pageInfo.endCursor],
      [connections["a person's events"], people.pageInfo.endCursor],
    ] as const) {
      const res = await server.gql(c.query(), { first: 2, after });
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).toMatch(/^after: not a cursor this connection issued/);
    }
  });
});
