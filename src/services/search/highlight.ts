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

/** A name with the words that resemble a query word marked (typos and accents tolerated). */
export function highlightName(name: string, query: string): string {
  const queryWords = fold(query).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1);
  const marked = name.replace(/[\p{L}\p{N}]+/gu, (word) =>
    queryWords.some((q) => wordSimilarity(fold(word), q) >= 0.5) ? `${MARK_START}${word}${MARK_STOP}` : word,
  );
  return marksToHtml(marked);
}
