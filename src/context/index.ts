import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { PoolClaim } from '../db/pool-share';
import { countingDataSource, type SqlCounter } from '../db/sql-counter';
import { createLoaders } from '../loaders';
import type { Viewer } from '../services/auth/viewer';
import type { CommentRuntime } from '../services/comments/runtime';
import type { AlertHub } from '../services/alerts/hub';

/** What the server holds for its whole life and hands to every request's context. */
export interface AppDeps {
  config: Config;
  dataSource: DataSource;
  logger: Logger;
  /** Rate limiter and live comment events, shared by all requests; createApp builds it when absent. */
  commentRuntime?: CommentRuntime;
  /** Where alert subscriptions hear of new articles and events; createApp builds it when absent. */
  alertHub?: AlertHub;
}

export interface RequestInfo {
  requestId: string;
  /** The client's address, for rate limits; never logged with request data. */
  clientAddress: string;
  viewer: Viewer | null;
  /** Where the request's SQL statements are counted (header, request log); a fresh one when absent. */
  sqlCounter?: SqlCounter;
  /** Fires at the request's deadline or when its client goes away: its statements stop. */
  signal?: AbortSignal;
  /** Where the request's outcome is noted for its log line; a fresh one when absent. */
  outcome?: RequestOutcome;
}

/** What the request log line tells of a GraphQL request beyond its HTTP status. */
export interface RequestOutcome {
  /** `extensions.code` of every error answered, in order. */
  errorCodes: string[];
}

function noOutcomeYet(): RequestOutcome {
  return { errorCodes: [] };
}

/**
 * The request's logger, made when first used: most requests log nothing of their own. A getter
 * on the context's prototype: Apollo clones the context for each operation (Object.assign),
 * which would call a getter of the context's own and make the logger every time.
 */
class RequestLog {
  #made: Logger | undefined;
  constructor(private readonly parent: Logger, private readonly requestId: string) {}
  get logger(): Logger {
    return (this.#made ??= this.parent.child({ requestId: this.requestId }));
  }
}

class RequestLogging {
  declare readonly requestLog: RequestLog;
  get logger(): Logger {
    return this.requestLog.logger;
  }
}

/** The one place a request's context is built: fresh loaders for every request. */
export function createRequestContext(deps: AppDeps, request: RequestInfo) {
  // Everything the request runs on the database goes through its counting view.
  // The request's share of the pool: cheap until cost analysis says otherwise (src/http/query-cost.ts).
  const poolClaim: PoolClaim = { lane: 'cheap' };
  const db = countingDataSource(deps.dataSource, request.sqlCounter ?? { statements: 0 }, request.signal, poolClaim);
  const own = {
    ...request,
    poolClaim,
    db,
    config: deps.config,
    requestLog: new RequestLog(deps.logger, request.requestId),
    loaders: createLoaders(db),
    commentRuntime: deps.commentRuntime ?? null,
    alertHub: deps.alertHub ?? null,
    outcome: request.outcome ?? noOutcomeYet(),
  };
  const logging: RequestLogging = Object.create(RequestLogging.prototype);
  return Object.assign(logging, own);
}

export type RequestContext = ReturnType<typeof createRequestContext>;
