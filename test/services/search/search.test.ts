import { escapeHtml, highlightName, wordSimilarity } from '../../../src/services/search/highlight';
import { operation } from '../../support/operations';
import { sqlStatements, startTestServer, type TestServer } from '../../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ seed: true });
});
afterAll(() => server.close());

const run = (query: string, first = 10, after?: string) => server.gql(operation('search'), { query, first, after });

describe('search.graphql', () => {
  it('finds Hammouchi from a misspelt, lower-case "hamouchi", first, with the name highlighted', async () => {
    const res = await run('hamouchi');
    expect(res.errors).toBeUndefined();
    const [top] = res.data.search.edges;
    expect(top.node).toMatchObject({ __typename: 'Person', slug: 'abdellatif-hammouchi', name: 'Abdellatif Hammouchi' });
    expect(top.highlight).toBe('Abdellatif <mark>Hammouchi</mark>');
    expect(top.score).toBeGreaterThan(0.6);
  });

  it('reads the page of articles and names in its one statement, rows as node(id) answers them', async () => {
    const res = await run('maroc hammouchi');
    expect(res.errors).toBeUndefined();
    expect(sqlStatements(res)).toBe(1);
    const kinds = new Set(res.data.search.edges.map((e: any) => e.node.__typename));
    expect(kinds.has('Article') && kinds.has('Person')).toBe(true);
    for (const { node } of res.data.search.edges) {
      const fields = node.__typename === 'Article' ? 'id slug title publishedAt' : 'id slug name';
      const byId = await server.gql(`query($id: ID!) { node(id: $id) { __typename ... on ${node.__typename} { ${fields} } } }`, { id: node.id });
      expect(byId.data.node).toEqual(node.__typename === 'Article' ? node : { __typename: node.__typename, id: node.id, slug: node.slug, name: node.name });
    }
  });

  it('matches without accents and by acronym', async () => {
    const surete = await run('surete de l etat');
    expect(surete.data.search.edges.map((e: any) => e.node.slug)).toContain('belgian-state-security');
    const dgst = await run('DGST');
    expect(dgst.data.search.edges[0].node).toMatchObject({ __typename: 'Organization', acronym: 'DGST' });
  });

  it('finds the article through French stemming and accent folding, with a highlighted snippet', async () => {
    // "terroriste" is not in the text; "terroristes" and "terrorisme" share its French stem.
    const res = await run('terroriste blanchiment');
    const article = res.data.search.edges.find((e: any) => e.node.__typename === 'Article');
    expect(article.node.slug).toBe('renforcement-de-la-cooperation-securitaire-entre-le-maroc-et-la-belgique');
    expect(article.highlight).toMatch(/<mark>terroristes?<\/mark>|<mark>terrorisme<\/mark>/);
    expect(article.highlight).toMatch(/<mark>blanchiment<\/mark>/);
    expect((await run('securite cooperation')).data.search.edges.some((e: any) => e.node.__typename === 'Article')).toBe(true);
  });

  it('answers nothing, not an error, for words that match nothing', async () => {
    const res = await run('xylophone');
    expect(res.errors).toBeUndefined();
    expect(res.data.search).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
  });

  it('pages through every hit exactly once, best first', async () => {
    const all = (await run('belgique maroc', 100)).data.search;
    expect(all.totalCount).toBeGreaterThan(2);
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = (await run('belgique maroc', 1, after)).data.search;
      seen.push(...page.edges.map((e: any) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined;
    } while (after);
    expect(seen).toEqual(all.edges.map((e: any) => e.node.id));
    const scores = all.edges.map((e: any) => e.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it.each([
    ['', 'query: must not be empty'],
    ['x'.repeat(201), 'query: at most 200 characters, got 201'],
  ])('refuses the query %j with BAD_USER_INPUT', async (query, message) => {
    const res = await run(query);
    expect(res.errors![0]).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('takes quotes, operators and SQL-looking text as plain words', async () => {
    for (const query of ['"Eric Snoek"', 'snoek OR bostyn', "'; DROP TABLE article; --", '-maroc', '&|!:*']) {
      const res = await run(query);
      expect(res.errors).toBeUndefined();
    }
    expect((await run('snoek OR bostyn')).data.search.edges.map((e: any) => e.node.slug)).toEqual(
      expect.arrayContaining(['eric-snoek']),
    );
  });
});

describe('search highlights', () => {
  it('escape HTML in the text around the marks', () => {
    expect(highlightName('<b>Hammouchi</b> & co', 'hammouchi')).toBe('&lt;b&gt;<mark>Hammouchi</mark>&lt;/b&gt; &amp; co');
    expect(escapeHtml(`"'`)).toBe('&quot;&#39;');
  });

  it('measure word similarity as pg_trgm does', () => {
    expect(wordSimilarity('hamouchi', 'hammouchi')).toBeCloseTo(8 / 11, 5);
    expect(wordSimilarity('maroc', 'maroc')).toBe(1);
  });
});
