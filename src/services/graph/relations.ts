import type { DataSource } from 'typeorm';
import { countsEveryParticipation, DEFAULT_EVENT_FILTER, type EventFilter, type RelationKind, type TimeWindow } from './arguments';

/**
 * SQL for the graph's relations, shared by network and path. Every relation is read from
 * the tables that hold its evidence, starting from a set of entities (a CTE with an `id`
 * column), so a traversal touches only the frontier's rows, never the whole graph:
 *
 * - MET: both took part in an event that passes the analyst's EventFilter (event_participant,
 *   by the (entity_id, date) index and the (event_id, entity_id) key); weight = shared events.
 * - CO_MENTIONED: both are named in an article (article_entity the same way); weight =
 *   shared articles.
 * - AFFILIATED: a person's role in an organization; weight = roles.
 *
 * Rows: (src, dst, kind, weight, first_seen, last_seen), one per related pair and kind.
 */

/** Appends a parameter and answers its placeholder. */
export function param(params: unknown[], value: unknown): string {
  params.push(value);
  return `$${params.length}`;
}

const DAY_MS = 86_400_000;

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString();
}

/** Window conditions on a date column; no condition for an open end. */
export function dateInWindow(column: string, window: TimeWindow, params: unknown[]): string {
  const conditions = ['TRUE'];
  if (window.from) conditions.push(`${column} >= ${param(params, window.from)}::date`);
  if (window.to) conditions.push(`${column} <= ${param(params, window.to)}::date`);
  return conditions.join(' AND ');
}

/** Window conditions on a timestamptz, by UTC calendar day, written so the index range applies. */
export function instantInWindow(column: string, window: TimeWindow, params: unknown[]): string {
  const conditions = ['TRUE'];
  if (window.from) conditions.push(`${column} >= ${param(params, `${window.from}T00:00:00.000Z`)}::timestamptz`);
  if (window.to) conditions.push(`${column} < ${param(params, nextDay(window.to))}::timestamptz`);
  return conditions.join(' AND ');
}

/** A role counts when its since/until period overlaps the window (open ends overlap everything). */
export function periodOverlapsWindow(since: string, until: string, window: TimeWindow, params: unknown[]): string {
  const conditions = ['TRUE'];
  if (window.to) conditions.push(`(${since} IS NULL OR ${since} <= ${param(params, window.to)}::date)`);
  if (window.from) conditions.push(`(${until} IS NULL OR ${until} >= ${param(params, window.from)}::date)`);
  return conditions.join(' AND ');
}

/**
 * The condition an event (`alias`, a row of `event`) meets to count as evidence. Confidence is
 * stored as `real`: the bound is compared as `real` too, so 0.7 admits an event of 0.7.
 */
export function eventPassesSql(alias: string, filter: EventFilter, params: unknown[]): string {
  return `${alias}.status = ANY(${param(params, filter.statuses)}::text[]) AND ${alias}.confidence >= ${param(params, filter.minConfidence)}::real`;
}

/**
 * The condition on a participation (`alias`, a row of `event_participant`) for its event to
 * count; none under a filter every participation passes, so the default reads no event row.
 * A scalar subquery, not EXISTS: as a semi-join the planner may reorder the participations
 * around it and read event_participant whole (test/db/read-plans.test.ts).
 */
export function participationCountsSql(alias: string, filter: EventFilter, params: unknown[]): string {
  if (countsEveryParticipation(filter)) return 'TRUE';
  return `(SELECT ${eventPassesSql('ev', filter, params)} FROM event ev WHERE ev.id = ${alias}.event_id)`;
}

/** The UTC calendar day of an article's publication. */
export const publishedDay = (column: string) => `(${column} AT TIME ZONE 'UTC')::date`;

/**
 * `column` is in the CTE `set`, tested against a hash of the set built once per statement (a
 * hashed SubPlan; `IS TRUE` keeps it from being pulled up into a join). On our generic plans,
 * which guess ten rows for any set, a join could read the set first and probe by key for each
 * of its thousands of ids, and `= ANY` of an array parameter searches the array row by row
 * (PostgreSQL hashes it only for a constant; docs/performance-history.md, 2026-12-06 22:43).
 */
export function inSet(column: string, set: string): string {
  return `(${column} IN (SELECT m.id FROM ${set} m)) IS TRUE`;
}

export interface RelationSets {
  /** A CTE of the entities relations start from (column `id`). */
  from: string;
  /** When given, only relations ending in this CTE (column `id`). */
  to?: string;
  /**
   * When given, relations ending in this CTE (column `id`) are left out before each source's
   * `perSource` strongest are taken: a network's next ring reads its frontier's strongest ties
   * to entities not yet in it, not every tie among the members first.
   */
  notTo?: string;
  /** The same set as an int[] (a parameter's placeholder or a subquery), for `probeEnds`' key lookups. */
  toIds?: string;
  /** `to` is the same set as `from`: each affiliation is read once, from its person's end (a network's edges). */
  sameEnds?: boolean;
  /**
   * Few ends in `toIds`: each (source, kind, end) looked up by the summary's key, rather than
   * each source's relations read and filtered (a hub's tens of thousands for a handful of ends).
   */
  probeEnds?: boolean;
}

/** UNION ALL of the requested kinds' pairs, starting from `sets.from`, aggregated from the evidence. */
export function relationPairsSql(kinds: readonly RelationKind[], window: TimeWindow, events: EventFilter, params: unknown[], sets: RelationSets): string {
  const endIn = (column: string) => (sets.to ? `AND ${inSet(column, sets.to)}` : '');
  const parts: string[] = [];
  if (kinds.includes('MET')) {
    parts.push(`
      SELECT p1.entity_id AS src, p2.entity_id AS dst, 'MET'::text AS kind, count(*)::float8 AS weight,
             min(p1.date) AS first_seen, max(p1.date) AS last_seen
        FROM ${sets.from} s
        JOIN event_participant p1 ON p1.entity_id = s.id
        JOIN event_participant p2 ON p2.event_id = p1.event_id AND p2.entity_id <> p1.entity_id
       WHERE ${dateInWindow('p1.date', window, params)} AND ${participationCountsSql('p1', events, params)} ${endIn('p2.entity_id')}
       GROUP BY p1.entity_id, p2.entity_id`);
  }
  if (kinds.includes('CO_MENTIONED')) {
    parts.push(`
      SELECT a1.entity_id AS src, a2.entity_id AS dst, 'CO_MENTIONED'::text AS kind, count(*)::float8 AS weight,
             min(${publishedDay('a1.published_at')}) AS first_seen, max(${publishedDay('a1.published_at')}) AS last_seen
        FROM ${sets.from} s
        JOIN article_entity a1 ON a1.entity_id = s.id
        JOIN article_entity a2 ON a2.article_id = a1.article_id AND a2.entity_id <> a1.entity_id
       WHERE ${instantInWindow('a1.published_at', window, params)} ${endIn('a2.entity_id')}
       GROUP BY a1.entity_id, a2.entity_id`);
  }
  if (kinds.includes('AFFILIATED')) {
    const overlap = periodOverlapsWindow('af.since', 'af.until', window, params);
    const directions = sets.sameEnds ? [['person_id', 'organization_id']] : [['person_id', 'organization_id'], ['organization_id', 'person_id']];
    for (const [near, far] of directions) {
      parts.push(`
      SELECT af.${near} AS src, af.${far} AS dst, 'AFFILIATED'::text AS kind, count(*)::float8 AS weight,
             min(af.since) AS first_seen, max(af.until) AS last_seen
        FROM ${sets.from} s
        JOIN affiliation af ON af.${near} = s.id
       WHERE ${overlap} ${endIn(`af.${far}`)}
       GROUP BY af.${near}, af.${far}`);
    }
  }
  return parts.join('\n      UNION ALL');
}

/**
 * How strongly a relation ties two entities, to rank among equals: shared events between
 * two people are the most direct evidence, an organization's presence at an event or a
 * role less so, a shared article the least.
 */
export function strengthSql(kind: string, weight: string, srcKind: string, dstKind: string): string {
  return `(${weight} * CASE
      WHEN ${kind} = 'MET' AND ${srcKind} = 'person' AND ${dstKind} = 'person' THEN 3
      WHEN ${kind} = 'MET' OR ${kind} = 'AFFILIATED' THEN 2
      ELSE 1 END)`;
}

/** Strength by kind alone, where the ends' kinds are not at hand (ranking a network's edges). */
export function kindStrengthSql(kind: string, weight: string): string {
  return `(${weight} * CASE ${kind} WHEN 'MET' THEN 3 WHEN 'AFFILIATED' THEN 2 ELSE 1 END)`;
}

/**
 * Over all time (an open window), MET and CO_MENTIONED are read from relation_summary
 * (kept by triggers, see its migration): all of them, or each source entity's `perSource`
 * strongest relations of each kind (ending in `sets.to` when given), by the (src, kind, weight)
 * index, so an entity in thousands of events costs about `perSource` index entries, not
 * thousands of rows to aggregate.
 * AFFILIATED comes from the affiliation table as always. Same row shape as relationPairsSql.
 */
export function summaryPairsSql(kinds: readonly RelationKind[], params: unknown[], sets: RelationSets, perSource: number | null): string {
  const summarized = kinds.filter((k) => k !== 'AFFILIATED');
  const parts: string[] = [];
  if (summarized.length && perSource === null) {
    // every relation (a path's search must not miss a neighbour); ends in `toIds` by the key (src, kind, dst)
    parts.push(sets.probeEnds && sets.toIds ? `
      SELECT r.src, r.dst, r.kind, r.weight::float8 AS weight, r.first_seen, r.last_seen
        FROM ${sets.from} s
        CROSS JOIN unnest(${param(params, summarized)}::text[]) AS k(kind)
        CROSS JOIN unnest(${sets.toIds}::int[]) AS d(id)
        CROSS JOIN LATERAL (SELECT * FROM relation_summary r WHERE r.src = s.id AND r.kind = k.kind AND r.dst = d.id OFFSET 0) r` : `
      SELECT r.src, r.dst, r.kind, r.weight::float8 AS weight, r.first_seen, r.last_seen
        FROM ${sets.from} s
        CROSS JOIN unnest(${param(params, summarized)}::text[]) AS k(kind)
        -- each kind's rows by the index (OFFSET 0: joined, every kind's were read and hashed by kind)
        CROSS JOIN LATERAL (SELECT * FROM relation_summary r WHERE r.src = s.id AND r.kind = k.kind OFFSET 0) r
        ${sets.to ? `WHERE ${inSet('r.dst', sets.to)}` : ''}`);
  } else if (summarized.length) {
    // The end filter stays a filter on the strongest-first index scan, which stops after
    // `perSource` rows. PostgreSQL 18 (the embedded server) made `r.dst = ANY(…)` an index
    // condition on the primary key (src, kind, dst): one descent per listed end, then all
    // matches sorted, per source (docs/performance-history.md, 2026-12-06 22:43).
    const end = [sets.to && `AND ${inSet('r.dst', sets.to)}`, sets.notTo && `AND NOT ${inSet('r.dst', sets.notTo)}`].filter(Boolean).join(' ');
    parts.push(`
      SELECT s.id AS src, r.dst, r.kind, r.weight::float8 AS weight, r.first_seen, r.last_seen
        FROM ${sets.from} s
        CROSS JOIN unnest(${param(params, summarized)}::text[]) AS k(kind)
        CROSS JOIN LATERAL (
          SELECT r.dst, r.kind, r.weight, r.first_seen, r.last_seen FROM relation_summary r
           WHERE r.src = s.id AND r.kind = k.kind ${end}
           ORDER BY r.weight DESC, r.dst LIMIT ${param(params, perSource)}) r`);
  }
  if (kinds.includes('AFFILIATED')) parts.push(relationPairsSql(['AFFILIATED'], { from: null, to: null }, DEFAULT_EVENT_FILTER, params, sets));
  return parts.join('\n      UNION ALL');
}

/**
 * The pairs of the requested kinds starting from `sets.from`, as network and path read them:
 * over all time from relation_summary where it holds what is asked (it counts every
 * participation, so MET only under a filter that lets them all count), otherwise aggregated
 * from the evidence. `perSource` as in summaryPairsSql.
 */
export function graphPairsSql(
  kinds: readonly RelationKind[], window: TimeWindow, events: EventFilter, params: unknown[], sets: RelationSets, perSource: number | null,
): string {
  if (window.from !== null || window.to !== null) return relationPairsSql(kinds, window, events, params, sets);
  if (!kinds.includes('MET') || countsEveryParticipation(events)) return summaryPairsSql(kinds, params, sets, perSource);
  const others = kinds.filter((k) => k !== 'MET');
  const met = relationPairsSql(['MET'], window, events, params, sets);
  return others.length ? `${met}\n      UNION ALL${summaryPairsSql(others, params, sets, perSource)}` : met;
}

/**
 * A participation's key in event_participant_sort_idx (entity_id, key, event_id): its date, the
 * undated first in ascending order (last when read descending, as `date DESC NULLS LAST` puts them).
 */
export const participationSortKey = (alias: string) => `COALESCE(${alias}.date, '-infinity'::date)`;

/** The tables a relation's evidence is read from: events' participants, articles' tags. */
export type EvidenceTableName = 'event_participant' | 'article_entity';

/** Where each evidence table's rows are counted per entity, kept by triggers (entity_event_count, entity_prominence). */
const ROWS_COUNTED: Record<EvidenceTableName, { table: string; column: string }> = {
  event_participant: { table: 'entity_event_count', column: 'events' },
  article_entity: { table: 'entity_prominence', column: 'articles' },
};

/** Probing an entity's row by key costs about what reading this many rows from an index and hashing them costs (docs/events.md). */
const ROWS_READ_PER_PROBE = 14;

/**
 * A lateral subquery naming which of two entities has fewer rows in `table` (`near`, the end
 * to read from) and the other (`far`), by their counts: a pair next to someone in thousands of
 * events reads the other end's few. `probe_far`: probing the far end by key for each of the
 * near end's rows costs less than reading both ends' rows (ROWS_READ_PER_PROBE).
 */
export function nearAndFarSql(table: EvidenceTableName, a: string, b: string): string {
  const { table: counts, column } = ROWS_COUNTED[table];
  const rows = (entity: string) => `coalesce((SELECT n.${column} FROM ${counts} n WHERE n.entity_id = ${entity}), 0)`;
  return `(SELECT CASE WHEN c.a_rows <= c.b_rows THEN ${a} ELSE ${b} END AS near, CASE WHEN c.a_rows <= c.b_rows THEN ${b} ELSE ${a} END AS far,
                  least(c.a_rows, c.b_rows) * ${ROWS_READ_PER_PROBE - 1} < greatest(c.a_rows, c.b_rows) AS probe_far
            FROM (SELECT ${rows(a)} AS a_rows, ${rows(b)} AS b_rows OFFSET 0) c)`;
}

/**
 * Up to this many pairs (a path's steps), each pair's shared events are read from its end with
 * fewer participations, the other end probed by key: a hop between two busy people read both
 * ends' tens of thousands of participations whole (docs/events.md).
 */
const PAIRS_READ_APART = 8;

/**
 * The share of a MET relation's events that editors confirmed, per pair: among the events
 * both ends took part in that pass `events` within `window`, the confirmed ones; null for a
 * pair sharing no such event. Over all time under a filter every participation passes, each
 * pair's counts kept in relation_summary (weight, confirmed), read by key. Otherwise from the
 * participations: past PAIRS_READ_APART pairs in one pass over the ends' participations (a
 * network's edges share a few hundred ends, so reading each end once beats reading each pair;
 * docs/events.md).
 */
export async function confirmedSharesOf(
  ds: DataSource, pairs: readonly (readonly [number, number])[], window: TimeWindow, events: EventFilter,
): Promise<(number | null)[]> {
  if (pairs.length === 0) return [];
  const params: unknown[] = [];
  const confirmed = `(count(*) FILTER (WHERE (SELECT ev.status FROM event ev WHERE ev.id = p1.event_id) = 'confirmed'))::int AS confirmed`;
  const counted = () => `${dateInWindow('p1.date', window, params)} AND ${participationCountsSql('p1', events, params)}`;
  /** The pairs as rows h(a, b). */
  const pairRows = () => `unnest(${param(params, pairs.map(([a]) => a))}::int[], ${param(params, pairs.map(([, b]) => b))}::int[]) AS h(a, b)`;
  const apart = () => `
    SELECT least(h.a, h.b) AS a, greatest(h.a, h.b) AS b, count(*)::int AS events, ${confirmed}
      FROM ${pairRows()}
      CROSS JOIN LATERAL ${nearAndFarSql('event_participant', 'h.a', 'h.b')} n
      -- the shared events, by probing the far end or by joining both ends' rows on the columns
      -- event_participant_sort_idx holds them in (a merge join of two index scans: INTERSECT ALL
      -- hashed a hub's tens of thousands). The join's ends are NULL when probing, in the index
      -- condition: as a filter, or with ORDER BY, the planner copied a hub's rows (Materialize).
      CROSS JOIN LATERAL (
        SELECT p1.event_id, p1.date FROM event_participant p1
         WHERE n.probe_far AND p1.entity_id = n.near
           AND EXISTS (SELECT 1 FROM event_participant p2 WHERE p2.event_id = p1.event_id AND p2.entity_id = n.far OFFSET 0)
        UNION ALL
        SELECT t1.event_id, t1.date
          FROM (SELECT p1.event_id, p1.date, ${participationSortKey('p1')} AS key FROM event_participant p1
                 WHERE p1.entity_id = CASE WHEN NOT n.probe_far THEN n.near END) t1
          JOIN (SELECT p2.event_id, ${participationSortKey('p2')} AS key FROM event_participant p2
                 WHERE p2.entity_id = CASE WHEN NOT n.probe_far THEN n.far END) t2
            ON t2.key = t1.key AND t2.event_id = t1.event_id) p1
     WHERE ${counted()}
     GROUP BY 1, 2`;
  const onePass = () => {
    const ends = param(params, [...new Set(pairs.flat())]);
    // The ends as an array condition, not a joined set: an index scan filters on it as it goes,
    // where a generic plan hash-joined a set of unknown size to event_participant read whole.
    return `
      SELECT p1.entity_id AS a, p2.entity_id AS b, count(*)::int AS events, ${confirmed}
        FROM event_participant p1
        JOIN event_participant p2 ON p2.event_id = p1.event_id AND p2.entity_id > p1.entity_id AND p2.entity_id = ANY(${ends}::int[])
       WHERE p1.entity_id = ANY(${ends}::int[]) AND ${counted()}
       GROUP BY p1.entity_id, p2.entity_id`;
  };
  const summarized = () => `
    SELECT least(h.a, h.b) AS a, greatest(h.a, h.b) AS b, r.weight AS events, r.confirmed
      FROM ${pairRows()}
      JOIN relation_summary r ON r.src = h.a AND r.kind = 'MET' AND r.dst = h.b`;
  const overAllTime = window.from === null && window.to === null && countsEveryParticipation(events);
  const rows: { a: number; b: number; events: number; confirmed: number }[] = await ds.query(
    overAllTime ? summarized() : pairs.length <= PAIRS_READ_APART ? apart() : onePass(), params,
  );
  const tally = new Map(rows.map((r) => [`${r.a}-${r.b}`, r]));
  return pairs.map(([x, y]) => {
    const r = tally.get(`${Math.min(x, y)}-${Math.max(x, y)}`);
    return r && r.events > 0 ? r.confirmed / r.events : null;
  });
}

/**
 * The confirmed share of each pair (confirmedSharesOf), read for all pairs at once the first
 * time one is asked for: a network's edges or a path's steps pay for it only when a client
 * selects it.
 */
export function confirmedShareReader(
  ds: DataSource, pairs: readonly (readonly [number, number])[], window: TimeWindow, events: EventFilter,
): (index: number) => Promise<number | null> {
  let shares: Promise<(number | null)[]> | null = null;
  return async (index) => (await (shares ??= confirmedSharesOf(ds, pairs, window, events)))[index];
}
