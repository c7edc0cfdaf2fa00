import DataLoader from 'dataloader';
import { primable, thenNow } from '../../src/loaders/primable';

/** A loader over a plain batch function that records its batches. */
function squares() {
  const batches: number[][] = [];
  const loader = primable(new DataLoader<number, number>(async (keys) => {
    batches.push([...keys]);
    return keys.map((k) => k * k);
  }));
  return { loader, batches };
}

describe('primable loaders', () => {
  it('answer a primed key with the value itself, at once, and never batch it', async () => {
    const { loader, batches } = squares();
    loader.prime(3, 10);
    const now = loader.now(3);
    expect(now).toBe(10);
    expect(await loader.load(3)).toBe(10);
    expect(batches).toEqual([]);
  });

  it('answer a key nobody primed with the loader\'s promise, batched as before', async () => {
    const { loader, batches } = squares();
    loader.prime(1, 1);
    const [a, b] = [loader.now(4), loader.now(5)];
    expect(a).toBeInstanceOf(Promise);
    expect(await Promise.all([a, b])).toEqual([16, 25]);
    expect(batches).toEqual([[4, 5]]);
  });

  it('leave a primed error to the loader (rejected, not returned as a value)', async () => {
    const { loader } = squares();
    loader.prime(2, new Error('gone'));
    const now = loader.now(2);
    expect(now).toBeInstanceOf(Promise);
    await expect(now).rejects.toThrow('gone');
  });

  it('key primed values by the loader\'s own cache key', async () => {
    const loader = primable(
      new DataLoader<{ id: number; first: number }, string, string>(async (keys) => keys.map((k) => `loaded ${k.id}:${k.first}`), { cacheKeyFn: (k) => `${k.id}:${k.first}` }),
      (k) => `${k.id}:${k.first}`,
    );
    loader.prime({ id: 7, first: 5 }, 'primed');
    expect(loader.now({ id: 7, first: 5 })).toBe('primed');
    expect(await loader.now({ id: 7, first: 3 })).toBe('loaded 7:3');
  });

  it('map a value at hand at once, and a promised one when it comes', async () => {
    expect(thenNow(3, (v) => v + 1)).toBe(4);
    const later = thenNow(Promise.resolve(3), (v) => v + 1);
    expect(later).toBeInstanceOf(Promise);
    expect(await later).toBe(4);
  });
});
