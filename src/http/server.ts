import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import type { SqlCounter } from '../db/sql-counter';
import { resolvers } from '../resolvers';
import { compiledGateway, createCompiledExecution, type CompiledExecution } from '../schema/executor';
import { loadTypeDefs } from '../schema/load';
import { authenticate } from './auth';
import { createRequestContext, type AppDeps, type RequestContext } from './context';
import { formatError } from './errors';
import { exportNetworkGraphml } from './export-graphml';
import { GRAPHIQL_ASSET_PREFIX, graphiqlAsset, graphiqlPage, type GraphiqlTab } from './graphiql';
import { checkReadiness } from './health';
import { attachSubscriptions } from './subscriptions';
import { createCommentRuntime } from '../services/comments/runtime';

const MAX_BODY_BYTES = 1_000_000;

export interface App {
  httpServer: http.Server;
  schema: GraphQLSchema;
  /** Operations compiled, and those graphql-js interpreted (src/schema/executor.ts). */
  execution: CompiledExecution['stats'];
  listen(port: number, host: string): Promise<string>;
  /** Stops accepting, lets in-flight requests finish (up to the grace period), stops Apollo. */
  close(): Promise<void>;
}

export interface AppOptions {
  /** GraphiQL's opening tabs. */
  graphiqlTabs?: GraphiqlTab[];
}

/** A plain GET route beside /graphql (exports, for example). */
export type Route = (req: IncomingMessage, res: ServerResponse, url: URL, deps: AppDeps) => Promise<void>;

/** Routes other modules serve; each path is registered here, in one place. */
const extraRoutes: Record<string, Route> = {
  '/export/network.graphml': exportNetworkGraphml,
};

/** An error answered with its status and message, before GraphQL execution. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, `request body larger than ${MAX_BODY_BYTES} bytes`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
}

export async function createApp(givenDeps: AppDeps, options: AppOptions = {}): Promise<App> {
  // The comment runtime (rate limiter, live events) lives as long as the app; closed with it when made here.
  const commentRuntime = givenDeps.commentRuntime ?? createCommentRuntime(givenDeps.config, (m) => givenDeps.logger.warn({ redisError: m }, 'redis'));
  const ownRuntime = givenDeps.commentRuntime ? null : commentRuntime;
  const deps: AppDeps = { ...givenDeps, commentRuntime };
  const { config, dataSource, logger } = deps;
  const schema = makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers: resolvers as never });
  const httpServer = http.createServer();
  // Queries run compiled (src/schema/executor.ts); Apollo parses, validates and formats errors.
  const execution = createCompiledExecution(schema);
  const apollo = new ApolloServer<RequestContext>({
    gateway: compiledGateway(schema, execution),
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // Shutdown is ours (drain, close the pool, stop PostgreSQL, exit 0), not Apollo's.
    stopOnTerminationSignals: false,
    formatError: formatError(logger),
    // Cache control is unused (no HTTP cache headers are set): left on, it wraps every field
    // resolver of the schema with a per-field hook, the largest Apollo cost in the profile.
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginCacheControlDisabled()],
  });
  await apollo.start();
  const subscriptions = attachSubscriptions(httpServer, schema, deps);
  const graphiqlHtml = graphiqlPage('/graphql', options.graphiqlTabs ?? []);

  async function handleGraphQL(req: IncomingMessage, res: ServerResponse, url: URL, requestId: string, counter: SqlCounter): Promise<void> {
    // Before execution: a bad bearer token is answered 401 here (see auth.ts).
    const viewer = await authenticate(deps, req, counter);
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    let body: unknown = undefined;
    if (req.method === 'POST') {
      const raw = await readBody(req);
      if ((headers.get('content-type') ?? '').includes('application/json')) {
        try {
          body = raw ? JSON.parse(raw) : {};
        } catch {
          throw new HttpError(400, 'the request body is not valid JSON');
        }
      } else body = raw;
    }
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: async () =>
        createRequestContext(deps, {
          requestId,
          clientAddress: req.socket.remoteAddress ?? 'unknown',
          viewer,
          sqlCounter: counter,
        }),
    });
    for (const [key, value] of result.headers) res.setHeader(key, value);
    if (config.exposeSqlCount) res.setHeader('x-sql-statements', String(counter.statements));
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      // One UTF-8 copy outside the JS heap: given the string, Node measures it, joins it to
      // the headers and converts it again, a front page's 25 KB several times over.
      const bytes = Buffer.from(result.body.string, 'utf8');
      res.setHeader('content-length', bytes.length);
      res.end(bytes);
    } else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    }
  }

  function wantsGraphiql(req: IncomingMessage, url: URL): boolean {
    return req.method === 'GET' && !url.searchParams.has('query') && (req.headers.accept ?? '').includes('text/html');
  }

  async function route(req: IncomingMessage, res: ServerResponse, requestId: string, counter: SqlCounter): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/graphql' && !wantsGraphiql(req, url)) {
      return handleGraphQL(req, res, url, requestId, counter);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, `${req.method} is not allowed on ${url.pathname}`);
    if (url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/ready') {
      const readiness = await checkReadiness(dataSource);
      return sendJson(res, readiness.ready ? 200 : 503, readiness.ready ? { status: 'ready' } : { status: 'unavailable', reason: readiness.reason });
    }
    if (url.pathname === '/graphiql' || url.pathname === '/graphql' || url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end(graphiqlHtml);
    }
    if (Object.hasOwn(extraRoutes, url.pathname)) return extraRoutes[url.pathname](req, res, url, deps);
    if (url.pathname.startsWith(GRAPHIQL_ASSET_PREFIX)) {
      const asset = graphiqlAsset(url.pathname.slice(GRAPHIQL_ASSET_PREFIX.length));
      if (asset) {
        res.writeHead(200, { 'content-type': `${asset.type}; charset=utf-8`, 'cache-control': 'public, max-age=86400' });
        return void res.end(asset.body);
      }
    }
    throw new HttpError(404, `no route for ${url.pathname}`);
  }

  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const started = process.hrtime.bigint();
    const requestId = requestIdOf(req);
    const counter: SqlCounter = { statements: 0 };
    res.setHeader('x-request-id', requestId);
    res.on('finish', () => {
      logger.info({
        requestId, method: req.method, path: (req.url ?? '').split('?')[0], status: res.statusCode,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6, sqlStatements: counter.statements,
      }, 'request');
    });
    route(req, res, requestId, counter).catch((e: unknown) => {
      if (res.headersSent) return void res.end();
      if (e instanceof HttpError) {
        const code = e.status === 404 ? 'NOT_FOUND' : e.status === 405 ? 'METHOD_NOT_ALLOWED' : e.status === 401 ? 'UNAUTHENTICATED' : 'BAD_REQUEST';
        if (e.status === 401) res.setHeader('www-authenticate', 'Bearer');
        return sendJson(res, e.status, { errors: [{ message: e.message, extensions: { code } }] });
      }
      logger.error({ requestId, err: { message: (e as Error).message, stack: (e as Error).stack } }, 'request failed');
      sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } }] });
    });
  });

  return {
    httpServer,
    schema,
    execution: execution.stats,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          const address = httpServer.address() as { port: number };
          resolve(`http://${host.includes(':') ? `[${host}]` : host}:${address.port}`);
        });
      }),
    async close() {
      // The drain plugin stops accepting, waits for in-flight requests, then closes idle sockets.
      const grace = setTimeout(() => httpServer.closeAllConnections(), config.shutdownGraceMs);
      try {
        await subscriptions.close();
        await apollo.stop();
        if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      } finally {
        clearTimeout(grace);
        await ownRuntime?.close();
      }
    },
  };
}
