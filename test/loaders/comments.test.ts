import { Comment } from '../../src/entities';
import { createLoaders } from '../../src/loaders';
import { articleComments, commentReplies } from '../../src/loaders/parts/article';
import { pageRequest } from '../../src/pagination';
import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
let articleId: number;
beforeAll(async () => {
  db = await createTestDatabase();
  [{ id: articleId }] = await db.dataSource.query(
    `INSERT INTO article (slug, title, body, language, published_at, content_hash) VALUES ('c', 'C', 'Body', 'fr', now(), 'c') RETURNING id`,
  );
  // Seven approved top-level comments (two share an instant), one pending, one reply.
  await db.dataSource.query(
    `INSERT INTO comment (article_id, author_name, email, body, status, created_at)
     SELECT $1, 'Reader ' || n, 'reader' || n || '@example.org', 'Comment ' || n, CASE WHEN n = 8 THEN 'pending' ELSE 'approved' END,
            TIMESTAMPTZ '2024-12-06 10:00:00.000001+00' + LEAST(n, 6) * INTERVAL '1 minute'
       FROM generate_series(1, 8) AS n`,
    [articleId],
  );
  await db.dataSource.query(
    `INSERT INTO comment (article_id, parent_id, depth, author_name, email, body, status)
     SELECT article_id, id, 1, 'Replier', 'replier@example.org', 'A reply', 'approved' FROM comment WHERE author_name = 'Reader 1'`,
  );
});
afterAll(() => db.drop());

describe('approved comment pages', () => {
  it('read whole comments (never the email) in order, forward and backward, with the total when asked', async () => {
    const sql: string[] = [];
    const query = db.dataSource.query.bind(db.dataSource);
    jest.spyOn(db.dataSource, 'query').mockImplementation((text, params, runner) => {
      sql.push(text);
      return query(text, params, runner);
    });
    const loaders = createLoaders(db.dataSource);
    const first = await loaders.part(articleComments).load({ id: articleId, plan: { page: pageRequest({ first: 3 }, 10, 'timestamp'), withTotal: true } });
    expect(first.edges.map((e) => e.node.authorName)).toEqual(['Reader 1', 'Reader 2', 'Reader 3']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(await first.totalCount()).toBe(7);
    const stored = await db.dataSource.getRepository(Comment).findOneByOrFail({ authorName: 'Reader 1' });
    expect({ ...first.edges[0].node, _key: undefined, _total: undefined, _sort: undefined }).toEqual({ ...stored, _key: undefined, _total: undefined, _sort: undefined });
    expect(first.edges[0].node.createdAt).toBeInstanceOf(Date);

    const rest = await loaders.part(articleComments).load({ id: articleId, plan: { page: pageRequest({ first: 10, after: first.pageInfo.endCursor }, 10, 'timestamp'), withTotal: false } });
    expect(rest.edges.map((e) => e.node.authorName)).toEqual(['Reader 4', 'Reader 5', 'Reader 6', 'Reader 7']);
    const last = await loaders.part(articleComments).load({ id: articleId, plan: { page: pageRequest({ last: 2 }, 10, 'timestamp'), withTotal: false } });
    expect(last.edges.map((e) => e.node.authorName)).toEqual(['Reader 6', 'Reader 7']);
    expect(last.pageInfo.hasPreviousPage).toBe(true);

    expect(sql.length).toBeGreaterThan(0);
    for (const text of sql) expect(text).not.toMatch(/email|c\.\*/);
    jest.restoreAllMocks();
  });

  it('answers a parent without approved comments with an empty page and its total of 0', async () => {
    const [reply] = await db.dataSource.query(`SELECT id FROM comment WHERE author_name = 'Replier'`);
    const loaders = createLoaders(db.dataSource);
    const none = await loaders.part(commentReplies).load({ id: reply.id, plan: { page: pageRequest({ first: 5 }, 5, 'timestamp'), withTotal: true } });
    expect(none.edges).toEqual([]);
    expect(await none.totalCount()).toBe(0);
  });
});
