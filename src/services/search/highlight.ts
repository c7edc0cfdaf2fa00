/**
 * Highlights are HTML: the text is escaped and matches wrapped in <mark>…</mark>.
 * PostgreSQL marks matches with control characters that cannot occur in stored text,
 * so escaping happens after marking and cannot be confused with the marks.
 */
export const MARK_START = '\u0002';
export const MARK_STOP = '\u0003';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export function marksToHtml(text: string): string {
  return escapeHtml(text).split(MARK_START).join('<mark>').split(MARK_STOP).join('</mark>');
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

function trigrams(word: string): Set<string> {
  const padded = `  ${word} `;
  const set = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) set.add(padded.slice(i, i + 3));
  return set;
}

/** pg_trgm's similarity of two words, computed here for marking words of a name. */
export function wordSimilarity(a: string, b: string): number {
  const ta = trigrams(a);
  const tb = trigrams(b);
  let common = 0;
  for (const t of ta) if (tb.has(t)) common++;
  return common / (ta.size + tb.size - common);
}

/**
 * A name with the words that resemble a query word marked (typos and accents tolerated),
 * or, for a prefix search, the start of each word that begins with a query word.
 */
export function highlightName(name: string, query: string, prefix = false): string {
  const queryWords = fold(query).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > (prefix ? 0 : 1));
  const marked = name.replace(/[\p{L}\p{N}]+/gu, (word) => {
    if (prefix) {
      // Folding keeps a name's letters one for one only without combining marks; otherwise the whole word is marked.
      const folded = fold(word);
      const longest = Math.max(0, ...queryWords.filter((q) => folded.startsWith(q)).map((q) => q.length));
      if (!longest) return word;
      const end = folded.length === word.length ? longest : word.length;
      return `${MARK_START}${word.slice(0, end)}${MARK_STOP}${word.slice(end)}`;
    }
    return queryWords.some((q) => wordSimilarity(fold(word), q) >= 0.5) ? `${MARK_START}${word}${MARK_STOP}` : word;
  });
  return marksToHtml(marked);
}
