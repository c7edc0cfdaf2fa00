import type { DataSource, EntityManager } from 'typeorm';
import { keysetSql, selectList } from '../../db/sql';
import { Event, EventAuditEntry, type DatePrecision, type EventKind, type EventStatus } from '../../entities';
import { pageRequest, toConnection, type Connection, type PageArgs } from '../../pagination';
import type { UserError } from '../../schema/user-errors';
import type { Viewer } from '../auth/viewer';
import { purge } from '../purge';
import { slugify } from '../slug';
import { audit, recomputeConfidence, type AuditWrite } from './record';

/** What an editor sends to create or correct an event. */
export interface EventFields {
  kind?: EventKind;
  title?: string;
  date?: string | null;
  datePrecision?: DatePrecision | null;
  placeId?: number | null;
  participants?: { entityId: number; role: string }[];
}

/** The evidence an editor gives for an event they create: a span of an article's body. */
export interface EvidenceInput {
  articleId: number;
  start: number;
  end: number;
}

export interface ReviewResult {
  event: Event | null;
  userErrors: UserError[];
}

/** An event as the audit log records it before and after a change. */
export interface EventSnapshot {
  kind: string;
  title: string;
  date: string | null;
  datePrecision: string | null;
  placeId: number | null;
  /** The place as the text names it, when it is no known place. */
  placeName: string | null;
  status: string;
  confidence: number;
  participants: { entityId: number; role: string }[];
  sources: number[];
}

const MIN_YEAR = 1800;
const MAX_TITLE = 300;
const fail = (field: string, code: UserError['code'], message: string): ReviewResult => ({ event: null, userErrors: [{ field, code, message: `${field}: ${message}` }] });
const actor = (v: Viewer) => ({ actorTokenId: v.tokenId, actorName: v.name });

export async function snapshotOf(m: EntityManager, id: number): Promise<EventSnapshot | null> {
  const [row]: EventSnapshot[] = await m.query(
    `SELECT e.kind, e.title, to_char(e.date, 'YYYY-MM-DD') AS date, e.date_precision AS "datePrecision", e.place_id AS "placeId", e.place_name AS "placeName", e.status, e.confidence,
            COALESCE((SELECT json_agg(json_build_object('entityId', p.entity_id, 'role', p.role) ORDER BY p.entity_id) FROM event_participant p WHERE p.event_id = e.id), '[]') AS participants,
            ARRAY(SELECT s.article_id FROM event_source s WHERE s.event_id = e.id ORDER BY s.article_id) AS sources
       FROM event e WHERE e.id = $1`,
    [id],
  );
  return row ?? null;
}

/** Runs a review change in one transaction, logs it, purges what it changed after commit. */
async function change(ds: DataSource, run: (m: EntityManager) => Promise<ReviewResult & { touched?: number[] }>): Promise<ReviewResult> {
  const result = await ds.transaction(run);
  if (result.event) {
    await purge({ events: [...new Set([result.event.id, ...(result.touched ?? [])])], lists: true }, 'event reviewed');
  }
  return { event: result.event, userErrors: result.userErrors };
}

/** Checks an editor's fields: a bad one is a userError naming it; nothing is written then. */
async function checkFields(m: EntityManager, f: EventFields, creating: boolean): Promise<UserError[]> {
  const errors: UserError[] = [];
  const err = (field: string, code: UserError['code'], message: string) => errors.push({ field, code, message: `${field}: ${message}` });
  if (f.title !== undefined && (f.title.trim() === '' || f.title.length > MAX_TITLE)) err('title', 'INVALID', `expected 1 to ${MAX_TITLE} characters`);
  if (creating && !f.title) err('title', 'INVALID', 'a new event needs a title');
  if (f.date != null) {
    const d = new Date(`${f.date}T00:00:00Z`);
    const limit = new Date(Date.now() + 366 * 86_400_000);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(f.date) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== f.date) err('date', 'INVALID', `expected a day YYYY-MM-DD, got "${f.date}"`);
    else if (d.getUTCFullYear() < MIN_YEAR || d > limit) err('date', 'INVALID', `out of range: from ${MIN_YEAR} to a year from now, got ${f.date}`);
  }
  if (f.date !== undefined && f.datePrecision !== undefined && (f.date === null) !== (f.datePrecision === null)) {
    err('datePrecision', 'INVALID', 'give a precision with a date, and none without');
  }
  if (f.placeId != null) {
    const [p] = await m.query(`SELECT kind FROM entity WHERE id = $1 AND merged_into_id IS NULL`, [f.placeId]);
    if (!p || p.kind !== 'place') err('place', 'NOT_FOUND', 'no place with this id');
  }
  if (f.participants) {
    if (creating && f.participants.length === 0) err('participants', 'INVALID', 'an event needs at least one participant');
    const seen = new Set<number>();
    f.participants.forEach((p, i) => {
      if (seen.has(p.entityId)) err(`participants[${i}]`, 'DUPLICATE', 'this participant is already listed');
      seen.add(p.entityId);
      if (!p.role.trim() || p.role.length > 100) err(`participants[${i}].role`, 'INVALID', 'expected a role of 1 to 100 characters');
    });
    const ids = [...seen];
    const found: { id: number }[] = ids.length
      ? await m.query(`SELECT id FROM entity WHERE id = ANY($1) AND merged_into_id IS NULL AND kind IN ('person', 'organization')`, [ids])
      : [];
    f.participants.forEach((p, i) => {
      if (!found.some((x) => x.id === p.entityId)) err(`participants[${i}]`, 'NOT_FOUND', 'no person or organization with this id');
    });
  } else if (creating) err('participants', 'INVALID', 'an event needs at least one participant');
  return errors;
}

async function writeParticipants(m: EntityManager, eventId: number, participants: { entityId: number; role: string }[]): Promise<void> {
  await m.query(`DELETE FROM event_participant WHERE event_id = $1`, [eventId]);
  if (participants.length) {
    await m.query(
      `INSERT INTO event_participant (event_id, entity_id, role, date)
       SELECT $1, t.entity_id, t.role, (SELECT date FROM event WHERE id = $1) FROM unnest($2::int[], $3::text[]) AS t(entity_id, role)`,
      [eventId, participants.map((p) => p.entityId), participants.map((p) => p.role.trim())],
    );
  }
}

const loadEvent = (m: EntityManager, id: number) => m.findOneBy(Event, { id });

/** A new event, confirmed, with the evidence the editor points at (a span of an article's body). */
export async function createEvent(ds: DataSource, viewer: Viewer, f: EventFields & { kind: EventKind; title: string }, evidence: EvidenceInput[]): Promise<ReviewResult> {
  return change(ds, async (m) => {
    const errors = await checkFields(m, f, true);
    if (evidence.length === 0) errors.push({ field: 'evidence', code: 'INVALID', message: 'evidence: an event needs a sentence that reports it' });
    for (const [i, e] of evidence.entries()) {
      const [a] = await m.query(`SELECT length(body) AS n FROM article WHERE id = $1`, [e.articleId]);
      if (!a) errors.push({ field: `evidence[${i}].article`, code: 'NOT_FOUND', message: `evidence[${i}].article: no article with this id` });
      else if (!(e.start >= 0 && e.end > e.start && e.end <= a.n)) {
        errors.push({ field: `evidence[${i}]`, code: 'INVALID', message: `evidence[${i}]: expected 0 <= start < end <= ${a.n} (the body's length)` });
      }
    }
    if (errors.length) return { event: null, userErrors: errors };
    const date = f.date ?? null;
    const [{ id }]: { id: number }[] = await m.query(
      `INSERT INTO event (slug, kind, title, date, date_precision, place_id, status, confidence, origin)
       VALUES ($1 || '-' || nextval('event_id_seq'), $2, $3, $4, $5, $6, 'confirmed', 1, 'editor') RETURNING id`,
      [slugify(f.title, 60), f.kind, f.title.trim(), date, date ? f.datePrecision ?? 'day' : null, f.placeId ?? null],
    );
    await writeParticipants(m, id, f.participants!);
    await m.query(
      `INSERT INTO event_source (event_id, article_id, start, "end") SELECT $1, * FROM unnest($2::int[], $3::int[], $4::int[]) ON CONFLICT DO NOTHING`,
      [id, evidence.map((e) => e.articleId), evidence.map((e) => e.start), evidence.map((e) => e.end)],
    );
    await audit(m, [{ eventId: id, action: 'create', after: await snapshotOf(m, id), ...actor(viewer) }]);
    return { event: await loadEvent(m, id), userErrors: [] };
  });
}

/** Corrects an event's kind, title, date and precision, place or participants (all given ones at once). */
export async function updateEvent(ds: DataSource, viewer: Viewer, id: number, f: EventFields): Promise<ReviewResult> {
  return change(ds, async (m) => {
    const before = await snapshotOf(m, id);
    if (!before) return fail('id', 'NOT_FOUND', 'no event with this id');
    const errors = await checkFields(m, f, false);
    if (errors.length) return { event: null, userErrors: errors };
    const date = f.date !== undefined ? f.date : before.date;
    const precision = f.datePrecision !== undefined ? f.datePrecision : date === null ? null : (f.date !== undefined ? 'day' : before.datePrecision);
    // A place the editor sets (or clears) replaces the one the text only named.
    await m.query(
      `UPDATE event SET kind = $2, title = $3, date = $4, date_precision = $5, place_id = $6, place_name = CASE WHEN $7 THEN NULL ELSE place_name END WHERE id = $1`,
      [id, f.kind ?? before.kind, f.title?.trim() ?? before.title, date, date === null ? null : precision, f.placeId !== undefined ? f.placeId : before.placeId, f.placeId !== undefined],
    );
    if (f.participants && before.status !== 'rejected') await writeParticipants(m, id, f.participants);
    await m.query(`UPDATE event_participant SET date = $2 WHERE event_id = $1`, [id, date]);
    await audit(m, [{ eventId: id, action: 'update', before, after: await snapshotOf(m, id), ...actor(viewer) }]);
    return { event: await loadEvent(m, id), userErrors: [] };
  });
}

/**
 * Confirms or rejects an event. A rejected event keeps its row and sources (so the same
 * text never proposes it again) but leaves every relation: its participants are kept in the
 * audit log only, and come back if an editor confirms it after all.
 */
export async function setEventStatus(ds: DataSource, viewer: Viewer, id: number, status: Exclude<EventStatus, 'proposed'>, reason: string | null): Promise<ReviewResult> {
  return change(ds, async (m) => {
    const before = await snapshotOf(m, id);
    if (!before) return fail('id', 'NOT_FOUND', 'no event with this id');
    if (before.status === status) return fail('id', 'INVALID', `the event is already ${status}`);
    if (status === 'rejected') {
      await m.query(`DELETE FROM event_participant WHERE event_id = $1`, [id]);
      await m.query(`UPDATE event SET status = 'rejected' WHERE id = $1`, [id]);
    } else {
      if (before.status === 'rejected') {
        const [last]: { before: EventSnapshot }[] = await m.query(
          `SELECT before FROM event_audit WHERE event_id = $1 AND action = 'reject' ORDER BY id DESC LIMIT 1`, [id],
        );
        await writeParticipants(m, id, last?.before.participants ?? []);
      }
      await m.query(`UPDATE event SET status = 'confirmed', confidence = 1 WHERE id = $1`, [id]);
    }
    await audit(m, [{ eventId: id, action: status === 'rejected' ? 'reject' : 'confirm', reason, before, after: await snapshotOf(m, id), ...actor(viewer) }]);
    return { event: await loadEvent(m, id), userErrors: [], touched: [] };
  });
}

/** `from` becomes sources of `into`: its articles, their evidence, its participants; `from` is gone. */
export async function mergeEvents(ds: DataSource, viewer: Viewer, from: number, into: number, reason: string | null): Promise<ReviewResult> {
  return change(ds, async (m) => {
    if (from === into) return fail('from', 'INVALID', 'an event cannot be merged into itself');
    const [a, b] = [await snapshotOf(m, from), await snapshotOf(m, into)];
    if (!a) return fail('from', 'NOT_FOUND', 'no event with this id');
    if (!b) return fail('into', 'NOT_FOUND', 'no event with this id');
    const why = `merged by ${viewer.name} from event ${from}${reason ? `: ${reason}` : ''}`;
    await m.query(
      `INSERT INTO event_source (event_id, article_id, start, "end", evidence, confidence, proposal, merge_reason)
       SELECT $2, article_id, start, "end", evidence, confidence, proposal, $3 FROM event_source WHERE event_id = $1
       ON CONFLICT (event_id, article_id) DO UPDATE SET evidence = COALESCE(event_source.evidence, ARRAY[event_source.start, event_source."end"]) || COALESCE(EXCLUDED.evidence, ARRAY[EXCLUDED.start, EXCLUDED."end"])`,
      [from, into, why],
    );
    if (b.status !== 'rejected') {
      await m.query(
        `INSERT INTO event_participant (event_id, entity_id, role, date)
         SELECT $2, p.entity_id, p.role, (SELECT date FROM event WHERE id = $2) FROM event_participant p WHERE p.event_id = $1 ON CONFLICT DO NOTHING`,
        [from, into],
      );
    }
    await m.query(`DELETE FROM event WHERE id = $1`, [from]);
    await recomputeConfidence(m, [into]);
    const entries: AuditWrite[] = [
      { eventId: from, action: 'merge', reason: `into event ${into}${reason ? `: ${reason}` : ''}`, before: a, after: null, ...actor(viewer) },
      { eventId: into, action: 'merge', reason: why, before: { into: b, from: { id: from, ...a } }, after: await snapshotOf(m, into), ...actor(viewer) },
    ];
    await audit(m, entries);
    return { event: await loadEvent(m, into), userErrors: [], touched: [from] };
  });
}

/**
 * Undoes a merge: the sources of `articleIds` leave the event for a new one, built from what
 * their texts proposed (or, for curated sources, from the event as it is). Proposed again.
 */
export async function splitEvent(ds: DataSource, viewer: Viewer, id: number, articleIds: number[], reason: string | null): Promise<ReviewResult> {
  return change(ds, async (m) => {
    const before = await snapshotOf(m, id);
    if (!before) return fail('id', 'NOT_FOUND', 'no event with this id');
    const unique = [...new Set(articleIds)];
    if (unique.length === 0) return fail('articles', 'INVALID', 'name the sources to split off');
    const missing = unique.filter((a) => !before.sources.includes(a));
    if (missing.length) return fail('articles', 'NOT_FOUND', `not sources of this event: ${missing.join(', ')}`);
    if (unique.length === before.sources.length) return fail('articles', 'INVALID', 'at least one source must stay with the event');
    const [moved]: { proposal: { kind: string; date: string | null; precision: string | null; placeId: number | null; placeName?: string | null; participants: { entityId: number; role: string }[] } | null }[] =
      await m.query(`SELECT proposal FROM event_source WHERE event_id = $1 AND article_id = ANY($2) ORDER BY proposal IS NULL, article_id LIMIT 1`, [id, unique]);
    const p = moved.proposal ?? { kind: before.kind, date: before.date, precision: before.datePrecision, placeId: before.placeId, placeName: before.placeName, participants: before.participants };
    const [{ id: newId }]: { id: number }[] = await m.query(
      `INSERT INTO event (slug, kind, title, date, date_precision, place_id, place_name, status, confidence, origin)
       VALUES ($1 || '-split-' || nextval('event_id_seq'), $2, $3, $4, $5, $6, $7, 'proposed', 0.5, 'editor') RETURNING id`,
      [slugify(before.title, 60), p.kind, before.title, p.date, p.date ? p.precision ?? 'day' : null, p.placeId, p.placeId === null ? p.placeName ?? null : null],
    );
    await writeParticipants(m, newId, p.participants);
    await m.query(
      `WITH gone AS (DELETE FROM event_source WHERE event_id = $1 AND article_id = ANY($2) RETURNING *)
       INSERT INTO event_source (event_id, article_id, start, "end", evidence, confidence, proposal, merge_reason)
       SELECT $3, article_id, start, "end", evidence, confidence, proposal, NULL FROM gone`,
      [id, unique, newId],
    );
    await m.query(`UPDATE event SET confidence = 0.5 WHERE id = $1 AND status = 'proposed'`, [newId]);
    await m.query(`UPDATE event SET origin = 'extracted' WHERE id = $1 AND EXISTS (SELECT 1 FROM event_source WHERE event_id = $1 AND proposal IS NOT NULL)`, [newId]);
    await recomputeConfidence(m, [id, newId]);
    await audit(m, [
      { eventId: id, action: 'split', reason: `sources ${unique.join(', ')} to event ${newId}${reason ? `: ${reason}` : ''}`, before, after: await snapshotOf(m, id), ...actor(viewer) },
      { eventId: newId, action: 'split', reason: `split from event ${id}${reason ? `: ${reason}` : ''}`, before: null, after: await snapshotOf(m, newId), ...actor(viewer) },
    ]);
    return { event: await loadEvent(m, newId), userErrors: [], touched: [id] };
  });
}

/**
 * The review queue: proposed events, most-sourced first, then most confident, then newest (by
 * id), paged by keyset. Sources and confidence sort as one number, sources + confidence / 2:
 * confidence / 2 < 1, so one more source always ranks higher, and both parts stay exact in a
 * float8 (and in a cursor).
 */
export async function listReviewQueue(ds: DataSource, args: PageArgs): Promise<Connection<Event>> {
  const page = pageRequest(args, 20, 'number');
  const params: unknown[] = [];
  const keyset = keysetSql(page, 'q.rank', 'e.id', params, true);
  params.push(page.limit + 1);
  const rows: (Event & { reviewRank: number })[] = await ds.query(
    `SELECT ${selectList(ds, Event, 'e')}, q.rank AS "reviewRank" FROM event e
       CROSS JOIN LATERAL (SELECT (SELECT count(*) FROM event_source s WHERE s.event_id = e.id) + e.confidence::float8 / 2 AS rank) q
      WHERE e.status = 'proposed' AND ${keyset.where} ORDER BY ${keyset.order} LIMIT $${params.length}`,
    params,
  );
  return toConnection(rows, page, (e) => [e.reviewRank, e.id], async () => {
    const [row] = await ds.query(`SELECT count(*)::int AS n FROM event WHERE status = 'proposed'`);
    return row.n;
  }, ({ reviewRank: _, ...event }) => ({ node: event as Event }));
}

/** The events' audit log, newest first; one event's when `eventId` is given. */
export async function listEventAudit(ds: DataSource, args: PageArgs & { eventId?: number | null }): Promise<Connection<EventAuditEntry>> {
  const page = pageRequest(args, 20);
  const params: unknown[] = [args.eventId ?? null];
  const keyset = keysetSql(page, 'l.id', 'l.id', params, true);
  params.push(page.limit + 1);
  const rows: EventAuditEntry[] = await ds.query(
    `SELECT ${selectList(ds, EventAuditEntry, 'l')} FROM event_audit l
      WHERE ($1::int IS NULL OR l.event_id = $1) AND ${keyset.where} ORDER BY ${keyset.order} LIMIT $${params.length}`,
    params,
  );
  return toConnection(rows, page, (l) => [Number(l.id), Number(l.id)], async () => {
    const [row] = await ds.query(`SELECT count(*)::int AS n FROM event_audit WHERE $1::int IS NULL OR event_id = $1`, [args.eventId ?? null]);
    return row.n;
  });
}
