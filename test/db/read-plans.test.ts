import { Client } from 'pg';
import { PreparingClient } from '../../src/db/prepared-client';
import { demoVariables } from '../../src/services/demo-variables';
import { generateDataset } from '../../src/services/synthetic/generate';
import { loadDataset } from '../../src/services/synthetic/load';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { operation } from '../support/operations';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The plans of the statements the read operations really run, as PostgreSQL makes them on
 * the service's connections (generic plans, the session settings of src/db/prepared-client.ts).
 *
 * JIT: on packaged PostgreSQL (jit = on) a generic plan's row estimate grows with the
 * archive until it crosses jit_above_cost; at 100,000 articles the front page paid ~300 ms
 * of LLVM compilation per request. Loading such an archive here would take minutes, so the
 * thresholds are set to 0, as if every estimate had crossed them: a plain connection then
 * compiles (the control, where the server has JIT), ours must not.
 */

const OPERATIONS = ['front-page', 'article-page', 'who-met-whom', 'search', 'network', 'path'];
/** An analyst's graph under an event filter, with each relation's confirmed share (issue 17); paths whose last two rings are read at once. */
const TRUSTED_GRAPH = `query ($center: ID!, $from: ID!, $to: ID!) {
  network(center: $center, status: [CONFIRMED], minConfidence: 0.5) { edges { weight confirmedShare } }
  whole: network(center: $center) { edges { confirmedShare } }
  path(from: $from, to: $to, status: [CONFIRMED], minConfidence: 0.5) { steps { confirmedShare } }
  between: path(from: $from, to: $to, maxHops: 2) { hops }
  betweenInWindow: path(from: $from, to: $to, maxHops: 2, since: "2000-01-01", status: [CONFIRMED]) { hops } }`;
/** Tables large in a real archive: reading one of them whole is a missed index. */
const LARGE_TABLES = ['article', 'mention', 'article_entity', 'comment', 'event', 'event_participant', 'event_source', 'article_topic', 'entity_name_word'];
/** Search-as-you-type, whose statement is its own. */
const PREFIX_SEARCH = `query ($q: String!) { search(query: $q, mode: PREFIX, first: 5) { totalCount edges { node { __typename } } } }`;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Parent Relationship'?: string;
  Plans?: PlanNode[];
}
type Explained = [{ Plan: PlanNode; JIT?: { Functions: number } }];

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

let db: TestDatabase;
let server: TestServer;
/** Statement text and parameter count of every statement the operations prepared. */
let statements: { text: string; parameters: number }[];

beforeAll(async () => {
  db = await createTestDatabase();
  await loadDataset(db.dataSource, generateDataset({ seed: 11, articles: 3000, people: 400, organizations: 80, places: 60, events: 4000 }));
  // vacuumed as autovacuum keeps a live archive: index-only scans are planned where the visibility map allows them
  await db.dataSource.query(`VACUUM ANALYZE`);
  server = await startTestServer({ db });
  const variables = await demoVariables(db.dataSource);
  for (const name of OPERATIONS) {
    const res = await server.gql(operation(name), variables[name] as Record<string, unknown>);
    expect(res.errors).toBeUndefined();
  }
  const { center } = variables.network as { center: string };
  const { from, to } = variables.path as { from: string; to: string };
  const trusted = await server.gql(TRUSTED_GRAPH, { center, from, to });
  expect(trusted.errors).toBeUndefined();
  expect(trusted.data.whole.edges.some((e: { confirmedShare: number | null }) => e.confirmedShare !== null)).toBe(true);
  for (const q of ['a', 'mor', 'ka be']) expect((await server.gql(PREFIX_SEARCH, { q })).errors).toBeUndefined();
  // Every pooled connection at once (each holds the statements it prepared).
  const runners = Array.from({ length: 5 }, () => db.dataSource.createQueryRunner());
  await Promise.all(runners.map((r) => r.connect()));
  const seen = new Map<string, number>();
  for (const runner of runners) {
    const rows: { statement: string; parameters: number }[] = await runner.query(
      `SELECT statement, cardinality(parameter_types) AS parameters FROM pg_prepared_statements WHERE name LIKE 'en\\_%'`,
    );
    for (const row of rows) seen.set(row.statement, row.parameters);
  }
  await Promise.all(runners.map((r) => r.release()));
  statements = [...seen].map(([text, parameters]) => ({ text, parameters }));
}, 120_000);

afterAll(async () => {
  await server.close();
  await db.drop();
});

/** The generic plan of each statement on `client`, parameters unknown (NULL) as a generic plan sees them. */
async function plans(client: Client): Promise<{ text: string; explained: Explained }[]> {
  await client.query(`SET plan_cache_mode = force_generic_plan`);
  await client.query(`SET jit_above_cost = 0; SET jit_inline_above_cost = 0; SET jit_optimize_above_cost = 0`);
  const out = [];
  for (const [i, { text, parameters }] of statements.entries()) {
    await client.query(`PREPARE plan_${i} AS ${text}`);
    const args = parameters ? `(${Array(parameters).fill('NULL').join(', ')})` : '';
    const { rows } = await client.query(`EXPLAIN (FORMAT JSON) EXECUTE plan_${i}${args}`);
    out.push({ text, explained: rows[0]['QUERY PLAN'] as Explained });
  }
  return out;
}

async function withClient<T>(client: Client, fn: (c: Client) => Promise<T>): Promise<T> {
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('the read operations\' statements', () => {
  it('are the ones the operations run (a dozen or more prepared statements)', () => {
    expect(statements.length).toBeGreaterThanOrEqual(12);
    expect(statements.some((s) => /FROM article a/.test(s.text) && /published_at/.test(s.text))).toBe(true);
  });

  it('are planned without JIT on the service\'s connections, where a plain connection would compile them', async () => {
    const ours = await withClient(new PreparingClient({ connectionString: db.url }), plans);
    expect(ours.filter((p) => p.explained[0].JIT).map((p) => p.text)).toEqual([]);

    const { available, plain } = await withClient(new Client({ connectionString: db.url }), async (client) => ({
      // False with jit = off: asked on a connection with the server's defaults.
      available: (await client.query(`SELECT pg_jit_available() AS available`)).rows[0].available as boolean,
      plain: await plans(client),
    }));
    // Embedded PostgreSQL is built without JIT; packaged PostgreSQL (CI's second run) has it.
    expect(plain.filter((p) => p.explained[0].JIT).length).toBe(available ? plain.length : 0);
  });

  it('read no large table whole: each is reached through an index', async () => {
    const ours = await withClient(new PreparingClient({ connectionString: db.url }), plans);
    // The search's statement among them (its page's rows, candidates and names read by key).
    expect(ours.some((p) => /\bq\s+AS\s+MATERIALIZED\b/.test(p.text))).toBe(true);
    expect(ours.some((p) => /\bprefix_words\s+AS\s+MATERIALIZED\b/.test(p.text))).toBe(true);
    // A path's last two rings read at once, over all time and from the evidence in a window.
    expect(ours.filter((p) => /\bnear_ends\s+AS\s+MATERIALIZED\b/.test(p.text))).toHaveLength(2);
    const seqScans = ours.flatMap((p) =>
      nodes(p.explained[0].Plan)
        .filter((n) => n['Node Type'] === 'Seq Scan' && LARGE_TABLES.includes(n['Relation Name'] ?? ''))
        .map((n) => `${n['Relation Name']} in: ${p.text.replace(/\s+/g, ' ').slice(0, 160)}`),
    );
    expect(seqScans).toEqual([]);
  });

  it('find the names a search spells through their phrases\' index, not by folding every entity\'s names', async () => {
    const ours = await withClient(new PreparingClient({ connectionString: db.url }), plans);
    const searches = ours.filter((p) => /\bspelled\s+AS\s+MATERIALIZED\b/.test(p.text));
    expect(searches.length).toBeGreaterThan(0);
    for (const search of searches) {
      const entityScans = nodes(search.explained[0].Plan)
        .filter((n) => n['Relation Name'] === 'entity' || /^entity_/.test(n['Index Name'] ?? ''))
        .map((n) => `${n['Node Type']} ${n['Index Name'] ?? n['Relation Name']}`);
      expect(entityScans).toContain('Bitmap Index Scan entity_name_phrase_idx');
      expect(entityScans).not.toContain('Seq Scan entity');
    }
  });

  it('rank a network\'s ring under its limit: the sort keeps only the ring, every member and merged entity left out before', async () => {
    const ours = await withClient(new PreparingClient({ connectionString: db.url }), plans);
    const rings = ours.filter((p) => /\bfrontier AS\b/.test(p.text) && /\bGROUP BY r\.dst\b/.test(p.text));
    expect(rings.length).toBeGreaterThan(0);
    for (const ring of rings) {
      const top = ring.explained[0].Plan;
      // a Limit straight over the Sort is a bounded (top-N) sort; anything between sorts every candidate
      const input = top.Plans?.find((n) => n['Parent Relationship'] === 'Outer');
      expect([top['Node Type'], input?.['Node Type']]).toEqual(['Limit', 'Sort']);
      expect(nodes(top).some((n) => n['Index Name'] === 'entity_merged_idx')).toBe(true);
    }
  });

  it('read a network\'s confirmed shares over all time by relation_summary\'s key, no participation', async () => {
    const ours = await withClient(new PreparingClient({ connectionString: db.url }), plans);
    const shares = ours.filter((p) => /\br\.confirmed\b/.test(p.text));
    expect(shares.length).toBe(1);
    const read = nodes(shares[0].explained[0].Plan).filter((n) => n['Relation Name']).map((n) => `${n['Node Type']} ${n['Index Name']}`);
    expect(read).toEqual(['Index Scan relation_summary_pkey']);
  });

  it('merge the shared events of a path\'s hop between two busy ends in index order, without probing each row', async () => {
    const ours = await withClient(new PreparingClient({ connectionString: db.url }), plans);
    const evidence = ours.filter((p) => /\bAS hop\b/.test(p.text) && /event_participant/.test(p.text));
    expect(evidence.length).toBeGreaterThan(0);
    for (const statement of evidence) {
      const merges = nodes(statement.explained[0].Plan).filter((n) => n['Node Type'] === 'Merge Join');
      expect(merges.length).toBeGreaterThan(0);
      // both sides read in the sort index's order (a Materialize may hold the inner side)
      const scans = merges.flatMap((m) => nodes(m).filter((n) => n['Relation Name'] === 'event_participant').map((n) => `${n['Node Type']} ${n['Index Name']}`));
      expect(scans).toEqual(['Index Only Scan event_participant_sort_idx', 'Index Only Scan event_participant_sort_idx']);
    }
  });
});
