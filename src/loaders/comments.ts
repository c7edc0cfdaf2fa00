import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { Comment } from '../entities';
import { inKeyOrder } from './keyed';

/** Any comment by id, whatever its state (callers decide what a reader may see). */
export function commentById(ds: DataSource) {
  return new DataLoader<number, Comment | null>(async (ids) =>
    inKeyOrder(ids, await ds.getRepository(Comment).findBy({ id: In([...ids]) }), (c) => c.id),
  );
}
