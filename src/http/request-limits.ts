import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayExecutor } from '@apollo/server-gateway-interface';
import type { ExecutionResult } from 'graphql';
import { codedError } from '../schema/errors';
import type { RequestContext } from '../context';
import { logErrors } from './errors';

/** Why a request's signal fired. */
export type StopReason = { kind: 'deadline'; deadlineMs: number } | { kind: 'client-gone' };

function stopped(reason: StopReason | undefined): ExecutionResult {
  const deadlineMs = reason?.kind === 'deadline' ? reason.deadlineMs : undefined;
  const message = deadlineMs
    ? `The request ran past its ${deadlineMs} ms deadline: ask for less, or retry later.`
    : 'The request was stopped.';
  return { data: null, errors: [codedError('DEADLINE_EXCEEDED', message, deadlineMs ? { deadlineMs } : {})] };
}

/**
 * Execution that answers when the request's signal fires, whatever its resolvers still
 * await: their statements are cancelled by the request's database view (db/sql-counter.ts).
 */
export function untilStopped(executor: GatewayExecutor): GatewayExecutor {
  return (request) => {
    const { signal } = request.context as Partial<RequestContext>;
    if (!signal) return executor(request);
    if (signal.aborted) return Promise.resolve(stopped(signal.reason));
    return new Promise((resolve, reject) => {
      const onAbort = () => resolve(stopped(signal.reason));
      signal.addEventListener('abort', onAbort, { once: true });
      executor(request)
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', onAbort));
    });
  };
}

/** HTTP statuses for errors that concern the whole request rather than one field. */
const STATUS_OF_CODE: Record<string, { status: number; retryAfterSeconds?: number }> = {
  SERVICE_UNAVAILABLE: { status: 503, retryAfterSeconds: 1 },
  DEADLINE_EXCEEDED: { status: 504 },
};

/**
 * The request's outcome, where the request id is known: unexpected errors are logged with
 * their path, the codes answered go to the request log line, and errors that concern the
 * whole request set its HTTP status (503 with Retry-After, 504).
 */
export function requestOutcomePlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          logErrors(contextValue.logger, errors);
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          // Apollo answers a mutation sent by GET 405 with BAD_REQUEST: said as every other 405 of ours.
          if (response.http.status === 405 && response.body.singleResult.errors) {
            response.body.singleResult.errors = response.body.singleResult.errors.map((e) => ({ ...e, extensions: { ...e.extensions, code: 'METHOD_NOT_ALLOWED' } }));
          }
          const codes = (response.body.singleResult.errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          contextValue.outcome.errorCodes = codes;
          for (const code of codes) {
            const answer = STATUS_OF_CODE[code];
            if (!answer) continue;
            response.http.status = answer.status;
            if (answer.retryAfterSeconds) response.http.headers.set('retry-after', String(answer.retryAfterSeconds));
            break;
          }
        },
      };
    },
  };
}
