import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, getOperationAST, parse, validate, type DocumentNode, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import type { PoolClaim } from '../db/pool-share';
import { costVariables, measureOperation, queryTooComplex, tooManyTokens, tooManyVariableValues, type CostLimits, type OperationCost } from '../schema/cost';

/** A request sending this header with `1` gets its operation's cost in `extensions.cost`. */
export const COST_HEADER = 'x-graphql-cost';

/** The cost limits, the document's token limit and the variables' values limit (Config['queryLimits']). */
export type QueryLimits = CostLimits & { tokens: number; variables: number };

/** Apollo answers an error thrown from a plugin with the status in its `extensions.http`, which it leaves out of the answer. */
function withStatus(refusal: GraphQLError): GraphQLError {
  return new GraphQLError(refusal.message, { extensions: { ...refusal.extensions, http: { status: 400 } } });
}

const KEPT_SOURCE_CHARS = 1_000_000;
/** Costs kept per parsed document, by operation name and variable values. */
const KEPT_COSTS_PER_DOCUMENT = 64;

/**
 * Cost analysis over HTTP (src/schema/cost.ts): once Apollo has parsed and validated the
 * operation, and before any resolver or SQL runs, an operation over a limit is refused; so
 * is a document over the token limit, which Apollo's parser (given the same limit as
 * `parseOptions.maxTokens`) stops reading at the limit, and variables of more than
 * `variables` values, before they are coerced. All are answered QUERY_TOO_COMPLEX
 * with HTTP 400: refused as sent, retrying cannot succeed. An operation that may return
 * `expensiveNodes` objects or more draws on the expensive share of the pool (src/db/pool-share.ts).
 */
export function queryCostPlugin({ tokens, variables: maxVariables, ...limits }: QueryLimits, expensiveNodes = Infinity): ApolloServerPlugin<BaseContext & { poolClaim?: PoolClaim }> {
  // Documents already found within the token limit: clients repeat the same few, and lexing one is
  // most of a who-met-whom's cost check. Bounded by their characters: starts over when full.
  const withinLimit = new Set<string>();
  let keptChars = 0;
  const oversized = (source: string): GraphQLError | null => {
    if (withinLimit.has(source)) return null;
    const refusal = tooManyTokens(source, tokens);
    if (!refusal) {
      if (keptChars + source.length > KEPT_SOURCE_CHARS) {
        withinLimit.clear();
        keptChars = 0;
      }
      withinLimit.add(source);
      keptChars += source.length;
    }
    return refusal;
  };
  // Costs by parsed document (Apollo hands back the same object for the same text), operation
  // name and the values of the variables a cost reads (costVariables): who met whom asked for
  // any person costs what it did for the first.
  const costsOf = new WeakMap<DocumentNode, Map<string, OperationCost>>();
  const measured = (input: Parameters<typeof measureOperation>[0]): OperationCost => {
    let costs = costsOf.get(input.document);
    if (!costs) costsOf.set(input.document, (costs = new Map()));
    let key = input.operation.name?.value ?? '';
    for (const name of costVariables(input.document)) key += `\u0000${JSON.stringify(input.variables?.[name]) ?? '-'}`; // absent is not null: a default applies
    let cost = costs.get(key);
    if (!cost) {
      if (costs.size >= KEPT_COSTS_PER_DOCUMENT) costs.clear();
      costs.set(key, (cost = measureOperation(input)));
    }
    return cost;
  };
  return {
    async requestDidStart() {
      let oversize: GraphQLError | null = null;
      let cost: OperationCost | null = null;
      return {
        async didResolveSource({ source }) {
          // An error thrown here would be answered 500: the refusal is sent by willSendResponse.
          oversize = oversized(source);
        },
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (oversize) throw withStatus(oversize); // parsed all the same: a parser without the limit
          if (!operation) return; // Apollo answers "no operation" itself
          const variables = tooManyVariableValues(request.variables, maxVariables);
          if (variables) throw withStatus(variables);
          cost = measured({ schema, document, operation, variables: request.variables });
          const refusal = queryTooComplex(cost, limits);
          if (refusal) throw withStatus(refusal);
          if (contextValue.poolClaim && cost.nodes >= expensiveNodes) contextValue.poolClaim.lane = 'expensive';
        },
        async willSendResponse({ request, response }) {
          if (response.body.kind !== 'single') return;
          if (oversize) {
            // The parser's "more than N tokens" syntax error, said as every other cost refusal is.
            response.body.singleResult = { errors: [oversize.toJSON()] };
            response.http.status = 400;
            return;
          }
          if (!cost || request.http?.headers.get(COST_HEADER) !== '1') return;
          const { singleResult } = response.body;
          singleResult.extensions = { ...singleResult.extensions, cost: { ...cost, limits } };
        },
      };
    },
  };
}

/**
 * graphql-ws's onSubscribe, doing what graphql-ws does by default (parse, validate) and the
 * same cost analysis as HTTP: a selection over the limits is refused before it subscribes,
 * since it would run again for every event.
 */
export function costCheckedSubscribe(schema: GraphQLSchema, { tokens, variables: maxVariables, ...limits }: QueryLimits) {
  return (
    _ctx: unknown,
    _id: string,
    payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
  ): ExecutionArgs | readonly GraphQLError[] => {
    const oversize = tooManyTokens(payload.query, tokens);
    if (oversize) return [oversize];
    const document = parse(payload.query, { maxTokens: tokens });
    const errors = validate(schema, document);
    if (errors.length) return errors;
    const operation = getOperationAST(document, payload.operationName);
    const variables = tooManyVariableValues(payload.variables, maxVariables);
    if (variables) return [variables];
    const refusal = operation && queryTooComplex(measureOperation({ schema, document, operation, variables: payload.variables }), limits);
    if (refusal) return [refusal];
    return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
  };
}
