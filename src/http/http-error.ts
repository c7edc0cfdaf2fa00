/** An error answered with its status and message (and headers such as Retry-After), before GraphQL execution. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}
