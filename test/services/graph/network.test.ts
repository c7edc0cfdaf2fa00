import { createTestDatabase, type TestDatabase } from '../../support/database';
import { DEFAULT_EVENT_FILTER, eventFilter, RELATION_KINDS, type RelationKind } from '../../../src/services/graph/arguments';
import { buildNetwork, type NetworkRequest } from '../../../src/services/graph/network';
import { publishNetwork } from '../../../src/services/graph/published-network';
import { GraphFixture } from './fixture';

let db: TestDatabase;
let g: GraphFixture;
beforeAll(async () => {
  db = await createTestDatabase();
  g = new GraphFixture(db.dataSource);
});
afterAll(() => db.drop());

const ALL = RELATION_KINDS;
const open = { from: null, to: null };

function network(centerId: number, depth: number, options: Partial<NetworkRequest> = {}) {
  return buildNetwork(db.dataSource, { centerId, depth, window: open, kinds: ALL, events: DEFAULT_EVENT_FILTER, ...options });
}

/** Edges as comparable strings: "a-b KIND weight first..last". */
function edgeSet(edges: { sourceId: number; targetId: number; kind: RelationKind; weight: number; firstSeen: string | null; lastSeen: string | null }[]) {
  return edges.map((e) => `${e.sourceId}-${e.targetId} ${e.kind} ${e.weight} ${e.firstSeen}..${e.lastSeen}`).sort();
}

describe('network on a hand-built graph', () => {
  // a met b twice, b met c, c met d; an article names a and d; a held a role in o during 2023.
  let a: number, b: number, c: number, d: number, o: number;
  beforeAll(async () => {
    await g.clear();
    [a, b, c, d] = [await g.person('A'), await g.person('B'), await g.person('C'), await g.person('D')];
    o = await g.organization('O');
    await g.event('2024-01-10', [a, b]);
    await g.event('2024-03-05', [a, b]);
    await g.event('2024-02-01', [b, c]);
    await g.event('2024-06-01', [c, d]);
    await g.article('2024-04-01T09:30:00Z', [a, d]);
    await g.affiliation(a, o, { since: '2023-01-01', until: '2023-12-31' });
  });

  it('weighs each relation by its evidence and dates it from the evidence', async () => {
    const net = await network(a, 1);
    expect(net.nodes.map((n) => n.id).sort()).toEqual([a, b, d, o].sort());
    expect(net.nodes[0].id).toBe(a);
    expect(edgeSet(net.edges)).toEqual(edgeSet([
      { sourceId: a, targetId: b, kind: 'MET', weight: 2, firstSeen: '2024-01-10', lastSeen: '2024-03-05' },
      { sourceId: a, targetId: d, kind: 'CO_MENTIONED', weight: 1, firstSeen: '2024-04-01', lastSeen: '2024-04-01' },
      // an affiliation reads person -> organization
      { sourceId: a, targetId: o, kind: 'AFFILIATED', weight: 1, firstSeen: '2023-01-01', lastSeen: '2023-12-31' },
    ]));
    expect(net.truncated).toBe(false);
  });

  it('reaches the second ring at depth 2 and lists every relation among the members', async () => {
    const net = await network(a, 2);
    expect(net.nodes.map((n) => n.id).sort()).toEqual([a, b, c, d, o].sort());
    expect(edgeSet(net.edges)).toEqual(edgeSet([
      { sourceId: a, targetId: b, kind: 'MET', weight: 2, firstSeen: '2024-01-10', lastSeen: '2024-03-05' },
      { sourceId: a, targetId: d, kind: 'CO_MENTIONED', weight: 1, firstSeen: '2024-04-01', lastSeen: '2024-04-01' },
      { sourceId: a, targetId: o, kind: 'AFFILIATED', weight: 1, firstSeen: '2023-01-01', lastSeen: '2023-12-31' },
      { sourceId: b, targetId: c, kind: 'MET', weight: 1, firstSeen: '2024-02-01', lastSeen: '2024-02-01' },
      { sourceId: c, targetId: d, kind: 'MET', weight: 1, firstSeen: '2024-06-01', lastSeen: '2024-06-01' },
    ]));
  });

  it('counts only the evidence inside the window', async () => {
    const spring = await network(a, 1, { window: { from: '2024-02-15', to: '2024-12-31' } });
    // e1 (January) and the 2023 role fall outside
    expect(edgeSet(spring.edges)).toEqual(edgeSet([
      { sourceId: a, targetId: b, kind: 'MET', weight: 1, firstSeen: '2024-03-05', lastSeen: '2024-03-05' },
      { sourceId: a, targetId: d, kind: 'CO_MENTIONED', weight: 1, firstSeen: '2024-04-01', lastSeen: '2024-04-01' },
    ]));
    const january = await network(a, 1, { window: { from: null, to: '2024-01-31' } });
    expect(january.nodes.map((n) => n.id).sort()).toEqual([a, b, o].sort());
    expect(edgeSet(january.edges)).toEqual(edgeSet([
      { sourceId: a, targetId: b, kind: 'MET', weight: 1, firstSeen: '2024-01-10', lastSeen: '2024-01-10' },
      { sourceId: a, targetId: o, kind: 'AFFILIATED', weight: 1, firstSeen: '2023-01-01', lastSeen: '2023-12-31' },
    ]));
  });

  it('a co-mention counts by the publication day in UTC, both window ends included', async () => {
    const sameDay = await network(a, 1, { window: { from: '2024-04-01', to: '2024-04-01' }, kinds: ['CO_MENTIONED'] });
    expect(sameDay.nodes.map((n) => n.id).sort()).toEqual([a, d].sort());
    const dayAfter = await network(a, 1, { window: { from: '2024-04-02', to: null }, kinds: ['CO_MENTIONED'] });
    expect(dayAfter.nodes.map((n) => n.id)).toEqual([a]);
  });

  it('over all time (read from relation_summary) answers what aggregating the evidence answers', async () => {
    for (const depth of [1, 2, 3]) {
      const open = await network(a, depth);
      const everything = await network(a, depth, { window: { from: '1900-01-01', to: '2100-12-31' } });
      expect(edgeSet(open.edges)).toEqual(edgeSet(everything.edges));
      expect(open.nodes.map((n) => n.id)).toEqual(everything.nodes.map((n) => n.id));
    }
  });

  it('follows only the requested kinds', async () => {
    const net = await network(a, 2, { kinds: ['MET'] });
    expect(net.nodes.map((n) => n.id).sort()).toEqual([a, b, c].sort());
    expect(net.edges.every((e) => e.kind === 'MET')).toBe(true);
    expect(edgeSet(net.edges)).toHaveLength(2);
  });
});

describe('network depth and node cap', () => {
  it('goes exactly `depth` rings out along a chain', async () => {
    await g.clear();
    const chain: number[] = [];
    for (let i = 0; i < 7; i++) chain.push(await g.person(`P${i}`));
    for (let i = 0; i < 6; i++) await g.event('2024-05-01', [chain[i], chain[i + 1]]);
    const net = await network(chain[0], 4);
    expect(net.nodes.map((n) => n.id)).toEqual(chain.slice(0, 5));
    expect(net.edges).toHaveLength(4);
  });

  it('cuts a ring that would pass the cap at its strongest ties and says so', async () => {
    await g.clear();
    const center = await g.person('Center');
    const others: number[] = [];
    for (let i = 1; i <= 8; i++) {
      const p = await g.person(`N${i}`);
      others.push(p);
      for (let k = 0; k < i; k++) await g.event('2024-05-01', [center, p]);
    }
    const net = await network(center, 2, { maxNodes: 4 });
    expect(net.truncated).toBe(true);
    // the three met most often: N8 (8 events), N7, N6
    expect(net.nodes.map((n) => n.id)).toEqual([center, others[7], others[6], others[5]]);
    expect(net.edges.map((e) => e.weight).sort()).toEqual([6, 7, 8]);
    // the edge cap keeps the strongest relations
    const fewEdges = await network(center, 1, { maxEdges: 2 });
    expect(fewEdges.truncated).toBe(true);
    expect(fewEdges.nodes).toHaveLength(9);
    expect(fewEdges.edges.map((e) => e.weight)).toEqual([8, 7]);
    const whole = await network(center, 2, { maxNodes: 9 });
    expect(whole.truncated).toBe(false);
    expect(whole.nodes).toHaveLength(9);
  });

  it('cuts a second ring at the strongest ties to entities outside the network, though the members tie strongest among themselves', async () => {
    await g.clear();
    const center = await g.person('Center');
    const members: number[] = [];
    for (let i = 0; i < 3; i++) members.push(await g.person(`M${i}`));
    for (const m of members) for (let k = 0; k < 20; k++) await g.event('2024-05-01', [center, m]);
    // the members' strongest relations are to the center and each other (20 events a pair): a
    // member's few strongest, read as they come, would hold no one new
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) for (let k = 0; k < 20; k++) await g.event('2024-05-02', [members[x], members[y]]);
    }
    // outside: member i met outsider j (i + 1) * (j + 1) times, each outsider's strongest tie distinct
    const outsiders: number[] = [];
    for (let j = 0; j < 4; j++) outsiders.push(await g.person(`O${j}`));
    const strongest = new Map<number, number>();
    for (let i = 0; i < members.length; i++) {
      for (let j = 0; j < outsiders.length; j++) {
        const times = (i + 1) * (j + 1) + (j === 0 ? i : 0);
        for (let k = 0; k < times; k++) await g.event('2024-05-03', [members[i], outsiders[j]]);
        strongest.set(outsiders[j], Math.max(strongest.get(outsiders[j]) ?? 0, times));
      }
    }
    // room for the center, the three members and two outsiders: the two with the strongest ties
    const expected = [...strongest].sort((p, q) => q[1] - p[1]).slice(0, 2).map(([id]) => id);
    const net = await network(center, 2, { maxNodes: 6, kinds: ['MET'] });
    expect(net.truncated).toBe(true);
    expect(net.nodes.map((n) => n.id)).toEqual([center, ...members, ...expected]);
  });

  it('fills a cut ring past a merged entity that still has relations, in rank order', async () => {
    await g.clear();
    const center = await g.person('Center');
    const others: number[] = [];
    for (let i = 1; i <= 8; i++) {
      const p = await g.person(`N${i}`);
      others.push(p);
      for (let k = 0; k < i; k++) await g.event('2024-05-01', [center, p]);
    }
    // N8, the strongest tie, merged away with its evidence left behind: ranked first, never a member
    await db.dataSource.query('UPDATE entity SET merged_into_id = $1 WHERE id = $2', [others[0], others[7]]);
    const net = await network(center, 2, { maxNodes: 4 });
    expect(net.truncated).toBe(true);
    expect(net.nodes.map((n) => n.id)).toEqual([center, others[6], others[5], others[4]]);
    const whole = await network(center, 2, { maxNodes: 8 });
    expect(whole.truncated).toBe(false);
    expect(whole.nodes.map((n) => n.id)).toEqual([center, ...others.slice(0, 7).reverse()]);
  });
});

describe('network under an event filter', () => {
  // a and b: a confirmed event (confidence 1) and a proposed one (0.6); b and c: a proposed one
  // (0.9); a and c: a rejected one (which keeps no participants); a and o: a shared article.
  let a: number, b: number, c: number, o: number;
  beforeAll(async () => {
    await g.clear();
    [a, b, c] = [await g.person('A'), await g.person('B'), await g.person('C')];
    o = await g.organization('O');
    await g.event('2024-01-10', [a, b]);
    await g.event('2024-03-05', [a, b], 'talks', { status: 'proposed', confidence: 0.6 });
    await g.event('2024-02-01', [b, c], 'visit', { status: 'proposed', confidence: 0.9 });
    await g.event('2024-04-01', [a, c], 'rumour', { status: 'rejected', confidence: 0.55 });
    await g.article('2024-04-01T09:30:00Z', [a, o]);
  });

  /** The network with each edge's confirmed share read, as "a-b KIND weight first..last share". */
  async function filtered(window: { from: string | null; to: string | null }, args: Parameters<typeof eventFilter>[0]) {
    const req = { centerId: a, depth: 2, window, kinds: ALL, events: eventFilter(args) };
    const raw = await buildNetwork(db.dataSource, req);
    const published = publishNetwork(db.dataSource, req, raw);
    const shares = await Promise.all(published.edges.map((e) => e.confirmedShare()));
    return {
      nodes: raw.nodes.map((n) => n.id).sort(),
      edges: raw.edges.map((e, i) => `${edgeSet([e])[0]} ${shares[i]}`).sort(),
    };
  }

  const line = (x: number, y: number, kind: RelationKind, weight: number, first: string, last: string, share: number | null) =>
    `${x}-${y} ${kind} ${weight} ${first}..${last} ${share}`;

  it('counts proposed and confirmed events by default, never rejected ones, and says how much rests on confirmed ones', async () => {
    const net = await filtered(open, {});
    expect(net.nodes).toEqual([a, b, c, o].sort());
    expect(net.edges).toEqual([
      line(a, b, 'MET', 2, '2024-01-10', '2024-03-05', 0.5),
      line(b, c, 'MET', 1, '2024-02-01', '2024-02-01', 0),
      line(a, o, 'CO_MENTIONED', 1, '2024-04-01', '2024-04-01', null),
    ].sort());
    // the same with every status named, and read from the evidence instead of relation_summary
    expect(await filtered(open, { status: ['PROPOSED', 'CONFIRMED', 'REJECTED'] })).toEqual(net);
    expect(await filtered({ from: '1900-01-01', to: '2100-12-31' }, {})).toEqual(net);
  });

  it('counts only the statuses asked for', async () => {
    expect(await filtered(open, { status: ['CONFIRMED'] })).toEqual({
      nodes: [a, b, o].sort(),
      edges: [line(a, b, 'MET', 1, '2024-01-10', '2024-01-10', 1), line(a, o, 'CO_MENTIONED', 1, '2024-04-01', '2024-04-01', null)].sort(),
    });
    expect((await filtered(open, { status: ['PROPOSED'] })).edges).toEqual([
      line(a, b, 'MET', 1, '2024-03-05', '2024-03-05', 0),
      line(b, c, 'MET', 1, '2024-02-01', '2024-02-01', 0),
      line(a, o, 'CO_MENTIONED', 1, '2024-04-01', '2024-04-01', null),
    ].sort());
    // a rejected event has no participants left: asking for it adds no relation
    expect((await filtered(open, { status: ['REJECTED'] })).edges).toEqual([line(a, o, 'CO_MENTIONED', 1, '2024-04-01', '2024-04-01', null)]);
  });

  it('cuts events below minConfidence, the bound itself included', async () => {
    expect((await filtered(open, { minConfidence: 0.7 })).edges).toEqual([
      line(a, b, 'MET', 1, '2024-01-10', '2024-01-10', 1),
      line(b, c, 'MET', 1, '2024-02-01', '2024-02-01', 0),
      line(a, o, 'CO_MENTIONED', 1, '2024-04-01', '2024-04-01', null),
    ].sort());
    // 0.6 is stored as a real: the bound 0.6 admits it
    expect((await filtered(open, { minConfidence: 0.6 })).edges).toContain(line(a, b, 'MET', 2, '2024-01-10', '2024-03-05', 0.5));
    expect((await filtered(open, { minConfidence: 0.95 })).nodes).toEqual([a, b, o].sort());
    // within a window too: from February, a and b share only the proposed talks
    expect((await filtered({ from: '2024-02-01', to: null }, { minConfidence: 0.5 })).edges).toEqual([
      line(a, b, 'MET', 1, '2024-03-05', '2024-03-05', 0),
      line(b, c, 'MET', 1, '2024-02-01', '2024-02-01', 0),
      line(a, o, 'CO_MENTIONED', 1, '2024-04-01', '2024-04-01', null),
    ].sort());
    expect((await filtered({ from: '2024-02-01', to: null }, { minConfidence: 0.7 })).edges).toEqual([line(a, o, 'CO_MENTIONED', 1, '2024-04-01', '2024-04-01', null)]);
  });

  it('refuses an empty status list and a confidence outside [0, 1] (BAD_USER_INPUT naming the argument)', () => {
    const refusal = (args: Parameters<typeof eventFilter>[0]) => {
      try {
        eventFilter(args);
      } catch (e: any) {
        return [e.extensions.code, e.message];
      }
      return null;
    };
    expect(refusal({ status: [] })).toEqual(['BAD_USER_INPUT', expect.stringMatching(/^status: name at least one of PROPOSED, CONFIRMED, REJECTED/)]);
    expect(refusal({ status: ['MAYBE'] })).toEqual(['BAD_USER_INPUT', expect.stringMatching(/^status: unknown event status "MAYBE"/)]);
    for (const bad of [-0.1, 1.01, Number.NaN]) {
      expect(refusal({ minConfidence: bad })).toEqual(['BAD_USER_INPUT', expect.stringMatching(/^minConfidence: expected a number from 0 to 1/)]);
    }
    expect(eventFilter({ status: null, minConfidence: null })).toEqual(DEFAULT_EVENT_FILTER);
    expect(eventFilter({ status: ['CONFIRMED', 'PROPOSED'], minConfidence: 1 })).toEqual({ statuses: ['proposed', 'confirmed'], minConfidence: 1 });
  });
});
