import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { articleMentionsColumn, type MentionWithEntity } from '../db/article-parts';
import { perIdSql } from '../db/sql';
import { inKeyOrder } from './keyed';
import { primable } from './primable';

/**
 * An article's mentions in body order, each with its entity (the survivor, for merged
 * entities) fetched in the same statement: rendering links costs one query, not two.
 */
export function mentionsByArticleId(ds: DataSource) {
  const mentions = articleMentionsColumn(ds, 'k.id');
  return primable(new DataLoader<number, MentionWithEntity[]>(async (articleIds) => {
    const rows: { _key: number; _mentions: unknown[][] }[] = await ds.query(perIdSql(mentions.sql), [articleIds]);
    return inKeyOrder(articleIds, rows, (r) => r._key).map((r) => mentions.read(r!._mentions));
  }));
}
