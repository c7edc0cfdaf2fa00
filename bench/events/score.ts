import { extractEvents, type ProposedEvent } from '../../src/services/events/extract';
import { EXTRACTION_THRESHOLD } from '../../src/services/events/extract';
import { Gazetteer } from '../../src/services/linking/gazetteer';
import { CAST } from './cast';
import { LABELLED, type GoldEvent, type LabelledText } from './labelled';

export interface Scores {
  events: { precision: number; recall: number; truePositives: number; proposed: number; expected: number };
  metPairs: { precision: number; recall: number; truePositives: number; proposed: number; expected: number };
  /** Per text: what was expected and what was proposed, for the texts that differ. */
  misses: { id: string; expected: string[]; proposed: string[] }[];
}

const castGazetteer = () => new Gazetteer(CAST.map((c, i) => ({
  entityId: i + 1, kind: c.kind, names: [c.name, ...c.aliases, ...(c.acronym ? [c.acronym] : [])], acronyms: c.acronym ? [c.acronym] : [],
})));

const describe = (e: GoldEvent) =>
  `${e.kind} [${[...e.participants].sort().join(', ')}] ${e.date ?? '-'}/${e.precision ?? '-'} @${e.place ?? '-'}`;

function asGold(p: ProposedEvent): GoldEvent {
  return {
    kind: p.kind, participants: p.participants.map((x) => CAST[x.entityId - 1].name),
    date: p.date, precision: p.precision, place: p.placeId === null ? null : CAST[p.placeId - 1].name,
  };
}

const pairsOf = (events: GoldEvent[]) => {
  const pairs = new Set<string>();
  for (const e of events) {
    const names = [...new Set(e.participants)].sort();
    for (let a = 0; a < names.length; a++) for (let b = a + 1; b < names.length; b++) pairs.add(`${names[a]}|${names[b]}`);
  }
  return pairs;
};

/** The extractor's proposals for one labelled text, at the threshold. */
export function proposalsFor(item: LabelledText, gazetteer = castGazetteer(), threshold = EXTRACTION_THRESHOLD): GoldEvent[] {
  const mentions = gazetteer.link(item.text);
  return extractEvents({
    body: item.text, publishedAt: item.publishedAt ? new Date(item.publishedAt) : null, mentions,
    kindOf: (id) => CAST[id - 1]?.kind,
  }).filter((p) => p.confidence >= threshold).map(asGold);
}

/**
 * Precision and recall of events (kind, participants, date with its precision and place each
 * right) and of the pairs of participants they make (the graph's MET pairs), over the set.
 */
export function scoreLabelledSet(threshold = EXTRACTION_THRESHOLD, items: LabelledText[] = LABELLED): Scores {
  const gazetteer = castGazetteer();
  let tp = 0, proposed = 0, expected = 0, pairTp = 0, pairProposed = 0, pairExpected = 0;
  const misses: Scores['misses'] = [];
  for (const item of items) {
    const got = proposalsFor(item, gazetteer, threshold);
    const want = item.events.map(describe);
    const have = got.map(describe);
    const left = [...want];
    let hits = 0;
    for (const h of have) {
      const at = left.indexOf(h);
      if (at >= 0) {
        left.splice(at, 1);
        hits++;
      }
    }
    tp += hits;
    proposed += have.length;
    expected += want.length;
    const gotPairs = pairsOf(got);
    const wantPairs = pairsOf(item.events);
    pairProposed += gotPairs.size;
    pairExpected += wantPairs.size;
    for (const p of gotPairs) if (wantPairs.has(p)) pairTp++;
    if (hits !== want.length || hits !== have.length) misses.push({ id: item.id, expected: want, proposed: have });
  }
  const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
  return {
    events: { precision: ratio(tp, proposed), recall: ratio(tp, expected), truePositives: tp, proposed, expected },
    metPairs: { precision: ratio(pairTp, pairProposed), recall: ratio(pairTp, pairExpected), truePositives: pairTp, proposed: pairProposed, expected: pairExpected },
    misses,
  };
}
