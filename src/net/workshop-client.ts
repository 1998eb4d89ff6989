import { Client, type Room } from '@colyseus/sdk';
import type { StoreApi } from 'zustand/vanilla';
import { ClientMessage, ServerMessage, WORKSHOP_ROOM, refusalText, type AckPayload, type AnnouncementPayload, type CreateWorkshopOptions, type CreatedPayload, type ErrorPayload, type FacilitatorCommand, type SeatedPayload, type TeamIntent } from '../protocol/index.ts';
import type { WorkshopRole, WorkshopStore } from '../state/workshop-store.ts';

/**
 * A thin adapter from a Colyseus room to the workshop store: state patches become snapshots,
 * ack/error/announcement messages become store updates, and the seat (or the facilitator's
 * secret) is kept in localStorage so a reload or a server restart finds its way back.
 * Colyseus reconnects a dropped socket by itself; when the session is gone (the server was
 * restarted), this rejoins with the code and the seat token, retrying until it succeeds.
 */
export interface WorkshopClient {
  create(options: CreateWorkshopOptions): Promise<void>;
  /**
   * Takes the given seat, any free one (the server picks) when `seat` is null, or, with a seat
   * token from a teammate's "add a device" link, that team's own seat.
   */
  joinTeam(code: string, seat: SeatChoice): Promise<void>;
  /** Rejoins the seat or console saved for this code; false when nothing is saved. */
  resume(code: string): Promise<boolean>;
  intent(intent: TeamIntent, label: string): void;
  command(command: FacilitatorCommand, label: string): void;
  leave(): Promise<void>;
  /** Leaves and forgets this browser's saved seat or console, so a reload starts afresh. */
  forget(): Promise<void>;
}

export type SeatChoice = { readonly alliance: number; readonly side: string } | { readonly seatToken: string } | null;

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const storageKey = (code: string) => `alliance-dynamics:workshop:${code.toUpperCase()}`;
export const LAST_WORKSHOP_KEY = 'alliance-dynamics:workshop:last';
/** Where the Vite dev server forwards to the workshop server (see vite.config.ts). */
export const DEV_SERVER_PATH = '/colyseus';

/**
 * The server of this page: its own origin. In production the server serves the built client; in
 * development Vite passes `/colyseus` on to the server (vite.config.ts), so the page never needs
 * another origin, also when opened from another device.
 *
 * `?server=` may name the page's own origin, or a server listed when the page was built
 * (VITE_WORKSHOP_SERVERS, comma-separated): the page rejoins saved seats and consoles, with their
 * secrets, on the server it connects to, so a link must not be able to send it anywhere else.
 * Anything else is refused, and the page says so.
 */
export interface ServerChoice {
  readonly url: string;
  /** The `?server=` the page ignored (not its own origin, not listed), or null. */
  readonly refused: string | null;
  /** The accepted `?server=`, to pass on in the links the page hands out. */
  readonly param: string | null;
}

export function chooseServer(location: { search: string; hostname: string; protocol: string; port: string }, development: boolean, listed: readonly string[] = listedServers()): ServerChoice {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const host = location.hostname || '127.0.0.1';
  const own = `${scheme}://${host}${location.port ? `:${location.port}` : ''}${development ? DEV_SERVER_PATH : ''}`;
  const fromQuery = new URLSearchParams(location.search).get('server');
  if (!fromQuery) return { url: own, refused: null, param: null };
  let asked: URL;
  try {
    asked = new URL(fromQuery);
  } catch {
    return { url: own, refused: fromQuery, param: null };
  }
  const pageHost = `${host}${location.port ? `:${location.port}` : ''}`;
  const secure = asked.protocol === 'wss:' || asked.protocol === 'https:';
  const knownScheme = ['ws:', 'wss:', 'http:', 'https:'].includes(asked.protocol);
  const ownOrigin = asked.host === pageHost && secure === (location.protocol === 'https:');
  const isListed = listed.some((entry) => sameServer(entry, asked));
  if (!knownScheme || asked.username || asked.password || !(ownOrigin || isListed)) return { url: own, refused: fromQuery, param: null };
  return { url: fromQuery, refused: null, param: fromQuery };
}

/** Kept for callers that need only the address. */
export function defaultServerUrl(location: { search: string; hostname: string; protocol: string; port: string }, development: boolean, listed: readonly string[] = listedServers()): string {
  return chooseServer(location, development, listed).url;
}

/** The servers the page was built to accept besides its own (VITE_WORKSHOP_SERVERS). */
function listedServers(): string[] {
  const setting = (import.meta.env?.['VITE_WORKSHOP_SERVERS'] as string | undefined) ?? '';
  return setting
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** ws:// and http:// name the same server (Colyseus matchmakes over one, plays over the other). */
function sameServer(entry: string, asked: URL): boolean {
  try {
    const listed = new URL(entry);
    const secure = (url: URL) => url.protocol === 'wss:' || url.protocol === 'https:';
    return listed.host === asked.host && secure(listed) === secure(asked);
  } catch {
    return false;
  }
}

/**
 * Join refusals and socket failures, in words a team can act on. The server words its own
 * refusals (HTTP status 400–519, or the same code on a refused seat); other failures are never
 * shown as they come (they may carry internal text).
 */
export function describeJoinError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'number' && code >= 400 && code < 520 && message) return message;
  if (/no rooms found/i.test(message)) return 'No workshop has that code. Check the code on the projector.';
  if (/ECONNREFUSED|failed to fetch|network|websocket|connect/i.test(message) || typeof code === 'string') return 'The workshop server cannot be reached. Check the network, or ask the facilitator.';
  return 'The server could not let you in just now; please try again.';
}

export function createWorkshopClient(store: StoreApi<WorkshopStore>, serverUrl: string, storage: KeyValueStorage): WorkshopClient {
  const client = new Client(serverUrl);
  let room: Room | null = null;
  let nextRequestId = 1;
  let leaving = false;
  let released = false;
  let rejoinTimer: ReturnType<typeof setTimeout> | null = null;

  const remember = (role: WorkshopRole) => {
    storage.setItem(storageKey(role.code), JSON.stringify(role));
    storage.setItem(LAST_WORKSHOP_KEY, role.code);
    store.getState().setRole(role);
  };

  const attach = (joined: Room): void => {
    room = joined;
    const state = store.getState();
    joined.reconnection.maxRetries = 4;
    joined.reconnection.minUptime = 0;
    const toSnapshot = (schema: unknown) => store.getState().setSnapshot((schema as { toJSON(): unknown }).toJSON());
    joined.onStateChange(toSnapshot);
    // The first state may have arrived while the join was still being answered.
    if ((joined.state as { alliances?: unknown } | undefined)?.alliances) toSnapshot(joined.state);
    joined.onMessage(ServerMessage.ack, (payload: AckPayload) => store.getState().acknowledged(payload.requestId, payload.notes?.map(refusalText)));
    // The device words the server's refusal codes (refusalText: the one catalogue).
    joined.onMessage(ServerMessage.error, (payload: ErrorPayload) => store.getState().refused(payload.requestId, refusalText(payload.refusal)));
    joined.onMessage(ServerMessage.announcement, (payload: AnnouncementPayload) => store.getState().announce(payload));
    // Sent on every rejoin too; the seat is already known then.
    joined.onMessage(ServerMessage.seated, () => undefined);
    joined.onMessage(ServerMessage.seatReleased, () => {
      // The facilitator gave this seat to another team or to the computer: forget it, do not rejoin.
      const role = store.getState().role;
      if (role) storage.removeItem(storageKey(role.code));
      released = true;
      store.getState().setRole(null);
      store.getState().fail('The facilitator has given your seat to another team or to the computer. Join a seat again below if you are still playing.');
    });
    joined.onDrop(() => store.getState().setConnection('reconnecting'));
    joined.onReconnect(() => store.getState().setConnection('connected'));
    joined.onLeave(() => {
      if (room === joined) room = null;
      if (released) {
        released = false;
        return store.getState().setConnection('idle');
      }
      if (leaving) return store.getState().setConnection('closed');
      // The session is gone (server restarted): come back through the door with code + token.
      store.getState().setConnection('reconnecting');
      scheduleRejoin(0);
    });
    state.setConnection('connected');
    // A refusal from an earlier attempt no longer applies once this device is in.
    state.clearError();
  };

  const scheduleRejoin = (attempt: number): void => {
    const role = store.getState().role;
    if (!role || leaving) return;
    if (rejoinTimer) clearTimeout(rejoinTimer);
    rejoinTimer = setTimeout(() => {
      rejoinTimer = null;
      void rejoin(role).then((ok) => {
        if (!ok) scheduleRejoin(attempt + 1);
      });
    }, Math.min(5000, 500 * 2 ** attempt));
  };

  const rejoin = async (role: WorkshopRole): Promise<boolean> => {
    try {
      const options = role.kind === 'facilitator' ? { code: role.code, facilitatorSecret: role.secret } : { code: role.code, seatToken: role.seatToken };
      const joined = await client.join(WORKSHOP_ROOM, options);
      attach(joined);
      return true;
    } catch {
      return false;
    }
  };

  const send = (type: string, body: Record<string, unknown>, label: string): void => {
    const requestId = nextRequestId++;
    if (!room) {
      store.getState().fail(`${label}: not connected to the workshop server; trying to reconnect.`);
      return;
    }
    store.getState().requestSent(requestId, label);
    room.send(type, { requestId, ...body });
  };

  return {
    async create(options) {
      leaving = false;
      store.getState().setConnection('connecting');
      try {
        const joined = await client.create(WORKSHOP_ROOM, options);
        const created = await new Promise<CreatedPayload>((resolve) => {
          const off = joined.onMessage(ServerMessage.created, (payload: CreatedPayload) => {
            off();
            resolve(payload);
          });
        });
        remember({ kind: 'facilitator', code: created.code, secret: created.facilitatorSecret, workshopId: created.workshopId });
        attach(joined);
      } catch (error) {
        store.getState().setConnection('idle');
        store.getState().fail(`Could not create the workshop: ${describeJoinError(error)}`);
      }
    },
    async joinTeam(code, seat) {
      leaving = false;
      store.getState().setConnection('connecting');
      try {
        const joined = await client.join(WORKSHOP_ROOM, seat === null ? { code, anySeat: true } : 'seatToken' in seat ? { code, seatToken: seat.seatToken } : { code, alliance: seat.alliance, side: seat.side });
        const seated = await new Promise<SeatedPayload>((resolve) => {
          const off = joined.onMessage(ServerMessage.seated, (payload: SeatedPayload) => {
            off();
            resolve(payload);
          });
        });
        remember({ kind: 'team', code: code.toUpperCase(), alliance: seated.alliance, side: seated.side, seatToken: seated.seatToken });
        attach(joined);
      } catch (error) {
        store.getState().setConnection('idle');
        store.getState().fail(`Could not join: ${describeJoinError(error)}`);
      }
    },
    async resume(code) {
      const saved = storage.getItem(storageKey(code));
      if (!saved) return false;
      let role: WorkshopRole;
      try {
        role = JSON.parse(saved) as WorkshopRole;
      } catch {
        storage.removeItem(storageKey(code));
        return false;
      }
      leaving = false;
      store.getState().setRole(role);
      store.getState().setConnection('connecting');
      if (await rejoin(role)) return true;
      store.getState().setRole(null);
      store.getState().setConnection('idle');
      store.getState().fail('Your saved seat could not be rejoined; join again below.');
      return false;
    },
    intent(intent, label) {
      send(ClientMessage.intent, { intent }, label);
    },
    command(command, label) {
      send(ClientMessage.facilitator, { command }, label);
    },
    async forget() {
      const role = store.getState().role;
      if (role) storage.removeItem(storageKey(role.code));
      if (role && storage.getItem(LAST_WORKSHOP_KEY) === role.code) storage.removeItem(LAST_WORKSHOP_KEY);
      await this.leave();
      store.getState().setRole(null);
    },
    async leave() {
      leaving = true;
      if (rejoinTimer) clearTimeout(rejoinTimer);
      const current = room;
      room = null;
      await current?.leave(true);
      store.getState().setConnection('closed');
    },
  };
}
