import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { toGlobalId } from '../../src/schema/global-id';
import type { TestServer } from './server';

/** addComment with every UserError field, for tests that check codes and retry times. */
export const ADD_COMMENT = `mutation AddComment($input: AddCommentInput!) {
  addComment(input: $input) {
    comment { id authorName body createdAt status parent { id } }
    userErrors { field message code retryAfterSeconds }
  }
}`;

export const MODERATE_COMMENT = `mutation Moderate($id: ID!, $action: ModerationAction!, $reason: String) {
  moderateComment(id: $id, action: $action, reason: $reason) {
    comment { id status body }
    userErrors { field message code }
  }
}`;

/** A bare article of its own, so a test file's counts start at zero. */
export async function insertArticle(ds: DataSource, title = 'Test article'): Promise<{ id: number; globalId: string; slug: string }> {
  const slug = `test-${randomBytes(5).toString('hex')}`;
  const [row] = await ds.query(
    `INSERT INTO article (slug, title, body, language, published_at, content_hash) VALUES ($1, $2, $3, 'en', now(), $1) RETURNING id`,
    [slug, title, `${title}: body.`],
  );
  return { id: row.id, globalId: toGlobalId('Article', row.id), slug };
}

export function uniqueEmail(tag = 'reader'): string {
  return `${tag}.${randomBytes(6).toString('hex')}@example.org`;
}

export interface CommentInput {
  articleId: string;
  parentId?: string | null;
  authorName?: string;
  email?: string;
  body?: string;
}

/** Posts through real HTTP; returns the payload. */
export async function postComment(server: TestServer, input: CommentInput, headers?: Record<string, string>) {
  const res = await server.gql(
    ADD_COMMENT,
    { input: { authorName: 'A reader', email: uniqueEmail(), body: `A comment ${randomBytes(4).toString('hex')}`, ...input } },
    headers,
  );
  if (res.errors) throw new Error(`addComment failed: ${JSON.stringify(res.errors)}`);
  return res.data.addComment as {
    comment: { id: string; authorName: string; body: string; createdAt: string; status: string; parent: { id: string } | null } | null;
    userErrors: { field: string | null; message: string; code: string; retryAfterSeconds: number | null }[];
  };
}

export async function commentRows(ds: DataSource): Promise<number> {
  const [row] = await ds.query(`SELECT count(*)::int AS n FROM comment`);
  return row.n;
}

export async function storedCommentCount(ds: DataSource, articleId: number): Promise<number> {
  const [row] = await ds.query(`SELECT comment_count FROM article WHERE id = $1`, [articleId]);
  return row.comment_count;
}
