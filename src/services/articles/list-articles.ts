import type { DataSource } from 'typeorm';
import { Article } from '../../entities';
import type { ArticleFilter, ArticleOrder } from '../../generated/graphql';
import { ARTICLE_HIDDEN, exactTimestampSql, keysetSql, selectList, type ReadAlong } from '../../db/sql';
import { ENTITY_TYPES, expectGlobalId } from '../../schema/global-id';
import { userInputError } from '../../schema/errors';
import { pageRequest, toConnection, type Connection, type PageArgs } from '../../pagination';

const MAX_ENTITY_FILTER = 20;


function entityIds(argument: string, ids: readonly string[] | null | undefined): number[] | null {
  if (ids == null) return null;
  if (ids.length > MAX_ENTITY_FILTER) throw userInputError(argument, `at most ${MAX_ENTITY_FILTER} entities, got ${ids.length}`);
  return ids.map((id, i) => expectGlobalId(`${argument}[${i}]`, id, ENTITY_TYPES).id);
}

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
  const filter = args.filter ?? {};
  const params: unknown[] = [];
  const where: string[] = [];
  const bind = (value: unknown) => `$${params.push(value)}`;
  if (filter.language != null) where.push(`a.language = ${bind(filter.language)}`);
  if (filter.source != null) where.push(`a.source_id = (SELECT id FROM source WHERE slug = ${bind(filter.source)})`);
  if (filter.topic != null) {
    where.push(`EXISTS (SELECT 1 FROM article_topic at JOIN topic t ON t.id = at.topic_id WHERE at.article_id = a.id AND t.slug = ${bind(filter.topic)})`);
  }
  if (filter.publishedFrom != null) where.push(`a.published_at >= ${bind(filter.publishedFrom)}`);
  // DateTime carries milliseconds and rows microseconds: the upper bound takes in its whole millisecond.
  if (filter.publishedTo != null) where.push(`a.published_at < ${bind(filter.publishedTo)}::timestamptz + interval '1 millisecond'`);
  if (filter.publishedFrom && filter.publishedTo && filter.publishedFrom > filter.publishedTo) {
    throw userInputError('filter.publishedFrom', 'must not be after filter.publishedTo');
  }
  const all = entityIds('filter.mentionsAll', filter.mentionsAll);
  if (all?.length) {
    where.push(`a.id IN (SELECT article_id FROM article_entity WHERE entity_id = ANY(${bind(all)}) GROUP BY article_id HAVING count(*) = ${bind(new Set(all).size)})`);
  }
  const any = entityIds('filter.mentionsAny', filter.mentionsAny);
  if (any) where.push(`EXISTS (SELECT 1 FROM article_entity ae WHERE ae.article_id = a.id AND ae.entity_id = ANY(${bind(any)}))`);

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
