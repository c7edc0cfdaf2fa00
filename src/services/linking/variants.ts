/**
 * Spelling variants of name words, one change away from a known word:
 * - `dropped`: a letter left out ("Hamouchi", "Abdelatif"), or a doubled letter written
 *   once, or a single one doubled ("Hammmouchi");
 * - `inserted`: a letter added inside the word, never at its start or end ("Snoeck" for
 *   Snoek; "Hammouchis" is no variant);
 * - `substituted`: one letter replaced, never the first ("Hammouche");
 * - `transliterated`: the same word once doubled letters, ou/u, ch/sh/sch and ck/k are
 *   told alike ("Hamuchi", "Chraibi"/"Shraibi"), which may take more than one change.
 * An index of every one-letter deletion of each known word answers the first three in a
 * few lookups per word of the text; a second index of transliteration skeletons the last.
 * Accents are already folded away, so "Hammouchí" never needs this.
 */
export type VariantKind = 'dropped' | 'inserted' | 'substituted' | 'transliterated';

export interface Near {
  /** The known word. */
  word: string;
  kind: VariantKind;
}

export class VariantIndex {
  /** A deletion of a known word -> the known words it comes from. */
  private readonly byDeletion = new Map<string, string[]>();
  private readonly bySkeleton = new Map<string, string[]>();
  private readonly words = new Set<string>();

  add(word: string): void {
    if (this.words.has(word)) return;
    this.answered.clear();
    this.words.add(word);
    for (const d of deletions(word)) push(this.byDeletion, d, word);
    push(this.bySkeleton, skeleton(word), word);
  }

  has(word: string): boolean {
    return this.words.has(word);
  }

  /** Words of texts repeat across articles: their answers are kept (the index never changes once built). */
  private readonly answered = new Map<string, Near[]>();

  /** Known words one change away from `word` (never `word` itself), each once, the closest kind first. */
  near(word: string): Near[] {
    let found = this.answered.get(word);
    if (found === undefined) {
      found = this.search(word);
      if (this.answered.size >= 100_000) this.answered.clear();
      this.answered.set(word, found);
    }
    return found;
  }

  private search(word: string): Near[] {
    const found = new Map<string, VariantKind>();
    const note = (known: string, kind: VariantKind) => {
      if (known !== word && !found.has(known)) found.set(known, kind);
    };
    for (const known of this.byDeletion.get(word) ?? []) note(known, 'dropped');
    for (let i = 1; i < word.length; i++) {
      if (word[i] !== word[i - 1]) continue;
      const undoubled = word.slice(0, i) + word.slice(i + 1);
      if (this.words.has(undoubled)) note(undoubled, 'dropped');
    }
    // One deletion of the text's word answers both: a known word (a letter inserted inside
    // it), or a deletion of a known word at the same place (a letter substituted).
    for (let i = 1; i < word.length; i++) {
      const d = word.slice(0, i) + word.slice(i + 1);
      if (i < word.length - 1 && this.words.has(d)) note(d, 'inserted');
      const from = this.byDeletion.get(d);
      if (!from) continue;
      for (const known of from) {
        if (known.length === word.length && known.slice(0, i) === word.slice(0, i) && known.slice(i + 1) === word.slice(i + 1)) note(known, 'substituted');
      }
    }
    for (const known of this.bySkeleton.get(skeleton(word)) ?? []) note(known, 'transliterated');
    return [...found].map(([w, kind]) => ({ word: w, kind }));
  }
}

/** How a transliterated name sounds: doubled letters once, ou as u, sh and sch as ch, ck as k. */
export function skeleton(word: string): string {
  return word.replace(/ou/g, 'u').replace(/sch|sh/g, 'ch').replace(/ck/g, 'k').replace(/(.)\1+/g, '$1');
}

function push(map: Map<string, string[]>, key: string, word: string): void {
  const list = map.get(key);
  if (!list) map.set(key, [word]);
  else if (!list.includes(word)) list.push(word);
}

function deletions(word: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < word.length; i++) out.add(word.slice(0, i) + word.slice(i + 1));
  return out;
}
