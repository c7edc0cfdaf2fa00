import type { DataSource } from 'typeorm';
import type { NamedEntity } from '../../entities';
import { entityArgument, eventFilter, relationKinds, timeWindow, wholeNumberIn, type EventFilter, type RelationKind, type TimeWindow } from './arguments';
import {
  confirmedShareReader, dateInWindow, graphPairsSql, type EvidenceTableName, instantInWindow, nearAndFarSql, param, participationCountsSql, participationSortKey, periodOverlapsWindow, publishedDay, strengthSql,
} from './relations';

export const MAX_PATH_HOPS = 6;
/** Evidence items listed per hop, newest first. */
export const MAX_EVIDENCE_PER_HOP = 20;

/** Without `kinds`, a path rests on contact (events, roles); a shared article alone is asked for explicitly. */
export const DEFAULT_PATH_KINDS: readonly RelationKind[] = ['MET', 'AFFILIATED'];

export interface PathRequest {
  fromId: number;
  toId: number;
  maxHops: number;
  window: TimeWindow;
  kinds: readonly RelationKind[];
  /** Which events count as MET evidence. */
  events: EventFilter;
}

export type EvidenceRef = { type: 'Event' | 'Article'; id: number };

export interface PathStepRow {
  kind: RelationKind;
  fromId: number;
  toId: number;
  evidence: EvidenceRef[];
  /** The share of the step's events (MET) that editors confirmed; null for other kinds. Read when asked for. */
  confirmedShare: () => Promise<number | null>;
}

export interface PathResult {
  hops: number;
  steps: PathStepRow[];
}

/** Up to this many (frontier member, other side's entity) pairs, meeting points are looked up pair by pair. */
export const MEETING_PROBES = 2000;

/** What a search side knows of an entity it reached: the best score so far and the neighbour it came from. */
interface Reached {
  score: number;
  via: number | null;
}

/** One side of the search: what it reached, its newest ring and how many hops that ring is from its end. */
interface Side {
  reached: Map<number, Reached>;
  frontier: number[];
  depth: number;
}

/**
 * What a ring's statement reads past the meeting points when there are none: the whole ring
 * (another ring and more may follow), the entities between this side's ring and the other
 * side's frontier (one ring of each side may follow: the last two at once), or nothing (the last).
 */
type Beyond = 'ring' | 'between' | 'nothing';

/**
 * A row of a ring: an entity and its best predecessor on the growing side; between the two
 * sides' frontiers, also its best neighbour on the other side's frontier (`otherVia`), the
 * score then counting both sides' hops.
 */
interface RingRow {
  id: number;
  via: number;
  score: number;
  otherVia: number | null;
}

/**
 * The next ring of one side of the search: entities related to the frontier and not yet
 * reached by this side, each with its best predecessor; only those the other side reached
 * when there are any, or else what `beyond` asks for. Scores add the strength of every hop,
 * so among equally short chains the one resting on stronger evidence wins.
 */
async function expand(ds: DataSource, side: Side, other: Side, beyond: Beyond, req: PathRequest): Promise<RingRow[]> {
  const params: unknown[] = [];
  const frontierOf = (s: Side) => `
    SELECT f.id, f.score, e.kind FROM unnest(${param(params, s.frontier)}::int[], ${param(params, s.frontier.map((id) => s.reached.get(id)!.score))}::float8[]) AS f(id, score)
      JOIN entity e ON e.id = f.id`;
  const otherIds = param(params, [...other.reached.keys()]);
  // The meeting points are looked up first, by the frontier's relations ending on the other side
  // (key lookups); the whole ring is read only when there are none and another ring may follow,
  // so a frontier of busy entities is not read in full just to find where the sides meet.
  const probeEnds = side.frontier.length * other.reached.size <= MEETING_PROBES;
  const meetingPairs = graphPairsSql(req.kinds, req.window, req.events, params, { from: 'frontier', to: 'other', toIds: otherIds, probeEnds }, null);
  /** Each entity related to `frontier` by `pairs` (src, dst, kind, weight) with its best predecessor there. */
  const ringOf = (pairs: string, frontier: string, unseen: string) => `
            SELECT DISTINCT ON (h.dst) h.dst AS id, h.src AS via, f.score + h.strength AS score
              FROM (
                SELECT r.src, r.dst, sum(${strengthSql('r.kind', 'r.weight', 'f.kind', 'e.kind')}) AS strength
                  FROM (${pairs}) r
                  JOIN ${frontier} f ON f.id = r.src
                  JOIN entity e ON e.id = r.dst AND e.merged_into_id IS NULL
                 WHERE ${unseen}
                 GROUP BY r.src, r.dst) h
              JOIN ${frontier} f ON f.id = h.src
             ORDER BY h.dst, score DESC, h.src`;
  const unseen = `NOT EXISTS (SELECT 1 FROM seen s WHERE s.id = r.dst)`;
  const ctes = [
    `frontier AS (${frontierOf(side)})`,
    `seen AS (SELECT unnest(${param(params, [...side.reached.keys()])}::int[]) AS id)`,
    `other AS (SELECT unnest(${otherIds}::int[]) AS id)`,
    `meetings AS (${ringOf(meetingPairs, 'frontier', unseen)})`,
  ];
  let rest = '';
  if (beyond === 'ring') {
    rest = `SELECT *, NULL::int AS "otherVia" FROM (${ringOf(graphPairsSql(req.kinds, req.window, req.events, params, { from: 'frontier' }, null), 'frontier', unseen)}) ring`;
  } else if (beyond === 'between') {
    // The entities related to both frontiers, found by reading this side's relations once and
    // the other side's only where they end among them (by key when few, as the meeting points):
    // the ring in between is never returned, and an entity's kind is read only for those found.
    // With no meeting point, none of them was reached by either side (it would have been one).
    const probed = `(SELECT count(*) FROM near_ends) * ${param(params, other.frontier.length)} <= ${MEETING_PROBES}`;
    const farPairs = (probeEnds: boolean) =>
      graphPairsSql(req.kinds, req.window, req.events, params, { from: 'far_frontier', to: 'near_ends', toIds: '(SELECT array_agg(n.id) FROM near_ends n)', probeEnds }, null);
    ctes.push(
      `near AS MATERIALIZED (${graphPairsSql(req.kinds, req.window, req.events, params, { from: 'frontier' }, null)})`,
      `near_ends AS MATERIALIZED (SELECT DISTINCT n.dst AS id FROM near n)`,
      `far_frontier AS (${frontierOf(other)})`,
      `far AS MATERIALIZED (
        SELECT * FROM (${farPairs(true)}) p WHERE ${probed}
        UNION ALL
        SELECT * FROM (${farPairs(false)}) w WHERE NOT ${probed})`,
      `between_near AS (${ringOf('SELECT * FROM near', 'frontier', 'r.dst IN (SELECT x.dst FROM far x)')})`,
      `between_far AS (${ringOf('SELECT * FROM far', 'far_frontier', 'TRUE')})`,
    );
    rest = `SELECT * FROM (
              SELECT n.id, n.via, n.score + f.score AS score, f.via AS "otherVia"
                FROM between_near n JOIN between_far f ON f.id = n.id
               ORDER BY 3 DESC, n.id LIMIT 1) middle`;
  }
  return ds.query(
    `WITH ${ctes.join(',\n          ')}
     -- where the sides meet, only the meeting points matter
     SELECT *, NULL::int AS "otherVia" FROM meetings
     ${rest && `UNION ALL ${rest} WHERE NOT EXISTS (SELECT 1 FROM meetings)`}`,
    params,
  );
}

/** The chain from `start` back along `via` pointers (start first). */
function chainBack(start: number, reached: Map<number, Reached>): number[] {
  const chain = [start];
  for (let at = reached.get(start)!.via; at !== null; at = reached.get(at)!.via) chain.push(at);
  return chain;
}

interface EvidenceRow {
  hop: number;
  kind: RelationKind;
  eventId: number | null;
  articleId: number | null;
}

/** The evidence of every hop of a chain, in one statement. */
async function evidenceOf(ds: DataSource, chain: number[], req: PathRequest): Promise<EvidenceRow[]> {
  const params: unknown[] = [];
  const hops = `unnest(${param(params, chain.slice(0, -1).map((_, i) => i))}::int[], ${param(params, chain.slice(0, -1))}::int[], ${param(params, chain.slice(1))}::int[]) AS h(i, a, b)`;
  const parts: string[] = [];
  /**
   * The newest items two entities share, newest first, in the order an index of the table gives
   * per entity (`key` then the item, descending; `newest`), at most the pair's count in its
   * summary (relation_summary counts every shared item), from its last day on (`notAfter`, an
   * index bound: the walk starts there). When one end has far fewer rows (`probe_far`), its rows
   * are walked and the other end probed by key per row until enough are found (OFFSET 0);
   * otherwise both ends' rows are merged in that order (a merge join, which stops at the last
   * one needed): probing cost ~3 µs a row, and two busy people's hop walked thousands
   * (docs/events.md). Joined whole, a hub's tens of thousands of rows were hashed for each hop.
   */
  const shared = (
    table: EvidenceTableName, group: string, kind: RelationKind, day: (alias: string) => string, key: (alias: string) => string,
    inWindow: (alias: string) => string, counts: (alias: string) => string, notAfter: (alias: string, lastSeen: string) => string,
  ) => {
    const newest = (a: string) => `${key(a)} DESC, ${a}.${group} DESC`;
    // the window bounds both ends' index ranges; whether an item counts is asked of one end's rows
    const ends = (alias: string, entity: string, counted: string) =>
      `SELECT ${alias}.${group} AS item, ${day(alias)} AS day, ${key(alias)} AS key FROM ${table} ${alias}
        WHERE ${alias}.entity_id = ${entity} AND ${notAfter(alias, 's.last_seen')} AND ${inWindow(alias)} AND ${counted} ORDER BY ${newest(alias)}`;
    return `
      SELECT h.i AS hop, '${kind}' AS kind, ${kind === 'MET' ? 'x.item AS "eventId", NULL::int AS "articleId"' : 'NULL::int AS "eventId", x.item AS "articleId"'}, x.day
        FROM ${hops}
        CROSS JOIN LATERAL ${nearAndFarSql(table, 'h.a', 'h.b')} n
        CROSS JOIN LATERAL (SELECT r.weight, r.last_seen FROM relation_summary r WHERE r.src = n.near AND r.kind = '${kind}' AND r.dst = n.far) s
        CROSS JOIN LATERAL (
          (SELECT t1.${group} AS item, ${day('t1')} AS day
             FROM ${table} t1
            WHERE n.probe_far AND t1.entity_id = n.near AND ${notAfter('t1', 's.last_seen')} AND ${inWindow('t1')} AND ${counts('t1')}
              AND EXISTS (SELECT 1 FROM ${table} t2 WHERE t2.${group} = t1.${group} AND t2.entity_id = n.far OFFSET 0)
            ORDER BY ${newest('t1')}
            LIMIT least(${MAX_EVIDENCE_PER_HOP}, s.weight))
          UNION ALL
          (SELECT t1.item, t1.day
             FROM (${ends('t1', 'n.near', counts('t1'))}) t1
             JOIN (${ends('t2', 'n.far', 'TRUE')}) t2 ON t2.key = t1.key AND t2.item = t1.item
            WHERE NOT n.probe_far
            ORDER BY t1.key DESC, t1.item DESC
            LIMIT least(${MAX_EVIDENCE_PER_HOP}, s.weight))) x`;
  };
  if (req.kinds.includes('MET')) {
    parts.push(shared('event_participant', 'event_id', 'MET', (a) => `${a}.date`, participationSortKey,
      (a) => dateInWindow(`${a}.date`, req.window, params), (a) => participationCountsSql(a, req.events, params),
      // an index bound: undated events sort last, and a pair sharing only those has no last day
      (a, lastSeen) => `${participationSortKey(a)} <= COALESCE(${lastSeen}, '-infinity'::date)`));
  }
  if (req.kinds.includes('CO_MENTIONED')) {
    // article_entity_entity_idx's order, newest instant first; an index bound: the end of the pair's last day (UTC)
    parts.push(shared('article_entity', 'article_id', 'CO_MENTIONED', (a) => publishedDay(`${a}.published_at`), (a) => `${a}.published_at`,
      (a) => instantInWindow(`${a}.published_at`, req.window, params), () => 'TRUE',
      (a, lastSeen) => `${a}.published_at < COALESCE((${lastSeen} + 1)::timestamp AT TIME ZONE 'UTC', 'infinity')`));
  }
  if (req.kinds.includes('AFFILIATED')) {
    parts.push(`
      SELECT h.i AS hop, 'AFFILIATED' AS kind, NULL::int AS "eventId", af.source_article_id AS "articleId", af.since AS day
        FROM ${hops}
        JOIN affiliation af ON (af.person_id, af.organization_id) IN ((h.a, h.b), (h.b, h.a))
       WHERE ${periodOverlapsWindow('af.since', 'af.until', req.window, params)}`);
  }
  return ds.query(`SELECT * FROM (${parts.join(' UNION ALL ')}) x ORDER BY hop, day DESC NULLS LAST, "eventId" DESC, "articleId" DESC`, params);
}

/** Which relation a hop is shown as when several tie the pair: the most direct one. */
const KIND_PRECEDENCE: RelationKind[] = ['MET', 'AFFILIATED', 'CO_MENTIONED'];

function stepsOf(ds: DataSource, chain: number[], evidence: EvidenceRow[], req: PathRequest): PathStepRow[] {
  const hops = chain.slice(0, -1).map((fromId, hop) => {
    const own = evidence.filter((e) => e.hop === hop);
    return { fromId, toId: chain[hop + 1], own, kind: KIND_PRECEDENCE.find((k) => own.some((e) => e.kind === k))! };
  });
  // Only MET steps rest on events: only their ends are read for the shares.
  const met = hops.filter((h) => h.kind === 'MET');
  const shareOf = confirmedShareReader(ds, met.map((h) => [h.fromId, h.toId] as const), req.window, req.events);
  return hops.map(({ fromId, toId, own, kind }) => {
    const refs: EvidenceRef[] = [];
    for (const e of own.filter((x) => x.kind === kind)) {
      if (e.eventId !== null) refs.push({ type: 'Event', id: e.eventId });
      else if (e.articleId !== null && !refs.some((r) => r.type === 'Article' && r.id === e.articleId)) refs.push({ type: 'Article', id: e.articleId });
    }
    const at = met.findIndex((h) => h.fromId === fromId && h.toId === toId);
    const confirmedShare = at === -1 ? async () => null : () => shareOf(at);
    return { kind, fromId, toId, evidence: refs.slice(0, MAX_EVIDENCE_PER_HOP), confirmedShare };
  });
}

/**
 * The shortest chain of relations between two entities, or null when none is within
 * `maxHops`. A bidirectional breadth-first search, one SQL statement per ring, always
 * growing the smaller side, and one for the last two rings (the ring between the sides is
 * what a busy frontier makes large); the first ring where the sides meet gives the length,
 * and among the chains of that length the one with the greatest total strength is taken.
 */
export async function findPath(ds: DataSource, req: PathRequest): Promise<PathResult | null> {
  if (req.fromId === req.toId) return { hops: 0, steps: [] };
  const sides: [Side, Side] = [
    { reached: new Map([[req.fromId, { score: 0, via: null }]]), frontier: [req.fromId], depth: 0 },
    { reached: new Map([[req.toId, { score: 0, via: null }]]), frontier: [req.toId], depth: 0 },
  ];
  while (sides[0].depth + sides[1].depth < req.maxHops) {
    const grow = sides[0].frontier.length <= sides[1].frontier.length ? 0 : 1;
    const [side, other] = [sides[grow], sides[1 - grow]];
    const hopsLeft = req.maxHops - sides[0].depth - sides[1].depth;
    const ring = await expand(ds, side, other, hopsLeft === 1 ? 'nothing' : hopsLeft === 2 ? 'between' : 'ring', req);
    if (ring.length === 0) return null;
    const between = ring.find((r) => r.otherVia !== null);
    if (between) {
      // the two last rings at once: the entity between them, reached from both frontiers
      side.reached.set(between.id, { score: 0, via: between.via });
      other.reached.set(between.id, { score: 0, via: between.otherVia });
      return pathThrough(ds, between.id, sides, req);
    }
    for (const r of ring) side.reached.set(r.id, { score: r.score, via: r.via });
    side.frontier = ring.map((r) => r.id);
    side.depth++;
    const meetings = ring.filter((r) => other.reached.has(r.id));
    if (meetings.length > 0) {
      const best = meetings
        .map((r) => ({ id: r.id, score: r.score + other.reached.get(r.id)!.score }))
        .reduce((a, b) => (b.score > a.score || (b.score === a.score && b.id < a.id) ? b : a));
      return pathThrough(ds, best.id, sides, req);
    }
  }
  return null;
}

/** The chain through `meeting`, reached by both sides, with each hop's evidence. */
async function pathThrough(ds: DataSource, meeting: number, [from, to]: [Side, Side], req: PathRequest): Promise<PathResult> {
  const chain = [...chainBack(meeting, from.reached).reverse(), ...chainBack(meeting, to.reached).slice(1)];
  return { hops: chain.length - 1, steps: stepsOf(ds, chain, await evidenceOf(ds, chain, req), req) };
}

export interface PathArguments {
  from: string;
  to: string;
  maxHops?: number | null;
  since?: string | null;
  until?: string | null;
  kinds?: readonly string[] | null;
  status?: readonly string[] | null;
  minConfidence?: number | null;
}

export const DEFAULT_MAX_HOPS = 4;

/** The path an analyst asked for, arguments checked (BAD_USER_INPUT naming the argument). */
export async function pathFor(
  ds: DataSource,
  loadEntity: (id: number) => Promise<NamedEntity | null>,
  args: PathArguments,
): Promise<PathResult | null> {
  const maxHops = wholeNumberIn('maxHops', args.maxHops ?? DEFAULT_MAX_HOPS, 1, MAX_PATH_HOPS);
  const window = timeWindow('since', args.since, 'until', args.until);
  const kinds = args.kinds == null ? [...DEFAULT_PATH_KINDS] : relationKinds('kinds', args.kinds);
  const events = eventFilter(args);
  const [from, to] = await Promise.all([entityArgument('from', args.from, loadEntity), entityArgument('to', args.to, loadEntity)]);
  return findPath(ds, { fromId: from.id, toId: to.id, maxHops, window, kinds, events });
}
