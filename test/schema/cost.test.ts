import { buildSchema, getIntrospectionQuery, getNamedType, getNullableType, getOperationAST, isListType, isObjectType, parse, validate, type GraphQLObjectType } from 'graphql';
import { loadConfig } from '../../src/config';
import { DEFAULT_LIST_SIZE, DEFAULT_PAGE_SIZES, costVariables, exceededLimit, measureOperation, queryTooComplex, tooManyTokens, tooManyVariableValues, type OperationCost } from '../../src/schema/cost';
import { loadTypeDefs } from '../../src/schema/load';
import { deepIntrospection, multiplyingFragments, nestedArticles } from '../../bench/hostile';

const schema = buildSchema(loadTypeDefs());
const { tokens: tokenLimit, variables: MAX_VARIABLE_VALUES, ...limits } = loadConfig({}).queryLimits;

/** The cost of a query that must be valid against the schema. */
function cost(query: string, variables: Record<string, unknown> = {}): OperationCost {
  const document = parse(query);
  expect(validate(schema, document)).toEqual([]);
  return measureOperation({ schema, document, operation: getOperationAST(document)!, variables });
}

describe('measuring an operation', () => {
  it('counts depth, fields and aliases of a plain selection', () => {
    expect(cost('{ article(slug: "a") { title t2: title source { name } } }')).toEqual({ nodes: 2, depth: 3, fields: 5, aliases: 1 });
    expect(cost('{ __typename }')).toEqual({ nodes: 0, depth: 1, fields: 1, aliases: 0 });
  });

  it("multiplies a connection's edges by its page: the literal, a variable, last, or the field's default", () => {
    // 1 connection + 100 edges + 100 articles + 1 pageInfo.
    expect(cost('{ articles(first: 100) { pageInfo { hasNextPage } edges { node { id } } } }').nodes).toBe(202);
    expect(cost('query ($n: Int) { articles(first: $n) { edges { node { id } } } }', { n: 7 }).nodes).toBe(15);
    expect(cost('{ articles(last: 3) { edges { node { id } } } }').nodes).toBe(7);
    expect(cost('{ articles { edges { node { id } } } }').nodes).toBe(1 + 2 * DEFAULT_PAGE_SIZES['Query.articles']);
    // A variable left out falls back to the field's default, as in its resolver.
    expect(cost('query ($n: Int) { articles(first: $n) { edges { node { id } } } }').nodes).toBe(41);
    // The schema's own default (search(first: Int = 10)).
    expect(cost('{ search(query: "x") { edges { node { __typename } } } }').nodes).toBe(21);
  });

  it('counts a list with a page argument at its page, a list of ids at one item per id, capped lists at their cap, others at the default size', () => {
    expect(cost('{ article(slug: "a") { related(first: 3) { id } } }').nodes).toBe(1 + 3);
    expect(cost('{ article(slug: "a") { related { id } } }').nodes).toBe(1 + 5);
    expect(cost('{ nodes(ids: ["a", "b", "c"]) { id } }').nodes).toBe(3);
    expect(cost('{ network(center: "x") { nodes { id } edges { source } } }').nodes).toBe(1 + 500 + 2000);
    expect(cost('{ article(slug: "a") { people { name } } }').nodes).toBe(1 + DEFAULT_LIST_SIZE);
  });

  it('multiplies nested lists: the request that killed a worker', () => {
    // Each level: the connection, 100 edges and 100 articles, each article's people (10) with the level below.
    const level1 = 1 + 100 * 2;
    const level2 = 1 + 100 * (2 + DEFAULT_LIST_SIZE * (1 + level1));
    const level3Nodes = 1 + 100 * (2 + DEFAULT_LIST_SIZE * (1 + level2));
    const measured = cost(`{ ${nestedArticles(3, '100')} }`);
    expect(measured.nodes).toBe(level3Nodes);
    expect(measured.nodes).toBeGreaterThan(200_000_000);
    expect(queryTooComplex(measured, limits)?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', measure: 'nodes', value: level3Nodes, limit: limits.nodes });
  });

  it('counts a page asked for through a variable as asked, however large', () => {
    const measured = cost('query ($n: Int) { articles(first: $n) { edges { node { id } } } }', { n: 100_000 });
    expect(measured.nodes).toBe(200_001);
    expect(exceededLimit(measured, limits)).toEqual({ measure: 'nodes', value: 200_001, limit: limits.nodes });
  });

  it('counts nothing below an empty page, however much is there', () => {
    expect(cost(`{ articles(first: 0) { totalCount edges { node { people { ${nestedArticles(2, '100')} } } } } }`).nodes).toBe(1);
    // Below it, 100^160 spreads of a list: Infinity nodes, counted as nothing rather than NaN.
    const fragments = multiplyingFragments(160, 'related(first: 20) { id }', 100, 'Article');
    const infinite = cost(`{ articles(first: 0) { edges { node { ...F0 } } } } ${fragments}`);
    expect(infinite.nodes).toBe(1);
    expect(infinite.fields).toBe(Number.MAX_SAFE_INTEGER);
    expect(exceededLimit(infinite, limits)?.measure).toBe('fields');
  });

  it('counts named, inline and nested fragments exactly as the same selection written out', () => {
    const written = cost('{ articles(first: 5) { edges { node { id people { name articles(first: 2) { edges { node { title } } } } } } } }');
    const withFragments = cost(`
      { articles(first: 5) { ...Page } }
      fragment Page on ArticleConnection { edges { node { ... on Article { id ...People } } } }
      fragment People on Article { people { ... { name } articles(first: 2) { ...Titles } } }
      fragment Titles on ArticleConnection { edges { node { title } } }`);
    expect(withFragments).toEqual(written);
  });

  it('counts a fragment at every spread, spreads doubling over 30 levels included, without walking them all', () => {
    // 2^30 spreads of F30: a walk per spread would never end; one walk per fragment is instant.
    const measured = cost(multiplyingFragments(30, '__typename a: __typename'));
    expect(measured).toEqual({ nodes: 0, depth: 1, fields: 2 ** 31, aliases: 2 ** 30 });
    expect(exceededLimit(measured, limits)?.measure).toBe('aliases');
  });

  it('leaves out selections that @skip or @include leave out', () => {
    const query = 'query ($full: Boolean!) { articles(first: 50) @include(if: $full) { edges { node { id } } } article(slug: "a") @skip(if: $full) { id } }';
    expect(cost(query, { full: true }).nodes).toBe(101);
    expect(cost(query, { full: false }).nodes).toBe(1);
  });

  it('measures with the defaults when the variables are rejected (execution then refuses them)', () => {
    expect(cost('query ($n: Int) { articles(first: $n) { edges { node { id } } } }', { n: 'many' }).nodes).toBe(41);
  });

  it('reads only the variables of sizing arguments and directives: another one, rejected or not, changes nothing', () => {
    const query = `query ($slug: String!, $n: Int, $ids: [ID!]!, $full: Boolean!, $from: Date) {
      person(slug: $slug) { met(first: $n, from: $from) { edges { node { name } } } }
      nodes(ids: $ids) { id }
      ...Extra @include(if: $full)
    }
    fragment Extra on Query { articles(last: $n) { edges { node { id } } } }`;
    expect([...costVariables(parse(query))].sort()).toEqual(['full', 'ids', 'n']);
    const asked = { slug: 'a', n: 5, ids: ['x', 'y'], full: true, from: '2024-01-01' };
    const measured = cost(query, asked);
    // the person and its page of met (2 + 2n), the two nodes, the page of articles (1 + 2n)
    expect(measured.nodes).toBe(5 + 4 * 5);
    expect(cost(query, { ...asked, slug: 'b', from: null })).toEqual(measured);
    expect(cost(query, { ...asked, slug: 42, from: 'not a date' })).toEqual(measured);
    expect(cost(query, { ...asked, n: 6 }).nodes).toBe(5 + 4 * 6);
  });

  it('measures deep introspection by its depth', () => {
    const measured = cost(deepIntrospection(50));
    expect(measured.depth).toBe(50);
    expect(exceededLimit(measured, limits)).toEqual({ measure: 'depth', value: 50, limit: limits.depth });
  });

  it("keeps GraphiQL's introspection query well within every limit", () => {
    const measured = cost(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true }));
    expect(exceededLimit(measured, limits)).toBeNull();
    expect(measured.nodes).toBeLessThan(limits.nodes / 4);
    expect(measured.fields).toBeLessThan(limits.fields / 4);
  });

  it('stays a finite, exact-or-saturated number however far lists nest', () => {
    const measured = cost(`{ ${nestedArticles(12, '100')} }`);
    expect(measured.nodes).toBe(Number.MAX_SAFE_INTEGER);
    expect(JSON.parse(JSON.stringify(measured)).nodes).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('page sizes', () => {
  const pagedFields = Object.values(schema.getTypeMap())
    .filter(isObjectType)
    .filter((t) => !t.name.startsWith('__'))
    .flatMap((t) => Object.values(t.getFields()).map((f) => ({ coordinate: `${t.name}.${f.name}`, field: f })))
    .filter(({ field }) => field.args.some((a) => a.name === 'first' || a.name === 'last'));

  it('knows the default page of every paged field of the schema, and of no other', () => {
    expect(Object.keys(DEFAULT_PAGE_SIZES).sort()).toEqual(pagedFields.map((p) => p.coordinate).sort());
  });

  it("agrees with the schema where the schema states a field's default page", () => {
    const stated = pagedFields.flatMap(({ coordinate, field }) => {
      const first = field.args.find((a) => a.name === 'first');
      return first?.defaultValue !== undefined ? [[coordinate, first.defaultValue]] : [];
    });
    expect(stated.length).toBeGreaterThan(0);
    for (const [coordinate, value] of stated) expect(DEFAULT_PAGE_SIZES[coordinate as string]).toBe(value);
  });

  it('finds the page of every paged field that is not a list in its edges', () => {
    for (const { field } of pagedFields.filter(({ field }) => !isListType(getNullableType(field.type)))) {
      expect(Object.keys((getNamedType(field.type) as GraphQLObjectType).getFields())).toContain('edges');
    }
  });
});

describe('the variables limit', () => {
  it('counts every scalar, list and object, declared or not, and stops one past the limit', () => {
    expect(tooManyVariableValues({ input: { articleId: 'x', body: 'y' }, ids: [1, 2, 3] }, 7)).toBeNull(); // input, its 2 fields, ids, its 3 items
    const error = tooManyVariableValues({ ids: Array.from({ length: 100_000 }, (_, i) => i) }, 1000)!;
    expect(error.message).toBe('The variables hold more than 1000 values: send fewer.');
    expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', measure: 'variables', limit: 1000 });
    expect(tooManyVariableValues(null, MAX_VARIABLE_VALUES)).toBeNull();
    expect(tooManyVariableValues({ ids: Array.from({ length: MAX_VARIABLE_VALUES - 1 }, String) }, MAX_VARIABLE_VALUES)).toBeNull();
  });

  it('walks variables nested 100,000 deep without recursion', () => {
    let nested: unknown = 1;
    for (let i = 0; i < 100_000; i++) nested = { a: nested };
    expect(tooManyVariableValues({ x: nested }, 200_000)).toBeNull();
    expect(tooManyVariableValues({ x: nested }, MAX_VARIABLE_VALUES)!.extensions.value).toBe(MAX_VARIABLE_VALUES + 1);
  });
});

describe('the token limit', () => {
  it('refuses a document over it, counting one token past the limit and no further', () => {
    expect(tooManyTokens('{ a b c }', 5)).toBeNull(); // { a b c } is 5 tokens
    const error = tooManyTokens(`{ ${'title '.repeat(100_000)} }`, 5)!;
    expect(error.message).toBe('The document has more than 5 tokens: send a smaller one.');
    expect(error.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', measure: 'tokens', value: 6, limit: 5 });
  });

  it('leaves a document the lexer cannot read to the parser and its syntax error', () => {
    expect(tooManyTokens('{ "unterminated', 1)).toBeNull();
  });

  it("keeps GraphiQL's introspection query well within it", () => {
    expect(tooManyTokens(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true }), tokenLimit / 4)).toBeNull();
  });
});

describe('the refusal', () => {
  it('names the measure over its limit, the value, the limit and the whole cost', () => {
    const measured: OperationCost = { nodes: 10, depth: 50, fields: 60, aliases: 0 };
    const error = queryTooComplex(measured, limits)!;
    expect(error.message).toBe(`The operation nests fields 50 deep, over the limit of ${limits.depth}: ask for less (smaller pages, fewer nested lists or fields).`);
    expect(error.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', measure: 'depth', value: 50, limit: limits.depth, cost: { ...measured, limits } });
  });

  it('is null within every limit, at the limits included', () => {
    expect(queryTooComplex({ ...limits }, limits)).toBeNull();
    for (const measure of ['nodes', 'depth', 'fields', 'aliases'] as const) {
      expect(exceededLimit({ ...limits, [measure]: limits[measure] + 1 }, limits)?.measure).toBe(measure);
    }
  });
});
