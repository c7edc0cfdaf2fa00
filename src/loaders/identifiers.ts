import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { identifiersOf, type EntityIdentifier } from '../services/identifiers/identifiers';
import { groupsInKeyOrder } from './keyed';

/** An entity's external identifiers (Person/Organization/Place.identifiers), by entity id. */
export function identifiersByEntityId(ds: DataSource) {
  return new DataLoader<number, EntityIdentifier[]>(async (ids) => groupsInKeyOrder(ids, await identifiersOf(ds, ids), (r) => r.entityId));
}
