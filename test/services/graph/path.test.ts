import { createTestDatabase, type TestDatabase } from '../../support/database';
import { DEFAULT_EVENT_FILTER, eventFilter, type TimeWindow } from '../../../src/services/graph/arguments';
import { DEFAULT_PATH_KINDS, findPath, MEETING_PROBES, type PathRequest } from '../../../src/services/graph/path';
import { param, summaryPairsSql } from '../../../src/services/graph/relations';
import { GraphFixture } from './fixture';

let db: TestDatabase;
let g: GraphFixture;
beforeAll(async () => {
  db = await createTestDatabase();
  g = new GraphFixture(db.dataSource);
});
afterAll(() => db.drop());

function path(fromId: number, toId: number, options: Partial<PathRequest> = {}) {
  return findPath(db.dataSource, { fromId, toId, maxHops: 4, window: { from: null, to: null }, kinds: DEFAULT_PATH_KINDS, events: DEFAULT_EVENT_FILTER, ...options });
}

/** A path's steps with their confirmed shares read. */
async function stepsOf(p: Awaited<ReturnType<typeof path>>) {
  return p ? Promise.all(p.steps.map(async (s) => ({ ...s, confirmedShare: await s.confirmedShare() }))) : null;
}

/** The chain of entity ids a path walks. */
const chainOf = (p: { steps: { fromId: number; toId: number }[] } | null) => (p ? [p.steps[0].fromId, ...p.steps.map((s) => s.toId)] : null);

describe('path along a chain', () => {
  let people: number[];
  let events: number[];
  beforeAll(async () => {
    await g.clear();
    people = [];
    events = [];
    for (let i = 0; i < 7; i++) people.push(await g.person(`P${i}`));
    for (let i = 0; i < 6; i++) events.push(await g.event(`2024-0${i + 1}-01`, [people[i], people[i + 1]]));
  });

  it('walks the chain hop by hop, each hop with its event', async () => {
    const p = await path(people[0], people[3]);
    expect(p?.hops).toBe(3);
    // the fixture's events are curated, so confirmed
    expect(await stepsOf(p)).toEqual([0, 1, 2].map((i) => ({
      kind: 'MET', fromId: people[i], toId: people[i + 1], evidence: [{ type: 'Event', id: events[i] }], confirmedShare: 1,
    })));
  });

  it('finds an odd and an even length from either end', async () => {
    expect(chainOf(await path(people[5], people[0], { maxHops: 6 }))).toEqual([5, 4, 3, 2, 1, 0].map((i) => people[i]));
    expect(chainOf(await path(people[0], people[6], { maxHops: 6 }))).toEqual(people);
  });

  it('answers null when the chain is longer than maxHops', async () => {
    expect(await path(people[0], people[3], { maxHops: 2 })).toBeNull();
    expect(await path(people[0], people[6], { maxHops: 5 })).toBeNull();
  });

  it('answers null when the evidence of a hop is outside the time bounds', async () => {
    // P2-P3 met on 2024-03-01 only
    expect(await path(people[0], people[4], { window: { from: '2024-03-02', to: null } })).toBeNull();
    expect(chainOf(await path(people[2], people[4], { window: { from: '2024-03-01', to: '2024-04-01' } }))).toEqual(people.slice(2, 5));
  });

  it('an entity is zero hops from itself', async () => {
    expect(await path(people[1], people[1])).toEqual({ hops: 0, steps: [] });
  });
});

describe('path among equally short chains', () => {
  let a: number, b: number, c: number, d: number;
  beforeAll(async () => {
    await g.clear();
    // b has the lower id, yet the a-c-d chain rests on more shared events
    [a, b, c, d] = [await g.person('A'), await g.person('B'), await g.person('C'), await g.person('D')];
    await g.event('2024-01-01', [a, b]);
    await g.event('2024-01-02', [b, d]);
    for (const day of ['2023-05-01', '2023-05-02', '2023-05-03']) await g.event(day, [a, c]);
    for (const day of ['2023-06-01', '2023-06-02']) await g.event(day, [c, d]);
  });

  it('prefers the chain with the stronger evidence', async () => {
    const p = await path(a, d);
    expect(chainOf(p)).toEqual([a, c, d]);
    expect(p!.steps[0].evidence).toHaveLength(3);
    expect(chainOf(await path(d, a))).toEqual([d, c, a]);
    // over all time the search reads relation_summary; a window covering everything reads the evidence
    expect(await stepsOf(await path(a, d, { window: { from: '1900-01-01', to: '2100-12-31' } }))).toEqual(await stepsOf(p));
  });

  it('takes the weaker chain when the time bounds leave only it', async () => {
    expect(chainOf(await path(a, d, { window: { from: '2024-01-01', to: '2024-12-31' } }))).toEqual([a, b, d]);
  });

  it('prefers people meeting people over an organization present at the same events', async () => {
    // f reaches b in two hops through org (created first, so the lower id) or through person h, one event per hop
    const org = await g.organization('Org');
    const [f, h] = [await g.person('F'), await g.person('H')];
    await g.event('2022-01-01', [f, org]);
    await g.event('2022-01-02', [org, b]);
    await g.event('2022-02-01', [f, h]);
    await g.event('2022-02-02', [h, b]);
    expect(chainOf(await path(f, b))).toEqual([f, h, b]);
  });
});

describe('path through the entity between two frontiers', () => {
  // a and z each have two neighbours; m1, m2 and m3 each sit between one of a's and one of z's
  let a: number, z: number, m1: number, m2: number, m3: number;
  let near: number[], far: number[];
  beforeAll(async () => {
    await g.clear();
    [a, z] = [await g.person('A'), await g.person('Z')];
    near = [await g.person('A1'), await g.person('A2')];
    far = [await g.person('Z1'), await g.person('Z2')];
    [m1, m2, m3] = [await g.person('M1'), await g.person('M2'), await g.person('M3')];
    for (const [i, x] of near.entries()) await g.event(`2024-01-0${i + 1}`, [a, x]);
    for (const [i, x] of far.entries()) await g.event(`2024-02-0${i + 1}`, [z, x]);
    await g.event('2024-03-01', [near[0], m1]);
    await g.event('2024-03-02', [m1, far[0]]);
    // m2's tie to a2 rests on a second event in May
    for (const day of ['2024-04-01', '2024-05-01']) await g.event(day, [near[1], m2]);
    await g.event('2024-04-02', [m2, far[1]]);
    for (const day of ['2024-06-01', '2024-06-02', '2024-06-03']) {
      await g.event(day, [near[0], m3]);
      await g.event(day, [m3, far[0]]);
    }
  });

  it('goes through the strongest, from either end, over all time and in a window', async () => {
    expect(chainOf(await path(a, z))).toEqual([a, near[0], m3, far[0], z]);
    expect(chainOf(await path(z, a))).toEqual([z, far[0], m3, near[0], a]);
    // before June m3 is no way; before May m1 and m2 tie, and the lower id is taken
    expect(chainOf(await path(a, z, { window: { from: null, to: '2024-05-31' } }))).toEqual([a, near[1], m2, far[1], z]);
    expect(chainOf(await path(z, a, { window: { from: null, to: '2024-04-30' } }))).toEqual([z, far[0], m1, near[0], a]);
    expect(await path(a, z, { maxHops: 3 })).toBeNull();
    expect(await path(a, z, { window: { from: null, to: '2024-02-29' } })).toBeNull();
  });

  it('never goes through a merged entity, though its evidence stays', async () => {
    await db.dataSource.query('UPDATE entity SET merged_into_id = $1 WHERE id = $2', [m1, m3]);
    try {
      expect(chainOf(await path(a, z))).toEqual([a, near[1], m2, far[1], z]);
      expect(chainOf(await path(z, a))).toEqual([z, far[1], m2, near[1], a]);
    } finally {
      await db.dataSource.query('UPDATE entity SET merged_into_id = NULL WHERE id = $1', [m3]);
    }
  });
});

describe('path between two frontiers too wide to look up pair by pair', () => {
  // a and z each have `width` neighbours, each of a's with a leaf of its own: the entities a's
  // neighbours reach times z's neighbours pass MEETING_PROBES, so from a, z's side is read whole;
  // from z, a's side is looked up by key (z's neighbours reach three entities)
  const width = Math.ceil(Math.sqrt(MEETING_PROBES)) + 1;
  let a: number, z: number, m1: number, m2: number;
  let near: number[], far: number[];
  beforeAll(async () => {
    await g.clear();
    [a, z] = [await g.person('A'), await g.person('Z')];
    near = [];
    far = [];
    for (let i = 0; i < width; i++) {
      near.push(await g.person(`A${i}`));
      far.push(await g.person(`Z${i}`));
      await g.event('2024-01-01', [a, near[i]]);
      await g.event('2024-01-02', [z, far[i]]);
      await g.event('2024-01-03', [near[i], await g.person(`Leaf${i}`)]);
    }
    [m1, m2] = [await g.person('M1'), await g.person('M2')];
    await g.event('2024-02-01', [near[0], m1]);
    await g.event('2024-02-02', [m1, far[0]]);
    for (const day of ['2024-03-01', '2024-04-01']) await g.event(day, [near[3], m2]);
    await g.event('2024-03-02', [m2, far[5]]);
  });

  it('goes through the strongest entity between them, from either end, over all time and in a window', async () => {
    expect((width + 3) * width).toBeGreaterThan(MEETING_PROBES);
    expect(chainOf(await path(a, z))).toEqual([a, near[3], m2, far[5], z]);
    expect(chainOf(await path(z, a))).toEqual([z, far[5], m2, near[3], a]);
    expect(chainOf(await path(a, z, { window: { from: '2024-01-01', to: '2024-12-31' } }))).toEqual([a, near[3], m2, far[5], z]);
    // before m2's second event the two tie, and the lower id is taken
    expect(chainOf(await path(a, z, { window: { from: null, to: '2024-03-31' } }))).toEqual([a, near[0], m1, far[0], z]);
    expect(await path(a, z, { window: { from: null, to: '2024-01-31' } })).toBeNull();
  });
});

describe('path kinds', () => {
  let a: number, z: number, o: number, y: number, article: number;
  beforeAll(async () => {
    await g.clear();
    [a, z, y] = [await g.person('A'), await g.person('Z'), await g.person('Y')];
    o = await g.organization('O');
    article = await g.article('2024-02-01T10:00:00Z', [a, z]);
    await g.affiliation(a, o, { since: '2020-01-01', sourceArticleId: article });
    await g.affiliation(y, o, { since: '2021-01-01', until: '2022-12-31' });
  });

  it('does not link two names by a shared article unless CO_MENTIONED is asked for', async () => {
    expect(await path(a, z)).toBeNull();
    const p = await path(a, z, { kinds: ['CO_MENTIONED'] });
    expect(await stepsOf(p)).toEqual([{ kind: 'CO_MENTIONED', fromId: a, toId: z, evidence: [{ type: 'Article', id: article }], confirmedShare: null }]);
  });

  it('goes through an organization both people held a role in, citing the article that states the role', async () => {
    const p = await path(a, y);
    expect(await stepsOf(p)).toEqual([
      { kind: 'AFFILIATED', fromId: a, toId: o, evidence: [{ type: 'Article', id: article }], confirmedShare: null },
      { kind: 'AFFILIATED', fromId: o, toId: y, evidence: [], confirmedShare: null },
    ]);
    // y's role ended in 2022
    expect(await path(a, y, { window: { from: '2023-01-01', to: null } })).toBeNull();
    expect(await path(a, y, { kinds: ['MET'] })).toBeNull();
  });
});

describe('path under an event filter', () => {
  // x and y: a confirmed event and a proposed one (0.6); u and v: only a proposed one (0.6),
  // and a chain of confirmed events through w.
  let x: number, y: number, u: number, v: number, w: number;
  let confirmed: number, proposed: number;
  beforeAll(async () => {
    await g.clear();
    [x, y, u, v, w] = [await g.person('X'), await g.person('Y'), await g.person('U'), await g.person('V'), await g.person('W')];
    confirmed = await g.event('2024-01-01', [x, y]);
    proposed = await g.event('2024-02-01', [x, y], 'talks', { status: 'proposed', confidence: 0.6 });
    await g.event('2024-03-01', [u, v], 'call', { status: 'proposed', confidence: 0.6 });
    await g.event('2024-03-02', [u, w]);
    await g.event('2024-03-03', [w, v]);
  });

  const filtered = (fromId: number, toId: number, args: Parameters<typeof eventFilter>[0], window: TimeWindow = { from: null, to: null }) =>
    path(fromId, toId, { events: eventFilter(args), window }).then(stepsOf);

  it('rests on proposed and confirmed events by default, with the share editors confirmed', async () => {
    expect(await filtered(x, y, {})).toEqual([
      { kind: 'MET', fromId: x, toId: y, evidence: [{ type: 'Event', id: proposed }, { type: 'Event', id: confirmed }], confirmedShare: 0.5 },
    ]);
    expect(chainOf(await path(u, v))).toEqual([u, v]);
  });

  it('leaves out the events the filter leaves out: evidence, share and the chain itself', async () => {
    const onlyConfirmed = [{ kind: 'MET', fromId: x, toId: y, evidence: [{ type: 'Event', id: confirmed }], confirmedShare: 1 }];
    expect(await filtered(x, y, { status: ['CONFIRMED'] })).toEqual(onlyConfirmed);
    expect(await filtered(x, y, { minConfidence: 0.7 })).toEqual(onlyConfirmed);
    expect(await filtered(x, y, { status: ['PROPOSED'] })).toEqual([
      { kind: 'MET', fromId: x, toId: y, evidence: [{ type: 'Event', id: proposed }], confirmedShare: 0 },
    ]);
    // without the proposed call, u reaches v through w
    for (const args of [{ status: ['CONFIRMED'] }, { minConfidence: 0.7 }]) {
      expect((await filtered(u, v, args))!.map((s) => [s.fromId, s.toId, s.confirmedShare])).toEqual([[u, w, 1], [w, v, 1]]);
      expect((await filtered(u, v, args, { from: '2024-01-01', to: '2024-12-31' }))!.map((s) => s.toId)).toEqual([w, v]);
    }
    expect(await filtered(u, w, { status: ['PROPOSED'] })).toBeNull();
  });
});

describe('the confirmed share of a step next to someone in many events', () => {
  // hub: 40 events with others; s: a confirmed and a proposed event with hub, one more without.
  // s's few events are read and hub's probed by key; between two busy people both are read.
  let hub: number, s: number, busy: number;
  beforeAll(async () => {
    await g.clear();
    [hub, s, busy] = [await g.person('Hub'), await g.person('S'), await g.person('Busy')];
    for (let i = 0; i < 40; i++) await g.event(`2023-01-${String((i % 28) + 1).padStart(2, '0')}`, [hub, busy, await g.person(`Other${i}`)]);
    await g.event('2024-01-01', [s, hub]);
    await g.event('2024-02-01', [s, hub], 'talks', { status: 'proposed', confidence: 0.6 });
    await g.event('2024-03-01', [s, await g.person('Elsewhere')]);
  });

  const shares = async (fromId: number, toId: number, options: Partial<PathRequest> = {}) =>
    (await stepsOf(await path(fromId, toId, options)))!.map((step) => step.confirmedShare);

  it('counts the events both took part in, from either end, under the filter and window asked for', async () => {
    expect(await shares(s, hub)).toEqual([0.5]);
    expect(await shares(hub, s)).toEqual([0.5]);
    expect(await shares(s, hub, { events: eventFilter({ status: ['PROPOSED'] }) })).toEqual([0]);
    expect(await shares(s, hub, { window: { from: '2024-01-15', to: null } })).toEqual([0]);
    expect(await shares(s, hub, { window: { from: null, to: '2024-01-15' } })).toEqual([1]);
    expect(await shares(hub, busy)).toEqual([1]);
  });

  it('reads the same shares from relation_summary over all time as from the participations in a window holding every event', async () => {
    const always = { window: { from: '1900-01-01', to: '2100-12-31' } };
    for (const [x, y] of [[s, hub], [hub, s], [hub, busy], [busy, hub]]) expect(await shares(x, y)).toEqual(await shares(x, y, always));
    expect(await shares(hub, busy, always)).toEqual([1]);
    expect(await shares(s, hub, always)).toEqual([0.5]);
  });
});

describe('path through a busy entity', () => {
  // a met the hub h; h met forty others; z met x7 once and x9 twice: the sides meet on h's ring
  let a: number, h: number, z: number, xs: number[];
  beforeAll(async () => {
    await g.clear();
    [a, h, z] = [await g.person('A'), await g.person('Hub'), await g.person('Z')];
    xs = [];
    for (let i = 0; i < 40; i++) xs.push(await g.person(`X${i}`));
    await g.event('2024-01-01', [a, h]);
    for (const x of xs) await g.event('2024-02-01', [h, x]);
    await g.event('2024-03-01', [z, xs[7]]);
    for (const day of ['2024-03-02', '2024-03-03']) await g.event(day, [z, xs[9]]);
  });

  it('meets at the strongest of the meeting points, over all time and in a window, on a last ring or not', async () => {
    for (const maxHops of [3, 6]) {
      expect(chainOf(await path(a, z, { maxHops }))).toEqual([a, h, xs[9], z]);
      expect(chainOf(await path(z, a, { maxHops }))).toEqual([z, xs[9], h, a]);
      expect(chainOf(await path(a, z, { maxHops, window: { from: '2024-01-01', to: '2024-03-03' } }))).toEqual([a, h, xs[9], z]);
    }
    // with one event each the tie goes to x7 (the lower id); before x9's events, x7 is the only way
    expect(chainOf(await path(a, z, { window: { from: null, to: '2024-03-02' } }))).toEqual([a, h, xs[7], z]);
    expect(chainOf(await path(a, z, { window: { from: null, to: '2024-03-01' } }))).toEqual([a, h, xs[7], z]);
    expect(await path(a, z, { maxHops: 2 })).toBeNull();
  });

  it('looks the meeting points up by key and finds what reading the sources whole finds', async () => {
    const pairsOf = async (probeEnds: boolean) => {
      const params: unknown[] = [];
      const from = param(params, [h, a, z]);
      const to = param(params, [a, xs[3], xs[9], z, 999999]);
      const pairs = summaryPairsSql(['MET', 'CO_MENTIONED'], params, { from: 'f', to: 'o', toIds: to, probeEnds }, null);
      return db.dataSource.query(
        `WITH f AS (SELECT unnest(${from}::int[]) AS id), o AS (SELECT unnest(${to}::int[]) AS id)
         SELECT src, dst, kind, weight FROM (${pairs}) r ORDER BY src, dst, kind`,
        params,
      );
    };
    const probed = await pairsOf(true);
    expect(probed).toEqual(await pairsOf(false));
    expect(probed.map((r: { src: number; dst: number }) => [r.src, r.dst])).toEqual(expect.arrayContaining([[h, a], [h, xs[3]], [h, xs[9]], [z, xs[9]]]));
  });

  it('lists every event two busy people share, newest first, however few, from either end, in a window or not', async () => {
    // Two people in over a thousand events each (the busier read from its other end), sharing
    // five dated events and an undated one; a third shares only an undated one.
    const [b, c, d] = [await g.person('Busy B'), await g.person('Busy C'), await g.person('D')];
    const alone = async (entity: number, count: number) => db.dataSource.query(
      `WITH e AS (INSERT INTO event (slug, kind, title, date, date_precision, status, confidence)
                  SELECT 'alone-' || $1::int || '-' || i, 'meeting', 'alone', DATE '2020-01-01' + i, 'day', 'confirmed', 1 FROM generate_series(1, $2) i RETURNING id, date)
       INSERT INTO event_participant (event_id, entity_id, role, date) SELECT id, $1::int, 'participant', date FROM e`,
      [entity, count],
    );
    await alone(b, 1200);
    await alone(c, 3000);
    const shared = [];
    for (const day of ['2019-05-01', '2021-06-01', '2023-01-01', '2024-06-01', '2029-01-01']) shared.push(await g.event(day, [b, c]));
    const undated = await g.event(null, [b, c]);
    const onlyUndated = await g.event(null, [b, d]);
    // a proposed one between them, left out when only confirmed events count
    const proposed = await g.event('2022-03-01', [b, c], 'proposed', { status: 'proposed', confidence: 0.9 });
    const evidence = async (from: number, to: number, window: TimeWindow = { from: null, to: null }, events = DEFAULT_EVENT_FILTER) =>
      (await findPath(db.dataSource, { fromId: from, toId: to, maxHops: 1, window, kinds: ['MET'], events }))?.steps[0].evidence.map((e) => e.id);
    const newestFirst = [...shared].reverse();
    const withProposed = [...newestFirst.slice(0, 3), proposed, ...newestFirst.slice(3)];
    expect(await evidence(b, c)).toEqual([...withProposed, undated]);
    expect(await evidence(c, b)).toEqual([...withProposed, undated]);
    expect(await evidence(c, b, { from: '2021-01-01', to: '2024-12-31' })).toEqual([shared[3], shared[2], proposed, shared[1]]);
    const confirmed = { statuses: ['confirmed' as const], minConfidence: 0 };
    expect(await evidence(b, c, { from: null, to: null }, confirmed)).toEqual([...newestFirst, undated]);
    expect(await evidence(c, b, { from: '2021-01-01', to: '2024-12-31' }, confirmed)).toEqual([shared[3], shared[2], shared[1]]);
    expect(await evidence(b, d)).toEqual([onlyUndated]);
  });

  it('cites the last-published articles two entities share, whatever order they were stored in, from either end, in a window or not', async () => {
    const [b, c] = [await g.person('Mentioned B'), await g.person('Mentioned C')];
    for (let i = 0; i < 30; i++) await g.article(`2023-0${1 + (i % 9)}-10T08:00:00Z`, [b]);
    const older = await g.article('2024-02-01T12:00:00Z', [b, c]);
    // one day's 25 shared articles, each published a minute before the one stored before it
    const sameDay: number[] = [];
    for (let i = 0; i < 25; i++) sameDay.push(await g.article(new Date(Date.parse('2024-03-01T23:59:00Z') - i * 60_000).toISOString(), [b, c]));
    const evidence = async (from: number, to: number, window: TimeWindow = { from: null, to: null }) =>
      (await findPath(db.dataSource, { fromId: from, toId: to, maxHops: 1, window, kinds: ['CO_MENTIONED'], events: DEFAULT_EVENT_FILTER }))?.steps[0].evidence.map((e) => e.id);
    // the 20 published last, not the 20 stored last; listed by day, then id
    const latest = sameDay.slice(0, 20).sort((x, y) => y - x);
    expect(await evidence(b, c)).toEqual(latest);
    expect(await evidence(c, b)).toEqual(latest);
    expect(await evidence(b, c, { from: '2024-03-01', to: '2024-03-01' })).toEqual(latest);
    expect(await evidence(c, b, { from: null, to: '2024-02-29' })).toEqual([older]);
  });

  it("lists a hop's events newest first and the undated last, read from the end with fewer", async () => {
    const undated = await g.event(null, [a, h]);
    const newest = await g.event('2024-05-01', [a, h]);
    const first = (await findPath(db.dataSource, { fromId: a, toId: h, maxHops: 1, window: { from: null, to: null }, kinds: ['MET'], events: DEFAULT_EVENT_FILTER }))!;
    const ids = first.steps[0].evidence.map((e) => e.id);
    expect(ids[0]).toBe(newest);
    expect(ids[ids.length - 1]).toBe(undated);
    expect(ids).toHaveLength(3);
    // from the hub's end, the same
    const back = (await findPath(db.dataSource, { fromId: h, toId: a, maxHops: 1, window: { from: null, to: null }, kinds: ['MET'], events: DEFAULT_EVENT_FILTER }))!;
    expect(back.steps[0].evidence.map((e) => e.id)).toEqual(ids);
  });
});
