/**
 * The paths a game is compared with: the same rounds, constants and events, replayed with other
 * decisions. The cooperative path and the quick fixes are the strategies the scenario names in
 * `debrief.shadows`; the opening habit is each side's default decisions; a counterfactual keeps
 * the game's own decisions except where one side moved against terms or away from the baseline.
 * pattern: Functional Core
 */
import type { Sim } from '../../engine/index.ts';
import type { Scenario } from '../scenario/load-scenario.ts';
import type { SideDefinition } from '../scenario/scenario-schema.ts';
import { gameConstants } from '../game/apply-action.ts';
import type { DealTerm, GameState } from '../game/game-state.ts';
import { playRounds } from '../game/play-headless.ts';
import type { Decisions, RoundDecisions, RoundOutcome } from '../game/simulate-rounds.ts';
import { chooseDecisions, defaultDecisions } from '../strategies/choose-decisions.ts';
import { cumulativeProfitKpi, profitKpi } from '../scenario/kpi-roles.ts';

/** One path through the game's rounds: decisions, KPIs, and the debrief's stocks at the end. */
export interface Path {
  readonly outcomes: readonly RoundOutcome[];
  /** Side id → profit per round (index 0 = round 1). */
  readonly profit: ReadonlyMap<string, readonly number[]>;
  /** Side id → cumulative profit after each round. */
  readonly cumulative: ReadonlyMap<string, readonly number[]>;
  /** Debrief stock variable → its value at the end of the last round. */
  readonly stocksAtEnd: ReadonlyMap<string, number>;
  /** Debrief stock variable → its value at the start of the game. */
  readonly stocksAtStart: ReadonlyMap<string, number>;
  /** The bullwhip lesson's variables (orders, demand, production) → their totals per model time unit (a month in a weekly model). */
  readonly perTimeUnit: ReadonlyMap<string, readonly number[]>;
}

/**
 * Totals of a rate per model time unit, from its saved values at every step: a month's orders in
 * a model that steps weekly. Quarterly totals would hide the saw-tooth a deal makes in a month.
 */
function totalsPerTimeUnit(sim: Sim, variable: string): number[] {
  const times = sim.getTimes();
  const values = sim.getSeries(variable);
  const start = sim.specs.start;
  const totals: number[] = [];
  for (let i = 0; i + 1 < times.length; i++) {
    const unit = Math.floor(times[i]! - start + 1e-9);
    totals[unit] = (totals[unit] ?? 0) + values[i]! * (times[i + 1]! - times[i]!);
  }
  return totals;
}

export function pathFrom(scenario: Scenario, outcomes: readonly RoundOutcome[], sim: Sim): Path {
  const profit = new Map<string, number[]>();
  const cumulative = new Map<string, number[]>();
  for (const side of scenario.definition.sides) {
    const perRound = profitKpi(scenario, side.id);
    const running = cumulativeProfitKpi(scenario, side.id);
    profit.set(side.id, outcomes.map((outcome) => outcome.kpis[side.id]?.[perRound.id] ?? Number.NaN));
    cumulative.set(side.id, outcomes.map((outcome) => outcome.kpis[side.id]?.[running.id] ?? Number.NaN));
  }
  const stocksAtEnd = new Map(scenario.definition.debrief.stocks.map((stock) => [stock.variable, sim.getValue(stock.variable)]));
  const stocksAtStart = new Map(scenario.definition.debrief.stocks.map((stock) => [stock.variable, sim.getSeries(stock.variable)[0] ?? Number.NaN]));
  const bullwhip = scenario.definition.debrief.bullwhip;
  const variables = bullwhip ? [bullwhip.orders, bullwhip.demand, ...(bullwhip.production ? [bullwhip.production] : [])] : [];
  const perTimeUnit = new Map(variables.map((variable) => [variable, totalsPerTimeUnit(sim, variable)]));
  return { outcomes, profit, cumulative, stocksAtEnd, stocksAtStart, perTimeUnit };
}

export function at(values: ReadonlyMap<string, readonly number[]>, side: string): readonly number[] {
  return values.get(side) ?? [];
}

/** The last value of a side's series (cumulative profit at the end). */
export function finalValue(values: ReadonlyMap<string, readonly number[]>, side: string): number {
  return at(values, side).at(-1) ?? Number.NaN;
}

type Decide = (side: SideDefinition, round: number, view: Parameters<Parameters<typeof playRounds>[1]['decide']>[2]) => Decisions;

/**
 * `withDeals`: a replay of decisions the game made tells the model about broken terms as the game
 * did; a shadow run (another way to play) has no deals to break.
 */
function replay(scenario: Scenario, state: GameState, decide: Decide, withDeals = false): Path {
  const sides = new Map(scenario.definition.sides.map((side) => [side.id, side]));
  const runner = playRounds(scenario, {
    constants: gameConstants(scenario, state.settings),
    events: state.events,
    exit: state.exit,
    rounds: state.history.length,
    ...(withDeals ? { deals: state.deals } : {}),
    decide: (sideId, round, view) => decide(sides.get(sideId)!, round, view),
  });
  return pathFrom(scenario, runner.played, runner.sim);
}

/** The game as played (replayed for the stocks' values at the end; the numbers are the game's own). */
export function playedPath(scenario: Scenario, state: GameState): Path {
  return replay(scenario, state, (side, round) => state.history[round - 1]!.decisions[side.id]!, true);
}

/**
 * Each side plays the named strategy (from `debrief.shadows`) from round 1; no exit clause, since
 * a shadow run is what the partnership could have made.
 */
export function strategyPath(scenario: Scenario, state: GameState, strategies: ReadonlyMap<string, string>): Path {
  const withoutExit: GameState = { ...state, exit: null };
  return replay(scenario, withoutExit, (side, _round, view) => chooseDecisions(scenario, { id: strategies.get(side.id)!, fromRound: 1 }, view));
}

/** Staying with the decisions the game opened with, every round; no exit clause. */
export function openingPath(scenario: Scenario, state: GameState): Path {
  return replay(scenario, { ...state, exit: null }, (side) => defaultDecisions(side));
}

/**
 * The game with one side's moves undone: in each given round its decisions are brought within the
 * given terms (the ones it moved against), everything else (its other decisions, the partner's
 * decisions, the exit) as played.
 */
export function withoutMoves(scenario: Scenario, state: GameState, sideId: string, termsByRound: ReadonlyMap<number, readonly DealTerm[]>): Path {
  return replay(scenario, state, (side, round) => {
    const played = state.history[round - 1]!.decisions[side.id]!;
    const terms = side.id === sideId ? termsByRound.get(round) : undefined;
    if (!terms) return played;
    const corrected: Decisions = { ...played };
    for (const term of terms) {
      const value = corrected[term.decision];
      if (value === undefined) continue;
      corrected[term.decision] = term.bound === 'at-most' ? Math.min(value, term.value) : Math.max(value, term.value);
    }
    return corrected;
  }, true);
}

/** True when two paths made the same decisions in every round (then every number is the same). */
export function sameDecisions(a: readonly RoundOutcome[], b: readonly RoundOutcome[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((outcome, i) => sameRound(outcome.decisions, b[i]!.decisions));
}

function sameRound(a: RoundDecisions, b: RoundDecisions): boolean {
  const sides = Object.keys(a);
  if (sides.length !== Object.keys(b).length) return false;
  return sides.every((side) => {
    const mine = a[side] ?? {};
    const theirs = b[side] ?? {};
    return Object.keys(mine).every((id) => Math.abs((mine[id] ?? Number.NaN) - (theirs[id] ?? Number.NaN)) <= 1e-9);
  });
}
