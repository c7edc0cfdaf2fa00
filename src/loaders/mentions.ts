import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { Mention, NamedEntity } from '../entities';
import { selectList } from '../db/sql';
import { groupsInKeyOrder } from './keyed';

export type MentionWithEntity = Mention & { entity: NamedEntity };

/**
 * An article's mentions in body order, each with its entity (the survivor, for merged
 * entities) fetched in the same statement: rendering links costs one query, not two.
 */
export function mentionsByArticleId(ds: DataSource) {
  const entityColumns = ds.getMetadata(NamedEntity).columns.map((c) => `'${c.propertyName}', e."${c.databaseName}"`).join(', ');
  return new DataLoader<number, MentionWithEntity[]>(async (articleIds) => {
    const rows: MentionWithEntity[] = await ds.query(
      `SELECT ${selectList(ds, Mention, 'm')}, json_build_object(${entityColumns}) AS entity
         FROM mention m
         JOIN entity m0 ON m0.id = m.entity_id
         JOIN entity e ON e.id = COALESCE(m0.merged_into_id, m0.id)
        WHERE m.article_id = ANY($1)
        ORDER BY m.article_id, m.start`,
      [articleIds],
    );
    for (const row of rows) row.entity.createdAt = new Date(row.entity.createdAt);
    return groupsInKeyOrder(articleIds, rows, (r) => r.articleId);
  });
}
