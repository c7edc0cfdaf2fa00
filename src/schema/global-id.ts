import type { EntityKind } from '../entities/NamedEntity';
import { userInputError } from './errors';

/** The GraphQL types that have global ids. */
export type NodeType = 'Article' | 'Person' | 'Organization' | 'Place' | 'Event' | 'Topic' | 'Source' | 'Comment';
const NODE_TYPES = new Set<string>(['Article', 'Person', 'Organization', 'Place', 'Event', 'Topic', 'Source', 'Comment']);

/**
 * Encoded ids, per type: a front page encodes some 230 of them, mostly the same people and
 * articles request after request, and each encoding costs a Buffer. Bounded: a type's map
 * starts over once it holds MAX_CACHED_IDS.
 */
const MAX_CACHED_IDS = 20_000;
const encoded = new Map<NodeType, Map<number, string>>();

/** Opaque global ids: base64url of `Type:id`. Clients must not parse them. */
export function toGlobalId(type: NodeType, id: number): string {
  let ofType = encoded.get(type);
  if (!ofType) encoded.set(type, (ofType = new Map()));
  let globalId = ofType.get(id);
  if (globalId === undefined) {
    globalId = Buffer.from(`${type}:${id}`).toString('base64url');
    if (ofType.size >= MAX_CACHED_IDS) ofType.clear();
    ofType.set(id, globalId);
  }
  return globalId;
}

export interface DecodedId {
  type: NodeType;
  id: number;
}

/** Null when the value is not a global id of ours. */
export function decodeGlobalId(globalId: string): DecodedId | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(globalId)) return null;
  const [type, raw, ...rest] = Buffer.from(globalId, 'base64url').toString('utf8').split(':');
  if (rest.length || !NODE_TYPES.has(type) || !/^\d{1,10}$/.test(raw ?? '')) return null;
  const id = Number(raw);
  return id > 0 && id <= 2147483647 ? { type: type as NodeType, id } : null;
}

/** Decodes an argument that must be a global id of one of `types`; BAD_USER_INPUT otherwise. */
export function expectGlobalId(argument: string, globalId: string, types: readonly NodeType[]): DecodedId {
  const decoded = decodeGlobalId(globalId);
  if (!decoded || !types.includes(decoded.type)) {
    throw userInputError(argument, `expected the id of ${types.length === 1 ? `${/^[AEIOU]/.test(types[0]) ? 'an' : 'a'} ${types[0]}` : `one of ${types.join(', ')}`}, got "${globalId.slice(0, 80)}"`);
  }
  return decoded;
}

/** The GraphQL type of each kind of entity (people, organizations and places share one table): the one map, both ways. */
export const ENTITY_TYPE_OF_KIND = { person: 'Person', organization: 'Organization', place: 'Place' } as const satisfies Record<EntityKind, NodeType>;
export type EntityType = (typeof ENTITY_TYPE_OF_KIND)[EntityKind];
export const ENTITY_TYPES = Object.values(ENTITY_TYPE_OF_KIND) as readonly EntityType[];
const KIND_OF_TYPE = new Map(Object.entries(ENTITY_TYPE_OF_KIND).map(([kind, type]) => [type as NodeType, kind as EntityKind]));
/** The entity kind a GraphQL type stands for; null for a type that is no entity. */
export const entityKindOf = (type: NodeType): EntityKind | null => KIND_OF_TYPE.get(type) ?? null;

/** Background jobs are no Node (node(id) does not load them), but their ids are opaque the same way. */
export function toJobGlobalId(id: number): string {
  return Buffer.from(`Job:${id}`).toString('base64url');
}

export function expectJobGlobalId(argument: string, globalId: string): number {
  const [type, raw, ...rest] = /^[A-Za-z0-9_-]{1,64}$/.test(globalId) ? Buffer.from(globalId, 'base64url').toString('utf8').split(':') : [];
  const id = Number(raw);
  if (type !== 'Job' || rest.length || !/^\d{1,10}$/.test(raw ?? '') || id < 1 || id > 2147483647) {
    throw userInputError(argument, `expected the id of a Job, got "${globalId.slice(0, 80)}"`);
  }
  return id;
}
