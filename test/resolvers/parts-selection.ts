import {
  buildSchema, getNamedType, isInterfaceType, isLeafType, isNonNullType, isObjectType,
  type GraphQLField, type GraphQLInterfaceType, type GraphQLNamedType, type GraphQLObjectType,
} from 'graphql';
import { loadTypeDefs } from '../../src/schema/load';
import { partsOn, type Part } from '../../src/loaders/parts';

/**
 * Selections generated from the part declarations (src/loaders/parts) and the schema: every
 * part of a type, with every leaf field of its rows and the parts of those rows in turn, so
 * a new part is in the parity tests without writing its selection.
 */
const schema = buildSchema(loadTypeDefs());

const callable = (f: GraphQLField<unknown, unknown>) => !f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined);

function leaves(type: GraphQLObjectType | GraphQLInterfaceType): string[] {
  return Object.values(type.getFields()).filter((f) => isLeafType(getNamedType(f.type)) && callable(f)).map((f) => f.name);
}

function leafSelection(type: GraphQLNamedType): string {
  if (isObjectType(type)) return leaves(type).join(' ');
  return `__typename ${isInterfaceType(type) ? leaves(type).join(' ') : ''}`;
}

function partSelection(type: GraphQLObjectType, part: Part, field: string, used: Set<Part>, path: Part[]): string {
  const definition = type.getFields()[field];
  const args = definition.args.some((a) => a.name === 'first') ? '(first: 3)' : '';
  const target = getNamedType(definition.type) as GraphQLObjectType;
  const rows = part.rowType ? selectionOf(part.rowType, used, path) : null;
  if (part.at === 'node' || part.at === 'edge') {
    const edge = getNamedType(target.getFields().edges.type) as GraphQLObjectType;
    const node = getNamedType(edge.getFields().node.type);
    const onEdge = part.at === 'edge' && rows ? rows : leaves(edge).join(' ');
    const onNode = part.at === 'node' && rows ? rows : leafSelection(node);
    return `${field}${args} { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor ${onEdge} node { ${onNode} } } }`;
  }
  return `${field}${args} { ${rows ?? leafSelection(target)} }`;
}

/** Every leaf of `typeName` and every part of it (not one already on `path`); `used` collects the parts selected. */
export function selectionOf(typeName: string, used: Set<Part>, path: Part[] = []): string {
  const type = schema.getType(typeName) as GraphQLObjectType;
  const parts = partsOn(typeName).filter((p) => !path.includes(p));
  const served = new Set(partsOn(typeName).flatMap((p) => p.fields));
  const fields = leaves(type);
  // An entity carried inline (a mention's): what its interface shows.
  for (const f of Object.values(type.getFields())) {
    const named = getNamedType(f.type);
    if (isInterfaceType(named) && !served.has(f.name) && callable(f)) fields.push(`${f.name} { ${leafSelection(named)} }`);
  }
  for (const part of parts) {
    used.add(part);
    for (const field of part.fields) fields.push(partSelection(type, part, field, used, [...path, part]));
  }
  return fields.join(' ');
}
