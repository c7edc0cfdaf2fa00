import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { EXPOSED_CODES } from '../schema/errors';

/** Reasons graphql-js gives that quote names and types only, never the value. */
const NAME = '[_A-Za-z][_0-9A-Za-z]*';
const VALUE_FREE_REASONS = [
  new RegExp(`^Field "${NAME}" of required type "[^"@]+" was not provided\\.$`),
  new RegExp(`^Field "${NAME}" is not defined by type "${NAME}"\\.( Did you mean "${NAME}"( or "${NAME}")*\\?)?$`),
  new RegExp(`^Expected type "${NAME}" to be an object\\.$`),
  new RegExp(`^Expected non-nullable type "[^"@]+" not to be null\\.$`),
];

/**
 * graphql-js quotes a variable's rejected value in its message ("Variable "$input" got
 * invalid value { … email … } at "input.body"; String cannot represent … { … }"), and its
 * reason may quote the value again. The value may carry an email, so only the variable,
 * the path and a reason known to quote no value are kept.
 */
export function withoutQuotedValues(message: string): string {
  const variable = new RegExp(`^(Variable "\\$${NAME}") got invalid value `).exec(message);
  if (!variable) return message;
  const path = new RegExp(` at "(${NAME}(?:\\.${NAME}|\\[\\d+\\])*)"; [^;]*$`).exec(message)?.[1];
  const reason = message.slice(message.lastIndexOf('; ') + 2);
  const safeReason = VALUE_FREE_REASONS.some((r) => r.test(reason)) ? ` ${reason}` : '';
  return `${variable[1]} got an invalid value${path ? ` at "${path}"` : ''}.${safeReason}`;
}

/**
 * A last guard for the promise that no error carries an email: anything shaped like an
 * address (a client's own query text quoted back by a parse or validation error, an
 * unexpected error's message) is replaced before it is sent or logged.
 */
const EMAIL_SHAPED = /[^\s"'`<>()[\]{}:;,@\\]+@[^\s"'`<>()[\]{}:;,@\\]+\.[^\s"'`<>()[\]{}:;,@\\]+/g;

export function withoutEmails(message: string): string {
  return message.replace(EMAIL_SHAPED, '[email]');
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
      return { ...formatted, message: withoutEmails(withoutQuotedValues(formatted.message)), extensions };
    }
    const original = unwrapResolverError(error);
    logger.error({ err: original instanceof Error ? { message: withoutEmails(original.message), stack: original.stack && withoutEmails(original.stack) } : withoutEmails(String(original)), path: formatted.path }, 'unexpected error');
    return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
