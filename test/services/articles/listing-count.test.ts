import { toGlobalId } from '../../../src/schema/global-id';
import { LISTING_COUNT_LIMIT } from '../../../src/services/articles/list-articles';
import { generateDataset } from '../../../src/services/synthetic/generate';
import { loadDataset } from '../../../src/services/synthetic/load';
import { closeAndDropDatabase, startTestServerOnFilledDatabase, type TestServer } from '../../support/server';

// A filtered listing's totalCount counts at most LISTING_COUNT_LIMIT matches, and says whether it counted them all.

let server: TestServer;
/** Enough that a common word, a language and the whole archive are past the limit. */
const ARTICLES = 2_500;

beforeAll(async () => {
  server = await startTestServerOnFilledDatabase(async (ds) => {
    await loadDataset(ds, generateDataset({ seed: 11, articles: ARTICLES }));
    // Articles of the same minute a second apart: every instant then bounds a window of exactly n articles.
    await ds.query(`UPDATE article a SET published_at = a.published_at + r.n * interval '1 second'
                      FROM (SELECT id, row_number() OVER (PARTITION BY published_at ORDER BY id) - 1 AS n FROM article) r
                     WHERE r.id = a.id AND r.n > 0`);
    await ds.query(`UPDATE article_entity ae SET published_at = a.published_at FROM article a WHERE a.id = ae.article_id AND ae.published_at <> a.published_at`);
    await ds.query(`VACUUM article`);
  });
}, 300_000);
afterAll(() => closeAndDropDatabase(server));

const COUNT = `query ($filter: ArticleFilter) { articles(first: 1, filter: $filter) { totalCount totalCountIsExact edges { node { slug } } } }`;

type Filter = { search?: string; language?: string; topic?: string; publishedFrom?: string; publishedTo?: string };

async function counted(filter: Filter | null): Promise<{ totalCount: number; totalCountIsExact: boolean }> {
  const res = await server.gql(COUNT, { filter });
  expect(res.errors).toBeUndefined();
  const { totalCount, totalCountIsExact } = res.data.articles;
  return { totalCount, totalCountIsExact };
}

/** The reference: every match of the filter, counted in full, as the schema describes it. */
async function matches(filter: Filter, orderedFrom = 0): Promise<{ count: number; nth: (n: number) => string }> {
  const rows: { at: Date }[] = await server.db.dataSource.query(
    `SELECT a.published_at AS at FROM article a
      WHERE ($1::text IS NULL OR a.search_vector @@ websearch_to_tsquery(news_ts_config(a.language), $1))
        AND ($2::text IS NULL OR a.language = $2)
        AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM article_topic x JOIN topic t ON t.id = x.topic_id WHERE x.article_id = a.id AND t.slug = $3))
        AND ($4::timestamptz IS NULL OR a.published_at >= $4) AND ($5::timestamptz IS NULL OR a.published_at < $5::timestamptz + interval '1 millisecond')
      ORDER BY a.published_at, a.id OFFSET $6`,
    [filter.search ?? null, filter.language ?? null, filter.topic ?? null, filter.publishedFrom ?? null, filter.publishedTo ?? null, orderedFrom],
  );
  return { count: rows.length, nth: (n) => rows[n - 1].at.toISOString() };
}

describe('totalCount of a filtered articles listing', () => {
  it('is exact up to the limit and the limit, flagged as a lower bound, past it: by dates, and by text walked week by week', async () => {
    const [{ distinct }] = await server.db.dataSource.query(`SELECT count(DISTINCT published_at) = count(*) AS distinct FROM article`);
    expect(distinct).toBe(true); // every instant bounds a window of exactly n articles
    const all = await matches({});
    const word = await matches({ search: 'coopération' });
    expect([all.count, word.count > LISTING_COUNT_LIMIT + 1]).toEqual([ARTICLES, true]);
    const at = (m: typeof all, n: number, extra: Filter = {}) => counted({ ...extra, publishedTo: m.nth(n) });
    expect({
      datesAtLimit: await at(all, LISTING_COUNT_LIMIT),
      datesPastLimit: await at(all, LISTING_COUNT_LIMIT + 1),
      everything: await counted({ publishedFrom: '1970-01-01T00:00:00Z' }),
      wordAtLimit: await at(word, LISTING_COUNT_LIMIT, { search: 'coopération' }),
      wordPastLimit: await at(word, LISTING_COUNT_LIMIT + 1, { search: 'coopération' }),
      word: await counted({ search: 'coopération' }),
    }).toEqual({
      datesAtLimit: { totalCount: LISTING_COUNT_LIMIT, totalCountIsExact: true },
      datesPastLimit: { totalCount: LISTING_COUNT_LIMIT, totalCountIsExact: false },
      everything: { totalCount: LISTING_COUNT_LIMIT, totalCountIsExact: false },
      wordAtLimit: { totalCount: LISTING_COUNT_LIMIT, totalCountIsExact: true },
      wordPastLimit: { totalCount: LISTING_COUNT_LIMIT, totalCountIsExact: false },
      word: { totalCount: LISTING_COUNT_LIMIT, totalCountIsExact: false },
    });
  });

  it('counts every article when nothing filters, and filters of fewer matches exactly, a quoted or escaped text as written', async () => {
    const [{ slug: topic }] = await server.db.dataSource.query(
      `SELECT t.slug FROM article_topic x JOIN topic t ON t.id = x.topic_id GROUP BY t.slug ORDER BY count(*) DESC LIMIT 1`,
    );
    const [{ title }] = await server.db.dataSource.query(`SELECT title FROM article ORDER BY published_at DESC, id DESC LIMIT 1`);
    const filters: Record<string, Filter> = {
      topic: { topic },
      wordInTopic: { search: 'coopération', topic },
      frenchWordInTopic: { search: 'coopération', language: 'fr', topic },
      wordInHalfAYear: { search: 'coopération', publishedFrom: (await matches({ search: 'coopération' }, 0)).nth(1), publishedTo: (await matches({}, 0)).nth(600) },
      phrase: { search: `"${title}"` },
      quotesAndBackslashes: { search: `l'accord \\ "coopération" O'Brien`, topic },
    };
    const want: Record<string, { totalCount: number; totalCountIsExact: boolean }> = {};
    const got: typeof want = {};
    for (const [name, filter] of Object.entries(filters)) {
      want[name] = { totalCount: (await matches(filter)).count, totalCountIsExact: true };
      got[name] = await counted(filter);
    }
    expect({ all: await counted(null), ...got }).toEqual({ all: { totalCount: ARTICLES, totalCountIsExact: true }, ...want });
    // the cases are below the limit, and not all empty
    expect(Object.values(want).map((w) => w.totalCount <= LISTING_COUNT_LIMIT)).not.toContain(false);
    expect([want.topic.totalCount > 100, want.wordInTopic.totalCount > 10, want.phrase.totalCount > 0]).toEqual([true, true, true]);
  });

  it('is exact for the articles of a topic, which are counted as kept', async () => {
    const [topic] = await server.db.dataSource.query(
      `SELECT t.slug, count(*)::int AS n FROM article_topic x JOIN topic t ON t.id = x.topic_id GROUP BY t.slug ORDER BY n DESC LIMIT 1`,
    );
    const res = await server.gql(`query ($slug: String!) { topic(slug: $slug) { articles(first: 1) { totalCount totalCountIsExact } } }`, { slug: topic.slug });
    expect(res.errors).toBeUndefined();
    expect(res.data.topic.articles).toEqual({ totalCount: topic.n, totalCountIsExact: true });
  });
});

const FACETS = `query ($filter: ArticleFilter, $exclude: Boolean) {
  articleFacets(filter: $filter, excludeOwnSelection: $exclude) {
    totalCount totalCountIsExact countsAreExact
    topics(limit: 100) { topic { slug } count }
    months(limit: 100) { month count }
  }
}`;

type Facets = { totalCount: number; totalCountIsExact: boolean; countsAreExact: boolean; topics: Record<string, number>; months: Record<string, number> };

async function facets(filter: Filter, exclude = true): Promise<Facets> {
  const res = await server.gql(FACETS, { filter, exclude });
  expect(res.errors).toBeUndefined();
  const f = res.data.articleFacets;
  return {
    totalCount: f.totalCount,
    totalCountIsExact: f.totalCountIsExact,
    countsAreExact: f.countsAreExact,
    topics: Object.fromEntries(f.topics.map((t: any) => [t.topic.slug, t.count])),
    months: Object.fromEntries(f.months.map((m: any) => [m.month, m.count])),
  };
}

/** The reference: topics and months over a filter's matches, all of them or only the newest `newest`. */
async function facetCounts(filter: Filter, newest: number | null): Promise<Pick<Facets, 'topics' | 'months'>> {
  const params = [filter.search ?? null, filter.topic ?? null, newest];
  const matches = `SELECT a.id, a.published_at FROM article a
     WHERE ($1::text IS NULL OR a.search_vector @@ websearch_to_tsquery(news_ts_config(a.language), $1))
       AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM article_topic x JOIN topic t ON t.id = x.topic_id WHERE x.article_id = a.id AND t.slug = $2))
     ORDER BY a.published_at DESC, a.id DESC LIMIT $3`;
  const topics = await server.db.dataSource.query(
    `SELECT t.slug, count(*)::int AS n FROM (${matches}) m JOIN article_topic x ON x.article_id = m.id JOIN topic t ON t.id = x.topic_id GROUP BY t.slug`, params);
  const months = await server.db.dataSource.query(
    `SELECT to_char(m.published_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, count(*)::int AS n FROM (${matches}) m GROUP BY 1`, params);
  return {
    topics: Object.fromEntries(topics.map((r: any) => [r.slug, r.n])),
    months: Object.fromEntries(months.map((r: any) => [r.month, r.n])),
  };
}

describe('articleFacets over more articles than are counted', () => {
  it('counts the newest matches up to the limit, says so, and agrees with the listing\'s count', async () => {
    const filter = { search: 'coopération' };
    expect(await facets(filter)).toEqual({
      totalCount: LISTING_COUNT_LIMIT, totalCountIsExact: false, countsAreExact: false, ...(await facetCounts(filter, LISTING_COUNT_LIMIT)),
    });
    expect(await counted(filter)).toEqual({ totalCount: LISTING_COUNT_LIMIT, totalCountIsExact: false });
  });

  it('counts every match of a narrower filter, unless a facet leaving out its own selection has more', async () => {
    const [{ slug: topic }] = await server.db.dataSource.query(
      `SELECT t.slug FROM article_topic x JOIN topic t ON t.id = x.topic_id GROUP BY t.slug ORDER BY count(*) DESC LIMIT 1`,
    );
    const filter = { search: 'coopération', topic };
    const all = await facetCounts(filter, null);
    const total = Object.values(all.months).reduce((a, b) => a + b, 0);
    expect(total > 10 && total < LISTING_COUNT_LIMIT).toBe(true);
    // under the whole filter: every match counted
    expect(await facets(filter, false)).toEqual({ totalCount: total, totalCountIsExact: true, countsAreExact: true, ...all });
    // the topics facet leaves the topic out: the word alone, past the limit, its newest matches counted
    const own = await facets(filter, true);
    expect(own).toEqual({
      totalCount: total, totalCountIsExact: true, countsAreExact: false,
      topics: (await facetCounts({ search: 'coopération' }, LISTING_COUNT_LIMIT)).topics, months: all.months,
    });
  });
});


describe('articleFacets of one entity', () => {
  it('reads only its strongest co-mentions of each kind, the same values and ties as counting its articles', async () => {
    // An entity in a few hundred articles (all of them counted by the matches' path) with many co-mentioned people.
    const [{ id, kind }] = await server.db.dataSource.query(
      `SELECT p.entity_id AS id, e.kind FROM entity_prominence p JOIN entity e ON e.id = p.entity_id
        WHERE p.articles BETWEEN 100 AND $1 ORDER BY p.articles DESC LIMIT 1`, [LISTING_COUNT_LIMIT]);
    const entity = toGlobalId(kind === 'person' ? 'Person' : kind === 'organization' ? 'Organization' : 'Place', id);
    const query = `query ($filter: ArticleFilter, $limit: Int) { articleFacets(filter: $filter, excludeOwnSelection: false) {
      countsAreExact people(limit: $limit) { entity { id } count } places(limit: $limit) { entity { id } count } } }`;
    const ties: number[] = [];
    for (const limit of [1, 3, 5, 8, 13, 21]) {
      const single = await server.gql(query, { filter: { mentionsAll: [entity] }, limit });
      const counted = await server.gql(query, { filter: { mentionsAny: [entity], publishedFrom: '1970-01-01T00:00:00Z' }, limit });
      expect([single.errors, counted.errors]).toEqual([undefined, undefined]);
      expect({ limit, ...single.data.articleFacets }).toEqual({ limit, ...counted.data.articleFacets, countsAreExact: true });
      const people: { count: number }[] = single.data.articleFacets.people;
      ties.push(people.filter((p) => p.count === people[people.length - 1].count).length);
    }
    // some limits fall among values of the same count: the ties are ordered, not cut at random
    expect(ties.some((n) => n > 1)).toBe(true);
  });
});
