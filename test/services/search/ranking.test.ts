import { judge, labelledQueries, SEARCH_WITH_MODE, successRates, topKeys, type Judged } from '../../../bench/search-labels';
import { decodeGlobalId } from '../../../src/schema/global-id';
import { seedDemoData } from '../../../src/services/seed';
import { seedOrganizations, seedPeople, seedPlaces, seedTopics } from '../../../src/services/seed/demo-article';
import { ARCHIVE_ROWS, LINKED_ROWS, NAME_CANDIDATES, RANKED_ARTICLES, RARE_NAME_WORD, SPELLED_NAME_BEARERS, WALK_WEEKS, WEIGHTS } from '../../../src/services/search/search';
import { generateDataset } from '../../../src/services/synthetic/generate';
import { loadDataset } from '../../../src/services/synthetic/load';
import { inRolledBackTransaction } from '../../support/database';
import { closeAndDropDatabase, startTestServerOnFilledDatabase, type TestServer } from '../../support/server';

/** Floors for the labelled queries (measured 39/39 at 1 on 100,000 articles; docs/search.md). */
const FLOOR_AT_1 = 0.85;
const FLOOR_AT_3 = 0.95;

let server: TestServer;

/**
 * The seed article over 3,000 synthetic articles (seed 42): synthetic places and topics
 * that share a slug with the seed's (Morocco, Sahel, terrorism…) are renamed, so both load.
 */
beforeAll(async () => {
  const dataset = generateDataset({ seed: 42, articles: 3000 });
  const taken = new Set([
    ...seedPlaces.map((p) => `place:${p.slug}`), ...seedOrganizations.map((o) => `organization:${o.slug}`), ...seedPeople.map((p) => `person:${p.slug}`),
  ]);
  for (const e of dataset.entities) if (taken.has(`${e.kind}:${e.slug}`)) e.slug = `${e.slug}-synthetic`;
  const topics = new Set(seedTopics.map((t) => t.slug));
  for (const t of dataset.topics) if (topics.has(t.slug)) t.slug = `${t.slug}-synthetic`;
  server = await startTestServerOnFilledDatabase(async (ds) => {
    await loadDataset(ds, dataset);
    await seedDemoData(ds);
  });
}, 120_000);
afterAll(() => closeAndDropDatabase(server));

const run = (query: string, variables: Record<string, unknown> = {}) => server.gql(SEARCH_WITH_MODE, { query, first: 10, ...variables });

/**
 * The articles matching $1 as docs/search.md says, newest first, at most $2: when the query spells
 * names of two words or more (their folded words, whole and in order; borne by at most
 * SPELLED_NAME_BEARERS names; the longest, not one within another) and articles tagged with one
 * of them match it, those; otherwise every article matching it.
 */
const MATCHING = `
  WITH matching AS (SELECT a.id, a.slug, a.published_at FROM article a WHERE a.search_vector @@ websearch_to_tsquery(news_ts_config(a.language), $1)),
       names AS (SELECT DISTINCT e.id, w.words FROM entity e, unnest(array_prepend(e.name, e.aliases)) n,
                        LATERAL (SELECT btrim(regexp_replace(news_fold(n), '[^[:alnum:]]+', ' ', 'g')) AS words) w
                  WHERE e.merged_into_id IS NULL AND w.words LIKE '% %'
                    AND position(' ' || w.words || ' ' IN ' ' || btrim(regexp_replace(news_fold($1), '[^[:alnum:]]+', ' ', 'g')) || ' ') > 0),
       named AS (SELECT words FROM names GROUP BY words HAVING count(*) <= ${SPELLED_NAME_BEARERS}),
       longest AS (SELECT n.id FROM names n JOIN named s ON s.words = n.words
                    WHERE NOT EXISTS (SELECT 1 FROM named o WHERE length(o.words) > length(s.words) AND position(' ' || s.words || ' ' IN ' ' || o.words || ' ') > 0)),
       linked AS (SELECT m.* FROM matching m WHERE EXISTS (SELECT 1 FROM article_entity ae JOIN longest s ON s.id = ae.entity_id WHERE ae.article_id = m.id))
  SELECT slug FROM (SELECT * FROM linked UNION ALL SELECT * FROM matching WHERE NOT EXISTS (SELECT 1 FROM linked)) m
   ORDER BY published_at DESC, id DESC LIMIT $2`;

/** The articles on a search's first page of 100 hits, by slug, in their order. */
async function articleSlugs(query: string): Promise<string[]> {
  return (await run(query, { first: 100 })).data.search.edges
    .filter((e: any) => e.node.__typename === 'Article').map((e: any) => e.node.slug as string);
}

/** Every article a search pages through, 100 hits a page, by slug. */
async function everyArticleSlug(query: string): Promise<Set<string>> {
  const found = new Set<string>();
  let after: string | undefined;
  do {
    const search = (await run(query, { first: 100, after })).data.search;
    for (const e of search.edges) if (e.node.__typename === 'Article') found.add(e.node.slug);
    after = search.pageInfo.hasNextPage ? search.pageInfo.endCursor : undefined;
  } while (after);
  return found;
}

/** "closer cooperation" and a country's name, matching a few dozen articles (each on a page of results): the query and those articles. */
async function closerCooperationWithCountry(): Promise<{ country: string; query: string; withWords: string[] }> {
  const ds = server.db.dataSource;
  const [{ country }] = await ds.query(
    `SELECT e.name AS country FROM entity e
      WHERE e.kind = 'place' AND e.name ~ '^[A-Za-z]+$'
        AND (SELECT count(*) FROM article a WHERE a.search_vector @@ websearch_to_tsquery(news_ts_config(a.language), 'closer cooperation ' || e.name)) BETWEEN 5 AND 50
      ORDER BY e.name LIMIT 1`,
  );
  const query = `closer cooperation ${country}`;
  const withWords = (await ds.query(MATCHING, [query, RANKED_ARTICLES])).map((r: { slug: string }) => r.slug);
  return { country, query, withWords };
}

describe('ranking, on labelled queries', () => {
  it(`puts an expected result first for at least ${FLOOR_AT_1 * 100}% of them, and in the first three for ${FLOOR_AT_3 * 100}%`, async () => {
    const labels = await labelledQueries((text, params) => server.db.dataSource.query(text, params));
    expect(labels.length).toBeGreaterThanOrEqual(30);
    for (const klass of ['name', 'typo', 'acronym', 'phrase', 'common', 'prefix']) expect(labels.some((l) => l.class === klass)).toBe(true);
    for (const label of ['same headline years apart: the newest', 'older headline beats recent mentions', 'name borne by many, also words in articles']) {
      expect(labels.some((l) => l.label === label)).toBe(true);
    }
    const judged: Judged[] = [];
    for (const q of labels) {
      const res = await run(q.query, { mode: q.mode });
      expect(res.errors).toBeUndefined();
      judged.push(judge(q, topKeys(res.data)));
    }
    const rates = successRates(judged);
    const missed = judged.filter((j) => !j.at1).map((j) => `${j.query.label}: "${j.query.query}" -> ${j.top.slice(0, 3).join(', ')}`);
    expect({ at1: rates.at1 >= FLOOR_AT_1, at3: rates.at3 >= FLOOR_AT_3, rates, missed }).toMatchObject({ at1: true, at3: true });
  });
});

describe('search over a larger archive', () => {
  it('pages through exactly totalCount hits when more articles match than it ranks, and estimates the rest', async () => {
    const first = (await run('coopération', { first: 100 })).data.search;
    expect(first.matchCountIsExact).toBe(false);
    expect(first.totalCount).toBeLessThanOrEqual(RANKED_ARTICLES + 20 + 10);
    expect(first.matchCount).toBeGreaterThan(first.totalCount);
    const exact = await server.db.dataSource.query(
      `SELECT count(*)::int AS n FROM article WHERE search_vector @@ websearch_to_tsquery(news_ts_config(language), 'coopération')`,
    );
    // An estimate from the recent weeks' share: within a third of the real count on this dataset.
    expect(Math.abs(first.matchCount - exact[0].n)).toBeLessThan(exact[0].n / 3);
    const seen = new Set<string>();
    let after: string | undefined;
    let pages = 0;
    do {
      const page = (await run('coopération', { first: 100, after })).data.search;
      for (const e of page.edges) seen.add(`${e.node.__typename}:${e.node.id}`);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined;
      pages++;
    } while (after && pages < 10);
    expect(seen.size).toBe(first.totalCount);
  });

  it("finds every article matching its own language's query, whichever languages' queries the indexes are probed with", async () => {
    const ds = server.db.dataSource;
    // Headlines of each language: an English one's French and simple queries hold its English
    // one's lexemes (only that one is probed), a French one's stemmers disagree (all are).
    const titles: { title: string }[] = await ds.query(
      `SELECT title FROM (SELECT title, language, row_number() OVER (PARTITION BY language ORDER BY md5(slug)) AS n FROM article) t WHERE n <= 4 ORDER BY language, n`,
    );
    expect(new Set(titles.map((t) => t.title)).size).toBeGreaterThanOrEqual(10);
    for (const { title } of titles) {
      const matching: string[] = (await ds.query(MATCHING, [title, RANKED_ARTICLES])).map((r: { slug: string }) => r.slug);
      expect([title, matching.length > 0]).toEqual([title, true]);
      const found = await everyArticleSlug(title);
      expect([title, matching.filter((slug) => !found.has(slug))]).toEqual([title, []]);
    }
  });

  // A last name in more articles than are ranked, fewer of them than that in the last 26 weeks:
  // read whole from the archive when it and its pace make at most ARCHIVE_ROWS, and counted;
  // otherwise walked on past half a year, and estimated.
  it.each([
    ['reads from the archive, sorted and counted exactly, a word with at most ARCHIVE_ROWS matches at its pace', `total <= ${ARCHIVE_ROWS} AND recent * weeks <= ${ARCHIVE_ROWS} * ${WALK_WEEKS}`, true],
    ['walks on past half a year to the most recent matches of a word with more, and estimates their count', `total > ${ARCHIVE_ROWS}`, false],
  ])('%s', async (_, which, exact) => {
    const ds = server.db.dataSource;
    const [word] = await ds.query(
      `WITH names AS (SELECT DISTINCT lower(split_part(e.name, ' ', 2)) AS word FROM entity e WHERE e.kind = 'person' AND e.name ~ '^[A-Za-z]+ [A-Za-z]+$'),
            counted AS (SELECT n.word, count(*) AS total,
                               -- the weeks the walk reads before it turns to the archive
                               count(*) FILTER (WHERE news_search_week(a.published_at) > news_search_week((SELECT max(published_at) FROM article)) - ${WALK_WEEKS}) AS recent
                          FROM names n JOIN article a ON a.search_vector @@ websearch_to_tsquery(news_ts_config(a.language), n.word) GROUP BY n.word),
            span AS (SELECT news_search_week(max(published_at)) - news_search_week(min(published_at)) + 1 AS weeks FROM article)
       SELECT word, total FROM counted, span WHERE total > $1 + 50 AND recent <= $1 AND ${which} ORDER BY total LIMIT 1`,
      [RANKED_ARTICLES],
    );
    expect(word).toBeDefined();
    const newest = (await ds.query(
      `SELECT slug FROM article WHERE search_vector @@ websearch_to_tsquery(news_ts_config(language), $1) ORDER BY published_at DESC, id DESC LIMIT $2`,
      [word.word, RANKED_ARTICLES],
    )).map((r: { slug: string }) => r.slug);
    const found = new Set<string>();
    let after: string | undefined;
    let search: any;
    do {
      search = (await run(word.word, { first: 100, after })).data.search;
      for (const e of search.edges) if (e.node.__typename === 'Article') found.add(e.node.slug);
      after = search.pageInfo.hasNextPage ? search.pageInfo.endCursor : undefined;
    } while (after);
    expect(newest.filter((slug: string) => !found.has(slug))).toEqual([]);
    expect(search.matchCountIsExact).toBe(exact);
    // a name word typed alone matches its bearers only, every one counted
    const [{ bearers }] = await ds.query(
      `SELECT count(*)::int AS bearers FROM entity e WHERE e.merged_into_id IS NULL AND $1 IN (SELECT news_name_words(e.search_text))`, [word.word]);
    if (exact) expect(search.matchCount).toBe(Number(word.total) + bearers);
    else expect(search.matchCount).toBeGreaterThan(RANKED_ARTICLES);
  });

  it('probes the indexes with a headline\'s rarest words and returns only articles matching all of them', async () => {
    const ds = server.db.dataSource;
    // French headlines naming someone: "coopération", "renforcée" and "autour" are in many articles, the name in few.
    const titles: { title: string; all: number; without: number }[] = await ds.query(
      `SELECT t.title,
              (SELECT count(*)::int FROM article a WHERE a.search_vector @@ websearch_to_tsquery(news_ts_config(a.language), t.title)) AS all,
              (SELECT count(*)::int FROM article a WHERE a.search_vector @@ websearch_to_tsquery(news_ts_config(a.language), replace(t.title, 'Coopération renforcée autour de ', ''))) AS without
         FROM (SELECT DISTINCT title FROM article WHERE title LIKE 'Coopération renforcée autour de %' ORDER BY title LIMIT 6) t`,
    );
    expect(titles.length).toBe(6);
    // A probe of the name alone finds more rows than match the headline: each must be checked against the whole query.
    expect(titles.some((t) => t.without > t.all)).toBe(true);
    for (const { title } of titles) {
      const matching = new Set((await ds.query(MATCHING, [title, 100_000])).map((r: { slug: string }) => r.slug));
      const search = (await run(title, { first: 100 })).data.search;
      const articles = search.edges.filter((e: any) => e.node.__typename === 'Article').map((e: any) => e.node.slug);
      expect([title, articles.filter((slug: string) => !matching.has(slug))]).toEqual([title, []]);
      if (matching.size <= RANKED_ARTICLES) expect([title, articles.length]).toEqual([title, matching.size]);
    }
  });

  it('probes a query of phrases and words with each phrase\'s rarest word and finds every article matching it', async () => {
    const ds = server.db.dataSource;
    // English headlines naming someone, with their template's words quoted: a phrase's words are
    // in the same articles, so the probe takes its rarest one, and every row is checked after.
    const titles: { title: string }[] = await ds.query(
      `SELECT DISTINCT title FROM article WHERE title LIKE 'Closer cooperation around %' ORDER BY title LIMIT 6`,
    );
    expect(titles.length).toBe(6);
    for (const { title } of titles) {
      const query = title.replace('Closer cooperation around', '"closer cooperation" around');
      const matching: string[] = (await ds.query(MATCHING, [query, 100_000])).map((r: { slug: string }) => r.slug);
      expect([query, matching.length > 0]).toEqual([query, true]);
      const found = await everyArticleSlug(query);
      const expected = matching.slice(0, RANKED_ARTICLES);
      expect([query, expected.filter((slug) => !found.has(slug)), [...found].filter((slug) => !matching.includes(slug))]).toEqual([query, [], []]);
    }
  });

  it('finds, for a query spelling a name, the articles tagged with it, and every article with the words when none is', async () => {
    const ds = server.db.dataSource;
    const { country, query, withWords } = await closerCooperationWithCountry();
    expect(withWords.length).toBeGreaterThanOrEqual(5);
    expect((await articleSlugs(query)).sort()).toEqual([...withWords].sort());
    // An organization called so, tagged on one article from the middle of those with its words.
    const [{ id }] = await ds.query(`INSERT INTO entity (kind, slug, name) VALUES ('organization', 'qw-closer-cooperation', 'Closer Cooperation') RETURNING id`);
    const tagged = withWords[Math.floor(withWords.length / 2)];
    try {
      expect((await articleSlugs(query)).sort()).toEqual([...withWords].sort());
      await ds.query(`INSERT INTO article_entity (article_id, entity_id, mentions, first_start) SELECT id, $2, 1, 0 FROM article WHERE slug = $1`, [tagged, id]);
      expect(await articleSlugs(`Closer Cooperation, ${country}`)).toEqual([tagged]);
      expect(await articleSlugs(`${country}: CLOSER cooperation!`)).toEqual([tagged]);
      // Its words in another order spell no name: every article with them.
      expect((await articleSlugs(`cooperation closer ${country}`)).sort()).toEqual([...withWords].sort());
      // Tagged on more articles than a search reads through its tags: its matches come from the
      // archive's indexes, each checked to be tagged.
      await ds.query(
        `INSERT INTO article_entity (article_id, entity_id, mentions, first_start)
         SELECT id, $1, 1, 0 FROM article WHERE NOT search_vector @@ websearch_to_tsquery(news_ts_config(language), $2) ORDER BY id LIMIT $3`,
        [id, query, LINKED_ROWS]);
      expect(await articleSlugs(query)).toEqual([tagged]);
      // A longer name spelled around it is the name the query means.
      const other = withWords.find((slug: string) => slug !== tagged);
      const [{ id: longer }] = await ds.query(
        `INSERT INTO entity (kind, slug, name) VALUES ('organization', 'qw-closer-cooperation-longer', $1) RETURNING id`, [`Closer Cooperation ${country}`]);
      try {
        await ds.query(`INSERT INTO article_entity (article_id, entity_id, mentions, first_start) SELECT id, $2, 1, 0 FROM article WHERE slug = $1`, [other, longer]);
        expect(await articleSlugs(query)).toEqual([other]);
        expect(await articleSlugs(`${country} closer cooperation`)).toEqual([tagged]);
      } finally {
        await ds.query(`DELETE FROM article_entity WHERE entity_id = $1`, [longer]);
        await ds.query(`DELETE FROM entity WHERE id = $1`, [longer]);
      }
      // An alias is a name it is spelled by.
      await ds.query(`UPDATE entity SET name = 'Qwcloser Holding', aliases = '{"Closer Cooperation"}' WHERE id = $1`, [id]);
      expect(await articleSlugs(query)).toEqual([tagged]);
      // Merged away, it is no name of its own any more.
      const [{ id: survivor }] = await ds.query(`SELECT id FROM entity WHERE kind = 'organization' AND id <> $1 ORDER BY id LIMIT 1`, [id]);
      await ds.query(`UPDATE entity SET merged_into_id = $2 WHERE id = $1`, [id, survivor]);
      expect((await articleSlugs(query)).sort()).toEqual([...withWords].sort());
    } finally {
      await ds.query(`DELETE FROM article_entity WHERE entity_id = $1`, [id]);
      await ds.query(`DELETE FROM entity WHERE id = $1`, [id]);
    }
  });

  it('scores a word of a name the query spells only for the names bearing it whole, not for its look-alikes', async () => {
    const ds = server.db.dataSource;
    const ids: number[] = (await ds.query(
      `INSERT INTO entity (kind, slug, name) VALUES ('organization', 'qw-zorbo', 'Qwzorbo 19880 Chamber of Qwcommerce'),
              ('organization', 'qw-zorba', 'Qwzorba 19546 Chamber of Qwcommerce') RETURNING id`)).map((r: { id: number }) => r.id);
    try {
      const scores = async (query: string) => {
        const edges = (await run(query, { first: 20 })).data.search.edges;
        return ['qw-zorbo', 'qw-zorba'].map((slug) => edges.find((e: any) => e.node.slug === slug)?.score);
      };
      // Neither is mentioned (prominence 0): a name scores NAME times its similarity.
      const [spelled, lookAlike] = await scores('Qwzorbo 19880 Chamber of Qwcommerce');
      expect(spelled).toBeCloseTo(WEIGHTS.NAME, 6);
      // of the query's four words ("of" is too short to be one) the look-alike bears two whole;
      // "qwzorbo" and "19880" are no typos of its words
      expect(lookAlike).toBeCloseTo(WEIGHTS.NAME / 2, 6);
      // Misspelt, the query spells no name: both are scored by their words' likeness to it.
      const [intended, lookAlikeOfTypo] = await scores('Qwzorbbo 19880 Chamber of Qwcommerce');
      expect(intended).toBeGreaterThan(lookAlikeOfTypo);
      expect(lookAlikeOfTypo).toBeGreaterThan(WEIGHTS.NAME / 2 + 0.01);
    } finally {
      await ds.query(`DELETE FROM entity WHERE id = ANY ($1::int[])`, [ids]);
    }
  });

  it('reads a phrase borne by more than SPELLED_NAME_BEARERS names (a family name many have as an alias) as words, not as a name', async () => {
    const ds = server.db.dataSource;
    const { country, query, withWords } = await closerCooperationWithCountry();
    // SPELLED_NAME_BEARERS people who all go by "Closer Cooperation", one of them tagged on one article.
    const bearers: number[] = (await ds.query(
      `INSERT INTO entity (kind, slug, name, aliases)
       SELECT 'person', 'qw-bearer-' || i, 'Qwbearer ' || i, '{"Closer Cooperation"}' FROM generate_series(1, $1) i RETURNING id`,
      [SPELLED_NAME_BEARERS])).map((r: { id: number }) => r.id);
    const tagged = withWords[0];
    try {
      await ds.query(`INSERT INTO article_entity (article_id, entity_id, mentions, first_start) SELECT id, $2, 1, 0 FROM article WHERE slug = $1`, [tagged, bearers[0]]);
      expect(await articleSlugs(query)).toEqual([tagged]);
      expect(await ds.query(MATCHING, [query, RANKED_ARTICLES])).toEqual([{ slug: tagged }]);
      // One more bearer: the phrase names no one, and every article with the words matches again.
      const [{ id }] = await ds.query(`INSERT INTO entity (kind, slug, name, aliases) VALUES ('person', 'qw-bearer-last', 'Qwbearer Last', '{"Closer Cooperation"}') RETURNING id`);
      bearers.push(id);
      expect((await articleSlugs(query)).sort()).toEqual([...withWords].sort());
      // A longer name around it still names its bearer.
      await ds.query(`UPDATE entity SET name = $2 WHERE id = $1`, [bearers[0], `Closer Cooperation ${country}`]);
      expect(await articleSlugs(query)).toEqual([tagged]);
    } finally {
      await ds.query(`DELETE FROM article_entity WHERE entity_id = ANY ($1::int[])`, [bearers]);
      await ds.query(`DELETE FROM entity WHERE id = ANY ($1::int[])`, [bearers]);
    }
  });

  it('reads the newest matches of a name tagged on more articles than it counts, each tagged, and estimates their number', async () => {
    const ds = server.db.dataSource;
    const query = 'closer cooperation';
    const matching: number[] = (await ds.query(
      `SELECT id FROM article WHERE search_vector @@ websearch_to_tsquery(news_ts_config(language), $1) ORDER BY published_at DESC, id DESC`, [query],
    )).map((r: { id: number }) => r.id);
    expect(matching.length).toBeGreaterThan(RANKED_ARTICLES + 20);
    // Tagged on all but its 10 newest matches, and on articles without its words: more than
    // ARCHIVE_ROWS tags, not busy.
    const tagged = matching.slice(10);
    const [{ id }] = await ds.query(`INSERT INTO entity (kind, slug, name) VALUES ('organization', 'qw-closer-cooperation-counted', 'Closer Cooperation') RETURNING id`);
    try {
      await ds.query(
        `INSERT INTO article_entity (article_id, entity_id, mentions, first_start)
         SELECT a.id, $1, 1, 0 FROM article a
          WHERE a.id = ANY ($2::int[]) OR a.id IN (SELECT x.id FROM article x WHERE NOT x.id = ANY ($3::int[]) ORDER BY x.id LIMIT $4)`,
        [id, tagged, matching, Math.max(0, ARCHIVE_ROWS + 1 - tagged.length)]);
      const [{ tags }] = await ds.query(`SELECT articles AS tags FROM entity_prominence WHERE entity_id = $1`, [id]);
      expect([tags > ARCHIVE_ROWS, tags <= LINKED_ROWS]).toEqual([true, true]);
      const search = (await run(query, { first: 100 })).data.search;
      const found: number[] = [];
      let after: string | undefined;
      let page = search;
      do {
        for (const e of page.edges) if (e.node.__typename === 'Article') found.push(decodeGlobalId(e.node.id)!.id);
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined;
        if (after) page = (await run(query, { first: 100, after })).data.search;
      } while (after);
      // the newest RANKED_ARTICLES tagged matches, and no article that is not tagged
      expect(found.filter((a) => !tagged.includes(a))).toEqual([]);
      expect(tagged.slice(0, RANKED_ARTICLES).filter((a) => !found.includes(a))).toEqual([]);
      expect(search.matchCountIsExact).toBe(false);
    } finally {
      await ds.query(`DELETE FROM article_entity WHERE entity_id = $1`, [id]);
      await ds.query(`DELETE FROM entity WHERE id = $1`, [id]);
    }
  });

  it('counts exactly when few articles match', async () => {
    const res = (await run('terroriste blanchiment')).data.search;
    expect(res.matchCountIsExact).toBe(true);
    expect(res.matchCount).toBe(res.totalCount);
    expect(res.edges[0].node.slug).toBe('renforcement-de-la-cooperation-securitaire-entre-le-maroc-et-la-belgique');
  });

  it('finds names as they are typed (PREFIX), the start of the word highlighted', async () => {
    const res = (await run('hamm', { mode: 'PREFIX' })).data.search;
    expect(res.edges[0]).toMatchObject({ highlight: 'Abdellatif <mark>Hamm</mark>ouchi', node: { __typename: 'Person', slug: 'abdellatif-hammouchi' } });
    expect(res.edges.every((e: any) => e.node.__typename !== 'Article')).toBe(true);
    const two = (await run('abdel hamm', { mode: 'PREFIX' })).data.search;
    expect(two.edges.map((e: any) => e.node.slug)).toEqual(['abdellatif-hammouchi']);
    expect(two).toMatchObject({ totalCount: 1, matchCount: 1, matchCountIsExact: true });
  });

  it('ranks as typed (PREFIX) what ranking every name whose words start with every word typed would rank, and counts them', async () => {
    // The reference: every unmerged name, its words as the search splits them, scored by the documented
    // formula: 0.8 (0.5 + 0.5 share of the typed words that are whole words of it) + 0.2 prominence.
    const reference = async (words: string[]) => server.db.dataSource.query(
      `SELECT e.kind || ':' || e.slug AS key, count(*) OVER ()::int AS matching
         FROM entity e LEFT JOIN entity_prominence p ON p.entity_id = e.id
        WHERE e.merged_into_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM unnest($1::text[]) t
                           WHERE NOT EXISTS (SELECT 1 FROM news_name_words(e.search_text) x WHERE x LIKE news_fold(t) || '%'))
        ORDER BY 0.8 * (0.5 + 0.5 * (SELECT count(*) FROM unnest($1::text[]) t WHERE news_fold(t) IN (SELECT news_name_words(e.search_text)))::float8 / cardinality($1::text[]))
                 + 0.2 * coalesce(ln(1 + p.articles) / nullif(ln(1 + (SELECT max(articles) FROM entity_prominence)), 0), 0) DESC, e.id DESC
        LIMIT 10`, [words]);
    const [{ last }] = await server.db.dataSource.query(
      `SELECT split_part(e.name, ' ', 2) AS last FROM entity e JOIN entity_prominence p ON p.entity_id = e.id
        WHERE e.kind = 'person' AND e.merged_into_id IS NULL ORDER BY p.articles DESC, e.id LIMIT 1`);
    const [{ first }] = await server.db.dataSource.query(
      `SELECT split_part(e.name, ' ', 1) AS first FROM entity e WHERE e.kind = 'person' AND e.name LIKE '% ' || $1 ORDER BY e.id LIMIT 1`, [last]);
    const queries = [last.slice(0, 1), last.slice(0, 2), last.slice(0, 4), last.toLowerCase(), `${first} ${last.slice(0, 3)}`, `${first.slice(0, 2)} ${last.slice(0, 1)}`, 'mor', 'zzz'];
    for (const query of queries) {
      const words = query.split(' ');
      const expected = await reference(words);
      const res = (await run(query, { mode: 'PREFIX' })).data.search;
      expect({ query, top: topKeys({ search: res }) }).toEqual({ query, top: expected.map((r: { key: string }) => r.key.replace(/^./, (c: string) => c.toUpperCase())) });
      const matching = expected[0]?.matching ?? 0;
      expect({ query, matchCount: res.matchCount, exact: res.matchCountIsExact, total: res.totalCount })
        .toEqual({ query, matchCount: matching, exact: true, total: Math.min(matching, NAME_CANDIDATES) });
    }
  });

  it('counts a prefix borne by more than a thousand names up to a bound, flagged, and leaves merged names out', async () => {
    const ds = server.db.dataSource;
    await ds.query(
      `INSERT INTO entity (kind, slug, name) SELECT 'organization', 'qwprefix-' || i, 'Qwprefix Holding ' || i FROM generate_series(1, 1100) i`);
    try {
      const many = (await run('qwpre', { mode: 'PREFIX', first: 5 })).data.search;
      expect(many).toMatchObject({ matchCountIsExact: false, totalCount: NAME_CANDIDATES });
      expect(many.matchCount).toBeGreaterThanOrEqual(1000);
      const [kept, merged] = await ds.query(`SELECT id FROM entity WHERE slug IN ('qwprefix-1', 'qwprefix-2') ORDER BY slug`);
      await ds.query(`UPDATE entity SET merged_into_id = $1 WHERE id = $2`, [kept.id, merged.id]);
      const two = (await run('qwprefix holding 2', { mode: 'PREFIX', first: 50 })).data.search;
      const slugs = two.edges.map((e: any) => e.node.slug);
      expect(slugs).not.toContain('qwprefix-2');
      expect(slugs).toContain('qwprefix-20');
      expect(two.matchCountIsExact).toBe(true);
      expect(two.matchCount).toBe(1 + 10 + 100 - 1); // 2, 20-29, 200-299, less the merged 2
    } finally {
      await ds.query(`DELETE FROM entity WHERE slug LIKE 'qwprefix-%'`);
    }
  });

  it('ranks every bearer of a rare name word beside a common word\'s most prominent bearers, and estimates how many bear them', async () => {
    const ds = server.db.dataSource;
    // Two words borne by more than RARE_NAME_WORD names each, a name bearing them and a rare word,
    // and a neighbour of a query word that is itself a name word (not a typo of it, then).
    await ds.query(
      `INSERT INTO entity (kind, slug, name) SELECT 'organization', 'qwport-' || i, 'Qwport Qwauthority ' || i FROM generate_series(1, $1::int) i`,
      [RARE_NAME_WORD + 100]);
    await ds.query(`INSERT INTO entity (kind, slug, name) VALUES ('organization', 'zyxrare-qwport', 'Zyxrare Qwport Qwauthority'), ('organization', 'qwportx-solo', 'Qwportx Solo')`);
    try {
      const res = (await run('Zyxrare Qwport Qwauthority', { first: 60 })).data.search;
      const names = res.edges.filter((e: any) => e.node.__typename !== 'Article').map((e: any) => e.node.slug);
      // First: it bears the three words (the common ones scored for it by its id).
      expect(names[0]).toBe('zyxrare-qwport');
      expect(names).toHaveLength(NAME_CANDIDATES);
      expect(names).not.toContain('qwportx-solo');
      // Estimated: the most bearers one query word has (qwport: every Qwport), flagged.
      expect(res).toMatchObject({ matchCount: RARE_NAME_WORD + 101, matchCountIsExact: false });
      // Not a name word: its neighbours are its typos.
      const typo = (await run('Qwportxx', { first: 60 })).data.search.edges.map((e: any) => e.node.slug);
      expect(typo[0]).toBe('qwportx-solo');
    } finally {
      await ds.query(`DELETE FROM entity WHERE slug LIKE 'qwport-%' OR slug IN ('zyxrare-qwport', 'qwportx-solo')`);
    }
  });

  it('finds an obscure name bearing two common name words first, from their pairs, kept through renames, prominence and deletes', async () => {
    const ds = server.db.dataSource;
    // Each word borne by more than RARE_NAME_WORD names; the one bearing both has the highest
    // id, so it is outside each word's NAME_CANDIDATES first bearers (ties go by id).
    await ds.query(
      `INSERT INTO entity (kind, slug, name)
       SELECT 'person', 'qwjoaquin-' || i, 'Qwjoaquin Qwother' || i FROM generate_series(1, $1::int) i
       UNION ALL SELECT 'person', 'qwpeeters-' || i, 'Qwsomeone' || i || ' Qwpeeters' FROM generate_series(1, $1::int) i`,
      [RARE_NAME_WORD + 50]);
    const [{ id }] = await ds.query(`INSERT INTO entity (kind, slug, name) VALUES ('person', 'qwjoaquin-qwpeeters', 'Qwjoaquín Qwpeeters') RETURNING id`);
    const pairs = async () => ds.query(`SELECT first_word, second_word, articles FROM entity_name_pair WHERE entity_id = $1 ORDER BY 1, 2`, [id]);
    const names = async (query: string) => {
      const res = (await run(query, { first: 60 })).data.search;
      return { ...res, slugs: res.edges.filter((e: any) => e.node.__typename !== 'Article').map((e: any) => e.node.slug) };
    };
    try {
      expect(await pairs()).toEqual([{ first_word: 'qwjoaquin', second_word: 'qwpeeters', articles: 0 }]);
      const found = await names('Qwjoaquin Qwpeeters');
      expect(found.slugs[0]).toBe('qwjoaquin-qwpeeters');
      expect(found.slugs).toHaveLength(NAME_CANDIDATES);
      // Estimated (each word's bearers, not the names bearing both), flagged.
      expect(found).toMatchObject({ matchCount: RARE_NAME_WORD + 51, matchCountIsExact: false });

      // Renamed: the old pair goes, the new one comes.
      await ds.query(`UPDATE entity SET name = 'Qwjoaquin Qwvandamme' WHERE id = $1`, [id]);
      expect(await pairs()).toEqual([{ first_word: 'qwjoaquin', second_word: 'qwvandamme', articles: 0 }]);
      expect((await names('Qwjoaquin Qwpeeters')).slugs).not.toContain('qwjoaquin-qwpeeters');

      // Its prominence follows article_entity onto its pairs.
      const [article] = await ds.query(`SELECT id FROM article LIMIT 1`);
      await ds.query(`INSERT INTO article_entity (article_id, entity_id, mentions, first_start) VALUES ($1, $2, 1, 0)`, [article.id, id]);
      expect(await pairs()).toEqual([{ first_word: 'qwjoaquin', second_word: 'qwvandamme', articles: 1 }]);

      // Deleted: its pairs go with it.
      await ds.query(`DELETE FROM article_entity WHERE entity_id = $1`, [id]);
      await ds.query(`DELETE FROM entity WHERE id = $1`, [id]);
      expect(await pairs()).toEqual([]);
    } finally {
      await ds.query(`DELETE FROM article_entity WHERE entity_id = $1`, [id]);
      await ds.query(`DELETE FROM entity WHERE slug LIKE 'qwjoaquin-%' OR slug LIKE 'qwpeeters-%'`);
    }
    expect((await ds.query(`SELECT count(*)::int AS n FROM entity_name_pair WHERE first_word LIKE 'qw%'`))[0].n).toBe(0);
  });

  it('refuses a prefix without a letter or digit and a cursor it did not issue, with BAD_USER_INPUT', async () => {
    const punctuation = await run('-- !', { mode: 'PREFIX' });
    expect(punctuation.errors![0]).toMatchObject({ message: 'query: must contain a letter or a digit', extensions: { code: 'BAD_USER_INPUT' } });
    const forged = Buffer.from(JSON.stringify(['x', 1])).toString('base64url');
    const cursor = await server.gql(`query($a: String) { search(query: "maroc", after: $a) { totalCount } }`, { a: forged });
    expect(cursor.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('answers a query of excluded words only with names, not with every article', async () => {
    const res = await run('-maroc');
    expect(res.errors).toBeUndefined();
    expect(res.data.search.edges.every((e: any) => e.node.__typename !== 'Article')).toBe(true);
  });
});

describe('entity prominence', () => {
  it('follows article_entity through inserts, moves, deletes and truncation', async () => {
    const ds = server.db.dataSource;
    const prominence = async (id: number) => (await ds.query(`SELECT articles FROM entity_prominence WHERE entity_id = $1`, [id]))[0]?.articles ?? 0;
    const counted = async (id: number) => (await ds.query(`SELECT count(*)::int AS n FROM article_entity WHERE entity_id = $1`, [id]))[0].n;
    const [a, b] = (await ds.query(`SELECT id FROM entity ORDER BY id LIMIT 2`)).map((r: { id: number }) => r.id);
    expect(await prominence(a)).toBe(await counted(a));
    await inRolledBackTransaction(ds, async (m) => {
      const free = await m.query(`SELECT id FROM article WHERE id NOT IN (SELECT article_id FROM article_entity WHERE entity_id IN ($1, $2)) LIMIT 2`, [a, b]);
      const before = [await prominence(a), await prominence(b)];
      await m.query(`INSERT INTO article_entity (article_id, entity_id, mentions, first_start) SELECT unnest($1::int[]), $2, 1, 0`, [free.map((r: any) => r.id), a]);
      expect((await m.query(`SELECT articles FROM entity_prominence WHERE entity_id = $1`, [a]))[0].articles).toBe(before[0] + 2);
      await m.query(`UPDATE article_entity SET entity_id = $2 WHERE entity_id = $1 AND article_id = $3`, [a, b, free[0].id]);
      const moved = await m.query(`SELECT entity_id, articles FROM entity_prominence WHERE entity_id IN ($1, $2) ORDER BY entity_id`, [a, b]);
      expect(moved.map((r: any) => r.articles)).toEqual([before[0] + 1, before[1] + 1]);
      await m.query(`DELETE FROM article_entity WHERE article_id = ANY($1) AND entity_id IN ($2, $3)`, [free.map((r: any) => r.id), a, b]);
      const after = await m.query(`SELECT articles FROM entity_prominence WHERE entity_id IN ($1, $2) ORDER BY entity_id`, [a, b]);
      expect(after.map((r: any) => r.articles)).toEqual(before);
      await m.query(`TRUNCATE article_entity`);
      expect((await m.query(`SELECT count(*)::int AS n FROM entity_prominence`))[0].n).toBe(0);
    });
    expect(await prominence(a)).toBe(await counted(a));
  });
});
