import { pushIterator } from '../push-iterator';
import type { AlertHub, AlertMessage } from './hub';

/**
 * A subscription's stream: every hub message, turned by `select` into what this subscriber
 * wants (articles its filter matches, events involving its entities), in order. `return()`
 * (a client that unsubscribes or disconnects) stops listening at once, even while a
 * `next()` waits or a selection is being read.
 */
export function alertStream<T>(hub: AlertHub, select: (message: AlertMessage) => Promise<T[]>, onError: (e: unknown) => void): AsyncIterableIterator<T> {
  const feed = pushIterator<T>(() => stop());
  // Messages are selected one after the other, so alerts keep the order they were written in.
  let chain = Promise.resolve();
  const stop = hub.listen((message) => {
    chain = chain.then(async () => {
      if (feed.done) return;
      let selected: T[];
      try {
        selected = await select(message);
      } catch (e) {
        return onError(e);
      }
      for (const value of selected) feed.push(value);
    });
  });
  return feed.iterator;
}
