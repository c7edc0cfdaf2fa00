import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { LinkableKind, LinkedMention } from '../linking/gazetteer';
import { slugify } from '../slug';
import { dateSpan, datesCompatible, type Precision } from './dates';
import { foldPhrase } from '../linking/fold';
import { EXTRACTION_THRESHOLD, extractEvents, placeKey, type ProposedEvent } from './extract';
import type { ExtractedKind } from './lexicon';
import { titleOf } from './titles';

/** An article just stored (or relinked) whose text may report events. */
export interface ArticleForEvents {
  articleId: number;
  body: string;
  /** Null: relative dates stay unresolved. */
  publishedAt: Date | null;
  language: string;
  mentions: LinkedMention[];
  /** What its text proposes when already extracted (before the storing transaction); extracted here otherwise. */
  proposals?: ProposedEvent[];
}

/** A stored event as matching sees it. */
interface Candidate {
  id: number;
  kind: ExtractedKind | 'other';
  date: string | null;
  precision: Precision | null;
  placeId: number | null;
  /** The place as a text named it, when it is no known place. */
  placeName: string | null;
  /** The known place's name and aliases, folded (what a named place may match). */
  placeNames: string[];
  status: 'proposed' | 'confirmed' | 'rejected';
  participants: number[];
}

/** What one article's text proposes, with its place in the batch. */
interface Pending {
  article: ArticleForEvents;
  proposal: ProposedEvent;
  fingerprint: string;
}

const DAY_MS = 86_400_000;
/** An undated proposal matches events of its participants dated this long before publication. */
const UNDATED_WINDOW_DAYS = 45;
const MEETING_LIKE = new Set(['meeting', 'reception']);

export const EXTRACTOR_ACTOR = 'extractor';

/** Same event, as far as one article can tell: kind, participants (ids), date and place. */
export function fingerprintOf(p: Pick<ProposedEvent, 'kind' | 'participants' | 'date' | 'placeId' | 'placeName'>): string {
  const ids = p.participants.map((x) => x.entityId).sort((a, b) => a - b).join(',');
  return `${p.kind}|${ids}|${p.date ?? ''}|${placeKey(p)}`;
}

type PlaceOf = Pick<Candidate, 'placeId' | 'placeName' | 'placeNames'>;

/**
 * Whether two places may be one: either unknown, the same known place, two names equal once
 * accents and case are folded, or a name and a known place called (or aliased) so.
 */
function placesCompatible(a: PlaceOf, b: PlaceOf): boolean {
  if (a.placeId !== null && b.placeId !== null) return a.placeId === b.placeId;
  if (a.placeName !== null && b.placeName !== null) return foldPhrase(a.placeName) === foldPhrase(b.placeName);
  if (a.placeName !== null && b.placeId !== null) return b.placeNames.includes(foldPhrase(a.placeName));
  if (b.placeName !== null && a.placeId !== null) return a.placeNames.includes(foldPhrase(b.placeName));
  return true;
}

const hasPlace = (p: PlaceOf) => p.placeId !== null || p.placeName !== null;

const kindsCompatible = (a: string, b: string) => a === b || (MEETING_LIKE.has(a) && MEETING_LIKE.has(b));

/**
 * Why a proposal is the stored event (null: it is not): compatible kind, participants in
 * common (two, or all of the smaller side), dates that may be the same day given their
 * precision, and no two different places.
 */
export function matchReason(p: Pick<ProposedEvent, 'kind' | 'participants' | 'date' | 'precision'> & PlaceOf, c: Candidate): string | null {
  if (c.status === 'rejected' || !kindsCompatible(p.kind, c.kind)) return null;
  const shared = p.participants.filter((x) => c.participants.includes(x.entityId)).length;
  if (shared === 0 || shared < Math.min(2, p.participants.length, c.participants.length)) return null;
  if (!datesCompatible({ date: p.date, precision: p.precision }, { date: c.date, precision: c.precision })) return null;
  if (!placesCompatible(p, c)) return null;
  const dates = p.date && c.date ? `dates ${p.date}/${p.precision} and ${c.date}/${c.precision} overlap` : 'one of the dates is unknown';
  const place = hasPlace(p) && hasPlace(c) ? 'same place' : 'no conflicting place';
  return `${p.kind === c.kind ? `same kind (${p.kind})` : `compatible kinds (${p.kind}, ${c.kind})`}; ${shared} participant(s) in common; ${dates}; ${place}`;
}

/** The window of participation dates a proposal may match. */
function windowOf(a: ArticleForEvents, p: ProposedEvent): [string | null, string | null] {
  if (p.date) return dateSpan(p.date, p.precision ?? 'day');
  if (!a.publishedAt) return [null, null];
  const to = a.publishedAt.toISOString().slice(0, 10);
  return [new Date(a.publishedAt.getTime() - UNDATED_WINDOW_DAYS * DAY_MS).toISOString().slice(0, 10), to];
}

/**
 * Proposes the events the articles report and stores them in the caller's transaction: a
 * proposal matching a stored event (see matchReason) becomes another source of it, with its
 * reason recorded; the others become proposed events. An article proposes nothing it already
 * proposed (a rejected event included); its sources that its text no longer supports go,
 * and a proposed event left without sources with them. A few statements per batch.
 */
/** What recording changed: counts, and every event given, or stripped of, a source (the caches' purge keys). */
export interface RecordedEvents { created: number; attached: number; eventIds: number[] }

export async function recordArticleEvents(manager: EntityManager, articles: ArticleForEvents[]): Promise<RecordedEvents> {
  if (articles.length === 0) return { created: 0, attached: 0, eventIds: [] };
  const ids = [...new Set(articles.flatMap((a) => a.mentions.map((m) => m.entityId)))];
  const known: { id: number; kind: LinkableKind; name: string; aliases: string[] }[] = ids.length
    ? await manager.query(`SELECT id, kind, name, aliases FROM entity WHERE id = ANY($1)`, [ids])
    : [];
  const entity = new Map(known.map((k) => [k.id, k]));
  const namesOf = (placeId: number | null) => {
    const place = placeId === null ? undefined : entity.get(placeId);
    return place ? [place.name, ...place.aliases].map(foldPhrase) : [];
  };
  const pending: Pending[] = [];
  for (const article of articles) {
    for (const proposal of article.proposals ?? extractEvents({ ...article, kindOf: (id) => entity.get(id)?.kind })) {
      if (proposal.confidence >= EXTRACTION_THRESHOLD) pending.push({ article, proposal, fingerprint: fingerprintOf(proposal) });
    }
  }
  const articleIds = articles.map((a) => a.articleId);
  const stored: { eventId: number; articleId: number; fingerprint: string | null }[] = await manager.query(
    `SELECT event_id AS "eventId", article_id AS "articleId", proposal->>'fingerprint' AS fingerprint
       FROM event_source WHERE article_id = ANY($1) AND proposal IS NOT NULL`,
    [articleIds],
  );
  const already = new Set(stored.map((s) => `${s.articleId}#${s.fingerprint}`));
  const fresh = pending.filter((p) => !already.has(`${p.article.articleId}#${p.fingerprint}`));
  const wanted = new Set(pending.map((p) => `${p.article.articleId}#${p.fingerprint}`));
  const stale = stored.filter((s) => !wanted.has(`${s.articleId}#${s.fingerprint}`));
  if (stale.length) await dropStaleSources(manager, stale);
  const unsourced = stale.map((s) => s.eventId);
  if (fresh.length === 0) return { created: 0, attached: 0, eventIds: [...new Set(unsourced)] };

  const candidates = await candidatesFor(manager, fresh);
  const created: { pending: Pending; key: number }[] = [];
  const attached: { pending: Pending; eventId: number; reason: string }[] = [];
  // Only an event sharing a participant can match: each proposal reads its participants' events
  // (in the order stored events, then this batch's, were found), not every event of the batch.
  const order = new Map<Candidate, number>();
  const byParticipant = new Map<number, Candidate[]>();
  const index = (c: Candidate) => {
    order.set(c, order.size);
    for (const id of c.participants) {
      const list = byParticipant.get(id);
      if (list) list.push(c);
      else byParticipant.set(id, [c]);
    }
  };
  candidates.forEach(index);
  for (const item of fresh) {
    const proposal = { ...item.proposal, placeNames: namesOf(item.proposal.placeId) };
    const pool = [...new Set(item.proposal.participants.flatMap((x) => byParticipant.get(x.entityId) ?? []))].sort((a, b) => order.get(a)! - order.get(b)!);
    let best: { c: Candidate; reason: string; shared: number } | null = null;
    for (const c of pool) {
      const reason = matchReason(proposal, c);
      if (!reason) continue;
      const shared = item.proposal.participants.filter((x) => c.participants.includes(x.entityId)).length;
      if (!best || shared > best.shared) best = { c, reason, shared };
    }
    // A match may be an event this batch just proposed (a negative key until inserted).
    if (best) attached.push({ pending: item, eventId: best.c.id, reason: best.reason });
    else {
      const key = -(created.length + 1);
      created.push({ pending: item, key });
      index({ id: key, kind: item.proposal.kind, date: item.proposal.date, precision: item.proposal.precision, placeId: item.proposal.placeId, placeName: item.proposal.placeName, placeNames: namesOf(item.proposal.placeId), status: 'proposed', participants: item.proposal.participants.map((x) => x.entityId) });
    }
  }
  const idOfKey = await insertEvents(manager, created, entity);
  const resolve = (id: number) => (id < 0 ? idOfKey.get(id)! : id);
  await insertSources(manager, [
    ...created.map((c) => ({ pending: c.pending, eventId: idOfKey.get(c.key)!, reason: null as string | null })),
    ...attached.map((a) => ({ pending: a.pending, eventId: resolve(a.eventId), reason: a.reason })),
  ]);
  const attachedIds = [...new Set(attached.map((a) => resolve(a.eventId)))];
  await nameKnownPlaces(manager, attached.map((a) => ({ eventId: resolve(a.eventId), placeId: a.pending.proposal.placeId })));
  await recomputeConfidence(manager, attachedIds);
  const eventIds = [...new Set([...unsourced, ...created.map((c) => idOfKey.get(c.key)!), ...attachedIds])];
  return { created: created.length, attached: attached.length, eventIds };
}

/** Stored events sharing a participant with a proposal, in its date window: one statement. */
async function candidatesFor(manager: EntityManager, fresh: Pending[]): Promise<Candidate[]> {
  const entityIds: number[] = [];
  const lows: (string | null)[] = [];
  const highs: (string | null)[] = [];
  for (const { article, proposal } of fresh) {
    const [lo, hi] = windowOf(article, proposal);
    for (const p of proposal.participants) {
      entityIds.push(p.entityId);
      lows.push(lo);
      highs.push(hi);
    }
  }
  const rows: Candidate[] =
    await manager.query(
      `WITH hit AS (
         SELECT DISTINCT p.event_id FROM unnest($1::int[], $2::date[], $3::date[]) AS t(entity_id, lo, hi)
           JOIN event_participant p ON p.entity_id = t.entity_id
            AND ((t.lo IS NOT NULL AND p.date BETWEEN t.lo - 366 AND t.hi) OR p.date IS NULL)
          -- before the window only an event whose week, month or year reaches into it
          WHERE p.date IS NULL OR p.date >= t.lo OR EXISTS (SELECT 1 FROM event c WHERE c.id = p.event_id AND c.date_precision <> 'day')
       )
       SELECT e.id, e.kind, to_char(e.date, 'YYYY-MM-DD') AS date, e.date_precision AS precision, e.place_id AS "placeId", e.place_name AS "placeName",
              COALESCE((SELECT ARRAY[pl.name] || pl.aliases FROM entity pl WHERE pl.id = e.place_id), '{}') AS "placeNames", e.status,
              ARRAY(SELECT entity_id FROM event_participant WHERE event_id = e.id) AS participants
         FROM hit JOIN event e ON e.id = hit.event_id`,
      [entityIds, lows, highs],
    );
  // A year's event starts on 1 January: the SQL window reaches back a year, precision decides here.
  return rows.map((r) => ({ ...r, placeNames: r.placeNames.map(foldPhrase) }));
}

/**
 * A source naming the known place an event only had a name for ("à Rabat" before Rabat was an
 * entity, now linked): the event gets the place and loses the name (matching checked they agree).
 */
async function nameKnownPlaces(manager: EntityManager, attached: { eventId: number; placeId: number | null }[]): Promise<void> {
  const known = attached.filter((a) => a.placeId !== null);
  if (known.length === 0) return;
  await manager.query(
    `UPDATE event e SET place_id = t.place_id, place_name = NULL
       FROM unnest($1::int[], $2::int[]) AS t(event_id, place_id)
      WHERE e.id = t.event_id AND e.place_id IS NULL AND e.place_name IS NOT NULL`,
    [known.map((a) => a.eventId), known.map((a) => a.placeId)],
  );
}

async function insertEvents(
  manager: EntityManager, created: { pending: Pending; key: number }[], entity: Map<number, { name: string }>,
): Promise<Map<number, number>> {
  const idOfKey = new Map<number, number>();
  if (created.length === 0) return idOfKey;
  const rows = created.map(({ pending: { article, proposal, fingerprint } }) => {
    const title = titleOf(proposal, (id) => entity.get(id)?.name ?? '?', article.language);
    const hash = createHash('sha1').update(`${article.articleId}#${fingerprint}`).digest('hex').slice(0, 8);
    return { title, slug: `${slugify(title, 60)}-${proposal.date ?? 'undated'}-${hash}`, proposal };
  });
  const inserted: { id: number; ord: number }[] = await manager.query(
    `WITH input AS (
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::date[], $6::text[], $7::int[], $8::real[], $9::text[])
         AS t(ord, slug, kind, title, date, date_precision, place_id, confidence, place_name)
     ), e AS (
       INSERT INTO event (slug, kind, title, date, date_precision, place_id, place_name, status, confidence, origin)
       SELECT slug, kind, title, date, date_precision, place_id, place_name, 'proposed', confidence, 'extracted' FROM input ORDER BY ord
       ON CONFLICT (slug) DO NOTHING
       RETURNING id, slug
     )
     SELECT e.id, input.ord FROM e JOIN input USING (slug)`,
    [
      rows.map((_, i) => i), rows.map((r) => r.slug), rows.map((r) => r.proposal.kind), rows.map((r) => r.title),
      rows.map((r) => r.proposal.date), rows.map((r) => r.proposal.precision), rows.map((r) => r.proposal.placeId),
      rows.map((r) => r.proposal.confidence), rows.map((r) => (r.proposal.placeId === null ? r.proposal.placeName : null)),
    ],
  );
  for (const r of inserted) idOfKey.set(created[r.ord].key, r.id);
  const missing = created.filter((c) => !idOfKey.has(c.key));
  if (missing.length) {
    // The same slug: this article proposed the same event under an earlier text; reuse it.
    const bySlug: { id: number; slug: string }[] = await manager.query(`SELECT id, slug FROM event WHERE slug = ANY($1)`, [missing.map((m) => rows[created.indexOf(m)].slug)]);
    for (const m of missing) idOfKey.set(m.key, bySlug.find((b) => b.slug === rows[created.indexOf(m)].slug)!.id);
  }
  const fresh = created.filter((c) => inserted.some((r) => created[r.ord] === c));
  const parts = fresh.flatMap((c) => c.pending.proposal.participants.map((p) => ({ eventId: idOfKey.get(c.key)!, ...p, date: c.pending.proposal.date })));
  await manager.query(
    `INSERT INTO event_participant (event_id, entity_id, role, date)
     SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::date[]) ON CONFLICT DO NOTHING`,
    [parts.map((p) => p.eventId), parts.map((p) => p.entityId), parts.map((p) => p.role), parts.map((p) => p.date)],
  );
  await audit(manager, fresh.map((c) => ({
    eventId: idOfKey.get(c.key)!, action: 'propose', reason: `extracted from article ${c.pending.article.articleId}`,
    after: { ...c.pending.proposal, articleId: c.pending.article.articleId },
  })));
  return idOfKey;
}

async function insertSources(manager: EntityManager, sources: { pending: Pending; eventId: number; reason: string | null }[]): Promise<void> {
  if (sources.length === 0) return;
  // One source per event and article: a second proposal of the same article for the same event adds its sentences.
  const byKey = new Map<string, { pending: Pending; eventId: number; reason: string | null; evidence: number[] }>();
  for (const s of sources) {
    const key = `${s.eventId}#${s.pending.article.articleId}`;
    const spans = s.pending.proposal.evidence.flatMap((e) => [e.start, e.end]);
    const seen = byKey.get(key);
    if (seen) seen.evidence.push(...spans);
    else byKey.set(key, { ...s, evidence: spans });
  }
  const list = [...byKey.values()];
  const main = (s: (typeof list)[number]) => s.pending.proposal.evidence[s.pending.proposal.main];
  await manager.query(
    `INSERT INTO event_source (event_id, article_id, start, "end", evidence, confidence, proposal, merge_reason)
     SELECT t.event_id, t.article_id, t.start, t.stop, ARRAY(SELECT json_array_elements_text(t.evidence::json)::int), t.confidence, t.proposal::jsonb, t.reason
       FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::text[], $6::real[], $7::text[], $8::text[])
         AS t(event_id, article_id, start, stop, evidence, confidence, proposal, reason)
     ON CONFLICT (event_id, article_id) DO UPDATE SET evidence = event_source.evidence || EXCLUDED.evidence`,
    [
      list.map((s) => s.eventId), list.map((s) => s.pending.article.articleId), list.map((s) => main(s).start), list.map((s) => main(s).end),
      list.map((s) => JSON.stringify(s.evidence)), list.map((s) => s.pending.proposal.confidence),
      list.map((s) => JSON.stringify({ ...s.pending.proposal, fingerprint: s.pending.fingerprint })), list.map((s) => s.reason),
    ],
  );
  const merged = list.filter((s) => s.reason !== null);
  // A participant the new source names and the event lacked joins it.
  const joins = merged.flatMap((s) => s.pending.proposal.participants.map((p) => ({ eventId: s.eventId, ...p })));
  if (joins.length) {
    await manager.query(
      `INSERT INTO event_participant (event_id, entity_id, role, date)
       SELECT t.event_id, t.entity_id, t.role, e.date FROM unnest($1::int[], $2::int[], $3::text[]) AS t(event_id, entity_id, role)
         JOIN event e ON e.id = t.event_id AND e.status <> 'rejected'
       ON CONFLICT DO NOTHING`,
      [joins.map((j) => j.eventId), joins.map((j) => j.entityId), joins.map((j) => j.role)],
    );
  }
  await audit(manager, merged.map((s) => ({
    eventId: s.eventId, action: 'attach', reason: s.reason, after: { articleId: s.pending.article.articleId, proposal: s.pending.proposal },
  })));
}

/**
 * Confidence from independent sources: 1 - Π(1 - c) over outlets, each outlet counted once
 * at its best; editor-confirmed and curated events stay at 1.
 */
export async function recomputeConfidence(manager: EntityManager, eventIds: number[]): Promise<void> {
  if (eventIds.length === 0) return;
  await manager.query(
    `UPDATE event e SET confidence = c.value
       FROM (SELECT o.event_id, LEAST(0.99, 1 - exp(sum(ln(GREATEST(1e-6, 1 - o.best))))) AS value
               FROM (SELECT s.event_id, COALESCE(a.source_id::text, 'article ' || a.id) AS outlet, max(COALESCE(s.confidence, 1)) AS best
                       FROM event_source s JOIN article a ON a.id = s.article_id WHERE s.event_id = ANY($1)
                      GROUP BY s.event_id, outlet) o
              GROUP BY o.event_id) c
      WHERE e.id = c.event_id AND e.origin = 'extracted' AND e.status = 'proposed'`,
    [eventIds],
  );
}

async function dropStaleSources(manager: EntityManager, stale: { eventId: number; articleId: number }[]): Promise<void> {
  await manager.query(
    `DELETE FROM event_source s USING unnest($1::int[], $2::int[]) AS t(event_id, article_id)
      WHERE s.event_id = t.event_id AND s.article_id = t.article_id`,
    [stale.map((s) => s.eventId), stale.map((s) => s.articleId)],
  );
  const eventIds = [...new Set(stale.map((s) => s.eventId))];
  // A proposed event no text supports any more goes; a reviewed one stays for its editor.
  await manager.query(
    `DELETE FROM event e WHERE e.id = ANY($1) AND e.status = 'proposed' AND e.origin = 'extracted'
        AND NOT EXISTS (SELECT 1 FROM event_source s WHERE s.event_id = e.id)`,
    [eventIds],
  );
  await recomputeConfidence(manager, eventIds);
}

export interface AuditWrite {
  eventId: number;
  action: 'propose' | 'attach' | 'create' | 'update' | 'confirm' | 'reject' | 'merge' | 'split';
  reason?: string | null;
  before?: unknown;
  after?: unknown;
  actorTokenId?: number | null;
  actorName?: string;
}

/** Appends entries to the events' audit log (one statement). */
export async function audit(manager: EntityManager, entries: AuditWrite[]): Promise<void> {
  if (entries.length === 0) return;
  await manager.query(
    `INSERT INTO event_audit (event_id, action, actor_token_id, actor_name, before, after, reason)
     SELECT * FROM unnest($1::int[], $2::text[], $3::int[], $4::text[], $5::jsonb[], $6::jsonb[], $7::text[])`,
    [
      entries.map((e) => e.eventId), entries.map((e) => e.action), entries.map((e) => e.actorTokenId ?? null),
      entries.map((e) => e.actorName ?? EXTRACTOR_ACTOR), entries.map((e) => (e.before === undefined ? null : JSON.stringify(e.before))),
      entries.map((e) => (e.after === undefined ? null : JSON.stringify(e.after))), entries.map((e) => e.reason ?? null),
    ],
  );
}
