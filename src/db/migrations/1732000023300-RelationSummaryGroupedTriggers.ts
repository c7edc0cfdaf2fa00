import { MigrationInterface, QueryRunner } from 'typeorm';
import { TABLES, type EvidenceTable } from './1732000003000-GraphRelationSummary';

/**
 * relation_summary's insert, update and delete triggers, written so that no plan of theirs
 * can join a transition table with another relation (docs/performance-history.md, "Events (issue 17)").
 *
 * PL/pgSQL plans a trigger's query once per connection, with the transition table's row
 * count of that first call: after a statement of a few rows, the anti-join against
 * `added_rows` (and the join of `removed_rows` with itself) was a nested loop scanning the
 * transition table once per row, kept for the connection's later statements of 100,000 rows.
 * Here each statement's rows are first aggregated per event (or article) into arrays, one
 * GROUP BY over the transition tables; everything after is per group (unnest, the group's
 * rows by primary key, `= ANY` over the group's array), so the work follows the pairs written
 * whatever the plan.
 */

/**
 * MET's confirmed events counted too (relation_summary.confirmed, from migration
 * MetConfirmedCounts on): the SQL pieces that read each group's flag and carry it along, empty
 * when not counting (this migration's own functions).
 */
function confirmedCount(t: EvidenceTable, counting: boolean) {
  const confirmed = counting ? t.confirmed : undefined;
  return {
    /** A group's flag, its review probed by the key `grp`. */
    ofGroup: confirmed ? `, EXISTS (SELECT 1 FROM ${confirmed.table} cg WHERE cg.id = grp AND ${confirmed.condition('cg')}) AS confirmed` : '',
    column: confirmed ? ', confirmed' : '',
    /** A pair's row carries its group's flag (`g`). */
    carried: confirmed ? ', g.confirmed' : '',
    added: confirmed ? ', count(*) FILTER (WHERE g.confirmed)' : '',
    addedSet: confirmed ? ' confirmed = r.confirmed + EXCLUDED.confirmed,' : '',
    removed: confirmed ? ', count(*) FILTER (WHERE confirmed)::int AS c' : '',
    removedArrays: confirmed ? ", coalesce(array_agg(c), '{}')" : '',
    /** The removed counts' array (declared in COUNTING_ARRAYS) and its column. */
    array: confirmed ? ', cs' : '',
    arrayColumn: confirmed ? ', c' : '',
    removedSet: confirmed ? ', confirmed = r.confirmed - d.c' : '',
  };
}

/** The changed rows per group: `ids` (and `days`) from `rows`, `written` from `written` (an update's new rows). */
function groups(t: EvidenceTable, rows: string, written: string | null, counting: boolean): string {
  const sides = written
    ? `SELECT n.${t.group} AS grp, n.entity_id, ${t.day('n')} AS day, TRUE AS changed FROM ${rows} n
       UNION ALL SELECT n.${t.group}, n.entity_id, NULL, FALSE FROM ${written} n`
    : `SELECT n.${t.group} AS grp, n.entity_id, ${t.day('n')} AS day, TRUE AS changed FROM ${rows} n`;
  return `SELECT grp, array_agg(entity_id) FILTER (WHERE changed) AS ids, array_agg(day) FILTER (WHERE changed) AS days,
                 coalesce(array_agg(entity_id) FILTER (WHERE NOT changed), '{}') AS written${confirmedCount(t, counting).ofGroup}
            FROM (${sides}) x GROUP BY grp`;
}

/**
 * Added rows pair with every row of their group now there, both directions; a pair of two
 * added rows comes once per direction (each is `n` once), so the reverse of such a pair is dropped.
 */
function add(t: EvidenceTable, counting: boolean): string {
  const c = confirmedCount(t, counting);
  return `
    INSERT INTO relation_summary AS r (src, dst, kind, weight, first_seen, last_seen${c.column})
    SELECT u.src, u.dst, '${t.kind}', count(*), min(n.day), max(n.day)${c.added}
      FROM (${groups(t, 'added_rows', null, counting)}) g
      CROSS JOIN LATERAL unnest(g.ids, g.days) AS n(entity_id, day)
      CROSS JOIN LATERAL (SELECT o.entity_id, o.entity_id = ANY (g.ids) AS added FROM ${t.table} o
                           WHERE o.${t.group} = g.grp AND o.entity_id <> n.entity_id OFFSET 0) t
      CROSS JOIN LATERAL (VALUES (n.entity_id, t.entity_id), (t.entity_id, n.entity_id)) AS u(src, dst)
     WHERE u.src = n.entity_id OR NOT t.added
     GROUP BY u.src, u.dst ORDER BY u.src, u.dst
    ON CONFLICT (src, kind, dst) DO UPDATE SET weight = r.weight + EXCLUDED.weight,${c.addedSet}
      first_seen = LEAST(r.first_seen, EXCLUDED.first_seen), last_seen = GREATEST(r.last_seen, EXCLUDED.last_seen);`;
}

/** Removed rows paired with the rows still in their group (minus rows an update just wrote) and with each other. */
function subtract(t: EvidenceTable, written: string | null, counting: boolean): string {
  const c = confirmedCount(t, counting);
  return `
    SELECT coalesce(array_agg(src), '{}'), coalesce(array_agg(dst), '{}'), coalesce(array_agg(w), '{}')${c.removedArrays} INTO srcs, dsts, ws${c.array} FROM (
      SELECT src, dst, count(*)::int AS w${c.removed} FROM (
        SELECT u.src, u.dst${c.carried} FROM (${groups(t, 'removed_rows', written, counting)}) g
          CROSS JOIN LATERAL unnest(g.ids) AS n(entity_id)
          CROSS JOIN LATERAL (SELECT o.entity_id FROM ${t.table} o
                               WHERE o.${t.group} = g.grp AND o.entity_id <> n.entity_id AND o.entity_id <> ALL (g.written) OFFSET 0) t
          CROSS JOIN LATERAL (VALUES (n.entity_id, t.entity_id), (t.entity_id, n.entity_id)) AS u(src, dst)
        UNION ALL
        SELECT o1, o2${c.carried} FROM (${groups(t, 'removed_rows', null, counting)}) g
          CROSS JOIN LATERAL unnest(g.ids) AS a(o1) CROSS JOIN LATERAL unnest(g.ids) AS b(o2)
         WHERE o1 <> o2
      ) x GROUP BY src, dst) d;
    UPDATE relation_summary r SET weight = r.weight - d.w${c.removedSet}
      FROM unnest(srcs, dsts, ws${c.array}) AS d(src, dst, w${c.arrayColumn}) WHERE r.src = d.src AND r.kind = '${t.kind}' AND r.dst = d.dst;`;
}

/** Unchanged from migration GraphRelationSummary: first and last days of the pairs that lost evidence. */
function reread(t: EvidenceTable): string {
  return `
    UPDATE relation_summary r SET first_seen = a.first_seen, last_seen = a.last_seen FROM (
      SELECT d.src, d.dst, min(${t.day('t1')}) AS first_seen, max(${t.day('t1')}) AS last_seen
        FROM unnest(srcs, dsts) AS d(src, dst)
        JOIN ${t.table} t1 ON t1.entity_id = d.src
        JOIN ${t.table} t2 ON t2.${t.group} = t1.${t.group} AND t2.entity_id = d.dst
       GROUP BY d.src, d.dst) a
     WHERE r.src = a.src AND r.kind = '${t.kind}' AND r.dst = a.dst;
    DELETE FROM relation_summary WHERE weight <= 0;`;
}

function fn(t: EvidenceTable, op: string, body: string, declare = ''): string {
  return `
    CREATE OR REPLACE FUNCTION relation_summary_${t.name}_${op}() RETURNS trigger LANGUAGE plpgsql AS $fn$
    ${declare}
    BEGIN
      ${body}
      RETURN NULL;
    END
    $fn$;`;
}

const ARRAYS = 'DECLARE srcs int[]; dsts int[]; ws int[];';
/** With the confirmed counts (confirmedCount's `array`). */
const COUNTING_ARRAYS = 'DECLARE srcs int[]; dsts int[]; ws int[]; cs int[];';

/** The insert, delete and update functions; `countConfirmed` as in confirmedCount. */
export function groupedFunctions(t: EvidenceTable, countConfirmed = false): string {
  return [
    fn(t, 'insert', add(t, countConfirmed)),
    fn(t, 'delete', subtract(t, null, countConfirmed) + reread(t), countConfirmed ? COUNTING_ARRAYS : ARRAYS),
    fn(t, 'update', subtract(t, 'added_rows', countConfirmed) + add(t, countConfirmed) + reread(t), countConfirmed ? COUNTING_ARRAYS : ARRAYS),
  ].join('\n');
}

/** The functions as migrations GraphRelationSummary (delete, update) and IngestTriggers (insert) left them, for down(). */
function previousFunctions(t: EvidenceTable): string {
  const others = (exclude: string | null) =>
    exclude ? `AND NOT EXISTS (SELECT 1 FROM ${exclude} c WHERE c.${t.group} = t.${t.group} AND c.entity_id = t.entity_id)` : '';
  const pairsWithOthers = (exclude: string | null) => `
    SELECT n.entity_id AS src, t.entity_id AS dst FROM removed_rows n
      JOIN ${t.table} t ON t.${t.group} = n.${t.group} AND t.entity_id <> n.entity_id WHERE TRUE ${others(exclude)}
    UNION ALL
    SELECT t.entity_id, n.entity_id FROM removed_rows n
      JOIN ${t.table} t ON t.${t.group} = n.${t.group} AND t.entity_id <> n.entity_id WHERE TRUE ${others(exclude)}`;
  const subtractBefore = (written: string | null) => `
    SELECT coalesce(array_agg(src), '{}'), coalesce(array_agg(dst), '{}'), coalesce(array_agg(w), '{}') INTO srcs, dsts, ws FROM (
      SELECT src, dst, count(*)::int AS w FROM (
        ${pairsWithOthers(written)}
        UNION ALL
        SELECT o1.entity_id, o2.entity_id FROM removed_rows o1
          JOIN removed_rows o2 ON o2.${t.group} = o1.${t.group} AND o2.entity_id <> o1.entity_id
      ) x GROUP BY src, dst) d;
    UPDATE relation_summary r SET weight = r.weight - d.w
      FROM unnest(srcs, dsts, ws) AS d(src, dst, w) WHERE r.src = d.src AND r.kind = '${t.kind}' AND r.dst = d.dst;`;
  const joinedAdd = `
    INSERT INTO relation_summary AS r (src, dst, kind, weight, first_seen, last_seen)
    SELECT src, dst, '${t.kind}', count(*), min(day), max(day) FROM (
      SELECT n.entity_id AS src, t.entity_id AS dst, ${t.day('n')} AS day FROM added_rows n
        JOIN ${t.table} t ON t.${t.group} = n.${t.group} AND t.entity_id <> n.entity_id
      UNION ALL
      SELECT t.entity_id, n.entity_id, ${t.day('n')} FROM added_rows n
        JOIN ${t.table} t ON t.${t.group} = n.${t.group} AND t.entity_id <> n.entity_id
       WHERE NOT EXISTS (SELECT 1 FROM added_rows c WHERE c.${t.group} = t.${t.group} AND c.entity_id = t.entity_id)
    ) d GROUP BY src, dst
    ON CONFLICT (src, kind, dst) DO UPDATE SET weight = r.weight + EXCLUDED.weight,
      first_seen = LEAST(r.first_seen, EXCLUDED.first_seen), last_seen = GREATEST(r.last_seen, EXCLUDED.last_seen);`;
  const lateral = `CROSS JOIN LATERAL (SELECT o.${t.group}, o.entity_id FROM ${t.table} o
            WHERE o.${t.group} = n.${t.group} AND o.entity_id <> n.entity_id OFFSET 0) t`;
  const indexedAdd = `
    INSERT INTO relation_summary AS r (src, dst, kind, weight, first_seen, last_seen)
    SELECT src, dst, '${t.kind}', count(*), min(day), max(day) FROM (
      SELECT n.entity_id AS src, t.entity_id AS dst, ${t.day('n')} AS day FROM added_rows n
        ${lateral}
      UNION ALL
      SELECT t.entity_id, n.entity_id, ${t.day('n')} FROM added_rows n
        ${lateral}
       WHERE NOT EXISTS (SELECT 1 FROM added_rows c WHERE c.${t.group} = t.${t.group} AND c.entity_id = t.entity_id)
    ) d GROUP BY src, dst ORDER BY src, dst
    ON CONFLICT (src, kind, dst) DO UPDATE SET weight = r.weight + EXCLUDED.weight,
      first_seen = LEAST(r.first_seen, EXCLUDED.first_seen), last_seen = GREATEST(r.last_seen, EXCLUDED.last_seen);`;
  return [
    fn(t, 'insert', indexedAdd),
    fn(t, 'delete', subtractBefore(null) + reread(t), ARRAYS),
    fn(t, 'update', subtractBefore('added_rows') + joinedAdd + reread(t), ARRAYS),
  ].join('\n');
}

export class RelationSummaryGroupedTriggers1732000023300 implements MigrationInterface {
  name = 'RelationSummaryGroupedTriggers1732000023300';

  async up(q: QueryRunner): Promise<void> {
    for (const t of TABLES) await q.query(groupedFunctions(t));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of TABLES) await q.query(previousFunctions(t));
  }
}
