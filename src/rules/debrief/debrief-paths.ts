/**
 * Paths to compare a game with, beside the cooperative one of debriefAnalysis: staying with the
 * opening decisions, both sides on their quick fix; and when each side moved against the agreed
 * terms, came back to them, and what the way out of a habit cost. Shared by the lessons and the
 * debrief screen.
 * pattern: Functional Core
 */
import type { Scenario } from '../scenario/load-scenario.ts';
import type { SideDefinition } from '../scenario/scenario-schema.ts';
import { gameConstants } from '../game/apply-action.ts';
import type { GameState } from '../game/game-state.ts';
import { playRounds } from '../game/play-headless.ts';
import type { RoundOutcome } from '../game/simulate-rounds.ts';
import { brokeFaith, chooseDecisions, defaultDecisions } from '../strategies/choose-decisions.ts';
import type { Crossing, DebriefAnalysis } from './debrief-analysis.ts';

const PROFIT = 'profit';
const CUMULATIVE = 'cumulativeProfit';

/** Profit of a path that is not the cooperative one: per side, per round, and at the end. */
export interface PathProfit {
  readonly outcomes: readonly RoundOutcome[];
  readonly profit: Readonly<Record<string, readonly number[]>>;
  readonly cumulativeProfit: Readonly<Record<string, number>>;
}

function pathOf(sides: readonly SideDefinition[], outcomes: readonly RoundOutcome[]): PathProfit {
  const profit: Record<string, number[]> = {};
  const cumulativeProfit: Record<string, number> = {};
  for (const side of sides) {
    profit[side.id] = outcomes.map((outcome) => outcome.kpis[side.id]?.[PROFIT] ?? Number.NaN);
    cumulativeProfit[side.id] = outcomes.at(-1)?.kpis[side.id]?.[CUMULATIVE] ?? Number.NaN;
  }
  return { outcomes, profit, cumulativeProfit };
}

/**
 * Return the path of staying with the opening decisions (each side's defaults) for the rounds
 * this game played, with its events; null when the opening decisions are the agreed terms
 * themselves, so that this path is the cooperative one.
 */
export function openingPath(scenario: Scenario, state: GameState): PathProfit | null {
  const sides = scenario.definition.sides;
  const habit = sides.some((side) => side.decisions.some((decision) => decision.agreed !== undefined && decision.agreed !== decision.default));
  if (!habit) return null;
  const run = playRounds(scenario, {
    constants: gameConstants(scenario, state.settings),
    events: state.events,
    exit: null,
    rounds: state.history.length,
    decide: (sideId) => defaultDecisions(sides.find((side) => side.id === sideId)!),
  });
  return pathOf(sides, run.played);
}

function strategyOutcomes(scenario: Scenario, state: GameState, strategy: 'cooperative' | 'reflex'): readonly RoundOutcome[] {
  return playRounds(scenario, {
    constants: gameConstants(scenario, state.settings),
    events: state.events,
    exit: null,
    rounds: state.history.length,
    decide: (_side, _round, view) => chooseDecisions(scenario, { id: strategy, fromRound: 1 }, view),
  }).played;
}

export function cooperativeOutcomes(scenario: Scenario, state: GameState): readonly RoundOutcome[] {
  return strategyOutcomes(scenario, state, 'cooperative');
}

/**
 * Return the shadow run in which both sides play their scripted quick fix (the `reflex`
 * strategy) through this game's rounds and events: what a game that kept the terms stayed out of.
 */
export function quickFixPath(scenario: Scenario, state: GameState): PathProfit {
  return pathOf(scenario.definition.sides, strategyOutcomes(scenario, state, 'reflex'));
}

/**
 * Compare two profit paths of a side the way the debrief's crossing does: the rounds in which
 * `path` earned more than `reference`, and the first round after the first of those in which it
 * earned less.
 */
export function crossingBetween(side: string, path: readonly number[], reference: readonly number[]): Crossing {
  const difference = path.map((value, i) => value - (reference[i] ?? Number.NaN));
  const aheadRounds = difference.flatMap((d, i) => (d > 1e-9 ? [i + 1] : []));
  const firstAhead = aheadRounds[0];
  const behind = firstAhead === undefined ? -1 : difference.findIndex((d, i) => i + 1 > firstAhead && d < -1e-9);
  return { side, round: behind >= 0 ? behind + 1 : null, aheadRounds };
}

/** Per side, per round (index 0 = round 1): did it move against the agreed terms? */
export function breaches(scenario: Scenario, state: GameState): Record<string, boolean[]> {
  return Object.fromEntries(scenario.definition.sides.map((side) => [side.id, state.history.map((outcome) => brokeFaith(side, outcome.decisions[side.id] ?? {}))]));
}

/** The round from which a side kept the agreed terms to the end after having broken them, if it did (and at least two rounds remain). */
export function switchRound(broke: readonly boolean[]): number | null {
  const last = broke.lastIndexOf(true);
  if (last < 0 || last >= broke.length - 2) return null;
  return last + 2;
}

/** How a side kept to the agreed terms over the game. */
export interface ConductTimeline {
  /** Rounds in which it moved against the agreed terms. */
  readonly breaches: readonly number[];
  readonly firstBreach: number | null;
  /** The round from which it kept the terms to the end after breaking them (with at least two rounds left), if it did. */
  readonly backOnTerms: number | null;
}

/** Return, per side, when it moved against the agreed terms and when it came back to them for good. */
export function conductTimeline(scenario: Scenario, state: GameState): Record<string, ConductTimeline> {
  const broke = breaches(scenario, state);
  return Object.fromEntries(
    Object.entries(broke).map(([side, flags]) => {
      const rounds = flags.flatMap((flag, i) => (flag ? [i + 1] : []));
      return [side, { breaches: rounds, firstBreach: rounds[0] ?? null, backOnTerms: switchRound(flags) }];
    }),
  );
}

export function runningSums(values: readonly number[]): number[] {
  let total = 0;
  return values.map((value) => (total += value));
}

/** A side's way out of the opening habit: the dip after it went back to the agreed terms, and when the switch had paid for itself. */
export interface ExitDip {
  readonly side: string;
  /** First round on the agreed terms for good. */
  readonly switchRound: number;
  /** Rounds in a row, from the switch, in which it earned less than on the opening habit. */
  readonly behindRounds: number;
  /** What those rounds cost against the opening habit, $M. */
  readonly cost: number;
  /** First round by which the running gain from switching was positive. */
  readonly paybackRound: number;
  /** The gain from switching by the end, $M. */
  readonly gain: number;
}

/**
 * Return, per side that left the opening habit for the agreed terms and first earned less for it
 * but then gained, the dip and the payback against the path of staying in the habit.
 */
export function exitDips(scenario: Scenario, state: GameState, analysis: DebriefAnalysis, opening: PathProfit | null): ExitDip[] {
  if (!opening) return [];
  const broke = breaches(scenario, state);
  return scenario.definition.sides.flatMap((side) => {
    const from = switchRound(broke[side.id]!);
    if (from === null) return [];
    const played = analysis.played.profit[side.id]!;
    const differences = played.slice(from - 1).map((value, i) => value - opening.profit[side.id]![from - 1 + i]!);
    let behind = 0;
    while (behind < differences.length && differences[behind]! < -0.01) behind++;
    const running = runningSums(differences);
    const payback = running.findIndex((value, i) => i >= behind && value > 0);
    if (behind === 0 || payback < 0) return [];
    const cost = -differences.slice(0, behind).reduce((a, b) => a + b, 0);
    return [{ side: side.id, switchRound: from, behindRounds: behind, cost, paybackRound: from + payback, gain: running.at(-1)! }];
  });
}
