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

/** Whether the connection being resolved selects `field` on its nodes (`edges { node { field } }`), through fragments too. */
export function asksForNodeField(info: GraphQLResolveInfo, field: string): boolean {
  const seen = new Set<string>();
  const under = (sets: (SelectionSetNode | undefined)[], name: string): SelectionSetNode[] => {
    const found: SelectionSetNode[] = [];
    const visit = (set: SelectionSetNode | undefined) => {
      for (const s of set?.selections ?? []) {
        if (s.kind === Kind.FIELD) {
          if (s.name.value === name && s.selectionSet) found.push(s.selectionSet);
        } else if (s.kind === Kind.INLINE_FRAGMENT) visit(s.selectionSet);
        else visit(info.fragments[s.name.value]?.selectionSet);
      }
    };
    sets.forEach(visit);
    return found;
  };
  const nodes = under(under(info.fieldNodes.map((n) => n.selectionSet), 'edges'), 'node');
  return nodes.some((set) => selects(set, field, info, seen));
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
