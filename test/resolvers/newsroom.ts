import type { DataSource } from 'typeorm';

/**
 * A small hand-made newsroom for the read API's tests, written row by row with SQL into
 * the test's own database. Its shapes are chosen to catch paging mistakes: publication
 * instants with microseconds and ties, comments created in the same microsecond, undated
 * events, a person with two roles, an organization with sub-units.
 */
export interface Newsroom {
  sources: { daily: number; weekly: number };
  topics: { politics: number; sport: number; economy: number };
  places: { belgium: number; brussels: number; morocco: number };
  orgs: { ministry: number; cyber: number; customs: number; port: number };
  /** people[0] is Éric Dupont, in every article; people[1] Zoë Martin, in every 4th. */
  people: number[];
  /** articles[i] was published i hours after the first, except 10-12 which share one instant. */
  articles: number[];
  /** The article with many comments (articles[29], the newest). */
  discussed: number;
  /** Its first comment, which has many replies. */
  threadStart: number;
  events: number[];
}

export const PEOPLE = [
  'Éric Dupont', 'Zoë Martin', 'Anne Peeters', 'Bart Claes', 'Chloé Renard', 'Djamel Haddad', 'Élodie Maes',
  'François Petit', 'Greta Hansen', 'Hamid Alaoui', 'Inès Lambert', 'Jan Janssens',
];

const slug = (s: string) => s.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export async function buildNewsroom(ds: DataSource): Promise<Newsroom> {
  const one = async (sql: string, params: unknown[]) => (await ds.query(`${sql} RETURNING id`, params))[0].id as number;

  const sources = {
    daily: await one(`INSERT INTO source (slug, name, url) VALUES ('daily', 'The Daily', 'https://daily.example')`, []),
    weekly: await one(`INSERT INTO source (slug, name, url) VALUES ('weekly', 'The Weekly', NULL)`, []),
  };
  const topic = (s: string, label: string) => one(`INSERT INTO topic (slug, label) VALUES ($1, $2)`, [s, label]);
  const topics = { politics: await topic('politics', 'Politics'), sport: await topic('sport', 'Sport'), economy: await topic('economy', 'Economy') };

  const entity = (kind: string, name: string, extra: Record<string, unknown> = {}) =>
    one(
      `INSERT INTO entity (kind, slug, name, title, acronym, place_kind, code, country_id, parent_id, aliases)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [kind, slug(name), name, extra.title ?? null, extra.acronym ?? null, extra.placeKind ?? null, extra.code ?? null,
        extra.countryId ?? null, extra.parentId ?? null, extra.aliases ?? []],
    );
  const belgium = await entity('place', 'Belgium', { placeKind: 'country', code: 'BE', aliases: ['Belgique'] });
  const places = { belgium, brussels: await entity('place', 'Brussels', { placeKind: 'city', countryId: belgium, aliases: ['Bruxelles'] }), morocco: await entity('place', 'Morocco', { placeKind: 'country', code: 'MA' }) };
  const ministry = await entity('organization', 'Ministère de l’Intérieur', { acronym: 'MI', countryId: belgium, aliases: ['Interior Ministry'] });
  const orgs = {
    ministry,
    cyber: await entity('organization', 'Cellule Cyber', { parentId: ministry, countryId: belgium }),
    customs: await entity('organization', 'Administration des Douanes', { parentId: ministry, countryId: belgium }),
    port: await entity('organization', 'Port Authority', { countryId: places.morocco }),
  };
  const people: number[] = [];
  for (const [i, name] of PEOPLE.entries()) {
    people.push(await entity('person', name, { title: i === 0 ? 'Directeur général' : 'Expert', countryId: i % 2 ? places.morocco : belgium, aliases: [name.split(' ')[1]] }));
  }

  // Members: the ministry has 8 memberships (Éric holds two roles there over time).
  const affiliation = (person: number, org: number, role: string, since: string | null, until: string | null = null) =>
    ds.query(`INSERT INTO affiliation (person_id, organization_id, role, since, until) VALUES ($1, $2, $3, $4, $5)`, [person, org, role, since, until]);
  await affiliation(people[0], ministry, 'Directeur général', '2020-01-01');
  await affiliation(people[0], ministry, 'Conseiller', '2015-03-01', '2019-12-31');
  await affiliation(people[0], orgs.port, 'Adviser', null);
  for (let i = 1; i <= 6; i++) await affiliation(people[i], ministry, 'Expert', `201${i}-01-01`);
  await affiliation(people[7], orgs.cyber, 'Chef de cellule', '2021-06-01');

  // Articles: bodies assembled with the mentions' offsets; ties and microseconds in the dates.
  const articles: number[] = [];
  const base = Date.UTC(2024, 0, 1, 8);
  for (let i = 0; i < 30; i++) {
    const mentioned: [number, string][] = [[people[0], i % 3 === 0 ? 'Dupont' : 'Éric Dupont']];
    if (i % 4 === 0) mentioned.push([people[1], 'Zoë Martin']);
    if (i % 5 === 0) mentioned.push([places.brussels, 'Bruxelles']);
    if (i % 6 === 0) mentioned.push([ministry, 'MI']);
    if (i === 7 || i === 8) mentioned.push([people[2], 'Anne Peeters'], [people[1], 'Zoë Martin']);
    let body = `Article ${i} 🙂. `;
    const mentions: { entity: number; start: number; end: number; text: string }[] = [];
    for (const [id, text] of mentioned) {
      body += 'Selon ';
      mentions.push({ entity: id, start: body.length, end: body.length + text.length, text });
      body += `${text}, tout va bien. `;
    }
    body += 'Fin.';
    const publishedAt = i >= 10 && i <= 12 ? '2024-01-01T18:00:00.123456Z' : new Date(base + i * 3600_000).toISOString().replace('Z', '789Z');
    const id = await one(
      `INSERT INTO article (slug, title, lead, body, language, published_at, url, source_id, content_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [`article-${i}`, `Article ${i}`, `Lead ${i}`, body, i % 3 === 0 ? 'en' : 'fr', publishedAt, `https://daily.example/${i}`,
        i % 2 ? sources.weekly : sources.daily, `hash-${i}`],
    );
    articles.push(id);
    for (const m of mentions) {
      await ds.query(`INSERT INTO mention (article_id, entity_id, start, "end", text) VALUES ($1, $2, $3, $4, $5)`, [id, m.entity, m.start, m.end, m.text]);
    }
    const perEntity = new Map<number, { n: number; first: number }>();
    for (const m of mentions) perEntity.set(m.entity, { n: (perEntity.get(m.entity)?.n ?? 0) + 1, first: Math.min(perEntity.get(m.entity)?.first ?? m.start, m.start) });
    for (const [entityId, { n, first }] of perEntity) {
      await ds.query(
        `INSERT INTO article_entity (article_id, entity_id, mentions, first_start, published_at) VALUES ($1, $2, $3, $4, $5)`,
        [id, entityId, n, first, publishedAt],
      );
    }
    const articleTopics = [...(i % 2 === 0 ? [topics.politics] : []), ...(i % 3 === 0 ? [topics.sport] : [])];
    for (const t of articleTopics) {
      await ds.query(`INSERT INTO article_topic (article_id, topic_id, published_at) VALUES ($1, $2, $3)`, [id, t, publishedAt]);
    }
  }

  // Comments: the newest article is discussed at length; the 20 before it get two or three each.
  const comment = (articleId: number, parentId: number | null, status: string, createdAt: string, author: string) =>
    one(
      `INSERT INTO comment (article_id, parent_id, depth, author_name, email, body, status, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [articleId, parentId, parentId ? 1 : 0, author, `${slug(author)}@example.org`, `Comment by ${author}`, status, createdAt],
    );
  const discussed = articles[29];
  const commentAt = (k: number) => `2024-02-01T10:${String(Math.floor(k / 3)).padStart(2, '0')}:00.${String(100000 + (k % 3 === 2 ? 0 : k)).padStart(6, '0')}Z`;
  let threadStart = 0;
  for (let k = 0; k < 23; k++) {
    // Every third comment shares its instant with the one before (same microsecond).
    const at = k % 3 === 2 ? commentAt(k - 1) : commentAt(k);
    const id = await comment(discussed, null, 'approved', at, `Reader ${k}`);
    if (k === 0) threadStart = id;
  }
  await comment(discussed, null, 'pending', commentAt(5), 'Pending reader');
  await comment(discussed, null, 'rejected', commentAt(6), 'Rejected reader');
  for (let k = 0; k < 12; k++) await comment(discussed, threadStart, 'approved', `2024-02-02T09:00:0${k % 4}.00000${k % 2}Z`, `Replier ${k}`);
  await comment(discussed, threadStart, 'spam', '2024-02-02T09:30:00Z', 'Spammer');
  for (let i = 9; i < 29; i++) {
    for (let k = 0; k < 2 + (i % 2); k++) await comment(articles[i], null, 'approved', `2024-03-0${1 + k}T12:00:00Z`, `Visitor ${i}-${k}`);
  }
  await ds.query(
    `UPDATE article a SET comment_count = (SELECT count(*) FROM comment c WHERE c.article_id = a.id AND c.status = 'approved')`,
  );

  // Events: 25 with Éric (some undated, some on the same day), several in Brussels.
  const events: number[] = [];
  for (let k = 0; k < 25; k++) {
    const dated = k % 7 !== 6;
    const date = dated ? `2023-${String(1 + (k % 12)).padStart(2, '0')}-${k % 5 === 0 ? '01' : '15'}` : null;
    const id = await one(
      `INSERT INTO event (slug, kind, title, date, date_precision, place_id) VALUES ($1, $2, $3, $4, $5, $6)`,
      [`event-${k}`, ['meeting', 'visit', 'agreement_signed', 'conference', 'other'][k % 5], `Event ${k}`, date, dated ? 'day' : null,
        k % 3 === 0 ? places.brussels : places.morocco],
    );
    events.push(id);
    const cast = [[people[0], 'host'], [people[1 + (k % 5)], 'guest'], ...(k % 4 === 0 ? [[orgs.ministry, 'delegation']] : [])];
    for (const [entityId, role] of cast) {
      await ds.query(`INSERT INTO event_participant (event_id, entity_id, role, date) VALUES ($1, $2, $3, $4)`, [id, entityId, role, date]);
    }
  }
  // Event 0 is reported by articles 0 and 4: the evidence is their first sentence after the header.
  for (const i of [0, 4]) {
    const [{ body }] = await ds.query(`SELECT body FROM article WHERE id = $1`, [articles[i]]);
    const start = body.indexOf('Selon');
    await ds.query(`INSERT INTO event_source (event_id, article_id, start, "end") VALUES ($1, $2, $3, $4)`, [events[0], articles[i], start, body.indexOf('.', start) + 1]);
  }
  return { sources, topics, places, orgs, people, articles, discussed, threadStart, events };
}

/**
 * Gives an article a thread: one approved top-level comment with one approved reply and one
 * pending reply (which no reader may see, nor any email). Returns the top comment's id.
 */
export async function addThread(ds: DataSource, articleId: number): Promise<number> {
  const [{ id: top }] = await ds.query(
    `INSERT INTO comment (article_id, author_name, email, body, status, created_at)
     VALUES ($1, 'Top', 'top@example.org', 'First!', 'approved', '2024-05-01T00:00:00Z') RETURNING id`,
    [articleId],
  );
  await ds.query(
    `INSERT INTO comment (article_id, parent_id, depth, author_name, email, body, status, created_at)
     VALUES ($1, $2, 1, 'Reply', 'reply@example.org', 'Agreed.', 'approved', '2024-05-01T01:00:00Z'),
            ($1, $2, 1, 'Hidden', 'hidden@example.org', 'Buy now', 'pending', '2024-05-01T02:00:00Z')`,
    [articleId, top],
  );
  return top;
}
