import { nodeTypeOf } from '../../src/resolvers/node-type';

describe('nodeTypeOf', () => {
  it('recognises an article listed without its body or hidden columns', () => {
    expect(nodeTypeOf({ id: 1, slug: 'a', title: 'T', lead: null, language: 'fr', publishedAt: new Date(), url: null, sourceId: null, commentCount: 0 })).toBe('Article');
  });

  it('tells entities, events, topics, sources and comments apart', () => {
    expect(nodeTypeOf({ id: 1, kind: 'organization', aliases: [], name: 'DGSN', url: null })).toBe('Organization');
    expect(nodeTypeOf({ id: 1, kind: 'visit', title: 'V', date: null, datePrecision: null })).toBe('Event');
    expect(nodeTypeOf({ id: 1, slug: 't', label: 'Terrorisme' })).toBe('Topic');
    expect(nodeTypeOf({ id: 1, slug: 's', name: 'S', url: null })).toBe('Source');
    expect(nodeTypeOf({ id: 1, authorName: 'A', body: 'b', status: 'approved' })).toBe('Comment');
  });

  it('refuses a row it cannot place rather than guessing', () => {
    expect(() => nodeTypeOf({ id: 1 })).toThrow(/no GraphQL type/);
  });
});
