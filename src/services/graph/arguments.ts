import type { EventStatus, NamedEntity } from '../../entities';
import { userInputError } from '../../schema/errors';
import { ENTITY_TYPES, entityKindOf, expectGlobalId } from '../../schema/global-id';

/** The relations the graph knows, as the schema's RelationKind names them. */
export const RELATION_KINDS = ['MET', 'CO_MENTIONED', 'AFFILIATED'] as const;
export type RelationKind = (typeof RELATION_KINDS)[number];

/**
 * A date window, both ends inclusive; null ends are open. A relation counts only when its
 * evidence falls inside: events by date, co-mentions by the article's publication day
 * (UTC), affiliations when their since/until period overlaps the window.
 */
export interface TimeWindow {
  from: string | null;
  to: string | null;
}

export function timeWindow(fromArgument: string, from: string | null | undefined, toArgument: string, to: string | null | undefined): TimeWindow {
  if (from && to && from > to) throw userInputError(fromArgument, `must not be after ${toArgument} (${from} > ${to})`);
  return { from: from ?? null, to: to ?? null };
}

/** Null or absent: every kind. An empty list asks for nothing, which is a mistake. */
export function relationKinds(argument: string, kinds: readonly string[] | null | undefined): RelationKind[] {
  if (kinds == null) return [...RELATION_KINDS];
  if (kinds.length === 0) throw userInputError(argument, `name at least one of ${RELATION_KINDS.join(', ')}, or leave it out for all`);
  for (const kind of kinds) {
    if (!(RELATION_KINDS as readonly string[]).includes(kind)) throw userInputError(argument, `unknown relation kind "${String(kind).slice(0, 40)}"`);
  }
  return RELATION_KINDS.filter((k) => kinds.includes(k));
}

/**
 * Which events count as evidence: their review states (stored, lowercase) and the least
 * confidence. The arguments `status` and `minConfidence` of every field that reads events
 * (Query.events, met, partners, network, path, the GraphML export), with the same defaults.
 */
export interface EventFilter {
  statuses: readonly EventStatus[];
  minConfidence: number;
}

const EVENT_STATUSES: readonly EventStatus[] = ['proposed', 'confirmed', 'rejected'];

/** By default proposed and confirmed events count, whatever their confidence; rejected ones never. */
export const DEFAULT_EVENT_FILTER: Readonly<EventFilter> = { statuses: ['proposed', 'confirmed'], minConfidence: 0 };

/**
 * The filter an analyst asked for (null or absent arguments: the default). An empty status
 * list asks for nothing and a confidence outside [0, 1] for nothing sensible: BAD_USER_INPUT
 * naming the argument.
 */
export function eventFilter(args: { status?: readonly string[] | null; minConfidence?: number | null }): EventFilter {
  let statuses: readonly EventStatus[] = DEFAULT_EVENT_FILTER.statuses;
  if (args.status != null) {
    if (args.status.length === 0) throw userInputError('status', 'name at least one of PROPOSED, CONFIRMED, REJECTED, or leave it out for PROPOSED and CONFIRMED');
    const asked = args.status.map((s) => String(s).toLowerCase());
    const unknown = asked.find((s) => !(EVENT_STATUSES as readonly string[]).includes(s));
    if (unknown !== undefined) throw userInputError('status', `unknown event status "${unknown.slice(0, 40).toUpperCase()}"`);
    statuses = EVENT_STATUSES.filter((s) => asked.includes(s));
  }
  const minConfidence = args.minConfidence ?? DEFAULT_EVENT_FILTER.minConfidence;
  if (!(typeof minConfidence === 'number' && minConfidence >= 0 && minConfidence <= 1)) {
    throw userInputError('minConfidence', `expected a number from 0 to 1, got ${String(minConfidence).slice(0, 40)}`);
  }
  return { statuses, minConfidence };
}

/**
 * Whether the filter lets every participation count: a rejected event keeps no participants
 * (rejecting removes them), so PROPOSED and CONFIRMED at confidence 0 count every event that
 * has any, as relation_summary does.
 */
export function countsEveryParticipation(filter: EventFilter): boolean {
  return filter.minConfidence <= 0 && filter.statuses.includes('proposed') && filter.statuses.includes('confirmed');
}

export function wholeNumberIn(argument: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw userInputError(argument, `must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/**
 * An argument that must name an existing person, organization or place. A merged
 * entity's id stands for the entity it was merged into (the loader resolves it).
 */
export async function entityArgument(
  argument: string,
  globalId: string,
  loadEntity: (id: number) => Promise<NamedEntity | null>,
): Promise<NamedEntity> {
  const { type, id } = expectGlobalId(argument, globalId, ENTITY_TYPES);
  const entity = await loadEntity(id);
  if (!entity || entity.kind !== entityKindOf(type)) {
    throw userInputError(argument, `no ${type} has the id "${globalId.slice(0, 80)}"`);
  }
  return entity;
}
