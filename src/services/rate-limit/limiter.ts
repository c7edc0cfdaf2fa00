/**
 * Fixed-window rate limits: at most `limit` hits per key in each `windowSeconds` window,
 * the window starting at a key's first hit. Implementations share these semantics, so a
 * service can move from one instance (memory) to several (Redis) without behaving otherwise.
 */
export interface RateRule {
  limit: number;
  windowSeconds: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the window resets (at least 1 when refused, 0 when allowed). */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** Counts one hit on `key` and says whether it is within the rule. */
  hit(key: string, rule: RateRule): Promise<RateDecision>;
  /** The decision one more hit would get now, without counting it (a check before costly work). */
  peek(key: string, rule: RateRule): Promise<RateDecision>;
  close(): Promise<void>;
}

/** The decision for the `count`-th hit of a window with `msLeft` milliseconds to go. */
export function decide(count: number, msLeft: number, rule: RateRule): RateDecision {
  if (count <= rule.limit) return { allowed: true, retryAfterSeconds: 0 };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(msLeft / 1000)) };
}
