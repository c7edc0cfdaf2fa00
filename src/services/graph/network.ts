import type { DataSource } from 'typeorm';
import { NamedEntity } from '../../entities';
import { selectList } from '../../db/sql';
import type { RelationKind, TimeWindow } from './arguments';
import { param, relationPairsSql, strengthSql } from './relations';

export const MAX_NETWORK_DEPTH = 4;
export const MAX_NETWORK_NODES = 500;

export interface NetworkEdgeRow {
  sourceId: number;
  targetId: number;
  kind: RelationKind;
  weight: number;
  firstSeen: string | null;
  lastSeen: string | null;
}

export interface NetworkResult {
  /** The center first, then by hop distance and, within a hop, strongest first. */
  nodes: NamedEntity[];
  edges: NetworkEdgeRow[];
  truncated: boolean;
}

export interface NetworkRequest {
  centerId: number;
  depth: number;
  window: TimeWindow;
  kinds: readonly RelationKind[];
  /** The node cap (MAX_NETWORK_NODES unless a caller asks for fewer). */
  maxNodes?: number;
}

/**
 * The next ring of the traversal: entities related to the frontier and not yet in the
 * network, strongest tie to the frontier first, at most `limit` of them.
 */
async function nextRing(ds: DataSource, frontier: number[], visited: number[], req: NetworkRequest, limit: number) {
  const params: unknown[] = [];
  const frontierIds = param(params, frontier);
  const visitedIds = param(params, visited);
  const pairs = relationPairsSql(req.kinds, req.window, params, { from: 'frontier' });
  const rows: { id: number }[] = await ds.query(
    `WITH frontier AS (SELECT f.id, e.kind FROM unnest(${frontierIds}::int[]) AS f(id) JOIN entity e ON e.id = f.id),
          visited AS (SELECT unnest(${visitedIds}::int[]) AS id),
          pairs AS (${pairs})
     SELECT r.dst AS id
       FROM pairs r
       JOIN frontier f ON f.id = r.src
       JOIN entity e ON e.id = r.dst AND e.merged_into_id IS NULL
      WHERE NOT EXISTS (SELECT 1 FROM visited v WHERE v.id = r.dst)
      GROUP BY r.dst
      ORDER BY sum(${strengthSql('r.kind', 'r.weight', 'f.kind', 'e.kind')}) DESC, r.dst
      LIMIT ${param(params, limit)}`,
    params,
  );
  return rows.map((r) => r.id);
}

/** Every relation between two of the network's entities, each pair once per kind. */
async function edgesAmong(ds: DataSource, ids: number[], req: NetworkRequest): Promise<NetworkEdgeRow[]> {
  const params: unknown[] = [];
  const nodeIds = param(params, ids);
  const pairs = relationPairsSql(req.kinds, req.window, params, { from: 'members', to: 'members' });
  const rows: NetworkEdgeRow[] = await ds.query(
    `WITH members AS (SELECT unnest(${nodeIds}::int[]) AS id)
     SELECT r.src AS "sourceId", r.dst AS "targetId", r.kind, r.weight, r.first_seen AS "firstSeen", r.last_seen AS "lastSeen"
       FROM (${pairs}) r
      WHERE r.src < r.dst
      ORDER BY r.weight DESC, r.src, r.dst, r.kind`,
    params,
  );
  return rows;
}

/**
 * The entities within `depth` hops of the center and the relations among them. The
 * traversal runs ring by ring in PostgreSQL (one statement per ring); when a ring would
 * take the network past the node cap, only its most strongly tied entities are kept and
 * the result says it was truncated.
 */
export async function buildNetwork(ds: DataSource, req: NetworkRequest): Promise<NetworkResult> {
  const maxNodes = req.maxNodes ?? MAX_NETWORK_NODES;
  const members = [req.centerId];
  let frontier = [req.centerId];
  let truncated = false;
  for (let ring = 1; ring <= req.depth && frontier.length > 0 && !truncated; ring++) {
    const room = maxNodes - members.length;
    // One more than there is room for tells whether the ring had to be cut.
    const found = await nextRing(ds, frontier, members, req, room + 1);
    if (found.length > room) {
      truncated = true;
      found.length = room;
    }
    members.push(...found);
    frontier = found;
  }
  const [edges, nodes] = await Promise.all([
    edgesAmong(ds, members, req),
    ds.query(`SELECT ${selectList(ds, NamedEntity, 'e')} FROM entity e WHERE e.id = ANY($1)`, [members]) as Promise<NamedEntity[]>,
  ]);
  const order = new Map(members.map((id, i) => [id, i]));
  nodes.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  // An affiliation reads person -> organization; other relations are symmetric.
  const kindOf = new Map(nodes.map((n) => [n.id, n.kind]));
  for (const edge of edges) {
    if (edge.kind === 'AFFILIATED' && kindOf.get(edge.sourceId) !== 'person') {
      [edge.sourceId, edge.targetId] = [edge.targetId, edge.sourceId];
    }
  }
  return { nodes, edges, truncated };
}
