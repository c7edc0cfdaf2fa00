import { Event, NamedEntity } from '../../entities';
import type { Connection } from '../../pagination';
import { countsEveryParticipation, eventFilter, timeWindow, type EventFilter, type TimeWindow } from '../../services/graph/arguments';
import { dateInWindow, eventPassesSql } from '../../services/graph/relations';
import { columnsFor, columnsKey, ENTITY_ALWAYS, ENTITY_COLUMNS, EVENT_COLUMNS, keptRow } from './columns';
import type { Part, Statement } from './part';
import { pagePlan, pagePlanKey, pageSql, readPage, type PagePlan } from './pages';

/**
 * One counterpart of "who met whom": the person (or organization) with the facts of the
 * encounter beside it. The edge resolvers read the facts from the node, like the member
 * edges read the role.
 */
export type CounterpartRow = NamedEntity & {
  meetings: number;
  firstMet: string | null;
  lastMet: string | null;
  /** Shared events, oldest first (undated last). */
  eventIds: number[];
  /** Of the shared events, the share editors confirmed; read only when `confirmedShare` is selected. */
  confirmedShare?: number | null;
};

/** An edge of `met` or `partners`: the counterpart row, whose facts the edge shows. */
export type CounterpartEdge = { cursor: string; node: CounterpartRow };

type EncounterPlan = PagePlan & {
  window: TimeWindow;
  /** Which shared events count (status, minConfidence: the arguments of Query.events). */
  events: EventFilter;
  /** Whether `confirmedShare` is selected. */
  share: boolean;
  /** The counterpart's columns its selected fields need (null: all). */
  node: (keyof NamedEntity & string)[] | null;
};

/** What the CTEs of `pairsSql` are asked for: the key, the window and filter, whether the confirmed share too. */
interface PairsQuery {
  key: string;
  window: TimeWindow;
  events: EventFilter;
  share: boolean;
  /** The name of the last CTE, `(id, meetings, first_met, last_met, event_ids[, confirmed_share])`. */
  pairs: string;
}

/** The share of a group's events editors confirmed, `confirmed` telling for each. */
const confirmedShareSql = (confirmed: string) => `(count(*) FILTER (WHERE ${confirmed}))::float8 / count(*) AS confirmed_share`;

/**
 * The join that filters a participation's events (`on`: its event id) by `events`, or that
 * reads their status for the share; none when neither is needed: rejecting an event removes
 * its participants (services/events/review.ts), so under the default filter every
 * participation counts without reading the event.
 */
function eventJoin(st: Statement, ev: string, on: string, q: PairsQuery): string | null {
  const filtered = !countsEveryParticipation(q.events);
  if (!filtered && !q.share) return null;
  return `JOIN event ${ev} ON ${ev}.id = ${on}${filtered ? ` AND ${eventPassesSql(ev, q.events, st.params)}` : ''}`;
}

/**
 * A page of counterparts, most meetings first, out of the CTEs `pairsSql` writes for one key.
 * The counterpart rows hold only the columns the selection needs.
 */
function encounters(
  name: string, on: string, field: string, rowType: string,
  pairsSql: (st: Statement, q: PairsQuery) => string,
): Part<EncounterPlan, Connection<CounterpartRow>> {
  return {
    name, on: [on], fields: [field], at: 'edge', rowType,
    key: { column: 'id', of: (e: NamedEntity) => e.id },
    plan: (args, selected) => ({
      window: timeWindow('from', args.from, 'to', args.to),
      events: eventFilter(args),
      share: selected.asks('confirmedShare'),
      node: columnsFor(ENTITY_COLUMNS, ENTITY_ALWAYS, selected.fields('node')),
      ...pagePlan(20, 'number')(args, selected),
    }),
    planKey: (p) =>
      `${p.window.from}|${p.window.to}|${p.events.statuses.join(',')}|${p.events.minConfidence}|${p.share ? 'S' : ''}|${columnsKey(p.node)}|${pagePlanKey(p)}`,
    sql(st, key, plan, nested) {
      const pairs = st.alias('pairs');
      const pg = st.alias('pg');
      const e = `${pg}e`;
      const entity = keptRow(st.ds, NamedEntity, e, plan.node, ['createdAt', 'mergedIntoId']);
      const ctes = pairsSql(st, { key, window: plan.window, events: plan.events, share: plan.share, pairs });
      const facts = ['meetings', 'first_met', 'last_met', 'event_ids', ...(plan.share ? ['confirmed_share'] : [])];
      const page = pageSql(st, plan, {
        alias: pg, columns: facts.map((f) => `${pairs}.${f}`).concat(`${pairs}.id`).join(', '), descending: true,
        rowSql: `json_build_array(${entity.columns}, ${facts.map((f) => `${pg}.${f}`).join(', ')}${nested.sql(pg)})`,
        inner: `FROM ${pairs} WHERE TRUE`, count: `FROM ${pairs}`, join: `JOIN entity ${e} ON ${e}.id = ${pg}.id`,
        sortExpr: `${pairs}.meetings`, idExpr: `${pairs}.id`, outerSort: `${pg}.meetings`, outerId: `${pg}.id`,
      });
      return {
        sql: `(WITH ${ctes} SELECT ${page})`,
        read: (raw) => readPage(raw, plan, (v) => {
          const row = entity.hydrate(v) as CounterpartRow;
          const at = entity.width;
          row.meetings = v[at] as number;
          row.firstMet = v[at + 1] as string | null;
          row.lastMet = v[at + 2] as string | null;
          row.eventIds = v[at + 3] as number[];
          if (plan.share) row.confirmedShare = v[at + 4] as number | null;
          nested.read(row, v, at + facts.length);
          return row;
        }, (row) => [row.meetings, row.id]),
      };
    },
  };
}

/** Person.met: everyone who took part in an event with the person, within the window, among the events that count. */
export const personMet = encounters('person met', 'Person', 'met', 'MetEdge', (st, q) => {
  const ev = st.alias('ev');
  const join = eventJoin(st, ev, 'mine.event_id', q);
  return `
  ${q.pairs} AS (
    SELECT theirs.entity_id AS id, count(*)::int AS meetings, min(mine.date) AS first_met, max(mine.date) AS last_met,
           array_agg(mine.event_id ORDER BY mine.date NULLS LAST, mine.event_id) AS event_ids${q.share ? `, ${confirmedShareSql(`${ev}.status = 'confirmed'`)}` : ''}
      FROM event_participant mine
      ${join ?? ''}
      -- Each of the person's events probed by key (OFFSET 0 keeps it a per-event probe: as a
      -- plain join the planner may hash the whole table for one person).
      CROSS JOIN LATERAL (SELECT t.entity_id FROM event_participant t
                           WHERE t.event_id = mine.event_id AND t.entity_id <> mine.entity_id OFFSET 0) theirs
      JOIN entity other ON other.id = theirs.entity_id AND other.kind = 'person' AND other.merged_into_id IS NULL
     WHERE mine.entity_id = ${q.key} AND ${dateInWindow('mine.date', q.window, st.params)}
     GROUP BY theirs.entity_id)`;
});

const heldOn = (af: string, day: string) =>
  `(${af}.since IS NULL OR ${day} IS NULL OR ${af}.since <= ${day}) AND (${af}.until IS NULL OR ${day} IS NULL OR ${af}.until >= ${day})`;

/**
 * Organization.partners: organizations at the same events, counting an organization present
 * when it took part itself or through one of its people (a role held on the event's day;
 * undated events count every role).
 */
export const organizationPartners = encounters('organization partners', 'Organization', 'partners', 'PartnerEdge', (st, q) => {
  const { key, pairs } = q;
  const ev = st.alias('ev');
  const join = eventJoin(st, ev, 'x.event_id', q);
  return `
  ${pairs}_mine AS (
    SELECT DISTINCT x.event_id, x.date${q.share ? `, ${ev}.status = 'confirmed' AS confirmed` : ''} FROM (
      SELECT p.event_id, p.date FROM event_participant p WHERE p.entity_id = ${key}
      UNION ALL
      SELECT p.event_id, p.date FROM affiliation af
        JOIN event_participant p ON p.entity_id = af.person_id AND ${heldOn('af', 'p.date')}
       WHERE af.organization_id = ${key}) x
      ${join ?? ''}
     WHERE ${dateInWindow('x.date', q.window, st.params)}),
  ${pairs}_present AS (
    SELECT q.event_id, q.entity_id AS organization_id
      FROM (SELECT DISTINCT event_id FROM ${pairs}_mine) s JOIN event_participant q ON q.event_id = s.event_id
      JOIN entity o ON o.id = q.entity_id AND o.kind = 'organization'
    UNION
    SELECT q.event_id, af.organization_id
      FROM (SELECT DISTINCT event_id FROM ${pairs}_mine) s JOIN event_participant q ON q.event_id = s.event_id
      JOIN affiliation af ON af.person_id = q.entity_id AND ${heldOn('af', 'q.date')}),
  ${pairs} AS (
    SELECT theirs.organization_id AS id, count(*)::int AS meetings, min(mine.date) AS first_met, max(mine.date) AS last_met,
           array_agg(mine.event_id ORDER BY mine.date NULLS LAST, mine.event_id) AS event_ids${q.share ? `, ${confirmedShareSql('mine.confirmed')}` : ''}
      FROM ${pairs}_mine mine
      JOIN ${pairs}_present theirs ON theirs.event_id = mine.event_id AND theirs.organization_id <> ${key}
      JOIN entity other ON other.id = theirs.organization_id AND other.merged_into_id IS NULL
     GROUP BY theirs.organization_id)`;
});

/** The events of an encounter (MetEdge, PartnerEdge), in the order the edge lists their ids, with the columns their selection needs. */
export const encounterEvents: Part<(keyof Event & string)[] | null, Event | null> = {
  name: 'encounter events', on: ['MetEdge', 'PartnerEdge'], fields: ['events'], onEdge: true, each: true, at: 'self', rowType: 'Event',
  key: { column: 'event_ids', of: (row: CounterpartRow) => row.eventIds },
  plan: (_, selected) => columnsFor(EVENT_COLUMNS, ['id'], selected.fields()),
  planKey: columnsKey,
  sql(st, key, columns, nested) {
    const ev = st.alias('ev');
    const event = keptRow(st.ds, Event, ev, columns);
    return {
      sql: `(SELECT json_build_array(${event.columns}${nested.sql(ev)}) FROM event ${ev} WHERE ${ev}.id = ${key})`,
      read: (v: unknown[] | null) => {
        if (!v) return null;
        const found = event.hydrate(v);
        nested.read(found, v, event.width);
        return found;
      },
    };
  },
};
