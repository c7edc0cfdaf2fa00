import cluster from 'node:cluster';
import { EventEmitter } from 'node:events';
import Redis from 'ioredis';
import { closeRedis, DEFAULT_REDIS_TIMEOUT_MS, firstConnection, requestRedisOptions } from '../redis-client';

/** What the alert jobs announce: articles or events just written (ids only; each subscriber reads what its filter matches). */
export type AlertMessage = { type: 'articles'; ids: number[] } | { type: 'events'; ids: number[]; reason: 'new' | 'confirmed' };

/**
 * Where alert jobs announce new articles and events and subscriptions listen. In one
 * process: an in-process emitter shared by the job worker and the server. With REDIS_URL:
 * one Redis channel, so a subscriber on any instance hears what a worker on any other wrote.
 */
export interface AlertHub {
  publish(message: AlertMessage): Promise<void>;
  /** Calls `listener` with every message until the returned function is called. */
  listen(listener: (message: AlertMessage) => void): () => void;
  close(): Promise<void>;
}

class LocalAlertHub implements AlertHub {
  protected readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(message: AlertMessage): Promise<void> {
    this.emitter.emit('alert', message);
  }

  listen(listener: (message: AlertMessage) => void): () => void {
    this.emitter.on('alert', listener);
    return () => void this.emitter.off('alert', listener);
  }

  async close(): Promise<void> {}
}

/** The process's hub without Redis: the job worker and the server of `npm start` share it. */
const processHub = new LocalAlertHub();

/**
 * A cluster worker's hub without Redis: the job worker runs in the primary, which relays what
 * it announces to every worker (src/cli/cluster.ts). Workers publish nothing.
 */
class ClusterAlertHub extends LocalAlertHub {
  private readonly onMessage = (message: unknown) => {
    const m = message as { type?: string; message?: AlertMessage };
    if (m?.type === 'alert' && m.message) this.emitter.emit('alert', m.message);
  };

  constructor(private readonly channel: NodeJS.Process = process) {
    super();
    channel.on('message', this.onMessage);
  }

  override async close(): Promise<void> {
    this.channel.off('message', this.onMessage);
  }
}

class RedisAlertHub extends LocalAlertHub {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly connected: () => Promise<void>;
  readonly ready: Promise<void>;

  constructor(url: string, private readonly channel: string, onError: (message: string) => void, timeoutMs: number) {
    super();
    this.publisher = new Redis(url, requestRedisOptions(timeoutMs));
    this.connected = firstConnection(this.publisher, timeoutMs);
    // One command ever (SUBSCRIBE), retried until Redis answers, re-subscribed after reconnects (as comment events).
    this.subscriber = new Redis(url, { connectTimeout: timeoutMs, maxRetriesPerRequest: null, disconnectTimeout: 200, retryStrategy: requestRedisOptions(timeoutMs).retryStrategy });
    for (const client of [this.publisher, this.subscriber]) client.on('error', (e: Error) => onError(e.message));
    this.subscriber.on('message', (_channel: string, text: string) => {
      let message: AlertMessage;
      try {
        message = JSON.parse(text) as AlertMessage;
      } catch {
        return onError(`alerts: a message on ${this.channel} is not JSON; ignored`);
      }
      this.emitter.emit('alert', message);
    });
    this.ready = this.subscriber.subscribe(this.channel).then(() => undefined);
    this.ready.catch((e: Error) => onError(e.message));
  }

  override async publish(message: AlertMessage): Promise<void> {
    await this.connected();
    await this.publisher.publish(this.channel, JSON.stringify(message));
  }

  override async close(): Promise<void> {
    await Promise.all([closeRedis(this.publisher), closeRedis(this.subscriber)]);
  }
}

/** With REDIS_URL, the channel `<REDIS_PREFIX>alerts`; otherwise the process's own hub (relayed by the primary to a cluster's workers). */
export function createAlertHub(
  config: { redisUrl: string | null; redisPrefix?: string; redisTimeoutMs?: number },
  onError: (message: string) => void = () => {},
): AlertHub & { ready?: Promise<void> } {
  if (!config.redisUrl) return cluster.isWorker ? new ClusterAlertHub() : processHub;
  return new RedisAlertHub(config.redisUrl, `${config.redisPrefix ?? 'entity-news:'}alerts`, onError, config.redisTimeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS);
}
