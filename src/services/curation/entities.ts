import type { DataSource, EntityManager } from 'typeorm';
import { NamedEntity, type EntityKind, type PlaceKind } from '../../entities';
import type { UserError } from '../../schema/user-errors';
import { foldPhrase } from '../linking/fold';
import { slugify } from '../slug';
import { purge } from '../purge';

/** Fields an editor sets on a person, organization or place; absent fields stay as they are. */
export interface EntityFields {
  name?: string | null;
  slug?: string | null;
  aliases?: string[] | null;
  title?: string | null;
  acronym?: string | null;
  placeKind?: PlaceKind | null;
  code?: string | null;
}

export interface EntityResult {
  entity: NamedEntity | null;
  userErrors: UserError[];
}

const MAX_NAME = 200;
const MAX_ALIASES = 100;
/** Which kind may carry which kind-specific field. */
const FIELD_KINDS: Record<'title' | 'acronym' | 'placeKind' | 'code', EntityKind> = {
  title: 'person', acronym: 'organization', placeKind: 'place', code: 'place',
};

const A_KIND: Record<EntityKind, string> = { person: 'a person', organization: 'an organization', place: 'a place' };

const invalid = (field: string, message: string): UserError => ({ field, message: `${field}: ${message}`, code: 'INVALID' });
const quote = (v: string) => JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v);
const clean = (v: string) => v.replace(/\s+/g, ' ').trim();

/** The checked values to write, or what is wrong with them. */
function validate(kind: EntityKind, fields: EntityFields, creating: boolean): { values: Partial<NamedEntity> } | { userErrors: UserError[] } {
  const errors: UserError[] = [];
  const values: Partial<NamedEntity> = {};
  if (fields.name != null || creating) {
    const name = clean(fields.name ?? '');
    if (name === '' || name.length > MAX_NAME || !/[\p{L}\p{N}]/u.test(name)) {
      errors.push(invalid('name', `expected 1 to ${MAX_NAME} characters including a letter or digit, got ${quote(fields.name ?? '')}`));
    } else values.name = name;
  }
  if (fields.slug != null) {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(fields.slug) || fields.slug.length > 100) {
      errors.push(invalid('slug', `expected lower-case letters and digits joined by single hyphens, got ${quote(fields.slug)}`));
    } else values.slug = fields.slug;
  }
  if (fields.aliases != null) {
    if (fields.aliases.length > MAX_ALIASES) errors.push(invalid('aliases', `at most ${MAX_ALIASES}, got ${fields.aliases.length}`));
    const aliases: string[] = [];
    const seen = new Set<string>();
    for (const raw of fields.aliases) {
      const alias = clean(raw);
      if (alias === '' || alias.length > MAX_NAME || !/[\p{L}\p{N}]/u.test(alias)) {
        errors.push(invalid('aliases', `each alias has 1 to ${MAX_NAME} characters including a letter or digit, got ${quote(raw)}`));
        continue;
      }
      // Aliases that fold to the same key ("Sûreté", "SURETE") are one for matching: keep the first.
      const key = foldPhrase(alias);
      if (!seen.has(key)) aliases.push(alias);
      seen.add(key);
    }
    values.aliases = aliases;
  }
  for (const field of ['title', 'acronym', 'code'] as const) {
    const raw = fields[field];
    if (raw == null) continue;
    if (kind !== FIELD_KINDS[field]) {
      errors.push(invalid(field, `only ${A_KIND[FIELD_KINDS[field]]} has a ${field}, not ${A_KIND[kind]}`));
      continue;
    }
    const value = clean(raw);
    if (field === 'code' && !/^[A-Z]{2}$/.test(value)) errors.push(invalid('code', `expected an ISO 3166-1 alpha-2 code such as "MA", got ${quote(raw)}`));
    else if (field === 'acronym' && !/^[\p{L}\p{N}&.-]{2,20}$/u.test(value)) errors.push(invalid('acronym', `expected 2 to 20 letters or digits, got ${quote(raw)}`));
    else if (value === '' || value.length > MAX_NAME) errors.push(invalid(field, `expected 1 to ${MAX_NAME} characters, got ${quote(raw)}`));
    else values[field] = value;
  }
  if (fields.placeKind != null) {
    if (kind !== 'place') errors.push(invalid('placeKind', `only a place has a placeKind, not ${A_KIND[kind]}`));
    else values.placeKind = fields.placeKind;
  } else if (creating && kind === 'place') values.placeKind = 'other';
  return errors.length ? { userErrors: errors } : { values };
}

/** Creates a person, organization or place; its slug comes from its name unless given. */
export async function createEntity(ds: DataSource, kind: EntityKind, fields: EntityFields): Promise<EntityResult> {
  const result = await ds.transaction((manager) => createEntityIn(manager, kind, fields));
  // The lists of its kind gain it.
  if (result.entity) await purge({ entities: [result.entity.id], entityLists: true }, 'entity created');
  return result;
}

/** createEntity's writes in the caller's transaction; the caller purges after commit. */
export async function createEntityIn(manager: EntityManager, kind: EntityKind, fields: EntityFields): Promise<EntityResult> {
  const checked = validate(kind, fields, true);
  if ('userErrors' in checked) return { entity: null, userErrors: checked.userErrors };
  const values = checked.values;
  let slug = values.slug ?? slugify(values.name!);
  const taken = await slugTaken(manager, kind, slug);
  if (taken && values.slug) {
    return { entity: null, userErrors: [{ field: 'slug', code: 'DUPLICATE' as const, message: `slug: a ${kind} with the slug "${slug}" already exists` }] };
  }
  if (taken) slug = await nextFreeSlug(manager, kind, slug);
  const entity = await manager.save(manager.create(NamedEntity, { aliases: [], ...values, kind, slug }));
  return { entity, userErrors: [] };
}

/** Updates an entity (a merged one's id updates its survivor). */
export async function updateEntity(ds: DataSource, id: number, expectedKind: EntityKind, fields: EntityFields): Promise<EntityResult> {
  const result = await ds.transaction((manager) => updateEntityIn(manager, id, expectedKind, fields));
  // Its page and every answer naming it (articles, other pages) show the old fields.
  if (result.entity) await purge({ entities: [result.entity.id] }, 'entity updated');
  return result;
}

/** updateEntity's writes in the caller's transaction; the caller purges after commit. */
export async function updateEntityIn(manager: EntityManager, id: number, expectedKind: EntityKind, fields: EntityFields): Promise<EntityResult> {
  const entity = await survivorOf(manager, id);
  if (!entity || entity.kind !== expectedKind) {
    return { entity: null, userErrors: [{ field: 'id', code: 'NOT_FOUND' as const, message: `id: no ${expectedKind} with this id` }] };
  }
  const checked = validate(entity.kind, fields, false);
  if ('userErrors' in checked) return { entity: null, userErrors: checked.userErrors };
  Object.assign(entity, checked.values);
  return { entity: await manager.save(entity), userErrors: [] };
}

/** The entity, or the one it was merged into; locked for the rest of the transaction. */
export async function survivorOf(manager: EntityManager, id: number): Promise<NamedEntity | null> {
  const [row]: { id: number }[] = await manager.query(
    `SELECT COALESCE(merged_into_id, id) AS id FROM entity WHERE id = $1`,
    [id],
  );
  if (!row) return null;
  return manager.getRepository(NamedEntity).findOne({ where: { id: row.id }, lock: { mode: 'pessimistic_write' } });
}

async function slugTaken(manager: EntityManager, kind: EntityKind, slug: string): Promise<boolean> {
  const rows = await manager.query(`SELECT 1 FROM entity WHERE kind = $1 AND slug = $2`, [kind, slug]);
  return rows.length > 0;
}

async function nextFreeSlug(manager: EntityManager, kind: EntityKind, base: string): Promise<string> {
  const rows: { slug: string }[] = await manager.query(`SELECT slug FROM entity WHERE kind = $1 AND slug LIKE $2`, [kind, `${base}-%`]);
  const used = new Set(rows.map((r) => r.slug));
  let n = 2;
  while (used.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}
