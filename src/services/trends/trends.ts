import type { DataSource } from 'typeorm';
import type { EntityKind } from '../../entities';
import { wholeNumberIn } from '../graph/arguments';

/**
 * A trend's score: (recent − expected) / √(expected + PRIOR), expected being the baseline's
 * articles scaled to the recent window's length. A rise measured in standard deviations of a
 * Poisson count, with PRIOR articles added to the variance, so that 2 mentions of a name
 * never seen before (score 2/√5 ≈ 0.9) stay below a story (20 against 2 expected: 6.8), and a
 * name always in the news needs a large rise to rank (260 against 200: 4.2).
 */
export const TREND_PRIOR = 5;

export interface TrendOptions {
  kind: EntityKind | null;
  /** A country (place) id: entities whose country it is, and the country itself. */
  countryId: number | null;
  recentDays: number;
  baselineDays: number;
  /** The end of the recent window. */
  asOf: Date;
  first: number;
}

export interface EntityTrendRow {
  entityId: number;
  recent: number;
  baseline: number;
  expected: number;
  score: number;
}

/** Checks the windows' lengths and the page size (BAD_USER_INPUT naming the argument). */
export function trendWindows(recentDays: number, baselineDays: number, first: number) {
  return {
    recentDays: wholeNumberIn('recentDays', recentDays, 1, 31),
    baselineDays: wholeNumberIn('baselineDays', baselineDays, 1, 365),
    first: wholeNumberIn('first', first, 1, 100),
  };
}

/**
 * Entities whose mentions rose most in (asOf − recentDays, asOf] against the baselineDays
 * before, best score first (ties by id); only those mentioned more than expected.
 */
export async function trendingEntities(ds: DataSource, o: TrendOptions): Promise<EntityTrendRow[]> {
  return ds.query(
    `WITH w AS (SELECT $1::timestamptz AS as_of, $1::timestamptz - $2 * interval '1 day' AS recent_from,
                       $1::timestamptz - ($2 + $3) * interval '1 day' AS baseline_from),
     c AS (
       SELECT ae.entity_id, count(*) FILTER (WHERE ae.published_at > w.recent_from)::int AS recent,
              count(*) FILTER (WHERE ae.published_at <= w.recent_from)::int AS baseline
         FROM w JOIN article_entity ae ON ae.published_at > w.baseline_from AND ae.published_at <= w.as_of
        GROUP BY ae.entity_id
     ),
     s AS (SELECT c.*, c.baseline * $2::float8 / $3 AS expected FROM c)
     SELECT s.entity_id AS "entityId", s.recent, s.baseline, s.expected,
            (s.recent - s.expected) / sqrt(s.expected + ${TREND_PRIOR}) AS score
       FROM s JOIN entity e ON e.id = s.entity_id
      WHERE e.merged_into_id IS NULL AND s.recent > s.expected
        AND ($4::text IS NULL OR e.kind = $4) AND ($5::int IS NULL OR e.country_id = $5 OR e.id = $5)
      ORDER BY score DESC, s.entity_id
      LIMIT $6`,
    [o.asOf, o.recentDays, o.baselineDays, o.kind, o.countryId, o.first],
  );
}
