/** The sentence of `text` that contains `phrase`, as UTF-16 offsets; null when absent. */
export function sentenceAround(text: string, phrase: string): { start: number; end: number } | null {
  const at = text.indexOf(phrase);
  if (at === -1) return null;
  const before = text.slice(0, at);
  const boundary = Math.max(before.lastIndexOf('. '), before.lastIndexOf('\n'));
  const start = boundary === -1 ? 0 : boundary + (text[boundary] === '\n' ? 1 : 2);
  const stop = /[.!?](\s|$)/g;
  stop.lastIndex = at + phrase.length;
  const match = stop.exec(text);
  const end = match ? match.index + 1 : text.length;
  return { start, end };
}
