import type { DataSource } from 'typeorm';
import { keysetSql } from '../../db/sql';
import { userInputError } from '../../schema/errors';
import { pageRequest, toConnection, type Connection, type PageArgs } from '../pagination';
import { highlightName, MARK_START, MARK_STOP, marksToHtml } from './highlight';

export const MAX_QUERY_LENGTH = 200;

export interface SearchHit {
  kind: 'article' | 'entity';
  id: number;
  score: number;
  /** Unique across kinds (entity ids are even, article ids odd): the keyset's tie-break. */
  tiebreak: number;
  /** Article hits: ts_headline's fragments with marks. */
  headline: string | null;
  /** Entity hits: the display name. */
  name: string | null;
}

/** The query's words that can match a name on their own (short words and operators cannot). */
function queryWords(query: string): string[] {
  return [...new Set(query.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 2 && w !== 'OR'))];
}

export type SearchEdgeFacts = { score: number; highlight: string | null; hit: SearchHit };

/** Full-text matches per article language, so each language's GIN lookup can run. */
const ARTICLE_MATCH = `
  (a.language = 'fr' AND a.search_vector @@ websearch_to_tsquery('news_french', $1))
  OR (a.language = 'en' AND a.search_vector @@ websearch_to_tsquery('news_english', $1))
  OR (a.language NOT IN ('fr', 'en') AND a.search_vector @@ websearch_to_tsquery('news_simple', $1))`;

/**
 * An entity matches the whole query or any of its words ("belgique maroc" finds both
 * countries); it scores the better of the whole query's similarity and the words' mean.
 */
const HITS = `
  SELECT 'entity' AS kind, e.id,
         greatest(word_similarity(news_fold($1), e.search_text),
                  (SELECT avg(word_similarity(news_fold(w), e.search_text)) FROM unnest($2::text[]) w))::float8 AS score,
         e.id * 2 AS tiebreak
    FROM (SELECT id, news_entity_search_text(name, acronym, aliases) AS search_text FROM entity WHERE merged_into_id IS NULL) e
   WHERE news_fold($1) <% e.search_text
      OR EXISTS (SELECT 1 FROM unnest($2::text[]) w WHERE news_fold(w) <% e.search_text)
  UNION ALL
  SELECT 'article', a.id, (0.9 * ts_rank_cd(a.search_vector, websearch_to_tsquery(news_ts_config(a.language), $1), 32))::float8,
         a.id * 2 + 1
    FROM article a
   WHERE ${ARTICLE_MATCH}`;

/**
 * Articles and entities matching a query, best first. Entities match by trigram word
 * similarity (accent- and typo-tolerant); articles by full text with their language's
 * stemming. Article scores are scaled below 0.9 so a close name match ranks first.
 */
export async function search(ds: DataSource, args: PageArgs & { query: string }): Promise<Connection<SearchHit, SearchEdgeFacts>> {
  const query = args.query.trim();
  if (!query) throw userInputError('query', 'must not be empty');
  if (query.length > MAX_QUERY_LENGTH) throw userInputError('query', `at most ${MAX_QUERY_LENGTH} characters, got ${query.length}`);
  const page = pageRequest(args, 10);
  const words = queryWords(query);
  const params: unknown[] = [query, words];
  const keyset = keysetSql(page, 'h.score', 'h.tiebreak', params, true);
  params.push(page.limit + 1);
  const rows: SearchHit[] = await ds.query(
    `SELECT h.kind, h.id, h.score, h.tiebreak, e.name,
            CASE WHEN h.kind = 'article' THEN ts_headline(news_ts_config(a.language), a.title || E'\\n' || a.body,
              websearch_to_tsquery(news_ts_config(a.language), $1),
              'StartSel=${MARK_START}, StopSel=${MARK_STOP}, MaxFragments=2, MaxWords=24, MinWords=8, FragmentDelimiter=" … "') END AS headline
       FROM (${HITS}) h
       LEFT JOIN article a ON h.kind = 'article' AND a.id = h.id
       LEFT JOIN entity e ON h.kind = 'entity' AND e.id = h.id
      WHERE ${keyset.where}
      ORDER BY ${keyset.order}
      LIMIT $${params.length}`,
    params,
  );
  return toConnection<SearchHit, SearchHit, SearchEdgeFacts>(
    rows,
    page,
    (h) => [h.score, h.tiebreak],
    async () => {
      const [{ count }] = await ds.query(`SELECT count(*)::int AS count FROM (${HITS}) h`, [query, words]);
      return count;
    },
    (h) => ({
      node: h,
      hit: h,
      score: h.score,
      highlight: h.kind === 'article' ? marksToHtml(h.headline ?? '') : highlightName(h.name ?? '', query),
    }),
  );
}
