import { operation } from '../support/operations';
import { sqlStatements, startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ seed: true });
});
afterAll(() => server.close());

const SLUG = 'renforcement-de-la-cooperation-securitaire-entre-le-maroc-et-la-belgique';

describe('article-page.graphql on the seed article', () => {
  it('serves the article with linked mentions, events and source', async () => {
    const res = await server.gql(operation('article-page'), { slug: SLUG });
    expect(res.errors).toBeUndefined();
    const a = res.data.article;
    expect(a.title).toBe('Renforcement de la coopération sécuritaire entre le Maroc et la Belgique');
    expect(a.language).toBe('fr');
    expect(a.publishedAt).toBe('2024-12-06T00:00:00.000Z');
    for (const m of a.mentions) expect(a.body.slice(m.start, m.end)).toBe(m.text);
    const snoek = a.mentions.find((m: any) => m.text === 'Eric Snoek');
    expect(snoek.entity).toMatchObject({ __typename: 'Person', slug: 'eric-snoek', name: 'Eric Snoek' });
    const dgsn = a.mentions.find((m: any) => m.text === 'DGSN');
    expect(dgsn.entity).toMatchObject({ __typename: 'Organization', acronym: 'DGSN' });
    expect(a.events.map((e: any) => e.kind).sort()).toEqual(['AGREEMENT_SIGNED', 'MEETING', 'MEETING', 'VISIT', 'VISIT']);
    expect(a.events.find((e: any) => e.date === '2024-11-25').place.name).toBe('Morocco');
    expect(a.commentCount).toBe(0);
    expect(a.comments).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
    expect(a.related).toEqual([]);
  });

  it('runs in one SQL statement: the article reads its parts along (Query.article looks ahead)', async () => {
    const res = await server.gql(operation('article-page'), { slug: SLUG });
    expect(res.errors).toBeUndefined();
    expect(sqlStatements(res)).toBe(1);
  });

  it('answers null for an unknown slug', async () => {
    const res = await server.gql(operation('article-page'), { slug: 'no-such-article' });
    expect(res.errors).toBeUndefined();
    expect(res.data.article).toBeNull();
  });
});
