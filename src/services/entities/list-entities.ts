import type { DataSource } from 'typeorm';
import { Event, NamedEntity, Topic, type EntityKind } from '../../entities';
import { keysetSql, selectList } from '../../db/sql';
import { pageRequest, toConnection, type Connection, type PageArgs } from '../pagination';

/** `%term%` for ILIKE with the user's own % and _ taken literally. */
function containing(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** People, organizations or places by name (keyset on name, id). */
export async function listEntities(ds: DataSource, kind: EntityKind, args: PageArgs & { name?: string | null }): Promise<Connection<NamedEntity>> {
  const page = pageRequest(args);
  const params: unknown[] = [kind];
  let filtered = `e.kind = $1 AND e.merged_into_id IS NULL`;
  if (args.name) {
    params.push(containing(args.name));
    filtered += ` AND (e.name ILIKE $2 OR e.acronym ILIKE $2 OR EXISTS (SELECT 1 FROM unnest(e.aliases) al WHERE al ILIKE $2))`;
  }
  const countParams = [...params];
  const keyset = keysetSql(page, 'e.name', 'e.id', params);
  params.push(page.limit + 1);
  const rows: NamedEntity[] = await ds.query(
    `SELECT ${selectList(ds, NamedEntity, 'e')} FROM entity e WHERE ${filtered} AND ${keyset.where} ORDER BY ${keyset.order} LIMIT $${params.length}`,
    params,
  );
  return toConnection(rows, page, (e) => [e.name, e.id], async () => {
    const [{ count }] = await ds.query(`SELECT count(*)::int AS count FROM entity e WHERE ${filtered}`, countParams);
    return count;
  });
}

export async function listTopics(ds: DataSource, args: PageArgs & { name?: string | null }): Promise<Connection<Topic>> {
  const page = pageRequest(args);
  const params: unknown[] = [];
  let filtered = 'TRUE';
  if (args.name) {
    params.push(containing(args.name));
    filtered = `(t.label ILIKE $1 OR t.slug ILIKE $1)`;
  }
  const countParams = [...params];
  const keyset = keysetSql(page, 't.label', 't.id', params);
  params.push(page.limit + 1);
  const rows: Topic[] = await ds.query(
    `SELECT ${selectList(ds, Topic, 't')} FROM topic t WHERE ${filtered} AND ${keyset.where} ORDER BY ${keyset.order} LIMIT $${params.length}`,
    params,
  );
  return toConnection(rows, page, (t) => [t.label, t.id], async () => {
    const [{ count }] = await ds.query(`SELECT count(*)::int AS count FROM topic t WHERE ${filtered}`, countParams);
    return count;
  });
}

/** Events newest first, within an optional date window and kind. */
export async function listEvents(
  ds: DataSource,
  args: PageArgs & { from?: string | null; to?: string | null; kind?: string | null; name?: string | null },
): Promise<Connection<Event>> {
  const page = pageRequest(args);
  const params: unknown[] = [args.from ?? null, args.to ?? null, args.kind ? args.kind.toLowerCase() : null];
  let filtered = `($1::date IS NULL OR e.date >= $1) AND ($2::date IS NULL OR e.date <= $2) AND ($3::text IS NULL OR e.kind = $3)`;
  if (args.name) {
    params.push(containing(args.name));
    filtered += ` AND e.title ILIKE $4`;
  }
  const countParams = [...params];
  const keyset = keysetSql(page, "COALESCE(e.date, '-infinity'::date)", 'e.id', params, true);
  params.push(page.limit + 1);
  const rows: Event[] = await ds.query(
    `SELECT ${selectList(ds, Event, 'e')} FROM event e WHERE ${filtered} AND ${keyset.where} ORDER BY ${keyset.order} LIMIT $${params.length}`,
    params,
  );
  return toConnection(rows, page, (e) => [e.date ?? '-infinity', e.id], async () => {
    const [{ count }] = await ds.query(`SELECT count(*)::int AS count FROM event e WHERE ${filtered}`, countParams);
    return count;
  });
}
