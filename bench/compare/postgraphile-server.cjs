/**
 * PostGraphile 5 as a peer in `npm run bench -- --compare`, configured for production:
 * NODE_ENV=production, no watch, no explain, no GraphiQL, the `public` schema as it is.
 * Run with `node -r ./bench/compare/polyfill.cjs bench/compare/postgraphile-server.cjs`
 * (Node 20 lacks Promise.withResolvers). Env: DATABASE_URL, PORT, DB_POOL_SIZE.
 *
 * A request sent with `x-count-sql: 1` has every SQL statement it causes counted and
 * answered in the `x-sql-statements` header (the benchmark probes with a few such requests
 * before timing). Only those requests run inside AsyncLocalStorage, which is switched off
 * again once none is in flight: on Node 20 it hooks every promise, a cost of the counting,
 * not of PostGraphile, that timed requests must not pay (our service counts without it).
 */
'use strict';
const { AsyncLocalStorage } = require('node:async_hooks');
const http = require('node:http');
const { createRequire } = require('node:module');
const path = require('node:path');
const { Pool } = require('pg');
// PostGraphile is installed in bench/deps (bench/deps.ts), not with the project.
const requirePeer = createRequire(path.join(__dirname, '..', 'deps', 'package.json'));
const { postgraphile } = requirePeer('postgraphile');
const { PostGraphileAmberPreset } = requirePeer('postgraphile/presets/amber');
const { makePgService } = requirePeer('postgraphile/adaptors/pg');
const { grafserv } = requirePeer('postgraphile/grafserv/node');

const statements = new AsyncLocalStorage();

/** Counts every statement a pool's clients send, per request (see createPostGraphileServer). */
function countStatements(pool) {
  pool.on('connect', (client) => {
    const query = client.query;
    client.query = function countedQuery(...args) {
      const counter = statements.getStore();
      if (counter) counter.n++;
      return query.apply(this, args);
    };
  });
}

/**
 * An http.Server serving PostGraphile (Amber preset, production settings) over `pool`'s
 * database; `release()` frees PostGraphile's resources (the pool is the caller's).
 */
async function createPostGraphileServer(pool) {
  // Without it PostGraphile still answers 200, with every connection field null.
  if (typeof Promise.withResolvers !== 'function') throw new Error('Promise.withResolvers is missing: preload bench/compare/polyfill.cjs');
  countStatements(pool);
  const preset = {
    extends: [PostGraphileAmberPreset],
    // Amber hides backward relations whose foreign key has no full index; an article's comments
    // are served by the partial index comment_article_idx (top-level comments), which PostgreSQL
    // uses for PostGraphile's query as well. Without this, Article.commentsByArticleId is absent.
    disablePlugins: ['PgIndexBehaviorsPlugin'],
    pgServices: [makePgService({ pool, schemas: ['public'] })],
    grafserv: { watch: false, graphiql: false, graphqlPath: '/graphql' },
    grafast: { explain: false },
  };
  const pgl = postgraphile(preset);
  await pgl.getSchema();
  // No websockets in this benchmark: the plain handler (not addTo), wrapped to count statements
  // inside the request's async context and report them before the head is sent.
  const handle = pgl.createServ(grafserv).createHandler();
  let counting = 0;
  const server = http.createServer((req, res) => {
    if (req.headers['x-count-sql'] !== '1') return handle(req, res);
    const counter = { n: 0 };
    const writeHead = res.writeHead;
    res.writeHead = function (...args) {
      if (!res.headersSent) res.setHeader('x-sql-statements', String(counter.n));
      return writeHead.apply(this, args);
    };
    counting++;
    res.on('close', () => {
      if (--counting === 0) statements.disable();
    });
    statements.run(counter, () => handle(req, res));
  });
  return { server, release: () => Promise.resolve(pgl.release()) };
}

async function main() {
  // As shipped, PostGraphile leaves plan choice to PostgreSQL; POSTGRAPHILE_PG_OPTIONS (e.g.
  // "-c plan_cache_mode=force_generic_plan", our services' policy) lets a run try otherwise.
  const pool = new Pool({
    connectionString: process.env.DATABASE_URL,
    max: Number(process.env.DB_POOL_SIZE || 10),
    ...(process.env.POSTGRAPHILE_PG_OPTIONS ? { options: process.env.POSTGRAPHILE_PG_OPTIONS } : {}),
  });
  const { server, release } = await createPostGraphileServer(pool);
  server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
    process.stdout.write(`postgraphile listening on http://127.0.0.1:${server.address().port}\n`);
  });
  const stop = () => server.close(() => release().then(() => pool.end()).then(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

module.exports = { createPostGraphileServer };

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`postgraphile-server: ${e.stack || e.message}\n`);
    process.exit(1);
  });
}
