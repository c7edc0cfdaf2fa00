import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** A document's fragments (what the selection helpers need of a request's info). */
export type Fragments = GraphQLResolveInfo['fragments'];

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

/** The fields named `name` selected under `parents` (through fragments too). */
export function childFields(fragments: Fragments, parents: readonly FieldNode[], name: string): FieldNode[] {
  const found: FieldNode[] = [];
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode | undefined) => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value === name) found.push(s);
      } else if (s.kind === Kind.INLINE_FRAGMENT) visit(s.selectionSet);
      else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        visit(fragments[s.name.value]?.selectionSet);
      }
    }
  };
  for (const parent of parents) visit(parent.selectionSet);
  return found;
}

/** The names of the fields selected under `parents` (through fragments too, whatever their type condition). */
export function fieldNames(fragments: Fragments, parents: readonly FieldNode[]): Set<string> {
  const names = new Set<string>();
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode | undefined) => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) names.add(s.name.value);
      else if (s.kind === Kind.INLINE_FRAGMENT) visit(s.selectionSet);
      else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        visit(fragments[s.name.value]?.selectionSet);
      }
    }
  };
  for (const parent of parents) visit(parent.selectionSet);
  return names;
}

/** The fields named `field` on the nodes of the connections `connections` (`edges { node { field } }`). */
export function connectionNodeFields(info: GraphQLResolveInfo, connections: readonly FieldNode[], field: string): FieldNode[] {
  return childFields(info.fragments, childFields(info.fragments, childFields(info.fragments, connections, 'edges'), 'node'), field);
}

/** Whether the connection being resolved selects `field` on its nodes (`edges { node { field } }`), through fragments too. */
export function asksForNodeField(info: GraphQLResolveInfo, field: string): boolean {
  return connectionNodeFields(info, info.fieldNodes, field).length > 0;
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
