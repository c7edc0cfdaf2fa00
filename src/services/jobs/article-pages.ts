import type { DataSource } from 'typeorm';
import { markDone, markRunning } from './job-store';

const PAGE = 200;

/**
 * A job over the stored articles (or those of `articleIds`): marks it running with their
 * count, hands them to `eachPage` page by page in id order (`columns`: the SELECT list over
 * `article`, with `id`), then marks it done.
 */
export async function forEachArticlePage<A extends { id: number }>(
  ds: DataSource, jobId: number, articleIds: number[] | undefined, columns: string, eachPage: (articles: A[]) => Promise<void>,
): Promise<void> {
  const [{ total }]: { total: number }[] = await ds.query(
    `SELECT count(*)::int AS total FROM article WHERE $1::int[] IS NULL OR id = ANY($1)`, [articleIds ?? null],
  );
  await markRunning(ds, jobId, total);
  let after = 0;
  for (;;) {
    const articles: A[] = await ds.query(
      `SELECT ${columns} FROM article WHERE id > $1 AND ($2::int[] IS NULL OR id = ANY($2)) ORDER BY id LIMIT ${PAGE}`,
      [after, articleIds ?? null],
    );
    if (articles.length === 0) break;
    after = articles[articles.length - 1].id;
    await eachPage(articles);
  }
  await markDone(ds, jobId);
}
