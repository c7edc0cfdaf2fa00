import {
  ACRONYMS_NOT_NAMES, FIRST_NAMES, isCommonWord, isEverydayCapitalized, NAME_PARTICLES, NATIONALITIES, ORGANIZATION_ADJECTIVES,
  ORGANIZATION_HEADS, ORGANIZATION_WORDS, PERSON_TITLES, PLACE_NAMES, PLACE_PREPOSITIONS,
} from './lexicon';
import { isAllUpper, isCapitalized, type Tokens } from './tokens';

/** UNKNOWN: a name whose kind the text does not tell (several capitalized words, no cue). */
export type CandidateKind = 'PERSON' | 'ORGANIZATION' | 'PLACE' | 'UNKNOWN';

/** A name that looks like a person, an organization or a place but matches no known entity. */
export interface Candidate {
  text: string;
  kind: CandidateKind;
  occurrences: number;
  /** The role the text gives a person ("ministre de l’Intérieur"), stripped from the name; null when none. */
  role: string | null;
}

/** Words that never continue a name on their own. */
const FUNCTION_WORDS = new Set('le la les l de des du d et ou a à au aux en pour par sur avec dans un une ce cette ces qui que son sa ses leur leurs il elle est ont'.split(' '));

/** How far before a name its role may start: "le ministre de l’Intérieur du Royaume, Bernard Quintin". */
const ROLE_WINDOW = 8;

interface Run {
  first: number;
  last: number;
  titled: boolean;
  role: string | null;
}

type Found = Candidate & { first: number; keys: string[]; plausible: boolean };

/**
 * Runs of capitalized words (joined by name particles, and for organizations by
 * lower-case adjectives) that no linked or ambiguous name covers, and lower-case
 * organizations with their nationality ("police nationale espagnole"). A title before
 * the run or a known first name at its head makes it a person (the title and the words of
 * its office, "ministre de l’Intérieur", are kept as the role); Police, Direction,
 * Ministère, Agence, Sûreté... an organization; "à", "en", "in" before it, or a known
 * country or city, a place. Everyday words, nationalities and lone words with no cue are
 * not proposed.
 */
export function findCandidates(tokens: Tokens, covered: Uint8Array, text = ''): Candidate[] {
  const byKey = new Map<string, Found>();
  const note = (run: Run, kind: CandidateKind, plausible: boolean) => {
    const keys = tokens.key.slice(run.first, run.last);
    const key = keys.join(' ');
    const existing = byKey.get(key);
    if (existing) {
      existing.occurrences++;
      existing.plausible ||= plausible;
      existing.role ??= run.role;
      if (existing.kind === 'UNKNOWN' && kind !== 'UNKNOWN') existing.kind = kind;
    } else byKey.set(key, { text: textOf(tokens, text, run), kind, occurrences: 1, first: run.first, keys, plausible, role: run.role });
  };
  forEachRun(tokens, covered, text, (run, kind) => {
    if (kind !== 'PERSON') run.role = null;
    note(run, kind, looksLikeName(tokens, run, kind));
  });
  for (const run of lowerCaseOrganizations(tokens, covered)) note(run, 'ORGANIZATION', true);
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
    .map(({ text: t, kind, occurrences, role }) => ({ text: t, kind, occurrences, role }));
}

/**
 * The places a text names that no entity covers ("à Rabat", "in Ghent": a name after a place
 * preposition, or a known country or city), by the rules findCandidates gives them, with
 * their offsets in `text`.
 */
export function namedPlaces(tokens: Tokens, covered: Uint8Array, text: string): { text: string; start: number; end: number }[] {
  const places: { text: string; start: number; end: number }[] = [];
  forEachRun(tokens, covered, text, (run, kind) => {
    if (kind === 'PLACE' && looksLikeName(tokens, run, kind)) places.push({ text: textOf(tokens, text, run), start: tokens.start[run.first], end: tokens.end[run.last - 1] });
  });
  return places;
}

/** Each run of capitalized words no linked name covers, with the kind its context gives it. */
function forEachRun(tokens: Tokens, covered: Uint8Array, text: string, visit: (run: Run, kind: CandidateKind) => void): void {
  for (let i = 0; i < tokens.count; ) {
    const run = nextRun(tokens, covered, i, text);
    if (!run) break;
    i = run.last;
    if (run.last > run.first) visit(run, kindOf(tokens, run));
  }
}

function textOf(tokens: Tokens, text: string, run: Run): string {
  // Rebuilt from the words and what separates them, so a line break inside a name does not reach the candidate.
  let out = tokens.raw[run.first];
  for (let k = run.first + 1; k < run.last; k++) {
    const gap = text ? text.slice(tokens.end[k - 1], tokens.start[k]) : '';
    if (/^[-‐‑’'ʼ]$/.test(gap)) out += gap;
    else if (!text && tokens.key[k - 1].length === 1 && /^[dl]$/.test(tokens.key[k - 1])) out += '’';
    else if (/^\.\s*$/.test(gap)) out += '. ';
    else out += ' ';
    out += tokens.raw[k];
  }
  return out;
}

function nextRun(tokens: Tokens, covered: Uint8Array, from: number, text: string): Run | null {
  let i = from;
  while (i < tokens.count && (covered[i] || !isCapitalized(tokens.raw[i]))) i++;
  if (i >= tokens.count) return null;
  let first = i;
  let titled = i > 0 && !covered[i - 1] && PERSON_TITLES.has(tokens.key[i - 1]) && !isCapitalized(tokens.raw[i - 1]);
  // Leading everyday words ("Selon", "Le", "Politique"), titles ("M.", "Président") and the
  // words of an office ("Intérieur" in "ministre de l’Intérieur Bernard Quintin") are not the name.
  let end = extend(tokens, covered, first);
  // "Dutch National Police": a nationality opening an organization's name is part of it.
  const organization = tokens.key.slice(first, end).some((k) => ORGANIZATION_WORDS.has(k));
  while (first < end && isLeadingNoise(tokens.key[first]) && !(organization && NATIONALITIES.has(tokens.key[first]))) {
    if (PERSON_TITLES.has(tokens.key[first])) titled = true;
    first++;
    while (first < end && NAME_PARTICLES.has(tokens.key[first])) first++;
  }
  if (first >= end) return { first: end, last: end, titled: false, role: null }; // nothing but everyday words: skip them
  end = extend(tokens, covered, first);
  // "à Abidjan Mamadou Diallo": a first name inside a run starts another name.
  for (let p = first + 1; p < end - 1; p++) {
    if (FIRST_NAMES.has(tokens.key[p]) && !FIRST_NAMES.has(tokens.key[p - 1]) && !NAME_PARTICLES.has(tokens.key[p - 1]) && isCapitalized(tokens.raw[p + 1])) {
      end = p;
      break;
    }
  }
  const role = roleBefore(tokens, covered, first, text);
  return { first, last: end, titled: titled || role !== null, role };
}

function isLeadingNoise(key: string): boolean {
  if (ORGANIZATION_WORDS.has(key)) return false;
  return isCommonWord(key) || PERSON_TITLES.has(key) || isEverydayCapitalized(key);
}

/**
 * "le ministre de l’Intérieur Bernard Quintin", "Le directeur général de la DGSN,
 * Abdellatif Hammouchi": the title and what follows it up to the name, at most one comma
 * away, within a few words, in the same sentence.
 */
function roleBefore(tokens: Tokens, covered: Uint8Array, first: number, text: string): string | null {
  if (!text || first === 0) return null;
  for (let k = first - 1, commas = 0; k >= 0 && k >= first - ROLE_WINDOW; k--) {
    if (tokens.sentenceStart[k + 1] && k + 1 !== first) return null;
    const gap = text.slice(tokens.end[k], tokens.start[k + 1]);
    if (gap.includes(',')) commas++;
    if (commas > 1 || (k + 1 === first && tokens.sentenceStart[first])) return null;
    if (/[;:()«»"“”]/.test(gap)) return null;
    if (PERSON_TITLES.has(tokens.key[k]) && tokens.key[k].length > 2 && (!isCapitalized(tokens.raw[k]) || tokens.sentenceStart[k])) {
      // "directrice générale": the whole title.
      while (k > 0 && tokens.softBefore[k] && PERSON_TITLES.has(tokens.key[k - 1]) && tokens.key[k - 1].length > 2 && !isCapitalized(tokens.raw[k - 1])) k--;
      const role = text.slice(tokens.start[k], tokens.end[first - 1]).replace(/\s+/g, ' ');
      return role.charAt(0).toLowerCase() + role.slice(1);
    }
    if (!covered[k] && !isRoleWord(tokens, k)) return null;
  }
  return null;
}

/** Words between a title and the name: "de l’Intérieur", "général de la police fédérale belge". */
function isRoleWord(tokens: Tokens, k: number): boolean {
  const key = tokens.key[k];
  if (isCapitalized(tokens.raw[k])) return isEverydayCapitalized(key) || ORGANIZATION_WORDS.has(key) || isAllUpper(tokens.raw[k]);
  return NAME_PARTICLES.has(key) || ORGANIZATION_ADJECTIVES.has(key) || ORGANIZATION_HEADS.has(key) || NATIONALITIES.has(key) ||
    PERSON_TITLES.has(key) || isEverydayCapitalized(key);
}

/** "nationale", "judiciaires": adjectives inside an organization's name, singular or plural. */
function isOrganizationAdjective(key: string): boolean {
  return ORGANIZATION_ADJECTIVES.has(key) || (key.endsWith('s') && ORGANIZATION_ADJECTIVES.has(key.slice(0, -1)));
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
    } else if (organization && (isOrganizationAdjective(tokens.key[k]) || NATIONALITIES.has(tokens.key[k]))) {
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
  if (keys.length > 1 && FIRST_NAMES.has(keys[0])) return 'PERSON';
  // "K. Chraibi": an initial and a name.
  if (keys.length > 1 && keys[0].length === 1 && isAllUpper(tokens.raw[run.first]) && isCapitalized(tokens.raw[run.first + 1])) return 'PERSON';
  if (run.titled && !PLACE_NAMES.has(keys.join(' '))) return 'PERSON';
  if (keys.length === 1 && isAllUpper(tokens.raw[run.first]) && keys[0].length >= 3 && !/\d/.test(keys[0])) return 'ORGANIZATION';
  if (PLACE_NAMES.has(keys.join(' '))) return 'PLACE';
  const before = run.first - 1;
  if (before >= 0 && tokens.softBefore[run.first] && PLACE_PREPOSITIONS.has(tokens.key[before]) && !isCapitalized(tokens.raw[before])) return 'PLACE';
  return 'UNKNOWN';
}

function looksLikeName(tokens: Tokens, run: Run, kind: CandidateKind): boolean {
  if (run.last <= run.first) return false;
  const keys = tokens.key.slice(run.first, run.last);
  if (keys.every((k) => /^\d+$/.test(k))) return false;
  if (keys.length > 1) {
    // "Ministère de l’Intérieur" is a name; "Politique et Culture" are words.
    const organizationHead = kind === 'ORGANIZATION' && keys.some((k) => !ORGANIZATION_WORDS.has(k) && !NAME_PARTICLES.has(k) && !isCommonWord(k));
    if (!organizationHead && keys.every((k) => isCommonWord(k) || NAME_PARTICLES.has(k) || isEverydayCapitalized(k) || ORGANIZATION_WORDS.has(k))) return false;
    return kind !== 'UNKNOWN' || !tokens.sentenceStart[run.first] || keys.length > 2;
  }
  const key = keys[0];
  if (key.length < 2 || isCommonWord(key) || isEverydayCapitalized(key) || ORGANIZATION_WORDS.has(key) || FIRST_NAMES.has(key)) return false;
  if (kind === 'ORGANIZATION') return !ACRONYMS_NOT_NAMES.has(key);
  // A lone word with no cue is no candidate worth an editor's time; a place or a titled person is.
  return kind !== 'UNKNOWN';
}

/**
 * "police nationale espagnole", "gendarmerie royale marocaine", "ministère de l’Intérieur
 * belge": a head word, its adjectives, and a nationality that says whose it is.
 */
function lowerCaseOrganizations(tokens: Tokens, covered: Uint8Array): Run[] {
  const runs: Run[] = [];
  for (let i = 0; i < tokens.count; i++) {
    if (covered[i] || !ORGANIZATION_HEADS.has(tokens.key[i]) || isCapitalized(tokens.raw[i])) continue;
    let k = i + 1;
    let end = -1;
    while (k < tokens.count && tokens.softBefore[k] && !covered[k] && k - i <= 6) {
      const key = tokens.key[k];
      if (NATIONALITIES.has(key)) {
        end = k + 1;
        break;
      }
      if (ORGANIZATION_ADJECTIVES.has(key) || ORGANIZATION_HEADS.has(key)) k++;
      else if ((key === 'de' || key === 'du' || key === 'des' || key === 'la' || key === 'l') && k + 1 < tokens.count) k++;
      else if (isCapitalized(tokens.raw[k]) && k > i + 1 && NAME_PARTICLES.has(tokens.key[k - 1])) k++;
      else break;
    }
    if (end > 0) {
      runs.push({ first: i, last: end, titled: false, role: null });
      i = end - 1;
    }
  }
  return runs;
}
