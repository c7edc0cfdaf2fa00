import { userInputError } from '../schema/errors';

/**
 * The one pagination helper: Relay arguments in, a keyset page request out, and rows back
 * into a connection. Cursors are opaque (base64url JSON of the sort key and the id), so a
 * deep page costs what the first page costs.
 */
export const MAX_PAGE_SIZE = 100;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** The sort value (a number, a string or an ISO date) and the row id. */
export type CursorKey = [string | number, number];

export interface PageRequest {
  /** Rows wanted; the query fetches one more to learn whether another page exists. */
  limit: number;
  /** backward: `last`/`before`, read in reverse sort order and flipped back. */
  backward: boolean;
  cursor: CursorKey | null;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * What a connection sorts on, so a cursor from another connection (or a forged one) is
 * refused as BAD_USER_INPUT before it reaches SQL: `timestamp` cursors carry exact ISO
 * instants (microseconds, see exactTimestampSql), `date` ones a calendar date or
 * `-infinity` (undated events sort last), `text` a name, `number` a number.
 */
export type SortKind = 'timestamp' | 'date' | 'text' | 'number';

const SORT_VALUE: Record<SortKind, (value: unknown) => boolean> = {
  timestamp: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(v) && !Number.isNaN(Date.parse(v)),
  date: (v) => typeof v === 'string' && (/^\d{4}-\d{2}-\d{2}$/.test(v) || v === '-infinity'),
  // NUL cannot be stored in PostgreSQL text; anything else is a name some row may have.
  text: (v) => typeof v === 'string' && v.length <= 1000 && !v.includes('\u0000'),
  number: (v) => typeof v === 'number' && Number.isFinite(v),
};

const MAX_ROW_ID = 2147483647;

export function decodeCursor(argument: string, cursor: string, sort?: SortKind): CursorKey {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(key) && key.length === 2 && ['string', 'number'].includes(typeof key[0]) &&
      Number.isInteger(key[1]) && Math.abs(key[1]) <= MAX_ROW_ID && (!sort || SORT_VALUE[sort](key[0]))
    ) {
      return key as CursorKey;
    }
  } catch {
    /* fall through */
  }
  throw userInputError(argument, `not a cursor this connection issued: "${cursor.slice(0, 60)}"`);
}

function size(argument: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE) {
    throw userInputError(argument, `must be between 0 and ${MAX_PAGE_SIZE}, got ${value}`);
  }
  return value;
}

/** `sort` lets the cursor be checked against what this connection sorts on. */
export function pageRequest(args: PageArgs, defaultSize = 20, sort?: SortKind): PageRequest {
  const { first, after, last, before } = args;
  if (first != null && last != null) throw userInputError('last', 'use either first/after or last/before, not both');
  if (last != null || before != null) {
    if (after != null) throw userInputError('after', 'use either first/after or last/before, not both');
    return {
      limit: last != null ? size('last', last) : defaultSize,
      backward: true,
      cursor: before != null ? decodeCursor('before', before, sort) : null,
    };
  }
  return {
    limit: first != null ? size('first', first) : defaultSize,
    backward: false,
    cursor: after != null ? decodeCursor('after', after, sort) : null,
  };
}

/** The key identifying a page request, for loaders that batch equal requests together. */
export function pageKey(page: PageRequest): string {
  // Built per field (every article's comments): plain concatenation, JSON only for a cursor.
  return `${page.limit}|${page.backward ? 'b' : 'f'}|${page.cursor ? JSON.stringify(page.cursor) : ''}`;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export type Edge<T = unknown, Extra = {}> = { cursor: string; node: T } & Extra;

/**
 * An edge whose cursor is encoded (JSON, then base64) only if read: nested lists (five
 * comments under each of 20 articles) seldom ask for theirs. The getter lives on the class,
 * not on each edge (an object literal with a getter costs a closure and a slow path per
 * edge); a copy of an edge must therefore keep its prototype (`Object.assign(edge, …)`).
 */
class LazyCursorEdge<R> {
  readonly #row: R;
  readonly #cursorOf: (row: R) => CursorKey;
  node: unknown;
  constructor(node: unknown, row: R, cursorOf: (row: R) => CursorKey) {
    this.node = node;
    this.#row = row;
    this.#cursorOf = cursorOf;
  }
  get cursor(): string {
    return encodeCursor(this.#cursorOf(this.#row));
  }
}

/**
 * A page's info, its cursors read from its edges when asked for. The getters live on the class:
 * an object literal's getters are closures stored in the object's hidden class, which V8's
 * young-generation collections hold on to, so every page they close over was promoted and
 * lived until a full collection (docs/performance-history.md, 2026-12-06 20:00).
 */
class EdgesPageInfo implements PageInfo {
  readonly #edges: readonly { cursor: string }[];
  constructor(edges: readonly { cursor: string }[], readonly hasNextPage: boolean, readonly hasPreviousPage: boolean) {
    this.#edges = edges;
  }
  get startCursor(): string | null {
    return this.#edges[0]?.cursor ?? null;
  }
  get endCursor(): string | null {
    return this.#edges[this.#edges.length - 1]?.cursor ?? null;
  }
}

export interface Connection<T = unknown, Extra = {}> {
  edges: Edge<T, Extra>[];
  pageInfo: PageInfo;
  /** Computed only when a client asks for it. */
  totalCount: () => Promise<number>;
  /** Whether `totalCount` is every item; absent: it always is. */
  totalCountIsExact?: () => Promise<boolean>;
}

/**
 * Builds a connection from rows fetched with `limit + 1` in the request's direction (for a
 * backward page, in reverse sort order).
 */
export function toConnection<R, T = R, Extra = {}>(
  rows: R[],
  page: PageRequest,
  cursorOf: (row: R) => CursorKey,
  totalCount: () => Promise<number>,
  /** The edge's node and any fields of its own; without it, the row is the node. */
  toEdge?: (row: R) => { node: T } & Extra,
): Connection<T, Extra> {
  const more = rows.length > page.limit;
  const pageRows = rows.slice(0, page.limit);
  if (page.backward) pageRows.reverse();
  const edges = pageRows.map((row) =>
    (toEdge ? Object.assign(new LazyCursorEdge(undefined, row, cursorOf), toEdge(row)) : new LazyCursorEdge(row, row, cursorOf)) as unknown as Edge<T, Extra>,
  );
  return {
    edges,
    pageInfo: new EdgesPageInfo(edges, page.backward ? page.cursor !== null : more, page.backward ? more : page.cursor !== null),
    totalCount,
  };
}

/** A connection over a list already in memory (small, bounded lists). */
export function connectionFromList<T>(items: T[], page: PageRequest, keyOf: (item: T, index: number) => CursorKey): Connection<T> {
  const keyed = items.map((item, i) => ({ item, key: keyOf(item, i) }));
  let start = 0;
  let end = keyed.length;
  if (page.cursor) {
    const at = keyed.findIndex((k) => k.key[1] === page.cursor![1] && k.key[0] === page.cursor![0]);
    if (page.backward) end = at === -1 ? end : at;
    else start = at === -1 ? start : at + 1;
  }
  const window = keyed.slice(start, end);
  const rows = page.backward ? window.slice(-page.limit - 1).reverse() : window.slice(0, page.limit + 1);
  return toConnection(rows, page, (k) => k.key, async () => items.length, (k) => ({ node: k.item }));
}
