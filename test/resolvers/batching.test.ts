import { toGlobalId } from '../../src/schema/global-id';
import { operation } from '../support/operations';
import { sqlStatements, startTestServer, type TestServer } from '../support/server';
import { addThread, buildNewsroom, type Newsroom } from './newsroom';

let server: TestServer;
let room: Newsroom;
beforeAll(async () => {
  server = await startTestServer();
  room = await buildNewsroom(server.db.dataSource);
  // Article 0 reports an event; give it a thread too, so its page exercises every field.
  await addThread(server.db.dataSource, room.articles[0]);
  await server.db.dataSource.query(`UPDATE article SET comment_count = 2 WHERE id = $1`, [room.articles[0]]);
});
afterAll(() => server.close());

const COMMENTS_UNDER_ARTICLES = (first: number, replies = '', total = '') =>
  `{ articles(first: ${first}) { edges { node { slug comments(first: 10) { ${total} edges { node { id authorName ${replies} } } } } } } }`;

describe('paged relations under many parents', () => {
  it('reads comments(first: 10) of 20 listed articles in the list\'s own statement', async () => {
    const res = await server.gql(COMMENTS_UNDER_ARTICLES(20));
    expect(res.errors).toBeUndefined();
    // The articles' statement brings each article's first page of comments along.
    expect(sqlStatements(res)).toBe(1);
    const edges = res.data.articles.edges;
    expect(edges).toHaveLength(20);
    const discussed = edges.find((e: any) => e.node.slug === 'article-29').node;
    const expected = await server.db.dataSource.query(
      `SELECT id FROM comment WHERE article_id = $1 AND parent_id IS NULL AND status = 'approved' ORDER BY created_at, id LIMIT 10`,
      [room.discussed],
    );
    expect(discussed.comments.edges.map((e: any) => e.node.id)).toEqual(expected.map((r: any) => toGlobalId('Comment', r.id)));
    const a20 = edges.find((e: any) => e.node.slug === 'article-20').node;
    expect(a20.comments.edges.map((e: any) => e.node.authorName)).toEqual(['Visitor 20-0', 'Visitor 20-1']);
    const a10 = edges.find((e: any) => e.node.slug === 'article-10')?.node;
    expect(a10.comments.edges).toHaveLength(2);
  });

  it('keeps the totals in that same statement when totalCount is asked for', async () => {
    const res = await server.gql(COMMENTS_UNDER_ARTICLES(20, '', 'totalCount'));
    expect(sqlStatements(res)).toBe(1);
    const totals = Object.fromEntries(res.data.articles.edges.map((e: any) => [e.node.slug, e.node.comments.totalCount]));
    expect(totals['article-29']).toBe(23);
    expect(totals['article-20']).toBe(2);
    expect(totals['article-21']).toBe(3);
  });

  it('finds totalCount asked through fragments and aliases', async () => {
    const res = await server.gql(`
      query { article(slug: "article-29") { ...Discussion } }
      fragment Discussion on Article { first: comments(first: 1) { ... on CommentConnection { ...Counted } } }
      fragment Counted on CommentConnection { n: totalCount edges { node { id } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.article.first.n).toBe(23);
  });

  it('costs the same number of statements however many parents: 2 articles or 20, with replies nested', async () => {
    const few = await server.gql(COMMENTS_UNDER_ARTICLES(2, 'replies(first: 5) { totalCount edges { node { id } } }', 'totalCount'));
    const many = await server.gql(COMMENTS_UNDER_ARTICLES(20, 'replies(first: 5) { totalCount edges { node { id } } }', 'totalCount'));
    expect(few.errors).toBeUndefined();
    expect(many.errors).toBeUndefined();
    // The articles with their comments and each comment's replies, read along in the list's statement.
    expect(sqlStatements(few)).toBe(1);
    expect(sqlStatements(many)).toBe(1);
  });

  it('pages the comments of listed articles as the article\'s own comments field does, forward and backward', async () => {
    const pageOf = async (args: string) => {
      const listed = await server.gql(`{ articles(first: 20) { edges { node { slug comments(${args}) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id body createdAt } } } } } } }`);
      const alone = await server.gql(`{ article(slug: "article-29") { comments(${args}) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id body createdAt } } } } }`);
      expect(listed.errors).toBeUndefined();
      expect(alone.errors).toBeUndefined();
      expect(sqlStatements(listed)).toBe(1);
      return { listed: listed.data.articles.edges.find((e: any) => e.node.slug === 'article-29').node.comments, alone: alone.data.article.comments };
    };
    const first = await pageOf('first: 3');
    expect(first.listed).toEqual(first.alone);
    expect(first.listed.edges).toHaveLength(3);
    const after = await pageOf(`first: 4, after: "${first.alone.pageInfo.endCursor}"`);
    expect(after.listed).toEqual(after.alone);
    expect(after.listed.edges[0].node.id).not.toBe(first.alone.edges[2].node.id);
    const last = await pageOf('last: 2');
    expect(last.listed).toEqual(last.alone);
    expect(last.listed.pageInfo.hasPreviousPage).toBe(true);
    const before = await pageOf(`last: 2, before: "${last.alone.pageInfo.startCursor}"`);
    expect(before.listed).toEqual(before.alone);
    expect(before.listed.edges).toHaveLength(2);
  });

  it('leaves a bad comments argument to the comments field: its error has its own path', async () => {
    const res = await server.gql(`{ articles(first: 2) { edges { node { slug comments(first: -1) { edges { node { id } } } } } } }`);
    const [error] = res.errors ?? [];
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/first.*-1/);
    expect(error.path).toEqual(['articles', 'edges', 0, 'node', 'comments']);
  });

  it('never reads a commenter\'s email into the list\'s statement', async () => {
    const res = await server.gql(`{ articles(first: 20) { edges { node { comments(first: 100) { edges { node { id authorName body } } } } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.text).not.toMatch(/@example\.org/);
  });

  it('answers the same relation asked with two page shapes with one statement per shape', async () => {
    const res = await server.gql(`{ articles(first: 20) { edges { node { slug
      a: comments(first: 1) { edges { node { id } } }
      b: comments(first: 2) { edges { node { id } } }
      c: comments(first: 1) { edges { node { id } } } } } } }`);
    expect(res.errors).toBeUndefined();
    expect(sqlStatements(res)).toBe(3);
    const discussed = res.data.articles.edges.find((e: any) => e.node.slug === 'article-29').node;
    expect(discussed.b.edges.slice(0, 1)).toEqual(discussed.a.edges);
    expect(discussed.c).toEqual(discussed.a);
  });
});

describe('article-page.graphql on an article with everything', () => {
  it('serves mentions, events with their places, threaded approved comments and related articles in one statement', async () => {
    const res = await server.gql(operation('article-page'), { slug: 'article-0' });
    expect(res.errors).toBeUndefined();
    const a = res.data.article;
    expect(a.source).toEqual({ name: 'The Daily', url: 'https://daily.example' });
    expect(a.mentions.map((m: any) => [m.text, m.entity.__typename])).toEqual([
      ['Dupont', 'Person'], ['Zoë Martin', 'Person'], ['Bruxelles', 'Place'], ['MI', 'Organization'],
    ]);
    for (const m of a.mentions) expect(a.body.slice(m.start, m.end)).toBe(m.text);
    expect(a.mentions[3].entity).toMatchObject({ name: 'Ministère de l’Intérieur', acronym: 'MI' });
    expect(a.events).toEqual([{ id: toGlobalId('Event', room.events[0]), kind: 'MEETING', title: 'Event 0', date: '2023-01-01', datePrecision: 'DAY', place: { name: 'Brussels' } }]);
    expect(a.commentCount).toBe(2);
    expect(a.comments.totalCount).toBe(1);
    expect(a.comments.edges[0].node).toMatchObject({ authorName: 'Top', body: 'First!' });
    expect(a.comments.edges[0].node.replies).toEqual({ totalCount: 1, edges: [{ node: expect.objectContaining({ authorName: 'Reply' }) }] });
    expect(res.text).not.toMatch(/Hidden|@example\.org/);
    // Articles 24, 20 and 12 share three entities with article 0 (newest first), then 28, 25… two.
    expect(a.related.map((r: any) => r.slug)).toEqual(['article-24', 'article-20', 'article-12', 'article-28', 'article-25']);
    expect(sqlStatements(res)).toBe(1);
  });
});
