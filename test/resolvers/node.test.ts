import { toGlobalId } from '../../src/schema/global-id';
import { sqlStatements, startTestServer, type TestServer } from '../support/server';
import { buildNewsroom, type Newsroom } from './newsroom';

let server: TestServer;
let room: Newsroom;
let pendingComment: number;
beforeAll(async () => {
  server = await startTestServer();
  room = await buildNewsroom(server.db.dataSource);
  [{ id: pendingComment }] = await server.db.dataSource.query(`SELECT id FROM comment WHERE status = 'pending' LIMIT 1`);
});
afterAll(() => server.close());

const NODE_FIELDS = `__typename id
  ... on Article { slug } ... on Person { slug } ... on Organization { slug } ... on Place { slug }
  ... on Event { slug } ... on Topic { slug } ... on Source { slug } ... on Comment { authorName }`;

describe('node(id) and nodes(ids)', () => {
  it('resolve every type from its global id, and give back that id', async () => {
    const ids = [
      toGlobalId('Article', room.articles[3]), toGlobalId('Person', room.people[1]), toGlobalId('Organization', room.orgs.cyber),
      toGlobalId('Place', room.places.morocco), toGlobalId('Event', room.events[2]), toGlobalId('Topic', room.topics.sport),
      toGlobalId('Source', room.sources.weekly), toGlobalId('Comment', room.threadStart),
    ];
    const res = await server.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { ${NODE_FIELDS} } }`, { ids });
    expect(res.errors).toBeUndefined();
    expect(res.data.nodes).toEqual([
      { __typename: 'Article', id: ids[0], slug: 'article-3' },
      { __typename: 'Person', id: ids[1], slug: 'zoe-martin' },
      { __typename: 'Organization', id: ids[2], slug: 'cellule-cyber' },
      { __typename: 'Place', id: ids[3], slug: 'morocco' },
      { __typename: 'Event', id: ids[4], slug: 'event-2' },
      { __typename: 'Topic', id: ids[5], slug: 'sport' },
      { __typename: 'Source', id: ids[6], slug: 'weekly' },
      { __typename: 'Comment', id: ids[7], authorName: 'Reader 0' },
    ]);
    // One statement per table, not per id: people, organizations and places share one.
    expect(sqlStatements(res)).toBeLessThanOrEqual(6);
    for (const id of ids) {
      const one = await server.gql(`query($id: ID!) { node(id: $id) { id } }`, { id });
      expect(one.data.node).toEqual({ id });
    }
  });

  it('batch many ids of one type into one statement', async () => {
    const ids = room.people.map((id) => toGlobalId('Person', id));
    const res = await server.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(res.data.nodes.map((n: any) => n.id)).toEqual(ids);
    expect(sqlStatements(res)).toBe(1);
  });

  it('give null for well-formed ids that name nothing: unknown rows, the wrong kind, unpublished comments', async () => {
    for (const id of [
      toGlobalId('Article', 999999), toGlobalId('Person', room.orgs.ministry), toGlobalId('Place', room.people[0]),
      toGlobalId('Comment', pendingComment), toGlobalId('Event', 2147483647),
    ]) {
      const res = await server.gql(`query($id: ID!) { node(id: $id) { id } }`, { id });
      expect(res.errors).toBeUndefined();
      expect(res.data.node).toBeNull();
    }
  });

  it('refuse values that are not ids of this API with BAD_USER_INPUT naming the value', async () => {
    for (const id of ['', 'garbage', '42', Buffer.from('Article:abc').toString('base64url'), Buffer.from('Job:1').toString('base64url'),
      Buffer.from('Article:0').toString('base64url'), Buffer.from('Article:99999999999').toString('base64url'), 'x'.repeat(500)]) {
      const res = await server.gql(`query($id: ID!) { node(id: $id) { id } }`, { id });
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).toMatch(/^id: not a global id of this API/);
      expect(res.data.node).toBeNull();
    }
  });

  it('in nodes, fail only the position of a bad id', async () => {
    const good = toGlobalId('Topic', room.topics.politics);
    const res = await server.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [good, 'garbage', toGlobalId('Topic', 999)] });
    expect(res.data.nodes).toEqual([{ id: good }, null, null]);
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({ path: ['nodes', 1], extensions: { code: 'BAD_USER_INPUT' } });
    expect(res.errors![0].message).toMatch(/^ids\[1\]: /);
  });

  it('refuse more than 100 ids', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => toGlobalId('Article', i + 1));
    const res = await server.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
