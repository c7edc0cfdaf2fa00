import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The core graph: sources, articles, entities (people, organizations, places in one id
 * space), topics, mentions, events and comments. Every index here serves a loader's or a
 * connection's access path, named in the comment beside it.
 */
export class InitialSchema1732000000000 implements MigrationInterface {
  name = 'InitialSchema1732000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE source (
        id serial PRIMARY KEY,
        slug text NOT NULL UNIQUE,
        name text NOT NULL,
        url text
      );

      CREATE TABLE article (
        id serial PRIMARY KEY,
        slug text NOT NULL UNIQUE,
        title text NOT NULL,
        lead text,
        body text NOT NULL,
        language text NOT NULL,
        -- not null: the front page's keyset is (published_at, id); ingest defaults it to the ingestion time
        published_at timestamptz NOT NULL,
        url text UNIQUE,
        source_id integer REFERENCES source(id),
        content_hash text NOT NULL UNIQUE,
        comment_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      -- front page keyset: (published_at, id) in either direction
      CREATE INDEX article_published_idx ON article (published_at, id);
      CREATE INDEX article_source_published_idx ON article (source_id, published_at, id);
      CREATE INDEX article_language_published_idx ON article (language, published_at, id);

      CREATE TABLE entity (
        id serial PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('person', 'organization', 'place')),
        slug text NOT NULL,
        name text NOT NULL,
        title text,
        acronym text,
        place_kind text CHECK (place_kind IN ('country', 'region', 'city', 'other')),
        code text,
        country_id integer REFERENCES entity(id),
        parent_id integer REFERENCES entity(id),
        merged_into_id integer REFERENCES entity(id),
        aliases text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (kind, slug)
      );
      -- root lists by name, keyset (name, id)
      CREATE INDEX entity_kind_name_idx ON entity (kind, name, id);
      CREATE INDEX entity_parent_idx ON entity (parent_id);

      CREATE TABLE topic (
        id serial PRIMARY KEY,
        slug text NOT NULL UNIQUE,
        label text NOT NULL
      );

      CREATE TABLE article_topic (
        article_id integer NOT NULL REFERENCES article(id) ON DELETE CASCADE,
        topic_id integer NOT NULL REFERENCES topic(id) ON DELETE CASCADE,
        published_at timestamptz,
        PRIMARY KEY (article_id, topic_id)
      );
      -- a topic's articles by date
      CREATE INDEX article_topic_topic_idx ON article_topic (topic_id, published_at, article_id);

      CREATE TABLE mention (
        id serial PRIMARY KEY,
        article_id integer NOT NULL REFERENCES article(id) ON DELETE CASCADE,
        entity_id integer NOT NULL REFERENCES entity(id),
        start integer NOT NULL CHECK (start >= 0),
        "end" integer NOT NULL,
        text text NOT NULL,
        CHECK ("end" > start)
      );
      -- an article's mentions in body order
      CREATE INDEX mention_article_idx ON mention (article_id, start);
      CREATE INDEX mention_entity_idx ON mention (entity_id);

      CREATE TABLE article_entity (
        article_id integer NOT NULL REFERENCES article(id) ON DELETE CASCADE,
        entity_id integer NOT NULL REFERENCES entity(id),
        mentions integer NOT NULL,
        first_start integer NOT NULL,
        published_at timestamptz,
        PRIMARY KEY (article_id, entity_id)
      );
      -- an entity's articles by date; co-mention edges
      CREATE INDEX article_entity_entity_idx ON article_entity (entity_id, published_at, article_id);

      CREATE TABLE affiliation (
        id serial PRIMARY KEY,
        person_id integer NOT NULL REFERENCES entity(id),
        organization_id integer NOT NULL REFERENCES entity(id),
        role text NOT NULL,
        since date,
        until date,
        source_article_id integer REFERENCES article(id) ON DELETE SET NULL
      );
      CREATE INDEX affiliation_person_idx ON affiliation (person_id);
      CREATE INDEX affiliation_organization_idx ON affiliation (organization_id, person_id);

      CREATE TABLE event (
        id serial PRIMARY KEY,
        slug text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('visit', 'meeting', 'agreement_signed', 'conference', 'other')),
        title text NOT NULL,
        date date,
        date_precision text CHECK (date_precision IN ('day', 'month', 'year')),
        place_id integer REFERENCES entity(id),
        CHECK ((date IS NULL) = (date_precision IS NULL))
      );
      CREATE INDEX event_date_idx ON event (date, id);
      CREATE INDEX event_place_idx ON event (place_id, date, id);

      CREATE TABLE event_participant (
        event_id integer NOT NULL REFERENCES event(id) ON DELETE CASCADE,
        entity_id integer NOT NULL REFERENCES entity(id),
        role text NOT NULL,
        date date,
        PRIMARY KEY (event_id, entity_id)
      );
      -- an entity's events in a window; who met whom
      CREATE INDEX event_participant_entity_idx ON event_participant (entity_id, date, event_id);

      CREATE TABLE event_source (
        event_id integer NOT NULL REFERENCES event(id) ON DELETE CASCADE,
        article_id integer NOT NULL REFERENCES article(id) ON DELETE CASCADE,
        start integer NOT NULL,
        "end" integer NOT NULL,
        PRIMARY KEY (event_id, article_id)
      );
      CREATE INDEX event_source_article_idx ON event_source (article_id);

      CREATE TABLE comment (
        id serial PRIMARY KEY,
        article_id integer NOT NULL REFERENCES article(id) ON DELETE CASCADE,
        parent_id integer REFERENCES comment(id),
        depth integer NOT NULL DEFAULT 0 CHECK (depth BETWEEN 0 AND 3),
        author_name text NOT NULL,
        email text NOT NULL,
        body text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'spam', 'deleted')),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      -- an article's approved top-level comments, oldest first; a comment's replies
      CREATE INDEX comment_article_idx ON comment (article_id, status, created_at, id) WHERE parent_id IS NULL;
      CREATE INDEX comment_parent_idx ON comment (parent_id, status, created_at, id);
      -- the moderation queue
      CREATE INDEX comment_status_idx ON comment (status, created_at, id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE comment, event_source, event_participant, event, affiliation, article_entity,
        mention, article_topic, topic, entity, article, source;
    `);
  }
}
