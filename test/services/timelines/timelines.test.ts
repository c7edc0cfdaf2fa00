import { toGlobalId } from '../../../src/schema/global-id';
import { startTestServer, type TestServer } from '../../support/server';
import { buildNewsroom, type Newsroom } from '../../resolvers/newsroom';

let server: TestServer;
let room: Newsroom;
beforeAll(async () => {
  server = await startTestServer();
  room = await buildNewsroom(server.db.dataSource);
});
afterAll(() => server.close());

const ENTITY = `query($entity: ID!, $from: Date!, $to: Date!, $interval: TimelineInterval) {
  entityTimeline(entity: $entity, from: $from, to: $to, interval: $interval) { start end articles meetings }
}`;
const ARTICLES = `query($filter: ArticleFilter, $from: Date!, $to: Date!, $interval: TimelineInterval) {
  articleTimeline(filter: $filter, from: $from, to: $to, interval: $interval) { start end articles meetings }
}`;
const person = (i: number) => toGlobalId('Person', room.people[i]);
const bucket = (start: string, end: string, articles: number, meetings = 0) => ({ start, end, articles, meetings });

describe('entityTimeline', () => {
  it('counts the articles mentioning the entity per UTC day, zeros on the days without', async () => {
    // Éric is in all 30 articles: 08:00 on 1 January plus one hour each, 16 on the 1st and 14 on the 2nd.
    const res = await server.gql(ENTITY, { entity: person(0), from: '2023-12-31', to: '2024-01-03' });
    expect(res.errors).toBeUndefined();
    expect(res.data.entityTimeline).toEqual([
      bucket('2023-12-31', '2023-12-31', 0), bucket('2024-01-01', '2024-01-01', 16), bucket('2024-01-02', '2024-01-02', 14), bucket('2024-01-03', '2024-01-03', 0),
    ]);
  });

  it('counts meetings per month, events dated to the day, undated ones left out', async () => {
    const res = await server.gql(ENTITY, { entity: person(0), from: '2023-01-01', to: '2023-12-31', interval: 'MONTH' });
    expect(res.errors).toBeUndefined();
    // Events k = 0..24 on month 1 + k % 12 of 2023, those with k % 7 = 6 undated; Éric hosts them all.
    const perMonth = [3, 1, 2, 2, 2, 2, 1, 2, 1, 2, 2, 2];
    expect(res.data.entityTimeline).toEqual(perMonth.map((meetings, m) => {
      const month = String(m + 1).padStart(2, '0');
      return bucket(`2023-${month}-01`, new Date(Date.UTC(2023, m + 1, 0)).toISOString().slice(0, 10), 0, meetings);
    }));
    const zoe = await server.gql(ENTITY, { entity: person(1), from: '2023-01-01', to: '2023-12-31', interval: 'MONTH' });
    // Zoë is the guest of events 0, 5, 10, 15 (and 20, undated): January, June, November, April.
    expect(zoe.data.entityTimeline.filter((b: any) => b.meetings).map((b: any) => b.start)).toEqual(['2023-01-01', '2023-04-01', '2023-06-01', '2023-11-01']);
  });

  it('weeks run Monday to Sunday, the range cuts the last one', async () => {
    const res = await server.gql(ENTITY, { entity: person(0), from: '2024-01-01', to: '2024-01-10', interval: 'WEEK' });
    expect(res.data.entityTimeline).toEqual([bucket('2024-01-01', '2024-01-07', 30), bucket('2024-01-08', '2024-01-10', 0)]);
  });

  it('refuses a range of more than 400 buckets, a reversed range and an unknown entity', async () => {
    const wide = await server.gql(ENTITY, { entity: person(0), from: '2020-01-01', to: '2024-01-01' });
    expect(wide.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'RANGE_TOO_WIDE' } });
    expect(wide.errors?.[0].message).toMatch(/1462 day buckets, at most 400/);
    const weeks = await server.gql(ENTITY, { entity: person(0), from: '2020-01-01', to: '2024-01-01', interval: 'WEEK' });
    expect(weeks.errors).toBeUndefined();
    expect(weeks.data.entityTimeline).toHaveLength(210);
    const reversed = await server.gql(ENTITY, { entity: person(0), from: '2024-01-02', to: '2024-01-01' });
    expect(reversed.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    const unknown = await server.gql(ENTITY, { entity: toGlobalId('Person', 999999), from: '2024-01-01', to: '2024-01-02' });
    expect(unknown.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^entity: no Person/), extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('articleTimeline', () => {
  it('counts the articles of any filter per bucket', async () => {
    // Zoë: articles 0, 4, 7, 8, 12 on 1 January, 16, 20, 24, 28 on the 2nd.
    const res = await server.gql(ARTICLES, { filter: { mentionsAll: [person(1)] }, from: '2024-01-01', to: '2024-01-02' });
    expect(res.errors).toBeUndefined();
    expect(res.data.articleTimeline).toEqual([bucket('2024-01-01', '2024-01-01', 5), bucket('2024-01-02', '2024-01-02', 4)]);
    const all = await server.gql(ARTICLES, { from: '2023-12-15', to: '2024-02-10', interval: 'MONTH' });
    expect(all.data.articleTimeline).toEqual([bucket('2023-12-15', '2023-12-31', 0), bucket('2024-01-01', '2024-01-31', 30), bucket('2024-02-01', '2024-02-10', 0)]);
    const search = await server.gql(ARTICLES, { filter: { search: 'Bruxelles', language: 'fr' }, from: '2024-01-01', to: '2024-01-02' });
    // Brussels in every 5th article, French unless a multiple of 3: 5, 10, 20, 25.
    expect(search.data.articleTimeline.map((b: any) => b.articles)).toEqual([2, 2]);
  });
});

describe('the articles per day the timelines read (migration DayCounts)', () => {
  it('stay what the articles and their mentions count through inserts, a day moved, a comment and deletes', async () => {
    const ds = server.db.dataSource;
    const kept = async () => ({
      entities: await ds.query(`SELECT entity_id, day::text, articles FROM entity_day_count WHERE articles > 0 ORDER BY 1, 2`),
      archive: await ds.query(`SELECT day::text, articles FROM article_day_count WHERE articles > 0 ORDER BY 1`),
    });
    const counted = async () => ({
      entities: await ds.query(`SELECT ae.entity_id, (a.published_at AT TIME ZONE 'UTC')::date::text AS day, count(*)::int AS articles
                                  FROM article_entity ae JOIN article a ON a.id = ae.article_id GROUP BY 1, 2 ORDER BY 1, 2`),
      archive: await ds.query(`SELECT (published_at AT TIME ZONE 'UTC')::date::text AS day, count(*)::int AS articles FROM article GROUP BY 1 ORDER BY 1`),
    });
    expect(await kept()).toEqual(await counted());
    await ds.query(`INSERT INTO article (slug, title, body, language, published_at, content_hash)
                    VALUES ('day-a', 'A', 'A', 'fr', '2024-02-10T23:30:00Z', 'day-a'), ('day-b', 'B', 'B', 'fr', '2024-02-11T00:30:00Z', 'day-b')`);
    await ds.query(`INSERT INTO article_entity (article_id, entity_id, mentions, first_start, published_at)
                    SELECT a.id, e.id, 1, 0, a.published_at FROM article a, unnest($1::int[]) e(id) WHERE a.slug IN ('day-a', 'day-b')`, [[room.people[0], room.people[1]]]);
    // a day moved (the article and its mentions, as an edit writes them), a comment counted, a time moved within its day
    await ds.query(`UPDATE article SET published_at = '2024-02-12T08:00:00Z' WHERE slug = 'day-a'`);
    await ds.query(`UPDATE article_entity ae SET published_at = a.published_at FROM article a WHERE a.id = ae.article_id AND a.slug = 'day-a'`);
    await ds.query(`UPDATE article SET comment_count = comment_count + 1, published_at = published_at + interval '10 minutes' WHERE slug = 'day-b'`);
    await ds.query(`UPDATE article_entity ae SET published_at = a.published_at FROM article a WHERE a.id = ae.article_id AND a.slug = 'day-b'`);
    await ds.query(`DELETE FROM article_entity WHERE entity_id = $1 AND article_id = (SELECT id FROM article WHERE slug = 'article-2')`, [room.people[0]]);
    await ds.query(`DELETE FROM article WHERE slug IN ('article-7', 'day-b')`);
    expect(await kept()).toEqual(await counted());
    const res = await server.gql(ENTITY, { entity: person(0), from: '2024-02-10', to: '2024-02-12' });
    expect(res.data.entityTimeline).toEqual([bucket('2024-02-10', '2024-02-10', 0), bucket('2024-02-11', '2024-02-11', 0), bucket('2024-02-12', '2024-02-12', 1)]);
    const all = await server.gql(ARTICLES, { from: '2024-01-01', to: '2024-02-29', interval: 'MONTH' });
    const [{ january }] = await ds.query(`SELECT count(*)::int AS january FROM article WHERE published_at >= '2024-01-01' AND published_at < '2024-02-01'`);
    expect(all.data.articleTimeline).toEqual([bucket('2024-01-01', '2024-01-31', january), bucket('2024-02-01', '2024-02-29', 1)]);
  });
});
