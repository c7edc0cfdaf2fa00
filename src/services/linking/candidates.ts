import { FIRST_NAMES, isCommonWord, NAME_PARTICLES, ORGANIZATION_WORDS, PERSON_TITLES } from './lexicon';
import { isAllUpper, isCapitalized, type Tokens } from './tokens';

export type CandidateKind = 'PERSON' | 'ORGANIZATION' | 'UNKNOWN';

/** A name that looks like a person or an organization but matches no known entity. */
export interface Candidate {
  text: string;
  kind: CandidateKind;
  occurrences: number;
}

/** Lower-case words that continue an organization's name: "Direction générale de la Protection civile". */
const ORGANIZATION_ADJECTIVE = /(ale|al|aux|ique|aire|ienne|ien|aise|ais|eure|ieur|ine|ain|aine|elle|el|ée|é|ive|if|ère|er)$/;

/** Words that never continue a name on their own. */
const FUNCTION_WORDS = new Set('le la les l de des du d et ou a à au aux en pour par sur avec dans un une ce cette ces qui que son sa ses leur leurs il elle est ont'.split(' '));

interface Run {
  first: number;
  last: number;
  titled: boolean;
}

/**
 * Runs of capitalized words (joined by name particles, and for organizations by
 * lower-case adjectives) that no linked or ambiguous name covers. A title before the run
 * or a known first name at its head makes it a person; Police, Direction, Ministère,
 * Agence, Sûreté... an organization. Everyday words at a sentence start are not names.
 */
export function findCandidates(tokens: Tokens, covered: Uint8Array): Candidate[] {
  const byKey = new Map<string, Candidate & { first: number; keys: string[]; plausible: boolean }>();
  for (let i = 0; i < tokens.count; ) {
    const run = nextRun(tokens, covered, i);
    if (!run) break;
    i = run.last;
    if (run.last <= run.first) continue;
    const kind = kindOf(tokens, run);
    const keys = tokens.key.slice(run.first, run.last);
    const key = keys.join(' ');
    const existing = byKey.get(key);
    const plausible = looksLikeName(tokens, run, kind);
    if (existing) {
      existing.occurrences++;
      existing.plausible ||= plausible;
    } else byKey.set(key, { text: textOf(tokens, run), kind, occurrences: 1, first: run.first, keys, plausible });
  }
  // "Jean Dupont ... Dupont": the lone surname counts for the person, even opening a sentence.
  const all = [...byKey.values()];
  for (const lone of all.filter((c) => c.keys.length === 1 && c.kind !== 'ORGANIZATION')) {
    const people = all.filter((c) => c.kind === 'PERSON' && c.keys.length > 1 && c.keys[c.keys.length - 1] === lone.keys[0]);
    if (people.length === 1) {
      people[0].occurrences += lone.occurrences;
      byKey.delete(lone.keys[0]);
    }
  }
  return [...byKey.values()]
    .filter((c) => c.plausible)
    .sort((a, b) => b.occurrences - a.occurrences || a.first - b.first)
    .map(({ text, kind, occurrences }) => ({ text, kind, occurrences }));
}

function textOf(tokens: Tokens, run: Run): string {
  // Rebuilt from the words so a line break inside a name does not reach the candidate.
  let text = tokens.raw[run.first];
  for (let k = run.first + 1; k < run.last; k++) {
    text += tokens.key[k - 1].length === 1 && /^[dl]$/.test(tokens.key[k - 1]) ? '’' : ' ';
    text += tokens.raw[k];
  }
  return text;
}

function nextRun(tokens: Tokens, covered: Uint8Array, from: number): Run | null {
  let i = from;
  while (i < tokens.count && (covered[i] || !isCapitalized(tokens.raw[i]))) i++;
  if (i >= tokens.count) return null;
  let first = i;
  let titled = i > 0 && !covered[i - 1] && PERSON_TITLES.has(tokens.key[i - 1]) && !isCapitalized(tokens.raw[i - 1]);
  // Leading everyday words ("Selon", "Le") and titles ("M.", "Président") are not the name.
  let end = extend(tokens, covered, first);
  while (first < end && (isCommonWord(tokens.key[first]) || PERSON_TITLES.has(tokens.key[first])) && !ORGANIZATION_WORDS.has(tokens.key[first])) {
    if (PERSON_TITLES.has(tokens.key[first])) titled = true;
    first++;
    while (first < end && NAME_PARTICLES.has(tokens.key[first])) first++;
  }
  if (first >= end) return { first: end, last: end, titled: false }; // nothing but everyday words: skip them
  end = extend(tokens, covered, first);
  return { first, last: end, titled };
}

/** The end (exclusive) of the name that starts at `first`. */
function extend(tokens: Tokens, covered: Uint8Array, first: number): number {
  const organization = ORGANIZATION_WORDS.has(tokens.key[first]);
  let end = first + 1;
  let k = first + 1;
  while (k < tokens.count && tokens.softBefore[k] && !covered[k]) {
    const raw = tokens.raw[k];
    if (isCapitalized(raw)) {
      end = ++k;
    } else if (organization && ORGANIZATION_ADJECTIVE.test(tokens.key[k]) && !FUNCTION_WORDS.has(tokens.key[k])) {
      end = ++k;
    } else if (NAME_PARTICLES.has(tokens.key[k]) && tokens.key[k] !== 'et') {
      // "Ben Ali", "Ministère de l’Intérieur", and for organizations "Agence nationale des ports".
      let p = k;
      while (p < tokens.count && tokens.softBefore[p] && !covered[p] && NAME_PARTICLES.has(tokens.key[p])) p++;
      const next = p < tokens.count && tokens.softBefore[p] && !covered[p] ? tokens.raw[p] : null;
      if (next && isCapitalized(next)) k = p;
      else if (next && organization && next.length >= 3 && !FUNCTION_WORDS.has(tokens.key[p])) end = k = p + 1;
      else break;
    } else break;
  }
  return end;
}

function kindOf(tokens: Tokens, run: Run): CandidateKind {
  const keys = tokens.key.slice(run.first, run.last);
  if (keys.some((k) => ORGANIZATION_WORDS.has(k))) return 'ORGANIZATION';
  if (run.titled) return 'PERSON';
  if (keys.length > 1 && FIRST_NAMES.has(keys[0])) return 'PERSON';
  if (keys.length === 1 && isAllUpper(tokens.raw[run.first]) && keys[0].length >= 2 && !/\d/.test(keys[0])) return 'ORGANIZATION';
  return 'UNKNOWN';
}

function looksLikeName(tokens: Tokens, run: Run, kind: CandidateKind): boolean {
  if (run.last <= run.first) return false;
  const keys = tokens.key.slice(run.first, run.last);
  if (keys.every((k) => /^\d+$/.test(k))) return false;
  if (keys.length > 1) return !keys.every((k) => isCommonWord(k) || NAME_PARTICLES.has(k));
  const key = keys[0];
  if (key.length < 2 || isCommonWord(key) || ORGANIZATION_WORDS.has(key)) return false;
  // A lone capitalized word opening a sentence is usually just that.
  return kind !== 'UNKNOWN' || run.titled || !tokens.sentenceStart[run.first];
}
