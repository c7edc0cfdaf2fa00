import type { DataSource } from 'typeorm';
import { codedError } from '../../schema/errors';
import { articleFilterConditions, isUnfiltered, type ParsedArticleFilter } from '../articles/article-filter';
import { timeWindow } from '../graph/arguments';

export type TimelineInterval = 'DAY' | 'WEEK' | 'MONTH';

/** A timeline has at most this many buckets: 400 days, about 7 years of weeks, 33 years of months. */
export const MAX_BUCKETS = 400;

/** One bucket: its days (UTC, both inclusive, clipped to the range asked for) and what happened in them. */
export interface TimelineBucket {
  start: string;
  end: string;
  articles: number;
  meetings: number;
}

const UNIT = { DAY: 'day', WEEK: 'week', MONTH: 'month' } as const;
const STEP = { DAY: '1 day', WEEK: '1 week', MONTH: '1 month' } as const;
/** Events dated at least this finely are placed in a bucket of the interval (a month-precision event has no day). */
const PRECISIONS = { DAY: ['day'], WEEK: ['day'], MONTH: ['day', 'month'] } as const;

interface Range {
  from: string;
  to: string;
  interval: TimelineInterval;
}

/** Checks the range: ordered, and not more buckets than MAX_BUCKETS (RANGE_TOO_WIDE, a BAD_USER_INPUT). */
export function timelineRange(from: string, to: string, interval: TimelineInterval): Range {
  timeWindow('from', from, 'to', to);
  const day = (date: string) => Date.parse(date) / 86_400_000;
  // Weeks start on Monday (date_trunc's weeks); 1970-01-01 was a Thursday.
  const monday = (d: number) => d - ((d + 3) % 7);
  const months = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7));
  const buckets =
    interval === 'DAY' ? day(to) - day(from) + 1 : interval === 'WEEK' ? (monday(day(to)) - monday(day(from))) / 7 + 1 : months(to) - months(from) + 1;
  if (buckets > MAX_BUCKETS) {
    throw codedError('BAD_USER_INPUT', `to: the range ${from}..${to} makes ${buckets} ${interval.toLowerCase()} buckets, at most ${MAX_BUCKETS}: narrow it or take a longer interval`, {
      argument: 'to', reason: 'RANGE_TOO_WIDE',
    });
  }
  return { from, to, interval };
}

/**
 * Buckets over the range with zeros where nothing happened: `counts` is SQL of rows
 * (bucket date, articles, meetings) over the range's instants $1..$2 (dates, UTC) and
 * the interval's unit $3. Bucket dates are date_trunc's (weeks start on Monday).
 */
async function buckets(ds: DataSource, range: Range, counts: string, params: unknown[]): Promise<TimelineBucket[]> {
  return ds.query(
    `WITH c AS (${counts})
     SELECT to_char(greatest(g::date, $1::date), 'YYYY-MM-DD') AS start,
            to_char(least((g + $4::interval)::date - 1, $2::date), 'YYYY-MM-DD') AS "end",
            coalesce(sum(c.articles), 0)::int AS articles, coalesce(sum(c.meetings), 0)::int AS meetings
       FROM generate_series(date_trunc($3, $1::date::timestamp), $2::date::timestamp, $4::interval) g
       LEFT JOIN c ON c.bucket = g::date
      GROUP BY g ORDER BY g`,
    [range.from, range.to, UNIT[range.interval], STEP[range.interval], ...params],
  );
}

/** The range's instants: from its first day's midnight UTC to the day after its last. */
const IN_RANGE = (column: string) => `${column} >= ($1::date::timestamp AT TIME ZONE 'UTC') AND ${column} < (($2::date + 1)::timestamp AT TIME ZONE 'UTC')`;
const BUCKET = (column: string) => `date_trunc($3, ${column} AT TIME ZONE 'UTC')::date`;
/** The same over the kept counts per day `d.day` (migration DayCounts). */
const DAYS_IN_RANGE = `d.day BETWEEN $1::date AND $2::date`;
const DAY_BUCKET = `date_trunc($3, d.day::timestamp)::date`;

/**
 * An entity's timeline: the articles that mention it, and its meetings (events it took part
 * in with at least one other participant, as `met` counts them), per bucket.
 */
export function entityTimeline(ds: DataSource, entityId: number, range: Range): Promise<TimelineBucket[]> {
  const precisions = [...PRECISIONS[range.interval]];
  return buckets(
    ds,
    range,
    `SELECT ${DAY_BUCKET} AS bucket, sum(d.articles) AS articles, 0 AS meetings
       FROM entity_day_count d WHERE d.entity_id = $5 AND ${DAYS_IN_RANGE} GROUP BY 1
     UNION ALL
     SELECT date_trunc($3, e.date::timestamp)::date, 0, count(*)
       FROM event_participant p JOIN event e ON e.id = p.event_id
      WHERE p.entity_id = $5 AND p.date BETWEEN $1::date AND $2::date AND e.date_precision = ANY($6)
        AND EXISTS (SELECT 1 FROM event_participant o WHERE o.event_id = p.event_id AND o.entity_id <> p.entity_id)
      GROUP BY 1`,
    [entityId, precisions],
  );
}

/** The articles a filter selects, per bucket (`meetings` is 0: the filter selects articles). */
export function articleTimeline(ds: DataSource, filter: ParsedArticleFilter, range: Range): Promise<TimelineBucket[]> {
  if (isUnfiltered(filter)) {
    return buckets(ds, range, `SELECT ${DAY_BUCKET} AS bucket, sum(d.articles) AS articles, 0 AS meetings FROM article_day_count d WHERE ${DAYS_IN_RANGE} GROUP BY 1`, []);
  }
  const params: unknown[] = [];
  const conditions = articleFilterConditions(filter, (value) => `$${4 + params.push(value)}`);
  return buckets(
    ds,
    range,
    `SELECT ${BUCKET('a.published_at')} AS bucket, count(*) AS articles, 0 AS meetings
       FROM article a WHERE ${IN_RANGE('a.published_at')}${conditions.map((c) => ` AND ${c}`).join('')} GROUP BY 1`,
    params,
  );
}
