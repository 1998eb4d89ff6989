import { activeDeals, applyAction, createGame, defaultDecisions, earliestEventRound, gameConstants, playNextRound, type Decisions, type GameAction, type GameSettings, type GameState, type ScheduledEvent, type Scenario, type Seat } from '../rules/index.ts';
import type { FacilitatorCommand, TeamIntent } from './messages.ts';
import { configProblem } from './workshop-config.ts';

/**
 * A facilitated workshop as pure, replayable data: its configuration plus a log of entries. Every
 * alliance is one rules game; workshop-wide commands (end the round, next round, inject an event)
 * turn into rules actions here, so replaying the log gives the same games on any server.
 * The server only adds I/O: sockets, timers, secrets and the database.
 */
export interface WorkshopConfig {
  readonly scenarioId: string;
  readonly alliances: number;
  readonly rounds: number;
  readonly roundSeconds: number;
  readonly seed: number;
  /** The same seats in every alliance. */
  readonly seats: Readonly<Record<string, Seat>>;
  /** Team sides whose seats the computer plays (with this strategy) when nobody has taken them at the start. */
  readonly emptySeats?: Readonly<Record<string, string>>;
  /** Events scheduled in every alliance when the workshop was created. */
  readonly events?: readonly ScheduledEvent[];
  readonly code: string;
  /** SHA-256 (hex) of the facilitator's secret; the secret itself is never stored. */
  readonly facilitatorSecretHash: string;
}

export type WorkshopEntry =
  | { readonly kind: 'create'; readonly at: number; readonly config: WorkshopConfig }
  | { readonly kind: 'claimSeat'; readonly at: number; readonly alliance: number; readonly side: string; readonly tokenHash: string }
  | { readonly kind: 'team'; readonly at: number; readonly alliance: number; readonly side: string; readonly intent: TeamIntent }
  | { readonly kind: 'facilitator'; readonly at: number; readonly command: FacilitatorCommand; readonly by?: 'timer' };

export type WorkshopPhase = 'lobby' | 'decide' | 'results' | 'finished';

export interface FallbackMark {
  readonly round: number;
  readonly side: string;
}

export interface WorkshopState {
  readonly config: WorkshopConfig;
  readonly phase: WorkshopPhase;
  readonly round: number;
  readonly games: readonly GameState[];
  /** Per alliance: the decisions the server filled in with last round's values. */
  readonly fallbacks: readonly (readonly FallbackMark[])[];
  /** "alliance:side" → token hash. */
  readonly seatTokens: Readonly<Record<string, string>>;
  /** Epoch ms when the round's time is up; null when no timer runs. */
  readonly deadline: number | null;
  /** Time left while paused. */
  readonly pausedRemainingMs: number | null;
  /**
   * The round was reopened by an undo of its end: both sides have seen what was played, so the
   * decisions stay as they were (neither side may change them) until the round is ended again.
   */
  readonly decisionsLocked: boolean;
  readonly announcements: readonly { readonly text: string; readonly at: number }[];
}

/** `notes`: what a command for every alliance could not do in some of them (it did the rest). */
export type EntryResult = { readonly ok: true; readonly state: WorkshopState; readonly notes?: readonly string[] } | { readonly ok: false; readonly reason: string };

const refuse = (reason: string): EntryResult => ({ ok: false, reason });

export const seatKey = (alliance: number, side: string): string => `${alliance}:${side}`;

export function gameSettingsOf(config: WorkshopConfig, alliance: number): GameSettings {
  return { scenarioId: config.scenarioId, rounds: config.rounds, seed: config.seed + alliance, seats: config.seats, partnerYardstickVisible: false, events: config.events ?? [] };
}

/** How many terms one side may propose in one round (each needs an answer first; this bounds the log). */
export const MAX_PROPOSALS_PER_ROUND = 10;

export function createWorkshop(scenario: Scenario, config: WorkshopConfig): WorkshopState {
  if (!Number.isInteger(config.alliances) || config.alliances < 1 || config.alliances > 40) throw new Error('a workshop has from 1 to 40 alliances');
  const problem = configProblem(scenario, config);
  if (problem) throw new Error(`its configuration does not fit the case: ${problem}`);
  const games = Array.from({ length: config.alliances }, (_, alliance) => createGame(scenario, gameSettingsOf(config, alliance)));
  return { config, phase: 'lobby', round: 0, games, fallbacks: games.map(() => []), seatTokens: {}, deadline: null, pausedRemainingMs: null, decisionsLocked: false, announcements: [] };
}

/** Applies one entry; a refused entry leaves the state as it was (and is never logged). */
export function applyEntry(scenario: Scenario, state: WorkshopState, entry: WorkshopEntry): EntryResult {
  switch (entry.kind) {
    case 'create':
      return refuse('The workshop already exists.');
    case 'claimSeat': {
      if (!validSeat(state, entry.alliance, entry.side)) {
        const count = state.games.length;
        return refuse(`There is no such seat: this workshop has ${count} ${count === 1 ? 'alliance' : 'alliances'}. Pick one of them, or any free seat.`);
      }
      if (state.config.seats[entry.side]?.kind !== 'human') return refuse('That seat is played by the computer.');
      if (state.phase === 'finished') return refuse('The workshop is over.');
      const key = seatKey(entry.alliance, entry.side);
      if (state.seatTokens[key]) return refuse('Another team already sits there. Choose another seat, or ask the facilitator to free this one.');
      // A team joining late takes its seat back from the computer that stood in for it.
      let next = state;
      if (state.games[entry.alliance]!.settings.seats[entry.side]?.kind === 'computer') {
        const result = applyAction(scenario, state.games[entry.alliance]!, { type: 'changeSeat', actor: 'facilitator', seatSide: entry.side, seat: { kind: 'human' } });
        if (!result.ok) return refuse(result.reason);
        next = withGame(state, entry.alliance, result.state);
      }
      return { ok: true, state: { ...next, seatTokens: { ...state.seatTokens, [key]: entry.tokenHash } } };
    }
    case 'team':
      return applyTeamIntent(scenario, state, entry.alliance, entry.side, entry.intent);
    case 'facilitator':
      return applyCommand(scenario, state, entry.command, entry.at);
  }
}

/**
 * The seat a team that lets the server choose gets: the first empty team seat, alliance by
 * alliance (so alliances fill up rather than spread thin), else the first one the computer only
 * stands in for; null when every team seat is taken.
 */
export function firstFreeSeat(state: WorkshopState): { alliance: number; side: string } | null {
  const teamSides = Object.entries(state.config.seats).filter(([, seat]) => seat.kind === 'human').map(([side]) => side);
  const free = (standIn: boolean) => {
    for (const [alliance, game] of state.games.entries()) {
      for (const side of teamSides) {
        if (state.seatTokens[seatKey(alliance, side)]) continue;
        if ((game.settings.seats[side]?.kind === 'computer') === standIn) return { alliance, side };
      }
    }
    return null;
  };
  return free(false) ?? free(true);
}

function validSeat(state: WorkshopState, alliance: number, side: string): boolean {
  return Number.isInteger(alliance) && alliance >= 0 && alliance < state.games.length && Object.hasOwn(state.config.seats, side);
}

/** The rules action for a team's intention, with actor and side taken from the seat. */
export function teamAction(side: string, round: number, intent: TeamIntent): GameAction {
  switch (intent.type) {
    case 'submitDecisions':
      return { type: 'submitDecisions', actor: side, side, round: intent.round, decisions: intent.decisions };
    case 'undoSubmission':
      return { type: 'undoSubmission', actor: side, side, round: intent.round };
    case 'proposeDeal':
      return { type: 'proposeDeal', actor: side, side, terms: intent.terms, rounds: intent.rounds, ...(intent.counterTo === undefined ? {} : { counterTo: intent.counterTo }) };
    case 'respondToDeal':
      return { type: 'respondToDeal', actor: side, side, proposalId: intent.proposalId, response: intent.response };
    case 'exitAlliance':
      void round;
      return { type: 'exitAlliance', actor: side, side };
  }
}

function applyTeamIntent(scenario: Scenario, state: WorkshopState, alliance: number, side: string, intent: TeamIntent): EntryResult {
  if (!validSeat(state, alliance, side)) return refuse('There is no such seat.');
  if (state.phase === 'lobby') return refuse('The workshop has not started yet.');
  if (state.phase === 'finished') return refuse('The workshop is over.');
  const deciding = intent.type === 'submitDecisions' || intent.type === 'undoSubmission';
  if (deciding && state.phase !== 'decide') return refuse('Decisions for this round are closed.');
  if (deciding && state.decisionsLocked) {
    return refuse('The facilitator took back the end of this round after both sides had seen the decisions, so they stay as they were played. The round will be ended again as it stands.');
  }
  const game = state.games[alliance]!;
  if (intent.type === 'proposeDeal' && game.deals.filter((deal) => deal.from === side && deal.proposedInRound === game.round).length >= MAX_PROPOSALS_PER_ROUND) {
    return refuse(`You have proposed terms ${MAX_PROPOSALS_PER_ROUND} times this round; you can propose again next round.`);
  }
  const result = applyAction(scenario, game, teamAction(side, state.round, intent));
  if (!result.ok) return refuse(result.reason);
  return { ok: true, state: withGame(state, alliance, result.state) };
}

function withGame(state: WorkshopState, alliance: number, game: GameState): WorkshopState {
  return { ...state, games: state.games.map((candidate, index) => (index === alliance ? game : candidate)) };
}

function applyCommand(scenario: Scenario, state: WorkshopState, command: FacilitatorCommand, at: number): EntryResult {
  const timerMs = state.config.roundSeconds * 1000;
  const freshDeadline = timerMs > 0 ? at + timerMs : null;
  switch (command.type) {
    case 'start': {
      if (state.phase !== 'lobby') return refuse('The workshop has already started.');
      const games: GameState[] = [];
      for (const [alliance, game] of state.games.entries()) {
        const seated = seatEmptySeats(scenario, state, alliance, game);
        if (!seated.ok) return refuse(seated.reason);
        const result = applyAction(scenario, seated.state, { type: 'startGame', actor: 'facilitator' });
        if (!result.ok) return refuse(result.reason);
        games.push(result.state);
      }
      return { ok: true, state: { ...state, games, phase: 'decide', round: 1, deadline: freshDeadline, pausedRemainingMs: null } };
    }
    case 'endRound': {
      if (state.phase !== 'decide') return refuse('No round is open.');
      if (command.round !== state.round) return refuse(`That was meant for round ${command.round}, but the workshop is in round ${state.round}.`);
      const games: GameState[] = [];
      const fallbacks = state.fallbacks.map((marks) => [...marks]);
      for (const [alliance, game] of state.games.entries()) {
        const ended = endRoundFor(scenario, game);
        if (!ended.ok) return refuse(`Alliance ${alliance + 1}: ${ended.reason}`);
        games.push(ended.game);
        for (const side of ended.fallbackSides) fallbacks[alliance]!.push({ round: state.round, side });
      }
      return { ok: true, state: { ...state, games, fallbacks, phase: 'results', deadline: null, pausedRemainingMs: null, decisionsLocked: false } };
    }
    case 'nextRound': {
      if (state.phase !== 'results') return refuse('The next round starts after the results of this one.');
      if (command.round !== state.round) return refuse(`That was meant for round ${command.round}, but the workshop is in round ${state.round}.`);
      const games: GameState[] = [];
      for (const game of state.games) {
        if (game.phase !== 'results') {
          games.push(game);
          continue;
        }
        const result = applyAction(scenario, game, { type: 'nextRound', actor: 'facilitator', round: game.round });
        if (!result.ok) return refuse(result.reason);
        games.push(result.state);
      }
      const finished = state.round >= state.config.rounds;
      return { ok: true, state: { ...state, games, phase: finished ? 'finished' : 'decide', round: finished ? state.round : state.round + 1, deadline: finished ? null : freshDeadline, pausedRemainingMs: null } };
    }
    case 'undoRoundEnd':
      // Handled by replay(): the log is replayed without the last round end.
      return refuse('Undo is replayed from the log.');
    case 'injectEvent':
      return forEachAlliance(state, command.alliance, (game) => applyAction(scenario, game, { type: 'scheduleEvent', actor: 'facilitator', eventId: command.eventId, round: earliestEventRound(game) }));
    case 'moveEvent':
      return forEachAlliance(state, command.alliance, (game) => moveEvent(scenario, game, command.eventId, command.round));
    case 'cancelEvent':
      return forEachAlliance(state, command.alliance, (game) => {
        const scheduled = game.events.find((event) => event.eventId === command.eventId);
        if (!scheduled) return { ok: false, reason: 'that event is not scheduled.' };
        return applyAction(scenario, game, { type: 'cancelEvent', actor: 'facilitator', eventId: command.eventId, round: scheduled.round });
      });
    case 'releaseSeat': {
      if (!validSeat(state, command.alliance, command.side)) return refuse('There is no such seat.');
      if (state.phase === 'finished') return refuse('The workshop is over.');
      const key = seatKey(command.alliance, command.side);
      if (!state.seatTokens[key]) return refuse('No team sits there.');
      const seatTokens = { ...state.seatTokens };
      delete seatTokens[key];
      return { ok: true, state: { ...state, seatTokens } };
    }
    case 'seatComputer': {
      if (!validSeat(state, command.alliance, command.side)) return refuse('There is no such seat.');
      if (state.phase === 'finished') return refuse('The workshop is over.');
      const result = applyAction(scenario, state.games[command.alliance]!, { type: 'changeSeat', actor: 'facilitator', seatSide: command.side, seat: { kind: 'computer', strategy: command.strategy } });
      if (!result.ok) return refuse(result.reason);
      const seatTokens = { ...state.seatTokens };
      delete seatTokens[seatKey(command.alliance, command.side)];
      return { ok: true, state: { ...withGame(state, command.alliance, result.state), seatTokens } };
    }
    case 'message':
      return { ok: true, state: { ...state, announcements: [...state.announcements, { text: command.text, at }] } };
    case 'pause':
      if (state.deadline === null) return refuse('No timer is running.');
      return { ok: true, state: { ...state, deadline: null, pausedRemainingMs: Math.max(0, state.deadline - at) } };
    case 'resume':
      if (state.pausedRemainingMs === null) return refuse('The timer is not paused.');
      return { ok: true, state: { ...state, deadline: at + state.pausedRemainingMs, pausedRemainingMs: null } };
    case 'extend':
      if (state.deadline !== null) return { ok: true, state: { ...state, deadline: state.deadline + command.seconds * 1000 } };
      if (state.pausedRemainingMs !== null) return { ok: true, state: { ...state, pausedRemainingMs: state.pausedRemainingMs + command.seconds * 1000 } };
      return refuse('No timer is running.');
  }
}

/** Applies a change to one alliance or all; refused only if no alliance could take it. */
function forEachAlliance(state: WorkshopState, target: number | null, change: (game: GameState) => { ok: true; state: GameState } | { ok: false; reason: string }): EntryResult {
  if (state.phase === 'finished') return refuse('The workshop is over.');
  if (target !== null && (target < 0 || target >= state.games.length)) return refuse('There is no such alliance.');
  const targets = target === null ? state.games.map((_, index) => index) : [target];
  let next = state;
  const reasons: string[] = [];
  for (const alliance of targets) {
    const result = change(next.games[alliance]!);
    if (result.ok) next = withGame(next, alliance, result.state);
    else reasons.push(`Alliance ${alliance + 1}: ${result.reason}`);
  }
  if (next === state) return refuse(reasons.join(' '));
  return reasons.length > 0 ? { ok: true, state: next, notes: reasons } : { ok: true, state: next };
}

/** Schedules the event for `round`, or moves it there if it is scheduled and has not begun. */
function moveEvent(scenario: Scenario, game: GameState, eventId: string, round: number) {
  const scheduled = game.events.find((event) => event.eventId === eventId);
  let current = game;
  if (scheduled) {
    if (scheduled.round === round) return { ok: false as const, reason: `it is already set for round ${round}.` };
    const cancelled = applyAction(scenario, game, { type: 'cancelEvent', actor: 'facilitator', eventId, round: scheduled.round });
    if (!cancelled.ok) return cancelled;
    current = cancelled.state;
  }
  return applyAction(scenario, current, { type: 'scheduleEvent', actor: 'facilitator', eventId, round });
}

/** At the start, the computer takes the team seats nobody took (where the facilitator chose a strategy). */
function seatEmptySeats(scenario: Scenario, state: WorkshopState, alliance: number, game: GameState): { ok: true; state: GameState } | { ok: false; reason: string } {
  let current = game;
  for (const [side, strategy] of Object.entries(state.config.emptySeats ?? {})) {
    // A seat a team took, or one the facilitator already gave to the computer, keeps its player.
    if (state.config.seats[side]?.kind !== 'human' || state.seatTokens[seatKey(alliance, side)] || current.settings.seats[side]?.kind === 'computer') continue;
    const result = applyAction(scenario, current, { type: 'changeSeat', actor: 'facilitator', seatSide: side, seat: { kind: 'computer', strategy } });
    if (!result.ok) return { ok: false, reason: `Alliance ${alliance + 1}: ${result.reason}` };
    current = result.state;
  }
  return { ok: true, state: current };
}

/**
 * Simulates one alliance's round as ending the round now would, and keeps the result (see
 * src/rules/game/incremental-rounds.ts), without changing anything: the server calls it for each
 * alliance in turn, between other messages, so that the round end itself only looks the rounds up.
 */
export function prepareRoundEnd(scenario: Scenario, state: WorkshopState, alliance: number): void {
  const game = state.games[alliance];
  if (state.phase === 'decide' && game) endRoundFor(scenario, game);
}

/**
 * Readies the simulation of a workshop's case before its first round end: the model's start and a
 * round with the agreed defaults, kept (incremental-rounds.ts), so that the first round end costs
 * what every later one does. Changes nothing.
 */
export function primeSimulation(scenario: Scenario, state: WorkshopState): void {
  const game = state.games[0];
  if (!game || game.history.length > 0) return;
  const defaults = Object.fromEntries(scenario.definition.sides.map((side) => [side.id, defaultDecisions(side)]));
  playNextRound(scenario, gameConstants(scenario, game.settings), game.events, game.exit, game.history, defaults, { rounds: game.settings.rounds, deals: game.deals });
}

/**
 * Ends one alliance's round: sides that have not decided keep last round's decisions (the
 * scenario's defaults in round 1), bent to any deal in force; then the round is played.
 */
function endRoundFor(scenario: Scenario, game: GameState): { ok: true; game: GameState; fallbackSides: string[] } | { ok: false; reason: string } {
  if (game.phase !== 'decide' && game.phase !== 'reveal') return { ok: true, game, fallbackSides: [] };
  let current = game;
  const fallbackSides: string[] = [];
  if (current.phase === 'decide') {
    for (const side of scenario.definition.sides) {
      if (current.submissions[side.id]) continue;
      const decisions = fallbackDecisions(scenario, current, side.id);
      const result = applyAction(scenario, current, { type: 'submitDecisions', actor: side.id, side: side.id, round: current.round, decisions });
      if (!result.ok) return { ok: false, reason: result.reason };
      current = result.state;
      fallbackSides.push(side.id);
    }
  }
  const resolved = applyAction(scenario, current, { type: 'resolveRound', actor: 'facilitator', round: current.round });
  if (!resolved.ok) return { ok: false, reason: resolved.reason };
  return { ok: true, game: resolved.state, fallbackSides };
}

export function fallbackDecisions(scenario: Scenario, game: GameState, sideId: string): Decisions {
  const side = scenario.definition.sides.find((candidate) => candidate.id === sideId)!;
  const last = game.history.at(-1)?.decisions[sideId];
  const decisions: Record<string, number> = { ...defaultDecisions(side), ...(last ?? {}) };
  for (const deal of activeDeals(game, game.round)) {
    for (const term of deal.terms) {
      if (term.side !== sideId || decisions[term.decision] === undefined) continue;
      decisions[term.decision] = term.bound === 'at-most' ? Math.min(decisions[term.decision]!, term.value) : Math.max(decisions[term.decision]!, term.value);
    }
  }
  return decisions;
}

/**
 * The state just before each round end of a log, by its entry: an undo of that round end starts
 * from it instead of replaying the log from the workshop's creation. States are immutable and
 * share what did not change, so keeping one per round costs little.
 */
export type RoundEndCheckpoints = WeakMap<WorkshopEntry, WorkshopState>;

/** An entry of a log that cannot be applied again: its position (its seq) and why, in words. */
export class ReplayError extends Error {
  readonly entry: number;
  readonly reason: string;
  constructor(entry: number, reason: string) {
    super(`entry ${entry} could not be replayed: ${reason}`);
    this.entry = entry;
    this.reason = reason;
  }
}

/**
 * Folds a log into its state. `undoRoundEnd` drops the last effective round end and all after it.
 * A log that does not replay throws a ReplayError naming the first entry that failed: a refused
 * entry, and any exception a damaged entry causes on its way through the rules, alike.
 */
export function replay(scenario: Scenario, entries: readonly WorkshopEntry[], checkpoints?: RoundEndCheckpoints): { state: WorkshopState; effective: WorkshopEntry[] } {
  const [first, ...rest] = entries;
  if (first?.kind !== 'create') throw new ReplayError(0, 'a workshop log starts with its creation');
  let effective: WorkshopEntry[] = [first];
  let state = attempt(0, () => createWorkshop(scenario, first.config));
  rest.forEach((entry, index) => {
    const position = index + 1;
    attempt(position, () => {
      if (entry?.kind === 'facilitator' && entry.command?.type === 'undoRoundEnd') {
        const undone = undoLastRoundEnd(scenario, effective, checkpoints);
        if (!undone) throw new Error('it undoes a round end that never happened');
        ({ state, effective } = undone);
        return;
      }
      const result = applyEntry(scenario, state, entry);
      if (!result.ok) throw new Error(`it was refused: ${result.reason}`);
      if (checkpoints && isRoundEnd(entry)) checkpoints.set(entry, state);
      state = result.state;
      effective.push(entry);
    });
  });
  return { state, effective };
}

function attempt<T>(position: number, step: () => T): T {
  try {
    return step();
  } catch (error) {
    // An undo replays its own prefix: a failure inside it is reported at the undo's position.
    throw new ReplayError(position, error instanceof Error ? error.message : String(error));
  }
}

/** The state without the last round end (and everything after it), or null if there is none. */
export function undoLastRoundEnd(scenario: Scenario, effective: readonly WorkshopEntry[], checkpoints?: RoundEndCheckpoints): { state: WorkshopState; effective: WorkshopEntry[] } | null {
  let index = effective.length - 1;
  while (index >= 0 && !isRoundEnd(effective[index]!)) index--;
  if (index < 0) return null;
  const kept = effective.slice(0, index);
  const roundEnd = effective[index]!;
  // The kept entries replay (they did before). What happened after the round end that does not
  // belong to the next round survives the undo: seats taken, freed or given to the computer, events
  // moved, messages. Each is applied again if it still can be; decisions for the next round and the
  // round's own commands are not.
  const reclaimed = effective.slice(index + 1).filter(survivesUndo);
  // From the state kept just before that round end, else by replaying the entries before it.
  const base = checkpoints?.get(roundEnd) ?? replay(scenario, kept, checkpoints).state;
  // The reopened round's timer waits, paused with the time it had left, for the facilitator to
  // resume (or extend) it; otherwise a round ended by its timer would end again at once.
  // Both sides have seen the round's decisions: neither may change them now (see decisionsLocked).
  const paused = base.deadline === null ? {} : { deadline: null, pausedRemainingMs: Math.max(0, base.deadline - roundEnd.at) };
  let state: WorkshopState = { ...base, ...paused, decisionsLocked: true };
  const next = [...kept];
  for (const claim of reclaimed) {
    const result = applyEntry(scenario, state, claim);
    if (result.ok) {
      state = result.state;
      next.push(claim);
    }
  }
  return { state, effective: next };
}

function survivesUndo(entry: WorkshopEntry): boolean {
  if (entry.kind === 'claimSeat') return true;
  if (entry.kind === 'team') return entry.intent.type !== 'submitDecisions' && entry.intent.type !== 'undoSubmission';
  if (entry.kind !== 'facilitator') return false;
  return ['releaseSeat', 'seatComputer', 'moveEvent', 'cancelEvent', 'injectEvent', 'message'].includes(entry.command.type);
}

function isRoundEnd(entry: WorkshopEntry): boolean {
  return entry.kind === 'facilitator' && entry.command.type === 'endRound';
}
