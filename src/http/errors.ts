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
const WORD = /[^\s"'`<>()[\]{}:;,\\]+/g;

/**
 * `local@domain.tld` within a word (a run of characters no quote, bracket, space … ends),
 * where neither part holds another `@`. Read word by word and part by part, in linear time: the
 * single regular expression this replaces backtracked quadratically over a long word, and a
 * 100,000-character unknown field name held a worker for 20 s while its error was formatted.
 */
export function withoutEmails(message: string): string {
  if (!message.includes('@')) return message;
  return message.replace(WORD, (word) => {
    if (!word.includes('@')) return word;
    const parts = word.split('@');
    const out: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      // A domain needs a dot with something on either side of it.
      if (i + 1 < parts.length && parts[i] !== '' && parts[i + 1].slice(1, -1).includes('.')) {
        out.push('[email]');
        i++;
      } else out.push(parts[i]);
    }
    return out.join('@');
  });
}

/** What a database failure is answered with: nothing about our servers is said; but for a NUL in text, the client may retry. */
const FAILURE_ANSWERS: Record<DatabaseFailure, { code: ErrorCode; message: string }> = {
  saturated: { code: 'SERVICE_UNAVAILABLE', message: 'The service is busy: retry shortly.' },
  unavailable: { code: 'SERVICE_UNAVAILABLE', message: 'The database is unavailable: retry shortly.' },
  'statement-timeout': { code: 'DEADLINE_EXCEEDED', message: 'A statement ran past its time limit: ask for less, or retry later.' },
  'unstorable-text': { code: 'BAD_USER_INPUT', message: 'A text argument holds the NUL character (U+0000), which no text of this service can contain: send it without.' },
};

function exposedCode(formatted: GraphQLFormattedError): string | null {
  const code = formatted.extensions?.code;
  return typeof code === 'string' && EXPOSED_CODES.has(code) ? code : null;
}

/**
 * The second error channel, its answer: errors with a known code go out as they are (minus
 * any quoted input), database failures as SERVICE_UNAVAILABLE or DEADLINE_EXCEEDED (a NUL in a
 * text argument as BAD_USER_INPUT), anything else masked (logged by `logErrors`, where the
 * request id is known).
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
    // The client's input, answered BAD_USER_INPUT: no more a fault of ours than any other bad argument.
    if (failure && FAILURE_ANSWERS[failure].code === 'BAD_USER_INPUT') continue;
    const err = original instanceof Error
      ? { message: withoutEmails(original.message), ...(failure ? {} : { stack: original.stack && withoutEmails(original.stack) }) }
      : withoutEmails(String(original));
    if (failure) logger.warn({ err, path: error.path, failure }, 'database failure');
    else logger.error({ err, path: error.path }, 'unexpected error');
  }
}
