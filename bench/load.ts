import type { BenchContext, BenchRow } from './context';
import { benchRequire } from './deps';

// autocannon ships no type declarations; it lives in bench/deps (bench/deps.ts), loaded on first use.
const autocannon = (options: object) => (benchRequire('autocannon') as (options: object) => Promise<any>)(options);

export interface GraphQLLoad {
  operation: string;
  /** The query, or the n-th request's query for a load that mixes operations. */
  query: string | ((n: number) => string);
  /** Variables for the n-th request (called for every request: vary them to spread the load). */
  variables: (n: number) => Record<string, unknown>;
  /** Sees every measured response (status and body), for figures beyond the row's. */
  observe?: (status: number, body: string) => void;
}

function sqlHeader(headers: Record<string, string> | string[] | undefined): number | null {
  if (!headers) return null;
  if (Array.isArray(headers)) {
    for (let i = 0; i < headers.length; i += 2) if (headers[i].toLowerCase() === 'x-sql-statements') return Number(headers[i + 1]);
    return null;
  }
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === 'x-sql-statements') return Number(v);
  return null;
}

async function fire(ctx: BenchContext, load: GraphQLLoad, seconds: number, measure: boolean) {
  let n = 0;
  let statements = 0;
  let counted = 0;
  let failures = 0;
  let peakRss = ctx.service.rssBytes();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, ctx.service.rssBytes());
  }, 100);
  try {
    const result = await autocannon({
      url: `${ctx.service.url}/graphql`,
      connections: ctx.connections,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          path: '/graphql',
          headers: { 'content-type': 'application/json' },
          setupRequest: (req: object) => {
            const i = n++;
            const query = typeof load.query === 'string' ? load.query : load.query(i);
            return { ...req, body: JSON.stringify({ query, variables: load.variables(i) }) };
          },
          onResponse: (status: number, body: string, _context: object, headers: Record<string, string>) => {
            if (!measure) return;
            load.observe?.(status, body);
            if (status !== 200 || body.includes('"errors"')) failures++;
            const sql = sqlHeader(headers);
            if (sql !== null) {
              statements += sql;
              counted++;
            }
          },
        },
      ],
    });
    return { result, statements, counted, failures: failures + result.errors + result.timeouts, peakRss };
  } finally {
    clearInterval(sampler);
  }
}

/** Warms up, then loads one operation for the context's duration; one table row. */
export async function measure(ctx: BenchContext, load: GraphQLLoad, seconds = ctx.durationSeconds): Promise<BenchRow> {
  if (ctx.warmupSeconds > 0) await fire(ctx, load, ctx.warmupSeconds, false);
  ctx.log(`${load.operation}: ${seconds} s at ${ctx.connections} connections`);
  const { result, statements, counted, failures, peakRss } = await fire(ctx, load, seconds, true);
  return {
    operation: load.operation,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    sqlPerRequest: counted ? statements / counted : null,
    peakRssMb: peakRss / 1024 / 1024,
    failures,
  };
}

/** One request outside the load, for setting a run up (cursors, checks). */
export async function graphql(ctx: BenchContext, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await fetch(`${ctx.service.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`bench request failed: ${body.errors[0].message}`);
  return body.data;
}
