import { EventEmitter } from 'node:events';
import type { Comment } from '../../entities';

/**
 * Newly approved comments, for the commentAdded subscription. In-process: every instance
 * delivers the approvals it made itself. Published only after the approving transaction
 * committed, so a subscriber never sees a comment that was rolled back.
 */
export class CommentEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publishApproved(comment: Comment): void {
    this.emitter.emit(`approved:${comment.articleId}`, comment);
  }

  listenerCount(articleId: number): number {
    return this.emitter.listenerCount(`approved:${articleId}`);
  }

  /**
   * An async iterator of approved comments on one article. `return()` (a client that
   * unsubscribes or disconnects) removes the listener at once, even while a `next()` waits.
   */
  approvedOn(articleId: number): AsyncIterableIterator<Comment> {
    const event = `approved:${articleId}`;
    const queued: Comment[] = [];
    const waiting: ((r: IteratorResult<Comment>) => void)[] = [];
    let done = false;
    const listener = (comment: Comment) => {
      const next = waiting.shift();
      if (next) next({ value: comment, done: false });
      else queued.push(comment);
    };
    this.emitter.on(event, listener);
    const finish = async (): Promise<IteratorResult<Comment>> => {
      if (!done) {
        done = true;
        this.emitter.off(event, listener);
        queued.length = 0;
        for (const resolve of waiting.splice(0)) resolve({ value: undefined, done: true });
      }
      return { value: undefined, done: true };
    };
    return {
      next: () => {
        if (done) return Promise.resolve({ value: undefined, done: true });
        const comment = queued.shift();
        if (comment) return Promise.resolve({ value: comment, done: false });
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
}
