import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { operation } from '../support/operations';
import { startTestServer, type TestServer } from '../support/server';
import { toGlobalId } from '../../src/schema/global-id';

let server: TestServer;
let hammouchi: string;
beforeAll(async () => {
  server = await startTestServer({ seed: true });
  const [{ id }] = await server.db.dataSource.query(`SELECT id FROM entity WHERE slug = 'abdellatif-hammouchi'`);
  hammouchi = toGlobalId('Person', id);
});
afterAll(() => server.close());

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['key', 'node', 'edge', 'data'].includes(name), parseTagValue: false });

interface Graphml {
  keys: Map<string, string>;
  nodes: { id: string; type: string; name: string }[];
  edges: { source: string; target: string; kind: string; weight: number; firstSeen: string | null; lastSeen: string | null; confirmedShare: number | null }[];
  truncated: string;
}

/** Parses the export as XML and reads nodes and edges through the declared keys. */
function readGraphml(text: string): Graphml {
  expect(XMLValidator.validate(text)).toBe(true);
  const root = parser.parse(text).graphml;
  const keys = new Map<string, string>(root.key.map((k: any) => [k.id, `${k.for}:${k['attr.name']}:${k['attr.type']}`]));
  const dataOf = (el: any) => Object.fromEntries((el.data ?? []).map((d: any) => [d.key, d['#text'] ?? '']));
  const graph = root.graph;
  return {
    keys,
    truncated: dataOf(graph).truncated,
    nodes: (graph.node ?? []).map((n: any) => ({ id: n.id, ...dataOf(n) })),
    edges: (graph.edge ?? []).map((e: any) => {
      const d = dataOf(e);
      return {
        source: e.source, target: e.target, kind: d.kind, weight: Number(d.weight), firstSeen: d.firstSeen ?? null, lastSeen: d.lastSeen ?? null,
        confirmedShare: d.confirmedShare === undefined ? null : Number(d.confirmedShare),
      };
    }),
  };
}

const get = (query: string) => fetch(`${server.url}/export/network.graphml?${query}`);
/** Edges as the shared operation selects them (no confirmedShare). */
const withoutShare = (edges: Graphml['edges']) => edges.map(({ confirmedShare: _, ...rest }) => rest);

/** The GraphQL network with every edge field, for the export's filter parameters. */
const NETWORK = `query ($center: ID!, $depth: Int, $status: [EventStatus!], $minConfidence: Float) {
  network(center: $center, depth: $depth, status: $status, minConfidence: $minConfidence) {
    nodes { id } edges { source target kind weight firstSeen lastSeen confirmedShare } } }`;

describe('GET /export/network.graphml', () => {
  it('has the same nodes and edges as the GraphQL network', async () => {
    for (const [depth, kinds] of [[2, null], [1, ['MET', 'AFFILIATED']]] as const) {
      const gql = await server.gql(operation('network'), { center: hammouchi, depth, kinds });
      expect(gql.errors).toBeUndefined();
      const res = await get(`center=${hammouchi}&depth=${depth}${kinds ? `&kinds=${kinds.join(',')}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/graphml+xml; charset=utf-8');
      const xml = readGraphml(await res.text());
      expect(xml.keys).toEqual(new Map([
        ['type', 'node:type:string'], ['name', 'node:name:string'], ['kind', 'edge:kind:string'], ['weight', 'edge:weight:double'],
        ['firstSeen', 'edge:firstSeen:string'], ['lastSeen', 'edge:lastSeen:string'], ['confirmedShare', 'edge:confirmedShare:double'],
        ['truncated', 'graph:truncated:boolean'],
        ...['wikidata', 'isni', 'viaf', 'website', 'orcid', 'lei', 'ror', 'geonames'].map((scheme): [string, string] => [scheme, `node:${scheme}:string`]),
      ]));
      expect(xml.truncated).toBe('false');
      expect(xml.nodes).toEqual(gql.data.network.nodes.map((n: any) => ({ id: n.id, type: n.__typename, name: n.name ?? expect.any(String) })));
      expect(withoutShare(xml.edges)).toEqual(gql.data.network.edges);
      expect(xml.edges.length).toBeGreaterThan(0);
    }
  });

  it('honours the window like the GraphQL field', async () => {
    const gql = await server.gql(operation('network'), { center: hammouchi, depth: 1, from: '2024-11-01', to: '2024-11-30', kinds: ['MET'] });
    const xml = readGraphml(await (await get(`center=${hammouchi}&depth=1&from=2024-11-01&to=2024-11-30&kinds=MET`)).text());
    expect(withoutShare(xml.edges)).toEqual(gql.data.network.edges);
    expect(xml.nodes.map((n) => n.id)).toEqual(gql.data.network.nodes.map((n: any) => n.id));
    // November: Bostyn's visit to Morocco names no host, so Hammouchi met nobody that month
    expect(xml.nodes).toHaveLength(1);
  });

  it('takes the event filter as parameters, with the defaults of the network field, and carries the confirmed share of each edge', async () => {
    // one of Hammouchi's shared events is only proposed, and not very confident
    const [event] = await server.db.dataSource.query(
      `SELECT p.event_id AS id FROM event_participant p JOIN entity e ON e.id = p.entity_id AND e.slug = 'abdellatif-hammouchi'
        WHERE (SELECT count(*) FROM event_participant o WHERE o.event_id = p.event_id) > 1 ORDER BY p.event_id LIMIT 1`,
    );
    await server.db.dataSource.query(`UPDATE event SET status = 'proposed', confidence = 0.6 WHERE id = $1`, [event.id]);
    try {
      const cases: [string, Record<string, unknown>][] = [
        ['', {}],
        ['&status=CONFIRMED', { status: ['CONFIRMED'] }],
        ['&status=PROPOSED', { status: ['PROPOSED'] }],
        ['&status=PROPOSED&status=CONFIRMED&minConfidence=0.7', { status: ['PROPOSED', 'CONFIRMED'], minConfidence: 0.7 }],
        ['&status=proposed,confirmed,rejected&minConfidence=0', { status: ['PROPOSED', 'CONFIRMED', 'REJECTED'], minConfidence: 0 }],
      ];
      const shares: (number | null)[][] = [];
      for (const [query, variables] of cases) {
        const gql = await server.gql(NETWORK, { center: hammouchi, depth: 1, ...variables });
        expect(gql.errors).toBeUndefined();
        const xml = readGraphml(await (await get(`center=${hammouchi}&depth=1${query}`)).text());
        expect(xml.nodes.map((n) => n.id)).toEqual(gql.data.network.nodes.map((n: any) => n.id));
        expect(xml.edges).toEqual(gql.data.network.edges);
        shares.push(xml.edges.filter((e) => e.kind === 'MET').map((e) => e.confirmedShare));
        expect(xml.edges.filter((e) => e.kind !== 'MET').every((e) => e.confirmedShare === null)).toBe(true);
      }
      const [byDefault, confirmed, proposed, confident, everything] = shares;
      expect(byDefault.some((share) => share! < 1)).toBe(true);
      expect(confirmed.length).toBeGreaterThan(0);
      expect(confirmed.every((share) => share === 1)).toBe(true);
      expect(proposed.length).toBeGreaterThan(0);
      expect(proposed.every((share) => share === 0)).toBe(true);
      expect(confident).toEqual(confirmed);
      expect(everything).toEqual(byDefault);
    } finally {
      await server.db.dataSource.query(`UPDATE event SET status = 'confirmed', confidence = 1 WHERE id = $1`, [event.id]);
    }
  });

  it('escapes names so the file stays well-formed XML', async () => {
    const ds = server.db.dataSource;
    const name = `Ligue <"A & B"> l'\u0001ordre`;
    const [{ id }] = await ds.query(`INSERT INTO entity (kind, slug, name) VALUES ('organization', 'xml-test', $1) RETURNING id`, [name]);
    await ds.query(`INSERT INTO article_entity (article_id, entity_id, mentions, first_start, published_at) SELECT id, $1, 1, 0, published_at FROM article`, [id]);
    const xml = readGraphml(await (await get(`center=${toGlobalId('Organization', id)}&depth=1&kinds=CO_MENTIONED`)).text());
    expect(xml.nodes[0]).toEqual({ id: toGlobalId('Organization', id), type: 'Organization', name: `Ligue <"A & B"> l'ordre` });
    expect(xml.nodes.map((n) => n.name)).toContain('Abdellatif Hammouchi');
  });

  it('answers 400 naming the parameter at fault', async () => {
    const cases: [string, RegExp][] = [
      ['depth=2', /^center: required/],
      [`center=${hammouchi}&depth=9`, /^depth: must be a whole number from 1 to 4, got 9/],
      [`center=${hammouchi}&depth=two`, /^depth: expected a whole number/],
      [`center=${hammouchi}&from=2024-13-01`, /^from: expected a calendar date/],
      [`center=${hammouchi}&from=2024-12-31&to=2024-01-01`, /^from: must not be after to/],
      [`center=${hammouchi}&kinds=FRIENDS`, /^kinds: unknown relation kind "FRIENDS"/],
      [`center=${toGlobalId('Person', 999999)}`, /^center: no Person has the id/],
      [`center=${hammouchi}&status=`, /^status: name at least one of PROPOSED, CONFIRMED, REJECTED/],
      [`center=${hammouchi}&status=MAYBE`, /^status: unknown event status "MAYBE"/],
      [`center=${hammouchi}&minConfidence=1.5`, /^minConfidence: expected a number from 0 to 1, got 1.5/],
      [`center=${hammouchi}&minConfidence=-0.2`, /^minConfidence: expected a number from 0 to 1, got -0.2/],
      [`center=${hammouchi}&minConfidence=high`, /^minConfidence: expected a number from 0 to 1, got "high"/],
    ];
    for (const [query, message] of cases) {
      const res = await get(query);
      expect(res.status).toBe(400);
      const body: any = await res.json();
      expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(body.errors[0].message).toMatch(message);
    }
  });
});
