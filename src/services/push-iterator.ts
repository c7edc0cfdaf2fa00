/** An async iterator fed by pushes, for subscriptions (see pushIterator). */
export interface PushIterator<T> {
  /** Hands `value` to a waiting `next()`, or queues it; ignored once ended. */
  push(value: T): void;
  /** Whether the iterator ended (`return()` or `throw()`). */
  readonly done: boolean;
  readonly iterator: AsyncIterableIterator<T>;
}

/**
 * An async iterator fed by `push`, in push order. `return()` (a client that unsubscribes or
 * disconnects) ends it at once, even while a `next()` waits: queued values are dropped, waiting
 * calls answered done, and `onEnd` (stop listening) called once.
 */
export function pushIterator<T>(onEnd: () => void = () => {}): PushIterator<T> {
  const ready: T[] = [];
  const waiting: ((r: IteratorResult<T>) => void)[] = [];
  let done = false;
  const finish = async (): Promise<IteratorResult<T>> => {
    if (!done) {
      done = true;
      onEnd();
      ready.length = 0;
      for (const resolve of waiting.splice(0)) resolve({ value: undefined, done: true });
    }
    return { value: undefined, done: true };
  };
  const iterator: AsyncIterableIterator<T> = {
    next: () => {
      if (done) return Promise.resolve({ value: undefined, done: true });
      if (ready.length) return Promise.resolve({ value: ready.shift()!, done: false });
      return new Promise((resolve) => waiting.push(resolve));
    },
    return: finish,
    throw: async (e: unknown) => {
      await finish();
      throw e;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return {
    push(value) {
      if (done) return;
      const next = waiting.shift();
      if (next) next({ value, done: false });
      else ready.push(value);
    },
    get done() {
      return done;
    },
    iterator,
  };
}
