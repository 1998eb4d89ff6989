import { activeDeals, applyAction, createGame, earliestEventRound, gameConstants } from '../game/apply-action.ts';
import type { GameAction } from '../game/game-actions.ts';
import type { GameState } from '../game/game-state.ts';
import { playNextRound } from '../game/incremental-rounds.ts';
import type { Decisions } from '../game/simulate-rounds.ts';
import type { Scenario } from '../scenario/load-scenario.ts';
import { defaultDecisions } from '../strategies/choose-decisions.ts';
import type { FacilitatorCommand, GameRefusal, Refusal, TeamIntent } from '../../protocol/index.ts';
import { configProblem } from './workshop-config.ts';
import { gameSettingsOf, seatKey, type EntryResult, type WorkshopConfig, type WorkshopEntry, type WorkshopState } from './workshop-state.ts';

/**
 * The workshop's rules: one entry of its log (a team's intention, a facilitator's command, a seat
 * claimed) applied to its state, and the round ends the server prepares alliance by alliance.
 */
const refuse = (refusal: Refusal): EntryResult => ({ ok: false, refusal });

/** Thrown where a refusal cannot be returned (a workshop that cannot be created, a log that does not replay): the rules' refusal, and where, for the server's log. */
export class RefusedEntry extends Error {
  readonly context: string;
  readonly refusal: Refusal;
  constructor(context: string, refusal: Refusal) {
    super(`${context}: ${JSON.stringify(refusal)}`);
    this.context = context;
    this.refusal = refusal;
  }
}

/** A game rule's refusal (apply-action.ts still words its own; see GameRefusal). */
const gameRule = (reason: string): GameRefusal => ({ code: 'gameRule', reason });

/** What applying a change to one alliance's game gives. */
type GameChange = { readonly ok: true; readonly state: GameState } | { readonly ok: false; readonly refusal: Refusal };

const fromGame = (result: { ok: true; state: GameState } | { ok: false; reason: string }): GameChange => (result.ok ? result : { ok: false, refusal: gameRule(result.reason) });

/** How many terms one side may propose in one round (each needs an answer first; this bounds the log). */
export const MAX_PROPOSALS_PER_ROUND = 10;

export function createWorkshop(scenario: Scenario, config: WorkshopConfig): WorkshopState {
  if (!Number.isInteger(config.alliances) || config.alliances < 1 || config.alliances > 40) throw new Error('a workshop has from 1 to 40 alliances');
  const problem = configProblem(scenario, config);
  if (problem) throw new RefusedEntry('its configuration does not fit the case', problem);
  const games = Array.from({ length: config.alliances }, (_, alliance) => createGame(scenario, gameSettingsOf(config, alliance)));
  return { config, phase: 'lobby', round: 0, games, fallbacks: games.map(() => []), seatTokens: {}, deadline: null, pausedRemainingMs: null, decisionsLocked: false, announcements: [] };
}

/** Applies one entry; a refused entry leaves the state as it was (and is never logged). */
export function applyEntry(scenario: Scenario, state: WorkshopState, entry: WorkshopEntry): EntryResult {
  switch (entry.kind) {
    case 'create':
      return refuse({ code: 'workshopExists' });
    case 'claimSeat': {
      if (!validSeat(state, entry.alliance, entry.side)) {
        return refuse({ code: 'seatToJoinUnknown', alliances: state.games.length });
      }
      if (state.config.seats[entry.side]?.kind !== 'human') return refuse({ code: 'seatPlayedByComputer' });
      if (state.phase === 'finished') return refuse({ code: 'workshopOver' });
      const key = seatKey(entry.alliance, entry.side);
      if (state.seatTokens[key]) return refuse({ code: 'seatTaken' });
      // A team joining late takes its seat back from the computer that stood in for it.
      let next = state;
      if (state.games[entry.alliance]!.settings.seats[entry.side]?.kind === 'computer') {
        const result = applyAction(scenario, state.games[entry.alliance]!, { type: 'changeSeat', actor: 'facilitator', seatSide: entry.side, seat: { kind: 'human' } });
        if (!result.ok) return refuse(gameRule(result.reason));
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
  if (!validSeat(state, alliance, side)) return refuse({ code: 'seatUnknown' });
  if (state.phase === 'lobby') return refuse({ code: 'workshopNotStarted' });
  if (state.phase === 'finished') return refuse({ code: 'workshopOver' });
  const deciding = intent.type === 'submitDecisions' || intent.type === 'undoSubmission';
  if (deciding && state.phase !== 'decide') return refuse({ code: 'decisionsClosed' });
  if (deciding && state.decisionsLocked) {
    return refuse({ code: 'decisionsLocked' });
  }
  const game = state.games[alliance]!;
  if (intent.type === 'proposeDeal' && game.deals.filter((deal) => deal.from === side && deal.proposedInRound === game.round).length >= MAX_PROPOSALS_PER_ROUND) {
    return refuse({ code: 'proposalLimit', limit: MAX_PROPOSALS_PER_ROUND });
  }
  const result = applyAction(scenario, game, teamAction(side, state.round, intent));
  if (!result.ok) return refuse(gameRule(result.reason));
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
      if (state.phase !== 'lobby') return refuse({ code: 'workshopStarted' });
      const games: GameState[] = [];
      for (const [alliance, game] of state.games.entries()) {
        const seated = seatEmptySeats(scenario, state, alliance, game);
        if (!seated.ok) return refuse(seated.refusal);
        const result = applyAction(scenario, seated.state, { type: 'startGame', actor: 'facilitator' });
        if (!result.ok) return refuse(gameRule(result.reason));
        games.push(result.state);
      }
      return { ok: true, state: { ...state, games, phase: 'decide', round: 1, deadline: freshDeadline, pausedRemainingMs: null } };
    }
    case 'endRound': {
      if (state.phase !== 'decide') return refuse({ code: 'noRoundOpen' });
      if (command.round !== state.round) return refuse({ code: 'wrongRound', round: command.round, current: state.round });
      const games: GameState[] = [];
      const fallbacks = state.fallbacks.map((marks) => [...marks]);
      for (const [alliance, game] of state.games.entries()) {
        const ended = endRoundFor(scenario, game);
        if (!ended.ok) return refuse({ code: 'inAlliance', alliance, refusal: ended.refusal });
        games.push(ended.game);
        for (const side of ended.fallbackSides) fallbacks[alliance]!.push({ round: state.round, side });
      }
      return { ok: true, state: { ...state, games, fallbacks, phase: 'results', deadline: null, pausedRemainingMs: null, decisionsLocked: false } };
    }
    case 'nextRound': {
      if (state.phase !== 'results') return refuse({ code: 'resultsFirst' });
      if (command.round !== state.round) return refuse({ code: 'wrongRound', round: command.round, current: state.round });
      const games: GameState[] = [];
      for (const game of state.games) {
        if (game.phase !== 'results') {
          games.push(game);
          continue;
        }
        const result = applyAction(scenario, game, { type: 'nextRound', actor: 'facilitator', round: game.round });
        if (!result.ok) return refuse(gameRule(result.reason));
        games.push(result.state);
      }
      const finished = state.round >= state.config.rounds;
      return { ok: true, state: { ...state, games, phase: finished ? 'finished' : 'decide', round: finished ? state.round : state.round + 1, deadline: finished ? null : freshDeadline, pausedRemainingMs: null } };
    }
    case 'undoRoundEnd':
      // Handled by replay(): the log is replayed without the last round end.
      return refuse({ code: 'undoIsReplayed' });
    case 'injectEvent':
      return forEachAlliance(state, command.alliance, (game) => fromGame(applyAction(scenario, game, { type: 'scheduleEvent', actor: 'facilitator', eventId: command.eventId, round: earliestEventRound(game) })));
    case 'moveEvent':
      return forEachAlliance(state, command.alliance, (game) => moveEvent(scenario, game, command.eventId, command.round));
    case 'cancelEvent':
      return forEachAlliance(state, command.alliance, (game) => {
        const scheduled = game.events.find((event) => event.eventId === command.eventId);
        if (!scheduled) return { ok: false, refusal: { code: 'eventNotScheduled' } };
        return fromGame(applyAction(scenario, game, { type: 'cancelEvent', actor: 'facilitator', eventId: command.eventId, round: scheduled.round }));
      });
    case 'releaseSeat': {
      if (!validSeat(state, command.alliance, command.side)) return refuse({ code: 'seatUnknown' });
      if (state.phase === 'finished') return refuse({ code: 'workshopOver' });
      const key = seatKey(command.alliance, command.side);
      if (!state.seatTokens[key]) return refuse({ code: 'noTeamSeated' });
      const seatTokens = { ...state.seatTokens };
      delete seatTokens[key];
      return { ok: true, state: { ...state, seatTokens } };
    }
    case 'seatComputer': {
      if (!validSeat(state, command.alliance, command.side)) return refuse({ code: 'seatUnknown' });
      if (state.phase === 'finished') return refuse({ code: 'workshopOver' });
      const result = applyAction(scenario, state.games[command.alliance]!, { type: 'changeSeat', actor: 'facilitator', seatSide: command.side, seat: { kind: 'computer', strategy: command.strategy } });
      if (!result.ok) return refuse(gameRule(result.reason));
      const seatTokens = { ...state.seatTokens };
      delete seatTokens[seatKey(command.alliance, command.side)];
      return { ok: true, state: { ...withGame(state, command.alliance, result.state), seatTokens } };
    }
    case 'message':
      return { ok: true, state: { ...state, announcements: [...state.announcements, { text: command.text, at }] } };
    case 'pause':
      if (state.deadline === null) return refuse({ code: 'noTimer' });
      return { ok: true, state: { ...state, deadline: null, pausedRemainingMs: Math.max(0, state.deadline - at) } };
    case 'resume':
      if (state.pausedRemainingMs === null) return refuse({ code: 'timerNotPaused' });
      return { ok: true, state: { ...state, deadline: at + state.pausedRemainingMs, pausedRemainingMs: null } };
    case 'extend':
      if (state.deadline !== null) return { ok: true, state: { ...state, deadline: state.deadline + command.seconds * 1000 } };
      if (state.pausedRemainingMs !== null) return { ok: true, state: { ...state, pausedRemainingMs: state.pausedRemainingMs + command.seconds * 1000 } };
      return refuse({ code: 'noTimer' });
  }
}

/** Applies a change to one alliance or all; refused only if no alliance could take it. */
function forEachAlliance(state: WorkshopState, target: number | null, change: (game: GameState) => GameChange): EntryResult {
  if (state.phase === 'finished') return refuse({ code: 'workshopOver' });
  if (target !== null && (target < 0 || target >= state.games.length)) return refuse({ code: 'allianceUnknown' });
  const targets = target === null ? state.games.map((_, index) => index) : [target];
  let next = state;
  const refusals: Refusal[] = [];
  for (const alliance of targets) {
    const result = change(next.games[alliance]!);
    if (result.ok) next = withGame(next, alliance, result.state);
    else refusals.push({ code: 'inAlliance', alliance, refusal: result.refusal });
  }
  if (next === state) return refuse(refusals.length === 1 ? refusals[0]! : { code: 'noAllianceCould', refusals });
  return refusals.length > 0 ? { ok: true, state: next, notes: refusals } : { ok: true, state: next };
}

/** Schedules the event for `round`, or moves it there if it is scheduled and has not begun. */
function moveEvent(scenario: Scenario, game: GameState, eventId: string, round: number): GameChange {
  const scheduled = game.events.find((event) => event.eventId === eventId);
  let current = game;
  if (scheduled) {
    if (scheduled.round === round) return { ok: false, refusal: { code: 'eventAlreadySet', round } };
    const cancelled = fromGame(applyAction(scenario, game, { type: 'cancelEvent', actor: 'facilitator', eventId, round: scheduled.round }));
    if (!cancelled.ok) return cancelled;
    current = cancelled.state;
  }
  return fromGame(applyAction(scenario, current, { type: 'scheduleEvent', actor: 'facilitator', eventId, round }));
}

/** At the start, the computer takes the team seats nobody took (where the facilitator chose a strategy). */
function seatEmptySeats(scenario: Scenario, state: WorkshopState, alliance: number, game: GameState): GameChange {
  let current = game;
  for (const [side, strategy] of Object.entries(state.config.emptySeats ?? {})) {
    // A seat a team took, or one the facilitator already gave to the computer, keeps its player.
    if (state.config.seats[side]?.kind !== 'human' || state.seatTokens[seatKey(alliance, side)] || current.settings.seats[side]?.kind === 'computer') continue;
    const result = applyAction(scenario, current, { type: 'changeSeat', actor: 'facilitator', seatSide: side, seat: { kind: 'computer', strategy } });
    if (!result.ok) return { ok: false, refusal: { code: 'inAlliance', alliance, refusal: gameRule(result.reason) } };
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
function endRoundFor(scenario: Scenario, game: GameState): { ok: true; game: GameState; fallbackSides: string[] } | { ok: false; refusal: Refusal } {
  if (game.phase !== 'decide' && game.phase !== 'reveal') return { ok: true, game, fallbackSides: [] };
  let current = game;
  const fallbackSides: string[] = [];
  if (current.phase === 'decide') {
    for (const side of scenario.definition.sides) {
      if (current.submissions[side.id]) continue;
      const decisions = fallbackDecisions(scenario, current, side.id);
      const result = applyAction(scenario, current, { type: 'submitDecisions', actor: side.id, side: side.id, round: current.round, decisions });
      if (!result.ok) return { ok: false, refusal: gameRule(result.reason) };
      current = result.state;
      fallbackSides.push(side.id);
    }
  }
  const resolved = applyAction(scenario, current, { type: 'resolveRound', actor: 'facilitator', round: current.round });
  if (!resolved.ok) return { ok: false, refusal: gameRule(resolved.reason) };
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

