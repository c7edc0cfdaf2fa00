import type { UserError } from '../../schema/user-errors';
import { cleanPage } from './clean-page';

/** What an editor (or a bulk file) sends for one article. */
export interface IngestInput {
  title?: string | null;
  /** Raw text; page furniture is removed. */
  body: string;
  url?: string | null;
  publishedAt?: Date | null;
  language?: string | null;
  /** Source name. */
  source?: string | null;
}

/** A validated, cleaned article ready to link and store. */
export interface PreparedArticle {
  title: string;
  lead: string | null;
  body: string;
  /** The text as received, before cleaning: stored beside the body. */
  rawBody: string;
  url: string | null;
  /** Null: keep the stored date of a known article, or use the ingestion time. */
  publishedAt: Date | null;
  language: string;
  sourceName: string | null;
}

export const MAX_BODY_CHARS = 500_000;
export const MAX_TITLE_CHARS = 300;
const MAX_URL_CHARS = 2_000;
const MAX_SOURCE_CHARS = 200;
const FUTURE_TOLERANCE_MS = 24 * 3600 * 1000;

const invalid = (field: string, message: string): UserError => ({ field, message: `${field}: ${message}`, code: 'INVALID' });
const quote = (value: string) => JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);

/** Checks and cleans an ingest input: a prepared article, or every problem found in it. */
export function prepareArticle(input: IngestInput): { article: PreparedArticle } | { userErrors: UserError[] } {
  const errors: UserError[] = [];
  if (typeof input.body !== 'string' || input.body.trim() === '') errors.push(invalid('body', 'expected the article text, got an empty string'));
  else if (input.body.length > MAX_BODY_CHARS) errors.push(invalid('body', `at most ${MAX_BODY_CHARS} characters, got ${input.body.length}`));
  else if (input.body.includes('\u0000')) errors.push(invalid('body', 'contains a NUL character (U+0000): send text, not binary data'));

  const givenTitle = input.title == null ? undefined : input.title.replace(/\s+/g, ' ').trim();
  if (givenTitle !== undefined && givenTitle === '') errors.push(invalid('title', 'expected a title or no title at all, got an empty string'));
  else if (givenTitle !== undefined && givenTitle.length > MAX_TITLE_CHARS) {
    errors.push(invalid('title', `at most ${MAX_TITLE_CHARS} characters, got ${givenTitle.length}`));
  }

  let url: string | null = null;
  if (input.url != null) {
    url = normalizeUrl(input.url);
    if (url === null) errors.push(invalid('url', `expected an absolute http(s) URL of at most ${MAX_URL_CHARS} characters, got ${quote(input.url)}`));
  }

  const publishedAt = input.publishedAt ?? null;
  if (publishedAt !== null) {
    if (Number.isNaN(publishedAt.getTime())) errors.push(invalid('publishedAt', 'expected an ISO-8601 instant'));
    else if (publishedAt.getTime() > Date.now() + FUTURE_TOLERANCE_MS) {
      errors.push(invalid('publishedAt', `must not be in the future, got ${publishedAt.toISOString()}`));
    } else if (publishedAt.getUTCFullYear() < 1800) errors.push(invalid('publishedAt', `must be after 1800, got ${publishedAt.toISOString()}`));
  }

  let language: string | null = null;
  if (input.language != null) {
    language = input.language.trim().toLowerCase();
    if (!/^[a-z]{2}$/.test(language)) errors.push(invalid('language', `expected an ISO 639-1 code such as "fr", got ${quote(input.language)}`));
  }

  let sourceName: string | null = null;
  if (input.source != null) {
    sourceName = input.source.replace(/\s+/g, ' ').trim();
    if (sourceName === '' || sourceName.length > MAX_SOURCE_CHARS || !/[\p{L}\p{N}]/u.test(sourceName)) {
      errors.push(invalid('source', `expected a source name of 1 to ${MAX_SOURCE_CHARS} characters, got ${quote(input.source)}`));
    }
  }
  if (errors.length) return { userErrors: errors };

  const page = cleanPage(input.body, { title: givenTitle });
  if (!page.title) return { userErrors: [invalid('title', 'absent, and the body has no meaningful first line to take it from')] };
  if (page.title.length > MAX_TITLE_CHARS) {
    return { userErrors: [invalid('title', `absent, and the first line of body is ${page.title.length} characters long (at most ${MAX_TITLE_CHARS}): send a title`)] };
  }
  if (!page.body) return { userErrors: [invalid('body', 'no article text is left once the title and page furniture are removed')] };
  return {
    article: {
      title: page.title,
      lead: page.lead,
      body: page.body,
      rawBody: input.body,
      url,
      publishedAt,
      language: language ?? guessLanguage(page.body),
      sourceName,
    },
  };
}

/** Absolute http(s) URL without its fragment; null when it is none. */
function normalizeUrl(raw: string): string | null {
  const trimmed = raw.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_URL_CHARS) return null;
  try {
    const url = new URL(trimmed);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.hash = '';
    return url.toString();
  } catch {
    return null;
  }
}

const MARKERS: Record<string, string[]> = {
  fr: ['le', 'la', 'les', 'des', 'du', 'et', 'est', 'une', 'dans', 'pour', 'avec', 'qui'],
  en: ['the', 'and', 'of', 'to', 'is', 'in', 'that', 'for', 'with', 'was', 'on', 'by'],
  nl: ['de', 'het', 'een', 'en', 'van', 'is', 'dat', 'met', 'voor', 'op', 'niet', 'zijn'],
  es: ['el', 'los', 'las', 'y', 'del', 'que', 'en', 'por', 'con', 'una', 'para', 'es'],
};

/** The language whose commonest words the text uses most; French when in doubt. */
export function guessLanguage(text: string): string {
  const words = text.slice(0, 5_000).toLowerCase().match(/\p{L}+/gu) ?? [];
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  let best = 'fr';
  let bestScore = 0;
  for (const [language, markers] of Object.entries(MARKERS)) {
    const score = markers.reduce((sum, m) => sum + (counts.get(m) ?? 0), 0);
    if (score > bestScore) [best, bestScore] = [language, score];
  }
  return best;
}
