/**
 * Spelling variants of name words: a dropped or doubled letter ("Hamouchi" or
 * "Hammmouchi" for "Hammouchi"). An index of every one-letter deletion of each known word
 * finds, for a word of the text, the known words it spells with a letter dropped in one
 * lookup; a doubled letter costs one lookup per double in the word.
 * Accents are already folded away, so "Hammouchí" never needs this.
 */
export class VariantIndex {
  /** A deletion of a known word -> the known words it comes from. */
  private readonly byDeletion = new Map<string, string[]>();
  private readonly words = new Set<string>();

  add(word: string): void {
    if (this.words.has(word)) return;
    this.words.add(word);
    for (const d of deletions(word)) {
      const from = this.byDeletion.get(d);
      if (!from) this.byDeletion.set(d, [word]);
      else if (!from.includes(word)) from.push(word);
    }
  }

  /**
   * Known words that `word` spells with one letter dropped, or with one letter doubled.
   * Any other extra letter is no variant: "Hammouchis" is not "Hammouchi".
   */
  near(word: string): string[] {
    const found = new Set<string>(this.byDeletion.get(word) ?? []);
    for (let i = 1; i < word.length; i++) {
      if (word[i] !== word[i - 1]) continue;
      const undoubled = word.slice(0, i) + word.slice(i + 1);
      if (this.words.has(undoubled)) found.add(undoubled);
    }
    found.delete(word);
    return [...found];
  }
}

function deletions(word: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < word.length; i++) out.add(word.slice(0, i) + word.slice(i + 1));
  return out;
}
