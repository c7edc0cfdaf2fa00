/**
 * Raw article pages as published carry page furniture: advertisement markers, a lone
 * comment counter, share buttons, the comment form. What is left is the title (the first
 * meaningful line) and the paragraphs of the body.
 */
export interface CleanPage {
  title: string;
  /** The first paragraph. */
  lead: string | null;
  /** Paragraphs separated by a blank line; the lead is the first of them. */
  body: string;
}

const FURNITURE: RegExp[] = [
  /^-?\s*(advertisement|publicité|annonce|sponsored)\s*-?$/i,
  /^\d{1,5}$/, // lone comment or share counters
  /^(partager|share|tweet|imprimer|print|facebook|twitter|whatsapp|linkedin|email)(\s+(sur|on)\s+\w+)?$/i,
  /^(laisser|laissez|poster|écrire) un commentaire$/i,
  /^leave a (reply|comment)$/i,
  /^votre adresse (e-?mail|de messagerie|email) ne sera pas publiée\.?.*$/i,
  /^your email address will not be published\.?.*$/i,
  /^(les )?champs obligatoires sont indiqués.*$/i,
  /^(commentaire|comment|nom|name|e-?mail|site web|website)\s*\*?:?$/i,
  /^(lire aussi|read more|à lire aussi)\s*:?.*$/i,
];

function isFurniture(line: string): boolean {
  return FURNITURE.some((re) => re.test(line));
}

/**
 * Cleans a raw page. Without `title`, the first meaningful line is the title; with one,
 * every line is body, except a first line that repeats the title.
 */
export function cleanPage(raw: string, options: { title?: string } = {}): CleanPage {
  const lines = raw
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[\u00a0\s]+/g, ' ').trim());
  const meaningful = lines.filter((l) => l !== '' && !isFurniture(l));
  if (options.title !== undefined) {
    const title = options.title.replace(/[\u00a0\s]+/g, ' ').trim();
    if (meaningful.length && sameLine(meaningful[0], title)) meaningful.shift();
    return { title, lead: meaningful[0] ?? null, body: meaningful.join('\n\n') };
  }
  const [title = '', ...paragraphs] = meaningful;
  return { title, lead: paragraphs[0] ?? null, body: paragraphs.join('\n\n') };
}

function sameLine(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: 'base' }) === 0;
}
