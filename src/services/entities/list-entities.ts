import type { DataSource } from 'typeorm';
import { Event, NamedEntity, Topic, type EntityKind } from '../../entities';
import { keysetSql, selectList } from '../../db/sql';
import { pageRequest, toConnection, type Connection, type PageArgs } from '../../pagination';
import { eventFilter } from '../graph/arguments';
import { eventPassesSql } from '../graph/relations';

/** `%term%` for LIKE with the user's own % and _ taken literally. */
function containing(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// Accented letters and their plain forms, one for one, for SQL translate(): a name filter
// finds "Éric Snoek" for "eric snoek" without a database extension.
const FOLDS: [string, string][] = [
  ['àáâãäåāăą', 'a'], ['çćč', 'c'], ['ďđ', 'd'], ['èéêëēėęě', 'e'], ['ìíîïīįı', 'i'], ['ł', 'l'], ['ñńň', 'n'],
  ['òóôõöøōő', 'o'], ['ŕř', 'r'], ['śšş', 's'], ['ť', 't'], ['ùúûüūůűų', 'u'], ['ýÿ', 'y'], ['źżž', 'z'], ['’‘ʼ', "'"],
];
// Capitals too: lower() only knows ASCII under the C locale.
const PAIRS = FOLDS.flatMap(([from, to]) => [...from].flatMap((ch) => [[ch, to], [ch.toUpperCase(), to]]))
  .filter(([ch], i, all) => !/^[\x00-\x7f]$/.test(ch) && all.findIndex(([other]) => other === ch) === i);
const ACCENTED = PAIRS.map(([ch]) => ch).join('');
const PLAIN = PAIRS.map(([, to]) => to).join('');
const PLAIN_OF = new Map(PAIRS as [string, string][]);

/** SQL folding `expr` to lower case without accents, as foldTerm does in JavaScript. */
function foldedSql(expr: string): string {
  return `lower(translate(${expr}, '${ACCENTED}', '${PLAIN.replace(/'/g, "''")}'))`;
}

function foldTerm(term: string): string {
  return [...term].map((ch) => PLAIN_OF.get(ch) ?? ch).join('').toLowerCase();
}

/** People, organizations or places by name (keyset on name, id). */
export async function listEntities(ds: DataSource, kind: EntityKind, args: PageArgs & { name?: string | null }): Promise<Connection<NamedEntity>> {
  const page = pageRequest(args, 20, 'text');
  const params: unknown[] = [kind];
  let filtered = `e.kind = $1 AND e.merged_into_id IS NULL`;
  if (args.name) {
    params.push(containing(foldTerm(args.name)));
    filtered += ` AND (${foldedSql('e.name')} LIKE $2 OR ${foldedSql('e.acronym')} LIKE $2
                       OR EXISTS (SELECT 1 FROM unnest(e.aliases) al WHERE ${foldedSql('al')} LIKE $2))`;
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
  const page = pageRequest(args, 20, 'text');
  const params: unknown[] = [];
  let filtered = 'TRUE';
  if (args.name) {
    params.push(containing(foldTerm(args.name)));
    filtered = `(${foldedSql('t.label')} LIKE $1 OR t.slug LIKE $1)`;
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
  args: PageArgs & { from?: string | null; to?: string | null; kind?: string | null; name?: string | null; status?: readonly string[] | null; minConfidence?: number | null },
): Promise<Connection<Event>> {
  const page = pageRequest(args, 20, 'date');
  const params: unknown[] = [args.from ?? null, args.to ?? null, args.kind ? args.kind.toLowerCase() : null];
  let filtered = `($1::date IS NULL OR e.date >= $1) AND ($2::date IS NULL OR e.date <= $2) AND ($3::text IS NULL OR e.kind = $3)`;
  if (args.name) {
    params.push(containing(foldTerm(args.name)));
    filtered += ` AND ${foldedSql('e.title')} LIKE $4`;
  }
  // Review state and confidence (issue 17): rejected events are left out unless asked for.
  filtered += ` AND ${eventPassesSql('e', eventFilter(args), params)}`;
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
