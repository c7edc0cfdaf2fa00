import type { DataSource } from 'typeorm';
import type { EntityKind } from '../../entities';
import { userInputError } from '../../schema/errors';
import { SERIAL_PLAN_CTE, sqlLiteral } from '../../db/sql';
import { articleFilterConditions, isUnfiltered, withoutParts, type FilterPart, type ParsedArticleFilter } from '../articles/article-filter';
import { LISTING_COUNT_LIMIT, matchesSql, type ArticleTotal } from '../articles/list-articles';

export const MAX_FACET_LIMIT = 100;

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

const MONTH = `to_char(m.published_at AT TIME ZONE 'UTC', 'YYYY-MM')`;

/**
 * Where a facet counts: the kept counts of the whole archive (nothing filters it), the
 * articles that mention one entity (relation_summary's co-mentions), or the matching
 * articles' CTE `cte` (id, source_id, language, published_at) with `entities`, its
 * mentions per entity and kind.
 */
type FacetSource = { from: 'kept' } | { from: 'entity'; entityId: number } | { from: 'matches'; cte: string; entities: string };

/** A facet's values and counts as SQL: at least its `limit` most frequent, with their ties. */
function facetSql(facet: Facet, source: FacetSource, limit: number, bind: (value: unknown) => string): string {
  switch (facet) {
    case 'person':
    case 'organization':
    case 'place':
      if (source.from === 'matches') return `SELECT entity_id::text AS value, n AS count FROM ${source.entities} WHERE kind = ${bind(facet)}`;
      if (source.from === 'entity') {
        // Co-mentions: the articles shared with the entity; the entity itself: all its articles. A busy
        // entity has co-mentions by the hundred thousand: only those as strong as the limit-th of the kind
        // are read, strongest first by the summary's index (ties included: they are ordered by value after).
        const id = bind(source.entityId);
        const kind = bind(facet);
        const ofKind = `FROM relation_summary r JOIN entity e ON e.id = r.dst
                 WHERE r.src = ${id} AND r.kind = 'CO_MENTIONED' AND e.kind = ${kind} AND e.merged_into_id IS NULL`;
        return `SELECT r.dst::text AS value, r.weight AS count ${ofKind}
                   AND r.weight >= greatest(1, (SELECT min(t.weight) FROM (SELECT r.weight ${ofKind} AND r.weight > 0 ORDER BY r.weight DESC LIMIT ${bind(limit)}) t))
                UNION ALL
                SELECT p.entity_id::text, p.articles FROM entity_prominence p JOIN entity e ON e.id = p.entity_id
                 WHERE p.entity_id = ${id} AND e.kind = ${bind(facet)} AND p.articles > 0`;
      }
      // In prominence order: the index stops the scan after `limit` entities of the kind.
      return `SELECT p.entity_id::text AS value, p.articles AS count FROM entity_prominence p JOIN entity e ON e.id = p.entity_id
               WHERE e.kind = ${bind(facet)} AND e.merged_into_id IS NULL AND p.articles > 0`;
    case 'topic':
      return source.from === 'matches'
        ? `SELECT t.topic_id::text AS value, count(*)::int AS count FROM ${source.cte} m JOIN article_topic t ON t.article_id = m.id GROUP BY t.topic_id`
        : keptSql('topic');
    case 'source':
      return source.from === 'matches'
        ? `SELECT m.source_id::text AS value, count(*)::int AS count FROM ${source.cte} m WHERE m.source_id IS NOT NULL GROUP BY m.source_id`
        : keptSql('source');
    case 'language':
      return source.from === 'matches' ? `SELECT m.language AS value, count(*)::int AS count FROM ${source.cte} m GROUP BY m.language` : keptSql('language');
    case 'month':
      return source.from === 'matches' ? `SELECT ${MONTH} AS value, count(*)::int AS count FROM ${source.cte} m GROUP BY 1` : keptSql('month');
  }
}

/** The one entity whose articles the filter selects, when it selects nothing else (after `omit`). */
function singleEntity(f: ParsedArticleFilter, omit: ReadonlySet<FilterPart>): number | null {
  const rest = articleFilterConditions({ ...f, mentionsAll: null, mentionsAny: null }, () => '$0', 'a', omit);
  if (rest.length) return null;
  const all = new Set((f.mentionsAll ?? []).filter((e) => !omit.has(e.kind)).map((e) => e.id));
  const anyList = f.mentionsAny?.filter((e) => !omit.has(e.kind)).map((e) => e.id) ?? null;
  const any = anyList && (anyList.length || !f.mentionsAny!.length) ? new Set(anyList) : null;
  if (all.size === 1 && (!any || (any.size === 1 && any.has([...all][0])))) return [...all][0];
  if (all.size === 0 && any?.size === 1) return [...any][0];
  return null;
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

type FacetAsk = { facet: Facet; limit: number } | { facet: 'total' } | { facet: 'countsAreExact' };

type FacetAnswer = FacetCount[] | ArticleTotal | boolean;

/**
 * What `articleFacets` answers: the filter, read once. The facets a query selects are
 * counted together in one statement (each distinct set of conditions matched once), when
 * the last of them has asked: fields resolve one after the other in the same tick.
 */
export class FacetRequest {
  private pending: { ask: FacetAsk; resolve: (value: FacetAnswer) => void; reject: (e: unknown) => void }[] = [];
  private counted?: Promise<ArticleTotal>;

  constructor(
    private readonly ds: DataSource,
    readonly filter: ParsedArticleFilter,
    /** Each facet leaves its own selection out of the filter (filter sidebars' usual counts). */
    readonly excludeOwnSelection: boolean,
  ) {}

  /**
   * A facet's most frequent values over the filter's articles, most articles first (ties by
   * value), at most `limit`; with `excludeOwnSelection`, under the filter without the facet's
   * own part. A facet nothing filters reads the archive's kept counts.
   */
  counts(facet: Facet, limit: number): Promise<FacetCount[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_FACET_LIMIT) {
      return Promise.reject(userInputError('limit', `must be a whole number from 1 to ${MAX_FACET_LIMIT}, got ${limit}`));
    }
    return this.ask({ facet, limit }) as Promise<FacetCount[]>;
  }

  /**
   * How many articles the whole filter selects, and whether that is all of them: a filter's
   * matches are counted up to LISTING_COUNT_LIMIT, as `articles` counts them; the archive's kept total when unfiltered.
   */
  total(): Promise<ArticleTotal> {
    return (this.counted ??= this.ask({ facet: 'total' }) as Promise<ArticleTotal>);
  }

  /**
   * Whether every facet asked for in the same selection counted all of its matches (false: one
   * counted the LISTING_COUNT_LIMIT most recent of more).
   */
  countsAreExact(): Promise<boolean> {
    return this.ask({ facet: 'countsAreExact' }) as Promise<boolean>;
  }

  private ask(ask: FacetAsk): Promise<FacetAnswer> {
    return new Promise((resolve, reject) => {
      if (!this.pending.length) setImmediate(() => void this.flush());
      this.pending.push({ ask, resolve, reject });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending.splice(0);
    try {
      const answers = await this.read(batch.map((b) => b.ask));
      batch.forEach((b, i) => b.resolve(answers[i]));
    } catch (e) {
      for (const b of batch) b.reject(e);
    }
  }

  private async read(asks: FacetAsk[]): Promise<FacetAnswer[]> {
    const params: unknown[] = [];
    const bind = (value: unknown) => `$${params.push(value)}`;
    const ctes = new Map<string, { name: string; sql: string; entities: boolean }>();
    // The matching articles' CTEs for the filter without `omit`, shared by the facets whose conditions are the same; null when nothing filters.
    // `${name}_all`: the newest matches up to one past the limit (the total); `${name}`: the newest up to the limit, which the facets count.
    const matchesOf = (omit: ReadonlySet<FilterPart>) => {
      const filter = withoutParts(this.filter, omit);
      if (isUnfiltered(filter)) return null;
      const key = JSON.stringify(articleFilterConditions(filter, (v) => JSON.stringify(v)));
      if (!ctes.has(key)) {
        const name = `m${ctes.size}`;
        ctes.set(key, {
          name,
          // The filter's values as literals: the matches are planned for them (docs/search.md, "Counting a listing").
          sql: `${name}_all AS MATERIALIZED (${matchesSql(filter, LISTING_COUNT_LIMIT + 1, sqlLiteral, true)}),
                ${name} AS MATERIALIZED (SELECT a.id, a.source_id, a.language, a.published_at
                  FROM (SELECT id FROM ${name}_all ORDER BY published_at DESC, id DESC LIMIT ${LISTING_COUNT_LIMIT}) n JOIN article a ON a.id = n.id)`,
          entities: false,
        });
      }
      return ctes.get(key)!;
    };
    const sourceOf = (facet: Facet): FacetSource => {
      const omit = new Set<FilterPart>(this.excludeOwnSelection ? [OWN_PART[facet]] : []);
      const entity = facet === 'person' || facet === 'organization' || facet === 'place';
      const single = entity ? singleEntity(this.filter, omit) : null;
      if (single !== null) return { from: 'entity', entityId: single };
      const matches = matchesOf(omit);
      if (!matches) return { from: 'kept' };
      counted.add(matches.name);
      // Mentions are counted once per match set, for every kind of entity facet asked for.
      if (entity) matches.entities = true;
      return { from: 'matches', cte: matches.name, entities: `${matches.name}_entities` };
    };
    const counted = new Set<string>();
    const columns = asks.map((ask, i) => {
      if (ask.facet === 'countsAreExact') return null;
      if (ask.facet === 'total') {
        const matches = matchesOf(new Set());
        return `${matches
          ? `(SELECT json_build_array(least(count(*), ${LISTING_COUNT_LIMIT}), count(*) <= ${LISTING_COUNT_LIMIT}) FROM ${matches.name}_all)`
          : '(SELECT json_build_array(total, true) FROM article_total)'} AS f${i}`;
      }
      const values = facetSql(ask.facet, sourceOf(ask.facet), ask.limit, bind);
      return `(SELECT coalesce(json_agg(json_build_array(v.value, v.count, ${selectedSql(ask.facet, this.filter, bind)}) ORDER BY v.count DESC, v.value), '[]'::json)
                 FROM (SELECT * FROM (${values}) v ORDER BY v.count DESC, v.value LIMIT ${bind(ask.limit)}) v) AS f${i}`;
    });
    // Asked after the facets' columns are written: which match sets they count is known then.
    asks.forEach((ask, i) => {
      if (ask.facet !== 'countsAreExact') return;
      const sizes = [...counted].map((name) => `SELECT count(*) FROM ${name}_all`);
      columns[i] = `${sizes.length ? `(SELECT bool_and(n <= ${LISTING_COUNT_LIMIT}) FROM (${sizes.join(' UNION ALL ')}) c(n))` : 'true'} AS f${i}`;
    });
    const withSql = [...ctes.values()].flatMap((c) => [
      c.sql,
      ...(c.entities
        ? [`${c.name}_entities AS MATERIALIZED (SELECT ae.entity_id, e.kind, count(*)::int AS n FROM ${c.name} m JOIN article_entity ae ON ae.article_id = m.id
                JOIN entity e ON e.id = ae.entity_id WHERE e.merged_into_id IS NULL GROUP BY ae.entity_id, e.kind)`]
        : []),
    ]);
    const [row]: Record<string, [number, boolean] | [string, number, boolean][] | boolean>[] = await this.ds.query(
      // Kept counts and co-mentions only: index scans stopping after a few rows, which workers slowed (docs/analytics.md).
      `WITH ${(ctes.size ? withSql : [SERIAL_PLAN_CTE]).join(', ')} SELECT ${columns.join(', ')}`,
      params,
    );
    return asks.map((ask, i) => {
      const value = row[`f${i}`];
      if (ask.facet === 'countsAreExact') return value as boolean;
      if (ask.facet === 'total') {
        const [count, exact] = value as [number, boolean];
        return { count: Number(count), exact };
      }
      const chosen = selectedValues(ask.facet, this.filter);
      return (value as [string, number, boolean][]).map(([v, count, selected]) => ({ value: v, count, selected: selected || chosen.has(v) }));
    });
  }
}
