import { GraphQLError } from 'graphql';

/**
 * Expected failures carry an `extensions.code` clients can switch on; their messages name
 * the contract and the bad value. Everything else is masked by the server's formatError.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'RATE_LIMITED'
  // The request's limits (README, Configuration; docs/operations.md): retrying later or asking for less may succeed.
  | 'DEADLINE_EXCEEDED' | 'SERVICE_UNAVAILABLE' | 'RESPONSE_TOO_LARGE';

export function userInputError(argument: string, message: string): GraphQLError {
  return new GraphQLError(`${argument}: ${message}`, { extensions: { code: 'BAD_USER_INPUT', argument } });
}

export function codedError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

/** Codes whose messages are safe to show as they are. */
export const EXPOSED_CODES = new Set<string>([
  'BAD_USER_INPUT', 'NOT_FOUND', 'UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED',
  'DEADLINE_EXCEEDED', 'SERVICE_UNAVAILABLE', 'RESPONSE_TOO_LARGE', 'INTROSPECTION_DISABLED',
  // An operation over the cost limits, refused before it runs (schema/cost.ts).
  'QUERY_TOO_COMPLEX',
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'METHOD_NOT_ALLOWED', 'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED',
]);
