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

/** The fields named `name` selected under `parents` (through fragments too). */
export function childFields(info: GraphQLResolveInfo, parents: readonly FieldNode[], name: string): FieldNode[] {
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
  for (const parent of parents) visit(parent.selectionSet);
  return found;
}

/** The names of the fields selected under `parents` (through fragments too, whatever their type condition). */
export function fieldNames(info: GraphQLResolveInfo, parents: readonly FieldNode[]): Set<string> {
  const names = new Set<string>();
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode | undefined) => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) names.add(s.name.value);
      else if (s.kind === Kind.INLINE_FRAGMENT) visit(s.selectionSet);
      else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        visit(info.fragments[s.name.value]?.selectionSet);
      }
    }
  };
  for (const parent of parents) visit(parent.selectionSet);
  return names;
}

/** The fields named `field` on the nodes of the connections `connections` (`edges { node { field } }`). */
export function connectionNodeFields(info: GraphQLResolveInfo, connections: readonly FieldNode[], field: string): FieldNode[] {
  return childFields(info, childFields(info, childFields(info, connections, 'edges'), 'node'), field);
}

/** Whether the connection being resolved selects `field` on its nodes (`edges { node { field } }`), through fragments too. */
export function asksForNodeField(info: GraphQLResolveInfo, field: string): boolean {
  return connectionNodeFields(info, info.fieldNodes, field).length > 0;
}

export interface FieldCall {
  args: Record<string, unknown>;
  /** Whether this call's selection asks for `totalCount` (for connections). */
  withTotal: boolean;
  /** The field's nodes under this response key (to look further down). */
  nodes: FieldNode[];
}

/**
 * The calls of `field` of type `typeName` among `fields` (nodes named `field`): one entry per
 * response key (alias), with its coerced arguments and whether it asks for `totalCount`, so a
 * resolver can fetch ahead what its children will ask for. Arguments that fail to coerce
 * are left out (the child's own resolver reports them, at its own path).
 */
export function fieldCalls(info: GraphQLResolveInfo, typeName: string, field: string, fields: readonly FieldNode[]): FieldCall[] {
  const type = info.schema.getType(typeName);
  const definition = isObjectType(type) ? type.getFields()[field] : undefined;
  if (!definition) return [];
  const byResponseKey = new Map<string, FieldNode[]>();
  for (const node of fields) {
    const key = node.alias?.value ?? node.name.value;
    const same = byResponseKey.get(key);
    if (same) same.push(node);
    else byResponseKey.set(key, [node]);
  }
  const calls: FieldCall[] = [];
  for (const nodes of byResponseKey.values()) {
    try {
      const args = getArgumentValues(definition, nodes[0], info.variableValues);
      const seen = new Set<string>();
      calls.push({ args, withTotal: nodes.some((n) => selects(n.selectionSet, 'totalCount', info, seen)), nodes });
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
