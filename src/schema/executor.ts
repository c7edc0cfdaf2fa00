import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { BREAK, execute, GraphQLError, visit, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/**
 * Query execution compiled per document (graphql-jit), behind Apollo Server.
 *
 * Why: graphql-js walks every field of every object through its generic machinery
 * (argument coercion, abstract-type checks, a promise per object); a front page is about
 * 1,400 fields, and the profile put that walk at a third of the service's CPU. graphql-jit
 * compiles each operation once into a function that does only what the operation asks for.
 *
 * Apollo still parses, validates, runs plugins and formats errors; only execution is
 * swapped, through Apollo's documented executor hook (the gateway interface).
 *
 * Compiling costs milliseconds and a compiled function weighs far more than its document,
 * so an operation is compiled on its second execution (a one-off query never is), and at
 * most MAX_COMPILED operations are kept, least recently used first out: a client sending
 * endless distinct queries cannot grow the process. Apollo's document store hands back the
 * same document object for the same query text, which is what the cache is keyed on.
 *
 * graphql-js still executes:
 * - an operation's first execution,
 * - mutations (rare; their fields must run one after the other, as graphql-js guarantees),
 * - an operation graphql-jit cannot compile, or would answer wrongly (an alias `__proto__`),
 * - a request whose variables are rejected: graphql-js words that error, and Apollo
 *   recognises its wording to answer 400 BAD_USER_INPUT.
 */
export interface CompiledExecution {
  executor: GatewayExecutor;
  /** How many operations were compiled and how many ran on graphql-js instead (tests, diagnostics); `cached`: operations the cache holds now (metrics). */
  stats: { compiled: number; interpreted: number; cached: number };
}

/** Operations kept compiled, at most. */
export const MAX_COMPILED = 500;

/** An operation seen once (null: not compiled yet), compiled, or found uncompilable. */
type Entry = { compiled: CompiledQuery | null; uncompilable: boolean };

export function createCompiledExecution(schema: GraphQLSchema): CompiledExecution {
  // Map order is use order: a hit moves its entry to the end, the first entry is the least recently used.
  const entries = new Map<DocumentNode, Map<string, Entry>>();
  let size = 0;
  const stats = { compiled: 0, interpreted: 0, cached: 0 };

  const compiledFor = (document: DocumentNode, operationName: string | null): CompiledQuery | null => {
    const byOperation = entries.get(document) ?? new Map<string, Entry>();
    entries.delete(document);
    entries.set(document, byOperation);
    const key = operationName ?? '';
    const entry = byOperation.get(key);
    if (!entry) {
      // A document naming more operations than the cache holds: the rest run on graphql-js, untracked.
      if (byOperation.size >= MAX_COMPILED) return null;
      byOperation.set(key, { compiled: null, uncompilable: false });
      size++;
      // The current document is last in use order, so the loop evicts others first.
      for (const [oldest, operations] of entries) {
        if (size <= MAX_COMPILED || oldest === document) break;
        entries.delete(oldest);
        size -= operations.size;
      }
      stats.cached = size;
      return null;
    }
    if (entry.compiled || entry.uncompilable) return entry.compiled;
    if (aliasesProto(document)) {
      entry.uncompilable = true;
      return null;
    }
    const result = compileQuery(schema, document, operationName ?? undefined, { customJSONSerializer: false });
    if (isCompiledQuery(result)) {
      entry.compiled = result;
      stats.compiled++;
    } else entry.uncompilable = true;
    return entry.compiled;
  };

  const interpret = (document: DocumentNode, operationName: string | null, variables: Record<string, unknown> | undefined, context: unknown) => {
    stats.interpreted++;
    return execute({ schema, document, operationName, variableValues: variables, contextValue: context }) as Promise<ExecutionResult>;
  };

  const executor: GatewayExecutor = async (request) => {
    const { document, operationName, operation, context } = request;
    const variables = request.request.variables;
    // Apollo hands over an operation it could not resolve (an operationName naming nothing, two
    // anonymous ones) for execution to report: graphql-js's errors make it answer 400 OPERATION_RESOLUTION_FAILURE.
    if (!operation) return interpret(document, request.request.operationName ?? null, variables, context);
    // graphql-js would run a subscription's fields once, as a query, with no event to resolve.
    if (operation.operation === 'subscription') throw subscriptionOverHttp();
    if (operation.operation !== 'query') return interpret(document, operationName, variables, context);
    const compiled = compiledFor(document, operationName);
    if (!compiled) return interpret(document, operationName, variables, context);
    const result = await compiled.query(undefined, context, variables ?? {});
    // No data at all means the variables were rejected before execution: let graphql-js word it.
    if (result.errors?.length && result.data === undefined) return interpret(document, operationName, variables, context);
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : (result as ExecutionResult);
  };

  return { executor, stats };
}

/**
 * graphql-jit builds each object with `obj["<response name>"] = value`: an alias `__proto__`
 * sets the object's prototype instead of a key, and the field vanishes from the answer.
 * graphql-js builds its objects without a prototype, so such operations run there.
 */
function aliasesProto(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.alias?.value === '__proto__') {
        found = true;
        return BREAK;
      }
    },
  });
  return found;
}

function subscriptionOverHttp(): GraphQLError {
  return new GraphQLError('Subscriptions are served over WebSocket (graphql-ws) at /graphql, not over HTTP.', {
    extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
  });
}

/**
 * graphql-jit's errors are its own GraphQLError look-alikes, without `extensions` when the
 * resolver threw a plain Error; Apollo then fails formatting them and answers without our
 * masking, log line or path. Rebuilt as graphql-js errors, they go the way interpreted ones do.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  if (Object.getPrototypeOf(error) === GraphQLError.prototype) return error;
  const rebuilt = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions ?? undefined,
  });
  Object.defineProperty(rebuilt, 'locations', { value: error.locations, enumerable: Boolean(error.locations?.length), writable: true });
  return rebuilt;
}

/** Apollo's executor hook: a "gateway" serving our own schema with the compiled executor. */
export function compiledGateway(schema: GraphQLSchema, executor: GatewayExecutor): GatewayInterface {
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async load() {
      return { executor };
    },
    async stop() {},
  };
}
