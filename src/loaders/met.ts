import type { DataSource } from 'typeorm';
import { NamedEntity } from '../entities';
import { keysetSql, selectList } from '../db/sql';
import type { PageRequest } from '../services/pagination';
import type { TimeWindow } from '../services/graph/arguments';
import { dateInWindow, param } from '../services/graph/relations';
import { pagedLoader, type PagedRow } from './paged';

/**
 * One counterpart of "who met whom": the person (or organization) row with the facts of
 * the encounter beside it. The edge resolvers read the facts from the node, like the
 * member edges read the role.
 */
export type CounterpartRow = NamedEntity & PagedRow & {
  meetings: number;
  firstMet: string | null;
  lastMet: string | null;
  /** Shared events, oldest first (undated last). */
  eventIds: number[];
};

/**
 * A page per key out of a `pairs(key, id, meetings, first_met, last_met, event_ids)` CTE:
 * totals and the keyset page are window functions over the same rows, so every key of the
 * batch is answered by one statement, most meetings first.
 */
function pageOfPairs(ds: DataSource, pairsCte: string, params: unknown[], page: PageRequest, withTotal: boolean): Promise<CounterpartRow[]> {
  const keyset = keysetSql(page, 'meetings', 'id', params, true);
  const limit = param(params, page.limit + 1);
  return ds.query(
    `WITH ${pairsCte},
          totals AS (SELECT key, count(*)::int AS total FROM pairs WHERE ${withTotal} GROUP BY key),
          paged AS (
            SELECT pairs.*, row_number() OVER (PARTITION BY key ORDER BY ${keyset.order}) AS position
              FROM pairs WHERE ${keyset.where})
     SELECT k.id AS "_key", ${withTotal ? 'COALESCE(t.total, 0)' : 'NULL::int'} AS "_total", ${selectList(ds, NamedEntity, 'e')},
            pg.meetings, pg.first_met AS "firstMet", pg.last_met AS "lastMet", pg.event_ids AS "eventIds"
       FROM unnest($1::int[]) AS k(id)
       LEFT JOIN totals t ON t.key = k.id
       LEFT JOIN paged pg ON pg.key = k.id AND pg.position <= ${limit}
       LEFT JOIN entity e ON e.id = pg.id
      ORDER BY k.id, pg.position`,
    params,
  );
}

const counterpartCursor = (row: CounterpartRow) => [row.meetings, row.id] as [number, number];

/**
 * Everyone who took part in an event with each person, within the window: one statement
 * for every person of the request asking for the same page.
 */
export function metPageByPersonId(ds: DataSource, window: TimeWindow) {
  return pagedLoader<CounterpartRow>(async (ids, page, withTotal) => {
    const params: unknown[] = [ids];
    const pairs = `pairs AS (
      SELECT mine.entity_id AS key, theirs.entity_id AS id, count(*)::int AS meetings,
             min(mine.date) AS first_met, max(mine.date) AS last_met,
             array_agg(mine.event_id ORDER BY mine.date NULLS LAST, mine.event_id) AS event_ids
        FROM event_participant mine
        JOIN event_participant theirs ON theirs.event_id = mine.event_id AND theirs.entity_id <> mine.entity_id
        JOIN entity other ON other.id = theirs.entity_id AND other.kind = 'person' AND other.merged_into_id IS NULL
       WHERE mine.entity_id = ANY($1) AND ${dateInWindow('mine.date', window, params)}
       GROUP BY mine.entity_id, theirs.entity_id)`;
    return pageOfPairs(ds, pairs, params, page, withTotal);
  }, counterpartCursor);
}

/**
 * Organizations that took part in the same events as each organization, counting an
 * organization present when it took part itself or through one of its people (a role
 * held on the event's day; undated events count every role). One statement per page shape.
 */
export function partnersPageByOrganizationId(ds: DataSource, window: TimeWindow) {
  return pagedLoader<CounterpartRow>(async (ids, page, withTotal) => {
    const params: unknown[] = [ids];
    const heldOn = (af: string, day: string) =>
      `(${af}.since IS NULL OR ${day} IS NULL OR ${af}.since <= ${day}) AND (${af}.until IS NULL OR ${day} IS NULL OR ${af}.until >= ${day})`;
    const pairs = `
      mine AS (
        SELECT DISTINCT k.id AS key, x.event_id, x.date
          FROM unnest($1::int[]) AS k(id)
          CROSS JOIN LATERAL (
            SELECT p.event_id, p.date FROM event_participant p WHERE p.entity_id = k.id
            UNION ALL
            SELECT p.event_id, p.date FROM affiliation af
              JOIN event_participant p ON p.entity_id = af.person_id AND ${heldOn('af', 'p.date')}
             WHERE af.organization_id = k.id) x
         WHERE ${dateInWindow('x.date', window, params)}),
      shared AS (SELECT DISTINCT event_id FROM mine),
      present AS (
        SELECT q.event_id, q.entity_id AS organization_id
          FROM shared s JOIN event_participant q ON q.event_id = s.event_id
          JOIN entity o ON o.id = q.entity_id AND o.kind = 'organization'
        UNION
        SELECT q.event_id, af.organization_id
          FROM shared s JOIN event_participant q ON q.event_id = s.event_id
          JOIN affiliation af ON af.person_id = q.entity_id AND ${heldOn('af', 'q.date')}),
      pairs AS (
        SELECT mine.key, theirs.organization_id AS id, count(*)::int AS meetings,
               min(mine.date) AS first_met, max(mine.date) AS last_met,
               array_agg(mine.event_id ORDER BY mine.date NULLS LAST, mine.event_id) AS event_ids
          FROM mine
          JOIN present theirs ON theirs.event_id = mine.event_id AND theirs.organization_id <> mine.key
          JOIN entity other ON other.id = theirs.organization_id AND other.merged_into_id IS NULL
         GROUP BY mine.key, theirs.organization_id)`;
    return pageOfPairs(ds, pairs, params, page, withTotal);
  }, counterpartCursor);
}
