import { foldText, wordRe } from './word-regex';

/**
 * Dates as news writes them, resolved against the article's publication day: absolute
 * ("le 25 novembre", "5 décembre 2024", "on 3 March", "March 3, 2024", "en mars 2024"),
 * relative ("hier", "jeudi dernier", "mardi", "last week", "earlier this month"). Without
 * a publication date, what needs one (relative dates, a day without its year) stays
 * unresolved instead of guessed.
 */
export type Precision = 'day' | 'week' | 'month' | 'year';

export interface DateMention {
  /** Offsets in the text searched. */
  start: number;
  end: number;
  /** First day of the period, YYYY-MM-DD; null when it cannot be resolved. */
  date: string | null;
  precision: Precision | null;
  /** True when the date needed the publication date (relative, or a day without year). */
  relative: boolean;
  /** The words refer to the future ("demain", "next week"): the event did not happen yet. */
  future: boolean;
  /** "le lendemain", "the next day": so many days after the event the text reported before. */
  dayAfterFrame?: number;
}

const MONTHS: Record<string, number> = {
  janvier: 1, fevrier: 2, février: 2, mars: 3, avril: 4, mai: 5, juin: 6, juillet: 7, aout: 8, août: 8, septembre: 9, octobre: 10,
  novembre: 11, decembre: 12, décembre: 12,
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
const WEEKDAYS: Record<string, number> = {
  dimanche: 0, lundi: 1, mardi: 2, mercredi: 3, jeudi: 4, vendredi: 5, samedi: 6,
  sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6,
};
const MONTH = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');
const WEEKDAY = Object.keys(WEEKDAYS).join('|');

const DAY_MS = 86_400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);
const utcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * DAY_MS);
const ymd = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const validDay = (y: number, m: number, d: number) => d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();

interface Rule {
  re: RegExp;
  resolve(m: RegExpExecArray, published: Date | null): Omit<DateMention, 'start' | 'end'> | null;
}

const unresolved = (precision: Precision | null, future = false) => ({ date: null, precision, relative: true, future });
const relative = (published: Date | null, precision: Precision, at: (p: Date) => Date, future = false) =>
  published ? { date: iso(at(utcDay(published))), precision, relative: true, future } : unresolved(precision, future);

/** The year of a day written without one: the latest such day not after (or just after) publication. */
function yearFor(month: number, day: number, published: Date): number {
  const y = published.getUTCFullYear();
  const candidate = Date.UTC(y, month - 1, day);
  // A few days after publication is still this year (previews); further ahead is last year's.
  return candidate > published.getTime() + 14 * DAY_MS ? y - 1 : y;
}

function dayMonth(day: number, month: number, year: number | null, published: Date | null) {
  if (year !== null) return validDay(year, month, day) ? { date: ymd(year, month, day), precision: 'day' as const, relative: false, future: false } : null;
  if (!published) return unresolved('day');
  const y = yearFor(month, day, published);
  return validDay(y, month, day) ? { date: ymd(y, month, day), precision: 'day' as const, relative: true, future: false } : null;
}

const mondayOf = (d: Date) => addDays(d, -((d.getUTCDay() + 6) % 7));
const firstOfMonth = (d: Date, shift = 0) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + shift, 1));

/** Rules, most specific first; a rule's match hides the shorter ones it covers. */
const RULES: Rule[] = [
  // "le jeudi 5 décembre 2024", "5 décembre 2024", "le 1er mars", "3 March 2024"
  {
    re: wordRe(`\\b(?:(?:${WEEKDAY})\\s+)?(\\d{1,2})(?:er|st|nd|rd|th)?\\s+(${MONTH})\\.?(?:\\s+(\\d{4}))?\\b`, 'gi'),
    resolve: (m, p) => dayMonth(Number(m[1]), MONTHS[m[2].toLowerCase()], m[3] ? Number(m[3]) : null, p),
  },
  // "March 3, 2024", "on March 3"
  {
    re: wordRe(`\\b(${MONTH})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?\\b`, 'gi'),
    resolve: (m, p) => dayMonth(Number(m[2]), MONTHS[m[1].toLowerCase()], m[3] ? Number(m[3]) : null, p),
  },
  // "en mars 2024", "in March 2024"
  {
    re: wordRe(`\\b(${MONTH})\\s+(\\d{4})\\b`, 'gi'),
    resolve: (m) => ({ date: ymd(Number(m[2]), MONTHS[m[1].toLowerCase()], 1), precision: 'month', relative: false, future: false }),
  },
  {
    re: wordRe(String.raw`\ble lendemain\b|\bthe (?:next|following) day\b|\ble jour suivant\b`, 'gi'),
    resolve: () => ({ date: null, precision: 'day', relative: true, future: false, dayAfterFrame: 1 }),
  },
  { re: wordRe(String.raw`\bavant[- ]hier\b|\bthe day before yesterday\b`, 'gi'), resolve: (_, p) => relative(p, 'day', (d) => addDays(d, -2)) },
  { re: wordRe(String.raw`\bhier\b|\byesterday\b`, 'gi'), resolve: (_, p) => relative(p, 'day', (d) => addDays(d, -1)) },
  { re: wordRe(String.raw`\baujourd[’']hui\b|\bce jour\b|\btoday\b|\bthis morning\b|\bce matin\b`, 'gi'), resolve: (_, p) => relative(p, 'day', (d) => d) },
  { re: wordRe(String.raw`\bdemain\b|\btomorrow\b`, 'gi'), resolve: (_, p) => relative(p, 'day', (d) => addDays(d, 1), true) },
  // "jeudi dernier", "last Thursday": the latest such day before publication.
  {
    re: wordRe(`\\b(?:(${WEEKDAY})\\s+(?:dernier|passé)|last\\s+(${WEEKDAY}))\\b`, 'gi'),
    resolve: (m, p) => relative(p, 'day', (d) => addDays(d, -(((d.getUTCDay() - WEEKDAYS[(m[1] ?? m[2]).toLowerCase()] + 6) % 7) + 1))),
  },
  {
    re: wordRe(`\\b(?:(${WEEKDAY})\\s+prochain|next\\s+(${WEEKDAY}))\\b`, 'gi'),
    resolve: (m, p) => relative(p, 'day', (d) => addDays(d, ((WEEKDAYS[(m[1] ?? m[2]).toLowerCase()] - d.getUTCDay() + 6) % 7) + 1), true),
  },
  // A bare weekday in a report: the latest such day on or before publication.
  {
    re: wordRe(`\\b(?:on\\s+)?(${WEEKDAY})\\b`, 'gi'),
    resolve: (m, p) => relative(p, 'day', (d) => addDays(d, -((d.getUTCDay() - WEEKDAYS[m[1].toLowerCase()] + 7) % 7))),
  },
  { re: wordRe(String.raw`\bla semaine (?:dernière|passée)\b|\blast week\b`, 'gi'), resolve: (_, p) => relative(p, 'week', (d) => addDays(mondayOf(d), -7)) },
  { re: wordRe(String.raw`\bcette semaine\b|\bthis week\b|\bearlier this week\b|\ben début de semaine\b`, 'gi'), resolve: (_, p) => relative(p, 'week', (d) => mondayOf(d)) },
  { re: wordRe(String.raw`\bla semaine prochaine\b|\bnext week\b`, 'gi'), resolve: (_, p) => relative(p, 'week', (d) => addDays(mondayOf(d), 7), true) },
  { re: wordRe(String.raw`\ble mois (?:dernier|passé)\b|\blast month\b`, 'gi'), resolve: (_, p) => relative(p, 'month', (d) => firstOfMonth(d, -1)) },
  {
    re: wordRe(String.raw`\b(?:plus tôt )?(?:ce mois-ci|en début de mois)\b|\b(?:earlier )?this month\b`, 'gi'),
    resolve: (_, p) => relative(p, 'month', (d) => firstOfMonth(d)),
  },
  { re: wordRe(String.raw`\ble mois prochain\b|\bnext month\b`, 'gi'), resolve: (_, p) => relative(p, 'month', (d) => firstOfMonth(d, 1), true) },
  { re: wordRe(String.raw`\bl[’']année (?:dernière|passée)\b|\blast year\b`, 'gi'), resolve: (_, p) => relative(p, 'year', (d) => new Date(Date.UTC(d.getUTCFullYear() - 1, 0, 1))) },
  // "en mars", "in March": the latest such month not after publication.
  {
    re: wordRe(`\\b(?:en|in|début|fin|early|late)\\s+(${MONTH})\\b(?!\\s+\\d)`, 'gi'),
    resolve: (m, p) => {
      if (!p) return unresolved('month');
      const month = MONTHS[m[1].toLowerCase()];
      const y = month - 1 > p.getUTCMonth() ? p.getUTCFullYear() - 1 : p.getUTCFullYear();
      return { date: ymd(y, month, 1), precision: 'month', relative: true, future: false };
    },
  },
  // "en 2023", "in 2023"; "2025-2026" (a programme's span) is no date.
  {
    re: wordRe(String.raw`\b(?:en|in|au cours de l[’']année|during)\s+((?:19|20)\d{2})\b(?![-–/]\d)`, 'gi'),
    resolve: (m) => ({ date: `${m[1]}-01-01`, precision: 'year', relative: false, future: false }),
  },
];

/** Every date expression of `text`, in text order, overlapping ones left to the first rule. */
export function findDates(written: string, published: Date | null): DateMention[] {
  const text = foldText(written);
  const found: DateMention[] = [];
  // An impossible day ("31 février 2024") claims its words too: it is no date, not a month.
  const taken: { start: number; end: number }[] = [];
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(text); m; m = rule.re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken.some((f) => start < f.end && end > f.start)) continue;
      taken.push({ start, end });
      const resolved = rule.resolve(m, published);
      if (resolved) found.push({ start, end, ...resolved });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The days a date with its precision covers, as [first, last] ISO days. */
export function dateSpan(date: string, precision: Precision): [string, string] {
  const d = new Date(`${date}T00:00:00Z`);
  if (precision === 'day') return [date, date];
  if (precision === 'week') return [date, iso(addDays(d, 6))];
  if (precision === 'month') return [date, iso(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)))];
  return [date, `${d.getUTCFullYear()}-12-31`];
}

/** Two dates that may be the same day, given their precision (an unknown date fits anything). */
export function datesCompatible(a: { date: string | null; precision: Precision | null }, b: { date: string | null; precision: Precision | null }): boolean {
  if (!a.date || !b.date) return true;
  const [a0, a1] = dateSpan(a.date, a.precision ?? 'day');
  const [b0, b1] = dateSpan(b.date, b.precision ?? 'day');
  return a0 <= b1 && b0 <= a1;
}
