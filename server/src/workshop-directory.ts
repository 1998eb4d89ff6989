import { matchMaker, requestFromIPC, subscribeIPC } from '@colyseus/core';
import { WORKSHOP_ROOM, type ServerRefusal } from '../../src/protocol/index.ts';
import type { WorkshopStore } from './store.ts';

/**
 * Where each workshop is, and loading it when someone comes back to it.
 *
 * A workshop is held in memory (a room) only while it is used: it is loaded from the log when its
 * facilitator or a team joins with its code, and unloaded after it has been idle for a while
 * (WorkshopRoom). So a restart reads no workshop at all, however many the log holds.
 *
 * Scaled out (REDIS_URL), each process keeps the workshops created on it in its own log file, and
 * a Redis hash maps each code to the process that holds it, by that process's public address
 * (stable across its restarts). A join that reaches another process asks the holder, over the
 * Colyseus presence channel, to load the workshop; the join then finds it in the shared registry.
 */
export type Whereabouts =
  | { readonly kind: 'live' }
  | { readonly kind: 'unknown' }
  /** Its log does not replay: the refusal says which entry (no internal text). */
  | { readonly kind: 'quarantined'; readonly refusal: ServerRefusal }
  /** The process holding it does not answer (restarting, or gone). */
  | { readonly kind: 'unavailable' };

const CODES_KEY = 'alliance-dynamics:workshop-codes';
const hostChannel = (host: string) => `alliance-dynamics:workshop-host:${host}`;
/** How long a join waits for another process to load a workshop from its log. */
const REMOTE_LOAD_TIMEOUT_MS = 15_000;

export interface DirectoryOptions {
  readonly store: WorkshopStore;
  /** This process's stable name in a scaled-out server (its PUBLIC_ADDRESS); null when alone. */
  readonly sharedAs: string | null;
}

export class WorkshopDirectory {
  private readonly store: WorkshopStore;
  private readonly sharedAs: string | null;
  /** Workshops held in this process: id → code. */
  private readonly open = new Map<string, string>();
  private readonly openByCode = new Map<string, string>();
  private readonly loading = new Map<string, Promise<Whereabouts>>();
  /** Workshops whose log did not replay, until this process restarts: id → why. */
  private readonly quarantined = new Map<string, ServerRefusal>();

  constructor(options: DirectoryOptions) {
    this.store = options.store;
    this.sharedAs = options.sharedAs;
  }

  get openCount(): number {
    return this.open.size;
  }

  isOpen(workshopId: string): boolean {
    return this.open.has(workshopId);
  }

  /** Called by a room once its workshop is in memory. */
  opened(workshopId: string, code: string): void {
    this.open.set(workshopId, code);
    this.openByCode.set(code, workshopId);
  }

  closed(workshopId: string): void {
    const code = this.open.get(workshopId);
    this.open.delete(workshopId);
    if (code !== undefined && this.openByCode.get(code) === workshopId) this.openByCode.delete(code);
  }

  /** Records a new workshop's code where the other processes can find it. */
  async published(code: string): Promise<void> {
    if (this.sharedAs) await matchMaker.presence.hset(CODES_KEY, code, this.sharedAs);
  }

  /**
   * Scaled out: answers other processes' requests to load a workshop of this log, and republishes
   * this log's codes (Redis may have restarted meanwhile). In the background: the port is open.
   */
  async share(): Promise<void> {
    if (!this.sharedAs) return;
    await subscribeIPC(matchMaker.presence, hostChannel(this.sharedAs), (method: string, args: unknown[]) => {
      if (method !== 'load' || typeof args?.[0] !== 'string') throw new Error('unknown request');
      const here = this.store.findByCode(args[0]);
      return here ? this.loadHere(here.workshopId) : { kind: 'unknown' };
    });
    void (async () => {
      for (const { code } of this.store.codes()) await matchMaker.presence.hset(CODES_KEY, code, this.sharedAs!);
    })().catch((error: unknown) => console.error(`could not publish this log's workshop codes to Redis: ${error instanceof Error ? error.message : String(error)}`));
  }

  /** Finds the workshop with this code and makes sure it is loaded somewhere. */
  async find(code: string): Promise<Whereabouts> {
    if (this.openByCode.has(code)) return { kind: 'live' };
    const here = this.store.findByCode(code);
    if (here) return this.loadHere(here.workshopId);
    if (!this.sharedAs) return { kind: 'unknown' };
    if ((await matchMaker.query({ name: WORKSHOP_ROOM, code })).length > 0) return { kind: 'live' };
    const host = await matchMaker.presence.hget(CODES_KEY, code);
    if (!host || host === this.sharedAs) return { kind: 'unknown' };
    try {
      return (await requestFromIPC(matchMaker.presence, hostChannel(host), 'load', [code], REMOTE_LOAD_TIMEOUT_MS)) as Whereabouts;
    } catch (error) {
      console.error(`workshop ${code}: ${host} did not load it: ${error instanceof Error ? error.message : String(error)}`);
      return { kind: 'unavailable' };
    }
  }

  /** Loads a workshop of this process's log (once, however many joins ask at the same moment). */
  loadHere(workshopId: string): Promise<Whereabouts> {
    if (this.open.has(workshopId)) return Promise.resolve({ kind: 'live' });
    const refusal = this.quarantined.get(workshopId);
    if (refusal !== undefined) return Promise.resolve({ kind: 'quarantined', refusal });
    let pending = this.loading.get(workshopId);
    if (!pending) {
      pending = matchMaker
        .createRoom(WORKSHOP_ROOM, { restoreWorkshopId: workshopId })
        .then((): Whereabouts => ({ kind: 'live' }))
        .catch((): Whereabouts => {
          const refusal = this.quarantined.get(workshopId);
          return refusal === undefined ? { kind: 'unavailable' } : { kind: 'quarantined', refusal };
        })
        .finally(() => this.loading.delete(workshopId));
      this.loading.set(workshopId, pending);
    }
    return pending;
  }

  /**
   * A workshop whose log does not replay is set aside, never deleted: the server log says which
   * entry failed and why, its facilitator and teams are told it cannot be opened, and every other
   * workshop goes on. It is tried again after a restart (a fixed server may replay it).
   */
  quarantine(workshopId: string, refusal: ServerRefusal): ServerRefusal {
    this.quarantined.set(workshopId, refusal);
    return refusal;
  }
}
