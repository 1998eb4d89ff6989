/**
 * Test helpers for real @colyseus/sdk clients on loopback. `recordFrames()` must run before the
 * SDK is imported: the SDK picks its WebSocket class when it loads, and the recording subclass
 * keeps every frame the server sends, as bytes, so a test can search what crossed the wire.
 */
export const framesOf = new WeakMap<object, Buffer[]>();

export function recordFrames(): void {
  const Base = globalThis.WebSocket;
  class RecordingWebSocket extends Base {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      const frames: Buffer[] = [];
      framesOf.set(this, frames);
      this.addEventListener('message', (event: MessageEvent) => {
        const data = event.data as ArrayBuffer | string;
        frames.push(typeof data === 'string' ? Buffer.from(data) : Buffer.from(new Uint8Array(data)));
      });
    }
  }
  globalThis.WebSocket = RecordingWebSocket as typeof WebSocket;
}

/** Everything the server has sent to this room's client so far. */
export function wireBytes(room: { connection: unknown }): Buffer {
  const ws = (room.connection as { transport: { ws: object } }).transport.ws;
  return Buffer.concat(framesOf.get(ws) ?? []);
}

export { nextMessage, pause, request, type Reply } from '../../scripts/lib/room-messages.ts';
