/**
 * The floor: for each benchmarked operation, ONE hand-written SQL statement that builds the
 * whole GraphQL response (json_build_object / json_agg) in PostgreSQL, so the Node side only
 * forwards text. Each answers exactly what our service answers for the operation as written
 * (same global ids, cursors, orderings and null/empty conventions): the comparison checks it.
 */

/** Our global id (base64url of `Type:id`, see src/schema/global-id.ts), in SQL. */
const gid = (type: string, id: string) => `translate(encode(convert_to('${type}:' || ${id}, 'UTF8'), 'base64'), E'+/=\\n', '-_')`;

/** Our DateTime serialization (toISOString: milliseconds, Z). */
const iso = (ts: string) => `to_char(${ts} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Our keyset cursor over (timestamp, id): base64url of `["<exact ISO>",id]` (src/pagination). */
const timestampCursor = (ts: string, id: string) =>
  `translate(encode(convert_to('["' || to_char(${ts} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '",' || ${id} || ']', 'UTF8'), 'base64'), E'+/=\\n', '-_')`;

const list = (aggregate: string) => `COALESCE(${aggregate}, '[]'::json)`;

/**
 * front-page.graphql plus `comments(first: 5) { edges { node { id authorName body createdAt } } }`
 * on every article. $1: first.
 */
export const FRONT_PAGE_SQL = `
WITH fetched AS (
  SELECT id, slug, title, lead, published_at, language, comment_count
    FROM article ORDER BY published_at DESC, id DESC LIMIT $1::int + 1
), shown AS (
  SELECT * FROM fetched ORDER BY published_at DESC, id DESC LIMIT $1::int
)
SELECT json_build_object('data', json_build_object('articles', json_build_object(
  'totalCount', (SELECT total FROM article_total),
  'pageInfo', json_build_object(
    'hasNextPage', (SELECT count(*) FROM fetched) > $1::int,
    'endCursor', (SELECT ${timestampCursor('s.published_at', 's.id')} FROM shown s ORDER BY s.published_at, s.id LIMIT 1)),
  'edges', ${list(`(SELECT json_agg(json_build_object(
    'cursor', ${timestampCursor('s.published_at', 's.id')},
    'node', json_build_object(
      'id', ${gid('Article', 's.id')}, 'slug', s.slug, 'title', s.title, 'lead', s.lead,
      'publishedAt', ${iso('s.published_at')}, 'language', s.language,
      'people', ${list('ents.people')}, 'organizations', ${list('ents.organizations')}, 'places', ${list('ents.places')},
      'topics', ${list(`(SELECT json_agg(json_build_object('slug', t.slug, 'label', t.label) ORDER BY t.label)
                           FROM article_topic at JOIN topic t ON t.id = at.topic_id WHERE at.article_id = s.id)`)},
      'commentCount', s.comment_count,
      'comments', json_build_object('edges', ${list(`(SELECT json_agg(json_build_object('node', json_build_object(
          'id', ${gid('Comment', 'c.id')}, 'authorName', c.author_name, 'body', c.body, 'createdAt', ${iso('c.created_at')}))
          ORDER BY c.created_at, c.id)
          FROM (SELECT id, author_name, body, created_at FROM comment
                 WHERE article_id = s.id AND parent_id IS NULL AND status = 'approved'
                 ORDER BY created_at, id LIMIT 5) c)`)})))
    ORDER BY s.published_at DESC, s.id DESC)
    FROM shown s
    CROSS JOIN LATERAL (
      SELECT json_agg(json_build_object('id', ${gid('Person', 'e.id')}, 'slug', e.slug, 'name', e.name) ORDER BY ae.first_start)
               FILTER (WHERE e.kind = 'person') AS people,
             json_agg(json_build_object('id', ${gid('Organization', 'e.id')}, 'slug', e.slug, 'name', e.name, 'acronym', e.acronym) ORDER BY ae.first_start)
               FILTER (WHERE e.kind = 'organization') AS organizations,
             json_agg(json_build_object('id', ${gid('Place', 'e.id')}, 'slug', e.slug, 'name', e.name) ORDER BY ae.first_start)
               FILTER (WHERE e.kind = 'place') AS places
        FROM article_entity ae JOIN entity e ON e.id = ae.entity_id
       WHERE ae.article_id = s.id) ents)`)}
)))::text AS body`;

const commentNode = (c: string) =>
  `'id', ${gid('Comment', `${c}.id`)}, 'authorName', ${c}.author_name, 'body', ${c}.body, 'createdAt', ${iso(`${c}.created_at`)}`;

const typedEntity = (e: string) => `CASE ${e}.kind
  WHEN 'person' THEN json_build_object('__typename', 'Person', 'id', ${gid('Person', `${e}.id`)}, 'slug', ${e}.slug, 'name', ${e}.name)
  WHEN 'organization' THEN json_build_object('__typename', 'Organization', 'id', ${gid('Organization', `${e}.id`)}, 'slug', ${e}.slug, 'name', ${e}.name, 'acronym', ${e}.acronym)
  ELSE json_build_object('__typename', 'Place', 'id', ${gid('Place', `${e}.id`)}, 'slug', ${e}.slug, 'name', ${e}.name) END`;

/** article-page.graphql as written. $1: slug. */
export const ARTICLE_PAGE_SQL = `
SELECT json_build_object('data', json_build_object('article', (
  SELECT json_build_object(
    'id', ${gid('Article', 'a.id')}, 'slug', a.slug, 'title', a.title, 'lead', a.lead, 'body', a.body,
    'language', a.language, 'publishedAt', ${iso('a.published_at')}, 'url', a.url,
    'source', (SELECT json_build_object('name', so.name, 'url', so.url) FROM source so WHERE so.id = a.source_id),
    'mentions', ${list(`(SELECT json_agg(json_build_object('start', m.start, 'end', m."end", 'text', m.text, 'entity', ${typedEntity('e')}) ORDER BY m.start)
                         FROM mention m JOIN entity m0 ON m0.id = m.entity_id JOIN entity e ON e.id = COALESCE(m0.merged_into_id, m0.id)
                        WHERE m.article_id = a.id)`)},
    'events', ${list(`(SELECT json_agg(json_build_object(
                          'id', ${gid('Event', 'ev.id')}, 'kind', upper(ev.kind), 'title', ev.title, 'date', ev.date,
                          'datePrecision', upper(ev.date_precision),
                          'place', (SELECT json_build_object('name', pe.name) FROM entity p0 JOIN entity pe ON pe.id = COALESCE(p0.merged_into_id, p0.id) WHERE p0.id = ev.place_id))
                        ORDER BY ev.date NULLS LAST, ev.id)
                       FROM event_source es JOIN event ev ON ev.id = es.event_id WHERE es.article_id = a.id)`)},
    'commentCount', a.comment_count,
    'comments', (
      SELECT json_build_object(
        'totalCount', (SELECT count(*) FROM comment WHERE article_id = a.id AND parent_id IS NULL AND status = 'approved'),
        'pageInfo', json_build_object(
          'hasNextPage', count(*) > 10,
          'endCursor', (array_agg(${timestampCursor('top.created_at', 'top.id')} ORDER BY top.created_at, top.id) FILTER (WHERE top.n <= 10))[LEAST(count(*), 10)]),
        'edges', ${list(`json_agg(json_build_object('node', json_build_object(${commentNode('top')},
          'replies', (SELECT json_build_object(
              'totalCount', (SELECT count(*) FROM comment WHERE parent_id = top.id AND status = 'approved'),
              'edges', ${list(`json_agg(json_build_object('node', json_build_object(${commentNode('r')})) ORDER BY r.created_at, r.id)`)})
            FROM (SELECT id, author_name, body, created_at FROM comment WHERE parent_id = top.id AND status = 'approved'
                   ORDER BY created_at, id LIMIT 5) r)))
          ORDER BY top.created_at, top.id) FILTER (WHERE top.n <= 10)`)})
        FROM (SELECT id, author_name, body, created_at, row_number() OVER (ORDER BY created_at, id) AS n
                FROM comment WHERE article_id = a.id AND parent_id IS NULL AND status = 'approved'
               ORDER BY created_at, id LIMIT 11) top),
    'related', ${list(`(SELECT json_agg(json_build_object('id', ${gid('Article', 'ra.id')}, 'slug', ra.slug, 'title', ra.title)
                          ORDER BY r.shared DESC, ra.published_at DESC, ra.id DESC)
                        FROM (SELECT other.article_id, count(*) AS shared
                                FROM article_entity mine
                                CROSS JOIN LATERAL (
                                  (SELECT o.article_id, o.published_at FROM article_entity o
                                    WHERE o.entity_id = mine.entity_id AND (o.published_at, o.article_id) < (mine.published_at, mine.article_id)
                                    ORDER BY o.published_at DESC, o.article_id DESC LIMIT 50)
                                  UNION ALL
                                  (SELECT o.article_id, o.published_at FROM article_entity o
                                    WHERE o.entity_id = mine.entity_id AND (o.published_at, o.article_id) > (mine.published_at, mine.article_id)
                                    ORDER BY o.published_at, o.article_id LIMIT 50)) other
                               WHERE mine.article_id = a.id
                               GROUP BY other.article_id
                               ORDER BY shared DESC, max(other.published_at) DESC, other.article_id DESC
                               LIMIT 5) r
                        JOIN article ra ON ra.id = r.article_id)`)})
    FROM article a WHERE a.slug = $1)))::text AS body`;

/** who-met-whom.graphql as written. $1: slug, $2: from, $3: to (dates or null). */
export const WHO_MET_WHOM_SQL = `
WITH person AS (
  SELECT * FROM entity WHERE kind = 'person' AND slug = $1 AND merged_into_id IS NULL
), pairs AS (
  SELECT theirs.entity_id AS id, count(*)::int AS meetings, min(mine.date) AS first_met, max(mine.date) AS last_met,
         array_agg(mine.event_id ORDER BY mine.date NULLS LAST, mine.event_id) AS event_ids
    FROM person p
    JOIN event_participant mine ON mine.entity_id = p.id
    JOIN event_participant theirs ON theirs.event_id = mine.event_id AND theirs.entity_id <> mine.entity_id
    JOIN entity other ON other.id = theirs.entity_id AND other.kind = 'person' AND other.merged_into_id IS NULL
   WHERE ($2::date IS NULL OR mine.date >= $2::date) AND ($3::date IS NULL OR mine.date <= $3::date)
   GROUP BY theirs.entity_id
)
SELECT json_build_object('data', json_build_object('person', (
  SELECT json_build_object(
    'id', ${gid('Person', 'p.id')}, 'slug', p.slug, 'name', p.name, 'title', p.title,
    'country', (SELECT json_build_object('name', c.name, 'code', c.code) FROM entity c0 JOIN entity c ON c.id = COALESCE(c0.merged_into_id, c0.id) WHERE c0.id = p.country_id),
    'affiliations', ${list(`(SELECT json_agg(json_build_object('role', af.role, 'since', af.since, 'until', af.until,
                              'organization', json_build_object('id', ${gid('Organization', 'o.id')}, 'slug', o.slug, 'name', o.name, 'acronym', o.acronym))
                              ORDER BY af.since DESC NULLS LAST, af.id)
                             FROM affiliation af JOIN entity o0 ON o0.id = af.organization_id JOIN entity o ON o.id = COALESCE(o0.merged_into_id, o0.id)
                            WHERE af.person_id = p.id)`)},
    'met', json_build_object(
      'totalCount', (SELECT count(*) FROM pairs),
      'edges', ${list(`(SELECT json_agg(json_build_object(
          'meetings', pg.meetings, 'firstMet', pg.first_met, 'lastMet', pg.last_met,
          'node', json_build_object('id', ${gid('Person', 'n.id')}, 'slug', n.slug, 'name', n.name, 'title', n.title),
          'events', (SELECT ${list(`json_agg(json_build_object(
              'id', ${gid('Event', 'ev.id')}, 'kind', upper(ev.kind), 'title', ev.title, 'date', ev.date,
              'place', (SELECT json_build_object('name', pe.name) FROM entity p0 JOIN entity pe ON pe.id = COALESCE(p0.merged_into_id, p0.id) WHERE p0.id = ev.place_id),
              'sources', ${list(`(SELECT json_agg(json_build_object('slug', sa.slug, 'title', sa.title) ORDER BY sa.published_at, sa.id)
                                  FROM event_source es JOIN article sa ON sa.id = es.article_id WHERE es.event_id = ev.id)`)})
              ORDER BY x.n)`)}
            FROM unnest(pg.event_ids) WITH ORDINALITY AS x(event_id, n) JOIN event ev ON ev.id = x.event_id))
          ORDER BY pg.meetings DESC, pg.id DESC)
        FROM (SELECT * FROM pairs ORDER BY meetings DESC, id DESC LIMIT 50) pg JOIN entity n ON n.id = pg.id)`)}),
    'articles', json_build_object(
      'totalCount', (SELECT count(*) FROM article_entity WHERE entity_id = p.id),
      'edges', ${list(`(SELECT json_agg(json_build_object('node', json_build_object('slug', la.slug, 'title', la.title, 'publishedAt', ${iso('la.published_at')}))
                          ORDER BY l.published_at DESC, l.article_id DESC)
                         FROM (SELECT article_id, published_at FROM article_entity WHERE entity_id = p.id
                                ORDER BY published_at DESC, article_id DESC LIMIT 10) l
                         JOIN article la ON la.id = l.article_id)`)}))
    FROM person p)))::text AS body`;
