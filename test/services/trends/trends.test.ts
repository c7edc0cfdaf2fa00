import { toGlobalId } from '../../../src/schema/global-id';
import { startTestServer, type TestServer } from '../../support/server';

let server: TestServer;
const ids: Record<string, number> = {};
const AS_OF = '2024-06-15T00:00:00.000Z';
const RECENT_FROM = '2024-06-13T00:00:00Z';
const BASELINE_FROM = '2024-05-30T00:00:00Z';

/** n articles mentioning the entity, spread evenly over (from, to). */
async function mentions(entity: string, n: number, from: string, to: string) {
  await server.db.dataSource.query(
    `WITH a AS (
       INSERT INTO article (slug, title, body, language, published_at, content_hash)
       SELECT $1 || '-' || g, 'T', 'B', 'en', $3::timestamptz + (g + 0.5) * ($4::timestamptz - $3::timestamptz) / $2, $1 || '-' || g
         FROM generate_series(0, $2 - 1) g RETURNING id, published_at)
     INSERT INTO article_entity (article_id, entity_id, mentions, first_start, published_at) SELECT a.id, $5, 1, 0, a.published_at FROM a`,
    [`${entity}-${from}`, n, from, to, ids[entity]],
  );
}

beforeAll(async () => {
  server = await startTestServer();
  const add = async (name: string, kind: string, countryId: number | null = null) => {
    const [{ id }] = await server.db.dataSource.query(`INSERT INTO entity (kind, slug, name, country_id, place_kind) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
      kind, name.toLowerCase(), name, countryId, kind === 'place' ? 'country' : null,
    ]);
    ids[name] = id;
  };
  await add('Morocco', 'place');
  await add('Alpha', 'person', ids.Morocco); // a story: 2 mentions in the baseline, 20 in the last 2 days
  await add('Beta', 'person'); // a rare name: 2 mentions, both recent
  await add('Gamma', 'organization'); // steady: 100 in 14 days, 16 in 2
  await add('Delta', 'organization', ids.Morocco); // always in the news: 700 in 14 days, 140 in 2
  await add('Old', 'person'); // mentioned before the baseline only
  await mentions('Alpha', 2, BASELINE_FROM, RECENT_FROM);
  await mentions('Alpha', 20, RECENT_FROM, AS_OF);
  await mentions('Beta', 2, RECENT_FROM, AS_OF);
  await mentions('Gamma', 100, BASELINE_FROM, RECENT_FROM);
  await mentions('Gamma', 16, RECENT_FROM, AS_OF);
  await mentions('Delta', 700, BASELINE_FROM, RECENT_FROM);
  await mentions('Delta', 140, RECENT_FROM, AS_OF);
  await mentions('Old', 30, '2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z');
  await mentions('Alpha', 3, AS_OF, '2024-06-20T00:00:00Z'); // after asOf: not counted
});
afterAll(() => server.close());

const TRENDS = `query($kind: EntityKind, $country: ID, $recentDays: Int, $baselineDays: Int, $asOf: DateTime, $first: Int) {
  trendingEntities(kind: $kind, country: $country, recentDays: $recentDays, baselineDays: $baselineDays, asOf: $asOf, first: $first) {
    entity { __typename name } recent baseline expected score
  }
}`;
const score = (recent: number, baseline: number) => (recent - (baseline * 2) / 14) / Math.sqrt((baseline * 2) / 14 + 5);

describe('trendingEntities', () => {
  it('ranks a story above a name always in the news, and both above a rare name with 2 mentions', async () => {
    const res = await server.gql(TRENDS, { asOf: AS_OF });
    expect(res.errors).toBeUndefined();
    const trends = res.data.trendingEntities;
    expect(trends.map((t: any) => [t.entity.name, t.recent, t.baseline])).toEqual([['Alpha', 20, 2], ['Delta', 140, 700], ['Beta', 2, 0], ['Gamma', 16, 100]]);
    expect(trends[1].expected).toBeCloseTo(100, 6);
    trends.forEach((t: any) => expect(t.score).toBeCloseTo(score(t.recent, t.baseline), 6));
    expect(trends[0].entity.__typename).toBe('Person');
  });

  it('filters by kind and by country, and pages with first', async () => {
    const people = await server.gql(TRENDS, { asOf: AS_OF, kind: 'PERSON' });
    expect(people.data.trendingEntities.map((t: any) => t.entity.name)).toEqual(['Alpha', 'Beta']);
    const moroccan = await server.gql(TRENDS, { asOf: AS_OF, country: toGlobalId('Place', ids.Morocco) });
    expect(moroccan.data.trendingEntities.map((t: any) => t.entity.name)).toEqual(['Alpha', 'Delta']);
    const one = await server.gql(TRENDS, { asOf: AS_OF, first: 1, kind: 'ORGANIZATION' });
    expect(one.data.trendingEntities.map((t: any) => t.entity.name)).toEqual(['Delta']);
  });

  it('takes other windows: a week against the month before', async () => {
    const res = await server.gql(TRENDS, { asOf: AS_OF, recentDays: 7, baselineDays: 30 });
    expect(res.errors).toBeUndefined();
    // Alpha's baseline mentions fall on 2 and 9 June: the week from 8 June holds one of them.
    const alpha = res.data.trendingEntities.find((t: any) => t.entity.name === 'Alpha');
    expect(alpha).toMatchObject({ recent: 21, baseline: 1 });
    expect(alpha.expected).toBeCloseTo(7 / 30, 6);
  });

  it('refuses windows out of range and a country that is no place', async () => {
    const zero = await server.gql(TRENDS, { recentDays: 0 });
    expect(zero.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^recentDays: /), extensions: { code: 'BAD_USER_INPUT' } });
    const long = await server.gql(TRENDS, { baselineDays: 1000 });
    expect(long.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    const person = await server.gql(TRENDS, { country: toGlobalId('Person', ids.Alpha) });
    expect(person.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^country: /), extensions: { code: 'BAD_USER_INPUT' } });
  });
});
