import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from './database';

/**
 * The plans of the statements a connection's triggers ran, as they ran (auto_explain with
 * nested statements, sent back to the session as notices): to check that a trigger's plan,
 * cached by PL/pgSQL for its connection's first small statement, cannot go quadratic on a
 * large one. By default only plans reading a transition table (Named Tuplestore Scan) are kept.
 */
export interface PlanNode {
  'Node Type': string;
  'Parent Relationship'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

export interface RanPlan {
  query: string;
  plan: PlanNode;
}

/**
 * Starts collecting on `client` (connected); the returned list fills as statements run. By
 * default the plans reading a transition table; `keep` chooses others by their query's text.
 */
export async function collectTriggerPlans(client: Client, keep?: (query: string) => boolean): Promise<RanPlan[]> {
  const plans: RanPlan[] = [];
  client.on('notice', (n) => {
    const text = String(n.message);
    const at = text.indexOf('plan:\n');
    if (at < 0) return;
    const explained = JSON.parse(text.slice(at + 6)) as { 'Query Text': string; Plan: PlanNode };
    if (keep ? keep(explained['Query Text']) : text.includes('Named Tuplestore Scan')) plans.push({ query: explained['Query Text'], plan: explained.Plan });
  });
  await client.query(`LOAD 'auto_explain'`);
  for (const [k, v] of Object.entries({ log_min_duration: '0', log_nested_statements: 'on', log_format: 'json', log_level: 'notice' })) {
    await client.query(`SET auto_explain.${k} = '${v}'`);
  }
  return plans;
}

/** Node types through which a transition table's rows would meet another relation's, row by row. */
const JOINS = new Set(['Nested Loop', 'Hash Join', 'Merge Join']);

/**
 * Where a transition table (Named Tuplestore Scan) is read other than by an aggregate: the
 * first node above it that is a join or a per-row subplan, before any Aggregate.
 */
export function transitionTableJoins(plan: PlanNode): string[] {
  const found: string[] = [];
  const walk = (node: PlanNode, path: PlanNode[]) => {
    if (node['Node Type'] === 'Named Tuplestore Scan') {
      for (let i = path.length - 1, child = node; i >= 0; child = path[i], i--) {
        if (path[i]['Node Type'] === 'Aggregate') return;
        if (child['Parent Relationship'] === 'SubPlan' || JOINS.has(path[i]['Node Type'])) {
          found.push(`${path[i]['Node Type']}${child['Parent Relationship'] === 'SubPlan' ? ' (SubPlan)' : ''}`);
          return;
        }
      }
    }
    for (const c of node.Plans ?? []) walk(c, [...path, node]);
  };
  walk(plan, []);
  return found;
}

/** A database of the test file's own and one connection to it whose trigger plans are collected. */
export interface TriggerPlansSession {
  db: TestDatabase;
  client: Client;
  /** The plans of the statements that read a transition table, as they ran. */
  plans: RanPlan[];
  close(): Promise<void>;
}

export async function openTriggerPlansSession(): Promise<TriggerPlansSession> {
  const db = await createTestDatabase();
  const client = new Client({ connectionString: db.url });
  await client.connect();
  const plans = await collectTriggerPlans(client);
  return {
    db, client, plans,
    async close() {
      await client.end();
      await db.drop();
    },
  };
}
