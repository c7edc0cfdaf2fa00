import { Article, Comment, Event, NamedEntity, Source, Topic } from '../entities';
import { ENTITY_TYPE_OF_KIND, type NodeType } from '../schema/global-id';

/** The table a loaded row came from, by its TypeORM class. */
const TYPE_OF_CLASS = new Map<unknown, NodeType>([[Article, 'Article'], [Event, 'Event'], [Topic, 'Topic'], [Source, 'Source'], [Comment, 'Comment']]);

/**
 * The GraphQL type of a row where the schema allows several (Node, Entity, SearchResult,
 * Evidence): rows of those positions come from the loaders by id, as their entity's class,
 * and people, organizations and places (one table) carry their kind. A row that is neither
 * is refused, not guessed from its columns.
 */
export function nodeTypeOf(row: object): NodeType {
  const type = TYPE_OF_CLASS.get(row.constructor);
  if (type) return type;
  const { kind } = row as Partial<NamedEntity>;
  if (kind && Object.hasOwn(ENTITY_TYPE_OF_KIND, kind)) return ENTITY_TYPE_OF_KIND[kind];
  throw new Error(`nodeTypeOf: a row of no known source (${row.constructor?.name ?? 'no class'}, keys ${Object.keys(row).join(',')})`);
}
