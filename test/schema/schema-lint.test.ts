import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  getNamedType,
  isSpecifiedScalarType,
  isIntrospectionType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { loadTypeDefs } from '../../src/schema/load';

/**
 * The schema documents itself in GraphiQL's documentation pane: the checks of
 * graphql-schema-linter that matter for that (every type, field, argument, enum value and
 * input field described) and the naming and Relay conventions the schema follows, so a
 * change that breaks one is named here rather than found by a reader.
 */
const schema = buildSchema(loadTypeDefs());

/** The schema's own named types: not graphql-js's scalars nor the introspection types. */
function ownTypes(s: GraphQLSchema): GraphQLNamedType[] {
  return Object.values(s.getTypeMap()).filter((t) => !isSpecifiedScalarType(t) && !isIntrospectionType(t));
}

const described = (d: string | null | undefined) => typeof d === 'string' && d.trim().length > 0;

/** Every schema coordinate (`Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`) with its description. */
function coordinates(s: GraphQLSchema): { coordinate: string; description: string | null | undefined }[] {
  const out: { coordinate: string; description: string | null | undefined }[] = [];
  for (const type of ownTypes(s)) {
    out.push({ coordinate: type.name, description: type.description });
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        out.push({ coordinate: `${type.name}.${field.name}`, description: field.description });
        for (const arg of field.args) out.push({ coordinate: `${type.name}.${field.name}(${arg.name}:)`, description: arg.description });
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) out.push({ coordinate: `${type.name}.${field.name}`, description: field.description });
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) out.push({ coordinate: `${type.name}.${value.name}`, description: value.description });
    }
  }
  return out;
}

describe('schema.graphql documents itself', () => {
  it('describes every type, field, argument, enum value and input field', () => {
    const missing = coordinates(schema).filter((c) => !described(c.description)).map((c) => c.coordinate);
    expect(missing).toEqual([]);
  });

  it('starts every description with a capital letter, a digit or code (descriptions-are-capitalized)', () => {
    const lower = coordinates(schema)
      .filter((c) => described(c.description) && /^[a-z]/.test(c.description!.trim()))
      .map((c) => c.coordinate);
    expect(lower).toEqual([]);
  });

  it('has a description of the schema itself', () => {
    expect(described(schema.description)).toBe(true);
  });
});

describe('schema.graphql follows the linter conventions it was written to', () => {
  it('capitalizes type names, camel-cases fields, arguments and input fields, and spells enum values in capitals', () => {
    const bad: string[] = [];
    for (const type of ownTypes(schema)) {
      if (!/^[A-Z][A-Za-z0-9]*$/.test(type.name)) bad.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!/^[a-z][A-Za-z0-9]*$/.test(field.name)) bad.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) if (!/^[a-z][A-Za-z0-9]*$/.test(arg.name)) bad.push(`${type.name}.${field.name}(${arg.name}:)`);
        }
      }
      if (isEnumType(type)) for (const value of type.getValues()) if (!/^[A-Z][A-Z0-9_]*$/.test(value.name)) bad.push(`${type.name}.${value.name}`);
    }
    expect(bad).toEqual([]);
  });

  it('uses every type it defines (defined-types-are-used)', () => {
    const used = new Set<string>(['Query', 'Mutation', 'Subscription']);
    for (const type of ownTypes(schema)) {
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const i of type.getInterfaces()) used.add(i.name);
        for (const field of Object.values(type.getFields())) {
          used.add(getNamedType(field.type).name);
          for (const arg of field.args) used.add(getNamedType(arg.type).name);
        }
      } else if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) used.add(getNamedType(field.type).name);
      } else if (isUnionType(type)) {
        for (const member of type.getTypes()) used.add(member.name);
      }
    }
    expect(ownTypes(schema).map((t) => t.name).filter((name) => !used.has(name))).toEqual([]);
  });

  it('gives every deprecation a reason (deprecations-have-a-reason)', () => {
    const bare: string[] = [];
    for (const type of ownTypes(schema)) {
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) if (field.deprecationReason === '') bare.push(`${type.name}.${field.name}`);
      }
      if (isEnumType(type)) for (const value of type.getValues()) if (value.deprecationReason === '') bare.push(`${type.name}.${value.name}`);
    }
    expect(bare).toEqual([]);
  });

  it('shapes connections as Relay does (relay-connection-types-spec, relay-connection-arguments-spec, relay-page-info-spec)', () => {
    const bad: string[] = [];
    const pageInfo = schema.getType('PageInfo');
    const pageInfoFields = isObjectType(pageInfo) ? pageInfo.getFields() : {};
    for (const [name, type] of [['hasNextPage', 'Boolean!'], ['hasPreviousPage', 'Boolean!'], ['startCursor', 'String'], ['endCursor', 'String']]) {
      if (String(pageInfoFields[name]?.type) !== type) bad.push(`PageInfo.${name} should be ${type}`);
    }
    for (const type of ownTypes(schema)) {
      if (!isObjectType(type)) continue;
      if (type.name.endsWith('Connection')) {
        const fields = type.getFields();
        if (String(fields.pageInfo?.type) !== 'PageInfo!') bad.push(`${type.name}.pageInfo should be PageInfo!`);
        const edge = fields.edges && getNamedType(fields.edges.type);
        if (!edge || !/^\[.+!\]!$/.test(String(fields.edges.type)) || !isObjectType(edge)) bad.push(`${type.name}.edges should be a non-null list of edges`);
        else {
          if (String(edge.getFields().cursor?.type) !== 'String!') bad.push(`${edge.name}.cursor should be String!`);
          if (!edge.getFields().node) bad.push(`${edge.name} should have a node`);
        }
      }
      for (const field of Object.values(type.getFields())) {
        if (!getNamedType(field.type).name.endsWith('Connection')) continue;
        const args = new Set(field.args.map((a) => a.name));
        if (!(args.has('first') && args.has('after')) && !(args.has('last') && args.has('before'))) bad.push(`${type.name}.${field.name} should take first/after or last/before`);
      }
    }
    expect(bad).toEqual([]);
  });
});
