import type { DataSource, EntityManager } from 'typeorm';
import { Gazetteer, type GazetteerEntry } from './gazetteer';

type Queryable = Pick<DataSource | EntityManager, 'query'>;

interface Cached {
  version: string;
  gazetteer: Promise<Gazetteer>;
}

const cache = new WeakMap<object, Cached>();

/** Every entity that is not merged into another, with all the names it is known by. */
export async function loadGazetteerEntries(db: Queryable): Promise<GazetteerEntry[]> {
  const rows: { id: number; kind: GazetteerEntry['kind']; name: string; acronym: string | null; aliases: string[] }[] = await db.query(
    `SELECT id, kind, name, acronym, aliases FROM entity WHERE merged_into_id IS NULL ORDER BY id`,
  );
  return rows.map((r) => ({
    entityId: r.id,
    kind: r.kind,
    names: [r.name, ...(r.acronym ? [r.acronym] : []), ...r.aliases],
    acronyms: r.acronym ? [r.acronym] : [],
  }));
}

/**
 * The gazetteer of the database's current entities. Building one for 10,000 entities
 * takes a moment, so each process keeps it and rebuilds only when the version that the
 * entity table's trigger bumps has moved (a name, alias or merge changed anywhere).
 */
export async function currentGazetteer(ds: DataSource): Promise<Gazetteer> {
  const [{ version }]: { version: string }[] = await ds.query(`SELECT version::text FROM gazetteer_version`);
  const cached = cache.get(ds);
  if (cached && cached.version === version) return cached.gazetteer;
  // Entities are read after the version: a change in between only makes the next call rebuild.
  const gazetteer = loadGazetteerEntries(ds).then((entries) => new Gazetteer(entries));
  cache.set(ds, { version, gazetteer });
  gazetteer.catch(() => cache.delete(ds));
  return gazetteer;
}
