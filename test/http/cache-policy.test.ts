import { buildSchema, getOperationAST, parse } from 'graphql';
import { MAX_SURROGATE_HEADER, operationCacheFacts, publicCacheControl, surrogateHeader, surrogateKeysOf } from '../../src/http/caching/policy';
import { toGlobalId } from '../../src/schema/global-id';
import { loadTypeDefs } from '../../src/schema/load';
import { operation } from '../support/operations';

const schema = buildSchema(loadTypeDefs());
const facts = (text: string) => {
  const document = parse(text);
  return operationCacheFacts(schema, document, getOperationAST(document)!);
};
const MAX_AGE = { lists: 30, articles: 120, entities: 600, staleWhileRevalidate: 60 };

describe('what an operation reads decides its lifetime and static keys', () => {
  it('lists: the front page, keyed `articles`, its topics shown without id', () => {
    expect(facts(operation('front-page'))).toEqual({ cacheableKind: true, lifetime: 'lists', staticKeys: expect.arrayContaining(['articles', 'topic:unkeyed']) });
  });

  it('articles and entities: the article page and a person’s page', () => {
    expect(facts(operation('article-page')).lifetime).toBe('articles');
    expect(facts(operation('who-met-whom')).lifetime).toBe('entities');
    expect(facts(operation('who-met-whom')).staticKeys).not.toContain('articles');
  });

  it('lists of articles carry `articles`, lists of people, organizations and places `entities`', () => {
    expect(facts('{ trendingEntities { score } articleTimeline(interval: MONTH, from: "2024-01-01", to: "2024-12-31") { articles } }').staticKeys).toContain('articles');
    expect(facts('{ people { totalCount } }').staticKeys).toEqual(['entities']);
    expect(facts('{ person(slug: "x") { id } }').staticKeys).not.toContain('entities');
  });

  it('the shortest lifetime of its root fields, through fragments on Query', () => {
    expect(facts('query { person(slug: "x") { id } ...F } fragment F on Query { articles { totalCount } }').lifetime).toBe('lists');
  });

  it('an id selected through a fragment or inline fragment counts; an interface without id names every kind it may show', () => {
    expect(facts('{ article(slug: "x") { ...A } } fragment A on Article { id title }').staticKeys).toEqual([]);
    expect(facts('{ article(slug: "x") { ... on Article { id } title } }').staticKeys).toEqual([]);
    expect(facts('{ node(id: "x") { __typename } }').staticKeys).toEqual(expect.arrayContaining(['article:unkeyed', 'entity:unkeyed', 'event:unkeyed', 'comment:unkeyed']));
  });

  it('mutations and introspection are never public', () => {
    expect(facts(operation('add-comment')).cacheableKind).toBe(false);
    expect(facts('{ __schema { queryType { name } } }').cacheableKind).toBe(false);
    expect(facts('{ __typename articles { totalCount } }').cacheableKind).toBe(true);
  });
});

describe('surrogate keys and headers', () => {
  it('names every object with a global id in the answer, once', () => {
    const data = { articles: { edges: [{ node: { id: toGlobalId('Article', 3), people: [{ id: toGlobalId('Person', 7) }, { id: toGlobalId('Place', 7) }] } }] }, other: { id: 'not-ours' } };
    expect([...surrogateKeysOf(data)].sort()).toEqual(['article:3', 'entity:7']);
  });

  it('gives way to the kinds’ keys past the header limit', () => {
    const many = Array.from({ length: 2000 }, (_, i) => `article:${i + 1}`);
    const header = surrogateHeader([...many, 'articles', 'entity:4']);
    expect(header.length).toBeLessThan(MAX_SURROGATE_HEADER);
    expect(header.split(' ').sort()).toEqual(['article:unkeyed', 'articles', 'entity:unkeyed']);
    expect(surrogateHeader(['b:1', 'a:2'])).toBe('a:2 b:1');
  });

  it('keeps browsers to the lists’ lifetime, shared caches to the operation’s', () => {
    expect(publicCacheControl('entities', MAX_AGE)).toBe('public, max-age=30, s-maxage=600, stale-while-revalidate=60');
    expect(publicCacheControl('lists', { ...MAX_AGE, lists: 0 })).toBe('no-cache');
  });
});
