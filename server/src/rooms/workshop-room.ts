import { randomUUID } from 'node:crypto';
import { CloseCode, Room, type AuthContext, type Client, type Delayed } from '@colyseus/core';
import { Encoder, StateView } from '@colyseus/schema';
import { z } from 'zod';
import { ClientMessage, ServerMessage, createWorkshopOptions, facilitatorMessage, intentMessage, joinWorkshopOptions, refusalText, requestIdOf, type FacilitatorCommand, type Refusal as RefusalReason } from '../../../src/protocol/index.ts';
import { ReplayError, applyEntry, createWorkshop, firstFreeSeat, prepareRoundEnd, primeSimulation, replay, seatKey, undoLastRoundEnd, workshopConfigFrom, type RoundEndCheckpoints, type Scenario, type WorkshopEntry, type WorkshopState } from '../../../src/rules/index.ts';
import type { AddressLimits } from '../limits.ts';
import { COULD_NOT, Refusal, describeError, problemsOf } from '../refusal.ts';
import { hashSecret, newSecret, normaliseCode, secretMatches } from '../secrets.ts';
import type { Limits } from '../settings.ts';
import type { WorkshopStore } from '../store.ts';
import type { WorkshopDirectory } from '../workshop-directory.ts';
import { syncSchema } from './sync-schema.ts';
import { WorkshopSchema } from './schema/workshop-state.ts';

/** What the rooms need from the process: the log, the scenarios, the limits, a clock. */
export interface WorkshopServices {
  readonly store: WorkshopStore;
  readonly directory: WorkshopDirectory;
  /** The case with this id, or null when the server has no such case. */
  readonly scenario: (id: string) => Scenario | null;
  readonly limits: AddressLimits;
  readonly settings: Limits;
  /** When set, creating a workshop needs it. */
  readonly facilitatorKey?: string;
  readonly now: () => number;
  /** A new join code not used by any workshop of this log. */
  readonly newCode: () => string;
  /** Seconds a dropped client keeps its session for a Colyseus reconnection. */
  readonly reconnectSeconds: number;
  /** How long a round end's preparation runs before it lets other messages through (ms). */
  readonly roundEndSliceMs: number;
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

/** What onAuth hands on to onJoin: the client's address, for counting wrong secrets and tokens. */
interface Admission {
  readonly address: string;
}

/** Options only the server itself passes, never a client: onAuth refuses them. */
const SERVER_ONLY = ['restoreWorkshopId', 'creatorNonce'];

/** The creation options as they reach onCreate: the client's, plus the nonce onAuth added. */
const creationOptions = createWorkshopOptions.omit({ facilitatorKey: true }).extend({ creatorNonce: z.string().min(16).max(64) });

/**
 * One room per workshop: N alliances, each a rules game. The room is thin: it checks who may do
 * what, turns messages into log entries, writes them, then lets the workshop rules
 * (src/rules/workshop) apply them.
 * A handler or a timer that fails refuses that one request and logs it with the workshop's code;
 * the room, the other rooms and the process go on.
 */
export class WorkshopRoom extends Room<{ state: WorkshopSchema }> {
  override state = new WorkshopSchema();
  override autoDispose = false;

  private workshopId = '';
  private scenario!: Scenario;
  private workshop!: WorkshopState;
  private effective: WorkshopEntry[] = [];
  /** The state before each round end: an undo starts there (see RoundEndCheckpoints). */
  private readonly checkpoints: RoundEndCheckpoints = new WeakMap();
  /** A round end being prepared (alliances simulated one by one between messages). */
  private preparing: Promise<void> | null = null;
  private readonly roles = new Map<string, Role>();
  private readonly connected = new Map<string, number>();
  private readonly dropped = new Set<string>();
  /** Per seat key, and 'facilitator': see viewOf. */
  private readonly views = new Map<string, StateView>();
  private creatorSecret: string | null = null;
  private creatorNonceHash: string | null = null;
  private timer: Delayed | null = null;
  private idleTimer: Delayed | null = null;
  private timerGraceUntil = 0;

  /** "K7P-2QX…" in the server log: the code people read, not the internal id. */
  private get label(): string {
    return `workshop ${this.workshop?.config.code ?? this.workshopId}`;
  }

  /**
   * Runs for every matchmaking request, before any room is searched or created: counts the
   * request against the client's address, refuses addresses that made too many wrong attempts,
   * checks the options, makes sure a workshop named by its code is loaded (load on demand), and
   * for a creation checks the facilitator key and the creation limits.
   */
  static override async onAuth(_token: string, options: unknown, context: AuthContext): Promise<Admission> {
    const { limits, directory, settings, facilitatorKey } = needServices();
    const address = context.ip ?? 'unknown';
    if (!options || typeof options !== 'object' || Array.isArray(options)) throw new Refusal(400, { code: 'requestNotUnderstood' });
    const opts = options as Record<string, unknown>;
    // Colyseus copies the options key by key; an own "__proto__" key would become the copy's prototype.
    if ([...SERVER_ONLY, '__proto__', 'constructor', 'prototype'].some((key) => Object.hasOwn(opts, key))) throw new Refusal(400, { code: 'requestNotUnderstood' });
    if (!(await limits.attempt(address))) throw new Refusal(429, { code: 'tooManyRequests' });
    if (!(await limits.allowed(address))) throw new Refusal(429, { code: 'tooManyWrongAttempts' });
    if (typeof opts['code'] === 'string') {
      // Normalised in place: the matchmaker filters rooms on this very object (filterBy code).
      opts['code'] = normaliseCode(opts['code']);
      const parsed = joinWorkshopOptions.safeParse(opts);
      if (!parsed.success) throw new Refusal(400, { code: 'joinNotUnderstood', problems: problemsOf(parsed.error) });
      const where = await directory.find(parsed.data.code);
      if (where.kind === 'unknown') {
        await limits.wrong(address);
        throw new Refusal(404, { code: 'noWorkshopWithCode' });
      }
      if (where.kind === 'quarantined') throw new Refusal(503, where.refusal);
      if (where.kind === 'unavailable') throw new Refusal(503, { code: 'workshopRestarting' });
      return { address };
    }
    const parsed = createWorkshopOptions.safeParse(opts);
    if (!parsed.success) throw new Refusal(400, { code: 'settingsNotUnderstood', problems: problemsOf(parsed.error) });
    if (facilitatorKey !== undefined) {
      const given = parsed.data.facilitatorKey;
      if (given === undefined) throw new Refusal(403, { code: 'facilitatorKeyNeeded' });
      if (!secretMatches(given, hashSecret(facilitatorKey))) {
        await limits.wrong(address);
        throw new Refusal(403, { code: 'facilitatorKeyWrong' });
      }
    }
    // The key has done its work: it goes no further (not into the room, not into the log).
    delete opts['facilitatorKey'];
    if (directory.openCount >= settings.maxOpenWorkshops) throw new Refusal(503, { code: 'serverFull', max: settings.maxOpenWorkshops });
    if (!(await limits.creation(address))) throw new Refusal(429, { code: 'creationLimit', count: settings.workshopsPerAddressPerHour });
    // Only the creator's own join, which carries these same options, gets the facilitator secret.
    opts['creatorNonce'] = newSecret();
    return { address };
  }

  override async onCreate(options: unknown): Promise<void> {
    // Own properties only: an inherited restoreWorkshopId must never switch a creation into a restore.
    const restore = options && typeof options === 'object' && Object.hasOwn(options, 'restoreWorkshopId') ? (options as { restoreWorkshopId: unknown }).restoreWorkshopId : undefined;
    if (typeof restore === 'string') this.restore(restore);
    else this.create(options);
    const { directory } = needServices();
    directory.opened(this.workshopId, this.workshop.config.code);
    await this.setMetadata({ code: this.workshop.config.code, workshopId: this.workshopId });
    await directory.published(this.workshop.config.code).catch((error: unknown) => console.error(`${this.label}: could not publish its code: ${describeError(error)}`));
    this.setPatchRate(50);
    this.onMessage(ClientMessage.intent, (client, message) => this.guarded(client, message, 'intent', () => this.onIntent(client, message)));
    this.onMessage(ClientMessage.facilitator, (client, message) => this.guarded(client, message, 'facilitator', () => this.onFacilitator(client, message)));
    this.onMessage('*', (client, type) => this.refuse(client, -1, { code: 'unknownMessage', type: String(type).slice(0, 40) }));
    this.sync();
    this.scheduleTimer();
    this.armIdleTimer();
    // The model's start and its code paths warmed now rather than at the first round end.
    try {
      primeSimulation(this.scenario, this.workshop);
    } catch (error) {
      console.error(`${this.label}: could not prepare the simulation ahead: ${describeError(error)}`);
    }
  }

  /** Rebuilds a workshop from its log; one that does not replay is quarantined, never deleted. */
  private restore(workshopId: string): void {
    const { store, scenario, directory, now } = needServices();
    this.workshopId = workshopId;
    const code = store.codeOf(workshopId) ?? workshopId;
    try {
      const entries = store.entries(workshopId);
      const first = entries[0];
      if (first?.kind !== 'create') throw new ReplayError(0, 'the log does not start with the workshop’s creation');
      const found = scenario(String(first.config.scenarioId));
      if (!found) throw new ReplayError(0, `this server has no case "${String(first.config.scenarioId)}"`);
      this.scenario = found;
      const replayed = replay(this.scenario, entries, this.checkpoints);
      this.workshop = replayed.state;
      this.effective = replayed.effective;
    } catch (error) {
      const detail =
        error instanceof ReplayError
          ? `entry ${error.entry} could not be replayed: ${error.reason}${error.refusal ? `: ${refusalText(error.refusal)}` : ''}`
          : `its log could not be read (${error instanceof Error ? error.message : String(error)})`;
      console.error(`workshop ${code}: ${detail.replace(/\.+$/, '')}. Quarantined until the server restarts; its log is kept.${error instanceof ReplayError ? '' : `\n${describeError(error)}`}`);
      throw new Refusal(503, directory.quarantine(workshopId, error instanceof ReplayError ? { code: 'workshopLogUnreplayable', joinCode: code, entry: error.entry } : { code: 'workshopLogUnreadable', joinCode: code }));
    }
    // Teams need a moment to come back after a restart before a running timer may end the round.
    this.timerGraceUntil = now() + RESTART_GRACE_MS;
  }

  private create(options: unknown): void {
    const { store, scenario, now, newCode } = needServices();
    const parsed = creationOptions.safeParse(options);
    if (!parsed.success) throw new Refusal(400, { code: 'settingsNotUnderstood', problems: problemsOf(parsed.error) });
    const found = scenario(parsed.data.scenarioId);
    if (!found) throw new Refusal(400, { code: 'caseUnknown', scenarioId: parsed.data.scenarioId });
    this.scenario = found;
    this.creatorSecret = newSecret();
    this.creatorNonceHash = hashSecret(parsed.data.creatorNonce);
    const configured = workshopConfigFrom(this.scenario, parsed.data, { code: newCode(), facilitatorSecretHash: hashSecret(this.creatorSecret) });
    if (!configured.ok) throw new Refusal(400, configured.refusal);
    const entry: WorkshopEntry = { kind: 'create', at: now(), config: configured.config };
    this.workshopId = randomUUID();
    this.workshop = createWorkshop(this.scenario, configured.config);
    store.create(this.workshopId, configured.config.code, entry);
    this.effective = [entry];
  }

  override onJoin(client: Client, options: unknown, auth?: Admission): void {
    let role: Role;
    try {
      role = this.admit(client, (options ?? {}) as Record<string, unknown>, auth?.address ?? 'unknown');
    } catch (error) {
      if (error instanceof Refusal) throw error;
      console.error(`${this.label}: a join failed: ${describeError(error)}`);
      throw new Refusal(500, COULD_NOT);
    }
    this.idleTimer?.clear();
    this.idleTimer = null;
    this.roles.set(client.sessionId, role);
    // Adding a seat marks it and its parents visible, its alliance included: that brings the
    // alliance's `.view()` JSON (deals, events…) but not the partner seat's pending decisions.
    // Never add an alliance itself: that would mark every seat under it visible.
    // A Colyseus reconnection keeps this view; a rejoin with a seat token comes through here.
    const view = this.viewOf(role);
    client.view = view;
    // The played rounds and the deals are collections of their own: a view holds them only when added by name.
    if (role.kind === 'facilitator') {
      for (const alliance of this.state.alliances) {
        for (const seat of alliance.seats.values()) view.add(seat);
        view.add(alliance.playedRoundsJson);
        view.add(alliance.dealJsons);
      }
    } else {
      const alliance = this.state.alliances[role.alliance];
      const seat = alliance?.seats.get(role.side);
      if (seat) view.add(seat);
      if (alliance) {
        view.add(alliance.playedRoundsJson);
        view.add(alliance.dealJsons);
      }
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

  /** Who this joiner is, or a refusal (thrown: the client's join fails). Wrong secrets and tokens count against its address. */
  private admit(client: Client, options: Record<string, unknown>, address: string): Role {
    const { limits, settings, now } = needServices();
    const wrong = (refusal: RefusalReason): never => {
      void limits.wrong(address);
      throw new Refusal(403, refusal);
    };
    if (options['code'] === undefined) {
      // The creator's own join, right after create: it carries the nonce onAuth gave its request.
      const nonce = options['creatorNonce'];
      if (!this.creatorSecret || !this.creatorNonceHash || typeof nonce !== 'string' || !secretMatches(nonce, this.creatorNonceHash)) return wrong({ code: 'joinWithCode' });
      client.send(ServerMessage.created, { workshopId: this.workshopId, code: this.workshop.config.code, facilitatorSecret: this.creatorSecret });
      this.creatorSecret = null;
      this.creatorNonceHash = null;
      return { kind: 'facilitator' };
    }
    const parsed = joinWorkshopOptions.safeParse(options);
    if (!parsed.success) throw new Refusal(400, { code: 'joinNotUnderstood', problems: problemsOf(parsed.error) });
    const join = parsed.data;
    if (join.code !== this.workshop.config.code) return wrong({ code: 'noWorkshopWithCode' });
    if ('facilitatorSecret' in join) {
      if (!secretMatches(join.facilitatorSecret, this.workshop.config.facilitatorSecretHash)) return wrong({ code: 'facilitatorSecretWrong' });
      return { kind: 'facilitator' };
    }
    if ('seatToken' in join) {
      const match = Object.entries(this.workshop.seatTokens).find(([, hash]) => secretMatches(join.seatToken, hash));
      if (!match) return wrong({ code: 'seatTokenInvalid' });
      const [alliance, side] = splitKey(match[0]);
      if ((this.connected.get(match[0]) ?? 0) >= settings.devicesPerSeat) throw new Refusal(429, { code: 'devicesPerSeat', max: settings.devicesPerSeat });
      client.send(ServerMessage.seated, { alliance, side, seatToken: join.seatToken });
      return { kind: 'team', alliance, side, tokenHash: match[1] };
    }
    const seat = 'anySeat' in join ? firstFreeSeat(this.workshop) : join;
    if (!seat) throw new Refusal(409, { code: 'everySeatTaken' });
    const seatToken = newSecret();
    const tokenHash = hashSecret(seatToken);
    const result = this.commit({ kind: 'claimSeat', at: now(), alliance: seat.alliance, side: seat.side, tokenHash });
    if (!result.ok) throw new Refusal(409, result.refusal);
    client.send(ServerMessage.seated, { alliance: seat.alliance, side: seat.side, seatToken });
    return { kind: 'team', alliance: seat.alliance, side: seat.side, tokenHash };
  }

  override async onDrop(client: Client): Promise<void> {
    this.dropped.add(client.sessionId);
    this.countDown(client);
    this.armIdleTimer();
    try {
      await this.allowReconnection(client, needServices().reconnectSeconds);
    } catch {
      // The device did not come back in time, or the workshop is being unloaded: it will rejoin by code.
    }
  }

  override onReconnect(client: Client): void {
    this.dropped.delete(client.sessionId);
    this.idleTimer?.clear();
    this.idleTimer = null;
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
    needServices().limits.forget(client.sessionId);
    this.armIdleTimer();
  }

  override onDispose(): void {
    this.timer?.clear();
    this.idleTimer?.clear();
    if (this.workshopId) needServices().directory.closed(this.workshopId);
  }

  /** A failure in a lifecycle hook or a scheduled callback: logged with the workshop's code; the room goes on. */
  override onUncaughtException(error: Error, methodName: string): void {
    // A refusal is an answer, not a failure: the client has it in words, the log need not.
    if ((error as { cause?: unknown }).cause instanceof Refusal) return;
    console.error(`${this.label}: ${methodName} failed: ${describeError(error)}`);
  }

  /**
   * With no device connected for the idle period, the workshop leaves memory; its log stays, and
   * the next join with its code loads it again. A finished workshop goes the same way once its
   * last screen closes.
   */
  private armIdleTimer(): void {
    if (this.clients.length > 0 || this.idleTimer) return;
    const idleMs = needServices().settings.idleMinutes * 60_000;
    this.idleTimer = this.clock.setTimeout(() => {
      this.idleTimer = null;
      if (this.clients.length > 0) return;
      console.log(`${this.label}: unloaded after ${needServices().settings.idleMinutes} idle minutes (its log is kept; it reloads when someone joins).`);
      void this.disconnect();
    }, idleMs);
  }

  private countDown(client: Client): void {
    const role = this.roles.get(client.sessionId);
    if (role?.kind !== 'team') return;
    const key = seatKey(role.alliance, role.side);
    this.connected.set(key, Math.max(0, (this.connected.get(key) ?? 0) - 1));
    this.sync();
  }

  /**
   * Every client message goes through here: the connection's budget first (past it, messages are
   * refused in words; past twice of it, a flood, the device is disconnected: it may join again),
   * then the handler; a handler that throws refuses that message in words and logs the error with
   * the workshop's code. (Colyseus's own maxMessagesPerSecond is not used: its close hands the
   * connection to onDrop, which would keep a flooding socket open for the reconnection window.)
   */
  private async guarded(client: Client, message: unknown, type: string, handler: () => void | Promise<void>): Promise<void> {
    const requestId = requestIdOf(message);
    const budget = await needServices().limits.message(client.sessionId);
    if (budget === 'flood') {
      if (this.roles.has(client.sessionId)) console.warn(`${this.label}: ${this.who(client)} sent too many messages and was disconnected.`);
      this.countDown(client);
      this.roles.delete(client.sessionId);
      client.leave(CloseCode.CONSENTED);
      return;
    }
    if (budget === 'over') return this.refuse(client, requestId, { code: 'messageFlood' });
    try {
      await handler();
    } catch (error) {
      console.error(`${this.label}: a ${type} message from ${this.who(client)} failed: ${describeError(error)}`);
      this.refuse(client, requestId, COULD_NOT);
    }
  }

  private who(client: Client): string {
    const role = this.roles.get(client.sessionId);
    return role?.kind === 'team' ? `a device of alliance ${role.alliance + 1} ${role.side}` : role?.kind === 'facilitator' ? 'a facilitator console' : 'a device without a seat';
  }

  private onIntent(client: Client, message: unknown): void {
    const requestId = requestIdOf(message);
    const role = this.roles.get(client.sessionId);
    if (role?.kind !== 'team') return this.refuse(client, requestId, { code: 'teamsOnly' });
    if (!this.stillSeated(role)) {
      this.refuse(client, requestId, { code: 'seatNoLongerYours' });
      return this.sendOff(client);
    }
    const parsed = intentMessage.safeParse(message);
    if (!parsed.success) return this.refuse(client, requestId, { code: 'messageNotUnderstood', problems: problemsOf(parsed.error) });
    const result = this.commit({ kind: 'team', at: needServices().now(), alliance: role.alliance, side: role.side, intent: parsed.data.intent }, () => client.send(ServerMessage.ack, { requestId }));
    if (!result.ok) return this.refuse(client, requestId, result.refusal);
  }

  private async onFacilitator(client: Client, message: unknown): Promise<void> {
    const requestId = requestIdOf(message);
    if (this.roles.get(client.sessionId)?.kind !== 'facilitator') return this.refuse(client, requestId, { code: 'facilitatorOnly' });
    const parsed = facilitatorMessage.safeParse(message);
    if (!parsed.success) return this.refuse(client, requestId, { code: 'commandNotUnderstood', problems: problemsOf(parsed.error) });
    const command = parsed.data.command;
    if (command.type === 'endRound') await this.prepareRoundEnd(command);
    const result = this.commit({ kind: 'facilitator', at: needServices().now(), command }, (notes) => client.send(ServerMessage.ack, notes ? { requestId, notes } : { requestId }));
    if (!result.ok) return this.refuse(client, requestId, result.refusal);
  }

  /**
   * Simulates every alliance's round before the round end is committed, a slice at a time, so the
   * room (and every other room) answers messages meanwhile: a team's submission that arrives now
   * is acknowledged, and is part of the round end (an alliance whose inputs changed is simulated
   * again when the round end is committed; the others are looked up). The round end itself is
   * then one synchronous step, logged before anyone sees it, as before.
   */
  private prepareRoundEnd(command: Extract<FacilitatorCommand, { type: 'endRound' }>): Promise<void> {
    if (this.preparing) return this.preparing;
    const run = async () => {
      const slice = needServices().roundEndSliceMs;
      let sliceStart = performance.now();
      for (let alliance = 0; alliance < this.workshop.games.length; alliance++) {
        if (this.workshop.phase !== 'decide' || this.workshop.round !== command.round) return;
        prepareRoundEnd(this.scenario, this.workshop, alliance);
        if (performance.now() - sliceStart >= slice) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
        }
      }
    };
    this.preparing = run()
      .catch((error: unknown) => console.error(`${this.label}: preparing the end of round ${command.round} failed (it is done at commit instead): ${describeError(error)}`))
      .finally(() => {
        this.preparing = null;
      });
    return this.preparing;
  }

  private refuse(client: Client, requestId: number, refusal: RefusalReason): void {
    client.send(ServerMessage.error, { requestId, refusal });
  }

  /**
   * Check, write, then apply: nothing is acknowledged (or changed) unless it is in the log. The
   * rules are pure, so an entry they fail on (a bug, or input they did not foresee) is refused
   * before it is written: it never reaches the log, and the state stays as it was. `acknowledge`
   * runs once the entry is logged and before the change is sent to every device, so the sender's
   * acknowledgement does not queue behind everyone's patch.
   */
  private commit(entry: WorkshopEntry, acknowledge?: (notes: readonly RefusalReason[] | undefined) => void): { ok: true; notes?: readonly RefusalReason[] } | { ok: false; refusal: RefusalReason } {
    let next: { state: WorkshopState; effective: WorkshopEntry[] };
    let notes: readonly RefusalReason[] | undefined;
    try {
      if (entry.kind === 'facilitator' && entry.command.type === 'undoRoundEnd') {
        const undone = undoLastRoundEnd(this.scenario, this.effective, this.checkpoints);
        if (!undone) return { ok: false, refusal: { code: 'noRoundEndToUndo' } };
        next = undone;
      } else {
        const result = applyEntry(this.scenario, this.workshop, entry);
        if (!result.ok) return result;
        next = { state: result.state, effective: [...this.effective, entry] };
        notes = result.notes;
      }
    } catch (error) {
      console.error(`${this.label}: the rules failed on ${describeEntry(entry)}; it was refused and not logged: ${describeError(error)}`);
      return { ok: false, refusal: COULD_NOT };
    }
    try {
      needServices().store.append(this.workshopId, entry);
    } catch (error) {
      console.error(`${this.label}: could not write the log: ${describeError(error)}`);
      return { ok: false, refusal: { code: 'couldNotSave' } };
    }
    if (entry.kind === 'facilitator' && entry.command.type === 'endRound') this.checkpoints.set(entry, this.workshop);
    this.workshop = next.state;
    this.effective = next.effective;
    acknowledge?.(notes);
    this.afterCommit(entry);
    return notes ? { ok: true, notes } : { ok: true };
  }

  /** What follows an entry in the log: clients see it at once, the timer follows it, and so on. */
  private afterCommit(entry: WorkshopEntry): void {
    this.sync();
    // Send the change now rather than at the next patch tick (50 ms): a decision or a round end
    // reaches every device as soon as it is in the log.
    this.broadcastPatch();
    this.scheduleTimer();
    if (entry.kind === 'facilitator' && entry.command.type === 'message') this.broadcast(ServerMessage.announcement, { text: entry.command.text, at: entry.at });
    // Teams whose results just vanished are told why (said, not logged: the log holds the undo itself).
    if (entry.kind === 'facilitator' && entry.command.type === 'undoRoundEnd') {
      const round = this.workshop.round;
      this.broadcast(ServerMessage.announcement, { text: `The end of round ${round} was taken back: round ${round} is open again, with the decisions as they were played (both sides have seen them, so neither can change them now).`, at: entry.at });
    }
    // A seat freed, given to the computer or lost in an undo: its devices leave it.
    if (entry.kind === 'facilitator') this.sendOffUnseated();
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
      const at = needServices().now();
      const command = { type: 'endRound', round } as const;
      void this.prepareRoundEnd(command).then(() => {
        try {
          // The facilitator may have ended (or paused) the round meanwhile.
          if (this.workshop.phase !== 'decide' || this.workshop.round !== round || this.workshop.deadline === null) return;
          const result = this.commit({ kind: 'facilitator', at, command, by: 'timer' });
          if (!result.ok) console.error(`${this.label}: the timer could not end round ${round}: ${refusalText(result.refusal)}`);
        } catch (error) {
          console.error(`${this.label}: the timer's end of round ${round} failed: ${describeError(error)}`);
        }
      });
    }, Math.max(0, deadline - needServices().now(), this.timerGraceUntil - needServices().now()));
  }
}

function splitKey(key: string): [number, string] {
  const colon = key.indexOf(':');
  return [Number(key.slice(0, colon)), key.slice(colon + 1)];
}

function describeEntry(entry: WorkshopEntry): string {
  if (entry.kind === 'team') return `a ${entry.intent.type} from alliance ${entry.alliance + 1} ${entry.side}`;
  if (entry.kind === 'facilitator') return `the facilitator's ${entry.command.type}${entry.by ? ` (${entry.by})` : ''}`;
  return `a ${entry.kind}`;
}
