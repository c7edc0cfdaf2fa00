import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { request } from '../lib/api';
import { h, fill, main } from '../lib/dom';
import { formatDate, t } from '../lib/i18n';
import { layout, ready, showError } from '../lib/layout';
import {
  ExploreEdgeEvidenceDocument, ExploreNetworkDocument, ExploreNodeEvidenceDocument, ExplorePathDocument, ExploreSearchDocument,
  type ExploreEdgeEvidenceQuery, type ExploreNetworkQuery, type RelationKind,
} from '../generated/operations';
import { entityHref, articleHref } from '../reader/links';
import { viewGraphml } from './graphml';
import { ALL_KINDS, daysBetween, edgeKey, lastDayOf, monthsBetween, readState, writeState, type ViewState } from './state';

type NetworkNode = ExploreNetworkQuery['network']['nodes'][number];
type NetworkEdge = ExploreNetworkQuery['network']['edges'][number];

const COLORS: Record<string, string> = { Person: '#0a4fb5', Organization: '#6f2dbd', Place: '#0b6b3a' };
const KIND_COLORS: Record<RelationKind, string> = { MET: '#c0392b', AFFILIATED: '#1f77b4', CO_MENTIONED: '#8c959f' };

let state: ViewState = readState(location.search);
const nodes = new Map<string, NetworkNode>();
const edges = new Map<string, NetworkEdge>();
/** Dated relations without the date window: the slider's distribution. */
let allDates: string[] = [];
let truncated = false;
let pathKeys = new Set<string>();
let pathNodes = new Set<string>();
let pathSteps: { from: string; to: string; kind: RelationKind }[] | null = null;
/** The answers already read, by operation and variables. */
const cache = new Map<string, Promise<ExploreNetworkQuery>>();

function network(center: string, depth: number, dated: boolean): Promise<ExploreNetworkQuery> {
  const variables = { center, depth, kinds: state.kinds, from: dated ? state.from : null, to: dated ? state.to : null };
  const key = JSON.stringify(variables);
  if (!cache.has(key)) cache.set(key, request(ExploreNetworkDocument, variables));
  return cache.get(key)!;
}

function updateUrl(push = false): void {
  const url = `/explore${writeState(state)}`;
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}

// ---------------------------------------------------------------- page skeleton

const searchInput = h('input', { id: 'search', type: 'search', autocomplete: 'off', 'aria-describedby': 'search-hint', 'aria-controls': 'search-results' });
const searchResults = h('ul', { id: 'search-results', class: 'results', 'aria-live': 'polite' });
const kindsBox = h('fieldset', {}, h('legend', {}, t('relationKinds')));
const dateBox = h('fieldset', {}, h('legend', {}, t('dateRange')));
const pathBox = h('fieldset', {}, h('legend', {}, t('path')));
const nodeList = h('ul', { class: 'node-list' });
const status = h('p', { role: 'status', 'aria-live': 'polite', class: 'muted' });
const panel = h('div', { class: 'evidence', 'aria-live': 'polite' });
const graphEl = h('div', { id: 'graph', role: 'img', 'aria-label': t('graphLabel') });
const actions = h('div', { class: 'actions' });

let cy: Core;

function skeleton(): void {
  document.body.classList.add('explore');
  fill(main(),
    h('h1', { class: 'visually-hidden' }, t('exploreTitle')),
    h('div', { class: 'explorer' },
      h('aside', { 'aria-label': t('filters') },
        h('label', { for: 'search' }, t('search')), searchInput,
        h('p', { id: 'search-hint', class: 'muted' }, t('searchHint')),
        searchResults,
        status,
        kindsBox, dateBox, pathBox,
        actions,
        h('h2', {}, t('nodes')), nodeList,
        h('div', { class: 'legend' },
          ALL_KINDS.map((k) => h('span', {}, h('span', { class: 'swatch', style: `background:${KIND_COLORS[k]}` }), t(k))),
          Object.entries(COLORS).map(([type, color]) => h('span', {}, h('span', { class: 'swatch', style: `background:${color};height:10px;width:10px` }), t(type === 'Person' ? 'person' : type === 'Organization' ? 'organization' : 'place')))),
      ),
      graphEl,
      h('aside', { 'aria-labelledby': 'evidence-title' }, h('h2', { id: 'evidence-title' }, t('evidence')), panel),
    ),
  );
  cy = cytoscape({
    container: graphEl,
    minZoom: 0.1,
    maxZoom: 4,
    wheelSensitivity: 0.3,
    style: [
      { selector: 'node', style: { label: 'data(name)', 'font-size': 11, 'min-zoomed-font-size': 7, 'text-wrap': 'ellipsis', 'text-max-width': '140px', color: '#1f2328', 'text-outline-color': '#fff', 'text-outline-width': 2, 'background-color': COLORS.Person, shape: 'ellipse', width: 22, height: 22, 'text-valign': 'bottom', 'text-margin-y': 3 } },
      // Types and kinds by class, not data mappers: a style per element is what a large draw spends most on.
      { selector: 'node.Organization', style: { 'background-color': COLORS.Organization, shape: 'round-rectangle' } },
      { selector: 'node.Place', style: { 'background-color': COLORS.Place, shape: 'diamond' } },
      { selector: 'node.center', style: { width: 32, height: 32, 'font-weight': 'bold' } },
      { selector: 'node.pinned', style: { 'border-width': 3, 'border-color': '#1f2328' } },
      { selector: 'edge', style: { width: 1, 'line-color': KIND_COLORS.CO_MENTIONED, 'curve-style': 'bezier' } },
      // Width by weight in six steps: edges of one style are drawn together.
      ...[2, 3, 4, 5, 6, 8].map((width, i) => ({ selector: `edge.w${i + 1}`, style: { width } })),
      { selector: 'edge.MET', style: { 'line-color': KIND_COLORS.MET } },
      { selector: 'edge.AFFILIATED', style: { 'line-color': KIND_COLORS.AFFILIATED } },
      // Many edges: straight lines drawn in one pass (parallel kinds overlap; the lists tell them apart).
      { selector: 'edge.many', style: { 'curve-style': 'haystack', 'haystack-radius': 0 } },
      // Hundreds of names are unreadable at once: shown when zoomed in, and for the nodes that matter.
      { selector: 'node.many', style: { label: '', 'text-outline-width': 0 } },
      { selector: 'node.many.named, node.many.center, node.many.path, node.many:selected, node.many.pinned', style: { label: 'data(name)' } },
      { selector: '.path', style: { 'line-color': '#ff7f0e', 'border-color': '#ff7f0e', 'border-width': 4, opacity: 1, 'z-index': 10 } },
      { selector: 'edge.path', style: { width: 8 } },
      { selector: ':selected', style: { 'overlay-color': '#1f6feb', 'overlay-opacity': 0.25, 'overlay-padding': 6 } },
    ],
  });
  let named = false;
  cy.on('zoom', () => {
    if (named === cy.zoom() >= 0.9) return;
    named = cy.zoom() >= 0.9;
    cy.batch(() => (named ? cy.nodes('.many').addClass('named') : cy.nodes('.named').removeClass('named')));
  });
  cy.on('tap', 'node', (e) => void selectNode(e.target.id(), true));
  cy.on('tap', 'edge', (e) => void selectEdge(e.target.id()));
  cy.on('tap', (e) => {
    if (e.target === cy) {
      state.selected = null;
      updateUrl();
      showNothing();
    }
  });
  cy.on('free', 'node', (e) => {
    // A node dragged and dropped stays where it was put: pinned.
    const id = e.target.id();
    if (!state.pinned.includes(id)) state.pinned.push(id);
    e.target.addClass('pinned');
    positions.set(id, { ...e.target.position() });
    updateUrl();
  });
}

// ---------------------------------------------------------------- search

let searchTimer = 0;
searchInput.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = window.setTimeout(() => void search(searchInput.value.trim()), 200);
});

async function search(text: string): Promise<void> {
  if (text.length < 2) return fill(searchResults);
  try {
    const { search } = await request(ExploreSearchDocument, { query: text });
    const hits = search.edges.map((e) => e.node).filter((n) => n.__typename !== 'Article') as { __typename: string; id: string; name: string }[];
    if (searchInput.value.trim() !== text) return;
    fill(searchResults, hits.length === 0 ? h('li', { class: 'muted' }, t('noResults')) : hits.map((n) =>
      h('li', {}, h('button', { type: 'button', onclick: () => void recenter(n.id) }, `${n.name} · ${t(n.__typename === 'Person' ? 'person' : n.__typename === 'Organization' ? 'organization' : 'place')}`))));
  } catch (e) {
    fill(searchResults, h('li', { class: 'error' }, (e as Error).message));
  }
}

async function recenter(id: string): Promise<void> {
  state = { ...state, center: id, expanded: [], hidden: [], pinned: [], selected: id, pathFrom: null, pathTo: null };
  positions.clear();
  clearPath();
  for (const select of pathBox.querySelectorAll('select')) select.value = '';
  fill(searchResults);
  searchInput.value = '';
  updateUrl(true);
  await load();
  await selectNode(id, false);
}

// ---------------------------------------------------------------- loading and drawing

async function load(): Promise<void> {
  if (!state.center) {
    status.textContent = '';
    return;
  }
  status.textContent = t('loading');
  const centers = [state.center, ...state.expanded.filter((x) => x !== state.center)];
  const dated = Boolean(state.from || state.to);
  const [answers, undated] = await Promise.all([
    Promise.all(centers.map((c, i) => network(c, i === 0 ? state.depth : 1, true))),
    dated ? Promise.all(centers.map((c, i) => network(c, i === 0 ? state.depth : 1, false))) : null,
  ]);
  nodes.clear();
  edges.clear();
  truncated = false;
  for (const { network } of answers) {
    truncated ||= network.truncated;
    for (const n of network.nodes) nodes.set(n.id, n);
    for (const e of network.edges) edges.set(edgeKey(e.source, e.target, e.kind), e);
  }
  const dates = new Set<string>();
  for (const { network } of undated ?? answers) {
    for (const e of network.edges) {
      for (const d of [e.firstSeen, e.lastSeen]) if (d) dates.add(`${d}|${e.source}|${e.target}`);
    }
  }
  allDates = [...dates].map((d) => d.slice(0, 10)).sort();
  status.textContent = truncated ? t('truncated') : '';
  renderKinds();
  renderDates();
  renderPathBox();
  renderNodeList();
  draw();
}

const positions = new Map<string, { x: number; y: number }>();

/** Draws what is loaded, less what is hidden; the layout keeps pinned nodes where they are. */
function draw(): void {
  const started = performance.now();
  const hidden = new Set(state.hidden);
  const pinned = new Set(state.pinned);
  const visible = [...nodes.values()].filter((n) => !hidden.has(n.id));
  const many = visible.length > 150 || edges.size > 400;
  const maxWeight = Math.max(1, ...[...edges.values()].map((e) => e.weight));
  const elements: ElementDefinition[] = visible.map((n) => ({
    group: 'nodes',
    data: { id: n.id, name: n.name },
    classes: [n.__typename, n.id === state.center ? 'center' : '', pinned.has(n.id) ? 'pinned' : '', pathNodes.has(n.id) ? 'path' : '', many ? 'many' : ''].filter(Boolean).join(' '),
    position: positions.get(n.id),
    locked: pinned.has(n.id) && positions.has(n.id),
  }));
  const shown = new Set(visible.map((n) => n.id));
  for (const [key, e] of edges) {
    if (!shown.has(e.source) || !shown.has(e.target)) continue;
    elements.push({
      group: 'edges',
      data: { id: key, source: e.source, target: e.target, kind: e.kind, weight: e.weight },
      classes: [e.kind, `w${Math.round((6 * e.weight) / maxWeight)}`, pathKeys.has(key) ? 'path' : '', many ? 'many' : ''].filter(Boolean).join(' '),
    });
  }
  if (visible.length > 150) placeInRings(elements, visible.map((n) => n.id));
  cy.batch(() => {
    cy.elements().remove();
    cy.add(elements);
  });
  const added = performance.now();
  const fresh = visible.some((n) => !positions.has(n.id));
  // Force-directed for what fits in a moment; beyond, rings by hops from the centre, placed
  // before the elements are added (no layout pass over hundreds of nodes).
  const options = visible.length <= 150
    ? { name: 'cose', animate: false, randomize: positions.size === 0, numIter: 800, nodeRepulsion: () => 600_000, idealEdgeLength: () => 140, edgeElasticity: () => 60, gravity: 0.2, nodeOverlap: 40, fit: true, padding: 40 }
    : null;
  const layout = options && (fresh || positions.size === 0) ? cy.layout(options as cytoscape.LayoutOptions) : null;
  const finish = () => {
    const laidOut = performance.now();
    // A few nodes fitted to a wide canvas would be drawn huge.
    if (cy.zoom() > 1.4) {
      cy.zoom(1.4);
      cy.center();
    }
    cy.nodes().forEach((n) => void positions.set(n.id(), { ...n.position() }));
    if (state.selected) cy.getElementById(state.selected).select();
    // Drawn: the next frame after the layout (the bench and the tests read these).
    requestAnimationFrame(() => {
      // The whole draw, and its parts: elements added, laid out, then painted.
      document.body.dataset.drawMs = String(Math.round(performance.now() - started));
      document.body.dataset.drawParts = [added - started, laidOut - added, performance.now() - laidOut].map(Math.round).join(',');
      document.body.dataset.nodes = String(cy.nodes().length);
      document.body.dataset.edges = String(cy.edges().length);
    });
  };
  if (layout) {
    layout.one('layoutstop', finish);
    layout.run();
  } else {
    fitPositions(visible.map((n) => n.id));
    finish();
  }
}

/**
 * Rings by hops from the centre (nodes reached from no drawn node last): each ring's nodes in
 * the order of the nodes they were reached from, so edges between rings cross little. Pinned
 * nodes keep their place. Linear in nodes and edges.
 */
function placeInRings(elements: ElementDefinition[], ids: string[]): void {
  const neighbours = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const el of elements) {
    if (el.group !== 'edges') continue;
    neighbours.get(el.data.source!)?.push(el.data.target!);
    neighbours.get(el.data.target!)?.push(el.data.source!);
  }
  const start = state.center && neighbours.has(state.center) ? state.center : ids[0];
  const rings: string[][] = [[start]];
  const seen = new Set([start]);
  while (rings[rings.length - 1].length) {
    const next: string[] = [];
    for (const id of rings[rings.length - 1]) for (const n of neighbours.get(id)!) if (!seen.has(n)) seen.add(n), next.push(n);
    rings.push(next);
  }
  rings.pop();
  const unreached = ids.filter((id) => !seen.has(id));
  if (unreached.length) rings.push(unreached);
  const at = new Map<string, { x: number; y: number }>();
  rings.forEach((ring, k) => {
    const radius = k === 0 ? 0 : Math.max(k * 160, (ring.length * 26) / (2 * Math.PI));
    ring.forEach((id, i) => {
      const angle = (2 * Math.PI * i) / ring.length;
      at.set(id, { x: radius * Math.cos(angle), y: radius * Math.sin(angle) });
    });
  });
  const pinned = new Set(state.pinned);
  for (const el of elements) {
    if (el.group === 'nodes' && !(pinned.has(el.data.id!) && positions.has(el.data.id!))) el.position = at.get(el.data.id!);
  }
}

/** cy.fit from the nodes' positions alone: fit measures every element's box, labels and edges included. */
function fitPositions(ids: string[]): void {
  let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const id of ids) {
    const p = cy.getElementById(id).position();
    [x1, y1, x2, y2] = [Math.min(x1, p.x), Math.min(y1, p.y), Math.max(x2, p.x), Math.max(y2, p.y)];
  }
  if (!Number.isFinite(x1)) return;
  const padding = 40;
  const zoom = Math.min(1.4, (cy.width() - 2 * padding) / Math.max(x2 - x1, 1), (cy.height() - 2 * padding) / Math.max(y2 - y1, 1));
  cy.viewport({ zoom, pan: { x: cy.width() / 2 - zoom * (x1 + x2) / 2, y: cy.height() / 2 - zoom * (y1 + y2) / 2 } });
}

function nameOf(id: string): string {
  return nodes.get(id)?.name ?? id;
}

function renderKinds(): void {
  fill(kindsBox, h('legend', {}, t('relationKinds')), ALL_KINDS.map((kind) => {
    const id = `kind-${kind}`;
    const box = h('input', { type: 'checkbox', id, checked: state.kinds.includes(kind) });
    box.addEventListener('change', () => {
      const kinds = ALL_KINDS.filter((k) => (k === kind ? box.checked : state.kinds.includes(k)));
      if (kinds.length === 0) {
        box.checked = true;
        return;
      }
      state.kinds = kinds;
      clearPath();
      updateUrl();
      void load();
    });
    return h('label', { for: id }, box, ' ', h('span', { class: 'swatch', style: `background:${KIND_COLORS[kind]}` }), t(kind));
  }));
}

/**
 * The date slider over the relations' evidence dates (first and last seen), with their
 * distribution above it: by day over a few months, by month beyond.
 */
function renderDates(): void {
  if (allDates.length === 0) return fill(dateBox, h('legend', {}, t('dateRange')), h('p', { class: 'muted' }, t('allDates')));
  // A window set before (a link, other kinds) stays on the slider even beyond today's dates.
  const first = state.from && state.from < allDates[0] ? state.from : allDates[0];
  const last = state.to && state.to > allDates[allDates.length - 1] ? state.to : allDates[allDates.length - 1];
  const byDay = Date.parse(last) - Date.parse(first) <= 120 * 86_400_000;
  const bins = byDay ? daysBetween(first, last) : monthsBetween(first, last);
  const binOf = (date: string) => (byDay ? date : date.slice(0, 7));
  const startOf = (bin: string) => (byDay ? bin : `${bin}-01`);
  const endOf = (bin: string) => (byDay ? bin : lastDayOf(bin));
  const shown = (bin: string) => formatDate(startOf(bin), byDay ? 'DAY' : 'MONTH');
  const counts = new Map<string, number>();
  for (const d of allDates) counts.set(binOf(d), (counts.get(binOf(d)) ?? 0) + 1);
  const most = Math.max(...counts.values());
  let low = state.from ? Math.max(0, bins.indexOf(binOf(state.from))) : 0;
  let high = state.to ? bins.indexOf(binOf(state.to)) : bins.length - 1;
  if (high < 0) high = bins.length - 1;
  const bars = bins.map((b) => h('span', { title: `${shown(b)}: ${counts.get(b) ?? 0}`, style: `height:${((counts.get(b) ?? 0) / most) * 100}%` }));
  const label = h('p', { 'aria-live': 'polite' });
  const fromInput = h('input', { type: 'range', id: 'date-from', min: 0, max: bins.length - 1, value: low, step: 1 });
  const toInput = h('input', { type: 'range', id: 'date-to', min: 0, max: bins.length - 1, value: high, step: 1 });
  const paint = () => {
    label.textContent = `${shown(bins[low])} – ${shown(bins[high])}`;
    bars.forEach((b, i) => b.classList.toggle('out', i < low || i > high));
    fromInput.setAttribute('aria-valuetext', shown(bins[low]));
    toInput.setAttribute('aria-valuetext', shown(bins[high]));
  };
  let timer = 0;
  const changed = () => {
    low = Math.min(Number(fromInput.value), Number(toInput.value));
    high = Math.max(Number(fromInput.value), Number(toInput.value));
    paint();
    clearTimeout(timer);
    timer = window.setTimeout(() => {
      state.from = low > 0 ? startOf(bins[low]) : null;
      state.to = high < bins.length - 1 ? endOf(bins[high]) : null;
      clearPath();
      updateUrl();
      void load();
    }, 300);
  };
  fromInput.addEventListener('input', changed);
  toInput.addEventListener('input', changed);
  fill(dateBox,
    h('legend', {}, t('dateRange')),
    h('div', { class: 'histogram', role: 'img', 'aria-label': t('dateDistribution') }, bars),
    h('div', { class: 'range' }, h('label', { for: 'date-from' }, t('fromDate')), fromInput, h('label', { for: 'date-to' }, t('toDate')), toInput),
    label,
    state.from || state.to ? h('button', { type: 'button', onclick: () => { state.from = null; state.to = null; updateUrl(); void load(); } }, t('allDates')) : null,
  );
  paint();
}

function renderNodeList(): void {
  const hidden = new Set(state.hidden);
  const list = [...nodes.values()].filter((n) => !hidden.has(n.id)).sort((a, b) => a.name.localeCompare(b.name));
  fill(nodeList, list.slice(0, 300).map((n) => h('li', {}, h('button', { type: 'button', onclick: () => void selectNode(n.id, false) }, n.name))));
  fill(actions,
    h('button', { type: 'button', onclick: exportGraphml }, t('exportGraphml')),
    h('button', { type: 'button', onclick: exportPng }, t('exportPng')),
    h('a', { href: graphmlHref(), download: 'network.graphml' }, t('serviceGraphml')),
    state.hidden.length ? h('button', { type: 'button', onclick: () => { state.hidden = []; updateUrl(); draw(); renderNodeList(); renderPathBox(); } }, t('showHidden', state.hidden.length)) : null,
  );
}

function graphmlHref(): string {
  const q = new URLSearchParams({ center: state.center ?? '', depth: String(state.depth) });
  if (state.from) q.set('from', state.from);
  if (state.to) q.set('to', state.to);
  if (state.kinds.length !== ALL_KINDS.length) q.set('kinds', state.kinds.join(','));
  return `/export/network.graphml?${q}`;
}

function download(href: string, name: string): void {
  const link = h('a', { href, download: name });
  document.body.append(link);
  link.click();
  link.remove();
}

function exportPng(): void {
  download(cy.png({ full: true, scale: 2, bg: '#ffffff' }), 'network.png');
}

/** What is drawn, as GraphML. */
function exportGraphml(): void {
  const drawnNodes = cy.nodes().map((n) => {
    const node = nodes.get(n.id());
    return { id: n.id(), type: node?.__typename ?? '', name: node?.name ?? n.id() };
  });
  const drawnEdges = cy.edges().map((e) => edges.get(e.id())).filter((e): e is NetworkEdge => e !== undefined);
  const url = URL.createObjectURL(new Blob([viewGraphml(drawnNodes, drawnEdges)], { type: 'application/graphml+xml' }));
  download(url, 'network-view.graphml');
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ---------------------------------------------------------------- path

function clearPath(): void {
  pathKeys = new Set();
  pathNodes = new Set();
  pathSteps = null;
}

function renderPathBox(): void {
  const hidden = new Set(state.hidden);
  const options = [...nodes.values()].filter((n) => !hidden.has(n.id)).sort((a, b) => a.name.localeCompare(b.name));
  const from = h('select', { id: 'path-from' }, h('option', { value: '' }, '—'), options.map((n) => h('option', { value: n.id }, n.name)));
  const to = from.cloneNode(true) as HTMLSelectElement;
  to.id = 'path-to';
  // A choice made but not yet asked for survives a redraw (an expansion finishing meanwhile).
  const chosen = (id: string) => (pathBox.querySelector(`#${id}`) as HTMLSelectElement | null)?.value || null;
  from.value = chosen('path-from') ?? state.pathFrom ?? state.center ?? '';
  to.value = chosen('path-to') ?? state.pathTo ?? '';
  // An end no longer drawn (filtered out, hidden) is not offered.
  for (const select of [from, to]) if (select.selectedIndex < 0) select.value = '';
  const result = h('div', { 'aria-live': 'polite' });
  if (pathSteps) fill(result, pathSteps.length === 0 ? h('p', {}, t('noPath')) : [h('p', {}, t('pathHops', pathSteps.length)), h('ol', {}, pathSteps.map((s) => h('li', {}, `${nameOf(s.from)} — ${t(s.kind)} — ${nameOf(s.to)}`)))]);
  const find = h('button', { type: 'button', class: 'primary' }, t('findPath'));
  find.addEventListener('click', () => {
    state.pathFrom = from.value || null;
    state.pathTo = to.value || null;
    updateUrl();
    void findPath();
  });
  fill(pathBox, h('legend', {}, t('path')), h('label', { for: 'path-from' }, t('pathFrom')), from, h('label', { for: 'path-to' }, t('pathTo')), to, h('div', { class: 'actions' }, find), result);
}

async function findPath(): Promise<void> {
  if (!state.pathFrom || !state.pathTo) return;
  const kinds = state.kinds.length === ALL_KINDS.length ? null : state.kinds;
  const { path } = await request(ExplorePathDocument, { from: state.pathFrom, to: state.pathTo, since: state.from, until: state.to, kinds });
  clearPath();
  pathSteps = path ? path.steps.map((s) => ({ from: s.from.id, to: s.to.id, kind: s.kind })) : [];
  for (const s of path?.steps ?? []) {
    for (const end of [s.from, s.to]) {
      pathNodes.add(end.id);
      if (!nodes.has(end.id)) nodes.set(end.id, { __typename: end.__typename, id: end.id, slug: '', name: end.name } as NetworkNode);
      state.hidden = state.hidden.filter((x) => x !== end.id);
    }
    const key = edgeKey(s.from.id, s.to.id, s.kind);
    pathKeys.add(key);
    if (!edges.has(key)) edges.set(key, { source: s.from.id, target: s.to.id, kind: s.kind, weight: 1, firstSeen: null, lastSeen: null } as NetworkEdge);
  }
  draw();
  renderPathBox();
  renderNodeList();
}

// ---------------------------------------------------------------- selection and evidence

function showNothing(): void {
  fill(panel, h('p', { class: 'muted' }, t('selectSomething')));
}

async function selectNode(id: string, expand: boolean): Promise<void> {
  state.selected = id;
  cy.elements().unselect();
  cy.getElementById(id).select();
  if (expand && !state.expanded.includes(id) && id !== state.center) {
    state.expanded.push(id);
    updateUrl();
    await load();
  } else updateUrl();
  const node = nodes.get(id);
  const pinned = state.pinned.includes(id);
  const connected = [...edges.entries()].filter(([, e]) => e.source === id || e.target === id).filter(([key]) => cy.getElementById(key).length > 0);
  fill(panel,
    h('h3', {}, node?.name ?? '…'),
    h('div', { class: 'actions' },
      node?.slug ? h('a', { class: 'button', href: entityHref(node.__typename, node.slug) }, t('openPage')) : null,
      id !== state.center && !state.expanded.includes(id) ? h('button', { type: 'button', onclick: () => void selectNode(id, true) }, t('expand')) : null,
      h('button', { type: 'button', 'aria-pressed': String(pinned), onclick: () => togglePin(id) }, pinned ? t('unpin') : t('pin')),
      id !== state.center ? h('button', { type: 'button', onclick: () => hide(id) }, t('hide')) : null,
    ),
    h('h4', {}, t('connections')),
    h('ul', { class: 'node-list connections' }, connected.sort((a, b) => b[1].weight - a[1].weight).map(([key, e]) =>
      h('li', {}, h('button', { type: 'button', 'data-edge': key, onclick: () => void selectEdge(key) }, `${nameOf(e.source === id ? e.target : e.source)} · ${t(e.kind)} · ${t('weight', e.weight)}`)))),
    h('div', { 'data-node-evidence': id }, t('loading')),
  );
  try {
    const { node: detail } = await request(ExploreNodeEvidenceDocument, { id });
    const holder = panel.querySelector(`[data-node-evidence]`);
    if (!holder || state.selected !== id || !detail || detail.__typename === 'Article' || !('events' in detail)) return;
    fill(holder,
      h('h4', {}, t('events')),
      detail.events.edges.length ? h('ul', {}, detail.events.edges.map(({ node: e }) => h('li', {}, e.date ? `${formatDate(e.date, e.datePrecision)} — ` : '', e.title, e.place ? ` — ${e.place.name}` : ''))) : h('p', { class: 'muted' }, t('noEvents')),
      h('h4', {}, t('articles')),
      h('ul', {}, detail.articles.edges.map(({ node: a }) => h('li', {}, h('a', { href: articleHref(a.slug) }, a.title)))),
    );
  } catch (e) {
    panel.querySelector('[data-node-evidence]')?.replaceChildren(t('error', (e as Error).message));
  }
}

function togglePin(id: string): void {
  const el = cy.getElementById(id);
  if (state.pinned.includes(id)) {
    state.pinned = state.pinned.filter((x) => x !== id);
    el.unlock().removeClass('pinned');
  } else {
    state.pinned.push(id);
    positions.set(id, { ...el.position() });
    el.lock().addClass('pinned');
  }
  updateUrl();
  void selectNode(id, false);
}

function hide(id: string): void {
  state.hidden.push(id);
  state.selected = null;
  updateUrl();
  draw();
  renderNodeList();
  renderPathBox();
  showNothing();
}

/** The sentence inside its article: the paragraph around it, the sentence marked. */
function inContext(body: string, start: number, end: number): HTMLElement {
  const before = body.lastIndexOf('\n', start - 1);
  const after = body.indexOf('\n', end);
  const from = Math.max(before + 1, start - 300);
  const to = Math.min(after < 0 ? body.length : after, end + 300);
  return h('blockquote', {}, from > 0 ? '… ' : '', body.slice(from, start), h('mark', {}, body.slice(start, end)), body.slice(end, to), to < body.length ? ' …' : '');
}

type EvidenceItem = NonNullable<ExploreEdgeEvidenceQuery['path']>['steps'][number]['evidence'][number];

function evidenceItem(item: EvidenceItem): HTMLElement {
  if (item.__typename === 'Article') return h('li', {}, h('a', { href: articleHref(item.slug) }, item.title), item.publishedAt ? ` · ${formatDate(item.publishedAt)}` : '');
  return h('li', { class: 'event' },
    h('strong', {}, item.title), item.date ? ` — ${formatDate(item.date, item.datePrecision)}` : '', item.place ? ` — ${item.place.name}` : '',
    item.evidence.map((ev) => h('div', {}, h('a', { href: articleHref(ev.article.slug) }, ev.article.title), inContext(ev.article.body, ev.start, ev.end))),
  );
}

async function selectEdge(key: string): Promise<void> {
  const edge = edges.get(key);
  if (!edge) return;
  state.selected = key;
  updateUrl();
  cy.elements().unselect();
  cy.getElementById(key).select();
  fill(panel, h('h3', {}, `${nameOf(edge.source)} — ${nameOf(edge.target)}`), h('p', {}, `${t(edge.kind)} · ${t('weight', edge.weight)}`,
    edge.firstSeen ? ` · ${formatDate(edge.firstSeen)}${edge.lastSeen && edge.lastSeen !== edge.firstSeen ? ` – ${formatDate(edge.lastSeen)}` : ''}` : ''), h('p', {}, t('loading')));
  try {
    const answer = await request(ExploreEdgeEvidenceDocument, { from: edge.source, to: edge.target, kinds: [edge.kind], since: state.from, until: state.to, both: [edge.source, edge.target] });
    if (state.selected !== key) return;
    const items = answer.path?.steps.flatMap((s) => s.evidence) ?? [];
    panel.lastElementChild!.replaceWith(
      h('section', { 'data-edge-evidence': key },
        h('h4', {}, t('evidence')), items.length ? h('ul', {}, items.map(evidenceItem)) : h('p', { class: 'muted' }, '—'),
        h('h4', {}, `${t('coMentioning')} (${answer.articles.totalCount})`),
        h('ul', {}, answer.articles.edges.map(({ node: a }) => h('li', {}, h('a', { href: articleHref(a.slug) }, a.title), a.publishedAt ? ` · ${formatDate(a.publishedAt)}` : '')))),
    );
  } catch (e) {
    panel.lastElementChild!.replaceWith(h('p', { class: 'error' }, t('error', (e as Error).message)));
  }
}

// ---------------------------------------------------------------- start

window.addEventListener('popstate', () => {
  state = readState(location.search);
  positions.clear();
  clearPath();
  void start();
});

async function start(): Promise<void> {
  await load();
  if (state.pathFrom && state.pathTo) await findPath();
  if (state.selected?.includes('~')) await selectEdge(state.selected);
  else if (state.selected && nodes.has(state.selected)) await selectNode(state.selected, false);
  else showNothing();
}

try {
  layout('explore', t('exploreTitle'));
  skeleton();
  await start();
  ready();
} catch (e) {
  showError(e);
}
