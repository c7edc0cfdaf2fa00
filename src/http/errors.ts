import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { databaseFailure, type DatabaseFailure } from '../db/failures';
import { EXPOSED_CODES, type ErrorCode } from '../schema/errors';

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

/** What a database failure is answered with: the client may retry; nothing about our servers is said. */
const FAILURE_ANSWERS: Record<DatabaseFailure, { code: ErrorCode; message: string }> = {
  saturated: { code: 'SERVICE_UNAVAILABLE', message: 'The service is busy: retry shortly.' },
  unavailable: { code: 'SERVICE_UNAVAILABLE', message: 'The database is unavailable: retry shortly.' },
  'statement-timeout': { code: 'DEADLINE_EXCEEDED', message: 'A statement ran past its time limit: ask for less, or retry later.' },
};

function exposedCode(formatted: GraphQLFormattedError): string | null {
  const code = formatted.extensions?.code;
  return typeof code === 'string' && EXPOSED_CODES.has(code) ? code : null;
}

/**
 * The second error channel, its answer: errors with a known code go out as they are (minus
 * any quoted input), database failures as SERVICE_UNAVAILABLE or DEADLINE_EXCEEDED, anything
 * else masked (logged by `logErrors`, where the request id is known).
 */
export function maskError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (exposedCode(formatted)) {
    const { stacktrace: _ignored, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, message: withoutEmails(withoutQuotedValues(formatted.message)), extensions };
  }
  const failure = databaseFailure(unwrapResolverError(error));
  const answer = failure ? FAILURE_ANSWERS[failure] : { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' };
  return { message: answer.message, path: formatted.path, locations: formatted.locations, extensions: { code: answer.code } };
}

/**
 * The second error channel, its log: each error no code explains, with its path, on the
 * request's logger (which carries the request id); database failures as warnings.
 */
export function logErrors(logger: Logger, errors: readonly GraphQLError[]): void {
  for (const error of errors) {
    const code = error.extensions?.code;
    if (typeof code === 'string' && EXPOSED_CODES.has(code)) continue;
    const original = unwrapResolverError(error);
    const failure = databaseFailure(original);
    const err = original instanceof Error
      ? { message: withoutEmails(original.message), ...(failure ? {} : { stack: original.stack && withoutEmails(original.stack) }) }
      : withoutEmails(String(original));
    if (failure) logger.warn({ err, path: error.path, failure }, 'database failure');
    else logger.error({ err, path: error.path }, 'unexpected error');
  }
}
