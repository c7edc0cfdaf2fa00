import type { DataSource } from 'typeorm';
import { pendingMigrations } from '../db/data-source';

export interface Readiness {
  ready: boolean;
  reason?: string;
}

/** Ready: the database answers and every migration is applied. */
export async function checkReadiness(dataSource: DataSource): Promise<Readiness> {
  try {
    await dataSource.query('SELECT 1');
  } catch (e) {
    return { ready: false, reason: `database unreachable: ${(e as Error).message}` };
  }
  const pending = await pendingMigrations(dataSource);
  if (pending.length) return { ready: false, reason: `migrations not applied: ${pending.join(', ')}` };
  return { ready: true };
}
