import { toGlobalId } from '../../src/schema/global-id';
import { operation } from '../support/operations';
import { sqlStatements, startTestServer, type GraphQLResponse, type TestServer } from '../support/server';
import { addThread, buildNewsroom, type Newsroom } from './newsroom';
import { selectionOf } from './parts-selection';

/**
 * `Query.article` reads, in the article's own statement, the parts its selection asks for
 * (loaders/parts, planned by resolvers/read-along.ts) and primes their loaders. `Query.node` does not look
 * ahead: each part comes from its own loader. Both must answer the same.
 */
let server: TestServer;
let room: Newsroom;
beforeAll(async () => {
  server = await startTestServer();
  room = await buildNewsroom(server.db.dataSource);
  // Article 0 reports an event at a place; give it a thread too.
  await addThread(server.db.dataSource, room.articles[0]);
});
afterAll(() => server.close());

/** Every part of an article, and of its rows, with every leaf (generated from the declarations: a new part is in). */
const PARTS = `fragment Parts on Article { ${selectionOf('Article', new Set())} }`;

/** The same selection through `article(slug)` (read ahead) and through `node(id)` (one loader per part), in two requests. */
async function bothWays(selection: string, articleId: number, slug: string, variables: Record<string, unknown> = {}) {
  const decl = Object.keys(variables).map((k) => `, $${k}: String`).join('');
  const ahead = await server.gql(`query A($slug: String!${decl}) { article(slug: $slug) { ...Parts } } ${selection}`, { slug, ...variables });
  const plain = await server.gql(`query N($id: ID!${decl}) { node(id: $id) { ...Parts } } ${selection}`, { id: toGlobalId('Article', articleId), ...variables });
  return { ahead, plain };
}

const slugOf = (i: number) => `article-${i}`;

describe('Query.article reads its parts in its own statement', () => {
  it('answers every part of all 30 articles exactly as their own loaders do', async () => {
    for (let i = 0; i < room.articles.length; i++) {
      const { ahead, plain } = await bothWays(PARTS, room.articles[i], slugOf(i));
      expect(ahead.errors).toBeUndefined();
      expect(plain.errors).toBeUndefined();
      expect(ahead.data.article).toEqual(plain.data.node);
      expect(sqlStatements(ahead)).toBe(1);
      expect(sqlStatements(plain)).toBeGreaterThan(4);
    }
  });

  it('serves the richest article (an event with its place, a thread, related articles) without a second statement or an email', async () => {
    const { ahead } = await bothWays(PARTS, room.articles[0], slugOf(0));
    const a = ahead.data.article;
    expect(a.events[0].place.name).toBe('Brussels');
    expect(a.comments.edges[0].node.replies.edges.map((e: any) => e.node.authorName)).toEqual(['Reply']);
    expect(a.related).toHaveLength(3);
    expect(a.related[0].body.length).toBeGreaterThan(0);
    expect(sqlStatements(ahead)).toBe(1);
    expect(ahead.text).not.toMatch(/Hidden|@example\.org/);
  });

  it('reads a later page of comments, and the last replies of a thread, the same way', async () => {
    const first = await server.gql(`{ article(slug: "article-29") { comments(first: 4) { pageInfo { endCursor } } } }`);
    const after = first.data.article.comments.pageInfo.endCursor;
    const replies = `replies(last: 3) { totalCount pageInfo { hasPreviousPage startCursor } edges { cursor node { id authorName } } }`;
    for (const comments of [`comments(first: 5, after: $after)`, `comments(first: 2, before: $after)`]) {
      const selection = `
        fragment Parts on Article {
          ${comments} { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { id authorName ${replies} } } }
        }`;
      const { ahead, plain } = await bothWays(selection, room.discussed, 'article-29', { after });
      expect(ahead.errors).toBeUndefined();
      expect(ahead.data.article).toEqual(plain.data.node);
      expect(sqlStatements(ahead)).toBe(1);
    }
    // The thread's first comment has 12 approved replies: the last 3 of them.
    const { ahead } = await bothWays(`fragment Parts on Article { comments(first: 1) { edges { node { id ${replies} } } } }`, room.discussed, 'article-29');
    const thread = ahead.data.article.comments.edges[0].node;
    expect(thread.id).toBe(toGlobalId('Comment', room.threadStart));
    expect(thread.replies.totalCount).toBe(12);
    expect(thread.replies.pageInfo.hasPreviousPage).toBe(true);
    expect(thread.replies.edges).toHaveLength(3);
  });

  it('leaves pages that differ between aliases to their own loaders, with the same answers', async () => {
    const selection = `
      fragment Parts on Article {
        a: comments(first: 1) { edges { node { id } } }
        b: comments(first: 2) { totalCount edges { node { id replies(first: 1) { edges { node { authorName } } } } } }
        r2: related(first: 2) { slug }
        r5: related { slug title }
      }`;
    const { ahead, plain } = await bothWays(selection, room.discussed, 'article-29');
    expect(ahead.errors).toBeUndefined();
    expect(ahead.data.article).toEqual(plain.data.node);
    expect(ahead.data.article.b.edges.slice(0, 1).map((e: any) => e.node.id)).toEqual(ahead.data.article.a.edges.map((e: any) => e.node.id));
    expect(ahead.data.article.r5.slice(0, 2).map((r: any) => r.slug)).toEqual(ahead.data.article.r2.map((r: any) => r.slug));
    expect(ahead.data.article.r5).toHaveLength(5);
  });

  it('reports a bad argument at its own path, with its code, as without reading ahead', async () => {
    for (const part of ['comments(first: -1) { totalCount }', 'related(first: 50) { slug }']) {
      const res = await server.gql(`{ article(slug: "article-0") { slug mentions { text } ${part} } }`);
      const plain = await server.gql(`{ node(id: "${toGlobalId('Article', room.articles[0])}") { ... on Article { slug mentions { text } ${part} } } }`);
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0]).toMatchObject({ path: ['article', part.split('(')[0]], extensions: { code: 'BAD_USER_INPUT' } });
      expect(res.errors![0].message).toBe(plain.errors![0].message);
      expect(res.text).not.toMatch(/at \S+\.(js|ts):\d+/);
    }
  });

  it('answers null for an unknown slug, in one statement', async () => {
    const res: GraphQLResponse = await server.gql(operation('article-page'), { slug: 'no-such-article' });
    expect(res.errors).toBeUndefined();
    expect(res.data.article).toBeNull();
    expect(sqlStatements(res)).toBe(1);
  });

  it('reads only the article when its selection asks for none of its parts', async () => {
    const res = await server.gql(`{ article(slug: "article-3") { slug title commentCount } }`);
    expect(res.data.article).toEqual({ slug: 'article-3', title: expect.any(String), commentCount: expect.any(Number) });
    expect(sqlStatements(res)).toBe(1);
  });
});
