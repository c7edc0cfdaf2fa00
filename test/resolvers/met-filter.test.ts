import { toGlobalId } from '../../src/schema/global-id';
import { sqlStatements, startTestServer, type GraphQLResponse, type TestServer } from '../support/server';
import { createTestToken } from '../support/tokens';
import { buildNewsroom, PEOPLE, type Newsroom } from './newsroom';

/**
 * Person.met and Organization.partners count only the shared events an analyst trusts
 * (`status`, `minConfidence`, with Query.events' defaults) and say how much of each edge
 * editors confirmed (`confirmedShare`), still in the page's one statement.
 *
 * The newsroom's Éric Dupont takes part in all 25 events, each with one guest: Zoë Martin in
 * events 0, 5, 10, 15, 20, Anne Peeters in 1, 6, …, Bart Claes in 2, 7, …, Chloé Renard in 3,
 * 8, …, Djamel Haddad in 4, 9, …; the ministry in every fourth, and through Éric's roles in all.
 * Here events 0, 5 and 10 (Zoë's) are proposed at confidence 0.5, event 1 (Anne's) proposed at
 * 0.9, and events 2 and 7 (Bart's) rejected by an editor.
 */
let server: TestServer;
let room: Newsroom;
beforeAll(async () => {
  server = await startTestServer();
  room = await buildNewsroom(server.db.dataSource);
  const ds = server.db.dataSource;
  await ds.query(`UPDATE event SET status = 'proposed', confidence = 0.5, origin = 'extracted' WHERE id = ANY($1)`, [[0, 5, 10].map((k) => room.events[k])]);
  await ds.query(`UPDATE event SET status = 'proposed', confidence = 0.9, origin = 'extracted' WHERE id = $1`, [room.events[1]]);
  const editor = (await createTestToken(ds, 'editor')).headers;
  for (const k of [2, 7]) {
    const res = await server.gql(`mutation ($id: ID!) { rejectEvent(id: $id, reason: "not in the text") { userErrors { code } } }`, { id: toGlobalId('Event', room.events[k]) }, editor);
    expect(res.data.rejectEvent.userErrors).toEqual([]);
  }
});
afterAll(() => server.close());

const ERIC = 'eric-dupont';
const [, ZOE, ANNE, BART, CHLOE, DJAMEL] = PEOPLE;

const met = (args: string) => server.gql(`{ person(slug: "${ERIC}") { met${args} { totalCount edges { meetings confirmedShare node { name } events { title status } } } } }`);

/** [name, meetings, confirmedShare] per edge, in page order. */
const edgesOf = (res: GraphQLResponse, at = (d: any) => d.person.met) => {
  expect(res.errors).toBeUndefined();
  return at(res.data).edges.map((e: any) => [e.node.name, e.meetings, e.confirmedShare]);
};

describe('Person.met: status and minConfidence', () => {
  it('counts proposed and confirmed events by default, never rejected ones, most meetings first (ties by id, newest first)', async () => {
    const res = await met('');
    expect(edgesOf(res)).toEqual([[DJAMEL, 5, 1], [CHLOE, 5, 1], [ANNE, 5, 0.8], [ZOE, 5, 0.4], [BART, 3, 1]]);
    expect(res.data.person.met.totalCount).toBe(5);
    expect(sqlStatements(res)).toBe(1);
    const bart = res.data.person.met.edges.find((e: any) => e.node.name === BART);
    expect(bart.events.map((e: any) => e.title)).toEqual(['Event 12', 'Event 17', 'Event 22']);
    // The defaults written out answer the same.
    expect(edgesOf(await met('(status: [PROPOSED, CONFIRMED], minConfidence: 0)'))).toEqual(edgesOf(res));
  });

  it('confirmed events only: fewer meetings for those met at proposed events, and another order', async () => {
    const res = await met('(status: [CONFIRMED])');
    expect(edgesOf(res)).toEqual([[DJAMEL, 5, 1], [CHLOE, 5, 1], [ANNE, 4, 1], [BART, 3, 1], [ZOE, 2, 1]]);
    expect(res.data.person.met.edges.flatMap((e: any) => e.events.map((ev: any) => ev.status))).not.toContain('PROPOSED');
  });

  it('proposed events only: share 0; rejected ones: nobody (rejecting removed their participants)', async () => {
    expect(edgesOf(await met('(status: [PROPOSED])'))).toEqual([[ZOE, 3, 0], [ANNE, 1, 0]]);
    const rejected = await met('(status: [REJECTED])');
    expect(rejected.data.person.met).toEqual({ totalCount: 0, edges: [] });
  });

  it('minConfidence leaves out the less confident events (the bound included)', async () => {
    expect(edgesOf(await met('(minConfidence: 0.6)'))).toEqual([[DJAMEL, 5, 1], [CHLOE, 5, 1], [ANNE, 5, 0.8], [BART, 3, 1], [ZOE, 2, 1]]);
    expect(edgesOf(await met('(minConfidence: 0.95)'))).toEqual([[DJAMEL, 5, 1], [CHLOE, 5, 1], [ANNE, 4, 1], [BART, 3, 1], [ZOE, 2, 1]]);
    expect(edgesOf(await met('(minConfidence: 0.5)'))).toEqual(edgesOf(await met('')));
    expect(edgesOf(await met('(status: [PROPOSED], minConfidence: 0.9)'))).toEqual([[ANNE, 1, 0]]);
  });

  it('combines with the window and with paging', async () => {
    // Event k is in month 1 + k % 12 of 2023, or undated when k % 7 = 6: from July, the confirmed
    // ones are 8, 9, 11, 18, 19, 21, 22 and 23.
    const windowed = await met('(from: "2023-07-01", status: [CONFIRMED])');
    expect(edgesOf(windowed)).toEqual([[CHLOE, 3, 1], [DJAMEL, 2, 1], [ANNE, 2, 1], [BART, 1, 1]]);
    const first = await server.gql(`{ person(slug: "${ERIC}") { met(status: [CONFIRMED], first: 3) { edges { node { name } } pageInfo { endCursor } } } }`);
    const after = first.data.person.met.pageInfo.endCursor;
    const rest = await server.gql(`query ($after: String) { person(slug: "${ERIC}") { met(status: [CONFIRMED], first: 3, after: $after) { edges { node { name } } } } }`, { after });
    expect([...first.data.person.met.edges, ...rest.data.person.met.edges].map((e: any) => e.node.name)).toEqual([DJAMEL, CHLOE, ANNE, BART, ZOE]);
  });

  it('answers through node(id) exactly as through the page, which stays one statement with the filter', async () => {
    const selection = `met(status: [CONFIRMED, PROPOSED], minConfidence: 0.6, first: 4) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { cursor meetings firstMet lastMet confirmedShare node { id slug name title aliases } events { id slug title date status confidence place { name } sources { slug } } } }`;
    const page = await server.gql(`{ person(slug: "${ERIC}") { ${selection} } }`);
    const node = await server.gql(`query ($id: ID!) { node(id: $id) { ... on Person { ${selection} } } }`, { id: toGlobalId('Person', room.people[0]) });
    expect(page.errors).toBeUndefined();
    expect(node.errors).toBeUndefined();
    expect(page.data.person).toEqual(node.data.node);
    expect(sqlStatements(page)).toBe(1);
    expect(page.data.person.met.edges[0].node).toEqual({ id: toGlobalId('Person', room.people[5]), slug: 'djamel-haddad', name: DJAMEL, title: 'Expert', aliases: ['Haddad'] });
  });

  it('reads each counterpart with the columns its selection needs, whatever the selection', async () => {
    const res = await server.gql(`{ person(slug: "${ERIC}") { met(first: 1) { edges { node { name country { code } } events { kind datePrecision } } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.person.met.edges[0].node).toEqual({ name: DJAMEL, country: { code: 'MA' } });
    expect(res.data.person.met.edges[0].events[0]).toEqual({ kind: 'OTHER', datePrecision: 'DAY' });
    const fragments = await server.gql(`{ person(slug: "${ERIC}") { met(first: 1) { edges { node { ... on Entity { slug } ...N } } } } }
      fragment N on Person { title }`);
    expect(fragments.data.person.met.edges[0].node).toEqual({ slug: 'djamel-haddad', title: 'Expert' });
  });

  it('refuses an empty status list and a confidence outside [0, 1] at the field, with BAD_USER_INPUT', async () => {
    for (const args of ['(status: [])', '(minConfidence: 1.5)', '(minConfidence: -0.1)']) {
      const res = await server.gql(`{ person(slug: "${ERIC}") { name met${args} { totalCount } } }`);
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0]).toMatchObject({ path: ['person', 'met'], extensions: { code: 'BAD_USER_INPUT' } });
    }
    const variables = await server.gql(`query ($c: Float) { person(slug: "${ERIC}") { met(minConfidence: $c) { totalCount } } }`, { c: 2 });
    expect(variables.errors![0]).toMatchObject({ path: ['person', 'met'], extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('Organization.partners: status and minConfidence', () => {
  // The Port Authority shares every event of Éric's (its Adviser, whatever the day) with the
  // ministry (his employer since 2020; the events are of 2023 or undated).
  const partners = (args: string) =>
    server.gql(`{ organization(slug: "port-authority") { partners${args} { totalCount edges { meetings confirmedShare node { name } } } } }`);
  const at = (d: any) => d.organization.partners;

  it('counts 23 shared events by default (2 rejected), 4 of them proposed', async () => {
    const res = await partners('');
    expect(edgesOf(res, at)).toEqual([['Ministère de l’Intérieur', 23, 19 / 23]]);
    expect(sqlStatements(res)).toBe(1);
  });

  it('follows status and minConfidence like met', async () => {
    expect(edgesOf(await partners('(status: [CONFIRMED])'), at)).toEqual([['Ministère de l’Intérieur', 19, 1]]);
    expect(edgesOf(await partners('(status: [PROPOSED])'), at)).toEqual([['Ministère de l’Intérieur', 4, 0]]);
    expect(edgesOf(await partners('(minConfidence: 0.6)'), at)).toEqual([['Ministère de l’Intérieur', 20, 19 / 20]]);
    expect((await partners('(status: [REJECTED])')).data.organization.partners).toEqual({ totalCount: 0, edges: [] });
  });

  it('refuses bad filters with BAD_USER_INPUT at the field', async () => {
    for (const args of ['(status: [])', '(minConfidence: 1.01)']) {
      const res = await partners(args);
      expect(res.errors![0]).toMatchObject({ path: ['organization', 'partners'], extensions: { code: 'BAD_USER_INPUT' } });
    }
  });
});
