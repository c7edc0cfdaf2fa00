import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { projectRoot } from '../../src/config';
import { toGlobalId } from '../../src/schema/global-id';
import type { BenchContext, BenchSuite } from '../context';
import { measureSequential, timedRequest } from '../sequential';

const operation = (name: string) => fs.readFileSync(path.join(projectRoot, 'operations', `${name}.graphql`), 'utf8');

/** Requests measured per operation, after WARMUP unmeasured ones. */
const REQUESTS = 400;
const WARMUP = 40;
const SAMPLE = 500;

/** Issue 4's targets: p95 on a quiet server with one client, on 10,000 people and 100,000 events. */
const TARGETS = { met: 20, network: 150, path: 100 };

/** The network with each edge's confirmed share, under an event filter (the field's defaults when absent). */
const TRUSTED_NETWORK = `query ($center: ID!, $status: [EventStatus!], $minConfidence: Float) {
  network(center: $center, depth: 2, status: $status, minConfidence: $minConfidence) {
    nodes { id } edges { source target kind weight confirmedShare } } }`;

/** One client, one request at a time, `REQUESTS` after `WARMUP`. */
const sequential = (ctx: BenchContext, name: string, query: string, variables: (n: number) => Record<string, unknown>) =>
  measureSequential(ctx, name, (n) => timedRequest(ctx, query, variables(n)), { warmup: WARMUP, max: REQUESTS });

const ENTITY_TYPE = { person: 'Person', organization: 'Organization', place: 'Place' } as const;

/**
 * Issue 4's graph queries on the synthetic dataset (run with --people 10000 --events 100000):
 * who-met-whom (person.met) for random people, network at depth 2 around random people,
 * and path with maxHops 4 between random pairs of people that are connected.
 */
export const graphSuite: BenchSuite = {
  name: 'graph',
  async run(ctx) {
    const db = new Client({ connectionString: ctx.databaseUrl });
    await db.connect();
    let people: { id: number; slug: string; kind: keyof typeof ENTITY_TYPE }[];
    try {
      // A freshly loaded dataset has no visibility map or statistics yet; autovacuum would
      // settle it within minutes on a real server. Index-only scans depend on it.
      await db.query(`VACUUM ANALYZE event_participant, article_entity, relation_summary, affiliation, entity`);
      // Random people who took part in at least one event (deterministic order: md5 of the slug).
      people = (
        await db.query(
          `SELECT e.id, e.slug, e.kind FROM entity e
            WHERE e.kind = 'person' AND EXISTS (SELECT 1 FROM event_participant p WHERE p.entity_id = e.id)
            ORDER BY md5(e.slug) LIMIT ${SAMPLE * 2}`,
        )
      ).rows;
    } finally {
      await db.end();
    }
    if (people.length < 10) throw new Error('graph: the dataset has too few people with events');
    const idOf = (p: (typeof people)[number]) => toGlobalId(ENTITY_TYPE[p.kind], p.id);
    const centers = people.slice(0, SAMPLE);

    const met = await sequential(ctx, 'who-met-whom (person.met)', operation('who-met-whom'), (n) => ({ slug: centers[n % centers.length].slug }));
    const network = await sequential(ctx, 'network depth 2', operation('network'), (n) => ({ center: idOf(centers[n % centers.length]), depth: 2 }));
    // Issue 17: what an edge's confirmed share costs (default filter, relation_summary), and a
    // filter that reads the events themselves.
    const shares = await sequential(ctx, 'network depth 2 + confirmedShare', TRUSTED_NETWORK, (n) => ({ center: idOf(centers[n % centers.length]) }));
    const confirmedOnly = await sequential(ctx, 'network depth 2, CONFIRMED >= 0.5 + confirmedShare', TRUSTED_NETWORK,
      (n) => ({ center: idOf(centers[n % centers.length]), status: ['CONFIRMED'], minConfidence: 0.5 }));

    // Pairs connected within 4 hops, found (outside the measurement) by asking.
    const pathQuery = operation('path');
    const pairs: { from: string; to: string }[] = [];
    let unconnected = 0;
    for (let i = 0; pairs.length < 100 && i < people.length - 1; i += 2) {
      const pair = { from: idOf(people[i]), to: idOf(people[i + 1]) };
      const probe = await timedRequest(ctx, pathQuery, { ...pair, maxHops: 4 });
      if (probe.data?.path) pairs.push(pair);
      else unconnected++;
    }
    if (!pairs.length) throw new Error('graph: no pair of sampled people is connected within 4 hops');
    const pathRun = await sequential(ctx, 'path maxHops 4', pathQuery, (n) => ({ ...pairs[n % pairs.length], maxHops: 4 }));

    const verdict = (p95: number, target: number) => `p95 ${p95.toFixed(1)} ms (target < ${target} ms: ${p95 < target ? 'met' : 'NOT met'})`;
    const shape = `${ctx.dataset.people ?? '?'} people, ${ctx.dataset.events ?? '?'} events`;
    return {
      rows: [met.row, network.row, shares.row, confirmedOnly.row, pathRun.row],
      notes: [
        `one client, sequential requests, ${REQUESTS} per operation after ${WARMUP} warm-up, over ${centers.length} random people with events (${shape}); ` +
          `load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs (not quiet when above the CPU count)`,
        `person.met (who-met-whom.graphql): ${verdict(met.p95, TARGETS.met)}`,
        `network depth 2 (network.graphql): ${verdict(network.p95, TARGETS.network)}`,
        `network depth 2 with confirmedShare: ${verdict(shares.p95, TARGETS.network)}; CONFIRMED, minConfidence 0.5 (read from the events): ${verdict(confirmedOnly.p95, TARGETS.network)}`,
        `path maxHops 4 (path.graphql) over ${pairs.length} connected pairs (${unconnected} sampled pairs had no path): ${verdict(pathRun.p95, TARGETS.path)}`,
      ],
    };
  },
};
