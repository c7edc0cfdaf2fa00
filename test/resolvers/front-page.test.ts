import { toGlobalId } from '../../src/schema/global-id';
import { operation } from '../support/operations';
import { sqlStatements, startTestServer, type TestServer } from '../support/server';
import { buildNewsroom, type Newsroom } from './newsroom';

let server: TestServer;
let room: Newsroom;
beforeAll(async () => {
  server = await startTestServer();
  room = await buildNewsroom(server.db.dataSource);
  // 120 more plain articles, so that first: 100 is a full page.
  await server.db.dataSource.query(
    `INSERT INTO article (slug, title, body, language, published_at, content_hash)
     SELECT 'filler-' || n, 'Filler ' || n, 'Body ' || n, 'nl', TIMESTAMPTZ '2023-01-01' + n * INTERVAL '1 minute', 'filler-' || n
       FROM generate_series(1, 120) AS n`,
  );
});
afterAll(() => server.close());

const FRONT_PAGE = () => operation('front-page');
const slugsOf = (res: any) => res.data.articles.edges.map((e: any) => e.node.slug);
const articleIds = async (sql: string, params: unknown[] = []) =>
  (await server.db.dataSource.query(sql, params)).map((r: { slug: string }) => r.slug);

describe('front-page.graphql as written', () => {
  it('lists the newest articles with their people, organizations, places, topics and comment counts', async () => {
    const res = await server.gql(FRONT_PAGE(), { first: 20 });
    expect(res.errors).toBeUndefined();
    const { articles } = res.data;
    expect(articles.totalCount).toBe(150);
    expect(articles.edges).toHaveLength(20);
    expect(articles.pageInfo.hasNextPage).toBe(true);
    expect(slugsOf(res)).toEqual(await articleIds(`SELECT slug FROM article ORDER BY published_at DESC, id DESC LIMIT 20`));
    const newest = articles.edges[0].node; // article-29: Éric only, politics
    expect(newest).toMatchObject({
      slug: 'article-29', title: 'Article 29', lead: 'Lead 29', language: 'fr', publishedAt: '2024-01-02T13:00:00.000Z',
      people: [{ id: toGlobalId('Person', room.people[0]), slug: 'eric-dupont', name: 'Éric Dupont' }],
      organizations: [], places: [], commentCount: 35,
    });
    const a24 = articles.edges.find((e: any) => e.node.slug === 'article-24').node; // Éric, Zoë, Ministry; politics and sport
    expect(a24.people.map((p: any) => p.name)).toEqual(['Éric Dupont', 'Zoë Martin']);
    expect(a24.organizations).toEqual([{ id: toGlobalId('Organization', room.orgs.ministry), slug: 'ministere-de-l-interieur', name: 'Ministère de l’Intérieur', acronym: 'MI' }]);
    expect(a24.topics).toEqual([{ slug: 'politics', label: 'Politics' }, { slug: 'sport', label: 'Sport' }]);
    const a20 = articles.edges.find((e: any) => e.node.slug === 'article-20').node;
    expect(a20.places).toEqual([{ id: toGlobalId('Place', room.places.brussels), slug: 'brussels', name: 'Brussels' }]);
  });

  it('issues the same number of SQL statements for first: 20 and first: 100, at most 8', async () => {
    const twenty = await server.gql(FRONT_PAGE(), { first: 20 });
    const hundred = await server.gql(FRONT_PAGE(), { first: 100 });
    expect(twenty.errors).toBeUndefined();
    expect(hundred.errors).toBeUndefined();
    expect(hundred.data.articles.edges).toHaveLength(100);
    expect(sqlStatements(hundred)).toBe(sqlStatements(twenty));
    expect(sqlStatements(twenty)).toBeLessThanOrEqual(8);
  });

  it('costs the same number of statements on a deep page as on the first', async () => {
    const first = await server.gql(FRONT_PAGE(), { first: 20 });
    const deep = await server.gql(FRONT_PAGE(), { first: 20, after: first.data.articles.pageInfo.endCursor });
    expect(deep.errors).toBeUndefined();
    expect(sqlStatements(deep)).toBe(sqlStatements(first));
  });

  it('answers front-page.graphql from one statement: the page, the kept total and the articles\' tags', async () => {
    const res = await server.gql(FRONT_PAGE(), { first: 20 });
    expect(res.errors).toBeUndefined();
    expect(sqlStatements(res)).toBe(1);
    // Filtered, the total is a count of the matches: one more statement, the tags still ride along.
    const filtered = await server.gql(FRONT_PAGE(), { first: 20, filter: { language: 'fr' } });
    expect(filtered.data.articles.edges.some((e: any) => e.node.people.length > 0)).toBe(true);
    expect(sqlStatements(filtered)).toBe(2);
  });

  it('reads the kept total with the page: totalCount costs no extra statement unfiltered', async () => {
    const withTotal = await server.gql(`{ articles(first: 5) { totalCount edges { node { id } } } }`);
    const without = await server.gql(`{ articles(first: 5) { edges { node { id } } } }`);
    expect(withTotal.data.articles.totalCount).toBe(150);
    expect(sqlStatements(without)).toBe(1);
    expect(sqlStatements(withTotal)).toBe(1);
  });

  it('counts the matches of a filtered list only when totalCount is asked for', async () => {
    const withTotal = await server.gql(`{ articles(first: 5, filter: { language: "en" }) { totalCount edges { node { id } } } }`);
    const without = await server.gql(`{ articles(first: 5, filter: { language: "en" }) { edges { node { id } } } }`);
    expect(withTotal.data.articles.totalCount).toBe((await server.db.dataSource.query(`SELECT count(*)::int AS n FROM article WHERE language = 'en'`))[0].n);
    expect(sqlStatements(without)).toBe(1);
    expect(sqlStatements(withTotal)).toBe(2);
  });

  it('still answers the total past the last page (an empty page carries no total)', async () => {
    const res = await server.gql(`query($after: String) { articles(first: 5, after: $after, orderBy: PUBLISHED_AT_ASC) { totalCount edges { node { id } } } }`, {
      after: Buffer.from(JSON.stringify(['2999-01-01T00:00:00.000000Z', 1])).toString('base64url'),
    });
    expect(res.errors).toBeUndefined();
    expect(res.data.articles).toEqual({ totalCount: 150, edges: [] });
  });
});

describe('article filters and order', () => {
  const list = async (filter: object, orderBy = 'PUBLISHED_AT_DESC', first = 100) => {
    const res = await server.gql(
      `query($filter: ArticleFilter, $orderBy: ArticleOrder, $first: Int) { articles(first: $first, filter: $filter, orderBy: $orderBy) { totalCount edges { node { slug } } } }`,
      { filter, orderBy, first },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.articles.totalCount).toBe(res.data.articles.edges.length);
    return slugsOf(res);
  };
  const fixture = (predicate: (i: number) => boolean) =>
    Array.from({ length: 30 }, (_, i) => i).filter(predicate).reverse().map((i) => `article-${i}`);
  // Articles 10, 11 and 12 share one instant: the newest-first order breaks the tie by id, descending.
  const newestFirst = (predicate: (i: number) => boolean) => fixture(predicate);

  it('filters by language', async () => {
    expect(await list({ language: 'en' })).toEqual(newestFirst((i) => i % 3 === 0));
  });

  it('filters by source slug, and an unknown source matches nothing', async () => {
    expect(await list({ source: 'weekly' })).toEqual(newestFirst((i) => i % 2 === 1));
    expect(await list({ source: 'no-such-source' })).toEqual([]);
  });

  it('filters by topic slug', async () => {
    expect(await list({ topic: 'sport' })).toEqual(newestFirst((i) => i % 3 === 0));
  });

  it('filters by a publication window, both ends included', async () => {
    // Article 2 was published at 10:00:00.000789, article 6 at 14:00:00.000789.
    expect(await list({ publishedFrom: '2024-01-01T10:00:00.000Z', publishedTo: '2024-01-01T13:30:00Z' })).toEqual(['article-5', 'article-4', 'article-3', 'article-2']);
    // DateTime has millisecond precision: a bound names its whole millisecond.
    expect(await list({ publishedFrom: '2024-01-01T14:00:00.000Z', publishedTo: '2024-01-01T14:00:00.000Z' })).toEqual(['article-6']);
  });

  it('filters by mentioned entities: all of a list, or any of a list', async () => {
    const eric = toGlobalId('Person', room.people[0]);
    const zoe = toGlobalId('Person', room.people[1]);
    const brussels = toGlobalId('Place', room.places.brussels);
    expect(await list({ mentionsAll: [zoe, brussels] })).toEqual(newestFirst((i) => i % 20 === 0));
    expect(await list({ mentionsAll: [eric, zoe, zoe] })).toEqual(newestFirst((i) => i % 4 === 0 || i === 7));
    expect(await list({ mentionsAny: [zoe, brussels] })).toEqual(newestFirst((i) => i % 4 === 0 || i % 5 === 0 || i === 7));
    expect(await list({ mentionsAny: [zoe], language: 'en' })).toEqual(newestFirst((i) => i % 12 === 0));
  });

  it('orders by publication date either way, ties broken by id the same way', async () => {
    const desc = await list({ source: 'daily' }, 'PUBLISHED_AT_DESC');
    const asc = await list({ source: 'daily' }, 'PUBLISHED_AT_ASC');
    expect(asc).toEqual([...desc].reverse());
    const tie = await list({ publishedFrom: '2024-01-01T18:00:00.123456Z', publishedTo: '2024-01-01T18:00:00.123456Z' }, 'PUBLISHED_AT_ASC');
    expect(tie).toEqual(['article-10', 'article-11', 'article-12']);
  });

  it('refuses ids that are not entities and inverted windows as BAD_USER_INPUT', async () => {
    for (const filter of [
      { mentionsAll: [toGlobalId('Article', room.articles[0])] },
      { mentionsAny: ['not-an-id'] },
      { publishedFrom: '2024-02-01T00:00:00Z', publishedTo: '2024-01-01T00:00:00Z' },
    ]) {
      const res = await server.gql(`query($filter: ArticleFilter) { articles(first: 1, filter: $filter) { edges { node { id } } } }`, { filter });
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});
