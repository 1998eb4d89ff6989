import type { Scenario } from '../scenario/load-scenario.ts';
import { brokeFaith, chooseDecisions, defaultDecisions } from '../strategies/choose-decisions.ts';
import { gameConstants } from '../game/apply-action.ts';
import type { GameState } from '../game/game-state.ts';
import { playRounds } from '../game/play-headless.ts';
import type { RoundOutcome } from '../game/simulate-rounds.ts';
import type { RoundRunner } from '../game/simulate-rounds.ts';

/**
 * What the debrief shows, computed from the game and from counterfactual "shadow runs" of the
 * same quarters (same start, same events): the cooperative path, each side's reflex alone and
 * both reflexes. Numbers and keys only; the views turn them into words and charts.
 */
export type Conduct = 'cooperative' | 'reflex';

export interface PathSummary {
  /** Side id → quarterly profit per round. */
  readonly profit: Readonly<Record<string, readonly number[]>>;
  /** Side id → cumulative profit at the end. */
  readonly cumulativeProfit: Readonly<Record<string, number>>;
}

export interface PayoffCell {
  /** Side id → what that side did in this cell. */
  readonly conduct: Readonly<Record<string, Conduct>>;
  readonly cumulativeProfit: Readonly<Record<string, number>>;
  /** True for the cell this game itself landed in (its own numbers, not a shadow run). */
  readonly isThisGame: boolean;
}

export interface Crossing {
  readonly side: string;
  /** First round in which the played path's profit fell below the cooperative path's after running ahead of it; null if it never did. */
  readonly round: number | null;
  /** Rounds in which the played path earned more than the cooperative one. */
  readonly aheadRounds: readonly number[];
}

export interface FirstHurt {
  readonly by: string;
  readonly to: string;
  /** Round of the first move against the agreed terms. */
  readonly moveRound: number;
  /** First round in which the partner earned less than it would have without that move; null if never. */
  readonly hurtRound: number | null;
  /** The partner's cumulative loss from the move, $M, by the end. */
  readonly partnerLoss: number;
}

export interface HarmCarrier {
  readonly variable: string;
  readonly played: number;
  readonly cooperative: number;
  /** (played − cooperative) / |cooperative|. */
  readonly relativeChange: number;
}

export interface DebriefAnalysis {
  readonly played: PathSummary & { readonly conduct: Readonly<Record<string, Conduct>> };
  readonly cooperative: PathSummary;
  readonly payoff: readonly PayoffCell[];
  readonly crossings: readonly Crossing[];
  readonly firstHurts: readonly FirstHurt[];
  readonly harmCarriers: readonly HarmCarrier[];
}

const PROFIT = 'profit';
const CUMULATIVE = 'cumulativeProfit';

function summarise(sides: readonly string[], outcomes: readonly RoundOutcome[]): PathSummary {
  const profit: Record<string, number[]> = {};
  const cumulativeProfit: Record<string, number> = {};
  for (const side of sides) {
    profit[side] = outcomes.map((outcome) => outcome.kpis[side]?.[PROFIT] ?? Number.NaN);
    cumulativeProfit[side] = outcomes.at(-1)?.kpis[side]?.[CUMULATIVE] ?? Number.NaN;
  }
  return { profit, cumulativeProfit };
}

export function debriefAnalysis(scenario: Scenario, state: GameState): DebriefAnalysis {
  const definition = scenario.definition;
  const sides = definition.sides.map((side) => side.id);
  const rounds = state.history.length;
  const constants = gameConstants(scenario, state.settings);
  const base = { constants, events: state.events, exit: state.exit, rounds };
  const played = state.history;

  const shadow = (conduct: Readonly<Record<string, Conduct>>): RoundRunner =>
    playRounds(scenario, { ...base, exit: null, decide: (side, round, view) => chooseDecisions(scenario, { id: conduct[side] === 'reflex' ? 'reflex' : 'cooperative', fromRound: 1 }, view) });
  const cooperativeRun = shadow(Object.fromEntries(sides.map((side) => [side, 'cooperative'])));

  const conduct: Record<string, Conduct> = {};
  // A side took the quick fix if it moved against the terms after keeping them, or never kept
  // them at all; a side that left a habit for the agreed terms (and stayed) counts as cooperative.
  for (const side of definition.sides) {
    const broke = played.map((outcome) => brokeFaith(side, outcome.decisions[side.id]!));
    const firstKept = broke.indexOf(false);
    conduct[side.id] = firstKept < 0 || broke.slice(firstKept).some(Boolean) ? 'reflex' : 'cooperative';
  }

  const payoff: PayoffCell[] = [];
  for (const first of ['cooperative', 'reflex'] as const) {
    for (const second of ['cooperative', 'reflex'] as const) {
      const cellConduct = { [sides[0]!]: first, [sides[1]!]: second };
      const isThisGame = conduct[sides[0]!] === first && conduct[sides[1]!] === second;
      const outcomes = isThisGame ? played : first === 'cooperative' && second === 'cooperative' ? cooperativeRun.played : shadow(cellConduct).played;
      payoff.push({ conduct: cellConduct, cumulativeProfit: summarise(sides, outcomes).cumulativeProfit, isThisGame });
    }
  }

  const playedSummary = summarise(sides, played);
  const cooperativeSummary = summarise(sides, cooperativeRun.played);
  const crossings: Crossing[] = sides.map((side) => {
    const difference = playedSummary.profit[side]!.map((value, i) => value - cooperativeSummary.profit[side]![i]!);
    const aheadRounds = difference.flatMap((d, i) => (d > 1e-9 ? [i + 1] : []));
    const firstAhead = aheadRounds[0];
    const fallsBehind = firstAhead === undefined ? -1 : difference.findIndex((d, i) => i + 1 > firstAhead && d < -1e-9);
    return { side, round: fallsBehind >= 0 ? fallsBehind + 1 : null, aheadRounds };
  });

  // For each side that broke faith: replay the game with that side keeping the agreed terms from
  // its first such move (the partner's own decisions unchanged) and see when the partner paid.
  const firstHurts: FirstHurt[] = [];
  for (const side of definition.sides) {
    const moveIndex = played.findIndex((outcome) => brokeFaith(side, outcome.decisions[side.id]!));
    if (moveIndex < 0) continue;
    const partner = sides.find((id) => id !== side.id)!;
    const agreed = { ...defaultDecisions(side), ...Object.fromEntries(side.decisions.flatMap((d) => (d.agreed === undefined ? [] : [[d.id, d.agreed]]))) };
    const counterfactual = playRounds(scenario, {
      ...base,
      deals: state.deals,
      decide: (id, round) => (id === side.id && round > moveIndex ? agreed : played[round - 1]!.decisions[id]!),
    }).played;
    const loss = played.map((outcome, i) => (counterfactual[i]!.kpis[partner]![PROFIT]! - outcome.kpis[partner]![PROFIT]!));
    const hurt = loss.findIndex((value, i) => i >= moveIndex && value > 1e-6);
    firstHurts.push({
      by: side.id,
      to: partner,
      moveRound: moveIndex + 1,
      hurtRound: hurt >= 0 ? hurt + 1 : null,
      partnerLoss: loss.reduce((a, b) => a + b, 0),
    });
  }

  const playedRun = playRounds(scenario, { ...base, deals: state.deals, decide: (id, round) => played[round - 1]!.decisions[id]! });
  const harmCarriers: HarmCarrier[] = definition.debrief.stocks
    .map((variable) => {
      const playedValue = playedRun.sim.getValue(variable);
      const cooperativeValue = cooperativeRun.sim.getValue(variable);
      return { variable, played: playedValue, cooperative: cooperativeValue, relativeChange: (playedValue - cooperativeValue) / Math.max(Math.abs(cooperativeValue), 1e-9) };
    })
    .sort((a, b) => Math.abs(b.relativeChange) - Math.abs(a.relativeChange));

  return { played: { ...playedSummary, conduct }, cooperative: cooperativeSummary, payoff, crossings, firstHurts, harmCarriers };
}
