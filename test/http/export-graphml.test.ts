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
  edges: { source: string; target: string; kind: string; weight: number; firstSeen: string | null; lastSeen: string | null }[];
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
      return { source: e.source, target: e.target, kind: d.kind, weight: Number(d.weight), firstSeen: d.firstSeen ?? null, lastSeen: d.lastSeen ?? null };
    }),
  };
}

const get = (query: string) => fetch(`${server.url}/export/network.graphml?${query}`);

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
        ['firstSeen', 'edge:firstSeen:string'], ['lastSeen', 'edge:lastSeen:string'], ['truncated', 'graph:truncated:boolean'],
        ...['wikidata', 'isni', 'viaf', 'website', 'orcid', 'lei', 'ror', 'geonames'].map((scheme): [string, string] => [scheme, `node:${scheme}:string`]),
      ]));
      expect(xml.truncated).toBe('false');
      expect(xml.nodes).toEqual(gql.data.network.nodes.map((n: any) => ({ id: n.id, type: n.__typename, name: n.name ?? expect.any(String) })));
      expect(xml.edges).toEqual(gql.data.network.edges);
      expect(xml.edges.length).toBeGreaterThan(0);
    }
  });

  it('honours the window like the GraphQL field', async () => {
    const gql = await server.gql(operation('network'), { center: hammouchi, depth: 1, from: '2024-11-01', to: '2024-11-30', kinds: ['MET'] });
    const xml = readGraphml(await (await get(`center=${hammouchi}&depth=1&from=2024-11-01&to=2024-11-30&kinds=MET`)).text());
    expect(xml.edges).toEqual(gql.data.network.edges);
    expect(xml.nodes.map((n) => n.id)).toEqual(gql.data.network.nodes.map((n: any) => n.id));
    // November: Bostyn's visit to Morocco names no host, so Hammouchi met nobody that month
    expect(xml.nodes).toHaveLength(1);
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
