import { createLoaders } from '../../src/loaders';
import { articleComments, articleMentions, articleTags, type ArticleTags } from '../../src/loaders/parts/article';
import { entityArticles } from '../../src/loaders/parts/entity';
import { pageRequest } from '../../src/pagination';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { buildNewsroom, type Newsroom } from '../resolvers/newsroom';

let db: TestDatabase;
let room: Newsroom;
beforeAll(async () => {
  db = await createTestDatabase();
  room = await buildNewsroom(db.dataSource);
});
afterAll(() => db.drop());
afterEach(() => jest.restoreAllMocks());

/** The SQL text the loaders send (the calls still go to PostgreSQL). */
function recordSql(): string[] {
  const sql: string[] = [];
  const query = db.dataSource.query.bind(db.dataSource);
  jest.spyOn(db.dataSource, 'query').mockImplementation((text, params, runner) => {
    sql.push(text);
    return query(text, params, runner);
  });
  return sql;
}

describe('paged loaders', () => {
  it('answer every key in key order from one statement, an empty page for a parent with no rows', async () => {
    const loaders = createLoaders(db.dataSource);
    const sql = recordSql();
    const page = pageRequest({ first: 2 }, 10, 'timestamp');
    const keys = [room.articles[20], room.discussed, room.articles[0], room.articles[21]];
    const pages = await Promise.all(keys.map((id) => loaders.part(articleComments).load({ id, plan: { page, withTotal: false } })));
    expect(sql).toHaveLength(1);
    expect(pages.map((p) => p.edges.map((e) => e.node.articleId))).toEqual([
      [room.articles[20], room.articles[20]], [room.discussed, room.discussed], [], [room.articles[21], room.articles[21]],
    ]);
    expect(pages.map((p) => p.pageInfo.hasNextPage)).toEqual([false, true, false, true]);
  });

  it('count only when the total is asked for', async () => {
    const loaders = createLoaders(db.dataSource);
    const sql = recordSql();
    const page = pageRequest({ first: 5 }, 10, 'timestamp');
    const without = await loaders.part(articleComments).load({ id: room.discussed, plan: { page, withTotal: false } });
    expect(sql.join('\n')).not.toMatch(/count\(/i);
    await expect(without.totalCount()).rejects.toThrow(/totalCount/);
    const withTotal = await loaders.part(articleComments).load({ id: room.discussed, plan: { page, withTotal: true } });
    expect(sql[1]).toMatch(/count\(\*\)/);
    expect(await withTotal.totalCount()).toBe(23);
    expect(withTotal.edges.map((e) => e.node.id)).toEqual(without.edges.map((e) => e.node.id));
  });

  it('group keys by page shape: one statement per distinct page request', async () => {
    const loaders = createLoaders(db.dataSource);
    const sql = recordSql();
    const first2 = pageRequest({ first: 2 }, 10, 'timestamp');
    const first3 = pageRequest({ first: 3 }, 10, 'timestamp');
    await Promise.all([
      loaders.part(entityArticles).load({ id: room.people[0], plan: { page: first2, withTotal: false, columns: ['id', 'slug', 'title'] } }),
      loaders.part(entityArticles).load({ id: room.people[1], plan: { page: first2, withTotal: false, columns: ['id', 'slug', 'title'] } }),
      loaders.part(entityArticles).load({ id: room.people[0], plan: { page: first3, withTotal: false, columns: ['id', 'slug', 'title'] } }),
      loaders.part(entityArticles).load({ id: room.places.brussels, plan: { page: first3, withTotal: false, columns: ['id', 'slug', 'title'] } }),
    ]);
    expect(sql).toHaveLength(2);
  });

  it('are made per request: a new set of loaders does not answer from the old cache', async () => {
    const first = createLoaders(db.dataSource);
    const page = pageRequest({ first: 50 }, 10, 'timestamp');
    const before = await first.part(articleComments).load({ id: room.articles[0], plan: { page, withTotal: false } });
    await db.dataSource.query(
      `INSERT INTO comment (article_id, author_name, email, body, status) VALUES ($1, 'New', 'new@example.org', 'Hello', 'approved')`,
      [room.articles[0]],
    );
    expect((await first.part(articleComments).load({ id: room.articles[0], plan: { page, withTotal: false } })).edges).toHaveLength(before.edges.length);
    expect((await createLoaders(db.dataSource).part(articleComments).load({ id: room.articles[0], plan: { page, withTotal: false } })).edges).toHaveLength(before.edges.length + 1);
  });
});

describe('lookups by id', () => {
  it('answer in key order with null for missing keys, in one statement', async () => {
    const loaders = createLoaders(db.dataSource);
    const sql = recordSql();
    const found = await loaders.entityById.loadMany([room.people[2], 999999, room.orgs.port, room.places.morocco]);
    expect(sql).toHaveLength(1);
    expect(found.map((e) => (e && !(e instanceof Error) ? e.name : null))).toEqual(['Anne Peeters', null, 'Port Authority', 'Morocco']);
  });

  it('give each article its own entities, topics and mentions in reading order', async () => {
    const loaders = createLoaders(db.dataSource);
    const [a0, a1] = (await loaders.part(articleTags).loadMany([{ id: room.articles[0], plan: true }, { id: room.articles[1], plan: true }])).map((t) => (t as ArticleTags).entities);
    expect(a0.map((e) => e.name)).toEqual(['Éric Dupont', 'Zoë Martin', 'Brussels', 'Ministère de l’Intérieur']);
    expect(a1.map((e) => e.name)).toEqual(['Éric Dupont']);
    const mentions = await loaders.part(articleMentions).load({ id: room.articles[7], plan: ['body'] });
    expect(mentions.map((m) => [m.text, m.entity.name])).toEqual([
      ['Éric Dupont', 'Éric Dupont'], ['Anne Peeters', 'Anne Peeters'], ['Zoë Martin', 'Zoë Martin'],
    ]);
  });
});
