import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

function selects(set: SelectionSetNode | undefined, field: string, info: GraphQLResolveInfo, seen: Set<string>): boolean {
  if (!set) return false;
  return set.selections.some((s) => {
    if (s.kind === Kind.FIELD) return s.name.value === field;
    if (s.kind === Kind.INLINE_FRAGMENT) return selects(s.selectionSet, field, info, seen);
    if (seen.has(s.name.value)) return false;
    seen.add(s.name.value);
    return selects(info.fragments[s.name.value]?.selectionSet, field, info, seen);
  });
}

/**
 * Whether the connection being resolved has `totalCount` in its selection (directly or
 * through fragments). Paged loaders count only then: a count per parent is the costly
 * part of a nested page. A field under @skip/@include counts as selected.
 */
export function asksForTotal(info: GraphQLResolveInfo): boolean {
  const seen = new Set<string>();
  return info.fieldNodes.some((node) => selects(node.selectionSet, 'totalCount', info, seen));
}
