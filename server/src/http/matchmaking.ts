import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, matchMaker, type AuthContext } from '@colyseus/core';
import { WORKSHOP_ROOM, refusalText, type Refusal as RefusalReason } from '../../../src/protocol/index.ts';
import { COULD_NOT, Refusal, describeError } from '../refusal.ts';

/**
 * The matchmaking route (`POST /matchmake/create/workshop`, `POST /matchmake/join/workshop`), in
 * place of Colyseus's own, so that:
 *  - a body is read only up to a few kB (Colyseus reads up to 1 MB, or without limit);
 *  - the client's address comes from the socket (and trusted proxies), never from headers the
 *    client wrote; it reaches WorkshopRoom.onAuth as `context.ip`, the key of every limit;
 *  - only `create` and `join` exist: no `joinOrCreate` or `joinById` lands anyone in a room they
 *    did not create or name by its code;
 *  - refusals are ours, in words, with an HTTP status; any other failure is logged and the client
 *    is told only that the server could not do it.
 */
export const MATCHMAKING_BODY_LIMIT = 4 * 1024;

const ROUTE = /^\/matchmake\/([a-zA-Z]+)\/([a-zA-Z0-9_-]+)$/;

export async function handleMatchmaking(req: IncomingMessage, res: ServerResponse, pathname: string, address: string, headers: Record<string, string>): Promise<void> {
  const answer = (status: number, body: unknown) => {
    const json = JSON.stringify(body);
    res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(json), 'cache-control': 'no-store' });
    res.end(json);
  };
  // `error` in words (the Colyseus client shows it), `refusal` as its code and parameters.
  const refuse = (status: number, refusal: RefusalReason) => answer(status, { code: status, error: refusalText(refusal), refusal });
  const route = ROUTE.exec(pathname);
  if (!route || route[2] !== WORKSHOP_ROOM || (route[1] !== 'create' && route[1] !== 'join')) {
    req.resume();
    return refuse(404, { code: 'noSuchRoute' });
  }
  const method = route[1];
  let options: unknown;
  try {
    options = JSON.parse(await readBody(req, MATCHMAKING_BODY_LIMIT));
  } catch (error) {
    if (error instanceof Refusal) {
      // Stop reading what is left of an oversized body: answer, then close the connection.
      res.setHeader('connection', 'close');
      refuse(error.status, error.refusal);
      res.once('finish', () => req.destroy());
      return;
    }
    return refuse(400, { code: 'requestNotUnderstood' });
  }
  if (!options || typeof options !== 'object' || Array.isArray(options)) return refuse(400, { code: 'requestNotUnderstood' });
  // A join names a workshop by its code; a creation never does.
  const hasCode = typeof (options as { code?: unknown }).code === 'string';
  if (method === 'join' && !hasCode) return refuse(400, { code: 'joinWithCode' });
  if (method === 'create' && 'code' in options) return refuse(400, { code: 'codeFromServer' });
  const context = { token: undefined, ip: address, req: undefined, headers: new Headers() } as unknown as AuthContext;
  try {
    const reservation = method === 'create' ? await matchMaker.create(WORKSHOP_ROOM, options, context) : await matchMaker.join(WORKSHOP_ROOM, options, context);
    answer(200, reservation);
  } catch (error) {
    const status = (error as { code?: unknown }).code;
    // Colyseus wraps a Refusal thrown in onCreate in its own ServerError, keeping its status; its
    // own error codes start at 520 and carry text that is not for clients.
    if (error instanceof Refusal) return refuse(error.status, error.refusal);
    if (typeof status === 'number' && status >= 400 && status < 520 && error instanceof Error) {
      // A Refusal Colyseus wrapped on the way: its words are kept, its code is not.
      return answer(status, { code: status, error: error.message });
    }
    // The code was found by onAuth, so a missing room means it went away meanwhile (a process restarting).
    if (status === ErrorCode.MATCHMAKE_INVALID_CRITERIA || status === ErrorCode.MATCHMAKE_EXPIRED) return refuse(503, { code: 'workshopMoving' });
    console.error(`matchmaking ${method} from ${address} failed: ${describeError(error)}`);
    return refuse(500, COULD_NOT);
  }
}

/** The request body as text, refusing (413) past `limit` bytes, whatever Content-Length says. */
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new Refusal(413, { code: 'requestTooLarge' }));
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        reject(new Refusal(413, { code: 'requestTooLarge' }));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}
