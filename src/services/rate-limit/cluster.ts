import { isMessage, type PrimaryMessage, type WorkerMessage } from '../cluster/messages';
import type { RateDecision, RateLimiter, RateRule } from './limiter';

/**
 * A cluster worker's rate limiter without Redis: every hit is decided by the primary's one
 * MemoryRateLimiter (src/cli/cluster.ts), so the limits hold for the whole service, not per worker.
 */
export class ClusterRateLimiter implements RateLimiter {
  private nextId = 1;
  private readonly pending = new Map<number, (decision: RateDecision) => void>();
  private readonly onMessage = (message: unknown) => {
    if (!isMessage<Extract<PrimaryMessage, { type: 'rate-decision' }>>(message, 'rate-decision')) return;
    this.pending.get(message.id)?.(message.decision);
    this.pending.delete(message.id);
  };

  constructor(private readonly channel: NodeJS.Process = process) {
    channel.on('message', this.onMessage);
  }

  hit(key: string, rule: RateRule): Promise<RateDecision> {
    return this.ask(key, rule, false);
  }

  peek(key: string, rule: RateRule): Promise<RateDecision> {
    return this.ask(key, rule, true);
  }

  private ask(key: string, rule: RateRule, peek: boolean): Promise<RateDecision> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, resolve);
      const message: WorkerMessage = { type: 'rate-hit', id, key, rule, ...(peek ? { peek } : {}) };
      this.channel.send!(message, undefined, {}, (e: Error | null) => {
        if (e) {
          this.pending.delete(id);
          reject(e);
        }
      });
    });
  }

  async close(): Promise<void> {
    this.channel.off('message', this.onMessage);
    this.pending.clear();
  }
}
