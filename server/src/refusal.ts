import { ServerError } from '@colyseus/core';
import type { ZodError } from 'zod';
import { refusalText, type Refusal as RefusalReason, type ServerRefusal } from '../../src/protocol/index.ts';
import { zodProblems } from '../../src/rules/index.ts';

/**
 * A request the server turns down: its refusal code (src/protocol/refusals.ts) and, as the error's
 * message, the catalogue's words for it (a join's error reaches the client as text only; the
 * matchmaking route also sends the code). `status` is the HTTP status the matchmaking route
 * answers with (the WebSocket join passes it on as its error code).
 * A Colyseus ServerError, so Colyseus passes it through its matchmaker and seat errors with its
 * code and does not print it as a server fault. Anything thrown that is not a Refusal is the
 * server's own failure: it is logged in full and the client is told only that the server could
 * not do it (never the internal text).
 */
export class Refusal extends ServerError {
  readonly status: number;
  readonly refusal: RefusalReason;
  constructor(status: number, refusal: RefusalReason) {
    super(status, refusalText(refusal));
    this.name = 'Refusal';
    this.status = status;
    this.refusal = refusal;
  }
}

/** The server's own failure: the client hears only this, the details go to the server log. */
export const COULD_NOT: ServerRefusal = { code: 'serverCouldNot' };

export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** What a message's check found, as the `problems` of a refusal (the project's one zod wording). */
export function problemsOf(error: ZodError): string {
  return zodProblems(error).join('; ');
}
