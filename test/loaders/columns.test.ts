import { createLoaders } from '../../src/loaders';
import { eventPlace, eventSources } from '../../src/loaders/parts/article';
import { columnsFor, ENTITY_ALWAYS, ENTITY_COLUMNS } from '../../src/loaders/parts/columns';
import { encounterEvents, personMet } from '../../src/loaders/parts/met';
import { pageRequest } from '../../src/pagination';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { buildNewsroom, type Newsroom } from '../resolvers/newsroom';

/** Parts read the columns their selection needs (loaders/parts/columns.ts), and every column for a field they do not know. */
let db: TestDatabase;
let room: Newsroom;
beforeAll(async () => {
  db = await createTestDatabase();
  room = await buildNewsroom(db.dataSource);
});
afterAll(() => db.drop());

describe('columns by selection', () => {
  it('keeps id and kind for entities, each field\'s columns, and all columns when a field is not listed', () => {
    expect(columnsFor(ENTITY_COLUMNS, ENTITY_ALWAYS, new Set(['__typename', 'id', 'name', 'country', 'articles']))).toEqual(['countryId', 'id', 'kind', 'name']);
    expect(columnsFor(ENTITY_COLUMNS, ENTITY_ALWAYS, new Set(['name', 'someFieldAddedLater']))).toBeNull();
  });

  it('hydrates only those columns, through the loaders as through a page', async () => {
    const loaders = createLoaders(db.dataSource);
    const met = await loaders.part(personMet).load({
      id: room.people[0],
      plan: { window: { from: null, to: null }, events: { statuses: ['proposed', 'confirmed'], minConfidence: 0 }, share: false, node: ['id', 'kind', 'slug'], page: pageRequest({ first: 2 }, 20, 'number'), withTotal: false },
    });
    const [first] = met.edges;
    expect(Object.keys(first.node).sort()).toEqual(['eventIds', 'firstMet', 'id', 'kind', 'lastMet', 'meetings', 'slug']);
    const [event] = await Promise.all(first.node.eventIds.slice(0, 1).map((id) => loaders.part(encounterEvents).load({ id, plan: ['id', 'placeId', 'title'] })));
    expect(Object.keys(event!).sort()).toEqual(['id', 'placeId', 'title']);
    const place = await loaders.part(eventPlace).load({ id: event!.placeId!, plan: ['id', 'kind', 'name'] });
    expect(place).toEqual({ id: event!.placeId, kind: 'place', name: expect.any(String) });
    const sources = await loaders.part(eventSources).load({ id: room.events[0], plan: ['id', 'slug'] });
    expect(sources).toEqual([{ id: room.articles[0], slug: 'article-0' }, { id: room.articles[4], slug: 'article-4' }]);
    const everything = await loaders.part(eventSources).load({ id: room.events[0], plan: null });
    expect(Object.keys(everything[0]).sort()).toEqual(['body', 'commentCount', 'id', 'language', 'lead', 'publishedAt', 'slug', 'sourceId', 'title', 'url']);
  });
});
