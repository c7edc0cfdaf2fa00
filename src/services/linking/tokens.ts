import { foldWord, WORD } from './fold';

/**
 * A text cut into words with exact UTF-16 offsets, and what separates each word from the
 * previous one. A name may run across a soft gap (spaces, one line break, a hyphen or
 * apostrophe of any variety, the dot after an initial) but never across a hard one
 * (a comma, a full stop, brackets, a paragraph break): "Moyen-Orient" matches
 * "Moyen Orient", "l’Europe" yields the word "Europe", and a sentence end stops a name.
 */
export interface Tokens {
  count: number;
  start: number[];
  end: number[];
  /** The words as written. */
  raw: string[];
  /** Folded matching keys. */
  key: string[];
  /** Gap before word i is soft (a name may continue across it); false for word 0. */
  softBefore: boolean[];
  /** Word i begins a sentence (first word, or after . ! ? : or a paragraph break). */
  sentenceStart: boolean[];
}

const SOFT_GAP = /^[ \t\u00a0\u202f\n\-‐‑‒–—'’ʼ‘`´&]*$/;
const INITIAL_GAP = /^\.[ \t\u00a0\u202f\n\-‐‑]*$/;
const SENTENCE_END = /[.!?:;…«»"“”]|\n\s*\n/;

export function tokenize(text: string): Tokens {
  const t: Tokens = { count: 0, start: [], end: [], raw: [], key: [], softBefore: [], sentenceStart: [] };
  let previousEnd = -1;
  let previousWord = '';
  for (const m of text.matchAll(WORD)) {
    const start = m.index!;
    const word = m[0];
    let soft = false;
    let sentenceStart = true;
    if (previousEnd >= 0 && start === previousEnd + 1 && text.charCodeAt(previousEnd) === 32) {
      // One space, by far the commonest gap.
      soft = true;
      sentenceStart = false;
    } else if (previousEnd >= 0) {
      const gap = text.slice(previousEnd, start);
      soft = (SOFT_GAP.test(gap) && !/\n\s*\n/.test(gap)) || (previousWord.length === 1 && INITIAL_GAP.test(gap));
      // "A. Hammouchi": the dot after an initial does not end a sentence.
      sentenceStart = SENTENCE_END.test(gap) && !(previousWord.length === 1 && INITIAL_GAP.test(gap));
    }
    t.start.push(start);
    t.end.push(start + word.length);
    t.raw.push(word);
    t.key.push(foldWord(word));
    t.softBefore.push(soft);
    t.sentenceStart.push(sentenceStart);
    previousEnd = start + word.length;
    previousWord = word;
  }
  t.count = t.start.length;
  return t;
}

/** Folded words of a name, for the gazetteer. */
export function nameKeys(name: string): string[] {
  return (name.match(WORD) ?? []).map(foldWord);
}

export function isCapitalized(word: string): boolean {
  const code = word.charCodeAt(0);
  if (code < 128) return code >= 65 && code <= 90;
  const first = word.codePointAt(0)!;
  const ch = String.fromCodePoint(first);
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

export function isAllUpper(word: string): boolean {
  return /\p{Lu}/u.test(word) && !/\p{Ll}/u.test(word);
}
