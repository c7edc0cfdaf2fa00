import type { BenchContext, BenchRow } from './context';

/** One request's outcome as a sequential client sees it. */
export interface Timed {
  ms: number;
  sql: number | null;
  failed: boolean;
  data: any;
}

export async function timedRequest(ctx: Pick<BenchContext, 'service'>, query: string, variables: Record<string, unknown>): Promise<Timed> {
  const started = performance.now();
  const res = await fetch(`${ctx.service.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  const ms = performance.now() - started;
  const sql = res.headers.get('x-sql-statements');
  return { ms, sql: sql === null ? null : Number(sql), failed: res.status !== 200 || !!body.errors?.length, data: body.data };
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface SequentialPlan {
  /** Unmeasured requests first. */
  warmup: number;
  /** Measured requests at most. */
  max: number;
  /** Measured requests at least; past them the run stops once `--duration` seconds are spent. Without it, always `max`. */
  min?: number;
}

export interface SequentialRun {
  row: BenchRow;
  p95: number;
  requests: number;
}

/**
 * One client, one request at a time (the issues' "quiet server with one client"): the
 * latency of each request, not a loaded server's queueing. `send(n)` makes the n-th request,
 * warm-up included.
 */
export async function measureSequential(ctx: BenchContext, name: string, send: (n: number) => Promise<Timed>, plan: SequentialPlan): Promise<SequentialRun> {
  for (let n = 0; n < plan.warmup; n++) await send(n);
  ctx.log(`${name}: ${plan.min === undefined ? plan.max : `up to ${plan.max}`} sequential requests${plan.min === undefined ? '' : ` (${ctx.durationSeconds} s)`}`);
  const times: number[] = [];
  let sql = 0;
  let failures = 0;
  let peakRss = ctx.service.rssBytes();
  const started = performance.now();
  const more = (n: number) => n < plan.max && (plan.min === undefined || n < plan.min || performance.now() - started < ctx.durationSeconds * 1000);
  for (let n = 0; more(n); n++) {
    const t = await send(plan.warmup + n);
    times.push(t.ms);
    sql += t.sql ?? 0;
    if (t.failed) failures++;
    if (n % 20 === 0) peakRss = Math.max(peakRss, ctx.service.rssBytes());
  }
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const row: BenchRow = {
    operation: name,
    requestsPerSecond: times.length / seconds,
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    sqlPerRequest: sql / times.length,
    peakRssMb: peakRss / 1024 / 1024,
    failures,
  };
  return { row, p95: percentile(times, 95), requests: times.length };
}
