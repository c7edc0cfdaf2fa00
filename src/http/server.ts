import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import type { SqlCounter } from '../db/sql-counter';
import { resolvers } from '../resolvers';
import { codedError } from '../schema/errors';
import { compiledGateway, createCompiledExecution, type CompiledExecution } from '../schema/executor';
import { loadTypeDefs } from '../schema/load';
import { authenticate } from './auth';
import { HttpError } from './http-error';
import { createRequestContext, type AppDeps, type RequestContext, type RequestOutcome } from '../context';
import { maskError } from './errors';
import { exportNetworkGraphml } from './export-graphml';
import { GRAPHIQL_ASSET_PREFIX, graphiqlAsset, graphiqlPage, type GraphiqlTab } from './graphiql';
import { checkReadiness } from './health';
import { clientAddressOf } from './client-address';
import { servePage } from './pages';
import { queryCostPlugin } from './query-cost';
import { readRoutingPlugin } from './read-routing';
import { drainable } from './drain';
import { introspectionPolicyPlugin } from './introspection-policy';
import { requestOutcomePlugin, untilStopped, type StopReason } from './request-limits';
import { attachSubscriptions } from './subscriptions';
import { createHttpCaching } from './caching';
import { createCommentRuntime } from '../services/comments/runtime';
import { createAlertHub } from '../services/alerts/hub';

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

/** `extensions.code` of the errors answered before GraphQL execution, by HTTP status. */
const HTTP_ERROR_CODES: Record<number, string> = {
  401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED', 408: 'REQUEST_TIMEOUT', 413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED', 431: 'HEADERS_TOO_LARGE', 503: 'SERVICE_UNAVAILABLE',
};

/** JSON bodies must be UTF-8 (RFC 8259): other bytes are refused, not read as U+FFFD. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Reading on past the limit, to answer 413 rather than reset: at most this much more is discarded. */
const MAX_DISCARDED_BYTES = 8 * MAX_BODY_BYTES;

function tooLarge(): HttpError {
  return new HttpError(413, `the request body is larger than ${MAX_BODY_BYTES} bytes`);
}

/**
 * The body, or a 413. A body over the limit is read on and dropped (up to a bound) so the
 * client, still sending, reads the answer instead of a reset; its connection then closes.
 */
function readBody(req: IncomingMessage, res: ServerResponse): Promise<string> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
    res.setHeader('connection', 'close');
    req.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] | null = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks?.push(chunk);
      if (chunks) {
        chunks = null;
        res.setHeader('connection', 'close');
        reject(tooLarge());
      }
      if (size > MAX_BODY_BYTES + MAX_DISCARDED_BYTES) req.destroy();
    });
    req.on('end', () => {
      if (!chunks) return;
      try {
        resolve(UTF8.decode(Buffer.concat(chunks)));
      } catch {
        reject(new HttpError(400, 'the request body is not valid UTF-8'));
      }
    });
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
  // Alerts' subscriptions listen here (src/services/alerts/hub.ts): Redis with REDIS_URL, else this process's hub.
  const alertHub = givenDeps.alertHub ?? createAlertHub(givenDeps.config, (m) => givenDeps.logger.warn({ redisError: m }, 'alerts'));
  const deps: AppDeps = { ...givenDeps, commentRuntime, alertHub };
  const { config, dataSource, logger } = deps;
  const schema = makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers });
  // Slow-drip clients (headers or body a byte at a time) are answered 408 and closed at these
  // limits, checked every quarter of the shorter one (Node's default check is every 30 s).
  const { headersTimeoutMs, requestTimeoutMs } = config.requestLimits;
  const httpServer = http.createServer({ headersTimeout: headersTimeoutMs, requestTimeout: requestTimeoutMs, connectionsCheckingInterval: Math.max(50, Math.min(1000, headersTimeoutMs / 4)) });
  // Queries run compiled (src/schema/executor.ts); Apollo parses, validates and formats errors.
  const execution = createCompiledExecution(schema);
  // Persisted operations, cache headers, CORS, metrics (src/http/caching, docs/caching.md).
  const caching = await createHttpCaching(deps, () => execution.stats.cached);
  const apollo = new ApolloServer<RequestContext>({
    gateway: compiledGateway(schema, untilStopped(execution.executor)),
    // Introspection is ours to refuse per caller (introspection-policy.ts), so Apollo allows it.
    introspection: true,
    // GET needs no custom header: queries only (Apollo answers a mutation by GET 405), and a
    // cross-site page cannot send our bearer token; no cookie is read (docs/caching.md, "CSRF").
    csrfPrevention: false,
    persistedQueries: caching.persistedQueries,
    hideSchemaDetailsFromClientErrors: !config.schemaSuggestions,
    includeStacktraceInErrorResponses: false,
    // Shutdown is ours (drain, close the pool, stop PostgreSQL, exit 0), not Apollo's.
    stopOnTerminationSignals: false,
    formatError: maskError,
    // Cost limits (query-cost.ts): the parser stops past the token limit; the plugin comes
    // first, so the plugins after it see its refusals.
    parseOptions: { maxTokens: config.queryLimits.tokens },
    // Cache control is unused (no HTTP cache headers are set): left on, it wraps every field
    // resolver of the schema with a per-field hook, the largest Apollo cost in the profile.
    plugins: [queryCostPlugin(config.queryLimits, config.requestLimits.expensiveNodes), requestOutcomePlugin(), introspectionPolicyPlugin(config.introspection), ...(config.replicaUrls.length ? [readRoutingPlugin(dataSource)] : []), ...caching.plugins, ApolloServerPluginCacheControlDisabled()],
  });
  await apollo.start();
  const subscriptions = attachSubscriptions(httpServer, schema, deps);
  const graphiqlHtml = graphiqlPage('/graphql', options.graphiqlTabs ?? []);

  async function handleGraphQL(req: IncomingMessage, res: ServerResponse, url: URL, requestId: string, counter: SqlCounter, outcome: RequestOutcome): Promise<void> {
    // Before execution: a bad bearer token is answered 401 here (see auth.ts).
    // Apollo would answer other methods 405 with BAD_REQUEST; every 405 of ours says METHOD_NOT_ALLOWED.
    if (req.method !== 'GET' && req.method !== 'POST') throw new HttpError(405, `${req.method} is not allowed on /graphql: send GET or POST`, { allow: 'GET, POST' });
    const viewer = await authenticate(deps, req, counter);
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    let body: unknown = undefined;
    if (req.method === 'POST') {
      const raw = await readBody(req, res);
      if ((headers.get('content-type') ?? '').includes('application/json')) {
        try {
          body = raw ? JSON.parse(raw) : {};
        } catch {
          throw new HttpError(400, 'the request body is not valid JSON');
        }
      } else body = raw;
    }
    if (await caching.answerEarly(req, res, url, body, viewer)) return;
    // The deadline and a client that goes away stop the request: its statements are cancelled.
    const stop = new AbortController();
    const { deadlineMs, maxResponseBytes } = config.requestLimits;
    const deadline = setTimeout(() => stop.abort({ kind: 'deadline', deadlineMs } satisfies StopReason), deadlineMs);
    const onClose = () => !res.writableEnded && stop.abort({ kind: 'client-gone' } satisfies StopReason);
    res.once('close', onClose);
    let result: Awaited<ReturnType<typeof apollo.executeHTTPGraphQLRequest>>;
    try {
      result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
        context: async () =>
          createRequestContext(deps, {
            requestId,
            clientAddress: clientAddressOf(req, config.trustedProxies),
            viewer,
            sqlCounter: counter,
            signal: stop.signal,
            outcome,
          }),
      });
    } finally {
      clearTimeout(deadline);
    }
    if (stop.signal.aborted && (stop.signal.reason as StopReason).kind === 'client-gone') return;
    for (const [key, value] of result.headers) res.setHeader(key, value);
    if (config.exposeSqlCount) res.setHeader('x-sql-statements', String(counter.statements));
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      // One UTF-8 copy outside the JS heap: given the string, Node measures it, joins it to
      // the headers and converts it again, a front page's 25 KB several times over.
      let bytes = Buffer.from(result.body.string, 'utf8');
      if (bytes.length > maxResponseBytes) {
        const error = codedError('RESPONSE_TOO_LARGE', `The response would be ${bytes.length} bytes, over the limit of ${maxResponseBytes}: ask for fewer fields or smaller pages.`, { bytes: bytes.length, limit: maxResponseBytes });
        outcome.errorCodes = ['RESPONSE_TOO_LARGE'];
        res.statusCode = 400;
        bytes = Buffer.from(JSON.stringify({ errors: [error.toJSON()] }), 'utf8');
      }
      await caching.send(req, res, url, viewer, bytes);
    } else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    }
  }

  function wantsGraphiql(req: IncomingMessage, url: URL): boolean {
    return req.method === 'GET' && !url.searchParams.has('query') && (req.headers.accept ?? '').includes('text/html');
  }

  async function route(req: IncomingMessage, res: ServerResponse, requestId: string, counter: SqlCounter, outcome: RequestOutcome): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // Clients and proxies that add a trailing slash reach the same endpoint (GraphQL and GraphiQL alike).
    if (url.pathname === '/graphql/') url.pathname = '/graphql';
    if (url.pathname === '/graphql') {
      caching.cors.decorate(req, res);
      if (req.method === 'OPTIONS') return caching.cors.preflight(req, res);
    }
    if (url.pathname === '/metrics' && config.http.metricsToken && !config.http.metricsPort) return caching.metrics.answer(req, res, config.http.metricsToken);
    if (url.pathname === '/graphql' && !wantsGraphiql(req, url)) {
      return handleGraphQL(req, res, url, requestId, counter, outcome);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, `${req.method} is not allowed on ${url.pathname}`, { allow: 'GET, HEAD' });
    if (url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/ready') {
      const { status, reason, detail } = await checkReadiness(dataSource);
      if (status === 'ready') return sendJson(res, 200, { status });
      logger.warn({ readiness: status, reason, detail }, 'not ready');
      if (status === 'saturated') res.setHeader('retry-after', '1');
      return sendJson(res, 503, { status, reason });
    }
    if (url.pathname === '/graphiql' || url.pathname === '/graphql') {
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
    // The reader's pages (/), the explorer (/explore), the moderator's page, their assets (pages.ts).
    if (servePage(req, res, url)) return;
    throw new HttpError(404, `no route for ${url.pathname}`);
  }

  const drain = drainable(httpServer);
  const metricsServer = config.http.metricsPort === null ? null : await caching.metrics.listen(config.http.metricsPort, config.host, logger);

  // A request Node cannot parse (headers and URL over its 16 KB, malformed HTTP) is answered by
  // Node with a bare status line; ours says why in JSON, as every other refusal does.
  httpServer.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    // As Node does: nothing is written on a socket that already carried a response.
    if (err.code === 'ECONNRESET' || !socket.writable || socket.bytesWritten > 0) return void socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const message = { 400: 'the request is not valid HTTP', 408: 'the request took too long to arrive', 431: 'the request line and headers are larger than 16 KB' }[status];
    const body = JSON.stringify({ errors: [{ message, extensions: { code: HTTP_ERROR_CODES[status] ?? 'BAD_REQUEST' } }] });
    logger.info({ status, reason: err.code }, 'client error');
    socket.end(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });

  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const started = process.hrtime.bigint();
    const requestId = requestIdOf(req);
    const counter: SqlCounter = { statements: 0 };
    const outcome: RequestOutcome = { errorCodes: [] };
    res.setHeader('x-request-id', requestId);
    const logLine = (status: number | 'client-gone') => ({
      requestId, method: req.method, path: (req.url ?? '').split('?')[0], status,
      durationMs: Number(process.hrtime.bigint() - started) / 1e6, sqlStatements: counter.statements,
      ...(outcome.errorCodes.length && { errorCodes: outcome.errorCodes }),
    });
    // 'close' follows 'finish' when the answer was sent, and comes alone when the client left first.
    res.once('close', () => {
      const finished = res.writableFinished;
      if (logger.isLevelEnabled('info')) logger.info(logLine(finished ? res.statusCode : 'client-gone'), 'request');
      if (finished) caching.metrics.response(res.statusCode);
    });
    route(req, res, requestId, counter, outcome).catch((e: unknown) => {
      if (res.headersSent) return void res.end();
      if (e instanceof HttpError) {
        const code = HTTP_ERROR_CODES[e.status] ?? 'BAD_REQUEST';
        if (e.status === 401) res.setHeader('www-authenticate', 'Bearer');
        for (const [name, value] of Object.entries(e.headers)) res.setHeader(name, value);
        outcome.errorCodes = [code];
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
      // WebSockets first (they close politely, 1001), then the HTTP drain (src/http/drain.ts).
      try {
        await subscriptions.close();
        await drain.drain(config.shutdownGraceMs);
        await apollo.stop();
      } finally {
        await Promise.all([ownRuntime?.close(), givenDeps.alertHub ? null : alertHub.close(), caching.close(), metricsServer && new Promise((resolve) => metricsServer!.close(resolve))]);
      }
    },
  };
}
