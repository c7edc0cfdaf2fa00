import type { DataSource } from 'typeorm';
import { NamedEntity } from '../../entities';
import { selectList } from '../../db/sql';
import type { EventFilter, RelationKind, TimeWindow } from './arguments';
import { graphPairsSql, inSet, kindStrengthSql, param, type RelationSets } from './relations';

export const MAX_NETWORK_DEPTH = 4;
export const MAX_NETWORK_NODES = 500;
/** Dense neighbourhoods (a few people in most events) relate hundreds of members pairwise: edges are capped too. */
export const MAX_NETWORK_EDGES = 2000;
/**
 * Over all time, the relations among members are read as each member's strongest
 * relations to other members, this many per kind: a pair is left out only when both ends
 * have this many stronger relations inside the network (the edge cap keeps the strongest
 * 2,000 in any case).
 */
const EDGES_PER_MEMBER = 12;

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
  /** Which events count as MET evidence. */
  events: EventFilter;
  /** The node cap (MAX_NETWORK_NODES unless a caller asks for fewer). */
  maxNodes?: number;
  /** The edge cap (MAX_NETWORK_EDGES unless a caller asks for fewer). */
  maxEdges?: number;
}

/**
 * The relations starting from a set of entities. Where the summary serves (graphPairsSql),
 * each entity's `perSource` strongest per kind; otherwise all of them, from the evidence.
 */
function pairsFrom(req: NetworkRequest, params: unknown[], sets: RelationSets, perSource: number): string {
  return graphPairsSql(req.kinds, req.window, req.events, params, sets, perSource);
}

/**
 * The next ring of the traversal: entities related to the frontier, neither in the network
 * nor merged away, at most `limit` of them, ranked by their strongest tie to the frontier, then
 * by the sum of their ties read. Ranking by the strongest tie makes each frontier entity's
 * `limit` strongest ties to entities outside the network enough to find the ring: members are
 * skipped in each one's strongest-first index scan rather than read and dropped after (a dense
 * frontier's ties are mostly to members; docs/performance.md).
 */
async function nextRing(ds: DataSource, frontier: number[], visited: number[], req: NetworkRequest, limit: number) {
  const params: unknown[] = [];
  const frontierIds = param(params, frontier);
  const visitedIds = param(params, visited);
  const pairs = pairsFrom(req, params, { from: 'frontier', notTo: 'outside' }, limit);
  const strength = kindStrengthSql('r.kind', 'r.weight');
  // Members and merged entities (a partial index's few rows) are left out before ranking, as
  // hashes built once: the ranking's sort then keeps only `limit` rows (docs/performance.md).
  const rows: { id: number }[] = await ds.query(
    `WITH frontier AS (SELECT unnest(${frontierIds}::int[]) AS id),
          outside AS (SELECT unnest(${visitedIds}::int[]) AS id UNION ALL SELECT e.id FROM entity e WHERE e.merged_into_id IS NOT NULL),
          pairs AS (${pairs})
     SELECT r.dst AS id
       FROM pairs r
      WHERE NOT ${inSet('r.dst', 'outside')}
      GROUP BY r.dst
      ORDER BY max(${strength}) DESC, sum(${strength}) DESC, r.dst
      LIMIT ${param(params, limit)}`,
    params,
  );
  return rows.map((r) => r.id);
}

/** The relations between two of the network's entities, each pair once per kind, strongest first, at most `limit`. */
async function edgesAmong(ds: DataSource, ids: number[], req: NetworkRequest, limit: number): Promise<NetworkEdgeRow[]> {
  const params: unknown[] = [];
  const nodeIds = param(params, ids);
  const pairs = pairsFrom(req, params, { from: 'members', to: 'members', sameEnds: true }, EDGES_PER_MEMBER);
  const rows: NetworkEdgeRow[] = await ds.query(
    `WITH members AS (SELECT unnest(${nodeIds}::int[]) AS id),
          -- each pair once per kind, whichever end listed it
          edges AS (
            SELECT DISTINCT ON (least(r.src, r.dst), greatest(r.src, r.dst), r.kind)
                   least(r.src, r.dst) AS "sourceId", greatest(r.src, r.dst) AS "targetId", r.kind, r.weight,
                   r.first_seen AS "firstSeen", r.last_seen AS "lastSeen"
              FROM (${pairs}) r
             ORDER BY least(r.src, r.dst), greatest(r.src, r.dst), r.kind)
     SELECT * FROM edges e
      ORDER BY ${kindStrengthSql('e.kind', 'e.weight')} DESC, e."sourceId", e."targetId", e.kind
      LIMIT ${param(params, limit)}`,
    params,
  );
  return rows;
}

/**
 * The entities within `depth` hops of the center and the relations among them. The
 * traversal runs ring by ring in PostgreSQL (one statement per ring); when a ring would
 * take the network past the node cap, only its most strongly tied entities are kept and
 * the result says it was truncated; so it does when the relations among the members pass
 * the edge cap and only the strongest are kept.
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
  const maxEdges = req.maxEdges ?? MAX_NETWORK_EDGES;
  const [edges, nodes] = await Promise.all([
    edgesAmong(ds, members, req, maxEdges + 1),
    ds.query(`SELECT ${selectList(ds, NamedEntity, 'e')} FROM entity e WHERE e.id = ANY($1)`, [members]) as Promise<NamedEntity[]>,
  ]);
  if (edges.length > maxEdges) {
    truncated = true;
    edges.length = maxEdges;
  }
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
