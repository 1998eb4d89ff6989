import { ServerError } from '@colyseus/core';

/**
 * A request the server turns down, in words for the person who sent it. `status` is the HTTP
 * status the matchmaking route answers with (the WebSocket join passes it on as its error code).
 * A Colyseus ServerError, so Colyseus passes it through its matchmaker and seat errors with its
 * code and does not print it as a server fault. Anything thrown that is not a Refusal is the
 * server's own failure: it is logged in full and the client is told only that the server could
 * not do it (never the internal text).
 */
export class Refusal extends ServerError {
  readonly status: number;
  constructor(status: number, message: string) {
    super(status, message);
    this.name = 'Refusal';
    this.status = status;
  }
}

export const COULD_NOT = 'The server could not do that just now; please try again. (The error is in the server log.)';

export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
