import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import cluster from 'node:cluster';
import { AggregatorRegistry, Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';

/** Operation names kept as labels, at most: past them, names are counted as `other` (clients choose names). */
const MAX_OPERATION_LABELS = 200;

export interface OperationObservation {
  operation: string;
  /** `ok`, or the first error code answered. */
  outcome: string;
  seconds: number;
  sqlStatements: number;
  /** RATE_LIMITED and QUERY_TOO_COMPLEX refusals the answer carried. */
  refusals: string[];
}

/**
 * The service's Prometheus metrics (docs/caching.md, "Metrics"): one registry per app, so
 * tests and several apps in one process do not mix their counts.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly names = new Set<string>();
  private readonly duration = new Histogram({
    name: 'graphql_request_duration_seconds', help: 'GraphQL requests from resolution to response, by operation name and outcome (ok or the first error code).',
    labelNames: ['operation', 'outcome'], buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [this.registry],
  });
  private readonly statements = new Histogram({
    name: 'graphql_sql_statements_per_request', help: 'SQL statements one GraphQL request ran.', buckets: [0, 1, 2, 3, 5, 10, 20, 50, 100], registers: [this.registry],
  });
  private readonly refusals = new Counter({
    name: 'refusals_total', help: 'Requests refused by rate limits (RATE_LIMITED, HTTP 429) or cost limits (QUERY_TOO_COMPLEX), and by the safelist (PERSISTED_QUERY_NOT_ALLOWED).',
    labelNames: ['reason'], registers: [this.registry],
  });
  private readonly cache = new Counter({
    name: 'cache_requests_total', help: 'Lookups in the response cache (response) and persisted queries (apq), by result.',
    labelNames: ['cache', 'result'], registers: [this.registry],
  });
  private readonly responses = new Counter({ name: 'http_responses_total', help: 'HTTP responses by status.', labelNames: ['status'], registers: [this.registry] });

  observeOperation(o: OperationObservation): void {
    let name = o.operation.slice(0, 100);
    if (!this.names.has(name)) {
      if (this.names.size >= MAX_OPERATION_LABELS) name = 'other';
      else this.names.add(name);
    }
    this.duration.observe({ operation: name, outcome: o.outcome }, o.seconds);
    this.statements.observe(o.sqlStatements);
    for (const reason of o.refusals) this.refusals.inc({ reason });
  }

  cacheLookup(cache: 'response' | 'apq', hit: boolean): void {
    this.cache.inc({ cache, result: hit ? 'hit' : 'miss' });
  }

  refused(reason: string): void {
    this.refusals.inc({ reason });
  }

  response(status: number): void {
    this.responses.inc({ status: String(status) });
    if (status === 429) this.refusals.inc({ reason: 'RATE_LIMITED' });
  }

  /** Gauges read when scraped: the pool, the compiled-operation cache, the job queue. */
  gauges(sources: { dataSource: DataSource; compiledOperations: () => number; persistedQueries: () => number | null }): void {
    const pool = () => (sources.dataSource.driver as unknown as { master?: { totalCount: number; idleCount: number; waitingCount: number } }).master;
    new Gauge({ name: 'db_pool_connections_in_use', help: 'Pooled PostgreSQL connections lent to a request.', registers: [this.registry], collect() {
      const p = pool();
      this.set(p ? p.totalCount - p.idleCount : 0);
    } });
    new Gauge({ name: 'db_pool_waiting', help: 'Requests waiting for a pooled PostgreSQL connection.', registers: [this.registry], collect() {
      this.set(pool()?.waitingCount ?? 0);
    } });
    new Gauge({ name: 'graphql_compiled_operations', help: 'Operations held compiled (graphql-jit), at most 500.', registers: [this.registry], collect() {
      this.set(sources.compiledOperations());
    } });
    new Gauge({ name: 'persisted_queries_in_memory', help: 'Automatic persisted queries held in this process (memory mode).', registers: [this.registry], collect() {
      this.set(sources.persistedQueries() ?? 0);
    } });
    // Every worker reads the same queue: across workers the figure is their largest, not their sum.
    new Gauge({ name: 'job_queue_depth', help: 'Background jobs (linking, ingestion) queued and not yet done.', registers: [this.registry], aggregator: 'max', async collect() {
      try {
        const [row] = await sources.dataSource.query(`SELECT count(*)::int AS n FROM graphile_worker.jobs`);
        this.set(row?.n ?? 0);
      } catch {
        this.set(0); // before the worker's schema exists
      }
    } });
    collectDefaultMetrics({ register: this.registry });
    // In a cluster worker, the primary's /metrics (serveClusterMetrics) collects this registry over IPC.
    // (prom-client answers the primary's requests once an AggregatorRegistry exists in the worker.)
    if (cluster.isWorker) {
      new AggregatorRegistry();
      AggregatorRegistry.setRegistries([this.registry]);
    }
  }

  /** Serves /metrics: on its own server (METRICS_PORT), or on the service's port behind METRICS_TOKEN. */
  async answer(req: IncomingMessage, res: ServerResponse, token: string | null): Promise<void> {
    if (token !== null) {
      const given = Buffer.from(String(req.headers.authorization ?? ''));
      const expected = Buffer.from(`Bearer ${token}`);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer' });
        return void res.end('/metrics needs METRICS_TOKEN as a bearer token\n');
      }
    }
    const body = await this.registry.metrics();
    res.writeHead(200, { 'content-type': this.registry.contentType, 'cache-control': 'no-store' });
    res.end(body);
  }

  /** A server of its own for /metrics (METRICS_PORT), reachable only where the operator exposes it; in a cluster worker none (the primary serves it). */
  async listen(port: number, host: string, logger: Logger): Promise<http.Server | null> {
    if (cluster.isWorker) return null;
    return metricsServer(port, host, logger, (req, res) => this.answer(req, res, null));
  }
}

/**
 * With WORKERS > 1, METRICS_PORT is served by the primary: each scrape asks every worker for
 * its registry over IPC and answers their sum (histograms and counters added up, the job
 * queue's depth their largest), so one scrape sees the whole instance.
 */
export function serveClusterMetrics(port: number, host: string, logger: Logger): Promise<http.Server> {
  const aggregator = new AggregatorRegistry();
  return metricsServer(port, host, logger, async (_req, res) => {
    const body = await aggregator.clusterMetrics();
    res.writeHead(200, { 'content-type': aggregator.contentType, 'cache-control': 'no-store' });
    res.end(body);
  });
}

function metricsServer(port: number, host: string, logger: Logger, answer: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if ((req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end('only /metrics here\n');
    }
    answer(req, res).catch((e: Error) => {
      logger.error({ err: { message: e.message } }, 'metrics failed');
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
