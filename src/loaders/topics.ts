import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { Source, Topic } from '../entities';
import { inKeyOrder } from './keyed';
import { primable } from './primable';

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

export function sourceById(ds: DataSource) {
  return primable(new DataLoader<number, Source | null>(async (ids) =>
    inKeyOrder(ids, await ds.getRepository(Source).findBy({ id: In([...ids]) }), (s) => s.id),
  ));
}
