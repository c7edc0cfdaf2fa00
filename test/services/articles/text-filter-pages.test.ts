import { ARCHIVE_ROWS } from '../../../src/services/search/search';
import { generateDataset } from '../../../src/services/synthetic/generate';
import { loadDataset } from '../../../src/services/synthetic/load';
import { allPages } from './listing-pages';
import { closeAndDropDatabase, startTestServerOnFilledDatabase, type TestServer } from '../../support/server';

// articles(filter: {search}) pages read through the weekly index (src/services/articles/list-articles.ts):
// every page must hold exactly what the archive's matches in date order hold, whichever way it is read.

let server: TestServer;

/** 1,500 synthetic articles over three years (157 weeks: past the weeks walked one at a time). */
beforeAll(async () => {
  server = await startTestServerOnFilledDatabase((ds) => loadDataset(ds, generateDataset({ seed: 7, articles: 1500 })));
}, 120_000);
afterAll(() => closeAndDropDatabase(server));


type Filter = { search: string; language?: string; topic?: string; source?: string; publishedFrom?: string; publishedTo?: string };


/** The reference: the filter's matches as the schema describes them, in the order asked. */
async function expected(filter: Filter, orderBy: 'PUBLISHED_AT_DESC' | 'PUBLISHED_AT_ASC'): Promise<string[]> {
  const direction = orderBy === 'PUBLISHED_AT_DESC' ? 'DESC' : 'ASC';
  const rows = await server.db.dataSource.query(
    `SELECT a.slug FROM article a
      WHERE a.search_vector @@ websearch_to_tsquery(news_ts_config(a.language), $1)
        AND ($2::text IS NULL OR a.language = $2)
        AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM article_topic x JOIN topic t ON t.id = x.topic_id WHERE x.article_id = a.id AND t.slug = $3))
        AND ($4::text IS NULL OR a.source_id = (SELECT id FROM source WHERE slug = $4))
        AND ($5::timestamptz IS NULL OR a.published_at >= $5) AND ($6::timestamptz IS NULL OR a.published_at < $6::timestamptz + interval '1 millisecond')
      ORDER BY a.published_at ${direction}, a.id ${direction}`,
    [filter.search, filter.language ?? null, filter.topic ?? null, filter.source ?? null, filter.publishedFrom ?? null, filter.publishedTo ?? null],
  );
  return rows.map((r: { slug: string }) => r.slug);
}

describe('articles(filter: {search}) read week by week', () => {
  it('pages through exactly the matches of common, rare, phrase, OR and absent words, newest or oldest first', async () => {
    const [{ last }] = await server.db.dataSource.query(
      `SELECT split_part(e.name, ' ', 2) AS last FROM entity e JOIN entity_prominence p ON p.entity_id = e.id
        WHERE e.kind = 'person' AND e.name ~ '^[A-Za-z]+ [A-Za-z]+$' ORDER BY p.articles DESC, e.id LIMIT 1`);
    const [{ title }] = await server.db.dataSource.query(`SELECT title FROM article ORDER BY published_at, id LIMIT 1`);
    const queries = ['coopération', last, `"${title}"`, `${last} or Netherlands`, `coopération -${last}`, 'zzqxw'];
    const seen: number[] = [];
    for (const search of queries) {
      for (const orderBy of ['PUBLISHED_AT_DESC', 'PUBLISHED_AT_ASC'] as const) {
        const want = await expected({ search }, orderBy);
        expect({ search, orderBy, slugs: await allPages(server, { search }, orderBy, 37) }).toEqual({ search, orderBy, slugs: want });
        seen.push(want.length);
      }
    }
    // the cases cover a word in hundreds of articles, one in tens, a headline in a few, and none
    expect([Math.max(...seen) > 300, seen.some((n) => n > 0 && n < 10), seen.includes(0)]).toEqual([true, true, true]);
  });

  it('reads backward (last/before) the same pages reversed', async () => {
    for (const orderBy of ['PUBLISHED_AT_DESC', 'PUBLISHED_AT_ASC'] as const) {
      expect(await allPages(server, { search: 'coopération' }, orderBy, 23, true)).toEqual(await expected({ search: 'coopération' }, orderBy));
    }
  });

  it('applies language, topic, source and a date window with the text, the weeks walked bounded by the window', async () => {
    const [{ topic }] = await server.db.dataSource.query(`SELECT t.slug AS topic FROM topic t JOIN article_topic x ON x.topic_id = t.id GROUP BY t.slug ORDER BY count(*) DESC LIMIT 1`);
    const [{ source }] = await server.db.dataSource.query(`SELECT s.slug AS source FROM source s JOIN article a ON a.source_id = s.id GROUP BY s.slug ORDER BY count(*) DESC LIMIT 1`);
    const filters: Filter[] = [
      { search: 'coopération', language: 'fr' },
      { search: 'cooperation', topic },
      { search: 'cooperation', source },
      { search: 'coopération', publishedFrom: '2023-03-01T00:00:00.000Z', publishedTo: '2023-09-30T12:00:00.000Z' },
      { search: 'cooperation', publishedFrom: '2022-01-01T00:00:00.000Z', publishedTo: '2022-02-15T00:00:00.000Z', language: 'en' },
    ];
    for (const filter of filters) {
      for (const orderBy of ['PUBLISHED_AT_DESC', 'PUBLISHED_AT_ASC'] as const) {
        const want = await expected(filter, orderBy);
        expect(want.length).toBeGreaterThan(0);
        expect({ filter, orderBy, slugs: await allPages(server, filter, orderBy, 41) }).toEqual({ filter, orderBy, slugs: want });
      }
    }
  });

  it('walks on past half a year when more than ARCHIVE_ROWS older articles match and too few recent ones fill a page, every page exact', async () => {
    const ds = server.db.dataSource;
    // Words of their own in ARCHIVE_ROWS + 50 articles each, two a day, starting 30 weeks from
    // the archive's newest article back (quorvex) or from its oldest on (quorvan): read either
    // way from that end, the first half year holds too few to fill a page. One more article a
    // week names both words, from end to end: a probe of several weeks misplaced by any week
    // repeats a week already walked or misses one at the far end.
    const ends = (await ds.query(`SELECT max(published_at) AS newest, min(published_at) AS oldest FROM article`))[0];
    await ds.query(
      `INSERT INTO article (slug, title, body, language, published_at, content_hash)
       SELECT w || '-' || n, w || ' ' || n, 'Le ' || w || ' ' || n, 'fr', t, w || '-' || n
         FROM generate_series(1, ${ARCHIVE_ROWS + 50}) n,
              LATERAL (VALUES ('quorvex', $1::timestamptz - interval '30 weeks' - n * interval '12 hours'),
                              ('quorvan', $2::timestamptz + interval '30 weeks' + n * interval '12 hours')) x(w, t)
       UNION ALL
       SELECT 'quorv-week-' || k, 'quorvex quorvan ' || k, 'Le quorvex et le quorvan ' || k, 'fr', t, 'quorv-week-' || k
         FROM generate_series(0, (extract(epoch FROM $1::timestamptz - $2::timestamptz) / 604800)::int) k,
              LATERAL (SELECT least($2::timestamptz + k * interval '1 week' + interval '1 hour', $1::timestamptz) AS t) x`,
      [ends.newest, ends.oldest]);
    try {
      for (const [search, orderBy] of [['quorvex', 'PUBLISHED_AT_DESC'], ['quorvan', 'PUBLISHED_AT_ASC']] as const) {
        const want = await expected({ search }, orderBy);
        expect(want.length).toBeGreaterThan(ARCHIVE_ROWS + 50 + 150);
        expect({ search, slugs: await allPages(server, { search }, orderBy, 29) }).toEqual({ search, slugs: want });
      }
    } finally {
      await ds.query(`DELETE FROM article WHERE slug LIKE 'quorv%'`);
    }
  });

  it('reads a query of excluded words only as every other article, as before', async () => {
    const want = await expected({ search: '-coopération' }, 'PUBLISHED_AT_DESC');
    expect(want.length).toBeGreaterThan(100);
    expect(await allPages(server, { search: '-coopération' }, 'PUBLISHED_AT_DESC', 97)).toEqual(want);
  });
});
