import type { Operation } from '../generated/operations';

/** A GraphQL error the page shows: its message and `extensions.code`. */
export class ApiError extends Error {
  constructor(message: string, readonly code: string | undefined) {
    super(message);
  }
}

/** Sends one operation to /graphql, as any client would; the answer's data, or its first error. */
export async function request<R, V>(operation: Operation<R, V>, variables: V, token?: string): Promise<R> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query: operation, variables }) });
  let body: { data?: R; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = await res.json();
  } catch {
    throw new ApiError(`HTTP ${res.status}`, undefined);
  }
  const error = body.errors?.[0];
  if (error) throw new ApiError(error.message, error.extensions?.code);
  if (!body.data) throw new ApiError(`HTTP ${res.status}`, undefined);
  return body.data;
}
