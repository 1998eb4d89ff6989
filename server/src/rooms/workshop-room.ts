import { randomUUID } from 'node:crypto';
import { CloseCode, Room, type AuthContext, type Client, type Delayed } from '@colyseus/core';
import { Encoder, StateView } from '@colyseus/schema';
import type { Scenario, Seat } from '../../../src/rules/index.ts';
import {
  ClientMessage,
  ServerMessage,
  applyEntry,
  createWorkshop,
  createWorkshopOptions,
  describeZodError,
  facilitatorMessage,
  firstFreeSeat,
  intentMessage,
  joinWorkshopOptions,
  replay,
  requestIdOf,
  seatKey,
  undoLastRoundEnd,
  type WorkshopConfig,
  type WorkshopEntry,
  type WorkshopState,
} from '../../../src/protocol/index.ts';
import { hashSecret, newJoinCode, newSecret, normaliseCode, secretMatches, type RateLimiter } from '../secrets.ts';
import type { WorkshopStore } from '../store.ts';
import { syncSchema } from './sync-schema.ts';
import { WorkshopSchema } from './schema/workshop-state.ts';

/** What the rooms need from the process: the log, the scenarios, the join limiter, a clock. */
export interface WorkshopServices {
  readonly store: WorkshopStore;
  readonly scenario: (id: string) => Scenario;
  readonly joinLimiter: RateLimiter;
  readonly now: () => number;
  /** Seconds a dropped client keeps its session for a Colyseus reconnection. */
  readonly reconnectSeconds: number;
}

let services: WorkshopServices | null = null;

export function configureWorkshopRooms(value: WorkshopServices): void {
  services = value;
}

function needServices(): WorkshopServices {
  if (!services) throw new Error('configureWorkshopRooms() was not called');
  return services;
}

/**
 * A patch holds every view's part back to back (one per seat, one for the facilitator with all
 * 30 alliances' history): at a round end that passes the 16 kB default, and each overflow re-encodes
 * and logs a warning. 1 MB per buffer (two per room) covers 40 alliances over 20 rounds.
 */
Encoder.BUFFER_SIZE = 1024 * 1024;

/** After a restart a round's timer does not run out within this time. */
const RESTART_GRACE_MS = 30_000;

/** A team's role remembers the token hash it sat down with: the seat is its own only while that holds. */
type Role = { readonly kind: 'facilitator' } | { readonly kind: 'team'; readonly alliance: number; readonly side: string; readonly tokenHash: string };

/** Options the server itself passes when it rebuilds a room from the log; refused from clients. */
interface RestoreOptions {
  readonly restoreWorkshopId: string;
}

export class JoinRefused extends Error {}

/**
 * One room per workshop: N alliances, each a rules game. The room is thin: it checks who may do
 * what, turns messages into log entries, writes them, then lets src/protocol apply them.
 */
export class WorkshopRoom extends Room<{ state: WorkshopSchema }> {
  override state = new WorkshopSchema();
  override autoDispose = false;

  private workshopId = '';
  private scenario!: Scenario;
  private workshop!: WorkshopState;
  private effective: WorkshopEntry[] = [];
  private readonly roles = new Map<string, Role>();
  private readonly connected = new Map<string, number>();
  private readonly dropped = new Set<string>();
  /** Per seat key, and 'facilitator': see viewOf. */
  private readonly views = new Map<string, StateView>();
  private creatorSecret: string | null = null;
  private timer: Delayed | null = null;
  private timerGraceUntil = 0;

  /**
   * Runs before any room is searched: counts join and create attempts per IP (a wrong code never
   * reaches a room, so the limit has to sit here) and refuses options only the server may use.
   */
  static override async onAuth(_token: string, options: unknown, context: AuthContext): Promise<boolean> {
    const opts = (options ?? {}) as Record<string, unknown>;
    if ('restoreWorkshopId' in opts) return false;
    // Joins and creations count alike: a wrong code, a right one, a new workshop.
    if (!needServices().joinLimiter.attempt(context.ip ?? 'unknown')) return false;
    if (typeof opts['code'] === 'string') {
      // Normalised in place: the matchmaker filters rooms on this very object (filterBy code).
      opts['code'] = normaliseCode(opts['code']);
      return joinWorkshopOptions.safeParse(opts).success;
    }
    return createWorkshopOptions.safeParse(opts).success;
  }

  override async onCreate(options: unknown): Promise<void> {
    const { store, scenario, now } = needServices();
    const restore = (options as Partial<RestoreOptions>).restoreWorkshopId;
    if (typeof restore === 'string') {
      const entries = store.entries(restore);
      const first = entries[0];
      if (first?.kind !== 'create') throw new Error(`workshop ${restore} has no log`);
      this.scenario = scenario(first.config.scenarioId);
      const replayed = replay(this.scenario, entries);
      this.workshopId = restore;
      this.workshop = replayed.state;
      this.effective = replayed.effective;
      // Teams need a moment to come back after a restart before a running timer may end the round.
      this.timerGraceUntil = now() + RESTART_GRACE_MS;
    } else {
      const parsed = createWorkshopOptions.parse(options);
      this.scenario = scenario(parsed.scenarioId);
      const seats: Record<string, Seat> = {};
      for (const side of this.scenario.definition.sides) {
        const strategy = parsed.computerSeats?.[side.id];
        if (strategy !== undefined && !this.scenario.definition.strategies[side.id]?.[strategy]) throw new Error(`${side.id} has no strategy "${strategy}"`);
        seats[side.id] = strategy === undefined ? { kind: 'human' } : { kind: 'computer', strategy };
      }
      const emptySeats: Record<string, string> = {};
      for (const [side, strategy] of Object.entries(parsed.emptySeats ?? {})) {
        if (seats[side]?.kind !== 'human') throw new Error(`"${side}" is not a side teams play`);
        if (!this.scenario.definition.strategies[side]?.[strategy]) throw new Error(`${side} has no strategy "${strategy}"`);
        emptySeats[side] = strategy;
      }
      const rounds = Math.min(parsed.rounds, this.scenario.definition.rounds.count);
      for (const event of parsed.events ?? []) {
        const known = this.scenario.definition.events.find((candidate) => candidate.id === event.eventId);
        if (!known) throw new Error(`there is no event "${event.eventId}"`);
        if (event.round > rounds) throw new Error(`the ${known.name.toLowerCase()} is set for round ${event.round}, after the last round (${rounds})`);
      }
      this.creatorSecret = newSecret();
      const config: WorkshopConfig = {
        scenarioId: parsed.scenarioId,
        alliances: parsed.alliances,
        rounds,
        roundSeconds: parsed.roundSeconds,
        seed: parsed.seed ?? 1,
        seats,
        ...(Object.keys(emptySeats).length > 0 ? { emptySeats } : {}),
        ...(parsed.events && parsed.events.length > 0 ? { events: parsed.events } : {}),
        code: newJoinCode(),
        facilitatorSecretHash: hashSecret(this.creatorSecret),
      };
      const entry: WorkshopEntry = { kind: 'create', at: now(), config };
      this.workshopId = randomUUID();
      this.workshop = createWorkshop(this.scenario, config);
      store.append(this.workshopId, entry);
      this.effective = [entry];
    }
    await this.setMetadata({ code: this.workshop.config.code, workshopId: this.workshopId });
    this.setPatchRate(50);
    this.onMessage(ClientMessage.intent, (client, message) => this.onIntent(client, message));
    this.onMessage(ClientMessage.facilitator, (client, message) => this.onFacilitator(client, message));
    this.onMessage('*', (client, type) => client.send(ServerMessage.error, { requestId: -1, reason: `Unknown message "${String(type)}".` }));
    this.sync();
    this.scheduleTimer();
  }

  override onJoin(client: Client, options: unknown): void {
    const role = this.admit(client, (options ?? {}) as Record<string, unknown>);
    this.roles.set(client.sessionId, role);
    // Adding a seat marks it and its parents visible, its alliance included: that brings the
    // alliance's `.view()` JSON (deals, events…) but not the partner seat's pending decisions.
    // Never add an alliance itself: that would mark every seat under it visible.
    // A Colyseus reconnection keeps this view; a rejoin with a seat token comes through here.
    const view = this.viewOf(role);
    client.view = view;
    // The played rounds are a collection of their own: a view holds it only when added by name.
    if (role.kind === 'facilitator') {
      for (const alliance of this.state.alliances) {
        for (const seat of alliance.seats.values()) view.add(seat);
        view.add(alliance.playedRoundsJson);
      }
    } else {
      const alliance = this.state.alliances[role.alliance];
      const seat = alliance?.seats.get(role.side);
      if (seat) view.add(seat);
      if (alliance) view.add(alliance.playedRoundsJson);
      const key = seatKey(role.alliance, role.side);
      this.connected.set(key, (this.connected.get(key) ?? 0) + 1);
      this.sync();
    }
  }

  /**
   * The devices of one seat share a view, as do the facilitator's consoles: they see the same, and
   * Colyseus encodes a patch once per view, not once per device (a third of the work at 3 devices).
   * Re-adding on each join is harmless: the joiner gets the full state, the others a no-op.
   */
  private viewOf(role: Role): StateView {
    // Keyed by the token too: a team that takes over a freed seat never shares the view of the team before it.
    const key = role.kind === 'facilitator' ? 'facilitator' : `${seatKey(role.alliance, role.side)}:${role.tokenHash}`;
    let view = this.views.get(key);
    if (!view) {
      view = new StateView();
      this.views.set(key, view);
    }
    return view;
  }

  /** Who this joiner is, or a refusal (thrown: the client's join fails). */
  private admit(client: Client, options: Record<string, unknown>): Role {
    if (options['code'] === undefined) {
      // The creator's own join, right after create.
      if (!this.creatorSecret) throw new JoinRefused('Join with the workshop code.');
      client.send(ServerMessage.created, { workshopId: this.workshopId, code: this.workshop.config.code, facilitatorSecret: this.creatorSecret });
      this.creatorSecret = null;
      return { kind: 'facilitator' };
    }
    const parsed = joinWorkshopOptions.parse(options);
    if (parsed.code !== this.workshop.config.code) throw new JoinRefused('Wrong code.');
    if ('facilitatorSecret' in parsed) {
      if (!secretMatches(parsed.facilitatorSecret, this.workshop.config.facilitatorSecretHash)) throw new JoinRefused('That is not the facilitator secret.');
      return { kind: 'facilitator' };
    }
    if ('seatToken' in parsed) {
      const match = Object.entries(this.workshop.seatTokens).find(([, hash]) => secretMatches(parsed.seatToken, hash));
      if (!match) throw new JoinRefused('That seat token is not valid for this workshop: the facilitator may have given the seat to another team. Join a seat again.');
      const [alliance, side] = splitKey(match[0]);
      client.send(ServerMessage.seated, { alliance, side, seatToken: parsed.seatToken });
      return { kind: 'team', alliance, side, tokenHash: match[1] };
    }
    const seat = 'anySeat' in parsed ? firstFreeSeat(this.workshop) : parsed;
    if (!seat) throw new JoinRefused('Every seat is taken. Ask the facilitator to free one for you.');
    const seatToken = newSecret();
    const tokenHash = hashSecret(seatToken);
    const result = this.commit({ kind: 'claimSeat', at: needServices().now(), alliance: seat.alliance, side: seat.side, tokenHash });
    if (!result.ok) throw new JoinRefused(result.reason);
    client.send(ServerMessage.seated, { alliance: seat.alliance, side: seat.side, seatToken });
    return { kind: 'team', alliance: seat.alliance, side: seat.side, tokenHash };
  }

  override async onDrop(client: Client): Promise<void> {
    this.dropped.add(client.sessionId);
    this.countDown(client);
    await this.allowReconnection(client, needServices().reconnectSeconds);
  }

  override onReconnect(client: Client): void {
    this.dropped.delete(client.sessionId);
    const role = this.roles.get(client.sessionId);
    // Its seat went to someone else while it was away: it is told so, not given the seat back. Only
    // once the reconnection has completed: a client closed inside onReconnect never hears why.
    if (role?.kind === 'team' && !this.stillSeated(role)) {
      this.clock.setTimeout(() => this.sendOff(client, false), 0);
      return;
    }
    if (role?.kind === 'team') {
      const key = seatKey(role.alliance, role.side);
      this.connected.set(key, (this.connected.get(key) ?? 0) + 1);
      this.sync();
    }
  }

  override onLeave(client: Client): void {
    if (!this.dropped.delete(client.sessionId)) this.countDown(client);
    this.roles.delete(client.sessionId);
  }

  override onDispose(): void {
    this.timer?.clear();
  }

  private countDown(client: Client): void {
    const role = this.roles.get(client.sessionId);
    if (role?.kind !== 'team') return;
    const key = seatKey(role.alliance, role.side);
    this.connected.set(key, Math.max(0, (this.connected.get(key) ?? 0) - 1));
    this.sync();
  }

  private onIntent(client: Client, message: unknown): void {
    const requestId = requestIdOf(message);
    const role = this.roles.get(client.sessionId);
    if (role?.kind !== 'team') return this.refuse(client, requestId, 'Only a team in a seat can send decisions.');
    if (!this.stillSeated(role)) {
      this.refuse(client, requestId, 'This seat is no longer yours.');
      return this.sendOff(client);
    }
    const parsed = intentMessage.safeParse(message);
    if (!parsed.success) return this.refuse(client, requestId, `That message is not understood: ${describeZodError(parsed.error)}.`);
    const result = this.commit({ kind: 'team', at: needServices().now(), alliance: role.alliance, side: role.side, intent: parsed.data.intent });
    if (!result.ok) return this.refuse(client, requestId, result.reason);
    client.send(ServerMessage.ack, { requestId });
  }

  private onFacilitator(client: Client, message: unknown): void {
    const requestId = requestIdOf(message);
    if (this.roles.get(client.sessionId)?.kind !== 'facilitator') return this.refuse(client, requestId, 'Only the facilitator can do that.');
    const parsed = facilitatorMessage.safeParse(message);
    if (!parsed.success) return this.refuse(client, requestId, `That command is not understood: ${describeZodError(parsed.error)}.`);
    const result = this.commit({ kind: 'facilitator', at: needServices().now(), command: parsed.data.command });
    if (!result.ok) return this.refuse(client, requestId, result.reason);
    client.send(ServerMessage.ack, result.notes ? { requestId, notes: result.notes } : { requestId });
  }

  private refuse(client: Client, requestId: number, reason: string): void {
    client.send(ServerMessage.error, { requestId, reason });
  }

  /** Check, write, then apply: nothing is acknowledged (or changed) unless it is in the log. */
  private commit(entry: WorkshopEntry): { ok: true; notes?: readonly string[] } | { ok: false; reason: string } {
    let next: { state: WorkshopState; effective: WorkshopEntry[] };
    let notes: readonly string[] | undefined;
    if (entry.kind === 'facilitator' && entry.command.type === 'undoRoundEnd') {
      const undone = undoLastRoundEnd(this.scenario, this.effective);
      if (!undone) return { ok: false, reason: 'There is no round end to undo.' };
      next = undone;
    } else {
      const result = applyEntry(this.scenario, this.workshop, entry);
      if (!result.ok) return result;
      next = { state: result.state, effective: [...this.effective, entry] };
      notes = result.notes;
    }
    try {
      needServices().store.append(this.workshopId, entry);
    } catch (error) {
      console.error(`workshop ${this.workshopId}: could not write the log`, error);
      return { ok: false, reason: 'The server could not save that; please try again.' };
    }
    this.workshop = next.state;
    this.effective = next.effective;
    this.sync();
    // Send the change now rather than at the next patch tick (50 ms): a decision or a round end
    // reaches every device as soon as it is in the log.
    this.broadcastPatch();
    this.scheduleTimer();
    if (entry.kind === 'facilitator' && entry.command.type === 'message') this.broadcast(ServerMessage.announcement, { text: entry.command.text, at: entry.at });
    // Teams whose results just vanished are told why (said, not logged: the log holds the undo itself).
    if (entry.kind === 'facilitator' && entry.command.type === 'undoRoundEnd') {
      this.broadcast(ServerMessage.announcement, { text: `The end of round ${this.workshop.round} was taken back: round ${this.workshop.round} is open again, with the decisions already sent.`, at: entry.at });
    }
    // A seat freed, given to the computer or lost in an undo: its devices leave it.
    if (entry.kind === 'facilitator') this.sendOffUnseated();
    return notes ? { ok: true, notes } : { ok: true };
  }

  private stillSeated(role: Extract<Role, { kind: 'team' }>): boolean {
    return this.workshop.seatTokens[seatKey(role.alliance, role.side)] === role.tokenHash;
  }

  /**
   * Every device whose seat token no longer holds its seat is told so and disconnected; its view
   * stops showing the seat at once, so a device that was offline meanwhile learns nothing of the
   * new team's pending decisions when it comes back (and is sent off then).
   */
  private sendOffUnseated(): void {
    for (const [key, view] of this.views) {
      if (key === 'facilitator') continue;
      const [alliance, side, tokenHash] = key.split(':') as [string, string, string];
      if (this.workshop.seatTokens[`${alliance}:${side}`] === tokenHash) continue;
      const seat = this.state.alliances[Number(alliance)]?.seats.get(side);
      if (seat && view.has(seat)) view.remove(seat);
      this.views.delete(key);
    }
    for (const client of [...this.clients]) {
      const role = this.roles.get(client.sessionId);
      if (role?.kind === 'team' && !this.stillSeated(role)) this.sendOff(client);
    }
  }

  /** `connected`: the device still counts as connected (false for one coming back from a drop). */
  private sendOff(client: Client, connected = true): void {
    const role = this.roles.get(client.sessionId);
    if (role?.kind === 'team') client.send(ServerMessage.seatReleased, { alliance: role.alliance, side: role.side });
    // Forgotten before leaving, so the device does not count as connected to a seat that is no longer its own.
    if (connected) this.countDown(client);
    this.roles.delete(client.sessionId);
    // A consented close: the device must not be offered a Colyseus reconnection to the seat.
    client.leave(CloseCode.CONSENTED);
  }

  private sync(): void {
    syncSchema(this.state, this.workshopId, this.workshop, this.connected);
  }

  /** When the round's time is up the server ends it, as the facilitator would (logged as the timer's). */
  private scheduleTimer(): void {
    this.timer?.clear();
    this.timer = null;
    const { deadline, round, phase } = this.workshop;
    if (deadline === null || phase !== 'decide') return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      const result = this.commit({ kind: 'facilitator', at: needServices().now(), command: { type: 'endRound', round }, by: 'timer' });
      if (!result.ok) console.error(`workshop ${this.workshopId}: the timer could not end round ${round}: ${result.reason}`);
    }, Math.max(0, deadline - needServices().now(), this.timerGraceUntil - needServices().now()));
  }
}

function splitKey(key: string): [number, string] {
  const colon = key.indexOf(':');
  return [Number(key.slice(0, colon)), key.slice(colon + 1)];
}
