import type { DataSource } from 'typeorm';
import { pendingMigrations } from '../db/data-source';
import { databaseFailure } from '../db/failures';

export interface Readiness {
  status: 'ready' | 'saturated' | 'unavailable';
  /** For the caller: says what is wrong, never where (no host, port or server message). */
  reason?: string;
  /** For the log only. */
  detail?: string;
}

/** The pool's counters (pg-pool), to tell a busy database from an unreachable one without waiting. */
interface PoolCounters {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options: { max: number };
}

function pool(dataSource: DataSource): PoolCounters | null {
  const master: unknown = (dataSource.driver as { master?: unknown }).master;
  return master && typeof (master as PoolCounters).waitingCount === 'number' ? (master as PoolCounters) : null;
}

/**
 * Ready: the database answers and every migration is applied. Saturated: every pooled
 * connection is busy and requests are queueing, though the database is up (a load balancer
 * should hold off, not fail over).
 */
export async function checkReadiness(dataSource: DataSource): Promise<Readiness> {
  const counters = pool(dataSource);
  if (counters && counters.waitingCount > 0 && counters.idleCount === 0 && counters.totalCount >= counters.options.max) {
    return { status: 'saturated', reason: 'every database connection is busy', detail: `${counters.waitingCount} waiting` };
  }
  try {
    await dataSource.query('SELECT 1');
  } catch (e) {
    if (databaseFailure(e) === 'saturated') return { status: 'saturated', reason: 'every database connection is busy' };
    return { status: 'unavailable', reason: 'database unreachable', detail: (e as Error).message };
  }
  const pending = await pendingMigrations(dataSource);
  if (pending.length) return { status: 'unavailable', reason: `migrations not applied (${pending.length} pending)`, detail: pending.join(', ') };
  return { status: 'ready' };
}
