import type { DataSource } from 'typeorm';
import type { NamedEntity } from '../../entities';
import { ENTITY_TYPE_OF_KIND, toGlobalId } from '../../schema/global-id';
import { entityArgument, eventFilter, relationKinds, timeWindow, wholeNumberIn, type RelationKind } from './arguments';
import { buildNetwork, MAX_NETWORK_DEPTH, type NetworkRequest, type NetworkResult } from './network';
import { confirmedShareReader } from './relations';

export interface PublishedNetworkEdge {
  /** Global ids, as clients see them. */
  source: string;
  target: string;
  kind: RelationKind;
  weight: number;
  firstSeen: string | null;
  lastSeen: string | null;
  /** The share of a MET edge's events that editors confirmed; null for other kinds. Read when asked for. */
  confirmedShare: () => Promise<number | null>;
}

export interface PublishedNetwork {
  nodes: NamedEntity[];
  edges: PublishedNetworkEdge[];
  truncated: boolean;
}

export const entityGlobalId = (e: Pick<NamedEntity, 'id' | 'kind'>) => toGlobalId(ENTITY_TYPE_OF_KIND[e.kind], e.id);
export const entityTypeName = (e: Pick<NamedEntity, 'kind'>) => ENTITY_TYPE_OF_KIND[e.kind];

/** A network with its ends named by global id: what GraphQL and the GraphML export both serve. */
export function publishNetwork(ds: DataSource, req: Pick<NetworkRequest, 'window' | 'events'>, result: NetworkResult): PublishedNetwork {
  const idOf = new Map(result.nodes.map((n) => [n.id, entityGlobalId(n)]));
  const met = result.edges.filter((e) => e.kind === 'MET');
  const shareOf = confirmedShareReader(ds, met.map((e) => [e.sourceId, e.targetId] as const), req.window, req.events);
  const metIndex = new Map(met.map((e, i) => [e, i]));
  return {
    nodes: result.nodes,
    truncated: result.truncated,
    edges: result.edges.map((e) => {
      const i = metIndex.get(e);
      return {
        source: idOf.get(e.sourceId)!, target: idOf.get(e.targetId)!, kind: e.kind, weight: e.weight, firstSeen: e.firstSeen, lastSeen: e.lastSeen,
        confirmedShare: i === undefined ? async () => null : () => shareOf(i),
      };
    }),
  };
}

export interface NetworkArguments {
  center: string;
  depth?: number | null;
  from?: string | null;
  to?: string | null;
  kinds?: readonly string[] | null;
  status?: readonly string[] | null;
  minConfidence?: number | null;
}

export const DEFAULT_NETWORK_DEPTH = 2;

/**
 * The network an analyst asked for, arguments checked (BAD_USER_INPUT naming the
 * argument): the one entry point of the GraphQL field and the GraphML export.
 */
export async function networkFor(
  ds: DataSource,
  loadEntity: (id: number) => Promise<NamedEntity | null>,
  args: NetworkArguments,
): Promise<PublishedNetwork> {
  const depth = wholeNumberIn('depth', args.depth ?? DEFAULT_NETWORK_DEPTH, 1, MAX_NETWORK_DEPTH);
  const window = timeWindow('from', args.from, 'to', args.to);
  const kinds = relationKinds('kinds', args.kinds);
  const events = eventFilter(args);
  const center = await entityArgument('center', args.center, loadEntity);
  const req = { centerId: center.id, depth, window, kinds, events };
  return publishNetwork(ds, req, await buildNetwork(ds, req));
}
