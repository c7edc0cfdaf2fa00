import type { CommentStatus } from '../../entities/Comment';
import type { DatePrecision, EventKind } from '../../entities/Event';
import { contentHash } from '../articles/store-article';
import { slugify } from '../slug';
import type {
  SyntheticArticle, SyntheticComment, SyntheticDataset, SyntheticEntity, SyntheticEvent, SyntheticMention,
} from './model';
import { Prng, ZipfPicker } from './prng';
import {
  CITY_PARTS, COMMENT_BODIES, COUNTRIES, EVENT_SENTENCES, FILLER_SENTENCES, FIRST_NAMES, HEADLINES, LANGUAGES,
  LAST_NAMES, MENTION_SENTENCES, MONTHS, ORGANIZATION_PATTERNS, PERSON_TITLES, REGIONS, ROLES, SOURCES, TOPICS,
  type Language,
} from './vocabulary';

export interface SyntheticOptions {
  seed: number;
  articles: number;
  people?: number;
  organizations?: number;
  places?: number;
  /** Default: half the number of articles. */
  events?: number;
  /** Average comments per article (default 5). */
  commentsPerArticle?: number;
}

/** Articles appear between these instants; events happen in the same span. */
const FIRST_DAY = Date.UTC(2022, 0, 1);
const LAST_DAY = Date.UTC(2025, 0, 1);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** An article reports at most this many events, so mentions stay within 3-8 per article. */
const EVENTS_PER_ARTICLE = 2;

function weighted<T>(rng: Prng, choices: readonly (readonly [T, number])[]): T {
  let r = rng.next() * choices.reduce((s, [, w]) => s + w, 0);
  for (const [value, weight] of choices) if ((r -= weight) < 0) return value;
  return choices[choices.length - 1][0];
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Unique slugs per namespace: a second "Jan Peeters" becomes jan-peeters-2. */
class Slugs {
  private readonly used = new Set<string>();
  take(text: string): string {
    const base = slugify(text);
    let slug = base;
    for (let n = 2; this.used.has(slug); n++) slug = `${base}-${n}`;
    this.used.add(slug);
    return slug;
  }
}

function acronymOf(name: string): string {
  return name.split(/\s+/).filter((w) => /^\p{Lu}/u.test(w)).map((w) => w[0]).join('').toUpperCase();
}

/** A body assembled sentence by sentence, so every mention's UTF-16 offsets are known exactly. */
class BodyWriter {
  text = '';
  readonly mentions: Omit<SyntheticMention, 'articleId'>[] = [];
  private sentencesInParagraph = 0;

  /**
   * Appends a sentence template; each `{slot}` is filled from `fill` and, when the slot
   * names an entity, recorded as a mention. Returns the sentence's span.
   */
  sentence(template: string, fill: Record<string, { text: string; entityId?: number }>, paragraphLength: number): { start: number; end: number } {
    if (this.text) this.text += this.sentencesInParagraph >= paragraphLength ? '\n\n' : ' ';
    if (this.sentencesInParagraph >= paragraphLength) this.sentencesInParagraph = 0;
    const start = this.text.length;
    for (const part of template.split(/(\{[a-z]\})/)) {
      const slot = /^\{([a-z])\}$/.exec(part);
      if (!slot) {
        this.text += part;
        continue;
      }
      const value = fill[slot[1]];
      if (value.entityId !== undefined) {
        this.mentions.push({ entityId: value.entityId, start: this.text.length, end: this.text.length + value.text.length, text: value.text });
      }
      this.text += value.text;
    }
    this.sentencesInParagraph++;
    return { start, end: this.text.length };
  }
}

/**
 * Builds the whole dataset in memory from a seed: the same options give the same rows,
 * ids included. Shapes follow real coverage: a few people and places are in most stories
 * (Zipf popularity), articles carry 3-8 mentions, events 2-5 participants and the
 * sentence that reports them, articles about 5 comments, some of them threaded replies.
 */
export function generateDataset(options: SyntheticOptions): SyntheticDataset {
  const all = emptyDataset();
  for (const part of generateInBatches(options)) {
    for (const key of Object.keys(all) as (keyof SyntheticDataset)[]) for (const row of part[key]) (all[key] as object[]).push(row);
  }
  return all;
}

const emptyDataset = (): SyntheticDataset => ({
  sources: [], topics: [], entities: [], affiliations: [], articles: [], mentions: [], articleEntities: [], articleTopics: [],
  events: [], participants: [], eventSources: [], comments: [],
});

/**
 * The dataset generateDataset builds, in parts small enough to write one after the other
 * (a million articles with their comments do not fit in one heap): first everything but
 * the articles (sources, topics, entities, affiliations, events and their participants),
 * then `batchArticles` articles at a time with their mentions, tags, event sources and
 * comments. The same rows, in the same order, as generateDataset.
 */
export function* generateInBatches(options: SyntheticOptions, batchArticles = 10_000): Generator<SyntheticDataset> {
  const rng = new Prng(options.seed);
  const counts = {
    articles: options.articles,
    people: options.people ?? 2000,
    organizations: options.organizations ?? 300,
    places: options.places ?? 200,
    events: options.events ?? Math.round(options.articles / 2),
    comments: options.commentsPerArticle ?? 5,
  };

  const sources = SOURCES.map(([slug, name], i) => ({ id: i + 1, slug, name, url: `https://${slug}.example` }));
  const topics = TOPICS.map(([slug, label], i) => ({ id: i + 1, slug, label }));

  // ---- entities: places, then organizations, then people, in one id space
  const entities: SyntheticEntity[] = [];
  const slugsByKind = { person: new Slugs(), organization: new Slugs(), place: new Slugs() };
  const addEntity = (e: Omit<SyntheticEntity, 'id' | 'slug'>) => {
    const entity = { ...e, id: entities.length + 1, slug: slugsByKind[e.kind].take(e.name) };
    entities.push(entity);
    return entity;
  };
  const blank = { title: null, acronym: null, placeKind: null, code: null, countryId: null, parentId: null, aliases: [] as string[] };

  const countries: SyntheticEntity[] = [];
  const places: SyntheticEntity[] = [];
  const placeNames = new Set<string>();
  for (let i = 0; i < counts.places; i++) {
    let place: SyntheticEntity;
    if (i < Math.min(COUNTRIES.length, Math.ceil(counts.places / 5))) {
      const [name, code] = COUNTRIES[i];
      place = addEntity({ ...blank, kind: 'place', name, placeKind: 'country', code });
      countries.push(place);
    } else if (i - countries.length < Math.min(REGIONS.length, Math.ceil(counts.places / 10))) {
      place = addEntity({ ...blank, kind: 'place', name: REGIONS[i - countries.length], placeKind: 'region' });
    } else {
      let name = '';
      for (let attempt = 0; attempt < 20 && (!name || placeNames.has(name)); attempt++) {
        name = rng.pick(CITY_PARTS.start) + rng.pick(CITY_PARTS.end) + (attempt > 10 ? `-${rng.pick(CITY_PARTS.end)}` : '');
      }
      if (placeNames.has(name)) name = `${name} ${i}`;
      place = addEntity({ ...blank, kind: 'place', name, placeKind: 'city', countryId: countries.length ? rng.pick(countries).id : null });
    }
    placeNames.add(place.name);
    places.push(place);
  }

  const organizations: SyntheticEntity[] = [];
  // Organizations by country, in creation order (a unit's parent is one of them).
  const organizationsOf = new Map<number | null, SyntheticEntity[]>();
  const orgNames = new Set<string>();
  const regionNames = REGIONS;
  for (let i = 0; i < counts.organizations; i++) {
    let name = '';
    let pattern = ORGANIZATION_PATTERNS[0];
    let country: SyntheticEntity | null = null;
    for (let attempt = 0; attempt < 20 && (!name || orgNames.has(name)); attempt++) {
      pattern = rng.pick(ORGANIZATION_PATTERNS);
      country = countries.length ? rng.pick(countries) : null;
      name = pattern.name
        .replace('{country}', country?.name ?? 'the Republic')
        .replace('{city}', places.length ? rng.pick(places).name : 'Port')
        .replace('{region}', rng.pick(regionNames))
        .replace('{last}', rng.pick(LAST_NAMES))
        .replace('{last2}', rng.pick(LAST_NAMES));
    }
    if (orgNames.has(name)) name = `${name} ${i}`;
    orgNames.add(name);
    const sameCountry = organizationsOf.get(country?.id ?? null) ?? [];
    const organization = addEntity({
      ...blank, kind: 'organization', name,
      acronym: pattern.acronymFrom ? acronymOf(name) : null,
      countryId: country?.id ?? null,
      // Some organizations are units of another one of the same country.
      parentId: sameCountry.length && rng.chance(0.15) ? rng.pick(sameCountry).id : null,
      aliases: [],
    });
    organizations.push(organization);
    if (!organizationsOf.has(organization.countryId)) organizationsOf.set(organization.countryId, []);
    organizationsOf.get(organization.countryId)!.push(organization);
  }

  const people: SyntheticEntity[] = [];
  const personNames = new Set<string>();
  for (let i = 0; i < counts.people; i++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    let name = `${first} ${last}`;
    // Past ~3,000 people the name pairs run out: a middle initial tells them apart.
    for (let attempt = 0; personNames.has(name) && attempt < 30; attempt++) name = `${first} ${String.fromCharCode(65 + rng.int(0, 25))}. ${last}`;
    if (personNames.has(name)) name = `${first} ${last} ${i}`;
    personNames.add(name);
    people.push(addEntity({
      ...blank, kind: 'person', name, title: rng.pick(PERSON_TITLES),
      countryId: countries.length ? rng.pick(countries).id : null, aliases: [last],
    }));
  }

  // ---- affiliations: most people hold a role somewhere, some two
  const affiliations: SyntheticDataset['affiliations'] = [];
  const orgPicker = new ZipfPicker(organizations.length, 0.7);
  for (const person of people) {
    const n = organizations.length ? weighted(rng, [[0, 0.2], [1, 0.65], [2, 0.15]] as const) : 0;
    const chosen = new Set<number>();
    for (let k = 0; k < n; k++) chosen.add(organizations[orgPicker.pick(rng)].id);
    for (const organizationId of chosen) {
      const since = rng.chance(0.8) ? isoDay(Date.UTC(2005, 0, 1) + rng.int(0, 19 * 365) * DAY) : null;
      const until = since && rng.chance(0.15) ? isoDay(Date.parse(since) + rng.int(30, 2000) * DAY) : null;
      affiliations.push({ id: affiliations.length + 1, personId: person.id, organizationId, role: rng.pick(ROLES), since, until });
    }
  }

  // ---- articles' dates and languages first: events are dated from the articles reporting them
  const span = (LAST_DAY - FIRST_DAY) / MINUTE;
  const shells = Array.from({ length: counts.articles }, (_, i) => ({
    id: i + 1,
    language: weighted(rng, LANGUAGES),
    publishedAtMs: FIRST_DAY + rng.int(0, span - 1) * MINUTE,
    events: [] as number[],
  }));
  // Ids follow publication, as in an archive ingested day by day: its rows lie in date order on
  // disk, which reads of the newest articles and index builds by week depend on (docs/performance.md).
  const instants = shells.map((s) => s.publishedAtMs).sort((a, b) => a - b);
  shells.forEach((s, i) => (s.publishedAtMs = instants[i]));
  // Some articles share their instant with another: the keyset's id tie-break must hold.
  for (let i = 1; i < shells.length; i++) if (rng.chance(0.03)) shells[i].publishedAtMs = shells[i - 1].publishedAtMs;

  // ---- events, each with 2-5 participants; most get a source article whose body reports them
  const personPicker = new ZipfPicker(people.length, 0.9);
  const placePicker = new ZipfPicker(places.length, 0.9);
  const events: SyntheticEvent[] = [];
  const participants: SyntheticDataset['participants'] = [];
  const castOf = new Map<number, SyntheticDataset['participants']>();
  const KIND_WEIGHTS: [EventKind, number][] = [['meeting', 0.4], ['visit', 0.25], ['agreement_signed', 0.15], ['conference', 0.15], ['other', 0.05]];
  const ROLE_OF: Record<EventKind, [string, string]> = {
    meeting: ['participant', 'participant'], visit: ['guest', 'host'], agreement_signed: ['signatory', 'signatory'],
    conference: ['speaker', 'participant'], other: ['participant', 'participant'],
    phone_call: ['participant', 'participant'], reception: ['host', 'guest'], joint_statement: ['co-signatory', 'co-signatory'],
  };
  for (let i = 0; i < counts.events && people.length >= 2; i++) {
    const kind = weighted(rng, KIND_WEIGHTS);
    const reporter = shells.length ? shells[rng.int(0, shells.length - 1)] : null;
    const sourced = reporter !== null && reporter.events.length < EVENTS_PER_ARTICLE;
    const dayMs = sourced ? reporter.publishedAtMs - rng.int(0, 10) * DAY : FIRST_DAY + rng.int(0, span / 1440 - 1) * DAY;
    const precision = weighted(rng, [['day', 0.85], ['month', 0.1], ['year', 0.05]] as const) as DatePrecision;
    const d = new Date(dayMs);
    const date = precision === 'day' ? isoDay(dayMs) : precision === 'month' ? isoDay(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)) : `${d.getUTCFullYear()}-01-01`;
    const place = places.length ? places[placePicker.pick(rng)] : null;
    const id = events.length + 1;
    const cast = new Map<number, string>();
    cast.set(people[personPicker.pick(rng)].id, ROLE_OF[kind][0]);
    const size = rng.int(2, 5);
    for (let attempt = 0; cast.size < size && attempt < 20; attempt++) {
      const other = cast.size === 1 || !organizations.length || rng.chance(0.6) ? people[personPicker.pick(rng)] : organizations[orgPicker.pick(rng)];
      if (!cast.has(other.id)) cast.set(other.id, ROLE_OF[kind][1]);
    }
    const [a, b] = [...cast.keys()].map((eid) => entities[eid - 1]);
    events.push({
      id, slug: `${kind.replace('_', '-')}-${id}`, kind, date, datePrecision: precision, placeId: place?.id ?? null,
      title: `${kind === 'visit' ? 'Visit' : kind === 'agreement_signed' ? 'Agreement' : kind === 'conference' ? 'Conference' : 'Meeting'}: ${a.name} and ${b.name}`,
    });
    const rows = [...cast].map(([entityId, role]) => ({ eventId: id, entityId, role, date }));
    participants.push(...rows);
    castOf.set(id, rows);
    if (sourced) reporter.events.push(id);
  }

  // ---- article bodies with real mention offsets, topics, comments
  const orgMentionPicker = new ZipfPicker(organizations.length || 1, 0.8);
  yield { ...emptyDataset(), sources, topics, entities, affiliations, events, participants };
  let articles: SyntheticArticle[] = [];
  let mentions: SyntheticMention[] = [];
  let articleEntities: SyntheticDataset['articleEntities'] = [];
  let articleTopics: SyntheticDataset['articleTopics'] = [];
  let eventSources: SyntheticDataset['eventSources'] = [];
  let comments: SyntheticComment[] = [];
  const batch = (): SyntheticDataset => {
    const part = { ...emptyDataset(), articles, mentions, articleEntities, articleTopics, eventSources, comments };
    [articles, mentions, articleEntities, articleTopics, eventSources, comments] = [[], [], [], [], [], []];
    return part;
  };
  const hashes = new Set<string>();
  const articleSlugs = new Slugs();

  const surface = (e: SyntheticEntity) => {
    if (e.kind === 'person' && rng.chance(0.3)) return { text: e.aliases[0], entityId: e.id };
    if (e.kind === 'organization' && e.acronym && rng.chance(0.4)) return { text: e.acronym, entityId: e.id };
    return { text: e.name, entityId: e.id };
  };
  const someEntity = (): SyntheticEntity => {
    const roll = rng.next();
    if (roll < 0.5 && people.length) return people[personPicker.pick(rng)];
    if (roll < 0.8 && organizations.length) return organizations[orgMentionPicker.pick(rng)];
    return places.length ? places[placePicker.pick(rng)] : people[personPicker.pick(rng)];
  };
  const spokenDate = (lang: Language, event: SyntheticEvent): string => {
    if (!event.date) return '';
    const [y, m, d] = event.date.split('-').map(Number);
    const month = MONTHS[lang][m - 1];
    if (event.datePrecision === 'year') return { fr: `en ${y}`, en: `in ${y}`, nl: `in ${y}` }[lang];
    if (event.datePrecision === 'month') return { fr: `en ${month} ${y}`, en: `in ${month} ${y}`, nl: `in ${month} ${y}` }[lang];
    return { fr: `le ${d} ${month} ${y}`, en: `on ${d} ${month} ${y}`, nl: `op ${d} ${month} ${y}` }[lang];
  };

  let commentId = 0;
  for (const shell of shells) {
    const lang = shell.language;
    const body = new BodyWriter();
    const paragraph = rng.int(2, 4);
    const target = rng.int(3, 8);
    type Planned = { kind: 'event'; eventId: number } | { kind: 'mention' } | { kind: 'filler' };
    const planned: Planned[] = shell.events.map((eventId) => ({ kind: 'event', eventId }) as Planned);
    const eventMentions = shell.events.length * 3;
    for (let k = eventMentions; k < target; k++) planned.push({ kind: 'mention' });
    for (let k = rng.int(2, 6); k > 0; k--) planned.push({ kind: 'filler' });
    const order = rng.sample(planned, planned.length);
    for (const item of order) {
      if (item.kind === 'event') {
        const event = events[item.eventId - 1];
        const cast = castOf.get(event.id)!;
        const fill = {
          a: surface(entities[cast[0].entityId - 1]),
          b: surface(entities[cast[1].entityId - 1]),
          p: event.placeId ? surface(entities[event.placeId - 1]) : { text: 'an undisclosed place' },
          d: { text: spokenDate(lang, event) },
        };
        const span = body.sentence(rng.pick(EVENT_SENTENCES[lang]), fill, paragraph);
        eventSources.push({ eventId: event.id, articleId: shell.id, start: span.start, end: span.end });
      } else if (item.kind === 'mention') {
        body.sentence(rng.pick(MENTION_SENTENCES[lang]), { e: surface(someEntity()) }, paragraph);
      } else {
        body.sentence(rng.pick(FILLER_SENTENCES[lang]), {}, paragraph);
      }
    }
    const headliner = body.mentions.length ? entities[body.mentions[0].entityId - 1] : someEntity();
    const title = rng.pick(HEADLINES[lang]).replace('{e}', headliner.name);
    let hash = contentHash(title, body.text);
    while (hashes.has(hash)) {
      body.sentence(rng.pick(FILLER_SENTENCES[lang]), {}, paragraph);
      hash = contentHash(title, body.text);
    }
    hashes.add(hash);
    const publishedAt = new Date(shell.publishedAtMs).toISOString();
    const source = rng.pick(sources);
    const slug = articleSlugs.take(`${title} ${shell.id}`);
    const article: SyntheticArticle = {
      id: shell.id, slug, title, lead: rng.pick(FILLER_SENTENCES[lang]), body: body.text, language: lang, publishedAt,
      url: `${source.url}/${publishedAt.slice(0, 7).replace('-', '/')}/${slug}`, sourceId: source.id, contentHash: hash, commentCount: 0,
    };
    articles.push(article);

    const perEntity = new Map<number, { mentions: number; firstStart: number }>();
    for (const m of body.mentions) {
      mentions.push({ articleId: shell.id, ...m });
      const row = perEntity.get(m.entityId);
      if (row) row.mentions++;
      else perEntity.set(m.entityId, { mentions: 1, firstStart: m.start });
    }
    for (const [entityId, row] of perEntity) articleEntities.push({ articleId: shell.id, entityId, ...row, publishedAt });
    for (const topic of rng.sample(topics, rng.int(1, 3))) articleTopics.push({ articleId: shell.id, topicId: topic.id, publishedAt });

    // About `comments` per article, oldest first; ~30% answer an earlier approved comment.
    const n = rng.int(0, counts.comments * 2);
    let at = shell.publishedAtMs;
    const visible: SyntheticComment[] = [];
    for (let k = 0; k < n; k++) {
      at += rng.int(1, 600) * MINUTE + rng.int(0, 59_999);
      const status = weighted(rng, [['approved', 0.88], ['pending', 0.07], ['rejected', 0.02], ['spam', 0.02], ['deleted', 0.01]] as const) as CommentStatus;
      const candidates = visible.filter((c) => c.depth < 3);
      const parent = candidates.length && rng.chance(0.3) ? rng.pick(candidates) : null;
      const author = `${rng.pick(FIRST_NAMES)} ${String.fromCharCode(65 + rng.int(0, 25))}.`;
      const comment: SyntheticComment = {
        id: ++commentId, articleId: shell.id, parentId: parent?.id ?? null, depth: parent ? parent.depth + 1 : 0,
        authorName: author, email: `reader${commentId}@example.org`, body: rng.pick(COMMENT_BODIES), status,
        createdAt: new Date(at).toISOString(),
      };
      comments.push(comment);
      if (status === 'approved') {
        visible.push(comment);
        article.commentCount++;
      }
    }
    if (articles.length >= batchArticles) yield batch();
  }
  if (articles.length) yield batch();
}
