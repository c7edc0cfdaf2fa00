import { GraphQLError } from 'graphql';
import { decodeCursor, encodeCursor, pageKey, pageRequest, toConnection, MAX_PAGE_SIZE } from '../../src/pagination';

function badInput(fn: () => unknown): GraphQLError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GraphQLError);
    expect((e as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
    return e as GraphQLError;
  }
  throw new Error('expected a BAD_USER_INPUT error');
}

describe('pageRequest', () => {
  it('reads first/after forward and last/before backward, with the default size when none is given', () => {
    expect(pageRequest({}, 7)).toEqual({ limit: 7, backward: false, cursor: null });
    const cursor = encodeCursor(['2024-01-01T00:00:00.123456Z', 5]);
    expect(pageRequest({ first: 3, after: cursor }, 10, 'timestamp')).toEqual({ limit: 3, backward: false, cursor: ['2024-01-01T00:00:00.123456Z', 5] });
    expect(pageRequest({ last: 4, before: cursor }, 10, 'timestamp')).toEqual({ limit: 4, backward: true, cursor: ['2024-01-01T00:00:00.123456Z', 5] });
    expect(pageRequest({ last: 4 })).toEqual({ limit: 4, backward: true, cursor: null });
  });

  it(`caps first and last at ${MAX_PAGE_SIZE} and refuses negative sizes, naming the argument and the value`, () => {
    expect(pageRequest({ first: MAX_PAGE_SIZE }).limit).toBe(MAX_PAGE_SIZE);
    expect(badInput(() => pageRequest({ first: MAX_PAGE_SIZE + 1 })).message).toBe('first: must be between 0 and 100, got 101');
    expect(badInput(() => pageRequest({ last: 1000 })).message).toMatch(/^last: .*1000/);
    badInput(() => pageRequest({ first: -1 }));
  });

  it('refuses mixing the forward and backward arguments', () => {
    badInput(() => pageRequest({ first: 1, last: 1 }));
    badInput(() => pageRequest({ after: encodeCursor(['a', 1]), last: 2 }));
  });

  it('refuses malformed cursors as BAD_USER_INPUT naming the argument', () => {
    for (const garbage of ['', 'not-a-cursor', '!!!', encodeCursor(['a', 1]).slice(0, -3), Buffer.from('[1,2,3]').toString('base64url'),
      Buffer.from('{"a":1}').toString('base64url'), Buffer.from('["x", 1.5]').toString('base64url'), Buffer.from('["x", 99999999999]').toString('base64url')]) {
      expect(badInput(() => pageRequest({ first: 1, after: garbage })).message).toMatch(/^after: not a cursor this connection issued/);
    }
    expect(badInput(() => pageRequest({ last: 1, before: 'zzz' })).message).toMatch(/^before: /);
  });

  it("refuses a cursor whose sort value is not the connection's (a people cursor on articles)", () => {
    const peopleCursor = encodeCursor(['Éric Dupont', 3]);
    badInput(() => pageRequest({ after: peopleCursor }, 20, 'timestamp'));
    badInput(() => pageRequest({ after: peopleCursor }, 20, 'date'));
    badInput(() => pageRequest({ after: encodeCursor(['2024-13-45T99:00:00Z', 1]) }, 20, 'timestamp'));
    badInput(() => pageRequest({ after: encodeCursor(['a\u0000b', 1]) }, 20, 'text'));
    expect(pageRequest({ after: encodeCursor(['-infinity', 4]) }, 20, 'date').cursor).toEqual(['-infinity', 4]);
    expect(pageRequest({ after: peopleCursor }, 20, 'text').cursor).toEqual(['Éric Dupont', 3]);
  });
});

describe('toConnection', () => {
  const rows = [1, 2, 3, 4].map((id) => ({ id }));
  const cursorOf = (r: { id: number }) => ['k', r.id] as [string, number];
  const count = async () => 99;

  it('trims the extra row and reports another page forward', () => {
    const c = toConnection(rows, { limit: 3, backward: false, cursor: null }, cursorOf, count);
    expect(c.edges.map((e) => e.node.id)).toEqual([1, 2, 3]);
    expect(c.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(decodeCursor('after', c.pageInfo.endCursor!)).toEqual(['k', 3]);
    expect(decodeCursor('after', c.pageInfo.startCursor!)).toEqual(['k', 1]);
  });

  it('flips a backward page (rows read in reverse) back into order', () => {
    const c = toConnection([...rows].reverse(), { limit: 3, backward: true, cursor: ['k', 5] }, cursorOf, count);
    expect(c.edges.map((e) => e.node.id)).toEqual([2, 3, 4]);
    expect(c.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
  });

  it('gives null cursors and no further pages for an empty page', () => {
    const c = toConnection([], { limit: 3, backward: false, cursor: null }, cursorOf, count);
    const { hasNextPage, hasPreviousPage, startCursor, endCursor } = c.pageInfo;
    expect({ hasNextPage, hasPreviousPage, startCursor, endCursor }).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null });
  });

  it('leaves the count to the caller: it runs only when totalCount is read', async () => {
    let counted = 0;
    const c = toConnection(rows, { limit: 2, backward: false, cursor: null }, cursorOf, async () => ++counted);
    expect(counted).toBe(0);
    expect(await c.totalCount()).toBe(1);
  });

  it('encodes each edge\'s cursor when read, and keeps it on an edge given fields of its own', () => {
    let encoded = 0;
    const counting = (r: { id: number }) => (encoded++, cursorOf(r));
    const plain = toConnection(rows, { limit: 3, backward: false, cursor: null }, counting, count);
    expect(encoded).toBe(0);
    expect(plain.edges.map((e) => decodeCursor('after', e.cursor))).toEqual([['k', 1], ['k', 2], ['k', 3]]);
    expect(encoded).toBe(3);
    const extra = toConnection(rows, { limit: 2, backward: false, cursor: null }, cursorOf, count, (r) => ({ node: `#${r.id}`, weight: r.id * 10 }));
    expect(extra.edges.map((e) => [e.node, e.weight, decodeCursor('after', e.cursor)])).toEqual([['#1', 10, ['k', 1]], ['#2', 20, ['k', 2]]]);
  });
});

describe('pageKey', () => {
  it('is equal for equal pages and tells apart size, direction and cursor', () => {
    const base = { limit: 5, backward: false, cursor: null };
    const keys = [
      base, { ...base, limit: 6 }, { ...base, backward: true }, { ...base, cursor: ['2024-01-01T00:00:00.000000Z', 3] as [string, number] },
      { ...base, cursor: ['2024-01-01T00:00:00.000000Z', 4] as [string, number] }, { ...base, cursor: ['a|b', 1] as [string, number] }, { ...base, cursor: ['a', 1] as [string, number] },
    ].map(pageKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(pageKey({ limit: 5, backward: false, cursor: null })).toBe(keys[0]);
  });
});
