import type { DataSource } from 'typeorm';
import type { EntityKind } from '../../entities';
import { userInputError } from '../../schema/errors';
import { articleFilterConditions, type FilterPart, type ParsedArticleFilter } from '../articles/article-filter';

export const MAX_FACET_LIMIT = 100;

/** What `articleFacets` answers: the filter, read once; each facet counts when asked for. */
export interface FacetRequest {
  filter: ParsedArticleFilter;
  /** Each facet leaves its own selection out of the filter (filter sidebars' usual counts). */
  excludeOwnSelection: boolean;
}

export type Facet = EntityKind | 'topic' | 'source' | 'language' | 'month';

/** One value of a facet: the entity, topic or source id, the language code or the month (`YYYY-MM`), with its articles. */
export interface FacetCount {
  value: string;
  count: number;
  /** Whether the filter selects this value. */
  selected: boolean;
}

/** The part of the filter each facet selects with, left out when excluding its own selection. */
const OWN_PART: Record<Facet, FilterPart> = {
  person: 'person', organization: 'organization', place: 'place', topic: 'topic', source: 'source', language: 'language', month: 'dates',
};

const MONTH = `to_char(a.published_at AT TIME ZONE 'UTC', 'YYYY-MM')`;

/**
 * Per facet: its values' SQL over the matching articles `m` (ids), and the kept counts of
 * the whole archive (article_facet_count, entity_prominence) when nothing filters it.
 */
function facetSql(facet: Facet, filtered: boolean, bind: (value: unknown) => string): string {
  switch (facet) {
    case 'person':
    case 'organization':
    case 'place':
      return filtered
        ? `SELECT ae.entity_id::text AS value, count(*)::int AS count FROM m JOIN article_entity ae ON ae.article_id = m.id
             JOIN entity e ON e.id = ae.entity_id WHERE e.kind = ${bind(facet)} AND e.merged_into_id IS NULL GROUP BY ae.entity_id`
        : `SELECT p.entity_id::text AS value, p.articles AS count FROM entity_prominence p JOIN entity e ON e.id = p.entity_id
            WHERE e.kind = ${bind(facet)} AND e.merged_into_id IS NULL AND p.articles > 0`;
    case 'topic':
      return filtered ? `SELECT t.topic_id::text AS value, count(*)::int AS count FROM m JOIN article_topic t ON t.article_id = m.id GROUP BY t.topic_id` : keptSql('topic');
    case 'source':
      return filtered
        ? `SELECT a.source_id::text AS value, count(*)::int AS count FROM m JOIN article a ON a.id = m.id WHERE a.source_id IS NOT NULL GROUP BY a.source_id`
        : keptSql('source');
    case 'language':
      return filtered ? `SELECT a.language AS value, count(*)::int AS count FROM m JOIN article a ON a.id = m.id GROUP BY a.language` : keptSql('language');
    case 'month':
      return filtered ? `SELECT ${MONTH} AS value, count(*)::int AS count FROM m JOIN article a ON a.id = m.id GROUP BY 1` : keptSql('month');
  }
}

const keptSql = (facet: string) => `SELECT value, articles AS count FROM article_facet_count WHERE facet = '${facet}' AND articles > 0`;

/** The values the filter selects for a facet, as its counts name them. */
function selectedValues(facet: Facet, f: ParsedArticleFilter): Set<string> {
  switch (facet) {
    case 'person':
    case 'organization':
    case 'place':
      return new Set([...(f.mentionsAll ?? []), ...(f.mentionsAny ?? [])].filter((e) => e.kind === facet).map((e) => String(e.id)));
    case 'topic':
    case 'source':
    case 'language':
    case 'month':
      return new Set();
  }
}

/**
 * A facet's most frequent values over the filter's articles, most articles first (ties
 * by value), at most `limit`; with `excludeOwnSelection`, the filter without the facet's
 * own part. A facet nothing filters reads the archive's kept counts.
 */
export async function facetCounts(ds: DataSource, request: FacetRequest, facet: Facet, limit: number): Promise<FacetCount[]> {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_FACET_LIMIT) throw userInputError('limit', `must be a whole number from 1 to ${MAX_FACET_LIMIT}, got ${limit}`);
  const params: unknown[] = [];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const omit = new Set<FilterPart>(request.excludeOwnSelection ? [OWN_PART[facet]] : []);
  const conditions = articleFilterConditions(request.filter, bind, 'a', omit);
  const values = conditions.length
    ? `WITH m AS MATERIALIZED (SELECT a.id FROM article a WHERE ${conditions.join(' AND ')}) ${facetSql(facet, true, bind)}`
    : facetSql(facet, false, bind);
  const selected = selectedSql(facet, request.filter, bind);
  const rows: { value: string; count: number; selected: boolean }[] = await ds.query(
    `SELECT v.value, v.count, ${selected} AS selected FROM (${values}) v ORDER BY v.count DESC, v.value LIMIT ${bind(limit)}`,
    params,
  );
  const chosen = selectedValues(facet, request.filter);
  return rows.map((r) => ({ value: r.value, count: r.count, selected: r.selected || chosen.has(r.value) }));
}

/** SQL telling whether `v.value` is the filter's own choice, for facets the filter names another way than by id. */
function selectedSql(facet: Facet, f: ParsedArticleFilter, bind: (value: unknown) => string): string {
  if (facet === 'topic' && f.topic != null) return `v.value = (SELECT id::text FROM topic WHERE slug = ${bind(f.topic)})`;
  if (facet === 'source' && f.source != null) return `v.value = (SELECT id::text FROM source WHERE slug = ${bind(f.source)})`;
  if (facet === 'language' && f.language != null) return `v.value = ${bind(f.language)}`;
  if (facet === 'month' && (f.publishedFrom || f.publishedTo)) {
    // A month is selected when it overlaps the filter's dates.
    const from = f.publishedFrom ? `to_char(${bind(f.publishedFrom)}::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM')` : `'0000-00'`;
    const to = f.publishedTo ? `to_char(${bind(f.publishedTo)}::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM')` : `'9999-99'`;
    return `(v.value BETWEEN ${from} AND ${to})`;
  }
  return 'FALSE';
}

/** How many articles the whole filter selects (the kept total when unfiltered). */
export async function facetTotal(ds: DataSource, filter: ParsedArticleFilter): Promise<number> {
  const params: unknown[] = [];
  const conditions = articleFilterConditions(filter, (value) => `$${params.push(value)}`);
  const [{ count }] = conditions.length
    ? await ds.query(`SELECT count(*)::int AS count FROM article a WHERE ${conditions.join(' AND ')}`, params)
    : await ds.query(`SELECT total::int AS count FROM article_total`);
  return count;
}
