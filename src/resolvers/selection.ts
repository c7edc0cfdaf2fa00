import { getArgumentValues, isObjectType, Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

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

/** The fields named `field` on the nodes of the connection being resolved (`edges { node { field } }`), through fragments too. */
function nodeFieldNodes(info: GraphQLResolveInfo, field: string): FieldNode[] {
  const under = (sets: (SelectionSetNode | undefined)[], name: string): FieldNode[] => {
    const found: FieldNode[] = [];
    const seen = new Set<string>();
    const visit = (set: SelectionSetNode | undefined) => {
      for (const s of set?.selections ?? []) {
        if (s.kind === Kind.FIELD) {
          if (s.name.value === name) found.push(s);
        } else if (s.kind === Kind.INLINE_FRAGMENT) visit(s.selectionSet);
        else if (!seen.has(s.name.value)) {
          seen.add(s.name.value);
          visit(info.fragments[s.name.value]?.selectionSet);
        }
      }
    };
    sets.forEach(visit);
    return found;
  };
  const nodes = under(under(info.fieldNodes.map((n) => n.selectionSet), 'edges').map((n) => n.selectionSet), 'node');
  return under(nodes.map((n) => n.selectionSet), field);
}

/** Whether the connection being resolved selects `field` on its nodes (`edges { node { field } }`), through fragments too. */
export function asksForNodeField(info: GraphQLResolveInfo, field: string): boolean {
  return nodeFieldNodes(info, field).length > 0;
}

/**
 * The arguments of `field` of type `typeName` on the nodes of the connection being resolved,
 * and whether that field asks for `totalCount`: one entry per response key (alias), so a
 * resolver can fetch ahead what its children will ask for. Arguments that fail to coerce
 * are left out (the child's own resolver reports them, at its own path).
 */
export function nodeFieldCalls(info: GraphQLResolveInfo, typeName: string, field: string): { args: Record<string, unknown>; withTotal: boolean }[] {
  const type = info.schema.getType(typeName);
  const definition = isObjectType(type) ? type.getFields()[field] : undefined;
  if (!definition) return [];
  const byResponseKey = new Map<string, FieldNode[]>();
  for (const node of nodeFieldNodes(info, field)) {
    const key = node.alias?.value ?? node.name.value;
    const same = byResponseKey.get(key);
    if (same) same.push(node);
    else byResponseKey.set(key, [node]);
  }
  const calls: { args: Record<string, unknown>; withTotal: boolean }[] = [];
  for (const nodes of byResponseKey.values()) {
    try {
      const args = getArgumentValues(definition, nodes[0], info.variableValues);
      const seen = new Set<string>();
      calls.push({ args, withTotal: nodes.some((n) => selects(n.selectionSet, 'totalCount', info, seen)) });
    } catch {
      /* reported by the field's own resolver */
    }
  }
  return calls;
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
