/**
 * Request and message helpers for real @colyseus/sdk rooms, shared by the server tests and the
 * load test: every request carries an id and is answered by an `ack` or an `error` with that id.
 */
import type { ErrorPayload, Refusal } from '../../src/protocol/index.ts';

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface MessageSource {
  onMessage(type: string, callback: (payload: unknown) => void): () => void;
}

/** The next message of a type (optionally matching), with a timeout. */
export function nextMessage<T>(room: MessageSource, type: string, match: (payload: T) => boolean = () => true, timeoutMs = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no "${type}" message within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = room.onMessage(type, ((payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    }) as (payload: unknown) => void);
  });
}

export type Reply = { kind: 'ack'; requestId: number } | { kind: 'error'; requestId: number; refusal: Refusal };

let nextRequestId = 1;

/** Sends a request and waits for its ack or error. */
export function request(room: MessageSource & { send(type: string, payload: unknown): void }, type: string, body: Record<string, unknown>, timeoutMs = 3000): Promise<Reply> {
  const requestId = nextRequestId++;
  return new Promise((resolve, reject) => {
    const done = (reply: Reply | Error) => {
      clearTimeout(timer);
      offAck();
      offError();
      if (reply instanceof Error) reject(reply);
      else resolve(reply);
    };
    const timer = setTimeout(() => done(new Error(`no reply to request ${requestId} within ${timeoutMs} ms`)), timeoutMs);
    const offAck = room.onMessage('ack', ((payload: { requestId: number }) => {
      if (payload.requestId === requestId) done({ kind: 'ack', requestId });
    }) as (payload: unknown) => void);
    const offError = room.onMessage('error', ((payload: ErrorPayload) => {
      if (payload.requestId === requestId) done({ kind: 'error', requestId, refusal: payload.refusal });
    }) as (payload: unknown) => void);
    room.send(type, { requestId, ...body });
  });
}
