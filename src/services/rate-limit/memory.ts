import { decide, type RateDecision, type RateLimiter, type RateRule } from './limiter';

/** One process's limits, in a map. `now` is injectable so tests can move time. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private hitsSinceSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async hit(key: string, rule: RateRule): Promise<RateDecision> {
    const now = this.now();
    this.sweep(now);
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + rule.windowSeconds * 1000 };
      this.windows.set(key, window);
    }
    window.count += 1;
    return decide(window.count, window.resetAt - now, rule);
  }

  async peek(key: string, rule: RateRule): Promise<RateDecision> {
    const now = this.now();
    const window = this.windows.get(key);
    if (!window || window.resetAt <= now) return decide(1, 0, rule);
    return decide(window.count + 1, window.resetAt - now, rule);
  }

  /** Drops expired windows now and then, so the map stays as large as the active keys. */
  private sweep(now: number): void {
    if (++this.hitsSinceSweep < 1000) return;
    this.hitsSinceSweep = 0;
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }

  async close(): Promise<void> {
    this.windows.clear();
  }
}
