import type { RateDecision, RateLimiter, RateRule } from './limiter';

export interface FallbackEvents {
  /** The shared limiter failed and the local one decides from now on (called once per outage). */
  degraded(error: Error): void;
  /** The shared limiter answered again. */
  recovered(): void;
}

/**
 * Fail-open, but never to "no limit": the shared (Redis) limiter decides while it answers;
 * when it cannot (down, frozen, timed out), the local limiter (this process's memory, or a
 * cluster's primary) decides instead. Refusing every comment whenever Redis blinks would
 * turn a cache outage into a comment outage; allowing everything would hand an attacker
 * that outage. The local windows start empty, so limits are per instance while Redis is away.
 */
export class FallbackRateLimiter implements RateLimiter {
  private degraded = false;

  constructor(
    private readonly shared: RateLimiter,
    private readonly local: RateLimiter,
    private readonly events: FallbackEvents,
  ) {}

  hit(key: string, rule: RateRule): Promise<RateDecision> {
    return this.decide((limiter) => limiter.hit(key, rule));
  }

  peek(key: string, rule: RateRule): Promise<RateDecision> {
    return this.decide((limiter) => limiter.peek(key, rule));
  }

  /** Whether the local limiter is deciding (the last shared attempt failed). */
  get isDegraded(): boolean {
    return this.degraded;
  }

  private async decide(ask: (limiter: RateLimiter) => Promise<RateDecision>): Promise<RateDecision> {
    let decision: RateDecision;
    try {
      decision = await ask(this.shared);
    } catch (e) {
      if (!this.degraded) {
        this.degraded = true;
        this.events.degraded(e instanceof Error ? e : new Error(String(e)));
      }
      return ask(this.local);
    }
    if (this.degraded) {
      this.degraded = false;
      this.events.recovered();
    }
    return decision;
  }

  async close(): Promise<void> {
    await Promise.all([this.shared.close(), this.local.close()]);
  }
}
