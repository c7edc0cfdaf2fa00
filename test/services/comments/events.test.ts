import type { Comment } from '../../../src/entities';
import { CommentEvents } from '../../../src/services/comments/events';

const comment = (id: number, articleId: number) => ({ id, articleId, status: 'approved' }) as Comment;

describe('CommentEvents', () => {
  it('delivers approvals of one article to its iterators, in order, queueing until read', async () => {
    const events = new CommentEvents();
    const it = events.approvedOn(1);
    events.publishApproved(comment(10, 1));
    events.publishApproved(comment(11, 2));
    events.publishApproved(comment(12, 1));
    expect((await it.next()).value.id).toBe(10);
    const waiting = it.next();
    expect((await Promise.race([waiting, new Promise((r) => setTimeout(() => r('none'), 0))]) as any).value.id).toBe(12);
    const pending = it.next();
    events.publishApproved(comment(13, 1));
    expect((await pending).value.id).toBe(13);
  });

  it('removes its listener on return(), even while a next() is waiting', async () => {
    const events = new CommentEvents();
    const it = events.approvedOn(7);
    expect(events.listenerCount(7)).toBe(1);
    const waiting = it.next();
    await it.return!();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(events.listenerCount(7)).toBe(0);
    events.publishApproved(comment(1, 7));
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });
});
