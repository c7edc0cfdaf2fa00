import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import { partsOn, planKeyOf, type Part, type Planned, type Selected } from '../loaders/parts';
import { thenNow, type Now } from '../loaders/primable';
import type { RequestContext } from '../context';
import { childFields, fieldCalls, fieldNames } from './selection';

/**
 * The one planner of what a page's statement reads along (the parts, loaders/parts), and the
 * one resolver of every field a part serves. Both make a part's plan the same way, so what
 * the page read is what the field's loader is asked for.
 */

/** The fields under which a part's rows' own fields are selected. */
function rowFields(info: GraphQLResolveInfo, nodes: readonly FieldNode[], at: Part['at'] = 'self'): FieldNode[] {
  if (at === 'self') return [...nodes];
  const edges = childFields(info, nodes, 'edges');
  return at === 'edge' ? edges : childFields(info, edges, 'node');
}

function selectedUnder(info: GraphQLResolveInfo, nodes: readonly FieldNode[], part: Part): Selected {
  return {
    withTotal: childFields(info, nodes, 'totalCount').length > 0,
    asks: (field) => childFields(info, rowFields(info, nodes, part.at), field).length > 0,
    fields: (under) => {
      const rows = rowFields(info, nodes, part.at);
      return fieldNames(info, under ? childFields(info, rows, under) : rows);
    },
  };
}

/**
 * The parts of `type` selected under `nodes` (fields of that type: aliases, fragments and
 * variables included), each with the parts of its rows. A part is left to its loader when
 * its aliases ask for different reads, or when an argument is bad (its resolver reports it
 * at its own path).
 */
export function planAlong(info: GraphQLResolveInfo, type: string, nodes: readonly FieldNode[]): Planned[] {
  const planned: Planned[] = [];
  for (const part of partsOn(type)) {
    const calls = part.fields.flatMap((field) => fieldCalls(info, type, field, childFields(info, nodes, field)));
    if (!calls.length) continue;
    const plans = new Map<string, unknown>();
    try {
      for (const call of calls) {
        const plan = part.plan(call.args, selectedUnder(info, call.nodes, part));
        plans.set(planKeyOf(part, plan), plan);
      }
    } catch {
      continue;
    }
    if (plans.size !== 1) continue;
    const children = part.rowType ? planAlong(info, part.rowType, calls.flatMap((c) => rowFields(info, c.nodes, part.at))) : [];
    planned.push({ part, plan: [...plans.values()][0], children });
  }
  return planned;
}

/** The parts of the nodes of the connection being resolved (`edges { node { … } }`). */
export const planAlongNodes = (info: GraphQLResolveInfo, type: string) => planAlong(info, type, rowFields(info, info.fieldNodes, 'node'));

/** Plans per field of the operation, for the variables of the request at hand: a list's rows share them. */
const plans = new WeakMap<readonly FieldNode[], { variables: unknown; byPart: Map<Part, { plan: unknown; key: string } | { error: unknown }> }>();

function planOfField(part: Part, info: GraphQLResolveInfo, args: Record<string, unknown>): { plan: unknown; key: string } {
  let known = plans.get(info.fieldNodes);
  if (!known || known.variables !== info.variableValues) plans.set(info.fieldNodes, (known = { variables: info.variableValues, byPart: new Map() }));
  let made = known.byPart.get(part);
  if (!made) {
    try {
      const plan = part.plan(args, selectedUnder(info, info.fieldNodes, part));
      made = { plan, key: planKeyOf(part, plan) };
    } catch (error) {
      made = { error };
    }
    known.byPart.set(part, made);
  }
  if ('error' in made) throw made.error;
  return made;
}

const present = <V>(values: V[]) => values.filter((v) => v != null);

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
    if (typeof key === 'number') value = loader.now({ id: key, plan }, planned.key);
    else {
      const each = (key as readonly number[]).map((id) => loader.now({ id, plan }, planned.key));
      value = each.some((v) => v instanceof Promise) ? Promise.all(each).then(present) : present(each as V[]);
    }
    return part.pick ? thenNow(value as Now<V>, (v) => part.pick!(v, field)) : value;
  };
}
