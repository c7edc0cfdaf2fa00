import { getArgumentValues, isObjectType, Kind, type FieldNode, type GraphQLField, type GraphQLResolveInfo, type ValueNode } from 'graphql';
import { partsOn, planKeyOf, type Part, type PartLoader, type Planned, type Selected } from '../loaders/parts';
import { thenNow, type Now } from '../loaders/primable';
import type { RequestContext } from '../context';
import { childFields, fieldNames, type Fragments } from './selection';

/**
 * The one planner of what a page's statement reads along (the parts, loaders/parts), and the
 * one resolver of every field a part serves. Both make a part's plan the same way, so what
 * the page read is what the field's loader is asked for.
 *
 * What a selection asks for is known once per operation: the walk of the selection is kept
 * with the parsed document (keyed by its field nodes), and so is a part's plan when its
 * arguments name no variable; a request then plans only the parts whose arguments it sets.
 */

/** Values kept per field nodes (a WeakMap on the first node, the whole list compared: a fragment's node may be merged differently elsewhere). */
class ByNodes<V> {
  readonly #map = new WeakMap<FieldNode, { nodes: readonly FieldNode[]; value: V }[]>();
  get(nodes: readonly FieldNode[], make: () => V): V {
    if (!nodes.length) return make();
    let entries = this.#map.get(nodes[0]);
    if (!entries) this.#map.set(nodes[0], (entries = []));
    for (const e of entries) if (e.nodes === nodes || (e.nodes.length === nodes.length && e.nodes.every((n, i) => n === nodes[i]))) return e.value;
    const value = make();
    entries.push({ nodes: [...nodes], value });
    return value;
  }
}

/** The fields under which a part's rows' own fields are selected. */
function rowFields(fragments: Fragments, nodes: readonly FieldNode[], at: Part['at'] = 'self'): FieldNode[] {
  if (at === 'self') return [...nodes];
  const edges = childFields(fragments, nodes, 'edges');
  return at === 'edge' ? edges : childFields(fragments, edges, 'node');
}

/** What `nodes` select for `part`, each answer worked out once (the selection does not change). */
function selectedUnder(fragments: Fragments, nodes: readonly FieldNode[], part: Part): Selected {
  let rows: FieldNode[] | undefined;
  const rowsOf = () => (rows ??= rowFields(fragments, nodes, part.at));
  const asked = new Map<string, boolean>();
  const names = new Map<string, ReadonlySet<string>>();
  return {
    withTotal: childFields(fragments, nodes, 'totalCount').length > 0,
    asks: (field) => {
      let found = asked.get(field);
      if (found === undefined) asked.set(field, (found = childFields(fragments, rowsOf(), field).length > 0));
      return found;
    },
    fields: (under = '') => {
      let found = names.get(under);
      if (!found) names.set(under, (found = fieldNames(fragments, under ? childFields(fragments, rowsOf(), under) : rowsOf())));
      return found;
    },
  };
}

const namesVariable = (value: ValueNode): boolean =>
  value.kind === Kind.VARIABLE ||
  (value.kind === Kind.LIST && value.values.some(namesVariable)) ||
  (value.kind === Kind.OBJECT && value.fields.some((f) => namesVariable(f.value)));

type Made = { plan: unknown; key: string } | { error: unknown };

/**
 * A part's plan for one field call: kept for the operation when its arguments name no
 * variable (a plan is pure: Part.plan), else for the request at hand (a list's rows share it).
 * A bad argument's error is made anew each time (the executor places it at its path).
 */
class FieldPlan {
  readonly selected: Selected;
  readonly #fixed: boolean;
  #kept: { plan: unknown; key: string } | null = null;
  #last: { variables: unknown; made: Made } | null = null;
  constructor(readonly part: Part, readonly definition: GraphQLField<unknown, unknown>, readonly nodes: readonly FieldNode[], fragments: Fragments) {
    this.selected = selectedUnder(fragments, nodes, part);
    this.#fixed = !(nodes[0].arguments ?? []).some((a) => namesVariable(a.value));
  }
  /** The plan for the request's variables (`args`: the field's arguments, already coerced, when at hand). */
  of(variables: Record<string, unknown>, args?: Record<string, unknown>): Made {
    if (this.#kept) return this.#kept;
    if (this.#last?.variables === variables) return this.#last.made;
    let made: Made;
    try {
      const plan = this.part.plan(args ?? getArgumentValues(this.definition, this.nodes[0], variables), this.selected);
      made = { plan, key: planKeyOf(this.part, plan) };
      if (this.#fixed) this.#kept = made;
    } catch (error) {
      made = { error };
    }
    this.#last = { variables, made };
    return made;
  }
}

/** A part selected under some field nodes: its calls (one per response key) and the parts selected on its rows. */
interface PartTemplate {
  part: Part;
  calls: FieldPlan[];
  children: PartTemplate[];
}

function fieldOf(info: GraphQLResolveInfo, type: string, field: string) {
  const t = info.schema.getType(type);
  return isObjectType(t) ? t.getFields()[field] : undefined;
}

/** The parts of `type` selected under `nodes`, with the parts of their rows: the walk of the selection, once per operation. */
function templates(info: GraphQLResolveInfo, type: string, nodes: readonly FieldNode[]): PartTemplate[] {
  const found: PartTemplate[] = [];
  for (const part of partsOn(type)) {
    const calls: FieldPlan[] = [];
    for (const field of part.fields) {
      const definition = fieldOf(info, type, field);
      if (!definition) continue;
      const byResponseKey = new Map<string, FieldNode[]>();
      for (const node of childFields(info.fragments, nodes, field)) {
        const key = node.alias?.value ?? node.name.value;
        const same = byResponseKey.get(key);
        if (same) same.push(node);
        else byResponseKey.set(key, [node]);
      }
      for (const same of byResponseKey.values()) calls.push(new FieldPlan(part, definition, same, info.fragments));
    }
    if (!calls.length) continue;
    const rows = calls.flatMap((c) => rowFields(info.fragments, c.nodes, part.at));
    found.push({ part, calls, children: part.rowType ? templates(info, part.rowType, rows) : [] });
  }
  return found;
}

/**
 * The plans of the request at hand. A part is left to its loader when its aliases ask for
 * different reads, or when an argument is bad (its resolver reports it at its own path).
 */
function plansOf(info: GraphQLResolveInfo, parts: readonly PartTemplate[]): Planned[] {
  const planned: Planned[] = [];
  for (const { part, calls, children } of parts) {
    let one: { plan: unknown; key: string } | null = null;
    let usable = true;
    for (const call of calls) {
      const made = call.of(info.variableValues);
      if ('error' in made || (one && one.key !== made.key)) {
        usable = false;
        break;
      }
      one = made;
    }
    if (!usable || !one) continue;
    planned.push({ part, plan: one.plan, key: one.key, children: children.length ? plansOf(info, children) : [] });
  }
  return planned;
}

const roots = new ByNodes<Map<string, PartTemplate[]>>();

/**
 * The parts of `type` selected under `nodes` (fields of that type: aliases, fragments and
 * variables included), each with the parts of its rows. `at: 'node'`: on the nodes of the
 * connections `nodes` (`edges { node { … } }`).
 */
export function planAlong(info: GraphQLResolveInfo, type: string, nodes: readonly FieldNode[], at: 'self' | 'node' = 'self'): Planned[] {
  const make = () => templates(info, type, at === 'node' ? rowFields(info.fragments, nodes, 'node') : nodes);
  // The field being resolved: its walk is kept with the operation.
  const parts = nodes !== info.fieldNodes ? make() : ((ofRoot) => {
    const key = `${type}|${at}`;
    let found = ofRoot.get(key);
    if (!found) ofRoot.set(key, (found = make()));
    return found;
  })(roots.get(nodes, () => new Map()));
  return plansOf(info, parts);
}

/** The parts of the nodes of the connection being resolved (`edges { node { … } }`). */
export const planAlongNodes = (info: GraphQLResolveInfo, type: string) => planAlong(info, type, info.fieldNodes, 'node');

/** Each field's plan per part, kept with the operation (FieldPlan). */
const fieldPlans = new ByNodes<Map<Part, FieldPlan>>();

function planOfField(part: Part, info: GraphQLResolveInfo, args: Record<string, unknown>): { plan: unknown; key: string } {
  const ofNodes = fieldPlans.get(info.fieldNodes, () => new Map());
  let field = ofNodes.get(part);
  if (!field) {
    const definition = info.parentType.getFields()[info.fieldName];
    ofNodes.set(part, (field = new FieldPlan(part, definition, info.fieldNodes, info.fragments)));
  }
  const made = field.of(info.variableValues, args);
  if ('error' in made) throw made.error;
  return made;
}

const present = <V>(values: V[]) => values.filter((v) => v != null);

/** The values read along for every id, nulls left out; null when one was not read. */
function readAll<V>(loader: PartLoader<unknown, V>, planKey: string, ids: readonly number[]): V[] | null {
  const found: V[] = [];
  for (const id of ids) {
    const v = loader.peek(planKey, id);
    if (v === undefined) return null;
    if (v != null) found.push(v);
  }
  return found;
}

/**
 * The resolver of a field a part serves: the part's plan from the field's arguments, then its
 * loader, which answers at once what a page's statement read along (`now`).
 */
export function alongField<P, V>(part: Part<P, V>, field: string = part.fields[0]) {
  return (parent: any, args: Record<string, unknown>, ctx: RequestContext, info: GraphQLResolveInfo): any => {
    const key = part.key.of(part.onEdge ? parent.node : parent);
    if (key == null) return part.none ?? null;
    const planned = planOfField(part, info, args);
    const plan = planned.plan as P;
    const loader = ctx.loaders.part(part);
    let value: Now<unknown>;
    // What a page read along is answered without a key object per field (a page's lists resolve thousands).
    if (typeof key === 'number') {
      const read = loader.peek(planned.key, key);
      value = read !== undefined ? read : loader.now({ id: key, plan }, planned.key);
    } else {
      const read = readAll(loader, planned.key, key as readonly number[]);
      if (read) value = read;
      else {
        const each = (key as readonly number[]).map((id) => loader.now({ id, plan }, planned.key));
        value = each.some((v) => v instanceof Promise) ? Promise.all(each).then(present) : present(each as V[]);
      }
    }
    return part.pick ? thenNow(value as Now<V>, (v) => part.pick!(v, field)) : value;
  };
}
