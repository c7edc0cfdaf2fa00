import type { DataSource, EntityManager } from 'typeorm';
import type { NamedEntity } from '../../entities';
import { lockLinkWrites } from '../ingest/link-writes';
import { purge } from '../purge';
import { foldPhrase } from '../linking/fold';
import { survivorOf, type EntityResult } from './entities';

/**
 * References to entities that a merge moves with plain updates. Tables whose rows would
 * collide (one row per article and entity, per event and entity) are merged below.
 */
const SIMPLE_REFERENCES: [table: string, column: string][] = [
  ['mention', 'entity_id'],
  ['affiliation', 'person_id'],
  ['affiliation', 'organization_id'],
  ['event', 'place_id'],
  ['entity', 'country_id'],
  ['entity', 'parent_id'],
  // one entity per (scheme, value): the two cannot share one
  ['entity_identifier', 'entity_id'],
];

/**
 * Moves everything of `fromId` onto `intoId` in one transaction: mentions, the per-article
 * summary rows (counts added up), event participations, affiliations, places of events,
 * countries and parents. `from` keeps its row, marked merged into the survivor, so its
 * global id keeps resolving; its names become the survivor's aliases so future linking
 * finds them.
 */
export async function mergeEntities(ds: DataSource, fromId: number, intoId: number): Promise<EntityResult> {
  const result = await ds.transaction(async (manager): Promise<EntityResult> => {
    // Lock in id order so two merges of the same pair cannot deadlock.
    const [first, second] = fromId < intoId ? [fromId, intoId] : [intoId, fromId];
    const a = await survivorOf(manager, first);
    const b = await survivorOf(manager, second);
    const from = first === fromId ? a : b;
    const into = first === fromId ? b : a;
    if (!from) return notFound('from');
    if (!into) return notFound('into');
    if (from.id === into.id) {
      return { entity: null, userErrors: [{ field: 'from', code: 'INVALID' as const, message: 'from: is the same entity as into (or already merged into it)' }] };
    }
    if (from.kind !== into.kind) {
      return {
        entity: null,
        userErrors: [{ field: 'into', code: 'INVALID' as const, message: `into: a ${from.kind} can only be merged into a ${from.kind}, not a ${into.kind}` }],
      };
    }
    await lockLinkWrites(manager);
    await moveReferences(manager, from.id, into.id);
    into.aliases = mergedAliases(into, from);
    if (!into.acronym && from.acronym) into.acronym = from.acronym;
    await manager.query(`UPDATE entity SET aliases = $2, acronym = $3 WHERE id = $1`, [into.id, into.aliases, into.acronym]);
    // Entities merged into `from` earlier now point at the survivor directly.
    await manager.query(`UPDATE entity SET merged_into_id = $2 WHERE id = $1 OR merged_into_id = $1`, [from.id, into.id]);
    return { entity: into, userErrors: [] };
  });
  // Every answer showing either entity (their pages, the articles that name them) is stale.
  if (result.entity) await purge({ entities: [fromId, intoId], entityLists: true }, 'entities merged');
  return result;
}

function notFound(field: 'from' | 'into'): EntityResult {
  return { entity: null, userErrors: [{ field, code: 'NOT_FOUND', message: `${field}: no person, organization or place with this id` }] };
}

async function moveReferences(manager: EntityManager, from: number, into: number): Promise<void> {
  await manager.query(
    `INSERT INTO article_entity (article_id, entity_id, mentions, first_start, published_at)
     SELECT article_id, $2, mentions, first_start, published_at FROM article_entity WHERE entity_id = $1
     ON CONFLICT (article_id, entity_id) DO UPDATE
       SET mentions = article_entity.mentions + EXCLUDED.mentions,
           first_start = LEAST(article_entity.first_start, EXCLUDED.first_start)`,
    [from, into],
  );
  await manager.query(`DELETE FROM article_entity WHERE entity_id = $1`, [from]);
  // Both took part in the same event: the survivor's participation (and role) stays.
  await manager.query(
    `INSERT INTO event_participant (event_id, entity_id, role, date)
     SELECT event_id, $2, role, date FROM event_participant WHERE entity_id = $1
     ON CONFLICT (event_id, entity_id) DO NOTHING`,
    [from, into],
  );
  await manager.query(`DELETE FROM event_participant WHERE entity_id = $1`, [from]);
  for (const [table, column] of SIMPLE_REFERENCES) {
    await manager.query(`UPDATE ${table} SET ${column} = $2 WHERE ${column} = $1`, [from, into]);
  }
  // Tables added later that point at entities (by a one-column foreign key) follow too; the
  // search's name words (and their pairs) are kept by triggers on entity itself (the merged one's words go).
  const handled = new Set([...SIMPLE_REFERENCES.map(([t, c]) => `${t}.${c}`), 'article_entity.entity_id', 'event_participant.entity_id',
    'entity.merged_into_id', 'background_job.entity_id', 'entity_name_word.entity_id', 'entity_name_pair.entity_id']);
  const others: { table: string; column: string }[] = await manager.query(
    `SELECT c.conrelid::regclass::text AS table, a.attname AS column
       FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      WHERE c.contype = 'f' AND c.confrelid = 'entity'::regclass AND cardinality(c.conkey) = 1`,
  );
  for (const { table, column } of others) {
    if (handled.has(`${table}.${column}`)) continue;
    await manager.query(`UPDATE ${table} SET "${column}" = $2 WHERE "${column}" = $1`, [from, into]);
  }
  // The same affiliation held by both becomes one.
  await manager.query(
    `DELETE FROM affiliation a USING affiliation b
      WHERE a.person_id = b.person_id AND a.organization_id = b.organization_id AND a.role = b.role
        AND a.since IS NOT DISTINCT FROM b.since AND a.until IS NOT DISTINCT FROM b.until AND a.id > b.id
        AND (a.person_id = $1 OR a.organization_id = $1)`,
    [into],
  );
}

/** The survivor's aliases plus every name of the merged entity it does not already answer to. */
function mergedAliases(into: NamedEntity, from: NamedEntity): string[] {
  const known = new Set([into.name, ...(into.acronym ? [into.acronym] : []), ...into.aliases].map(foldPhrase));
  const aliases = [...into.aliases];
  for (const name of [from.name, ...from.aliases, ...(from.acronym && into.acronym ? [from.acronym] : [])]) {
    const key = foldPhrase(name);
    if (!known.has(key)) aliases.push(name);
    known.add(key);
  }
  return aliases;
}
