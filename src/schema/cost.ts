import {
  GraphQLError,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  Lexer,
  SchemaMetaFieldDef,
  Source,
  TokenKind,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  visit,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { getArgumentValues } from 'graphql/execution/values';

/**
 * What an operation asks of the service, measured on the parsed and validated document
 * before anything runs (docs/operations.md, "Query cost"):
 * - `depth`: fields nested in one another (`{ article { title } }` is 2);
 * - `fields` and `aliases`: field selections, with each fragment counted at every spread;
 * - `nodes`: the most objects the response can hold, every list counted at its page size
 *   (`first`/`last`, else the field's default) and multiplied by the lists around it, as
 *   GitHub counts its 500,000-node budget. A bound, not a guess at the data: an empty
 *   database and a full one cost the same.
 */
export interface OperationCost {
  nodes: number;
  depth: number;
  fields: number;
  aliases: number;
}

export type CostMeasure = keyof OperationCost;
export type CostLimits = Record<CostMeasure, number>;

/** The page each paged field reads when neither `first` nor `last` is given (its resolver's default). */
export const DEFAULT_PAGE_SIZES: Readonly<Record<string, number>> = {
  'Query.articles': 20,
  'Query.candidates': 20,
  'Query.people': 20,
  'Query.organizations': 20,
  'Query.places': 20,
  'Query.events': 20,
  'Query.topics': 20,
  'Query.search': 10,
  'Query.moderationQueue': 20,
  'Query.moderationLog': 20,
  'Query.eventReviewQueue': 20,
  'Query.eventAuditLog': 20,
  'Query.trendingEntities': 20,
  'AlertWebhook.deliveries': 20,
  'Article.comments': 10,
  'Article.related': 5,
  'Comment.replies': 5,
  'Topic.articles': 10,
  'Person.met': 20,
  'Person.events': 10,
  'Person.articles': 10,
  'Organization.members': 20,
  'Organization.partners': 20,
  'Organization.events': 10,
  'Organization.articles': 10,
  'Place.events': 10,
  'Place.articles': 10,
};

/** A paged field missing above counts as the largest page any connection allows. */
const UNKNOWN_PAGE_SIZE = 100;

/** Arguments that size a page. */
const PAGE_ARGUMENTS = ['first', 'last', 'limit'] as const;

/** Lists whose size is known without a page argument: the service's caps, or one item per id asked for. */
const KNOWN_LIST_SIZES: Readonly<Record<string, number | ((args: Record<string, unknown>) => number)>> = {
  'Query.nodes': (args) => (Array.isArray(args.ids) ? args.ids.length : UNKNOWN_PAGE_SIZE),
  'Network.nodes': 500,
  'Network.edges': 2000,
  'Path.steps': 6,
};

/**
 * Any other list (an article's people, an event's sources, introspection's types) counts as
 * this many items: an estimate of a typical list, so nesting such lists still multiplies.
 */
export const DEFAULT_LIST_SIZE = 10;

/** Totals of one selection set for one parent object; `depth` is relative to it. */
interface Totals {
  nodes: number;
  depth: number;
  fields: number;
  aliases: number;
}

const NOTHING: Totals = { nodes: 0, depth: 0, fields: 0, aliases: 0 };

export interface MeasureInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** As the client sent them; coerced here (rejected ones are left to execution, which refuses them). */
  variables?: Readonly<Record<string, unknown>> | null;
}

/**
 * Measures one operation of a validated document. Work is linear in the document's size:
 * each named fragment is measured once per page size it is spread under and its totals
 * reused at every further spread, so fragments that spread each other twice over 20 levels
 * cost the analysis 20 walks, not a million, while counting the million fields they expand to.
 */
export function measureOperation({ schema, document, operation, variables }: MeasureInput): OperationCost {
  // Only the variables a cost can read are coerced: another one's bad value (execution refuses it) changes nothing here.
  const read = costVariables(document);
  const definitions = (operation.variableDefinitions ?? []).filter((d) => read.has(d.variable.name.value));
  const coerced = getVariableValues(schema, definitions, variables ?? {}, { maxErrors: 1 });
  const variableValues = 'coerced' in coerced ? coerced.coerced : {};
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const memo = new Map<string, Totals>();

  const included = (node: { readonly directives?: readonly DirectiveNode[] }): boolean => {
    if (!node.directives?.length) return true;
    try {
      const skip = getDirectiveValues(GraphQLSkipDirective, node, variableValues);
      const include = getDirectiveValues(GraphQLIncludeDirective, node, variableValues);
      return skip?.if !== true && include?.if !== false;
    } catch {
      return true; // a bad directive argument fails execution; counting the selection is the safe side
    }
  };

  const argumentsOf = (def: GraphQLField<unknown, unknown>, node: FieldNode): Record<string, unknown> => {
    try {
      return getArgumentValues(def, node, variableValues);
    } catch {
      return {}; // refused at execution, before its resolver runs
    }
  };

  /** The page a field reads, or undefined for a field that takes no page argument. */
  const pageOf = (coordinate: string, def: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number | undefined => {
    if (!def.args.some((a) => (PAGE_ARGUMENTS as readonly string[]).includes(a.name))) return undefined;
    const given = PAGE_ARGUMENTS.map((name) => args[name]).filter((v): v is number => typeof v === 'number');
    if (given.length) return Math.max(0, ...given);
    return DEFAULT_PAGE_SIZES[coordinate] ?? UNKNOWN_PAGE_SIZE;
  };

  const walk = (selectionSet: SelectionSetNode, parentType: GraphQLCompositeType, connectionPage: number | undefined): Totals => {
    const totals = { ...NOTHING };
    const add = (sub: Totals, depthOffset: number) => {
      totals.nodes += sub.nodes;
      totals.fields += sub.fields;
      totals.aliases += sub.aliases;
      totals.depth = Math.max(totals.depth, sub.depth + depthOffset);
    };
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        if (!included(selection)) continue;
        add(spread(selection.name.value, connectionPage), 0);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (!included(selection)) continue;
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parentType;
        if (condition && isCompositeType(condition)) add(walk(selection.selectionSet, condition, connectionPage), 0);
      } else {
        if (!included(selection)) continue;
        totals.fields += 1;
        if (selection.alias) totals.aliases += 1;
        totals.depth = Math.max(totals.depth, 1);
        const def = fieldDef(schema, parentType, selection.name.value);
        const named = def && getNamedType(def.type);
        if (!def || !selection.selectionSet || !isCompositeType(named)) continue;
        const coordinate = `${parentType.name}.${def.name}`;
        const args = def.args.length ? argumentsOf(def, selection) : {};
        const page = pageOf(coordinate, def, args);
        const items = listSize(def.type, coordinate, args, page ?? (def.name === 'edges' || def.name === 'nodes' ? connectionPage : undefined));
        // A paged field that is not itself a list is a connection: its `edges` read the page.
        const sub = walk(selection.selectionSet, named, isListType(getNullableType(def.type)) ? undefined : page);
        // An empty page holds nothing, however much is below it (0 × Infinity would be NaN, under every limit).
        add({ ...sub, nodes: items === 0 ? 0 : items * (1 + sub.nodes) }, 1);
      }
    }
    return totals;
  };

  const spread = (name: string, connectionPage: number | undefined): Totals => {
    const key = `${name}|${connectionPage ?? ''}`;
    const known = memo.get(key);
    if (known) return known;
    const fragment = fragments.get(name);
    const type = fragment && schema.getType(fragment.typeCondition.name.value);
    if (!fragment || !type || !isCompositeType(type)) return NOTHING;
    memo.set(key, NOTHING); // a cycle (refused by validation) counts once, not forever
    const totals = walk(fragment.selectionSet, type, connectionPage);
    memo.set(key, totals);
    return totals;
  };

  const root = schema.getRootType(operation.operation);
  const totals = root ? walk(operation.selectionSet, root, undefined) : NOTHING;
  // Past 2^53 the numbers stop being exact (and far past it, Infinity serializes as null).
  const bounded = (n: number) => (Number.isNaN(n) ? Number.MAX_SAFE_INTEGER : Math.min(n, Number.MAX_SAFE_INTEGER));
  return { nodes: bounded(totals.nodes), depth: totals.depth, fields: bounded(totals.fields), aliases: bounded(totals.aliases) };
}

/** Arguments whose value a cost reads: a page's size, and a list of ids (Query.nodes). */
const SIZING_ARGUMENTS: ReadonlySet<string> = new Set([...PAGE_ARGUMENTS, 'ids']);

const costVariablesOf = new WeakMap<DocumentNode, ReadonlySet<string>>();

/**
 * The variables an operation's cost can depend on: those in a sizing argument or in a
 * directive (@skip, @include), anywhere in the document. Two requests of one document whose
 * values of these are equal cost the same, whatever their other variables (a slug, a date).
 */
export function costVariables(document: DocumentNode): ReadonlySet<string> {
  let names = costVariablesOf.get(document);
  if (!names) {
    const found = new Set<string>();
    let inside = 0; // sizing arguments and directives entered and not yet left
    visit(document, {
      Argument: {
        enter: (node) => void (SIZING_ARGUMENTS.has(node.name.value) && inside++),
        leave: (node) => void (SIZING_ARGUMENTS.has(node.name.value) && inside--),
      },
      Directive: { enter: () => void inside++, leave: () => void inside-- },
      Variable: (node) => void (inside > 0 && found.add(node.name.value)),
    });
    costVariablesOf.set(document, (names = found));
  }
  return names;
}

function fieldDef(schema: GraphQLSchema, parentType: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  if (parentType === schema.getQueryType()) {
    if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  }
  return isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields()[name] : undefined;
}

/** How many objects one resolution of a field yields: 1, or a list's size (lists of lists multiply). */
function listSize(type: GraphQLOutputType, coordinate: string, args: Record<string, unknown>, page: number | undefined): number {
  let size = 1;
  let outer = true;
  for (let t = getNullableType(type); isListType(t); t = getNullableType(t.ofType)) {
    const known = KNOWN_LIST_SIZES[coordinate];
    const items = outer && page !== undefined ? page : outer && known !== undefined ? (typeof known === 'function' ? known(args) : known) : DEFAULT_LIST_SIZE;
    size *= items;
    outer = false;
  }
  return size;
}

/**
 * Refuses a document of more than `limit` tokens before it is parsed: parsing and validating
 * cost time in proportion to the document (a 50 KB one, half a second), before any other
 * measure can be taken. Lexing stops one token past the limit, so the answer costs at most
 * that much whatever the document's size.
 */
export function tooManyTokens(source: string, limit: number): GraphQLError | null {
  const lexer = new Lexer(new Source(source));
  let tokens = 0;
  try {
    while (tokens <= limit && lexer.advance().kind !== TokenKind.EOF) tokens += 1;
  } catch {
    return null; // not lexable: the parser answers with its syntax error
  }
  if (tokens <= limit) return null;
  return new GraphQLError(`The document has more than ${limit} tokens: send a smaller one.`, {
    extensions: { code: 'QUERY_TOO_COMPLEX', measure: 'tokens', value: tokens, limit },
  });
}

/**
 * Refuses variables of more than `limit` values (QUERY_MAX_VARIABLE_VALUES, every scalar,
 * list and object counted, declared or not) before they are coerced; counting stops past the
 * limit. graphql-js coerces variables value by value, twice here (the analysis, then
 * execution), at some microseconds each: 100,000 ids in 600 KB held a worker for over a
 * second before any limit could count them. The longest list an argument takes is 100 ids.
 */
export function tooManyVariableValues(variables: unknown, limit: number): GraphQLError | null {
  let values = 0;
  // A stack, not recursion: variables nested 10,000 deep must not overflow ours.
  const stack: unknown[] = [variables];
  while (stack.length) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object') continue;
    const children = Array.isArray(value) ? value : Object.values(value);
    values += children.length;
    if (values > limit) {
      return new GraphQLError(`The variables hold more than ${limit} values: send fewer.`, {
        extensions: { code: 'QUERY_TOO_COMPLEX', measure: 'variables', value: values, limit },
      });
    }
    for (const child of children) stack.push(child);
  }
  return null;
}

/** The first limit the cost is over, checking the cheap structural ones first. */
export function exceededLimit(cost: OperationCost, limits: CostLimits): { measure: CostMeasure; value: number; limit: number } | null {
  for (const measure of ['depth', 'aliases', 'fields', 'nodes'] as const) {
    if (cost[measure] > limits[measure]) return { measure, value: cost[measure], limit: limits[measure] };
  }
  return null;
}

const WHAT: Record<CostMeasure, (value: number) => string> = {
  depth: (v) => `nests fields ${v} deep`,
  aliases: (v) => `uses ${v} aliases`,
  fields: (v) => `selects ${v} fields (fragments counted at every spread)`,
  nodes: (v) => `may return ${v} objects (each list counted at its page size, nested lists multiplied)`,
};

/**
 * The refusal: `QUERY_TOO_COMPLEX` with the measure over its limit, the measured value, the
 * limit and the whole cost; null when the operation is within every limit.
 */
export function queryTooComplex(cost: OperationCost, limits: CostLimits): GraphQLError | null {
  const over = exceededLimit(cost, limits);
  if (!over) return null;
  return new GraphQLError(
    `The operation ${WHAT[over.measure](over.value)}, over the limit of ${over.limit}: ask for less (smaller pages, fewer nested lists or fields).`,
    { extensions: { code: 'QUERY_TOO_COMPLEX', measure: over.measure, value: over.value, limit: over.limit, cost: { ...cost, limits } } },
  );
}
