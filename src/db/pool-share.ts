import type { DataSource } from 'typeorm';

/**
 * Which share of the pool a request's statements draw on: `expensive` once cost analysis
 * (src/schema/cost.ts) found the operation at or over the expensive-nodes threshold.
 */
export type PoolLane = 'cheap' | 'expensive';

/**
 * What a request's statements draw on, settled once its operation is known: its lane (cheap
 * until measured: authentication, refusals), and whether it may read from a replica (queries
 * only), once it has replayed `afterLsn` (the client's consistency token, src/db/replicas.ts).
 */
export interface PoolClaim {
  lane: PoolLane;
  replica?: boolean;
  afterLsn?: bigint | null;
}

export interface PoolShareOptions {
  /** The pool's connections: permits handed out at most. */
  size: number;
  /** Connections expensive requests may hold together, at most. */
  expensiveMax: number;
  /** A request waiting longer for a permit is refused as saturated (503 with Retry-After). */
  waitMs: number;
}

/** A request waited past `waitMs` for a connection of its lane: the service is saturated. */
export class PoolShareTimeoutError extends Error {
  constructor(readonly lane: PoolLane, waitMs: number) {
    super(`no ${lane} connection free within ${waitMs} ms`);
    this.name = 'PoolShareTimeoutError';
  }
}

interface Waiter {
  lane: PoolLane;
  grant: () => void;
}

/**
 * Admission to the serving pool, one permit per pooled connection a request's statement
 * holds. Expensive requests hold at most `expensiveMax` connections together, and a freed
 * connection goes to the oldest cheap waiter before any expensive one: slow expensive work
 * (a page of 100 articles with their comments, a client stalling on locks) can fill its own
 * share but never the connections cheap reads need. FIFO within a lane.
 */
export class PoolShare {
  private readonly held: Record<PoolLane, number> = { cheap: 0, expensive: 0 };
  private readonly queues: Record<PoolLane, Waiter[]> = { cheap: [], expensive: [] };

  constructor(readonly options: PoolShareOptions) {}

  /** Permits held now, by lane (tests, health). */
  get holding(): Readonly<Record<PoolLane, number>> {
    return { ...this.held };
  }

  private mayTake(lane: PoolLane): boolean {
    if (this.held.cheap + this.held.expensive >= this.options.size) return false;
    return lane === 'cheap' || this.held.expensive < this.options.expensiveMax;
  }

  /** Resolves with the function that gives the permit back; rejects after `waitMs` or when `signal` fires. */
  acquire(lane: PoolLane, signal?: AbortSignal): Promise<() => void> {
    const take = () => {
      this.held[lane]++;
      let given = false;
      return () => {
        if (given) return;
        given = true;
        this.held[lane]--;
        this.dispatch();
      };
    };
    if (this.queues.cheap.length === 0 && (lane === 'cheap' || this.queues.expensive.length === 0) && this.mayTake(lane)) {
      return Promise.resolve(take());
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        lane,
        grant: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve(take());
        },
      };
      const leave = (error: unknown) => {
        const queue = this.queues[lane];
        const at = queue.indexOf(waiter);
        if (at >= 0) queue.splice(at, 1);
        signal?.removeEventListener('abort', onAbort);
        clearTimeout(timer);
        reject(error);
      };
      const onAbort = () => leave(signal!.reason);
      const timer = setTimeout(() => leave(new PoolShareTimeoutError(lane, this.options.waitMs)), this.options.waitMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queues[lane].push(waiter);
    });
  }

  /** Hands freed permits out: cheap waiters first, then expensive ones while under their share. */
  private dispatch(): void {
    for (const lane of ['cheap', 'expensive'] as const) {
      const queue = this.queues[lane];
      while (queue.length && this.mayTake(lane)) queue.shift()!.grant();
    }
  }
}

const shares = new WeakMap<DataSource, PoolShare>();

/** Gives a serving pool its admission (one per DataSource, made with it). */
export function sharePool(dataSource: DataSource, options: PoolShareOptions): void {
  shares.set(dataSource, new PoolShare(options));
}

/** The pool's admission, if it is a serving pool. */
export function poolShareOf(dataSource: DataSource): PoolShare | undefined {
  return shares.get(dataSource);
}

/** Expensive requests' connections for a pool of `size` given a share in percent: at least one, fewer than all when there are two or more. */
export function expensiveConnections(size: number, percent: number): number {
  return Math.max(1, Math.min(size - 1, Math.floor((size * percent) / 100)) || 1);
}
