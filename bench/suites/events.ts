import { Gazetteer } from '../../src/services/linking/gazetteer';
import { Prng } from '../../src/services/synthetic/prng';
import { extractEvents, EXTRACTION_THRESHOLD } from '../../src/services/events/extract';
import { recordArticleEvents, type ArticleForEvents } from '../../src/services/events/record';
import type { BenchContext, BenchSuite } from '../context';
import { HELD_OUT, LABELLED } from '../events/labelled';
import { scoreLabelledSet, type Scores } from '../events/score';
import { article, ingestDatabase, linkingCorpus, type LinkingCorpus } from './linking';

/**
 * Issue 17's goals, side by side in one run:
 * - quality: precision >= 0.9 and recall >= 0.75 of events (kind, participants, date and
 *   place each right) and of MET pairs, at the extraction threshold, on bench/events/labelled.ts
 *   (the held-out texts, written after tuning, reported apart);
 * - speed: linking plus extraction of the linking suite's name-dense 2,000-character articles
 *   (bench/suites/linking.ts), at least 500 articles/s on one core;
 * - merging: proposals matched against 10,000 and then 100,000 stored events.
 */
const GOAL = { precision: 0.9, recall: 0.75 };
const SPEED_ARTICLES = 3_000;
const FRENCH_MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const TARGET_PER_SECOND = 500;

const line = (label: string, count: number, s: Scores) => {
  const met = s.events.precision >= GOAL.precision && s.events.recall >= GOAL.recall ? 'goal met' : 'GOAL MISSED';
  return `${label} (${count} texts, threshold ${EXTRACTION_THRESHOLD}): events precision ${s.events.precision.toFixed(3)} ` +
    `recall ${s.events.recall.toFixed(3)} (${s.events.truePositives} right of ${s.events.proposed} proposed, ${s.events.expected} expected; ${met}); ` +
    `MET pairs precision ${s.metPairs.precision.toFixed(3)} recall ${s.metPairs.recall.toFixed(3)} (${s.metPairs.truePositives}/${s.metPairs.proposed}/${s.metPairs.expected})`;
};

/** Articles per second by the clock, and per CPU second of this process (what a loaded machine does not inflate). */
function measureSpeed(corpus: LinkingCorpus): { linking: number; withEvents: number; withEventsPerCpuSecond: number; eventsPerArticle: number } {
  const gazetteer = new Gazetteer(corpus.entries);
  const kindOf = new Map(corpus.entries.map((e) => [e.entityId, e.kind]));
  const rng = new Prng(42);
  const bodies = Array.from({ length: SPEED_ARTICLES }, (_, i) => article(rng, corpus, i).body);
  const publishedAt = new Date(Date.UTC(2024, 5, 14));
  for (const body of bodies.slice(0, 300)) extractEvents({ body, publishedAt, mentions: gazetteer.analyze(body).mentions, kindOf: (id) => kindOf.get(id) });
  let t = performance.now();
  for (const body of bodies) gazetteer.analyze(body);
  const linking = SPEED_ARTICLES / ((performance.now() - t) / 1000);
  let events = 0;
  t = performance.now();
  const cpu = process.cpuUsage();
  for (const body of bodies) events += extractEvents({ body, publishedAt, mentions: gazetteer.analyze(body).mentions, kindOf: (id) => kindOf.get(id) }).length;
  const used = process.cpuUsage(cpu);
  return {
    linking, withEvents: SPEED_ARTICLES / ((performance.now() - t) / 1000),
    withEventsPerCpuSecond: SPEED_ARTICLES / ((used.user + used.system) / 1e6), eventsPerArticle: events / SPEED_ARTICLES,
  };
}

/** Milliseconds per article to propose and match its events, with `stored` events in the database. */
async function measureMerging(ctx: BenchContext, corpus: LinkingCorpus): Promise<string[]> {
  const db = await ingestDatabase(ctx.databaseUrl, corpus);
  const { createDataSource } = await import('../../src/db/data-source');
  const ds = createDataSource({ url: db.url, poolSize: 1 });
  await ds.initialize();
  const notes: string[] = [];
  try {
    const people = corpus.entries.filter((e) => e.kind === 'person');
    const gazetteer = new Gazetteer(corpus.entries);
    let stored = 0;
    for (const target of [10_000, 100_000]) {
      // Events of two or three of the 6,000 people (the most active in thousands), dated over three years.
      // The subquery names e so that it runs per event (else it ran once: every event had the same three people).
      await ds.query(
        `WITH e AS (
           INSERT INTO event (slug, kind, title, date, date_precision, status, confidence, origin)
           SELECT 'bench-' || g, 'meeting', 'Bench meeting ' || g, DATE '2022-01-01' + (random() * 1000)::int, 'day', 'proposed', 0.7, 'extracted'
             FROM generate_series($1::int + 1, $2::int) g RETURNING id, date)
         INSERT INTO event_participant (event_id, entity_id, role, date)
         SELECT DISTINCT ON (e.id, p) e.id, p, 'participant', e.date FROM e,
                LATERAL (SELECT 1 + floor(power(random(), 2) * $3)::int AS p FROM generate_series(1, 3) WHERE e.id IS NOT NULL) x`,
        [stored, target, people.length],
      );
      stored = target;
      await ds.query('ANALYZE');
      const rng = new Prng(target);
      const byId = new Map(people.map((p) => [p.entityId, p]));
      // Half the articles report a stored event (two of its people, its day): they should attach to it;
      // the other half a meeting of two random people in March 2024, mostly new.
      const reported: { date: string; ids: number[] }[] = await ds.query(
        `SELECT e.date::text AS date, (array_agg(p.entity_id ORDER BY p.entity_id))[1:2] AS ids
           FROM event e JOIN event_participant p ON p.event_id = e.id
          WHERE e.slug LIKE 'bench-%' GROUP BY e.id HAVING count(*) >= 2 ORDER BY md5(e.id::text || $1) LIMIT 250`,
        [String(target)],
      );
      const items: ArticleForEvents[] = [];
      for (let i = 0; i < 500; i++) {
        const known = reported[i % 2 === 0 ? i / 2 : -1];
        const [a, b] = known ? known.ids.map((id) => byId.get(id)!) : [rng.pick(people), rng.pick(people)];
        const day = known ? new Date(`${known.date}T00:00:00Z`) : new Date(Date.UTC(2024, 2, 1 + rng.int(0, 27)));
        const publishedAt = new Date(day.getTime() + 2 * 86_400_000);
        const body = `${a.name} a rencontré ${b.name} le ${day.getUTCDate()} ${FRENCH_MONTHS[day.getUTCMonth()]} ${day.getUTCFullYear()}. Les deux responsables ont évoqué la coopération.`;
        const [{ id }]: { id: number }[] = await ds.query(
          `INSERT INTO article (slug, title, body, language, published_at, content_hash) VALUES ($1, $1, $2, 'fr', $3, $1) RETURNING id`,
          [`bench-merge-${target}-${i}`, body, publishedAt],
        );
        items.push({ articleId: id, body, publishedAt, language: 'fr', mentions: gazetteer.link(body) });
      }
      const started = performance.now();
      let created = 0;
      let attached = 0;
      for (let k = 0; k < items.length; k += 50) {
        const r = await ds.transaction((m) => recordArticleEvents(m, items.slice(k, k + 50)));
        created += r.created;
        attached += r.attached;
      }
      const ms = (performance.now() - started) / items.length;
      notes.push(`merging with ${target.toLocaleString('en')} events stored: ${ms.toFixed(2)} ms per article (500 articles in batches of 50, half of them reporting a stored event; ${created} new events, ${attached} attached to stored ones)`);
    }
  } finally {
    await ds.destroy();
    await db.drop();
  }
  return notes;
}

export const eventsSuite: BenchSuite = {
  name: 'events',
  onlyWhenNamed: true,
  async run(ctx) {
    const tuned = scoreLabelledSet();
    const heldOut = scoreLabelledSet(undefined, HELD_OUT);
    const all = scoreLabelledSet(undefined, [...LABELLED, ...HELD_OUT]);
    const misses = [...tuned.misses, ...heldOut.misses].map((m) => `  ${m.id}: expected ${m.expected.join('; ') || 'nothing'}; proposed ${m.proposed.join('; ') || 'nothing'}`);
    const corpus = linkingCorpus();
    const speed = measureSpeed(corpus);
    const merging = await measureMerging(ctx, corpus);
    return {
      rows: [],
      notes: [
        line('labelled set, all', LABELLED.length + HELD_OUT.length, all),
        line('texts tuned on', LABELLED.length, tuned),
        line('held-out texts', HELD_OUT.length, heldOut),
        ...(misses.length ? ['texts not answered exactly:', ...misses] : []),
        `linking alone: ${speed.linking.toFixed(0)} articles/s; linking plus event extraction on one core: ${speed.withEvents.toFixed(0)} articles/s by the clock, ` +
          `${speed.withEventsPerCpuSecond.toFixed(0)} per CPU second (${SPEED_ARTICLES} linking-suite articles, ${speed.eventsPerArticle.toFixed(2)} events proposed per article; ` +
          `target >= ${TARGET_PER_SECOND} per CPU second: ${speed.withEventsPerCpuSecond >= TARGET_PER_SECOND ? 'target met' : 'TARGET MISSED'})`,
        ...merging,
      ],
    };
  },
};
