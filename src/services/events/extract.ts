import { namedPlaces } from '../linking/candidates';
import { foldPhrase } from '../linking/fold';
import type { LinkableKind, LinkedMention } from '../linking/gazetteer';
import { sentenceSpans } from '../linking/sentences';
import { tokenize } from '../linking/tokens';
import { findDates, type DateMention, type Precision } from './dates';
import {
  ANAPHOR_BEFORE, CLAUSE_END, DELEGATION, FUTURE, GENERIC, MODAL, NEGATION, PLACE_BEFORE, PRONOUN, TITLE_WORDS, TRIGGERS,
  type ExtractedKind, type Trigger,
} from './lexicon';
import { foldText, wordRe } from './word-regex';

/** What the extractor reads: an article's stored body, its publication date and its linked mentions. */
export interface ExtractionInput {
  body: string;
  /** Null: relative dates stay unresolved. */
  publishedAt: Date | null;
  mentions: LinkedMention[];
  /** The kind of a linked entity; undefined for an id it does not know (ignored). */
  kindOf(entityId: number): LinkableKind | undefined;
}

export interface ProposedParticipant {
  entityId: number;
  role: string;
}

/** An event the text supports, with where it says so. */
export interface ProposedEvent {
  kind: ExtractedKind;
  participants: ProposedParticipant[];
  placeId: number | null;
  /** The place as the text names it ("Rabat" in "à Rabat") when no known place is linked there; null otherwise. */
  placeName: string | null;
  /** Where the text names `placeName` (offsets in the body); null with it. */
  placeSpan: { start: number; end: number } | null;
  /** First day of the period; null when the text gives none or it cannot be resolved. */
  date: string | null;
  precision: Precision | null;
  /** The sentences that state it, in text order (offsets in the body). */
  evidence: { start: number; end: number }[];
  /** The main sentence (the one with the trigger): its index in `evidence`. */
  main: number;
  confidence: number;
  /** What was signed, as written ("plan d’action 2025-2026"); null for other kinds. */
  subject: string | null;
}

interface Sentence {
  start: number;
  end: number;
  /** Folded (see word-regex.ts): what the patterns read, with the body's offsets. */
  text: string;
  /** As written: what titles quote. */
  raw: string;
}

interface LocalMention {
  entityId: number;
  kind: LinkableKind;
  /** Offsets within the sentence. */
  start: number;
  end: number;
}

interface Proposal extends ProposedEvent {
  /** Sentence the date was read in (index), for evidence of events that inherit it. */
  dateSentence: number | null;
  sentence: number;
}

const MEETING_LIKE: ReadonlySet<ExtractedKind> = new Set(['meeting', 'reception', 'phone_call']);
const MIN_PARTICIPANTS: Record<ExtractedKind, number> = {
  visit: 1, meeting: 2, agreement_signed: 2, phone_call: 2, reception: 2, joint_statement: 2, conference: 1,
};
const DEFAULT_ROLE: Record<ExtractedKind, string> = {
  visit: 'visitor', meeting: 'participant', agreement_signed: 'signatory', phone_call: 'participant', reception: 'guest',
  joint_statement: 'co-signatory', conference: 'attendee',
};
/** Hosts named in a visit's sentence: "à l'invitation de X", "reçu par X", "hosted by X". */
const HOSTED_BY = wordRe(String.raw`\b(?:à l[’']invitation d[eu]|invité(?:e|s)? par|reçue?s? par|accueilli(?:e|s)? par|hosted by|at the invitation of|received by|welcomed by|guest of|l[’']hôte d[eu])\s`);
/** "during the visit", "à cette occasion": the event belongs to the visit just reported. */
const DURING_VISIT = wordRe(String.raw`\b(?:lors de (?:son|sa|cette|la) (?:séjour|visite|déplacement)|au cours de (?:son|sa|cette) (?:séjour|visite)|à cette occasion|en marge de (?:cette|sa) visite|during (?:his|her|the|this) (?:visit|stay|trip)|on that occasion|on the sidelines of the visit)\b`);
const THIRD_PERSON = wordRe(String.raw`\b(?:il|elle|he|she)\b`);
const SIGNED_THING = wordRe(String.raw`\b(?:plan d[’']action|programme d[’']action|feuille de route|mémorandum d[’']entente|protocole d[’']accord|accord(?: de coopération)?|mémorandum|protocole|convention|traité|action plan|memorandum of understanding|memorandum|agreement|treaty|roadmap|accord)\b`);
const YEARS = /\b((?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?)\b/;
/** "sa visite", "his trip": a visit already reported, not a new one. */
const POSSESSIVE = wordRe(String.raw`(?:^|\s)(?:son|sa|ses|his|her|their|leur|cette|this)\s+\S*\s*(?:visite?|séjour|trip)\b`);
const DEFINITE = wordRe(String.raw`(?:\ble|\bla|\bl[’']|\bthe|\bce|\bcet|\bcette|\bthis)\s*$`);

/**
 * Proposes the events a text reports: a trigger word (French or English) with the linked
 * people and organizations acting around it, the place and date the sentence gives (or the
 * visit it belongs to), and the sentences that support it. Denied, planned and generic
 * events are not proposed, nor are co-mentions without a trigger.
 */
export function extractEvents(input: ExtractionInput): ProposedEvent[] {
  const { body, publishedAt } = input;
  const folded = foldText(body);
  const sentences: Sentence[] = sentenceSpans(body).map((s) => ({ ...s, text: folded.slice(s.start, s.end), raw: body.slice(s.start, s.end) }));
  const mentions = [...input.mentions].sort((a, b) => a.start - b.start);
  const proposals: Proposal[] = [];
  let salientPerson: number | null = null;
  let m = 0;
  for (let i = 0; i < sentences.length; i++) {
    const s = sentences[i];
    const local: LocalMention[] = [];
    while (m < mentions.length && mentions[m].start < s.start) m++;
    for (let k = m; k < mentions.length && mentions[k].start < s.end; k++) {
      const kind = input.kindOf(mentions[k].entityId);
      if (kind) local.push({ entityId: mentions[k].entityId, kind, start: mentions[k].start - s.start, end: mentions[k].end - s.start });
    }
    const found = sentenceEvents(sentences, i, local, publishedAt, salientPerson, proposals);
    for (const p of found) addProposal(proposals, p);
    const subject = local.find((x) => x.kind === 'person' && !attributive(s.text, x, local));
    if (subject) salientPerson = subject.entityId;
  }
  return proposals.map(({ dateSentence: _d, sentence: _s, ...p }) => ({
    ...p,
    evidence: p.evidence,
    confidence: Math.round(p.confidence * 100) / 100,
  }));
}

/** Adds a proposal, or folds it into an earlier one of this text that reports the same event. */
function addProposal(proposals: Proposal[], p: Proposal): void {
  const ids = new Set(p.participants.map((x) => x.entityId));
  const same = proposals.find((q) =>
    q.kind === p.kind && q.participants.length === ids.size && q.participants.every((x) => ids.has(x.entityId)) &&
    (q.date === null || p.date === null || q.date === p.date) && (placeKey(q) === '' || placeKey(p) === '' || placeKey(q) === placeKey(p)));
  if (!same) return void proposals.push(p);
  for (const e of p.evidence) if (!same.evidence.some((x) => x.start === e.start)) same.evidence.push(e);
  same.evidence.sort((a, b) => a.start - b.start);
  same.main = same.evidence.findIndex((e) => e.start === same.evidence[same.main]?.start);
  if (same.main < 0) same.main = 0;
  same.date ??= p.date;
  same.precision ??= p.precision;
  if (placeKey(same) === '') Object.assign(same, { placeId: p.placeId, placeName: p.placeName, placeSpan: p.placeSpan });
  same.confidence = Math.min(0.97, Math.max(same.confidence, p.confidence) + 0.03);
}

/** A proposal's place as one key: the known place's id, or the folded name the text gives; '' for none. */
export const placeKey = (p: Pick<ProposedEvent, 'placeId' | 'placeName'>): string =>
  p.placeId !== null ? String(p.placeId) : p.placeName !== null ? `name:${foldPhrase(p.placeName)}` : '';

interface Found {
  trigger: Trigger;
  start: number;
  end: number;
}

function triggersOf(text: string, local: LocalMention[]): Found[] {
  const found: Found[] = [];
  for (const trigger of TRIGGERS) {
    trigger.re.lastIndex = 0;
    for (let x = trigger.re.exec(text); x; x = trigger.re.exec(text)) {
      const start = x.index;
      const end = start + x[0].length;
      if (x[0].length === 0) {
        trigger.re.lastIndex++;
        continue;
      }
      if (found.some((f) => start < f.end && end > f.start)) continue;
      if (local.some((l) => start < l.end && end > l.start)) continue;
      if (!trigger.verbal && (ANAPHOR_BEFORE.test(text.slice(Math.max(0, start - 30), start)) || POSSESSIVE.test(`${text.slice(Math.max(0, start - 8), start)}${x[0]}`))) continue;
      found.push({ trigger, start, end });
    }
  }
  // One event per kind and sentence: the first verbal trigger, else the first one.
  found.sort((a, b) => a.start - b.start);
  const byKind = new Map<ExtractedKind, Found>();
  for (const f of found) {
    const seen = byKind.get(f.trigger.kind);
    if (!seen || (!seen.trigger.verbal && f.trigger.verbal)) byKind.set(f.trigger.kind, f);
  }
  return [...byKind.values()].sort((a, b) => a.start - b.start);
}

/**
 * An organization (or place) named in someone's title: "le directeur général de la DGSN
 * et de la DGST, X", "l'ambassadeur du Maroc en Belgique": it says who a person is, not
 * who took part or where.
 */
function attributive(text: string, x: LocalMention, local: LocalMention[]): boolean {
  if (x.kind === 'person') return false;
  const reach = x.kind === 'place' ? 25 : 45;
  if (TITLE_WORDS.test(text.slice(Math.max(0, x.start - reach), x.start))) return true;
  // "… de la DGSN et de la DGST": a second organization of the same title.
  const previous = local.filter((o) => o.kind === 'organization' && o.end <= x.start).pop();
  const between = previous ? text.slice(previous.end, x.start) : '';
  if (x.kind === 'organization' && previous && (/^\s*\(\s*$/.test(between) || /^\s*\)?\s*(?:\([^)]*\)\s*)?,?\s*(?:et|and|ou|or)\s+(?:de la|du|des|de l[’']|of the|of)\s*$/iu.test(between))) {
    return attributive(text, previous, local);
  }
  // "Hammouchi (DGSN)", "X, of the DGSN,": right beside a person.
  return local.some((p) => p.kind === 'person' && p.end <= x.start && x.start - p.end < 12 && /^\s*(?:\(|,\s*(?:of|de|du|de la)\s)/iu.test(text.slice(p.end, x.start)));
}

function sentenceEvents(
  sentences: Sentence[], index: number, local: LocalMention[], publishedAt: Date | null, salientPerson: number | null, earlier: Proposal[],
): Proposal[] {
  const s = sentences[index];
  const text = s.text;
  if (GENERIC.test(text)) return [];
  const triggers = triggersOf(text, local);
  if (triggers.length === 0) return [];
  const dates = findDates(text, publishedAt);
  if (NEGATION.test(text) || FUTURE.test(text) || MODAL.test(text) || dates.some((d) => d.future)) return [];
  const actors = local.filter((x) => x.kind !== 'place' && !attributive(text, x, local));
  const places = local.filter((x) => x.kind === 'place' && PLACE_BEFORE.test(text.slice(Math.max(0, x.start - 12), x.start)) && !attributive(text, x, local));
  let unknown: UnknownPlace[] | undefined;
  const out: Proposal[] = [];
  let previousSubjects: LocalMention[] = [];
  let previousEnd = 0;
  for (const [n, f] of triggers.entries()) {
    const { trigger } = f;
    const rest = text.slice(f.end, triggers[n + 1]?.start ?? text.length);
    const clause = CLAUSE_END.exec(rest);
    const afterLimit = f.end + (clause ? clause.index : rest.length);
    let before = actors.filter((x) => x.end <= f.start && x.start >= previousEnd);
    const after = actors.filter((x) => x.start >= f.end && x.start < afterLimit);
    let confidence = trigger.verbal ? 0.8 : 0.65;
    if (before.length === 0 && previousSubjects.length && !trigger.passive) before = previousSubjects;
    // "Il a rencontré X", "she and X signed": the last person named acted.
    const pronoun = !trigger.passive && salientPerson !== null && !before.some((b) => b.entityId === salientPerson) &&
      (THIRD_PERSON.test(text.slice(previousEnd, f.start)) || (before.length === 0 && PRONOUN.test(text.slice(0, f.start))));
    const participants: ProposedParticipant[] = [];
    const add = (entityId: number, role: string) => {
      if (!participants.some((p) => p.entityId === entityId)) participants.push({ entityId, role });
    };
    const hostedAt = HOSTED_BY.exec(text);
    const hosts = hostedAt ? actors.filter((x) => x.start >= hostedAt.index + hostedAt[0].length) : [];
    const role = DEFAULT_ROLE[trigger.kind];
    if (trigger.kind === 'visit') {
      const visitors = trigger.passive ? after : before;
      const visitorRole = DELEGATION.test(text) ? 'head of delegation' : role;
      for (const v of visitors) if (!hosts.includes(v)) add(v.entityId, visitorRole);
      if (pronoun && participants.length === 0) {
        add(salientPerson!, visitorRole);
        confidence -= 0.1;
      }
      // "X a visité la DGSN": what is visited hosts.
      if (!trigger.passive) for (const h of after) if (!hosts.includes(h)) add(h.entityId, 'host');
      for (const h of hosts) add(h.entityId, 'host');
    } else if (trigger.kind === 'reception') {
      const [host, guests] = trigger.passive ? [after, before] : [before, after];
      if (pronoun && host.length === 0 && !trigger.passive) add(salientPerson!, 'host');
      for (const h of host) add(h.entityId, 'host');
      if (pronoun && trigger.passive && guests.length === 0) add(salientPerson!, 'guest');
      for (const g of guests) add(g.entityId, 'guest');
    } else {
      const actorsOf = trigger.passive ? after : [...before, ...after];
      if (pronoun) {
        add(salientPerson!, role);
        confidence -= 0.1;
      }
      for (const a of actorsOf) add(a.entityId, role);
    }
    previousSubjects = trigger.passive ? after : before;
    previousEnd = f.end;
    if (participants.length < MIN_PARTICIPANTS[trigger.kind]) continue;

    // "en Belgique", "in Rabat"; a visit's destination may follow its verb directly ("visited Rabat").
    const direct = trigger.kind === 'visit' ? local.find((p) => p.kind === 'place' && p.start >= f.end && /^\s*$/.test(text.slice(f.end, p.start))) : undefined;
    const place = direct ?? placeAround(places, f, afterLimit);
    // No known place: the one the sentence names ("à Rabat", "in Ghent"; a visit's right after
    // its verb, "visited Ghent"), read only when needed.
    const unnamed = place ? [] : (unknown ??= unknownPlaces(text, s.raw, local));
    const named = place ? undefined
      : (trigger.kind === 'visit' ? unnamed.find((p) => p.start >= f.end && /^\s*$/.test(text.slice(f.end, p.start))) : undefined) ??
        placeAround(unnamed.filter((p) => p.afterPreposition), f, afterLimit);
    const date = nearestDate(dates, f);
    if (MEETING_LIKE.has(trigger.kind) && out.some((v) => v.kind === 'visit' && participants.every((p) => v.participants.some((x) => x.entityId === p.entityId)))) {
      continue; // "X visited Dakar, where he was received by Y": the reception is the visit's hosting.
    }
    const proposal: Proposal = {
      kind: trigger.kind, participants, placeId: place?.entityId ?? null, placeName: named?.name ?? null,
      placeSpan: named ? { start: s.start + named.start, end: s.start + named.end } : null,
      date: date?.date ?? null, precision: date?.date ? date.precision : null,
      evidence: [{ start: s.start, end: s.end }], main: 0, confidence, subject: null,
      dateSentence: date?.date ? index : null, sentence: index,
    };
    if (trigger.kind === 'visit' && placeKey(proposal) === '' && !participants.some((p) => p.role === 'host')) continue;
    if (date?.date) proposal.confidence += 0.1;
    if (placeKey(proposal) !== '') proposal.confidence += 0.05;
    // A date the text gives but that cannot be resolved stays unknown: the frame's is not it.
    const unresolvedDate = date !== undefined && date.date === null && !date.dayAfterFrame;
    inheritFromFrame(proposal, text, [...earlier, ...out], unresolvedDate ? null : date?.dayAfterFrame ?? 0);
    if (trigger.kind === 'agreement_signed') proposal.subject = signedThing(proposal, sentences, index);
    proposal.confidence = Math.min(0.95, Math.max(0.05, proposal.confidence));
    out.push(proposal);
  }
  return out;
}

interface UnknownPlace {
  name: string;
  /** Offsets within the sentence. */
  start: number;
  end: number;
  /** After à/en/au/in…: a place wherever it stands; otherwise only as a visit's destination right after its verb. */
  afterPreposition: boolean;
}

/** The place of a trigger: after it within its clause, else before it, else any the sentence names. */
function placeAround<T extends { start: number; end: number }>(places: T[], f: Found, afterLimit: number): T | undefined {
  return places.find((p) => p.start >= f.end && p.start < afterLimit + 40) ?? places.find((p) => p.end <= f.start) ?? places[0];
}

/**
 * Places the sentence names that no linked mention covers, by the linking's candidate rules
 * (a capitalized name after à/en/au/in…, or a known country or city), placed as linked places are.
 */
function unknownPlaces(text: string, raw: string, local: LocalMention[]): UnknownPlace[] {
  const tokens = tokenize(raw);
  const covered = new Uint8Array(tokens.count);
  for (let k = 0; k < tokens.count; k++) {
    if (local.some((x) => tokens.start[k] < x.end && tokens.end[k] > x.start)) covered[k] = 1;
  }
  return namedPlaces(tokens, covered, raw)
    .filter((p) => !attributive(text, { entityId: 0, kind: 'place', start: p.start, end: p.end }, local))
    .map((p) => ({ name: p.text, start: p.start, end: p.end, afterPreposition: PLACE_BEFORE.test(text.slice(Math.max(0, p.start - 12), p.start)) }));
}

/** The date expression nearest to the trigger (after it first, as news writes "X met Y on Monday"). */
function nearestDate(dates: DateMention[], f: Found): DateMention | undefined {
  const usable = dates.filter((d) => d.precision !== null);
  if (!usable.length) return undefined;
  return usable.reduce((best, d) => (distance(d, f) < distance(best, f) ? d : best));
}
const distance = (d: DateMention, f: Found) => (d.start >= f.end ? d.start - f.end : (f.start - d.end) * 1.5);

/**
 * An event the sentence does not date belongs to the event it is part of: the visit
 * "Lors de son séjour" points to, or the last earlier event sharing a participant. It takes
 * that date (and place, if it has none), and the sentence that dated it joins the evidence.
 */
function inheritFromFrame(p: Proposal, text: string, earlier: Proposal[], daysAfter: number | null): void {
  const ids = new Set(p.participants.map((x) => x.entityId));
  const during = DURING_VISIT.test(text);
  let frame: Proposal | undefined;
  for (let k = earlier.length - 1; k >= 0 && !frame; k--) {
    const q = earlier[k];
    if (q.participants.some((x) => ids.has(x.entityId)) && (q.date !== null || (during && q.kind === 'visit'))) frame = q;
  }
  if (!frame) {
    // "X visited Ghent, where he met Y": an undated visit still places what its own sentence adds.
    const visit = earlier.find((q) => q.sentence === p.sentence && q.kind === 'visit' && placeKey(q) !== '' && q.participants.some((x) => ids.has(x.entityId)));
    if (visit && placeKey(p) === '' && p.kind !== 'visit') Object.assign(p, { placeId: visit.placeId, placeName: visit.placeName, placeSpan: visit.placeSpan });
    return;
  }
  if (during && frame.kind === 'visit' && MEETING_LIKE.has(p.kind)) {
    // Talks during someone's visit: the visitor is the guest, the others host.
    const visitors = new Set(frame.participants.filter((x) => x.role !== 'host').map((x) => x.entityId));
    for (const x of p.participants) x.role = visitors.has(x.entityId) ? 'guest' : 'host';
  }
  if (p.date === null && daysAfter !== null && frame.date !== null && (daysAfter === 0 || frame.precision === 'day')) {
    p.date = daysAfter ? new Date(Date.parse(`${frame.date}T00:00:00Z`) + daysAfter * 86_400_000).toISOString().slice(0, 10) : frame.date;
    p.precision = frame.precision;
    p.dateSentence = frame.dateSentence;
    if (frame.dateSentence !== null) {
      const dated = frame.evidence.find((e) => e.start <= (frame.evidence[frame.main]?.start ?? 0)) ?? frame.evidence[frame.main];
      if (dated && !p.evidence.some((e) => e.start === dated.start)) p.evidence.unshift({ start: dated.start, end: dated.end });
      p.main = p.evidence.length - 1;
    }
    p.confidence -= during ? 0 : 0.05;
  }
  if (placeKey(p) === '' && placeKey(frame) !== '' && (during || p.kind !== 'visit')) {
    Object.assign(p, { placeId: frame.placeId, placeName: frame.placeName, placeSpan: frame.placeSpan });
  }
}

/**
 * What was signed: the thing named in the sentence, completed by an earlier sentence that
 * introduced it ("un plan d'action commun … pour 2025-2026" before "Le plan d'action signé
 * par …"), which joins the evidence.
 */
function signedThing(p: Proposal, sentences: Sentence[], index: number): string | null {
  const s = sentences[index];
  const thing = SIGNED_THING.exec(s.text);
  if (!thing) return null;
  const noun = s.raw.slice(thing.index, thing.index + thing[0].length);
  let years = YEARS.exec(s.text.slice(thing.index))?.[1] ?? null;
  if (!years && DEFINITE.test(s.text.slice(0, thing.index))) {
    const needle = thing[0].toLowerCase();
    for (let k = index - 1; k >= Math.max(0, index - 6); k--) {
      const antecedent = sentences[k];
      if (!antecedent.text.toLowerCase().includes(needle)) continue;
      years = YEARS.exec(antecedent.text)?.[1] ?? null;
      if (!p.evidence.some((e) => e.start === antecedent.start)) {
        p.evidence.push({ start: antecedent.start, end: antecedent.end });
        p.evidence.sort((a, b) => a.start - b.start);
        p.main = p.evidence.findIndex((e) => e.start === s.start);
      }
      break;
    }
  }
  return years ? `${noun} ${years.replace(/\s+/g, '')}` : noun;
}

/** Proposals below this confidence are not stored (the quality bench measures at it). */
export const EXTRACTION_THRESHOLD = 0.5;
