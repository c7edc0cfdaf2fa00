import { buildSchema, getOperationAST, parse } from 'graphql';
import { idPathsOf, MAX_SURROGATE_HEADER, operationCacheFacts, publicCacheControl, surrogateHeader, surrogateKeyHeaders, surrogateKeysOf, surrogateKeysSent } from '../../src/http/caching/policy';
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
    expect(facts(operation('front-page'))).toMatchObject({ cacheableKind: true, lifetime: 'lists', staticKeys: expect.arrayContaining(['articles', 'topic:unkeyed']) });
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
  const keysOf = (text: string, data: unknown) => {
    const document = parse(text);
    return [...surrogateKeysOf(data, idPathsOf(document, getOperationAST(document)!))];
  };

  it('names every object with a global id in the answer, once, in the order shown', () => {
    const data = { articles: { edges: [{ node: { id: toGlobalId('Article', 3), people: [{ id: toGlobalId('Person', 7) }, { id: toGlobalId('Place', 7) }] } }] }, other: { id: 'not-ours' } };
    expect(keysOf('{ articles { edges { node { id people { id } } } } other: person(slug: "x") { id } }', data)).toEqual(['article:3', 'entity:7']);
  });

  it('reads ids where the operation put them: aliases, fragments, inline fragments, nulls and lists', () => {
    const text = `query { a: article(slug: "x") { key: id ...Named } b: article(slug: "y") { title }
                    n: node(id: "z") { ... on Event { id place { id } } } }
                  fragment Named on Article { people { id } related { ...Named } }`;
    const data = {
      a: { key: toGlobalId('Article', 1), people: [{ id: toGlobalId('Person', 2) }, null], related: [{ people: [{ id: toGlobalId('Person', 4) }], related: [] }] },
      b: { title: 'no id selected', id: toGlobalId('Article', 9) },
      n: { id: toGlobalId('Event', 5), place: null },
    };
    expect(keysOf(text, data)).toEqual(['article:1', 'entity:2', 'entity:4', 'event:5']);
    // a field merely named id (an alias of another field) is not taken for one
    expect(keysOf('{ article(slug: "x") { id: slug } }', { article: { id: toGlobalId('Article', 1) } })).toEqual([]);
  });

  it('sends the keys in the header the CDN reads, and reads them back from it', () => {
    expect(surrogateKeyHeaders('articles article:1', 'surrogate-key')).toEqual([['surrogate-key', 'articles article:1']]);
    expect(surrogateKeyHeaders('articles article:1', 'cache-tag')).toEqual([['cache-tag', 'articles,article:1']]);
    expect(surrogateKeyHeaders('a:1', 'both').map(([name]) => name)).toEqual(['surrogate-key', 'cache-tag']);
    const sent = (headers: [string, string][]) => surrogateKeysSent((name) => new Map(headers).get(name));
    expect(sent(surrogateKeyHeaders('articles article:1', 'cache-tag'))).toBe('articles article:1');
    expect(sent(surrogateKeyHeaders('articles article:1', 'surrogate-key'))).toBe('articles article:1');
  });

  it('gives way to the kinds’ keys past the header limit', () => {
    const many = Array.from({ length: 2000 }, (_, i) => `article:${i + 1}`);
    const header = surrogateHeader([...many, 'articles', 'entity:4']);
    expect(header.length).toBeLessThan(MAX_SURROGATE_HEADER);
    expect(header.split(' ').sort()).toEqual(['article:unkeyed', 'articles', 'entity:unkeyed']);
    expect(surrogateHeader(['b:1', 'a:2'])).toBe('b:1 a:2');
  });

  it('keeps browsers to the lists’ lifetime, shared caches to the operation’s', () => {
    expect(publicCacheControl('entities', MAX_AGE)).toBe('public, max-age=30, s-maxage=600, stale-while-revalidate=60');
    expect(publicCacheControl('lists', { ...MAX_AGE, lists: 0 })).toBe('no-cache');
  });
});
