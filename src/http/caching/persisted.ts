import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, visit, type ASTNode, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type OperationTypeNode } from 'graphql';
import type Redis from 'ioredis';

/** The store Apollo keeps persisted queries in (its KeyValueCache interface). */
export interface KeyValueCache<V> {
  get(key: string): Promise<V | undefined>;
  set(key: string, value: V, options?: { ttl?: number | null }): Promise<void>;
  delete(key: string): Promise<boolean | void>;
}

/**
 * Persisted operations (docs/caching.md): automatic persisted queries, the sha256 protocol of
 * Apollo clients (a client sends the hash; on PERSISTED_QUERY_NOT_FOUND it sends the text once,
 * which is kept), and the manifest of known operations the safelist mode allows.
 */

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The hash of an operation's printed form: the same operation however it is spaced or commented. */
export function normalizedHash(text: string): string | null {
  try {
    return sha256(print(parse(text)));
  } catch {
    return null;
  }
}

/** APQ entries kept in memory per process, at most (least recently used out first), and their total size. */
export const MAX_PERSISTED_ENTRIES = 2000;
export const MAX_PERSISTED_BYTES = 8_000_000;

/** A bounded LRU of persisted query texts: endless distinct registrations cannot grow the process. */
export class BoundedMemoryCache implements KeyValueCache<string> {
  private readonly entries = new Map<string, string>();
  private bytes = 0;

  constructor(private readonly maxEntries = MAX_PERSISTED_ENTRIES, private readonly maxBytes = MAX_PERSISTED_BYTES) {}

  get size(): number {
    return this.entries.size;
  }

  async get(key: string): Promise<string | undefined> {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  async set(key: string, value: string): Promise<void> {
    await this.delete(key);
    if (value.length > this.maxBytes) return;
    this.entries.set(key, value);
    this.bytes += value.length;
    for (const [oldest, v] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= v.length;
    }
  }

  async delete(key: string): Promise<boolean> {
    const value = this.entries.get(key);
    if (value === undefined) return false;
    this.entries.delete(key);
    this.bytes -= value.length;
    return true;
  }
}

/** Persisted queries shared by every instance, each kept `ttlSeconds` after it was last registered. A Redis that fails is a miss (the client resends the text). */
export class RedisKeyValueCache implements KeyValueCache<string> {
  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly ttlSeconds = 7 * 86400) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(this.prefix + key).catch(() => null)) ?? undefined;
  }

  async set(key: string, value: string): Promise<void> {
    await this.redis.set(this.prefix + key, value, 'EX', this.ttlSeconds).catch(() => undefined);
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.del(this.prefix + key).catch(() => 0)) > 0;
  }
}

/** One operation of the manifest (Apollo's persisted query manifest format). */
export interface ManifestOperation {
  id: string;
  name: string;
  type: OperationTypeNode;
  body: string;
}

export interface ManifestFile {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: ManifestOperation[];
}

/** The folders whose operations the manifest holds: the shared operations and the pages' own (absent until the pages exist). */
export const MANIFEST_SOURCES = ['operations', path.join('web', 'src', 'operations')];

/**
 * The manifest of every `.graphql` file under `dirs` (relative to `root`). A file of one
 * operation is one entry, its text as clients send it; a file of several (a page's queries and
 * mutations, sharing fragments) is one entry per operation, printed with the fragments it uses,
 * plus the whole file (a client may send it with an `operationName`). Ids are the sha256 of the
 * body. A folder that does not exist is skipped; a file that does not parse is an error naming it.
 */
export function buildManifest(root: string, dirs: readonly string[] = MANIFEST_SOURCES): { manifest: ManifestFile; read: string[] } {
  const operations: ManifestOperation[] = [];
  const read: string[] = [];
  for (const dir of dirs) {
    const full = path.join(root, dir);
    if (!existsSync(full)) continue;
    read.push(dir);
    for (const file of readdirSync(full).filter((f) => f.endsWith('.graphql')).sort()) {
      const body = readFileSync(path.join(full, file), 'utf8');
      let document: DocumentNode;
      try {
        document = parse(body);
      } catch (e) {
        throw new Error(`${path.join(dir, file)}: ${(e as Error).message}`);
      }
      const defined = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      if (!defined.length || defined.some((d) => !d.name)) throw new Error(`${path.join(dir, file)}: expected named operations`);
      if (defined.length === 1) {
        operations.push({ id: sha256(body), name: defined[0].name!.value, type: defined[0].operation, body });
        continue;
      }
      for (const operation of defined) {
        const text = print({ kind: Kind.DOCUMENT, definitions: [operation, ...fragmentsUsed(document, operation)] });
        operations.push({ id: sha256(text), name: operation.name!.value, type: operation.operation, body: text });
      }
      operations.push({ id: sha256(body), name: `${path.basename(file, '.graphql')} (whole file)`, type: defined[0].operation, body });
    }
  }
  return { manifest: { format: 'apollo-persisted-query-manifest', version: 1, operations }, read };
}

/** The fragments an operation spreads, directly or through other fragments, in document order. */
function fragmentsUsed(document: DocumentNode, operation: OperationDefinitionNode): FragmentDefinitionNode[] {
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const used = new Set<string>();
  const collect = (node: ASTNode) =>
    visit(node, {
      FragmentSpread(spread) {
        if (used.has(spread.name.value) || !fragments.has(spread.name.value)) return;
        used.add(spread.name.value);
        collect(fragments.get(spread.name.value)!);
      },
    });
  collect(operation);
  return [...fragments.values()].filter((f) => used.has(f.name.value));
}

/** The safelist: operations by id, and the printed forms of their texts (a client may send the text instead of the id). */
export interface Safelist {
  byId: Map<string, ManifestOperation>;
  normalized: Set<string>;
  allows(queryHash: string, text: string | undefined): boolean;
}

export function safelistOf(manifest: ManifestFile): Safelist {
  const byId = new Map(manifest.operations.map((o) => [o.id, o]));
  const normalized = new Set(manifest.operations.map((o) => normalizedHash(o.body)).filter((h): h is string => h !== null));
  return {
    byId,
    normalized,
    allows(queryHash, text) {
      if (byId.has(queryHash)) return true;
      const hash = text === undefined ? null : normalizedHash(text);
      return hash !== null && normalized.has(hash);
    },
  };
}

/** Reads the manifest file; a missing or malformed one is an error saying how to build it. */
export function loadManifest(file: string): ManifestFile {
  let parsed: ManifestFile;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as ManifestFile;
  } catch (e) {
    throw new Error(`the operations manifest ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): build it with npm run operations:manifest`);
  }
  if (parsed.format !== 'apollo-persisted-query-manifest' || !Array.isArray(parsed.operations)) {
    throw new Error(`the operations manifest ${file} is not an apollo-persisted-query-manifest: build it with npm run operations:manifest`);
  }
  return parsed;
}

/** The manifest's operations answer by id before the APQ cache: a CDN-friendly GET needs only the hash. */
export function manifestFirst(safelist: Safelist | null, inner: KeyValueCache<string>): KeyValueCache<string> {
  if (!safelist) return inner;
  return {
    get: async (key) => safelist.byId.get(key.replace(/^apq:/, ''))?.body ?? inner.get(key),
    set: (key, value, options) => inner.set(key, value, options),
    delete: (key) => inner.delete(key),
  };
}
