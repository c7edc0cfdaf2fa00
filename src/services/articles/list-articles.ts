import type { DataSource } from 'typeorm';
import { Article } from '../../entities';
import type { ArticleFilter, ArticleOrder } from '../../generated/graphql';
import { ARTICLE_HIDDEN, exactTimestampSql, keysetSql, selectList, type ReadAlong } from '../../db/sql';
import { articleFilterConditions, parseArticleFilter } from './article-filter';
import { pageRequest, toConnection, type Connection, type PageArgs } from '../../pagination';

/**
 * The front page's connection: filtered, ordered by publication date, keyset-paged on
 * (published_at, id). The count runs only when a client asks for `totalCount`.
 */
export async function listArticles(
  ds: DataSource,
  args: PageArgs & { filter?: ArticleFilter | null; orderBy?: ArticleOrder | null },
  /**
   * withBody: the page's articles carry their body (the largest column) only when the query shows it.
   * withTotal: the client asked for `totalCount`; unfiltered, the page statement reads it too.
   * along: what the page's articles' fields will ask for, read in the same statement.
   */
  options: { withBody: boolean; withTotal?: boolean; along?: ReadAlong | null } = { withBody: true },
): Promise<Connection<Article>> {
  const page = pageRequest(args, 20, 'timestamp');
  const params: unknown[] = [];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const where = articleFilterConditions(parseArticleFilter(args.filter), bind);
  const filtered = where.length ? where.join(' AND ') : 'TRUE';
  const countParams = [...params];
  const descending = (args.orderBy ?? 'PUBLISHED_AT_DESC') === 'PUBLISHED_AT_DESC';
  const keyset = keysetSql(page, 'a.published_at', 'a.id', params, descending);
  params.push(page.limit + 1);
  // The kept total (migration ArticleTotal) rides along with the page: one round trip fewer.
  const totalAlong = options.withTotal === true && !where.length;
  const limit = `$${params.length}`;
  const along = options.along?.sql(ds, 'a', params) ?? '';
  const rows: (Article & { _sort: string; _total?: number })[] = await ds.query(
    `SELECT ${selectList(ds, Article, 'a', options.withBody ? ARTICLE_HIDDEN : [...ARTICLE_HIDDEN, 'body'])}, ${exactTimestampSql('a.published_at')} AS "_sort"
            ${totalAlong ? ', (SELECT total::int FROM article_total) AS "_total"' : ''}${along} FROM article a
      WHERE ${filtered} AND ${keyset.where}
      ORDER BY ${keyset.order} LIMIT ${limit}`,
    params,
  );
  if (options.along) for (const row of rows) options.along.read(row);
  return toConnection(rows, page, (a) => [a._sort, a.id], async () => {
    if (totalAlong && rows.length) return rows[0]._total!;
    // Unfiltered: the total the triggers keep (migration ArticleTotal); filtered: a count of the matches.
    const [{ count }] = where.length
      ? await ds.query(`SELECT count(*)::int AS count FROM article a WHERE ${filtered}`, countParams)
      : await ds.query(`SELECT total::int AS count FROM article_total`);
    return count;
  });
}
