import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * relation_summary: per related pair and kind (MET from event_participant, CO_MENTIONED
 * from article_entity), the evidence count and its first and last day, both directions.
 * A network over all time reads it instead of aggregating every shared event of the
 * people in most events (in coverage, a few people are in thousands of events) on each
 * request; windowed queries still aggregate the evidence itself.
 *
 * Kept exact by statement-level triggers on the evidence tables: an insert adds the new
 * rows' pairs, a delete subtracts the removed rows' pairs (and re-reads those pairs'
 * first/last days), an update does both, a truncate empties the kind.
 */
export interface EvidenceTable {
  kind: 'MET' | 'CO_MENTIONED';
  name: string;
  table: string;
  /** The column grouping the evidence: two entities are related when they share it. */
  group: string;
  day: (alias: string) => string;
  /**
   * Where a group's review is (its key is the table's `id`) and the condition a confirmed one
   * meets: MET's events confirmed by an editor, counted into relation_summary.confirmed from
   * migration MetConfirmedCounts on.
   */
  confirmed?: { table: string; condition: (alias: string) => string };
}

export const TABLES: EvidenceTable[] = [
  {
    kind: 'MET', name: 'met', table: 'event_participant', group: 'event_id', day: (a) => `${a}.date`,
    confirmed: { table: 'event', condition: (e) => `${e}.status = 'confirmed'` },
  },
  { kind: 'CO_MENTIONED', name: 'co_mentioned', table: 'article_entity', group: 'article_id', day: (a) => `(${a}.published_at AT TIME ZONE 'UTC')::date` },
];

/** Pairs between `changed` rows and the other rows of the same group (those not in `exclude`), both directions. */
function pairsWithOthers(t: EvidenceTable, changed: string, exclude: string | null): string {
  const others = exclude ? `AND NOT EXISTS (SELECT 1 FROM ${exclude} c WHERE c.${t.group} = t.${t.group} AND c.entity_id = t.entity_id)` : '';
  return `
    SELECT n.entity_id AS src, t.entity_id AS dst FROM ${changed} n
      JOIN ${t.table} t ON t.${t.group} = n.${t.group} AND t.entity_id <> n.entity_id WHERE TRUE ${others}
    UNION ALL
    SELECT t.entity_id, n.entity_id FROM ${changed} n
      JOIN ${t.table} t ON t.${t.group} = n.${t.group} AND t.entity_id <> n.entity_id WHERE TRUE ${others}`;
}

function triggerFunctions(t: EvidenceTable): string {
  // Added rows pair with every row of their group now there (other added rows included, once per direction).
  const add = (added: string) => `
    INSERT INTO relation_summary AS r (src, dst, kind, weight, first_seen, last_seen)
    SELECT src, dst, '${t.kind}', count(*), min(day), max(day) FROM (
      SELECT n.entity_id AS src, t.entity_id AS dst, ${t.day('n')} AS day FROM ${added} n
        JOIN ${t.table} t ON t.${t.group} = n.${t.group} AND t.entity_id <> n.entity_id
      UNION ALL
      SELECT t.entity_id, n.entity_id, ${t.day('n')} FROM ${added} n
        JOIN ${t.table} t ON t.${t.group} = n.${t.group} AND t.entity_id <> n.entity_id
       WHERE NOT EXISTS (SELECT 1 FROM ${added} c WHERE c.${t.group} = t.${t.group} AND c.entity_id = t.entity_id)
    ) d GROUP BY src, dst
    ON CONFLICT (src, kind, dst) DO UPDATE SET weight = r.weight + EXCLUDED.weight,
      first_seen = LEAST(r.first_seen, EXCLUDED.first_seen), last_seen = GREATEST(r.last_seen, EXCLUDED.last_seen);`;
  // Removed rows paired with the rows still there (minus rows an update just wrote) and with each other.
  const subtract = (removed: string, written: string | null) => `
    SELECT coalesce(array_agg(src), '{}'), coalesce(array_agg(dst), '{}'), coalesce(array_agg(w), '{}') INTO srcs, dsts, ws FROM (
      SELECT src, dst, count(*)::int AS w FROM (
        ${pairsWithOthers(t, removed, written)}
        UNION ALL
        SELECT o1.entity_id, o2.entity_id FROM ${removed} o1
          JOIN ${removed} o2 ON o2.${t.group} = o1.${t.group} AND o2.entity_id <> o1.entity_id
      ) x GROUP BY src, dst) d;
    UPDATE relation_summary r SET weight = r.weight - d.w
      FROM unnest(srcs, dsts, ws) AS d(src, dst, w) WHERE r.src = d.src AND r.kind = '${t.kind}' AND r.dst = d.dst;`;
  const reread = `
    UPDATE relation_summary r SET first_seen = a.first_seen, last_seen = a.last_seen FROM (
      SELECT d.src, d.dst, min(${t.day('t1')}) AS first_seen, max(${t.day('t1')}) AS last_seen
        FROM unnest(srcs, dsts) AS d(src, dst)
        JOIN ${t.table} t1 ON t1.entity_id = d.src
        JOIN ${t.table} t2 ON t2.${t.group} = t1.${t.group} AND t2.entity_id = d.dst
       GROUP BY d.src, d.dst) a
     WHERE r.src = a.src AND r.kind = '${t.kind}' AND r.dst = a.dst;
    DELETE FROM relation_summary WHERE weight <= 0;`;
  const fn = (op: string, body: string, declare = '') => `
    CREATE FUNCTION relation_summary_${t.name}_${op}() RETURNS trigger LANGUAGE plpgsql AS $fn$
    ${declare}
    BEGIN
      ${body}
      RETURN NULL;
    END
    $fn$;`;
  const arrays = 'DECLARE srcs int[]; dsts int[]; ws int[];';
  return [
    fn('insert', add('added_rows')),
    fn('delete', subtract('removed_rows', null) + reread, arrays),
    fn('update', subtract('removed_rows', 'added_rows') + add('added_rows') + reread, arrays),
    fn('truncate', `DELETE FROM relation_summary WHERE kind = '${t.kind}';`),
    `CREATE TRIGGER relation_summary_${t.name}_insert AFTER INSERT ON ${t.table}
       REFERENCING NEW TABLE AS added_rows FOR EACH STATEMENT EXECUTE FUNCTION relation_summary_${t.name}_insert();
     CREATE TRIGGER relation_summary_${t.name}_delete AFTER DELETE ON ${t.table}
       REFERENCING OLD TABLE AS removed_rows FOR EACH STATEMENT EXECUTE FUNCTION relation_summary_${t.name}_delete();
     CREATE TRIGGER relation_summary_${t.name}_update AFTER UPDATE ON ${t.table}
       REFERENCING OLD TABLE AS removed_rows NEW TABLE AS added_rows FOR EACH STATEMENT EXECUTE FUNCTION relation_summary_${t.name}_update();
     CREATE TRIGGER relation_summary_${t.name}_truncate AFTER TRUNCATE ON ${t.table}
       FOR EACH STATEMENT EXECUTE FUNCTION relation_summary_${t.name}_truncate();`,
    // What is already there.
    summarizeAll(t),
  ].join('\n');
}

/**
 * Every pair of the kind from all its evidence; with `countConfirmed` (migration
 * MetConfirmedCounts on), MET's confirmed events too, their reviews hashed once (a probe per
 * row doubled the rebuild at a million articles).
 */
export function summarizeAll(t: EvidenceTable, countConfirmed = false): string {
  const confirmed = countConfirmed ? t.confirmed : undefined;
  return `INSERT INTO relation_summary (src, dst, kind, weight, first_seen, last_seen${confirmed ? ', confirmed' : ''})
     SELECT a.entity_id, b.entity_id, '${t.kind}', count(*), min(${t.day('a')}), max(${t.day('a')})${confirmed ? ', count(cg.id)' : ''}
       FROM ${t.table} a JOIN ${t.table} b ON b.${t.group} = a.${t.group} AND b.entity_id <> a.entity_id${confirmed ? `
       LEFT JOIN ${confirmed.table} cg ON cg.id = a.${t.group} AND ${confirmed.condition('cg')}` : ''}
      GROUP BY a.entity_id, b.entity_id
      -- in primary-key order: millions of pairs go into the index page after page
      ORDER BY a.entity_id, b.entity_id;`;
}

export class GraphRelationSummary1732000003000 implements MigrationInterface {
  name = 'GraphRelationSummary1732000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE relation_summary (
        src integer NOT NULL,
        dst integer NOT NULL,
        kind text NOT NULL CHECK (kind IN ('MET', 'CO_MENTIONED')),
        weight integer NOT NULL,
        first_seen date,
        last_seen date,
        PRIMARY KEY (src, kind, dst)
      );
      -- a network ring: an entity's strongest relations of a kind first
      CREATE INDEX relation_summary_strongest_idx ON relation_summary (src, kind, weight DESC, dst) INCLUDE (first_seen, last_seen);
      -- pairs whose last evidence was just removed, found without a scan
      CREATE INDEX relation_summary_spent_idx ON relation_summary (src) WHERE weight <= 0;
    `);
    for (const t of TABLES) await q.query(triggerFunctions(t));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of TABLES) {
      for (const op of ['insert', 'delete', 'update', 'truncate']) {
        await q.query(`DROP TRIGGER relation_summary_${t.name}_${op} ON ${t.table}; DROP FUNCTION relation_summary_${t.name}_${op}();`);
      }
    }
    await q.query(`DROP TABLE relation_summary`);
  }
}
