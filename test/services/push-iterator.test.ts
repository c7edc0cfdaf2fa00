import { pushIterator } from '../../src/services/push-iterator';

describe('pushIterator', () => {
  it('hands values in push order, to waiting next() calls first, then queued', async () => {
    const feed = pushIterator<number>();
    const waiting = feed.iterator.next();
    feed.push(1);
    feed.push(2);
    feed.push(3);
    expect(await waiting).toEqual({ value: 1, done: false });
    expect(await feed.iterator.next()).toEqual({ value: 2, done: false });
    expect(await feed.iterator.next()).toEqual({ value: 3, done: false });
  });

  it('ends at once on return(), even while next() waits: queued values dropped, onEnd called once, later pushes ignored', async () => {
    let ended = 0;
    const feed = pushIterator<string>(() => ended++);
    const waiting = feed.iterator.next();
    await feed.iterator.return!();
    expect(await waiting).toEqual({ value: undefined, done: true });
    feed.push('late');
    expect(feed.done).toBe(true);
    expect(await feed.iterator.next()).toEqual({ value: undefined, done: true });
    await feed.iterator.return!();
    expect(ended).toBe(1);
    const queued = pushIterator<string>();
    queued.push('a');
    await expect(queued.iterator.throw!(new Error('stop'))).rejects.toThrow('stop');
    expect(await queued.iterator.next()).toEqual({ value: undefined, done: true });
  });
});
