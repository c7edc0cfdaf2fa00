import type { RelationKind } from '../generated/operations';

export const ALL_KINDS: RelationKind[] = ['MET', 'AFFILIATED', 'CO_MENTIONED'];

/** What the URL keeps of a view: bookmark it, share it, reload it. */
export interface ViewState {
  /** The entity the network is centred on (a global id). */
  center: string | null;
  /** Hops read around the centre, 1 to 4. */
  depth: number;
  /** Entities whose neighbours were added. */
  expanded: string[];
  hidden: string[];
  pinned: string[];
  kinds: RelationKind[];
  from: string | null;
  to: string | null;
  /** A node id, or an edge key (`source~target~KIND`). */
  selected: string | null;
  pathFrom: string | null;
  pathTo: string | null;
}

const list = (value: string | null) => (value ? value.split(',').filter(Boolean) : []);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function readState(search: string): ViewState {
  const q = new URLSearchParams(search);
  const kinds = list(q.get('k')).filter((k): k is RelationKind => (ALL_KINDS as string[]).includes(k));
  const depth = Number(q.get('d') ?? 1);
  const date = (name: string) => (DATE.test(q.get(name) ?? '') ? q.get(name) : null);
  return {
    center: q.get('c'),
    depth: Number.isInteger(depth) && depth >= 1 && depth <= 4 ? depth : 1,
    expanded: list(q.get('x')),
    hidden: list(q.get('h')),
    pinned: list(q.get('p')),
    kinds: kinds.length ? kinds : [...ALL_KINDS],
    from: date('from'),
    to: date('to'),
    selected: q.get('s'),
    pathFrom: q.get('pf'),
    pathTo: q.get('pt'),
  };
}

export function writeState(state: ViewState): string {
  const q = new URLSearchParams();
  if (state.center) q.set('c', state.center);
  if (state.depth !== 1) q.set('d', String(state.depth));
  if (state.expanded.length) q.set('x', state.expanded.join(','));
  if (state.hidden.length) q.set('h', state.hidden.join(','));
  if (state.pinned.length) q.set('p', state.pinned.join(','));
  if (state.kinds.length !== ALL_KINDS.length) q.set('k', state.kinds.join(','));
  if (state.from) q.set('from', state.from);
  if (state.to) q.set('to', state.to);
  if (state.selected) q.set('s', state.selected);
  if (state.pathFrom) q.set('pf', state.pathFrom);
  if (state.pathTo) q.set('pt', state.pathTo);
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** One key per undirected relation of one kind. */
export function edgeKey(a: string, b: string, kind: string): string {
  return a < b ? `${a}~${b}~${kind}` : `${b}~${a}~${kind}`;
}

/** Months from the first date to the last (YYYY-MM), for the slider and its distribution. */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let y = Number(first.slice(0, 4));
  let m = Number(first.slice(5, 7));
  const end = last.slice(0, 7);
  for (let i = 0; i < 600; i++) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    months.push(month);
    if (month >= end) break;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return months;
}

export function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** Days from the first date to the last (YYYY-MM-DD), both included. */
export function daysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`), end = Date.parse(`${last}T00:00:00Z`); t <= end && days.length < 400; t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}
