/**
 * Folding for matching: case, accents, apostrophe and hyphen variants disappear, while a
 * map keeps every folded code unit's offset in the original string, so matches found in
 * the folded text become exact UTF-16 offsets into the stored body.
 */
export interface FoldedText {
  text: string;
  /** origin[i] = offset in the original string of folded code unit i; origin[text.length] = original length. */
  origin: number[];
}

const APOSTROPHES = /['’ʼ‘`´]/;
const HYPHENS = /[-‐‑‒–—]/;

export function foldChar(ch: string): string {
  if (APOSTROPHES.test(ch)) return "'";
  if (HYPHENS.test(ch)) return '-';
  return ch.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

export function fold(original: string): FoldedText {
  let text = '';
  const origin: number[] = [];
  for (let i = 0; i < original.length; ) {
    const cp = original.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const folded = foldChar(original.slice(i, i + width));
    for (let k = 0; k < folded.length; k++) origin.push(i);
    text += folded;
    i += width;
  }
  origin.push(original.length);
  return { text, origin };
}

/** Folds a name for the gazetteer: same folding as bodies, runs of spaces made one. */
export function foldName(name: string): string {
  return fold(name.trim().replace(/\s+/g, ' ')).text;
}

export function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
}
