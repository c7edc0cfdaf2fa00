import { PoolShare, PoolShareTimeoutError, expensiveConnections } from '../../src/db/pool-share';

describe('PoolShare', () => {
  it('hands a freed connection to the oldest cheap waiter before any expensive one', async () => {
    const share = new PoolShare({ size: 2, expensiveMax: 1, waitMs: 1000 });
    const first = await share.acquire('cheap');
    const second = await share.acquire('expensive');
    const order: string[] = [];
    const expensive = share.acquire('expensive').then((r) => (order.push('expensive'), r));
    const cheap = share.acquire('cheap').then((r) => (order.push('cheap'), r));
    first(); // one connection free: the cheap waiter gets it, though it queued second
    (await cheap)();
    second();
    (await expensive)();
    expect(order).toEqual(['cheap', 'expensive']);
    expect(share.holding).toEqual({ cheap: 0, expensive: 0 });
  });

  it('keeps expensive holders within their share, cheap ones may take the rest', async () => {
    const share = new PoolShare({ size: 3, expensiveMax: 1, waitMs: 50 });
    const a = await share.acquire('expensive');
    await expect(share.acquire('expensive')).rejects.toBeInstanceOf(PoolShareTimeoutError);
    const b = await share.acquire('cheap');
    const c = await share.acquire('cheap');
    await expect(share.acquire('cheap')).rejects.toThrow('no cheap connection free within 50 ms');
    a(); a(); // given back once, however often called
    expect(share.holding).toEqual({ cheap: 2, expensive: 0 });
    b(); c();
  });

  it('leaves the queue when the request stops', async () => {
    const share = new PoolShare({ size: 1, expensiveMax: 1, waitMs: 10_000 });
    const held = await share.acquire('cheap');
    const stop = new AbortController();
    const waiting = share.acquire('cheap', stop.signal);
    stop.abort('gone');
    await expect(waiting).rejects.toBe('gone');
    held();
    expect(share.holding).toEqual({ cheap: 0, expensive: 0 });
    (await share.acquire('cheap'))();
  });

  it('gives expensive operations at least one connection and never the whole pool', () => {
    expect(expensiveConnections(10, 50)).toBe(5);
    expect(expensiveConnections(10, 100)).toBe(9);
    expect(expensiveConnections(2, 10)).toBe(1);
    expect(expensiveConnections(1, 50)).toBe(1);
  });
});
