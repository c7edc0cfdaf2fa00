import type { DataSource } from 'typeorm';
import type { NamedEntity } from '../../entities';
import { ENTITY_TYPE_OF_KIND, toGlobalId } from '../../schema/global-id';
import { entityArgument, relationKinds, timeWindow, wholeNumberIn, type RelationKind } from './arguments';
import { buildNetwork, MAX_NETWORK_DEPTH, type NetworkResult } from './network';


export interface PublishedNetworkEdge {
  /** Global ids, as clients see them. */
  source: string;
  target: string;
  kind: RelationKind;
  weight: number;
  firstSeen: string | null;
  lastSeen: string | null;
}

export interface PublishedNetwork {
  nodes: NamedEntity[];
  edges: PublishedNetworkEdge[];
  truncated: boolean;
}

export const entityGlobalId = (e: Pick<NamedEntity, 'id' | 'kind'>) => toGlobalId(ENTITY_TYPE_OF_KIND[e.kind], e.id);
export const entityTypeName = (e: Pick<NamedEntity, 'kind'>) => ENTITY_TYPE_OF_KIND[e.kind];

/** A network with its ends named by global id: what GraphQL and the GraphML export both serve. */
export function publishNetwork(result: NetworkResult): PublishedNetwork {
  const idOf = new Map(result.nodes.map((n) => [n.id, entityGlobalId(n)]));
  return {
    nodes: result.nodes,
    truncated: result.truncated,
    edges: result.edges.map((e) => ({
      source: idOf.get(e.sourceId)!, target: idOf.get(e.targetId)!, kind: e.kind, weight: e.weight, firstSeen: e.firstSeen, lastSeen: e.lastSeen,
    })),
  };
}

export interface NetworkArguments {
  center: string;
  depth?: number | null;
  from?: string | null;
  to?: string | null;
  kinds?: readonly string[] | null;
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
  const center = await entityArgument('center', args.center, loadEntity);
  return publishNetwork(await buildNetwork(ds, { centerId: center.id, depth, window, kinds }));
}
