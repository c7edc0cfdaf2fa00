import {
  Kind,
  getNamedType,
  isAbstractType,
  isInterfaceType,
  isObjectType,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { HttpCachingConfig } from '../../config';
import { decodeGlobalId, type NodeType } from '../../schema/global-id';
import { ENTITY_LISTS_KEY, KEY_PREFIX, LISTS_KEY } from '../../services/purge';

/**
 * How long shared caches may keep an anonymous read, from the root fields it reads
 * (docs/caching.md, "Cache-Control"): the shortest lifetime of any of them. Lists move when
 * an article arrives; an article page when a comment is approved; an entity's page rarely.
 */
export type Lifetime = 'lists' | 'articles' | 'entities';

const ROOT_LIFETIME: Readonly<Record<string, Lifetime>> = {
  article: 'articles',
  event: 'articles',
  node: 'articles',
  nodes: 'articles',
  person: 'entities',
  organization: 'entities',
  place: 'entities',
  topic: 'entities',
};

/** Root fields whose answer lists articles (carrying the `articles` key that ingestion purges). */
const LIST_ROOTS = new Set(['articles', 'search', 'articleFacets', 'topics', 'events', 'entityTimeline', 'articleTimeline', 'trendingEntities', 'network', 'path']);

/** Root fields whose answer lists people, organizations or places (the `entities` key that creating or merging one purges). */
const ENTITY_LIST_ROOTS = new Set(['people', 'organizations', 'places']);

/** The surrogate key prefix of each node type (people, organizations and places share `entity`). */
const PREFIX_OF_TYPE: Readonly<Record<NodeType, string>> = {
  Article: KEY_PREFIX.articles,
  Person: KEY_PREFIX.entities,
  Organization: KEY_PREFIX.entities,
  Place: KEY_PREFIX.entities,
  Event: KEY_PREFIX.events,
  Comment: KEY_PREFIX.comments,
  Topic: KEY_PREFIX.topics,
  Source: KEY_PREFIX.sources,
};

/** What the cache layer knows of an operation once it is parsed and validated. */
export interface OperationCacheFacts {
  /** A query (not a mutation or subscription) without introspection. */
  cacheableKind: boolean;
  lifetime: Lifetime;
  /** Keys every answer of the operation carries, whatever its data: `articles`, `article:unkeyed`… */
  staticKeys: string[];
  /** Where in an answer the ids are: the walk surrogateKeysOf follows. */
  idPaths: IdPaths;
}

/**
 * The places of an operation's answer that may hold a global id: at one level, the response
 * keys of its `id` fields and the object fields to descend into; `also` holds the levels of
 * fragments spread there (each fragment's built once, whatever it is spread into).
 */
export interface IdPaths {
  ids: string[];
  children: [responseKey: string, paths: IdPaths][];
  also: IdPaths[];
}

/** The id paths of an operation's selection. */
export function idPathsOf(document: DocumentNode, operation: OperationDefinitionNode): IdPaths {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const built = new Map<string, IdPaths>();
  const into = (level: IdPaths, set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        const key = s.alias?.value ?? s.name.value;
        if (s.selectionSet) level.children.push([key, into({ ids: [], children: [], also: [] }, s.selectionSet)]);
        else if (s.name.value === 'id' && !level.ids.includes(key)) level.ids.push(key);
      } else if (s.kind === Kind.INLINE_FRAGMENT) into(level, s.selectionSet);
      else {
        const name = s.name.value;
        let paths = built.get(name);
        if (!paths && fragments.has(name)) {
          // registered before it is filled: a fragment spread within itself refers to itself
          built.set(name, (paths = { ids: [], children: [], also: [] }));
          into(paths, fragments.get(name)!.selectionSet);
        }
        if (paths && !level.also.includes(paths)) level.also.push(paths);
      }
    }
    return level;
  };
  return into({ ids: [], children: [], also: [] }, operation.selectionSet);
}

/** The operation's facts: one walk over its selection, fragments included (each once). */
export function operationCacheFacts(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): OperationCacheFacts {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const staticKeys = new Set<string>();
  let lifetime: Lifetime = 'entities';
  let introspection = false;
  const shorter = (l: Lifetime) => {
    const order: Lifetime[] = ['lists', 'articles', 'entities'];
    if (order.indexOf(l) < order.indexOf(lifetime)) lifetime = l;
  };

  const queryType = schema.getQueryType();
  // Root fields, through fragments on Query.
  const roots = (set: SelectionSetNode, seen: Set<string>) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        const name = s.name.value;
        if (name.startsWith('__')) {
          if (name !== '__typename') introspection = true;
          continue;
        }
        if (LIST_ROOTS.has(name)) staticKeys.add(LISTS_KEY);
        if (ENTITY_LIST_ROOTS.has(name)) staticKeys.add(ENTITY_LISTS_KEY);
        shorter(ROOT_LIFETIME[name] ?? 'lists');
      } else if (s.kind === Kind.INLINE_FRAGMENT) roots(s.selectionSet, seen);
      else if (!seen.has(s.name.value) && fragments.has(s.name.value)) {
        seen.add(s.name.value);
        roots(fragments.get(s.name.value)!.selectionSet, seen);
      }
    }
  };
  roots(operation.selectionSet, new Set());

  // Objects shown without their id cannot be named by key: their kind's `unkeyed` key instead.
  const visited = new Set<string>();
  const walk = (set: SelectionSetNode, type: GraphQLCompositeType) => {
    const fields = isObjectType(type) || isInterfaceType(type) ? type.getFields() : {};
    let selectsId = false;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value === 'id') selectsId = true;
        if (!s.selectionSet) continue;
        const def = fields[s.name.value];
        if (def) walk(s.selectionSet, getNamedType(def.type) as GraphQLCompositeType);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        const on = s.typeCondition ? (schema.getType(s.typeCondition.name.value) as GraphQLCompositeType) : type;
        if (on === type) {
          // Same type: its id counts as this selection's.
          if (s.selectionSet.selections.some((x) => x.kind === Kind.FIELD && x.name.value === 'id')) selectsId = true;
        }
        walk(s.selectionSet, on);
      } else {
        const fragment = fragments.get(s.name.value);
        if (!fragment) continue;
        const on = schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType;
        if (on === type && fragment.selectionSet.selections.some((x) => x.kind === Kind.FIELD && x.name.value === 'id')) selectsId = true;
        const key = `${s.name.value}@${type.name}`;
        if (visited.has(key)) continue;
        visited.add(key);
        walk(fragment.selectionSet, on);
      }
    }
    if (!selectsId) for (const prefix of unkeyedPrefixes(schema, type)) staticKeys.add(`${prefix}:unkeyed`);
  };
  if (queryType && operation.operation === 'query') {
    walk(operation.selectionSet, queryType);
  }
  return { cacheableKind: operation.operation === 'query' && !introspection, lifetime, staticKeys: [...staticKeys], idPaths: idPathsOf(document, operation) };
}

/** The key prefixes of the node types a selection on `type` may show (all possible types of an interface). */
function unkeyedPrefixes(schema: GraphQLSchema, type: GraphQLCompositeType): string[] {
  const types = isAbstractType(type) ? schema.getPossibleTypes(type) : [type];
  return [...new Set(types.map((t) => PREFIX_OF_TYPE[t.name as NodeType]).filter(Boolean))];
}

/** Surrogate keys by global id: answers show the same ids request after request. Bounded: starts over when full. */
const KEYS_KEPT = 20_000;
const keyOfId = new Map<string, string | null>();

function surrogateKeyOf(globalId: string): string | null {
  let key = keyOfId.get(globalId);
  if (key === undefined) {
    const decoded = decodeGlobalId(globalId);
    key = decoded ? `${PREFIX_OF_TYPE[decoded.type]}:${decoded.id}` : null;
    if (keyOfId.size >= KEYS_KEPT) keyOfId.clear();
    keyOfId.set(globalId, key);
  }
  return key;
}

/**
 * Every object of `data` with a global `id` of ours, as its surrogate key, each once, in the
 * order the answer shows them: the answer itself read along `paths` (its operation's), so the
 * keys name exactly what it shows without visiting each of its scalars.
 */
export function surrogateKeysOf(data: unknown, paths: IdPaths, into: Set<string> = new Set()): Set<string> {
  const visit = (value: unknown, at: IdPaths) => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, at);
      return;
    }
    const fields = value as Record<string, unknown>;
    for (const k of at.ids) {
      const id = fields[k];
      if (typeof id === 'string') {
        const key = surrogateKeyOf(id);
        if (key) into.add(key);
      }
    }
    for (const [k, child] of at.children) visit(fields[k], child);
    for (const more of at.also) visit(value, more);
  };
  visit(data, paths);
  return into;
}

/** Surrogate-Key values past this length are replaced by the coarse keys (CDN header limits are 16 KB). */
export const MAX_SURROGATE_HEADER = 8000;

/** The header value naming `keys`; past MAX_SURROGATE_HEADER, each precise key gives way to its kind's `unkeyed` key. */
export function surrogateHeader(keys: Iterable<string>): string {
  const all = [...keys];
  const joined = all.join(' ');
  if (joined.length <= MAX_SURROGATE_HEADER) return joined;
  return [...new Set(all.map((k) => (/^[a-z]+:\d+$/.test(k) ? `${k.split(':')[0]}:unkeyed` : k)))].join(' ');
}

/** The headers carrying `keys` (the space-separated header value): `Surrogate-Key` as is, `Cache-Tag` comma-separated. */
export function surrogateKeyHeaders(keys: string, header: HttpCachingConfig['surrogateKeyHeader']): [name: string, value: string][] {
  const headers: [string, string][] = [];
  if (header !== 'cache-tag') headers.push(['surrogate-key', keys]);
  if (header !== 'surrogate-key') headers.push(['cache-tag', keys.replaceAll(' ', ',')]);
  return headers;
}

/** The keys a response was sent with, space-separated, whichever header carried them. */
export function surrogateKeysSent(header: (name: string) => unknown): string {
  const keys = header('surrogate-key');
  if (keys !== undefined && keys !== null) return String(keys);
  return String(header('cache-tag') ?? '').replaceAll(',', ' ');
}

/** `Cache-Control` of an anonymous, successful read of lifetime `lifetime`. */
export function publicCacheControl(lifetime: Lifetime, maxAge: HttpCachingConfig['maxAge']): string {
  const seconds = maxAge[lifetime];
  if (seconds === 0) return 'no-cache';
  // Browsers keep it briefly (a reader's back button); shared caches the full lifetime, purged on writes.
  const browser = Math.min(seconds, maxAge.lists);
  return `public, max-age=${browser}, s-maxage=${seconds}, stale-while-revalidate=${maxAge.staleWhileRevalidate}`;
}

export const PRIVATE_CACHE_CONTROL = 'private, no-store';
