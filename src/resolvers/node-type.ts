import type { NodeType } from '../schema/global-id';

const ENTITY_TYPE = { person: 'Person', organization: 'Organization', place: 'Place' } as const;

/**
 * The GraphQL type of a row from any loader. Rows from raw SQL are plain objects, so the
 * type is read from the columns only each entity has.
 */
export function nodeTypeOf(row: object): NodeType {
  const r = row as Record<string, unknown>;
  if (typeof r.kind === 'string' && r.kind in ENTITY_TYPE && 'aliases' in r) return ENTITY_TYPE[r.kind as keyof typeof ENTITY_TYPE];
  // Only articles have a publication date (listings may leave out body and contentHash).
  if ('publishedAt' in r) return 'Article';
  if ('authorName' in r) return 'Comment';
  if ('datePrecision' in r) return 'Event';
  if ('label' in r) return 'Topic';
  if ('name' in r && 'url' in r) return 'Source';
  throw new Error(`nodeTypeOf: no GraphQL type for a row with keys ${Object.keys(r).join(',')}`);
}
