/**
 * The drawn view as GraphML (what is on screen: expansions in, hidden nodes out), with the
 * keys of the service's own export (src/http/export-graphml.ts) so both open alike in Gephi or yEd.
 */
export interface ViewNode {
  id: string;
  type: string;
  name: string;
}

export interface ViewEdge {
  source: string;
  target: string;
  kind: string;
  weight: number;
  firstSeen?: string | null;
  lastSeen?: string | null;
}

// XML 1.0 forbids most control characters even escaped; they are dropped.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const escapeXml = (text: string) => text.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
const data = (key: string, value: string | number | null | undefined) => (value === null || value === undefined ? '' : `<data key="${key}">${escapeXml(String(value))}</data>`);

export function viewGraphml(nodes: readonly ViewNode[], edges: readonly ViewEdge[]): string {
  const keys = [['type', 'node', 'string'], ['name', 'node', 'string'], ['kind', 'edge', 'string'], ['weight', 'edge', 'double'], ['firstSeen', 'edge', 'string'], ['lastSeen', 'edge', 'string']];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' +
      ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ...keys.map(([id, on, type]) => `  <key id="${id}" for="${on}" attr.name="${id}" attr.type="${type}"/>`),
    '  <graph id="view" edgedefault="undirected">',
    ...nodes.map((n) => `    <node id="${escapeXml(n.id)}">${data('type', n.type)}${data('name', n.name)}</node>`),
    ...edges.map((e, i) => `    <edge id="e${i}" source="${escapeXml(e.source)}" target="${escapeXml(e.target)}">${data('kind', e.kind)}${data('weight', e.weight)}${data('firstSeen', e.firstSeen)}${data('lastSeen', e.lastSeen)}</edge>`),
    '  </graph>',
    '</graphml>',
    '',
  ].join('\n');
}
