import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { RELATION_SUMMARY_REBUILD } from '../../db/migrations/1732000024400-MetConfirmedCounts';
import { encodeBatch, TABLES, type CsvPart, type TableSpec } from './csv';
import type { SyntheticDataset } from './model';

type Queryable = { query(sql: string, parameters?: unknown[]): Promise<any> };

/**
 * Rows per INSERT: large, because other features keep summaries in statement-level
 * triggers (relation_summary), whose cost grows with the number of statements; articles,
 * with their bodies, go in smaller batches to bound the size of one parameter.
 */
const ROWS_PER_STATEMENT = 50_000;
const ARTICLES_PER_STATEMENT = 2_000;

/** One multi-row INSERT per chunk: the rows travel as one JSON parameter. */
async function insertAll(manager: Queryable, spec: TableSpec, rows: object[]): Promise<void> {
  const record = spec.columns.map(([property, , type]) => `"${property}" ${type}`).join(', ');
  const columns = spec.columns.map(([, column]) => column).join(', ');
  const values = spec.columns.map(([property]) => `x."${property}"`).join(', ');
  const chunk = spec.table === 'article' ? ARTICLES_PER_STATEMENT : ROWS_PER_STATEMENT;
  for (let i = 0; i < rows.length; i += chunk) {
    await manager.query(
      `INSERT INTO ${spec.table} (${columns}) SELECT ${values} FROM jsonb_to_recordset($1::jsonb) AS x(${record})`,
      [JSON.stringify(rows.slice(i, i + chunk))],
    );
  }
}

export class DatabaseNotEmptyError extends Error {}

type Ids = (id: number) => number;

/**
 * The dataset as it is written beside what the database holds (the seed article, say):
 * its ids moved past the ids in use, and its entities and topics that share a kind and
 * slug (or a slug) with existing rows left out, the existing rows standing for them (a
 * dataset's Morocco is the seed's Morocco). An empty database changes nothing.
 */
async function besideExisting(manager: EntityManager, d: SyntheticDataset): Promise<SyntheticDataset> {
  const [top]: Record<string, number>[] = await manager.query(
    `SELECT ${TABLES.filter((t) => t.serial).map((t) => `(SELECT COALESCE(max(id), 0) FROM ${t.table})::int AS "${t.table}"`).join(', ')}`,
  );
  const bySlug = async (sql: string, keys: string[]) => new Map((await manager.query(sql, [keys]) as { key: string; id: number }[]).map((r) => [r.key, r.id]));
  const entities = await bySlug(
    `SELECT kind || ':' || slug AS key, COALESCE(merged_into_id, id) AS id FROM entity WHERE kind || ':' || slug = ANY($1)`,
    d.entities.map((e) => `${e.kind}:${e.slug}`),
  );
  const topics = await bySlug(`SELECT slug AS key, id FROM topic WHERE slug = ANY($1)`, d.topics.map((t) => t.slug));
  const reusing = <T extends { id: number }>(rows: T[], keyOf: (row: T) => string, existing: Map<string, number>, offset: number) => {
    const ids = new Map(rows.map((r) => [r.id, existing.get(keyOf(r)) ?? r.id + offset]));
    return { ids: ((id: number) => ids.get(id)!) as Ids, rows: rows.filter((r) => !existing.has(keyOf(r))) };
  };
  const entity = reusing(d.entities, (e) => `${e.kind}:${e.slug}`, entities, top.entity);
  const topic = reusing(d.topics, (t) => t.slug, topics, top.topic);
  const source: Ids = (id) => id + top.source;
  const article: Ids = (id) => id + top.article;
  const event: Ids = (id) => id + top.event;
  const comment: Ids = (id) => id + top.comment;
  const maybe = (ids: Ids, id: number | null) => (id === null ? null : ids(id));
  return {
    sources: d.sources.map((so) => ({ ...so, id: source(so.id) })),
    topics: topic.rows.map((t) => ({ ...t, id: topic.ids(t.id) })),
    entities: entity.rows.map((e) => ({ ...e, id: entity.ids(e.id), countryId: maybe(entity.ids, e.countryId), parentId: maybe(entity.ids, e.parentId) })),
    affiliations: d.affiliations.map((a) => ({
      ...a, id: a.id + top.affiliation, personId: entity.ids(a.personId), organizationId: entity.ids(a.organizationId),
    })),
    articles: d.articles.map((a) => ({ ...a, id: article(a.id), sourceId: source(a.sourceId) })),
    mentions: d.mentions.map((m) => ({ ...m, articleId: article(m.articleId), entityId: entity.ids(m.entityId) })),
    articleEntities: d.articleEntities.map((x) => ({ ...x, articleId: article(x.articleId), entityId: entity.ids(x.entityId) })),
    articleTopics: d.articleTopics.map((x) => ({ ...x, articleId: article(x.articleId), topicId: topic.ids(x.topicId) })),
    events: d.events.map((e) => ({ ...e, id: event(e.id), placeId: maybe(entity.ids, e.placeId) })),
    participants: d.participants.map((p) => ({ ...p, eventId: event(p.eventId), entityId: entity.ids(p.entityId) })),
    eventSources: d.eventSources.map((x) => ({ ...x, eventId: event(x.eventId), articleId: article(x.articleId) })),
    comments: d.comments.map((c) => ({ ...c, id: comment(c.id), articleId: article(c.articleId), parentId: maybe(comment, c.parentId) })),
  };
}

/**
 * Writes a generated dataset in one transaction: all of it or nothing. Beside what the
 * database holds (the seed article, see besideExisting) unless `reset` empties it first;
 * a database that holds a synthetic dataset already is refused.
 */
export async function loadDataset(
  ds: DataSource,
  dataset: SyntheticDataset,
  options: { reset?: boolean; onProgress?: (step: string, ms: number) => void } = {},
): Promise<void> {
  const timed = async (step: string, fn: () => Promise<unknown>) => {
    const started = Date.now();
    await fn();
    options.onProgress?.(step, Date.now() - started);
  };
  await ds.transaction(async (manager) => {
    if (options.reset) {
      // CASCADE also empties tables other features keep about these rows (moderation log, jobs…).
      await manager.query(`TRUNCATE ${TABLES.map((t) => t.table).join(', ')} RESTART IDENTITY CASCADE`);
    } else {
      // Every synthetic dataset has the same sources: one of them present means one is loaded already.
      const [{ count }] = await manager.query(`SELECT count(*)::int AS count FROM source WHERE slug = ANY($1)`, [dataset.sources.map((so) => so.slug)]);
      if (count > 0) {
        throw new DatabaseNotEmptyError('the database already holds a synthetic dataset; pass --reset to replace everything with this one');
      }
    }
    const placed = options.reset ? dataset : await besideExisting(manager, dataset);
    for (const spec of TABLES) await timed(spec.table, () => insertAll(manager, spec, spec.rows(placed)));
    for (const spec of TABLES.filter((t) => t.serial)) {
      await manager.query(`SELECT setval(pg_get_serial_sequence('${spec.table}', 'id'), COALESCE((SELECT max(id) FROM ${spec.table}), 0) + 1, false)`);
    }
  });
  // Fresh statistics, and a visibility map so counts can use index-only scans: the plans
  // the first queries get are the ones autovacuum would give them later.
  await timed('vacuum analyze', () => ds.query(`VACUUM ANALYZE`));
}

/** Tables SUMMARIES rebuild whose secondary indexes are dropped while they are. */
const SUMMARY_TABLES = ['relation_summary', 'entity_prominence', 'entity_name_pair'];
/** Tables the loaded tables' own triggers write, whose triggers SUMMARIES may switch off too. */
const WRITTEN_BY_TRIGGERS = ['entity_name_word'];

/**
 * The triggers a bulk load switches off, and the statements that recompute afterwards what
 * each kept up to date: per-statement triggers whose cost grows with the rows a statement
 * writes (relation_summary pairs every added row with its group). Statements of one entry
 * may run at once (relation_summary: one per kind and, for co-mentions, per half of the entities).
 */
const SUMMARIES: { triggers: RegExp; table: string; rebuild: string[]; after?: string[] }[] = [
  { triggers: /^article_total_/, table: 'article_total', rebuild: [`UPDATE article_total SET total = (SELECT count(*) FROM article)`] },
  {
    triggers: /^entity_prominence_/, table: 'entity_prominence',
    rebuild: [`DELETE FROM entity_prominence; INSERT INTO entity_prominence (entity_id, articles) SELECT entity_id, count(*) FROM article_entity GROUP BY entity_id`],
  },
  { triggers: /^relation_summary_/, table: 'relation_summary', rebuild: RELATION_SUMMARY_REBUILD },
  // Participations per entity (migration EntityEventCounts).
  {
    triggers: /^entity_event_count_/, table: 'entity_event_count',
    rebuild: [`DELETE FROM entity_event_count; INSERT INTO entity_event_count (entity_id, events) SELECT entity_id, count(*) FROM event_participant GROUP BY entity_id`],
  },
  // Facet counts (migration ArticleFacets): per source, language and month of the articles, per topic of their tags.
  {
    triggers: /^article_facet_/, table: 'article_facet_count',
    rebuild: [`DELETE FROM article_facet_count; INSERT INTO article_facet_count (facet, value, articles)
      SELECT f.facet, f.value, count(*) FROM article r CROSS JOIN LATERAL article_facet_pairs(r.source_id, r.language, r.published_at) f GROUP BY f.facet, f.value
      UNION ALL SELECT 'topic', topic_id::text, count(*) FROM article_topic GROUP BY topic_id`],
  },
  // Articles per day, of each entity and of the archive (migration DayCounts).
  {
    triggers: /^entity_day_count_/, table: 'entity_day_count',
    rebuild: [`DELETE FROM entity_day_count; INSERT INTO entity_day_count (entity_id, day, articles)
      SELECT entity_id, (published_at AT TIME ZONE 'UTC')::date, count(*) FROM article_entity WHERE published_at IS NOT NULL GROUP BY 1, 2`],
  },
  {
    triggers: /^article_day_count_/, table: 'article_day_count',
    rebuild: [`DELETE FROM article_day_count; INSERT INTO article_day_count (day, articles) SELECT (published_at AT TIME ZONE 'UTC')::date, count(*) FROM article GROUP BY 1`],
  },
  { triggers: /^entity_names_changed$/, table: 'gazetteer_version', rebuild: [`UPDATE gazetteer_version SET version = version + 1`] },
  // Names' word pairs (migration NameWordPairs), with the prominence entity_prominence's
  // rebuild gives the words: written once, not once per entity batch and twice per word update.
  {
    triggers: /^entity_name_pairs_/, table: 'entity_name_pair', after: ['entity_prominence'],
    rebuild: [`SELECT entity_name_pairs_write(ARRAY(SELECT id FROM entity ORDER BY id))`],
  },
];

/**
 * A summary's statements as steps: relation_summary's per kind empty the kind first, and the
 * co-mention pairs, most of the table, in two halves of the entities (below and from `split`),
 * so two connections share them.
 */
function summarySteps(table: string, sql: string, name: string, split: number): Step[] {
  const statements = /^(DELETE FROM relation_summary WHERE kind = '(\w+)');\n([\s\S]*GROUP BY a\.entity_id, b\.entity_id[\s\S]*)$/.exec(sql);
  if (table !== 'relation_summary' || !statements) return [{ name, sql }];
  const [, remove, kind, insert] = statements;
  const emptied = `${name} emptied`;
  const pairs = kind === 'CO_MENTIONED'
    ? [`WHERE a.entity_id < ${split}`, `WHERE a.entity_id >= ${split}`].map((where, i) => ({
      name: `${name}, entities ${i ? 'from' : 'below'} ${split}`, sql: insert.replace(/GROUP BY a\.entity_id, b\.entity_id/, `${where} $&`),
    }))
    : [{ name, sql: insert }];
  // The self-join probes each row's group under a memo keyed by the row itself (the `<>` of
  // its own entity), which no two rows share: the memo only costs. Off, the join is hashed.
  const unmemoized = (insertSql: string) => `SET enable_memoize = off; ${insertSql} RESET enable_memoize;`;
  return [{ name: emptied, sql: remove }, ...pairs.map((p) => ({ ...p, sql: unmemoized(p.sql), needs: [emptied] }))];
}

/** maintenance_work_mem of the loader's connections. */
const BUILD_MEMORY = '1GB';
/**
 * maintenance_work_mem of a GIN index's build, whose keys wait in a search tree until it is
 * full: the weekly search index's millions of keys (a lexeme per week) in a tree of 1 GB missed
 * the CPU's caches at every insert; dumped every 64 MB, and with the rows in date order (each
 * dump a few weeks' keys), it builds in half the time (docs/performance-history.md).
 */
const GIN_BUILD_MEMORY = '64MB';

/** Bytes per write to a COPY stream: bounds what one write holds up. */
const COPY_CHUNK_BYTES = 1 << 20;

/** Writes one part's rows with COPY … FROM STDIN (FORMAT csv) on the runner's connection. */
async function copyPart(runner: QueryRunner, part: CsvPart): Promise<void> {
  const client = (await runner.connect()) as PoolClient;
  const bytes = Buffer.from(part.csv.buffer, part.csv.byteOffset, part.csv.byteLength);
  function* chunks() {
    for (let i = 0; i < bytes.length; i += COPY_CHUNK_BYTES) yield bytes.subarray(i, i + COPY_CHUNK_BYTES);
  }
  await pipeline(Readable.from(chunks()), client.query(copyFrom(`COPY ${part.table} (${part.columns}) FROM STDIN (FORMAT csv)`)));
}

/** One step of the load after the rows: a statement, run once every step it `needs` is done. */
interface Step {
  name: string;
  sql: string;
  needs?: string[];
}

/**
 * Runs the steps on every runner at once, each runner taking the first step whose needs are
 * done (steps come longest first, so the longest starts at once and the rest fill in beside it).
 */
async function runSteps(runners: QueryRunner[], steps: Step[], timed: (step: string, fn: () => Promise<unknown>) => Promise<void>): Promise<void> {
  const waiting = [...steps];
  const done = new Set<string>();
  let wake: () => void = () => {};
  let changed = new Promise<void>((resolve) => (wake = resolve));
  const settle = () => {
    wake();
    changed = new Promise<void>((resolve) => (wake = resolve));
  };
  let failed: unknown = null;
  await Promise.all(runners.map(async (runner) => {
    while (waiting.length && failed === null) {
      const index = waiting.findIndex((s) => (s.needs ?? []).every((n) => done.has(n)));
      if (index < 0) {
        await changed;
        continue;
      }
      const [step] = waiting.splice(index, 1);
      try {
        await timed(step.name, () => runner.query(step.sql));
      } catch (e) {
        failed ??= e;
      } finally {
        done.add(step.name);
        settle();
      }
    }
  }));
  if (failed !== null) throw failed;
}

/**
 * Statements expected to take longest at a million articles first (measured: the weekly search
 * index, the co-mention pairs, the articles' search index), so that two connections finish together.
 */
const LONGEST_FIRST = [/article_search_weekly_idx/, /relation_summary/, /article_search_idx/, /comment_/, /mention_|article_entity_/];
const rank = (name: string) => {
  const i = LONGEST_FIRST.findIndex((r) => r.test(name));
  return i < 0 ? LONGEST_FIRST.length : i;
};

/**
 * Writes a generated dataset into a database that holds no article, fast enough for a
 * million articles (bench --suite scale, docs/performance-history.md "Scale"): the summaries' triggers
 * (SUMMARIES) off, the loaded tables' secondary indexes and foreign keys dropped, the rows
 * written with COPY batch by batch as generated, then the summaries recomputed (one INSERT …
 * SELECT each), the indexes rebuilt and the foreign keys added back (each checked in one
 * pass), as many at once as there are connections. Row-by-row index upkeep, foreign-key
 * checks and the summaries' triggers made a million articles take over an hour.
 *
 * One transaction, all or nothing; with `parallel`, two connections and no transaction
 * (every table's rows, the articles' in two halves, shared out between them, then the
 * summaries, indexes and foreign keys), for a database that is thrown away when a load fails.
 * `batches`: generateInBatches's (encoded here, between writes) or generateInWorker's (encoded
 * in a worker thread, which a million articles need to keep the connections busy).
 */
export async function loadFreshDataset(
  ds: DataSource,
  batches: Iterable<SyntheticDataset> | AsyncIterable<CsvPart[]>,
  options: {
    parallel?: boolean;
    onProgress?: (step: string, ms: number) => void;
    /** Each connection's parallel workers for index builds (max_parallel_maintenance_workers); the server's setting when unset. */
    maintenanceWorkers?: number;
  } = {},
): Promise<void> {
  // Rows are timed per table over all batches (each connection's time, added), reported once written.
  const spent = new Map<string, number>();
  const timed = async (step: string, fn: () => Promise<unknown>, total = false) => {
    const started = Date.now();
    await fn();
    if (total) spent.set(step, (spent.get(step) ?? 0) + Date.now() - started);
    else options.onProgress?.(step, Date.now() - started);
  };
  const runners = [ds.createQueryRunner(), ...(options.parallel ? [ds.createQueryRunner()] : [])];
  const [main] = runners;
  try {
    for (const r of runners) {
      await r.connect();
      await r.query(`SET statement_timeout = 0`);
      // B-tree builds (relation_summary's 26 million rows at a million articles) and the
      // summaries' aggregates sorted in memory, not in temporary files; GIN builds see GIN_BUILD_MEMORY.
      await r.query(`SET maintenance_work_mem = '${BUILD_MEMORY}'`);
      await r.query(`SET work_mem = '256MB'`);
      // A throwaway database while loading: a commit need not wait for its WAL to reach the disk.
      await r.query(`SET synchronous_commit = off`);
      if (options.maintenanceWorkers !== undefined) await r.query(`SET max_parallel_maintenance_workers = ${Math.max(0, Math.floor(options.maintenanceWorkers))}`);
    }
    if (!options.parallel) await main.startTransaction();
    const tables = TABLES.map((t) => t.table);
    const [{ count }] = await main.query(`SELECT count(*)::int AS count FROM (SELECT 1 FROM article LIMIT 1) a`);
    if (count > 0) throw new DatabaseNotEmptyError('the bulk loader writes into a database without articles only');
    const triggers: { name: string; table: string }[] = await main.query(
      `SELECT tgname AS name, tgrelid::regclass::text AS table FROM pg_trigger WHERE NOT tgisinternal AND tgrelid::regclass::text = ANY($1)`,
      [[...tables, ...WRITTEN_BY_TRIGGERS]],
    );
    // The triggers of SUMMARIES are off while loading and their summaries recomputed after;
    // any other trigger (a summary this loader does not know) runs as on any insert.
    const known = triggers.filter((t) => SUMMARIES.some((s) => s.triggers.test(t.name)));
    // The loaded tables' and the recomputed summaries' (relation_summary has millions of rows at a million articles).
    const indexes: { name: string; table: string; definition: string }[] = await main.query(
      `SELECT i.indexrelid::regclass::text AS name, i.indrelid::regclass::text AS table, pg_get_indexdef(i.indexrelid) AS definition
         FROM pg_index i WHERE i.indrelid::regclass::text = ANY($1)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
      [[...tables, ...SUMMARY_TABLES]],
    );
    const foreignKeys: { name: string; table: string; definition: string }[] = await main.query(
      `SELECT conname AS name, conrelid::regclass::text AS table, pg_get_constraintdef(oid) AS definition
         FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY($1)`,
      [tables],
    );
    // Autovacuum would vacuum the growing tables again and again while loading (inserts alone
    // trigger it): off for them until the load's own VACUUM, unless a migration set it.
    const vacuumed: { table: string }[] = await main.query(
      `SELECT c.oid::regclass::text AS table FROM pg_class c WHERE c.oid::regclass::text = ANY($1)
          AND NOT EXISTS (SELECT 1 FROM unnest(COALESCE(c.reloptions, '{}')) o WHERE o LIKE 'autovacuum_enabled=%')`,
      [[...tables, ...SUMMARY_TABLES]],
    );
    for (const t of vacuumed) await main.query(`ALTER TABLE ${t.table} SET (autovacuum_enabled = false)`);
    for (const t of known) await main.query(`ALTER TABLE ${t.table} DISABLE TRIGGER ${t.name}`);
    for (const index of indexes) await main.query(`DROP INDEX ${index.name}`);
    for (const fk of foreignKeys) await main.query(`ALTER TABLE ${fk.table} DROP CONSTRAINT ${fk.name}`);

    // Each batch's parts (the articles, whose search vectors are most of the cost, in two)
    // shared out between the connections, the articles first; the next batch is generated
    // meanwhile (in a worker thread with generateInWorker; in this one, between writes, else).
    const writeBatch = async (parts: CsvPart[]) => {
      const queue = options.parallel ? [...parts].sort((a, b) => Number(b.table === 'article') - Number(a.table === 'article')) : [...parts];
      await Promise.all(runners.map(async (r) => {
        for (let part = queue.shift(); part; part = queue.shift()) {
          const written = part;
          await timed(written.table, () => copyPart(r, written), true);
        }
      }));
    };
    const encoded: AsyncIterable<CsvPart[]> | Iterable<CsvPart[]> = Symbol.asyncIterator in batches
      ? batches
      : (function* () {
        for (const batch of batches) yield encodeBatch(batch, runners.length);
      })();
    let writing: Promise<void> = Promise.resolve();
    for await (const parts of encoded) {
      await writing;
      writing = writeBatch(parts);
      // A failure is thrown where it is awaited (above or after the loop), not reported as unhandled meanwhile.
      writing.catch(() => {});
      // Let the writes start (their first chunks reach the connections) before the next batch is generated.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await writing;
    for (const [step, ms] of spent) options.onProgress?.(step, ms);

    // Summaries (they read the loaded tables' primary keys only), every index (a summary
    // table's once it is recomputed), then the foreign keys, as many at once as there are connections.
    const [{ split }] = await main.query(`SELECT COALESCE(percentile_disc(0.5) WITHIN GROUP (ORDER BY entity_id), 0) AS split FROM article_entity`);
    const rebuilt = SUMMARIES.filter((s) => known.some((t) => s.triggers.test(t.name)));
    const stepsOf = (s: (typeof SUMMARIES)[number]) =>
      s.rebuild.flatMap((sql, i) => summarySteps(s.table, sql, `summary ${s.table}${i ? ` (${i + 1})` : ''}`, split)).map((step) => ({ ...step, table: s.table }));
    // A summary computed from another's results waits for all of its steps.
    const summaries: (Step & { table: string })[] = rebuilt.flatMap((s) => stepsOf(s).map((step) => ({
      ...step,
      needs: [...(step.needs ?? []), ...rebuilt.filter((o) => s.after?.includes(o.table)).flatMap((o) => stepsOf(o).map((x) => x.name))],
    })));
    const indexSteps = indexes.map((index) => ({
      name: `index ${index.name}`,
      table: index.table,
      sql: /\bUSING gin\b/i.test(index.definition)
        ? `SET maintenance_work_mem = '${GIN_BUILD_MEMORY}'; ${index.definition}; SET maintenance_work_mem = '${BUILD_MEMORY}';`
        : index.definition,
      needs: summaries.filter((s) => s.table === index.table).map((s) => s.name),
    }));
    // Adding a foreign key locks both its tables against index builds (SHARE ROW EXCLUSIVE): it waits for theirs.
    const keySteps: Step[] = foreignKeys.map((fk) => {
      const referenced = /REFERENCES\s+([\w."]+)\s*\(/.exec(fk.definition)?.[1].replace(/"/g, '');
      return {
        name: `foreign key ${fk.name}`,
        sql: `ALTER TABLE ${fk.table} ADD CONSTRAINT ${fk.name} ${fk.definition}`,
        needs: indexSteps.filter((i) => i.table === fk.table || i.table === referenced || !referenced).map((i) => i.name),
      };
    });
    const steps = [...summaries, ...indexSteps, ...keySteps].map((s, order) => ({ s, order }))
      .sort((a, b) => rank(a.s.name) - rank(b.s.name) || a.order - b.order).map(({ s }) => s);
    await runSteps(runners, steps, timed);
    for (const t of known) await main.query(`ALTER TABLE ${t.table} ENABLE TRIGGER ${t.name}`);
    for (const t of vacuumed) await main.query(`ALTER TABLE ${t.table} RESET (autovacuum_enabled)`);
    for (const spec of TABLES.filter((t) => t.serial)) {
      await main.query(`SELECT setval(pg_get_serial_sequence('${spec.table}', 'id'), COALESCE((SELECT max(id) FROM ${spec.table}), 0) + 1, false)`);
    }
    if (!options.parallel) await main.commitTransaction();
  } catch (e) {
    if (main.isTransactionActive) await main.rollbackTransaction();
    throw e;
  } finally {
    for (const r of runners) await r.release();
  }
  // Fresh statistics and visibility maps, the tables shared out between the connections.
  const sizes: { table: string }[] = await ds.query(
    `SELECT c.oid::regclass::text AS table FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace ORDER BY pg_table_size(c.oid) DESC`,
  );
  await timed('vacuum analyze', async () => {
    const queue = sizes.map((s) => s.table);
    await Promise.all(Array.from({ length: options.parallel ? 2 : 1 }, async () => {
      for (let table = queue.shift(); table; table = queue.shift()) await ds.query(`VACUUM ANALYZE ${table}`);
    }));
  });
}
