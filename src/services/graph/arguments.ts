import type { NamedEntity } from '../../entities';
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
