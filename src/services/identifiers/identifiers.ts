import type { DataSource } from 'typeorm';
import type { EntityKind } from '../../entities';
import { codedError } from '../../schema/errors';
import { userError, type UserError } from '../../schema/user-errors';
import { survivorOf, type EntityResult } from '../curation/entities';
import { purge } from '../purge';
import { checkIdentifier, identifierUrl } from './schemes';

export const MAX_IDENTIFIERS = 50;

/** An identifier as stored and shown. */
export interface EntityIdentifier {
  entityId: number;
  scheme: string;
  value: string;
  url: string | null;
}

export interface IdentifierInput {
  scheme: string;
  value: string;
}

/**
 * Replaces an entity's identifiers with `inputs` (a merged entity's id changes the one it
 * was merged into), in one transaction. userErrors: INVALID (an unknown scheme or a
 * malformed value, naming `identifiers[i]`), NOT_FOUND, DUPLICATE (another entity has it).
 */
export async function setEntityIdentifiers(ds: DataSource, id: number, kind: EntityKind, inputs: readonly IdentifierInput[]): Promise<EntityResult> {
  const errors: UserError[] = [];
  if (inputs.length > MAX_IDENTIFIERS) errors.push(userError('identifiers', 'INVALID', `identifiers: at most ${MAX_IDENTIFIERS}, got ${inputs.length}`));
  const checked = new Map<string, IdentifierInput>();
  inputs.slice(0, MAX_IDENTIFIERS).forEach((input, i) => {
    const check = checkIdentifier(input.scheme, input.value);
    if ('problem' in check) {
      const field = `identifiers[${i}].${check.problem === 'UNKNOWN_SCHEME' ? 'scheme' : 'value'}`;
      errors.push(userError(field, 'INVALID', `${field}: ${check.message}`));
    } else checked.set(`${check.scheme} ${check.value}`, check);
  });
  if (errors.length) return { entity: null, userErrors: errors };
  const rows = [...checked.values()];
  const result = await ds.transaction(async (manager): Promise<EntityResult> => {
    const entity = await survivorOf(manager, id);
    if (!entity || entity.kind !== kind) return { entity: null, userErrors: [userError('id', 'NOT_FOUND', `id: no ${kind} with this id`)] };
    const taken: { scheme: string; value: string; name: string }[] = await manager.query(
      `SELECT i.scheme, i.value, e.name FROM entity_identifier i JOIN entity e ON e.id = i.entity_id
        WHERE (i.scheme, i.value) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND i.entity_id <> $3`,
      [rows.map((r) => r.scheme), rows.map((r) => r.value), entity.id],
    );
    if (taken.length) {
      return {
        entity: null,
        userErrors: taken.map((t) => {
          const i = inputs.findIndex((input) => { const c = checkIdentifier(input.scheme, input.value); return !('problem' in c) && c.scheme === t.scheme && c.value === t.value; });
          return userError(`identifiers[${i}].value`, 'DUPLICATE', `identifiers[${i}].value: ${t.scheme} ${t.value} already identifies ${t.name}`);
        }),
      };
    }
    await manager.query(`DELETE FROM entity_identifier WHERE entity_id = $1`, [entity.id]);
    await manager.query(`INSERT INTO entity_identifier (entity_id, scheme, value) SELECT $1, * FROM unnest($2::text[], $3::text[])`, [
      entity.id, rows.map((r) => r.scheme), rows.map((r) => r.value),
    ]);
    return { entity, userErrors: [] };
  });
  // Its page, and exports naming it, show the old identifiers.
  if (result.entity) await purge({ entities: [result.entity.id] }, 'entity identifiers changed');
  return result;
}

/** The entity id an identifier names, or null; an unknown scheme or a malformed value is BAD_USER_INPUT. */
export async function entityIdByIdentifier(ds: DataSource, scheme: string, value: string): Promise<number | null> {
  const check = checkIdentifier(scheme, value);
  if ('problem' in check) {
    const argument = check.problem === 'UNKNOWN_SCHEME' ? 'scheme' : 'value';
    throw codedError('BAD_USER_INPUT', `${argument}: ${check.message}`, { argument, reason: check.problem });
  }
  const [row] = await ds.query(`SELECT entity_id FROM entity_identifier WHERE scheme = $1 AND value = $2`, [check.scheme, check.value]);
  return row?.entity_id ?? null;
}

/** Identifiers of many entities, each entity's by scheme then value. */
export async function identifiersOf(ds: Pick<DataSource, 'query'>, entityIds: readonly number[]): Promise<EntityIdentifier[]> {
  const rows: { entityId: number; scheme: string; value: string }[] = await ds.query(
    `SELECT entity_id AS "entityId", scheme, value FROM entity_identifier WHERE entity_id = ANY($1) ORDER BY entity_id, scheme, value`,
    [entityIds],
  );
  return rows.map((r) => ({ ...r, url: identifierUrl(r.scheme, r.value) }));
}
