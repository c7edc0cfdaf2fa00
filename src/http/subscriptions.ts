import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type * as WsUse from 'graphql-ws/dist/use/ws.cjs';
import { WebSocketServer } from 'ws';
import { viewerFromAuthorization } from './auth';
import { clientAddressOf } from './client-address';
import { HttpError } from './http-error';
import type { Logger } from 'pino';
import { createRequestContext, type AppDeps, type RequestContext } from '../context';
import { logErrors, maskError } from './errors';
import { costCheckedSubscribe } from './query-cost';

/** The connection's viewer, found once when the socket's connection_init arrives. */
type ExtraWithViewer = { viewer?: Awaited<ReturnType<typeof viewerFromAuthorization>> };

// graphql-ws publishes its ws adapter only through package "exports", which this project's
// `moduleResolution: node` cannot see at type level: the types come from the file itself.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { useServer } = require('graphql-ws/use/ws') as typeof WsUse;

export interface Subscriptions {
  /** Closes every socket (code 1001) and the WebSocket server. */
  close(): Promise<void>;
}

/**
 * GraphQL subscriptions over graphql-ws on the HTTP server's own port, at /graphql.
 * A connection may authenticate with `{ authorization: "Bearer …" }` in its init payload
 * (or the upgrade request's Authorization header); a bad token is refused with 4403, the
 * same rule as HTTP's 401. Each operation gets a context built like an HTTP request's.
 */
export function attachSubscriptions(httpServer: http.Server, schema: GraphQLSchema, deps: AppDeps): Subscriptions {
  // Upgrades are handed over here rather than ws attaching to the HTTP server (`server`):
  // attached, ws re-emits the server's own errors (a busy port on listen), which graphql-ws
  // prints with a stack trace before start-up can report them in its one line.
  const wsServer = new WebSocketServer({ noServer: true, path: '/graphql' });
  httpServer.on('upgrade', (req, socket, head) => wsServer.handleUpgrade(req, socket, head, (ws) => wsServer.emit('connection', ws, req)));
  // graphql-js reports bad variables as errors with no path (request errors); over HTTP Apollo codes
  // them BAD_USER_INPUT, here it is done by hand (so their quoted values are cut, not logged).
  const coded = (e: GraphQLError) =>
    !e.path && !e.extensions?.code ? new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'BAD_USER_INPUT' } }) : e;
  // The same masking and log as HTTP: coded errors go out (minus quoted input), anything else is logged and masked.
  const formatAll = (errors: readonly GraphQLError[], logger: Logger) => {
    logErrors(logger, errors);
    return errors.map(coded).map((e) => maskError(e.toJSON(), e));
  };
  const cleanup = useServer(
    {
      schema,
      // Parse, validate and the same cost analysis as HTTP, before subscribing.
      onSubscribe: costCheckedSubscribe(schema, deps.config.queryLimits),
      onConnect: async (ctx) => {
        const given = ctx.connectionParams?.authorization;
        const header = typeof given === 'string' ? given : ctx.extra.request.headers.authorization;
        try {
          (ctx.extra as ExtraWithViewer).viewer = await viewerFromAuthorization(deps, header, clientAddressOf(ctx.extra.request, deps.config.trustedProxies));
          return true;
        } catch (e) {
          // Throttled (HTTP's 429): closed with 4429 and the wait, so a client can tell it from a bad token (4403).
          if (e instanceof HttpError && e.status === 429) ctx.extra.socket.close(4429, `Too many failed token attempts; retry in ${e.headers['retry-after']} s`);
          return false;
        }
      },
      onError: (_ctx, _id, _payload, errors) => formatAll(errors, deps.logger),
      onNext: (_ctx, _id, _payload, args, result) =>
        result.errors ? { ...result, errors: formatAll(result.errors, (args.contextValue as RequestContext).logger) } : result,
      context: (ctx) =>
        createRequestContext(deps, {
          requestId: randomUUID(),
          clientAddress: clientAddressOf(ctx.extra.request, deps.config.trustedProxies),
          viewer: (ctx.extra as ExtraWithViewer).viewer ?? null,
        }),
    },
    wsServer,
  );
  return {
    async close() {
      const open = [...wsServer.clients];
      // dispose() sends every client 1001 "Going away" and closes the server; a client that
      // does not answer the closing handshake within a second is cut off.
      await cleanup.dispose();
      await Promise.all(
        open.map(
          (socket) =>
            new Promise<void>((resolve) => {
              if (socket.readyState === socket.CLOSED) return resolve();
              const cut = setTimeout(() => socket.terminate(), 1000);
              socket.once('close', () => {
                clearTimeout(cut);
                resolve();
              });
            }),
        ),
      );
    },
  };
}
