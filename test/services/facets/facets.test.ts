import { toGlobalId } from '../../../src/schema/global-id';
import { sqlStatements, startTestServer, type TestServer } from '../../support/server';
import { buildNewsroom, type Newsroom } from '../../resolvers/newsroom';

let server: TestServer;
let room: Newsroom;
beforeAll(async () => {
  server = await startTestServer();
  room = await buildNewsroom(server.db.dataSource);
});
afterAll(() => server.close());

const FACETS = `query Facets($filter: ArticleFilter, $exclude: Boolean, $limit: Int) {
  articleFacets(filter: $filter, excludeOwnSelection: $exclude) {
    totalCount
    people(limit: $limit) { entity { __typename id name } count selected }
    organizations { entity { name } count selected }
    places { entity { name } count selected }
    topics { topic { slug } count selected }
    sources { source { slug } count selected }
    languages { language count selected }
    months { month count selected }
  }
}`;

const person = (i: number) => toGlobalId('Person', room.people[i]);
const names = (values: any[]) => values.map((v) => [v.entity.name, v.count, v.selected]);

async function facets(variables: Record<string, unknown>) {
  const res = await server.gql(FACETS, variables);
  if (res.errors) console.log(server.logs.filter((l) => l.includes('error')).slice(-3).join('\n'));
  expect(res.errors).toBeUndefined();
  return res.data.articleFacets;
}

describe('articleFacets', () => {
  it('counts the whole archive from the kept counts, each list most articles first', async () => {
    const f = await facets({});
    expect(f.totalCount).toBe(30);
    // Éric is in every article, Zoë in every 4th and in 7, Anne in 7 and 8 (the newsroom's construction).
    expect(names(f.people).slice(0, 3)).toEqual([['Éric Dupont', 30, false], ['Zoë Martin', 9, false], ['Anne Peeters', 2, false]]);
    expect(f.people[0].entity).toMatchObject({ __typename: 'Person', id: person(0) });
    expect(names(f.organizations)).toEqual([['Ministère de l’Intérieur', 5, false]]);
    expect(names(f.places)).toEqual([['Brussels', 6, false]]);
    expect(f.topics).toEqual([{ topic: { slug: 'politics' }, count: 15, selected: false }, { topic: { slug: 'sport' }, count: 10, selected: false }]);
    expect(f.sources.map((s: any) => [s.source.slug, s.count])).toEqual([['daily', 15], ['weekly', 15]]);
    expect(f.languages).toEqual([{ language: 'fr', count: 20, selected: false }, { language: 'en', count: 10, selected: false }]);
    expect(f.months).toEqual([{ month: '2024-01', count: 30, selected: false }]);
  });

  it('two entities: each facet leaves out its own selection unless told, and marks what the filter selects', async () => {
    const filter = { mentionsAll: [person(0), person(1)] };
    const own = await facets({ filter });
    expect(own.totalCount).toBe(9);
    // People left out of the people facet's filter: the archive's counts, both chosen marked.
    expect(names(own.people).slice(0, 3)).toEqual([['Éric Dupont', 30, true], ['Zoë Martin', 9, true], ['Anne Peeters', 2, false]]);
    // Other facets count Zoë's 9 articles (0, 4, 7, 8, 12, 16, 20, 24, 28).
    expect(names(own.places)).toEqual([['Brussels', 2, false]]);
    expect(names(own.organizations)).toEqual([['Ministère de l’Intérieur', 3, false]]);
    expect(own.languages).toEqual([{ language: 'fr', count: 6, selected: false }, { language: 'en', count: 3, selected: false }]);
    const whole = await facets({ filter, exclude: false });
    expect(names(whole.people)).toEqual([['Éric Dupont', 9, true], ['Zoë Martin', 9, true], ['Anne Peeters', 2, false]]);
    expect(whole.places).toEqual(own.places);
  });

  it('one entity: its co-mentions, as counted over its articles', async () => {
    const single = await facets({ filter: { mentionsAll: [person(1)] }, exclude: false });
    // The same filter with a condition that selects every article: counted over the matches instead.
    const counted = await facets({ filter: { mentionsAny: [person(1)], publishedFrom: '2000-01-01T00:00:00Z' }, exclude: false });
    expect(names(single.people)).toEqual([['Éric Dupont', 9, false], ['Zoë Martin', 9, true], ['Anne Peeters', 2, false]]);
    for (const facet of ['people', 'organizations', 'places'] as const) expect(names(single[facet])).toEqual(names(counted[facet]));
    expect(single.totalCount).toBe(9);
  });

  it('leaves out the topic, language and dates of their own facets; a month is selected when the dates overlap it', async () => {
    const filter = { topic: 'politics', language: 'fr', publishedFrom: '2024-01-01T00:00:00Z', publishedTo: '2024-01-31T00:00:00Z' };
    const own = await facets({ filter });
    // Even-numbered articles not divisible by 3: 2, 4, 8, 10, 14, 16, 20, 22, 26, 28.
    expect(own.totalCount).toBe(10);
    expect(own.topics).toEqual([{ topic: { slug: 'politics' }, count: 20 - 10, selected: true }]);
    expect(own.languages).toEqual([{ language: 'fr', count: 10, selected: true }, { language: 'en', count: 5, selected: false }]);
    expect(own.months).toEqual([{ month: '2024-01', count: 10, selected: true }]);
    const whole = await facets({ filter, exclude: false });
    expect(whole.languages).toEqual([{ language: 'fr', count: 10, selected: true }]);
  });

  it('takes full-text search with the other conditions, as articles(filter:) does', async () => {
    const filter = { search: 'Zoë', mentionsAny: [toGlobalId('Place', room.places.brussels)] };
    const [f, list] = await Promise.all([
      facets({ filter }),
      server.gql(`query($filter: ArticleFilter) { articles(filter: $filter, first: 50) { totalCount edges { node { slug } } } }`, { filter }),
    ]);
    expect(list.errors).toBeUndefined();
    expect(list.data.articles.edges.map((e: any) => e.node.slug).sort()).toEqual(['article-0', 'article-20']);
    expect(list.data.articles.totalCount).toBe(2);
    expect(f.totalCount).toBe(2);
    // Places left out: every article that mentions Zoë, by place.
    expect(names(f.places)).toEqual([['Brussels', 2, true]]);
    const text = await server.gql(`{ articles(filter: { search: "\\"tout va bien\\" -Zoë" }) { totalCount } }`);
    expect(text.data.articles.totalCount).toBe(21);
  });

  it('keeps the archive counts exact through inserts, updates and deletes', async () => {
    const ds = server.db.dataSource;
    await ds.query(`INSERT INTO article (slug, title, body, language, published_at, source_id, content_hash)
                    VALUES ('late', 'Late', 'Late news', 'nl', '2024-03-05T10:00:00Z', $1, 'late'), ('later', 'Later', 'Later news', 'nl', '2024-03-06T10:00:00Z', NULL, 'later')`, [room.sources.weekly]);
    await ds.query(`INSERT INTO article_topic (article_id, topic_id) SELECT id, $1 FROM article WHERE slug IN ('late', 'later')`, [room.topics.economy]);
    await ds.query(`UPDATE article SET language = 'de', published_at = '2023-12-31T23:00:00Z' WHERE slug = 'article-3'`);
    await ds.query(`UPDATE article SET comment_count = comment_count + 1 WHERE slug = 'article-4'`);
    await ds.query(`DELETE FROM article WHERE slug IN ('article-5', 'later')`);
    const kept = await ds.query(`SELECT facet, value, articles FROM article_facet_count WHERE articles > 0 ORDER BY 1, 2`);
    const counted = await ds.query(`
      SELECT 'language' AS facet, language AS value, count(*)::int AS articles FROM article GROUP BY 2
      UNION ALL SELECT 'month', to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM'), count(*)::int FROM article GROUP BY 2
      UNION ALL SELECT 'source', source_id::text, count(*)::int FROM article WHERE source_id IS NOT NULL GROUP BY 2
      UNION ALL SELECT 'topic', topic_id::text, count(*)::int FROM article_topic GROUP BY 2 ORDER BY 1, 2`);
    expect(kept).toEqual(counted);
    const f = await facets({});
    expect(f.totalCount).toBe(30);
    expect(f.months).toEqual([{ month: '2024-01', count: 28, selected: false }, { month: '2023-12', count: 1, selected: false }, { month: '2024-03', count: 1, selected: false }]);
  });

  it('counts every facet selected in one statement (names read by the loaders beside it)', async () => {
    const counts = `query($filter: ArticleFilter) { articleFacets(filter: $filter) { totalCount people { count } organizations { count } places { count }
      topics { count } sources { count } languages { count } months { count } } }`;
    for (const filter of [null, { mentionsAll: [person(0), person(1)], topic: 'sport', search: 'Selon' }]) {
      const res = await server.gql(counts, { filter });
      expect(res.errors).toBeUndefined();
      expect(sqlStatements(res)).toBe(1);
    }
  });

  it('refuses a bad limit, an empty search and a malformed id with BAD_USER_INPUT', async () => {
    const limit = await server.gql(FACETS, { limit: 0 });
    expect(limit.errors?.[0]).toMatchObject({ path: ['articleFacets', 'people'], extensions: { code: 'BAD_USER_INPUT' } });
    const search = await server.gql(FACETS, { filter: { search: '   ' } });
    expect(search.errors?.[0]).toMatchObject({ message: 'filter.search: must not be empty', extensions: { code: 'BAD_USER_INPUT' } });
    const id = await server.gql(FACETS, { filter: { mentionsAll: [person(0), 'nope'] } });
    expect(id.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(id.errors?.[0].message).toMatch(/^filter\.mentionsAll\[1\]/);
  });
});
