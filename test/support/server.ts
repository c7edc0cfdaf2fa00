import { Writable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { loadConfig, type Config } from '../../src/config';
import { createLogger } from '../../src/config/logger';
import { operationTabs } from '../../src/http/graphiql';
import { createApp, type App } from '../../src/http/server';
import { demoVariables } from '../../src/services/demo-variables';
import { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from './database';

export interface GraphQLResponse<T = any> {
  status: number;
  headers: Headers;
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
  /** The raw body, for tests that search a response for text. */
  text: string;
}

export interface TestServer {
  url: string;
  db: TestDatabase;
  app: App;
  /** Every log line the server wrote. */
  logs: string[];
  gql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export interface TestServerOptions extends TestDatabaseOptions {
  env?: Record<string, string>;
  db?: TestDatabase;
  /** Open GraphiQL with the operation tabs, as `npm start` does. */
  graphiqlTabs?: boolean;
}

/** The real service over real HTTP on a free port, on a database of its own. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const configured = loadConfig({ LOG_LEVEL: 'info', EXPOSE_SQL_COUNT: 'true', ...options.env });
  const db = options.db ?? (await createTestDatabase({ limits: configured.requestLimits, ...options }));
  const config: Config = { ...configured, databaseUrl: db.url };
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger(config, sink);
  const graphiqlTabs = options.graphiqlTabs ? operationTabs(await demoVariables(db.dataSource)) : undefined;
  const app = await createApp({ config, dataSource: db.dataSource, logger }, { graphiqlTabs });
  const url = await app.listen(0, '127.0.0.1');
  return {
    url,
    db,
    app,
    logs,
    async gql(query, variables, headers = {}) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const text = await res.text();
      let parsed: any = {};
      try {
        parsed = JSON.parse(text);
      } catch {
        /* not JSON: tests read `text` */
      }
      return { status: res.status, headers: res.headers, data: parsed.data, errors: parsed.errors, text };
    },
    async close() {
      await app.close();
      if (!options.db) await db.drop();
    },
  };
}

/** SQL statements the server ran for the request that produced this response. */
export function sqlStatements(response: GraphQLResponse): number {
  const header = response.headers.get('x-sql-statements');
  if (header === null) throw new Error('no x-sql-statements header: start the server with EXPOSE_SQL_COUNT=true');
  return Number(header);
}

/** A server on a database of its own that `fill` loads (then analyzed, as after a bulk load). */
export async function startTestServerOnFilledDatabase(fill: (ds: DataSource) => Promise<void>): Promise<TestServer> {
  const db = await createTestDatabase();
  await fill(db.dataSource);
  await db.dataSource.query(`ANALYZE`);
  return startTestServer({ db });
}

/** Closes a server started by startTestServerOnFilledDatabase and drops its database. */
export async function closeAndDropDatabase(server: TestServer): Promise<void> {
  await server.close();
  await server.db.drop();
}
