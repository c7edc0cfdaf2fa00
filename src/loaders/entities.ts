import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { NamedEntity, type EntityKind } from '../entities';
import { selectList } from '../db/sql';
import { inKeyOrder } from './keyed';
import { primable } from './primable';

/**
 * People, organizations and places by id. A merged entity's id resolves to the entity it
 * was merged into, so old global ids keep working.
 */
export function entityById(ds: DataSource) {
  return primable(new DataLoader<number, NamedEntity | null>(async (ids) => {
    const rows: (NamedEntity & { requestedId: number })[] = await ds.query(
      `SELECT r.requested_id AS "requestedId", ${selectList(ds, NamedEntity, 'e')}
         FROM entity r0
         CROSS JOIN LATERAL (SELECT r0.id AS requested_id, COALESCE(r0.merged_into_id, r0.id) AS target_id) r
         JOIN entity e ON e.id = r.target_id
        WHERE r0.id = ANY($1)`,
      [ids],
    );
    return inKeyOrder(ids, rows, (r) => r.requestedId);
  }));
}

export interface EntitySlugKey {
  kind: EntityKind;
  slug: string;
}

export function entityBySlug(ds: DataSource) {
  return new DataLoader<EntitySlugKey, NamedEntity | null, string>(
    async (keys) => {
      const rows: NamedEntity[] = await ds.query(
        `SELECT ${selectList(ds, NamedEntity, 'e')} FROM entity e
          WHERE (e.kind, e.slug) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND e.merged_into_id IS NULL`,
        [keys.map((k) => k.kind), keys.map((k) => k.slug)],
      );
      return inKeyOrder(keys.map((k) => `${k.kind}:${k.slug}`), rows, (r) => `${r.kind}:${r.slug}`);
    },
    { cacheKeyFn: (k) => `${k.kind}:${k.slug}` },
  );
}

export function subOrganizationsByParentId(ds: DataSource) {
  return new DataLoader<number, NamedEntity[]>(async (parentIds) => {
    const rows: NamedEntity[] = await ds.query(
      `SELECT ${selectList(ds, NamedEntity, 'e')} FROM entity e
        WHERE e.parent_id = ANY($1) AND e.kind = 'organization' AND e.merged_into_id IS NULL ORDER BY e.name, e.id`,
      [parentIds],
    );
    const byParent = new Map<number, NamedEntity[]>(parentIds.map((id) => [id, []]));
    for (const row of rows) byParent.get(row.parentId!)!.push(row);
    return parentIds.map((id) => byParent.get(id)!);
  });
}
