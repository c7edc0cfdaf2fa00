import type { SyntheticDataset } from './model';

export type Column = [property: string, column: string, type: string];

export interface TableSpec {
  table: string;
  rows: (d: SyntheticDataset) => object[];
  columns: Column[];
  /** Tables whose ids come from a serial: the sequence is moved past the ids written. */
  serial?: boolean;
}

const c = (property: string, type: string, column = property.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`)): Column => [property, column, type];

/** The dataset's tables, in foreign-key order. */
export const TABLES: TableSpec[] = [
  { table: 'source', rows: (d) => d.sources, serial: true, columns: [c('id', 'int'), c('slug', 'text'), c('name', 'text'), c('url', 'text')] },
  { table: 'topic', rows: (d) => d.topics, serial: true, columns: [c('id', 'int'), c('slug', 'text'), c('label', 'text')] },
  {
    table: 'entity', rows: (d) => d.entities, serial: true,
    columns: [
      c('id', 'int'), c('kind', 'text'), c('slug', 'text'), c('name', 'text'), c('title', 'text'), c('acronym', 'text'),
      c('placeKind', 'text'), c('code', 'text'), c('countryId', 'int'), c('parentId', 'int'), c('aliases', 'text[]'),
    ],
  },
  {
    table: 'article', rows: (d) => d.articles, serial: true,
    columns: [
      c('id', 'int'), c('slug', 'text'), c('title', 'text'), c('lead', 'text'), c('body', 'text'), c('language', 'text'),
      c('publishedAt', 'timestamptz'), c('url', 'text'), c('sourceId', 'int'), c('contentHash', 'text'), c('commentCount', 'int'),
    ],
  },
  {
    table: 'affiliation', rows: (d) => d.affiliations, serial: true,
    columns: [c('id', 'int'), c('personId', 'int'), c('organizationId', 'int'), c('role', 'text'), c('since', 'date'), c('until', 'date')],
  },
  {
    table: 'mention', rows: (d) => d.mentions, serial: true,
    columns: [c('articleId', 'int'), c('entityId', 'int'), c('start', 'int'), c('end', 'int', '"end"'), c('text', 'text')],
  },
  {
    table: 'article_entity', rows: (d) => d.articleEntities,
    columns: [c('articleId', 'int'), c('entityId', 'int'), c('mentions', 'int'), c('firstStart', 'int'), c('publishedAt', 'timestamptz')],
  },
  { table: 'article_topic', rows: (d) => d.articleTopics, columns: [c('articleId', 'int'), c('topicId', 'int'), c('publishedAt', 'timestamptz')] },
  {
    table: 'event', rows: (d) => d.events, serial: true,
    columns: [c('id', 'int'), c('slug', 'text'), c('kind', 'text'), c('title', 'text'), c('date', 'date'), c('datePrecision', 'text'), c('placeId', 'int')],
  },
  { table: 'event_participant', rows: (d) => d.participants, columns: [c('eventId', 'int'), c('entityId', 'int'), c('role', 'text'), c('date', 'date')] },
  { table: 'event_source', rows: (d) => d.eventSources, columns: [c('eventId', 'int'), c('articleId', 'int'), c('start', 'int'), c('end', 'int', '"end"')] },
  {
    table: 'comment', rows: (d) => d.comments, serial: true,
    columns: [
      c('id', 'int'), c('articleId', 'int'), c('parentId', 'int'), c('depth', 'int'), c('authorName', 'text'), c('email', 'text'),
      c('body', 'text'), c('status', 'text'), c('createdAt', 'timestamptz'),
    ],
  },
];

/** Text as a field of COPY's CSV: always quoted, quotes doubled. */
const quoted = (text: string) => (text.includes('"') ? `"${text.replace(/"/g, '""')}"` : `"${text}"`);

/** A column's values as fields of COPY's CSV: null unquoted and empty, text always quoted, arrays as array literals. */
function fieldEncoder(type: string): (value: unknown) => string {
  if (type === 'int') return (value) => (value === null || value === undefined ? '' : String(value));
  if (type.endsWith('[]')) {
    return (value) => (value === null || value === undefined ? ''
      : quoted(`{${(value as unknown[]).map((v) => (v === null ? 'NULL' : `"${String(v).replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`));
  }
  return (value) => (value === null || value === undefined ? '' : quoted(String(value)));
}

/**
 * A table's rows as CSV lines, each ending in a newline, appended to one string: no array
 * per row or per part (a million articles' rows were a third of the generator thread's time
 * in arrays and joins).
 */
function linesEncoder(spec: TableSpec): (rows: readonly Record<string, unknown>[], from: number, to: number) => string {
  const fields = spec.columns.map(([property, , type]) => ({ property, encode: fieldEncoder(type) }));
  const [first, ...rest] = fields;
  return (rows, from, to) => {
    let csv = '';
    for (let i = from; i < to; i++) {
      const row = rows[i];
      csv += first.encode(row[first.property]);
      for (const f of rest) csv += `,${f.encode(row[f.property])}`;
      csv += '\n';
    }
    return csv;
  };
}

/** Some of one table's rows as the data of `COPY table (columns) FROM STDIN (FORMAT csv)`, UTF-8. */
export interface CsvPart {
  table: string;
  columns: string;
  csv: Uint8Array;
}

const encoder = new TextEncoder();
const LINES = new Map(TABLES.map((spec) => [spec, linesEncoder(spec)]));

/**
 * A batch's rows as COPY data, table by table in TABLES' order, the articles (their search
 * vectors are most of a load's cost on the server) in `articleParts` parts so that several
 * connections can share them. Each part's bytes have a buffer of their own (transferable).
 */
export function encodeBatch(batch: SyntheticDataset, articleParts = 1): CsvPart[] {
  return TABLES.flatMap((spec) => {
    const rows = spec.rows(batch) as Record<string, unknown>[];
    if (!rows.length) return [];
    const columns = spec.columns.map(([, column]) => column).join(', ');
    const lines = LINES.get(spec)!;
    const parts = spec.table === 'article' ? Math.min(articleParts, rows.length) : 1;
    const size = Math.ceil(rows.length / parts);
    return Array.from({ length: parts }, (_, p) => ({
      table: spec.table, columns, csv: encoder.encode(lines(rows, p * size, Math.min(rows.length, (p + 1) * size))),
    }));
  });
}
