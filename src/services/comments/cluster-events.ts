import type { Comment } from '../../entities';
import { isMessage, type PrimaryMessage, type WorkerMessage } from '../cluster/messages';
import { CommentEvents } from './events';

/**
 * Live approvals in a cluster without Redis: a worker hands each approval to the primary,
 * which relays it to every worker (itself included), so a subscriber on any worker sees
 * approvals made on any other. The message is the public comment, never the email.
 */
export class ClusterCommentEvents extends CommentEvents {
  private readonly onMessage = (message: unknown) => {
    if (!isMessage<Extract<PrimaryMessage, { type: 'comment-approved' }>>(message, 'comment-approved')) return;
    const comment = message.comment as unknown as Comment;
    this.deliver({ ...comment, createdAt: new Date(comment.createdAt) });
  };

  constructor(private readonly channel: NodeJS.Process = process) {
    super();
    channel.on('message', this.onMessage);
  }

  override publishApproved(comment: Comment): void {
    const { email: _never, ...published } = comment;
    const message: WorkerMessage = { type: 'comment-approved', comment: { ...published } };
    this.channel.send!(message);
  }

  override async close(): Promise<void> {
    this.channel.off('message', this.onMessage);
  }
}
