/**
 * Folding for matching: case and accents disappear, ligatures open up, so "Sûreté",
 * "SURETE" and "surete" are one key. Matching works on words (see tokens.ts), so
 * apostrophe and hyphen variants never reach a key: they only separate words.
 */
const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', ł: 'l', đ: 'd', ı: 'i' };

const cache = new Map<string, string>();
const CACHE_LIMIT = 200_000;

function foldUncached(word: string): string {
  let ascii = true;
  for (let i = 0; i < word.length; i++) {
    if (word.charCodeAt(i) > 127) {
      ascii = false;
      break;
    }
  }
  if (ascii) return word.toLowerCase();
  return word
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[œæßøłđı]/g, (c) => LIGATURES[c]);
}

/** The matching key of one word. Words repeat a lot across articles, so keys are cached. */
export function foldWord(word: string): string {
  let key = cache.get(word);
  if (key === undefined) {
    key = foldUncached(word);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(word, key);
  }
  return key;
}

/** Folds a whole phrase word by word: "Sûreté de l’État" -> "surete de l etat". */
export function foldPhrase(phrase: string): string {
  return (phrase.match(WORD) ?? []).map(foldWord).join(' ');
}

/** A word: letters, digits and combining marks (decomposed accents stay inside the word). */
export const WORD = /[\p{L}\p{N}\p{M}]+/gu;
