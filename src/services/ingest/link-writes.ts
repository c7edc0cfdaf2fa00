import type { EntityManager } from 'typeorm';

/**
 * Writers of an article's links (mentions and article_entity rows) take this lock for the
 * rest of their transaction. article_entity's statement triggers upsert the shared
 * relation_summary pair rows; concurrent writers lock those rows in different orders and
 * deadlock. One writer at a time is also faster: linking (the CPU work) stays parallel.
 */
export async function lockLinkWrites(manager: EntityManager): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('entity-news:article-links'))`);
}

const RETRYABLE = new Set(['40P01', '40001']); // deadlock detected, serialization failure

/** Runs `attempt` again (a few times) when the database aborted it for a deadlock. */
export async function retryOnDeadlock<T>(attempt: () => Promise<T>, tries = 3): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (e) {
      if (n >= tries || !RETRYABLE.has((e as { code?: string }).code ?? '')) throw e;
      await new Promise((resolve) => setTimeout(resolve, 20 * n + Math.random() * 50));
    }
  }
}
