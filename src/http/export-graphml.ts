import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import { createLoaders } from '../loaders';
import { userInputError } from '../schema/errors';
import { entityGlobalId, entityTypeName, networkFor, type PublishedNetwork } from '../services/graph/published-network';
import { identifiersOf, type EntityIdentifier } from '../services/identifiers/identifiers';
import { IDENTIFIER_SCHEMES } from '../services/identifiers/schemes';
import type { AppDeps } from '../context';

/**
 * GET /export/network.graphml?center=<global id>&depth=N[&from=YYYY-MM-DD][&to=YYYY-MM-DD][&kinds=MET,AFFILIATED]
 *     [&status=PROPOSED,CONFIRMED][&minConfidence=0.5]
 * The same network as the GraphQL `network` field, with its arguments and defaults, as GraphML
 * for Gephi or yEd; each edge carries its confirmedShare (none for CO_MENTIONED, AFFILIATED).
 */

// XML 1.0 forbids most control characters even escaped; they are dropped.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

const KEYS = [
  { id: 'type', for: 'node', type: 'string' },
  { id: 'name', for: 'node', type: 'string' },
  { id: 'kind', for: 'edge', type: 'string' },
  { id: 'weight', for: 'edge', type: 'double' },
  { id: 'firstSeen', for: 'edge', type: 'string' },
  { id: 'lastSeen', for: 'edge', type: 'string' },
  { id: 'confirmedShare', for: 'edge', type: 'double' },
  { id: 'truncated', for: 'graph', type: 'boolean' },
  // A node's external identifiers, one key per scheme (values of one scheme space-separated).
  ...[...IDENTIFIER_SCHEMES.keys()].map((scheme) => ({ id: scheme, for: 'node', type: 'string' })),
];

const data = (key: string, value: string | number | boolean | null) =>
  value === null ? '' : `<data key="${key}">${escapeXml(String(value))}</data>`;

/** A node's identifiers as data elements, by scheme. */
function identifierData(identifiers: readonly EntityIdentifier[]): string {
  const byScheme = new Map<string, string[]>();
  for (const i of identifiers) byScheme.set(i.scheme, [...(byScheme.get(i.scheme) ?? []), i.value]);
  return [...byScheme].map(([scheme, values]) => data(scheme, values.join(' '))).join('');
}

/** `confirmedShares`: each edge's, in the order of `network.edges` (absent: none written). */
export function toGraphml(network: PublishedNetwork, identifiers: readonly EntityIdentifier[] = [], confirmedShares: readonly (number | null)[] = []): string {
  const ofNode = new Map<number, EntityIdentifier[]>();
  for (const i of identifiers) ofNode.set(i.entityId, [...(ofNode.get(i.entityId) ?? []), i]);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' +
      ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ...KEYS.map((k) => `  <key id="${k.id}" for="${k.for}" attr.name="${k.id}" attr.type="${k.type}"/>`),
    '  <graph id="network" edgedefault="undirected">',
    `    ${data('truncated', network.truncated)}`,
    ...network.nodes.map((n) => `    <node id="${escapeXml(entityGlobalId(n))}">${data('type', entityTypeName(n))}${data('name', n.name)}${identifierData(ofNode.get(n.id) ?? [])}</node>`),
    ...network.edges.map(
      (e, i) =>
        `    <edge id="e${i}" source="${escapeXml(e.source)}" target="${escapeXml(e.target)}">` +
        `${data('kind', e.kind)}${data('weight', e.weight)}${data('firstSeen', e.firstSeen)}${data('lastSeen', e.lastSeen)}` +
        `${data('confirmedShare', confirmedShares[i] ?? null)}</edge>`,
    ),
    '  </graph>',
    '</graphml>',
    '',
  ];
  return lines.join('\n');
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function dateParam(url: URL, name: string): string | null {
  const value = url.searchParams.get(name);
  if (value === null || value === '') return null;
  const parsed = DATE.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
    throw userInputError(name, `expected a calendar date YYYY-MM-DD, got "${value.slice(0, 40)}"`);
  }
  return value;
}

function depthParam(url: URL): number | null {
  const value = url.searchParams.get('depth');
  if (value === null || value === '') return null;
  if (!/^-?\d{1,3}$/.test(value)) throw userInputError('depth', `expected a whole number, got "${value.slice(0, 40)}"`);
  return Number(value);
}

/** `kinds=MET,AFFILIATED` or `kinds=MET&kinds=AFFILIATED` (also `status`); absent: null, the field's default. */
function listParam(url: URL, name: string): string[] | null {
  const values = url.searchParams.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  return url.searchParams.has(name) ? values : null;
}

/** A decimal number; its range is the network's to check. */
function numberParam(url: URL, name: string): number | null {
  const value = url.searchParams.get(name);
  if (value === null || value === '') return null;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value)) throw userInputError(name, `expected a number from 0 to 1, got "${value.slice(0, 40)}"`);
  return Number(value);
}

export async function exportNetworkGraphml(req: IncomingMessage, res: ServerResponse, url: URL, deps: AppDeps): Promise<void> {
  const center = url.searchParams.get('center');
  let network: PublishedNetwork;
  try {
    if (!center) throw userInputError('center', 'required: the global id of a person, organization or place');
    const loaders = createLoaders(deps.dataSource);
    network = await networkFor(deps.dataSource, (id) => loaders.entityById.load(id), {
      center, depth: depthParam(url), from: dateParam(url, 'from'), to: dateParam(url, 'to'), kinds: listParam(url, 'kinds'),
      status: listParam(url, 'status'), minConfidence: numberParam(url, 'minConfidence'),
    });
  } catch (e) {
    if (!(e instanceof GraphQLError && e.extensions.code === 'BAD_USER_INPUT')) throw e;
    // The same body shape as the server's other 400s, with the argument at fault.
    res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' });
    return void res.end(JSON.stringify({ errors: [{ message: e.message, extensions: { code: 'BAD_USER_INPUT', argument: e.extensions.argument } }] }));
  }
  const [identifiers, confirmedShares] = await Promise.all([
    identifiersOf(deps.dataSource, network.nodes.map((n) => n.id)),
    req.method === 'HEAD' ? [] : Promise.all(network.edges.map((e) => e.confirmedShare())),
  ]);
  res.writeHead(200, {
    'content-type': 'application/graphml+xml; charset=utf-8',
    'content-disposition': 'attachment; filename="network.graphml"',
  });
  res.end(req.method === 'HEAD' ? undefined : toGraphml(network, identifiers, confirmedShares));
}
