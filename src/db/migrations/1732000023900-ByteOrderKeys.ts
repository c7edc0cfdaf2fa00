import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keys that are codes, hashes and slugs compare byte by byte (collation "C"). Under the
 * database's locale (C.UTF-8 here, a libc collation PostgreSQL does not treat as "C") every
 * comparison in their indexes went through strcoll and sorts could not use abbreviated keys;
 * none of these is ever shown sorted, and equality is the same under both. No table is
 * rewritten: the indexes on these columns are rebuilt (relation_summary's two are its largest).
 */
const KEYS: Record<string, string[]> = {
  relation_summary: ['kind'],
  comment: ['status', 'email_hash', 'body_hash'],
  article: ['slug', 'url', 'content_hash'],
};

const alter = (collation: string) =>
  Object.entries(KEYS).map(([table, columns]) => `ALTER TABLE ${table} ${columns.map((c) => `ALTER COLUMN ${c} TYPE text COLLATE ${collation}`).join(', ')}`);

export class ByteOrderKeys1732000023900 implements MigrationInterface {
  name = 'ByteOrderKeys1732000023900';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of alter('"C"')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of alter('"default"')) await q.query(sql);
  }
}
