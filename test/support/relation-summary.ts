/**
 * relation_summary as aggregating the evidence again says it should be, in the order and
 * columns of RELATION_SUMMARY_ROWS: the truth the summary's triggers and rebuilds are checked against.
 */
export const RELATION_SUMMARY_TRUTH = `
  SELECT a.entity_id AS src, b.entity_id AS dst, 'MET' AS kind, count(*)::int AS weight, min(a.date)::text AS first_seen, max(a.date)::text AS last_seen,
         (count(*) FILTER (WHERE ev.status = 'confirmed'))::int AS confirmed
    FROM event_participant a JOIN event_participant b ON b.event_id = a.event_id AND b.entity_id <> a.entity_id
    JOIN event ev ON ev.id = a.event_id
   GROUP BY 1, 2
  UNION ALL
  SELECT a.entity_id, b.entity_id, 'CO_MENTIONED', count(*)::int, min((a.published_at AT TIME ZONE 'UTC')::date)::text,
         max((a.published_at AT TIME ZONE 'UTC')::date)::text, 0
    FROM article_entity a JOIN article_entity b ON b.article_id = a.article_id AND b.entity_id <> a.entity_id GROUP BY 1, 2
  ORDER BY 1, 2, 3`;

/** relation_summary as it is. */
export const RELATION_SUMMARY_ROWS = `
  SELECT src, dst, kind, weight, first_seen::text, last_seen::text, confirmed FROM relation_summary ORDER BY 1, 2, 3`;
