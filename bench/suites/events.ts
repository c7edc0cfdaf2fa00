import { HELD_OUT, LABELLED } from '../events/labelled';
import { scoreLabelledSet, type Scores } from '../events/score';
import { EXTRACTION_THRESHOLD } from '../../src/services/events/extract';
import type { BenchSuite } from '../context';

/**
 * Issue 17's quality goals: precision >= 0.9 and recall >= 0.75 of events (kind,
 * participants, date and place each right) and of MET pairs, at the extraction threshold,
 * on the labelled texts of bench/events/labelled.ts; the held-out texts (written after
 * tuning) are reported apart.
 */
const GOAL = { precision: 0.9, recall: 0.75 };

const line = (label: string, count: number, s: Scores) => {
  const met = s.events.precision >= GOAL.precision && s.events.recall >= GOAL.recall ? 'goal met' : 'GOAL MISSED';
  return `${label} (${count} texts, threshold ${EXTRACTION_THRESHOLD}): events precision ${s.events.precision.toFixed(3)} ` +
    `recall ${s.events.recall.toFixed(3)} (${s.events.truePositives} right of ${s.events.proposed} proposed, ${s.events.expected} expected; ${met}); ` +
    `MET pairs precision ${s.metPairs.precision.toFixed(3)} recall ${s.metPairs.recall.toFixed(3)} (${s.metPairs.truePositives}/${s.metPairs.proposed}/${s.metPairs.expected})`;
};

export const eventsSuite: BenchSuite = {
  name: 'events',
  onlyWhenNamed: true,
  async run() {
    const tuned = scoreLabelledSet();
    const heldOut = scoreLabelledSet(undefined, HELD_OUT);
    const all = scoreLabelledSet(undefined, [...LABELLED, ...HELD_OUT]);
    const misses = [...tuned.misses, ...heldOut.misses].map((m) => `  ${m.id}: expected ${m.expected.join('; ') || 'nothing'}; proposed ${m.proposed.join('; ') || 'nothing'}`);
    return {
      rows: [],
      notes: [
        line('labelled set, all', LABELLED.length + HELD_OUT.length, all),
        line('texts tuned on', LABELLED.length, tuned),
        line('held-out texts', HELD_OUT.length, heldOut),
        ...(misses.length ? ['texts not answered exactly:', ...misses] : []),
      ],
    };
  },
};
