import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { EXPOSED_CODES } from '../schema/errors';

/**
 * graphql-js quotes a variable's rejected value in its message ("Variable "$input" got
 * invalid value { … email … }"). The value may carry an email, so it is cut out: the
 * message still names the variable and what was wrong.
 */
export function withoutQuotedValues(message: string): string {
  return message.replace(/got invalid value .*?; /s, 'got an invalid value; ').replace(/got invalid value .*$/s, 'got an invalid value.');
}

/**
 * The second error channel: errors with a known code go out as they are (minus any
 * quoted input); anything else is logged with the request id and masked.
 */
export function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && EXPOSED_CODES.has(code)) {
      const { stacktrace: _ignored, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, message: withoutQuotedValues(formatted.message), extensions };
    }
    const original = unwrapResolverError(error);
    logger.error({ err: original instanceof Error ? { message: original.message, stack: original.stack } : String(original), path: formatted.path }, 'unexpected error');
    return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
