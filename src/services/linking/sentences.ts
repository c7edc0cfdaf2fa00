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

/** Words whose dot does not end a sentence: initials ("A. Hammouchi") and titles ("M.", "Dr."). */
const NO_STOP = /(?:^|[\s(])(?:\p{Lu}|M|Mr|Mrs|Ms|Dr|Mme|Mgr|Pr|St|Ste|Gen|Gén|Col|Lt|Sgt|No|n°|etc|vs|p|pp)\.$/u;

/** Every sentence of `text`, as UTF-16 offsets [start, end) without surrounding spaces. */
export function sentenceSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  const boundary = /[.!?…]+["»”’)]*(?=\s|$)|\n/g;
  let from = 0;
  const push = (start: number, end: number) => {
    while (start < end && /\s/.test(text[start])) start++;
    while (end > start && /\s/.test(text[end - 1])) end--;
    if (end > start) spans.push({ start, end });
  };
  for (let m = boundary.exec(text); m; m = boundary.exec(text)) {
    const end = m.index + m[0].length;
    if (m[0] !== '\n' && NO_STOP.test(text.slice(Math.max(from, m.index - 4), m.index + 1))) continue;
    push(from, m[0] === '\n' ? m.index : end);
    from = end;
  }
  push(from, text.length);
  return spans;
}
