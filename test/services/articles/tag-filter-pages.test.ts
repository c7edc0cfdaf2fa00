import { toGlobalId, ENTITY_TYPE_OF_KIND } from '../../../src/schema/global-id';
import { generateDataset } from '../../../src/services/synthetic/generate';
import { loadDataset } from '../../../src/services/synthetic/load';
import { allPages, type ListingOrder } from './listing-pages';
import { closeAndDropDatabase, startTestServerOnFilledDatabase, type TestServer } from '../../support/server';

// articles(filter: {mentionsAll} or {topic}) pages read from the rarest entity's or the topic's article list
// (src/services/articles/list-articles.ts):
// every page must hold exactly what the filter's matches in date order hold, whichever way it is read.

let server: TestServer;

beforeAll(async () => {
  server = await startTestServerOnFilledDatabase((ds) => loadDataset(ds, generateDataset({ seed: 5, articles: 1500 })));
}, 120_000);
afterAll(() => closeAndDropDatabase(server));


type Filter = { mentionsAll?: string[]; mentionsAny?: string[]; search?: string; language?: string; topic?: string; publishedFrom?: string; publishedTo?: string };
type Order = ListingOrder;


/** The reference: the filter's matches as the schema describes them, in the order asked. */
async function expected(filter: Filter, ids: Record<string, number>, orderBy: Order): Promise<string[]> {
  const direction = orderBy === 'PUBLISHED_AT_DESC' ? 'DESC' : 'ASC';
  const all = (filter.mentionsAll ?? []).map((g) => ids[g]);
  const any = filter.mentionsAny?.map((g) => ids[g]) ?? null;
  const rows = await server.db.dataSource.query(
    `SELECT a.slug FROM article a
      WHERE (SELECT count(DISTINCT entity_id) FROM article_entity x WHERE x.article_id = a.id AND x.entity_id = ANY($1::int[])) = cardinality(ARRAY(SELECT DISTINCT unnest($1::int[])))
        AND ($2::int[] IS NULL OR EXISTS (SELECT 1 FROM article_entity x WHERE x.article_id = a.id AND x.entity_id = ANY($2)))
        AND ($3::text IS NULL OR a.language = $3)
        AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM article_topic x JOIN topic t ON t.id = x.topic_id WHERE x.article_id = a.id AND t.slug = $4))
        AND ($5::timestamptz IS NULL OR a.published_at >= $5) AND ($6::timestamptz IS NULL OR a.published_at < $6::timestamptz + interval '1 millisecond')
        AND ($7::text IS NULL OR a.search_vector @@ websearch_to_tsquery(news_ts_config(a.language), $7))
      ORDER BY a.published_at ${direction}, a.id ${direction}`,
    [all, any, filter.language ?? null, filter.topic ?? null, filter.publishedFrom ?? null, filter.publishedTo ?? null, filter.search ?? null],
  );
  return rows.map((r: { slug: string }) => r.slug);
}

describe('articles(filter: {mentionsAll} or {topic}) read from a tag\'s article list', () => {
  it('pages through exactly the matches of one, two and three entities or a topic, with other conditions, both orders, forward and backward', async () => {
    // The busiest entities (shared by many articles) and one in a few articles, with the busiest topic.
    const entities: { id: number; kind: keyof typeof ENTITY_TYPE_OF_KIND; articles: number }[] = await server.db.dataSource.query(
      `SELECT p.entity_id AS id, e.kind, p.articles FROM entity_prominence p JOIN entity e ON e.id = p.entity_id ORDER BY p.articles DESC, p.entity_id LIMIT 3`);
    const [rare] = await server.db.dataSource.query(
      `SELECT p.entity_id AS id, e.kind, p.articles FROM entity_prominence p JOIN entity e ON e.id = p.entity_id
        WHERE p.articles BETWEEN 3 AND 10 AND EXISTS (SELECT 1 FROM article_entity x JOIN article_entity y ON y.article_id = x.article_id
                                                      WHERE x.entity_id = p.entity_id AND y.entity_id = $1) ORDER BY p.entity_id LIMIT 1`, [entities[0].id]);
    const [{ topic }] = await server.db.dataSource.query(`SELECT t.slug AS topic FROM topic t JOIN article_topic x ON x.topic_id = t.id GROUP BY t.slug ORDER BY count(*) DESC LIMIT 1`);
    // a word in a few of the busiest entity's articles, its first name's or last name's
    const [{ word: rareWord }] = await server.db.dataSource.query(
      `SELECT w.word FROM article_entity ae JOIN article a ON a.id = ae.article_id JOIN article_entity o ON o.article_id = a.id JOIN entity e ON e.id = o.entity_id
            CROSS JOIN LATERAL regexp_split_to_table(e.name, ' ') w(word)
        WHERE ae.entity_id = $1 AND e.kind = 'person' AND length(w.word) > 3 GROUP BY w.word HAVING count(DISTINCT a.id) BETWEEN 2 AND 8 ORDER BY w.word LIMIT 1`, [entities[0].id]);
    const ids: Record<string, number> = {};
    const g = (e: { id: number; kind: keyof typeof ENTITY_TYPE_OF_KIND }) => {
      const id = toGlobalId(ENTITY_TYPE_OF_KIND[e.kind], e.id);
      ids[id] = e.id;
      return id;
    };
    const [busy, second, third] = entities.map(g);
    const few = g(rare);
    const filters: Filter[] = [
      { mentionsAll: [busy] },
      { mentionsAny: [busy] },
      { mentionsAll: [busy, second] },
      { mentionsAll: [second, busy, third] },
      { mentionsAll: [busy, few] },
      { mentionsAll: [busy], mentionsAny: [second] },
      { mentionsAll: [busy], mentionsAny: [second, third] },
      { mentionsAll: [busy], mentionsAny: [] },
      { mentionsAll: [busy, busy] },
      { mentionsAll: [busy], language: 'fr', topic },
      { mentionsAll: [busy, second], publishedFrom: '2023-03-01T00:00:00.000Z', publishedTo: '2023-09-30T12:00:00.000Z' },
      { topic },
      { topic, language: 'en' },
      { topic, mentionsAny: [second, third] },
      { topic, publishedFrom: '2023-03-01T00:00:00.000Z', publishedTo: '2023-09-30T12:00:00.000Z' },
      { topic: 'no-such-topic' },
      // with text: the entity's list first, then the archive's index
      { mentionsAll: [busy], search: 'coopération' },
      { mentionsAll: [busy], search: rareWord },
      { mentionsAll: [busy, second], search: 'accord or agreement' },
      { mentionsAll: [busy], search: 'coopération', language: 'en' },
      { mentionsAny: [busy, second], search: 'coopération' },
      { mentionsAll: [few], search: 'coopération' },
    ];
    const seen: number[] = [];
    for (const filter of filters) {
      for (const orderBy of ['PUBLISHED_AT_DESC', 'PUBLISHED_AT_ASC'] as const) {
        const want = await expected(filter, ids, orderBy);
        seen.push(want.length);
        expect({ filter, orderBy, slugs: await allPages(server, filter, orderBy, 29) }).toEqual({ filter, orderBy, slugs: want });
      }
      expect({ filter, backward: await allPages(server, filter, 'PUBLISHED_AT_DESC', 17, true) }).toEqual({ filter, backward: await expected(filter, ids, 'PUBLISHED_AT_DESC') });
      const count = await server.gql(`query ($filter: ArticleFilter) { articles(first: 1, filter: $filter) { totalCount totalCountIsExact } }`, { filter });
      expect({ filter, count: count.data?.articles }).toEqual({ filter, count: { totalCount: seen[seen.length - 1], totalCountIsExact: true } });
    }
    // the cases cover an entity in hundreds of articles, pairs in tens, a rare one in a few, and none
    expect([Math.max(...seen) > 200, seen.some((n) => n > 0 && n < 10), seen.includes(0)]).toEqual([true, true, true]);
  });

  it('reads an unknown or article-less entity as matching nothing', async () => {
    const [{ id }] = await server.db.dataSource.query(`SELECT max(id) + 1000 AS id FROM entity`);
    expect(await allPages(server, { mentionsAll: [toGlobalId('Person', id)] }, 'PUBLISHED_AT_DESC', 10)).toEqual([]);
  });
});
