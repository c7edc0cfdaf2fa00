import { EventEmitter } from 'node:events';
import Redis from 'ioredis';
import type { Comment } from '../../entities';
import { pushIterator } from '../push-iterator';
import { closeRedis, DEFAULT_REDIS_TIMEOUT_MS, firstConnection, requestRedisOptions } from '../redis-client';

/**
 * Newly approved comments, for the commentAdded subscription. Published only after the
 * approving transaction committed, so a subscriber never sees a comment that was rolled
 * back. Without Redis, each instance delivers the approvals it made itself; with Redis
 * (REDIS_URL), approvals go through one channel and every instance delivers all of them.
 * The message is the public comment (the email is never selected, so never sent).
 */
export class CommentEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publishApproved(comment: Comment): void {
    this.deliver(comment);
  }

  /** Hands a comment to this instance's subscribers. */
  protected deliver(comment: Comment): void {
    this.emitter.emit(`approved:${comment.articleId}`, comment);
  }

  listenerCount(articleId: number): number {
    return this.emitter.listenerCount(`approved:${articleId}`);
  }

  async close(): Promise<void> {}

  /**
   * An async iterator of approved comments on one article. `return()` (a client that
   * unsubscribes or disconnects) removes the listener at once, even while a `next()` waits.
   */
  approvedOn(articleId: number): AsyncIterableIterator<Comment> {
    const event = `approved:${articleId}`;
    const feed = pushIterator<Comment>(() => this.emitter.off(event, listener));
    const listener = (comment: Comment) => feed.push(comment);
    this.emitter.on(event, listener);
    return feed.iterator;
  }
}

const CHANNEL = 'entity-news:comment-approved';

/**
 * Approvals shared by every instance on one Redis: published there, delivered from there.
 * Redis never holds up a request: a publish is fire-and-forget with the request timeouts
 * (requestRedisOptions), so while Redis is down or frozen approvals are logged and dropped
 * (subscribers miss them live; the comments are published all the same). The subscriber
 * keeps its one SUBSCRIBE queued until Redis answers and re-subscribes after every reconnect.
 */
export class RedisCommentEvents extends CommentEvents {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly connected: () => Promise<void>;
  readonly ready: Promise<void>;

  constructor(
    url: string,
    private readonly onError: (message: string) => void = () => {},
    private readonly channel = CHANNEL,
    timeoutMs = DEFAULT_REDIS_TIMEOUT_MS,
  ) {
    super();
    this.publisher = new Redis(url, requestRedisOptions(timeoutMs));
    this.connected = firstConnection(this.publisher, timeoutMs);
    // One command ever (SUBSCRIBE), so its offline queue stays bounded; retried until Redis answers.
    this.subscriber = new Redis(url, { connectTimeout: timeoutMs, maxRetriesPerRequest: null, disconnectTimeout: 200, retryStrategy: requestRedisOptions(timeoutMs).retryStrategy });
    for (const client of [this.publisher, this.subscriber]) client.on('error', (e: Error) => onError(e.message));
    this.subscriber.on('message', (_channel: string, message: string) => {
      // A malformed message (another writer on the channel) is reported, never thrown inside ioredis.
      let comment: Comment;
      try {
        comment = JSON.parse(message) as Comment;
      } catch {
        return onError(`comment events: a message on ${this.channel} is not JSON; ignored`);
      }
      this.deliver({ ...comment, createdAt: new Date(comment.createdAt) });
    });
    this.ready = this.subscriber.subscribe(this.channel).then(() => undefined);
    this.ready.catch((e: Error) => onError(e.message));
  }

  override publishApproved(comment: Comment): void {
    const { email: _never, ...published } = comment;
    this.connected()
      .then(() => this.publisher.publish(this.channel, JSON.stringify(published)))
      .catch((e: Error) => this.onError(`comment events: approval ${comment.id} not published (${e.message})`));
  }

  override async close(): Promise<void> {
    await Promise.all([closeRedis(this.publisher), closeRedis(this.subscriber)]);
  }
}
