import type { RateDecision, RateRule } from '../rate-limit/limiter';
import type { AlertMessage } from '../alerts/hub';

/**
 * What a cluster's processes say to each other over Node's IPC channel (src/cli/cluster.ts).
 * Without Redis, the primary is the one place that holds rate-limit windows and relays live
 * comment approvals and alerts, so N workers behave like one instance.
 */
export type WorkerMessage =
  | { type: 'listening'; url: string }
  // A worker that cannot start says why before it exits; the primary prints it as start-up's one line.
  | { type: 'start-failed'; message: string }
  // peek: only ask what a hit would get (RateLimiter.peek), count nothing.
  | { type: 'rate-hit'; id: number; key: string; rule: RateRule; peek?: boolean }
  | { type: 'comment-approved'; comment: Record<string, unknown> };

export type PrimaryMessage =
  | { type: 'rate-decision'; id: number; decision: RateDecision }
  | { type: 'comment-approved'; comment: Record<string, unknown> }
  // What the primary's job worker announced (new articles, events), for the workers' alert subscriptions.
  | { type: 'alert'; message: AlertMessage };

export function isMessage<T extends { type: string }>(value: unknown, type: T['type']): value is T {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === type;
}
