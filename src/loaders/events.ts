import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { Article, Event, EventParticipant, EventSource } from '../entities';
import type { PageRequest } from '../pagination';
import { keysetSql, selectList } from '../db/sql';
import type { TimeWindow } from '../services/graph/arguments';
import { groupsInKeyOrder, inKeyOrder } from './keyed';
import { lateralPageSql, pagedLoader, type PagedRow } from './paged';

export function eventById(ds: DataSource) {
  return new DataLoader<number, Event | null>(async (ids) =>
    inKeyOrder(ids, await ds.getRepository(Event).findBy({ id: In([...ids]) }), (e) => e.id),
  );
}

export function eventBySlug(ds: DataSource) {
  return new DataLoader<string, Event | null>(async (slugs) =>
    inKeyOrder(slugs, await ds.getRepository(Event).findBy({ slug: In([...slugs]) }), (e) => e.slug),
  );
}

export function participantsByEventId(ds: DataSource) {
  return new DataLoader<number, EventParticipant[]>(async (eventIds) => {
    const rows = await ds.getRepository(EventParticipant).find({ where: { eventId: In([...eventIds]) }, order: { entityId: 'ASC' } });
    return groupsInKeyOrder(eventIds, rows, (r) => r.eventId);
  });
}

export type EvidenceRow = EventSource & { article: Article };

/** The articles that report each event, with the reporting sentence's offsets. */
export function evidenceByEventId(ds: DataSource) {
  return new DataLoader<number, (Article & { eventId: number; evidenceStart: number; evidenceEnd: number })[]>(async (eventIds) => {
    const rows: (Article & { eventId: number; evidenceStart: number; evidenceEnd: number })[] = await ds.query(
      // Every sentence a source stored (event_source.evidence: start, end pairs), else its one sentence.
      `SELECT es.event_id AS "eventId", sp.s AS "evidenceStart", sp.e AS "evidenceEnd", ${selectList(ds, Article, 'a')}
         FROM event_source es JOIN article a ON a.id = es.article_id
         CROSS JOIN LATERAL (
           SELECT DISTINCT es.evidence[2 * i - 1] AS s, es.evidence[2 * i] AS e FROM generate_series(1, COALESCE(array_length(es.evidence, 1), 0) / 2) i
           UNION SELECT es.start, es."end" WHERE es.evidence IS NULL
         ) sp
        WHERE es.event_id = ANY($1) ORDER BY a.published_at, a.id, sp.s`,
      [eventIds],
    );
    return groupsInKeyOrder(eventIds, rows, (r) => r.eventId);
  });
}

/**
 * A page of the events an entity took part in (people, organizations) or that happened
 * there (places), newest first with undated events last, within an optional date window.
 * Each source is read in keyset order from its own index (event_participant_sort_idx,
 * event_place_sort_idx) and limited before the two are merged, so a page costs the same
 * for someone in 20 events as for someone in 20,000. The participant's `date` is the
 * event's, copied (see EventParticipant).
 */
export function eventsPageByEntityId(ds: DataSource, window: TimeWindow) {
  return pagedLoader<Event & PagedRow>(
    async (ids: number[], page: PageRequest, withTotal: boolean) => {
      const params: unknown[] = [ids, window.from, window.to];
      const inWindow = (date: string) => `($2::date IS NULL OR ${date} >= $2) AND ($3::date IS NULL OR ${date} <= $3)`;
      const sortOf = (date: string) => `COALESCE(${date}, '-infinity'::date)`;
      const ofParticipant = keysetSql(page, sortOf('p.date'), 'p.event_id', params, true);
      const ofPlace = keysetSql(page, sortOf('pe.date'), 'pe.id', params, true);
      const merged = keysetSql(page, 'ids.sort', 'ids.id', [], true);
      params.push(page.limit + 1);
      const limit = `$${params.length}`;
      return ds.query(
        lateralPageSql(
          withTotal
            ? `SELECT count(*)::int AS total FROM (
                 SELECT p.event_id FROM event_participant p WHERE p.entity_id = k.id AND ${inWindow('p.date')}
                 UNION SELECT pe.id FROM event pe WHERE pe.place_id = k.id AND ${inWindow('pe.date')}) u`
            : null,
          `SELECT ${selectList(ds, Event, 'e')} FROM (
             (SELECT p.event_id AS id, ${sortOf('p.date')} AS sort FROM event_participant p
               WHERE p.entity_id = k.id AND ${inWindow('p.date')} AND ${ofParticipant.where}
               ORDER BY ${ofParticipant.order} LIMIT ${limit})
             UNION
             (SELECT pe.id, ${sortOf('pe.date')} FROM event pe
               WHERE pe.place_id = k.id AND ${inWindow('pe.date')} AND ${ofPlace.where}
               ORDER BY ${ofPlace.order} LIMIT ${limit})
           ) ids JOIN event e ON e.id = ids.id
           ORDER BY ${merged.order} LIMIT ${limit}`,
        ),
        params,
      );
    },
    (e) => [e.date ?? '-infinity', e.id!],
  );
}
