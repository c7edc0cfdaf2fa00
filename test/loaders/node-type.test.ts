import { Article, Comment, Event, NamedEntity, Source, Topic } from '../../src/entities';
import { nodeTypeOf } from '../../src/loaders/node-type';

describe('nodeTypeOf', () => {
  it('knows a loaded row by its entity class', () => {
    expect(nodeTypeOf(Object.assign(new Article(), { id: 1, slug: 'a' }))).toBe('Article');
    // An event has a kind too ('visit'): its class decides, not the column.
    expect(nodeTypeOf(Object.assign(new Event(), { id: 1, kind: 'visit' }))).toBe('Event');
    expect(nodeTypeOf(Object.assign(new Topic(), { id: 1 }))).toBe('Topic');
    expect(nodeTypeOf(Object.assign(new Source(), { id: 1 }))).toBe('Source');
    expect(nodeTypeOf(Object.assign(new Comment(), { id: 1 }))).toBe('Comment');
  });

  it('knows a person, organization or place by its kind, as an instance or a raw row', () => {
    expect(nodeTypeOf(Object.assign(new NamedEntity(), { id: 1, kind: 'person' }))).toBe('Person');
    expect(nodeTypeOf({ id: 1, kind: 'organization', name: 'DGSN' })).toBe('Organization');
    expect(nodeTypeOf({ id: 1, kind: 'place' })).toBe('Place');
  });

  it('refuses a raw row of no known source rather than guessing from its columns', () => {
    expect(() => nodeTypeOf({ id: 1, slug: 'a', title: 'T', publishedAt: new Date() })).toThrow(/no known source/);
    expect(() => nodeTypeOf({ id: 1, kind: 'visit', datePrecision: null })).toThrow(/no known source/);
    expect(() => nodeTypeOf({ id: 1, kind: 'toString' })).toThrow(/no known source/);
  });
});
