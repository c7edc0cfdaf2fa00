/**
 * The floor of `npm run bench -- --compare`: Node's `http` and a `pg` pool, one hand-written
 * SQL statement per request (bench/compare/floor-sql.ts), prepared once per connection and
 * run on a plan made once, as ours are, whose text result is the response body. It takes the same POST /graphql bodies as our service and picks the statement by the
 * operation's name; anything else is a 400. Env: DATABASE_URL, PORT, DB_POOL_SIZE.
 */
import http from 'node:http';
import { Pool } from 'pg';
import { SESSION_OPTIONS } from '../../src/db/prepared-client';
import { ARTICLE_PAGE_SQL, FRONT_PAGE_SQL, WHO_MET_WHOM_SQL } from './floor-sql';

type Variables = Record<string, unknown>;

/** Operation name -> the statement and its parameters. */
const statements: Record<string, (v: Variables) => [string, unknown[]]> = {
  FrontPage: (v) => [FRONT_PAGE_SQL, [v.first ?? 20]],
  ArticlePage: (v) => [ARTICLE_PAGE_SQL, [v.slug]],
  WhoMetWhom: (v) => [WHO_MET_WHOM_SQL, [v.slug, v.from ?? null, v.to ?? null]],
};

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The floor's HTTP server on a pool (the bench runs it as its own process, tests in theirs). */
export function createFloorServer(pool: Pool): http.Server {
  const server = http.createServer((req, res) => {
    const fail = (status: number, message: string) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message }] }));
    };
    readBody(req)
      .then(async (raw) => {
        const { query, variables } = JSON.parse(raw) as { query: string; variables?: Variables };
        const name = /^\s*(?:#[^\n]*\n\s*)*query\s+(\w+)/m.exec(query)?.[1] ?? '';
        const statement = statements[name];
        if (!statement) return fail(400, `the floor serves ${Object.keys(statements).join(', ')}, not "${name}"`);
        const [sql, params] = statement(variables ?? {});
        // Prepared once per connection, like our statements (the operation's name names it).
        const { rows } = await pool.query({ name: `floor_${name}`, text: sql, values: params });
        // One statement per request, by construction; counted like our service counts its own.
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-sql-statements': '1' });
        res.end(rows[0].body);
      })
      .catch((e: Error) => fail(500, e.message));
  });
  server.keepAliveTimeout = 5000;
  return server;
}

function main(): void {
  // The same plan policy as our service's connections (src/db/prepared-client.ts): planned once.
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_SIZE || 10), options: SESSION_OPTIONS });
  const server = createFloorServer(pool);
  server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
    process.stdout.write(`floor listening on http://127.0.0.1:${(server.address() as { port: number }).port}\n`);
  });
  const stop = () => server.close(() => void pool.end().then(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) main();
