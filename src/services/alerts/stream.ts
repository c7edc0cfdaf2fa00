import type { AlertHub, AlertMessage } from './hub';

/**
 * A subscription's stream: every hub message, turned by `select` into what this subscriber
 * wants (articles its filter matches, events involving its entities), in order. `return()`
 * (a client that unsubscribes or disconnects) stops listening at once, even while a
 * `next()` waits or a selection is being read.
 */
export function alertStream<T>(hub: AlertHub, select: (message: AlertMessage) => Promise<T[]>, onError: (e: unknown) => void): AsyncIterableIterator<T> {
  const ready: T[] = [];
  const waiting: ((r: IteratorResult<T>) => void)[] = [];
  let done = false;
  // Messages are selected one after the other, so alerts keep the order they were written in.
  let chain = Promise.resolve();
  const stop = hub.listen((message) => {
    chain = chain.then(async () => {
      if (done) return;
      let selected: T[];
      try {
        selected = await select(message);
      } catch (e) {
        return onError(e);
      }
      for (const value of selected) {
        if (done) return;
        const next = waiting.shift();
        if (next) next({ value, done: false });
        else ready.push(value);
      }
    });
  });
  const finish = async (): Promise<IteratorResult<T>> => {
    if (!done) {
      done = true;
      stop();
      ready.length = 0;
      for (const resolve of waiting.splice(0)) resolve({ value: undefined, done: true });
    }
    return { value: undefined, done: true };
  };
  return {
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
}
