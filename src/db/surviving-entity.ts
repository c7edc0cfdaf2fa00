import type { DataSource } from 'typeorm';
import { NamedEntity } from '../entities';
import { positionalRow } from './sql';

/** No field shows when an entity's row was created or what it was merged into: two columns fewer to read and hydrate. */
export const ENTITY_UNSHOWN: readonly (keyof NamedEntity & string)[] = ['createdAt', 'mergedIntoId'];

/**
 * The entity `idExpr` names, or the one it was merged into (old ids keep resolving, as
 * entityById does), as a subquery giving one positional row or null; `alias` must be free
 * in the enclosing statement (`alias` and `alias0` are used); `omit`: the columns no reader needs.
 */
export function survivingEntitySql(ds: DataSource, alias: string, idExpr: string, omit: readonly (keyof NamedEntity & string)[] = ENTITY_UNSHOWN) {
  const entity = positionalRow(ds, NamedEntity, alias, omit);
  return {
    sql: `(SELECT ${entity.sql} FROM entity ${alias}0 JOIN entity ${alias} ON ${alias}.id = COALESCE(${alias}0.merged_into_id, ${alias}0.id) WHERE ${alias}0.id = ${idExpr})`,
    read: (values: unknown): NamedEntity | null => (values ? entity.hydrate(values as unknown[]) : null),
  };
}
