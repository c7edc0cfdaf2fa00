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
