import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { Source, Topic } from '../entities';
import { selectList } from '../db/sql';
import { groupsInKeyOrder, inKeyOrder } from './keyed';

export function topicBySlug(ds: DataSource) {
  return new DataLoader<string, Topic | null>(async (slugs) =>
    inKeyOrder(slugs, await ds.getRepository(Topic).findBy({ slug: In([...slugs]) }), (t) => t.slug),
  );
}

export function topicById(ds: DataSource) {
  return new DataLoader<number, Topic | null>(async (ids) =>
    inKeyOrder(ids, await ds.getRepository(Topic).findBy({ id: In([...ids]) }), (t) => t.id),
  );
}

export function topicsByArticleId(ds: DataSource) {
  return new DataLoader<number, Topic[]>(async (articleIds) => {
    const rows: (Topic & { articleId: number })[] = await ds.query(
      `SELECT at.article_id AS "articleId", ${selectList(ds, Topic, 't')}
         FROM article_topic at JOIN topic t ON t.id = at.topic_id
        WHERE at.article_id = ANY($1) ORDER BY t.label`,
      [articleIds],
    );
    return groupsInKeyOrder(articleIds, rows, (r) => r.articleId);
  });
}

export function sourceById(ds: DataSource) {
  return new DataLoader<number, Source | null>(async (ids) =>
    inKeyOrder(ids, await ds.getRepository(Source).findBy({ id: In([...ids]) }), (s) => s.id),
  );
}
