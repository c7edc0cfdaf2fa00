import { startTestServer, type TestServer } from '../support/server';
import { buildNewsroom, PEOPLE, type Newsroom } from './newsroom';

let server: TestServer;
let room: Newsroom;
beforeAll(async () => {
  server = await startTestServer();
  room = await buildNewsroom(server.db.dataSource);
});
afterAll(() => server.close());

async function data(query: string, variables?: Record<string, unknown>) {
  const res = await server.gql(query, variables);
  expect(res.errors).toBeUndefined();
  return res.data;
}

/** Event k of the newsroom: dated 2023-(1 + k % 12)-(01|15) unless k % 7 === 6. */
const eventDate = (k: number) => (k % 7 === 6 ? null : `2023-${String(1 + (k % 12)).padStart(2, '0')}-${k % 5 === 0 ? '01' : '15'}`);
const newestFirst = (ks: number[]) =>
  [...ks].sort((a, b) => {
    const [da, db] = [eventDate(a) ?? '', eventDate(b) ?? ''];
    return da === db ? room.events[b] - room.events[a] : da < db ? 1 : -1;
  }).map((k) => `event-${k}`);

describe('a person', () => {
  it('has a country, aliases and affiliations, most recent first', async () => {
    const { person } = await data(`{ person(slug: "eric-dupont") {
      name title aliases country { name code }
      affiliations { role since until organization { slug acronym } person { name } } } }`);
    expect(person).toMatchObject({ name: 'Éric Dupont', title: 'Directeur général', aliases: ['Dupont'], country: { name: 'Belgium', code: 'BE' } });
    expect(person.affiliations).toEqual([
      { role: 'Directeur général', since: '2020-01-01', until: null, organization: { slug: 'ministere-de-l-interieur', acronym: 'MI' }, person: { name: 'Éric Dupont' } },
      { role: 'Conseiller', since: '2015-03-01', until: '2019-12-31', organization: { slug: 'ministere-de-l-interieur', acronym: 'MI' }, person: { name: 'Éric Dupont' } },
      { role: 'Adviser', since: null, until: null, organization: { slug: 'port-authority', acronym: null }, person: { name: 'Éric Dupont' } },
    ]);
  });

  it('has the events taken part in, newest first, within a date window', async () => {
    const { person } = await data(`{ person(slug: "zoe-martin") {
      all: events(first: 50) { totalCount edges { node { slug } } }
      spring: events(first: 50, from: "2023-03-01", to: "2023-05-31") { totalCount edges { node { slug date } } } } }`);
    const zoe = Array.from({ length: 25 }, (_, k) => k).filter((k) => k % 5 === 0);
    expect(person.all.totalCount).toBe(zoe.length);
    expect(person.all.edges.map((e: any) => e.node.slug)).toEqual(newestFirst(zoe));
    const spring = zoe.filter((k) => { const d = eventDate(k); return d !== null && d >= '2023-03-01' && d <= '2023-05-31'; });
    expect(person.spring.edges.map((e: any) => e.node.slug)).toEqual(newestFirst(spring));
    expect(person.spring.totalCount).toBe(spring.length);
  });

  it('refuses an inverted date window', async () => {
    const res = await server.gql(`{ person(slug: "zoe-martin") { events(from: "2023-05-01", to: "2023-01-01") { totalCount } } }`);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('has the articles that mention it, newest first', async () => {
    const { person } = await data(`{ person(slug: "anne-peeters") { articles(first: 10) { totalCount edges { node { slug } } } } }`);
    expect(person.articles).toEqual({ totalCount: 2, edges: [{ node: { slug: 'article-8' } }, { node: { slug: 'article-7' } }] });
  });
});

describe('an organization', () => {
  it('has its country, parent and sub-organizations', async () => {
    const { ministry, cyber } = await data(`{
      ministry: organization(slug: "ministere-de-l-interieur") { name acronym aliases country { name } parent { slug } subOrganizations { slug parent { slug } } }
      cyber: organization(slug: "cellule-cyber") { parent { slug name } subOrganizations { slug } } }`);
    expect(ministry).toEqual({
      name: 'Ministère de l’Intérieur', acronym: 'MI', aliases: ['Interior Ministry'], country: { name: 'Belgium' }, parent: null,
      subOrganizations: [
        { slug: 'administration-des-douanes', parent: { slug: 'ministere-de-l-interieur' } },
        { slug: 'cellule-cyber', parent: { slug: 'ministere-de-l-interieur' } },
      ],
    });
    expect(cyber).toEqual({ parent: { slug: 'ministere-de-l-interieur', name: 'Ministère de l’Intérieur' }, subOrganizations: [] });
  });

  it('has its members by name, one edge per role with its dates', async () => {
    const { organization } = await data(`{ organization(slug: "ministere-de-l-interieur") {
      members(first: 20) { totalCount edges { role since until node { name } } } } }`);
    expect(organization.members.totalCount).toBe(8);
    const edges = organization.members.edges.map((e: any) => [e.node.name, e.role, e.since, e.until]);
    // In the database's collation order, as the keyset compares names there.
    const byName = await server.db.dataSource.query(
      `SELECT p.name FROM affiliation af JOIN entity p ON p.id = af.person_id WHERE af.organization_id = $1 ORDER BY p.name, af.id`, [room.orgs.ministry]);
    expect(edges.map((e: any) => e[0])).toEqual(byName.map((r: any) => r.name));
    expect([...new Set(edges.map((e: any) => e[0]))].sort()).toEqual(PEOPLE.slice(0, 7).sort());
    expect(edges).toEqual(expect.arrayContaining([
      ['Éric Dupont', 'Directeur général', '2020-01-01', null],
      ['Éric Dupont', 'Conseiller', '2015-03-01', '2019-12-31'],
      ['Zoë Martin', 'Expert', '2011-01-01', null],
    ]));
  });

  it('has the events it took part in and the articles naming it', async () => {
    const { organization } = await data(`{ organization(slug: "ministere-de-l-interieur") {
      events(first: 50) { totalCount edges { node { slug } } }
      articles(first: 50) { totalCount edges { node { slug } } } } }`);
    const withMinistry = Array.from({ length: 25 }, (_, k) => k).filter((k) => k % 4 === 0);
    expect(organization.events.edges.map((e: any) => e.node.slug)).toEqual(newestFirst(withMinistry));
    expect(organization.articles.edges.map((e: any) => e.node.slug)).toEqual(['article-24', 'article-18', 'article-12', 'article-6', 'article-0']);
  });
});

describe('a place', () => {
  it('has its kind, code and aliases', async () => {
    const { brussels, belgium } = await data(`{
      brussels: place(slug: "brussels") { name kind code aliases }
      belgium: place(slug: "belgium") { kind code } }`);
    expect(brussels).toEqual({ name: 'Brussels', kind: 'CITY', code: null, aliases: ['Bruxelles'] });
    expect(belgium).toEqual({ kind: 'COUNTRY', code: 'BE' });
  });

  it('has the articles naming it and the events held there, once each even when it also takes part', async () => {
    await server.db.dataSource.query(
      `INSERT INTO event_participant (event_id, entity_id, role, date) SELECT id, place_id, 'venue', date FROM event WHERE slug = 'event-3'`,
    );
    const { place } = await data(`{ place(slug: "brussels") {
      articles(first: 50) { totalCount edges { node { slug } } }
      events(first: 50) { totalCount edges { node { slug place { slug } } } } } }`);
    expect(place.articles.edges.map((e: any) => e.node.slug)).toEqual(['article-25', 'article-20', 'article-15', 'article-10', 'article-5', 'article-0']);
    const held = Array.from({ length: 25 }, (_, k) => k).filter((k) => k % 3 === 0);
    expect(place.events.totalCount).toBe(held.length);
    expect(place.events.edges.map((e: any) => e.node.slug)).toEqual(newestFirst(held));
    for (const e of place.events.edges) expect(e.node.place).toEqual({ slug: 'brussels' });
  });
});

describe('an event', () => {
  it('has its participants with roles, its sources and the sentences that report it', async () => {
    const { event } = await data(`{ event(slug: "event-0") {
      kind title date datePrecision place { name }
      participants { role participant { __typename ... on Person { name } ... on Organization { acronym } } }
      sources { slug }
      evidence { article { slug body } start end text } } }`);
    expect(event).toMatchObject({ kind: 'MEETING', title: 'Event 0', date: '2023-01-01', datePrecision: 'DAY', place: { name: 'Brussels' } });
    expect(event.participants).toEqual(expect.arrayContaining([
      { role: 'host', participant: { __typename: 'Person', name: 'Éric Dupont' } },
      { role: 'guest', participant: { __typename: 'Person', name: 'Zoë Martin' } },
      { role: 'delegation', participant: { __typename: 'Organization', acronym: 'MI' } },
    ]));
    expect(event.participants).toHaveLength(3);
    expect(event.sources).toEqual([{ slug: 'article-0' }, { slug: 'article-4' }]);
    for (const ev of event.evidence) {
      expect(ev.article.body.slice(ev.start, ev.end)).toBe(ev.text);
      expect(ev.text).toMatch(/^Selon (Éric )?Dupont, tout va bien\.$/);
    }
  });

  it('gives an undated event no date and no precision', async () => {
    const { event } = await data(`{ event(slug: "event-6") { date datePrecision } }`);
    expect(event).toEqual({ date: null, datePrecision: null });
  });
});

describe('root lists and lookups', () => {
  it('find people, organizations and places by name, ignoring case and accents, and by alias or acronym', async () => {
    const names = async (field: string, name: string) =>
      (await data(`query($name: String) { ${field}(first: 50, name: $name) { totalCount edges { node { name } } } }`, { name }))[field].edges.map((e: any) => e.node.name);
    expect(await names('people', 'eric')).toEqual(['Éric Dupont']);
    expect(await names('people', 'ZOË')).toEqual(['Zoë Martin']);
    expect(await names('people', 'zoe mar')).toEqual(['Zoë Martin']);
    expect(await names('people', 'lodie')).toEqual(['Élodie Maes']);
    expect(await names('organizations', 'interieur')).toEqual(['Ministère de l’Intérieur']);
    expect(await names('organizations', "l'interieur")).toEqual(['Ministère de l’Intérieur']);
    expect(await names('organizations', 'interior ministry')).toEqual(['Ministère de l’Intérieur']);
    expect(await names('places', 'bruxelles')).toEqual(['Brussels']);
    expect(await names('people', '%')).toEqual([]);
    expect(await names('people', null as unknown as string)).toHaveLength(PEOPLE.length);
  });

  it('lists topics by label and events by kind and window', async () => {
    const { topics, visits, january, named } = await data(`{
      topics(name: "SPÔ") { edges { node { slug label articles(first: 100) { totalCount } } } }
      named: events(first: 50, name: "EVENT 2") { totalCount edges { node { slug } } }
      visits: events(first: 50, kind: VISIT) { edges { node { slug kind } } }
      january: events(first: 50, from: "2023-01-01", to: "2023-01-31") { edges { node { slug date } } } }`);
    expect(topics.edges).toEqual([{ node: { slug: 'sport', label: 'Sport', articles: { totalCount: 10 } } }]);
    expect(named.edges.map((e: any) => e.node.slug)).toEqual(newestFirst([2, 20, 21, 22, 23, 24]));
    expect(named.totalCount).toBe(6);
    const visitKs = Array.from({ length: 25 }, (_, k) => k).filter((k) => k % 5 === 1);
    expect(visits.edges.map((e: any) => e.node.slug)).toEqual(newestFirst(visitKs));
    expect(january.edges.every((e: any) => e.node.date >= '2023-01-01' && e.node.date <= '2023-01-31')).toBe(true);
    expect(january.edges.map((e: any) => e.node.slug)).toEqual(newestFirst([0, 12, 24].filter((k) => eventDate(k)?.startsWith('2023-01'))));
  });

  it('answer null for unknown slugs, and do not mix kinds', async () => {
    const found = await data(`{ a: person(slug: "brussels") { id } b: place(slug: "brussels") { name } c: topic(slug: "nope") { id } d: event(slug: "nope") { id } e: organization(slug: "eric-dupont") { id } }`);
    expect(found).toEqual({ a: null, b: { name: 'Brussels' }, c: null, d: null, e: null });
  });
});
