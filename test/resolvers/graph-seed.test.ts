import { operation } from '../support/operations';
import { startTestServer, type TestServer } from '../support/server';
import { toGlobalId, type NodeType } from '../../src/schema/global-id';

let server: TestServer;
const ids = new Map<string, string>();
beforeAll(async () => {
  server = await startTestServer({ seed: true });
  const rows: { id: number; slug: string; kind: string }[] = await server.db.dataSource.query(`SELECT id, slug, kind FROM entity`);
  const type: Record<string, NodeType> = { person: 'Person', organization: 'Organization', place: 'Place' };
  for (const r of rows) ids.set(r.slug, toGlobalId(type[r.kind], r.id));
});
afterAll(() => server.close());

const id = (slug: string) => ids.get(slug)!;

describe('who met whom on the seed article', () => {
  it('Hammouchi met Snoek (talks and the action plan signing, in Belgium), not Bostyn (her visit to Morocco names no host)', async () => {
    const res = await server.gql(operation('who-met-whom'), { slug: 'abdellatif-hammouchi' });
    expect(res.errors).toBeUndefined();
    const met = res.data.person.met;
    expect(met.totalCount).toBe(1);
    const [snoek] = met.edges;
    expect(snoek).toMatchObject({ meetings: 2, firstMet: '2024-12-05', lastMet: '2024-12-05', node: { slug: 'eric-snoek', name: 'Eric Snoek' } });
    expect(snoek.events.map((e: any) => e.kind).sort()).toEqual(['AGREEMENT_SIGNED', 'MEETING']);
    expect(snoek.events.map((e: any) => e.place.name)).toEqual(['Belgium', 'Belgium']);
    expect(snoek.events.find((e: any) => e.kind === 'AGREEMENT_SIGNED').title).toMatch(/plan d’action/);
    const bostyn = await server.gql(operation('who-met-whom'), { slug: 'francisca-bostyn' });
    expect(bostyn.data.person.met).toMatchObject({ totalCount: 0, edges: [] });
    for (const edge of met.edges) {
      for (const event of edge.events) {
        expect(event.sources).toEqual([expect.objectContaining({ slug: 'renforcement-de-la-cooperation-securitaire-entre-le-maroc-et-la-belgique' })]);
      }
    }
  });

  it('keeps to the window: from December only the Belgian meetings count', async () => {
    const res = await server.gql(operation('who-met-whom'), { slug: 'abdellatif-hammouchi', from: '2024-12-01', to: '2024-12-31' });
    expect(res.errors).toBeUndefined();
    expect(res.data.person.met.edges.map((e: any) => e.node.slug)).toEqual(['eric-snoek']);
    const before = await server.gql(operation('who-met-whom'), { slug: 'eric-snoek', to: '2024-11-30' });
    expect(before.data.person.met).toEqual({ totalCount: 0, edges: [] });
  });

  it('DGSN and the Belgian Federal Police are partners, through the events in Belgium', async () => {
    const res = await server.gql(
      `query ($slug: String!) { organization(slug: $slug) { partners(first: 10) { totalCount edges { meetings firstMet lastMet node { slug } events { slug } } } } }`,
      { slug: 'dgsn' },
    );
    expect(res.errors).toBeUndefined();
    const police = res.data.organization.partners.edges.find((e: any) => e.node.slug === 'belgian-federal-police');
    // through Hammouchi (DGSN) and Snoek (Federal Police): the talks and the signing; the visit names no host
    expect(police).toMatchObject({ meetings: 2, firstMet: '2024-12-05', lastMet: '2024-12-05' });
    expect(police.events.map((e: any) => e.slug).sort()).toEqual([
      'hammouchi-snoek-talks-2024-12', 'morocco-belgium-action-plan-2025-2026-signing',
    ]);
    // and the other way round
    const back = await server.gql(`query { organization(slug: "belgian-federal-police") { partners { edges { node { slug } } } } }`);
    expect(back.data.organization.partners.edges.map((e: any) => e.node.slug)).toContain('dgsn');
  });
});

describe('path and network on the seed article', () => {
  it('the path from Bostyn to Snoek goes through her service and Hammouchi (she met no one on her visit), each hop with its evidence', async () => {
    const res = await server.gql(operation('path'), { from: id('francisca-bostyn'), to: id('eric-snoek') });
    expect(res.errors).toBeUndefined();
    const { hops, steps } = res.data.path;
    expect(hops).toBe(3);
    expect(steps.map((s: any) => [s.kind, s.from.name, s.to.name])).toEqual([
      ['AFFILIATED', 'Francisca Bostyn', 'Sûreté de l’État'],
      ['MET', 'Sûreté de l’État', 'Abdellatif Hammouchi'],
      ['MET', 'Abdellatif Hammouchi', 'Eric Snoek'],
    ]);
    expect(steps[1].evidence).toEqual([expect.objectContaining({ __typename: 'Event', title: 'Rencontre d’Abdellatif Hammouchi avec la Sûreté de l’État belge' })]);
    expect(steps[2].evidence.map((e: any) => e.__typename)).toEqual(['Event', 'Event']);
  });

  it('names the seed article as evidence when co-mentions are asked for', async () => {
    const res = await server.gql(
      `query ($from: ID!, $to: ID!) { path(from: $from, to: $to, kinds: [CO_MENTIONED]) { hops steps { kind evidence { __typename ... on Article { slug } } } } }`,
      { from: id('francisca-bostyn'), to: id('eric-snoek') },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.path).toEqual({
      hops: 1,
      steps: [{ kind: 'CO_MENTIONED', evidence: [{ __typename: 'Article', slug: 'renforcement-de-la-cooperation-securitaire-entre-le-maroc-et-la-belgique' }] }],
    });
  });

  it('network: Hammouchi’s people and organizations with weighted relations', async () => {
    const res = await server.gql(operation('network'), { center: id('abdellatif-hammouchi'), depth: 1, kinds: ['MET', 'AFFILIATED'] });
    expect(res.errors).toBeUndefined();
    const { nodes, edges } = res.data.network;
    expect(nodes[0]).toEqual({ id: id('abdellatif-hammouchi'), __typename: 'Person', name: 'Abdellatif Hammouchi' });
    expect(nodes.map((n: any) => n.id).sort()).toEqual(
      ['abdellatif-hammouchi', 'eric-snoek', 'dgsn', 'dgst', 'belgian-state-security'].map(id).sort(),
    );
    const edge = (a: string, b: string, kind: string) =>
      edges.find((e: any) => e.kind === kind && [e.source, e.target].sort().join() === [id(a), id(b)].sort().join());
    expect(edge('abdellatif-hammouchi', 'eric-snoek', 'MET')).toMatchObject({ weight: 2, firstSeen: '2024-12-05', lastSeen: '2024-12-05' });
    // The events name Hammouchi, not his services: DGSN is his affiliation, not a participant.
    expect(edge('abdellatif-hammouchi', 'dgsn', 'MET')).toBeUndefined();
    expect(edge('abdellatif-hammouchi', 'belgian-state-security', 'MET')).toMatchObject({ weight: 1, firstSeen: '2024-12-05' });
    expect(edge('abdellatif-hammouchi', 'dgsn', 'AFFILIATED')).toMatchObject({ source: id('abdellatif-hammouchi'), weight: 1 });
    expect(edge('eric-snoek', 'francisca-bostyn', 'MET')).toBeUndefined();
  });
});

describe('bad input is BAD_USER_INPUT naming the argument', () => {
  const expectBadInput = (res: any, argument: string) => {
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(res.errors[0].message).toMatch(new RegExp(`^${argument}: `));
    expect(res.data?.network ?? res.data?.path ?? null).toBeNull();
  };

  it('network: unknown center, another type’s id, depth out of range, from after to, no kinds', async () => {
    const q = operation('network');
    expectBadInput(await server.gql(q, { center: toGlobalId('Person', 999999) }), 'center');
    expectBadInput(await server.gql(q, { center: toGlobalId('Organization', Number(Buffer.from(id('eric-snoek'), 'base64url').toString().split(':')[1])) }), 'center');
    expectBadInput(await server.gql(q, { center: 'not-an-id' }), 'center');
    expectBadInput(await server.gql(q, { center: id('eric-snoek'), depth: 5 }), 'depth');
    expectBadInput(await server.gql(q, { center: id('eric-snoek'), depth: 0 }), 'depth');
    expectBadInput(await server.gql(q, { center: id('eric-snoek'), from: '2024-12-31', to: '2024-01-01' }), 'from');
    expectBadInput(await server.gql(q, { center: id('eric-snoek'), kinds: [] }), 'kinds');
  });

  it('path: unknown ends, maxHops out of range, since after until', async () => {
    const q = `query ($from: ID!, $to: ID!, $maxHops: Int, $since: Date, $until: Date) {
      path(from: $from, to: $to, maxHops: $maxHops, since: $since, until: $until) { hops } }`;
    const [bostyn, snoek] = [id('francisca-bostyn'), id('eric-snoek')];
    expectBadInput(await server.gql(q, { from: toGlobalId('Person', 999999), to: snoek }), 'from');
    expectBadInput(await server.gql(q, { from: bostyn, to: toGlobalId('Article', 1) }), 'to');
    expectBadInput(await server.gql(q, { from: bostyn, to: snoek, maxHops: 7 }), 'maxHops');
    expectBadInput(await server.gql(q, { from: bostyn, to: snoek, maxHops: 0 }), 'maxHops');
    expectBadInput(await server.gql(q, { from: bostyn, to: snoek, since: '2025-01-01', until: '2024-01-01' }), 'since');
  });

  it('met and partners: from after to', async () => {
    expectBadInput(await server.gql(operation('who-met-whom'), { slug: 'eric-snoek', from: '2025-01-01', to: '2024-01-01' }), 'from');
    expectBadInput(await server.gql(`query { organization(slug: "dgsn") { partners(from: "2025-01-01", to: "2024-01-01") { totalCount } } }`), 'from');
  });
});
