import { decodeGlobalId, toGlobalId } from '../../src/schema/global-id';

describe('global ids', () => {
  it('encode Type:id as base64url and decode back, the second time from the cache', () => {
    const first = toGlobalId('Person', 42);
    expect(first).toBe(Buffer.from('Person:42').toString('base64url'));
    expect(toGlobalId('Person', 42)).toBe(first);
    expect(toGlobalId('Organization', 42)).not.toBe(first);
    expect(decodeGlobalId(first)).toEqual({ type: 'Person', id: 42 });
  });

  it('stay right past the cache bound (more distinct ids than it keeps)', () => {
    for (let id = 1; id <= 45_000; id++) {
      const globalId = toGlobalId('Comment', id);
      if (id % 997 === 0 || id > 44_990) expect(decodeGlobalId(globalId)).toEqual({ type: 'Comment', id });
    }
    expect(decodeGlobalId(toGlobalId('Comment', 7))).toEqual({ type: 'Comment', id: 7 });
  });
});
