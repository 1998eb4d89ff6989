/**
 * What the debrief shows, as numbers: the game's conduct (one account, conduct.ts), the paths it
 * is compared with, the 2×2 payoff table of shadow runs, where each side ran ahead of or fell
 * behind the cooperative path, what each side's moves did to itself and to its partner, and which
 * stocks carried the difference. The lessons and every section of the debrief read this; none
 * computes its own version of any of it.
 * pattern: Functional Core
 */
import type { Scenario } from '../scenario/load-scenario.ts';
import type { DebriefStock } from '../scenario/scenario-schema.ts';
import type { DealTerm, GameState } from '../game/game-state.ts';
import { defaultDecisions } from '../strategies/choose-decisions.ts';
import { charterTerms, conductAnalysis, conductOf, meetsTerm, type ConductAnalysis, type PayoffConduct, type SideConduct } from './conduct.ts';
import { at, finalValue, openingPath, playedPath, sameDecisions, strategyPath, withoutMoves, type Path } from './paths.ts';

export interface Crossing {
  readonly side: string;
  /** Rounds in which the played path earned more than the cooperative one. */
  readonly aheadRounds: readonly number[];
  /** Rounds in which it earned less. */
  readonly behindRounds: readonly number[];
  /** First round in which it earned less after having earned more; null if that never happened. */
  readonly fellBehind: number | null;
}

export interface PayoffCell {
  readonly conduct: ReadonlyMap<string, PayoffConduct>;
  readonly cumulative: ReadonlyMap<string, number>;
}

export interface Payoff {
  /** The four shadow runs: every combination of each side keeping the terms or taking its quick fix. */
  readonly cells: readonly PayoffCell[];
  /** This game: its own numbers, and the cell it sits beside. */
  readonly yourGame: PayoffCell;
  /** Sides whose quick fix never came into play in this game's rounds and events (its row or column repeats the cooperative numbers). */
  readonly idleQuickFix: readonly string[];
}

/** What a side's moves away from the cooperative way did: measured by replaying the game with only those moves undone. */
export interface MoveEffect {
  readonly side: string;
  readonly partner: string;
  /** The rounds whose moves were undone (breaches and off-baseline rounds). */
  readonly rounds: readonly number[];
  /** Whether the first move broke terms in force, or came where no terms bound the side. */
  readonly againstTerms: boolean;
  /** The first round moved and the (up to) three rounds from it: how the move paid at first. */
  readonly firstRounds: readonly number[];
  /** Own profit gained in those rounds against undoing the moves, $M. */
  readonly ownGainAtFirst: number;
  /** Own profit gained over the whole game, $M (negative: the moves cost it). */
  readonly ownGainOverall: number;
  /** The partner's profit lost over the whole game, $M (positive: the moves hurt it). */
  readonly partnerLoss: number;
  /** First round in which the partner earned less than without the moves; null if never. */
  readonly partnerHurtFrom: number | null;
  /** The side's yardstick in the first round moved: as played, and with the moves undone. */
  readonly yardstickAtFirst: { readonly played: number; readonly without: number };
}

export interface StockChange {
  readonly stock: DebriefStock;
  readonly played: number;
  readonly cooperative: number;
  /** Its value when the game began, the scale its differences are judged on. */
  readonly start: number;
  /** (played − cooperative) / |cooperative|; NaN when the cooperative value is all but empty. */
  readonly relativeChange: number;
  /**
   * The difference is at least 10 % of the stock's own scale (the largest of its start and both
   * ends), so that a stock drained to almost nothing on both paths is not "671 % higher".
   */
  readonly meaningful: boolean;
  /** The game left less of something good, or more of something bad, than the cooperative path. */
  readonly harmful: boolean;
}

/** A side that left the opening habit for the cooperative way for good (from round 1, or after playing the habit first): its dip and payback against staying in the habit. */
export interface HabitSwitch {
  readonly side: string;
  /** First round on the cooperative way for good. */
  readonly from: number;
  /** Rounds in a row, from the switch, in which it earned less than on the habit. */
  readonly behind: number;
  /** What those rounds cost against the habit, $M. */
  readonly cost: number;
  /** First round by which the running gain from switching was positive; null if not by the end. */
  readonly payback: number | null;
  /** The gain from switching by the end, $M. */
  readonly gain: number;
}

export interface DebriefAnalysis {
  readonly rounds: number;
  readonly conduct: ConductAnalysis;
  readonly played: Path;
  readonly cooperative: Path;
  /** The game made exactly the cooperative path's decisions (and nobody invoked the exit): the two are one path. */
  readonly samePath: boolean;
  /** Both sides on their quick fix from round 1. */
  readonly quickFix: Path;
  /** Staying with the opening decisions, when the game opens in a habit away from the cooperative baseline. */
  readonly opening: Path | null;
  readonly payoff: Payoff;
  readonly crossings: ReadonlyMap<string, Crossing>;
  readonly moves: ReadonlyMap<string, MoveEffect>;
  /** The debrief's stocks, most meaningful difference first. */
  readonly stocks: readonly StockChange[];
  /** Sides that opened in the habit and left it for the cooperative way for good (needs the opening path). */
  readonly switches: ReadonlyMap<string, HabitSwitch>;
}

const SAME = 1e-9;
const FIRST_ROUNDS = 3;

export function crossingBetween(side: string, path: readonly number[], reference: readonly number[]): Crossing {
  const difference = path.map((value, i) => value - (reference[i] ?? Number.NaN));
  const aheadRounds = difference.flatMap((d, i) => (d > SAME * Math.max(1, Math.abs(path[i]!)) ? [i + 1] : []));
  const behindRounds = difference.flatMap((d, i) => (d < -SAME * Math.max(1, Math.abs(path[i]!)) ? [i + 1] : []));
  const firstAhead = aheadRounds[0];
  const fellBehind = firstAhead === undefined ? null : (behindRounds.find((round) => round > firstAhead) ?? null);
  return { side, aheadRounds, behindRounds, fellBehind };
}

const cache = new WeakMap<Scenario, WeakMap<GameState, DebriefAnalysis>>();

/** The analysis of a finished (or running) game; computed once per game state. */
export function debriefAnalysis(scenario: Scenario, state: GameState, filledIn: readonly { side: string; round: number }[] = []): DebriefAnalysis {
  let perScenario = cache.get(scenario);
  if (!perScenario) cache.set(scenario, (perScenario = new WeakMap()));
  const cached = filledIn.length === 0 ? perScenario.get(state) : undefined;
  if (cached) return cached;
  const analysis = analyse(scenario, state, filledIn);
  if (filledIn.length === 0) perScenario.set(state, analysis);
  return analysis;
}

function analyse(scenario: Scenario, state: GameState, filledIn: readonly { side: string; round: number }[]): DebriefAnalysis {
  const definition = scenario.definition;
  const sides = definition.sides;
  const conduct = conductAnalysis(scenario, { history: state.history, deals: state.deals, exit: state.exit, filledIn });
  const shadows = definition.debrief.shadows;
  const strategies = (pick: (side: string) => 'cooperative' | 'quickFix') =>
    new Map(sides.map((side) => [side.id, (pick(side.id) === 'cooperative' ? shadows.cooperative : shadows.quickFix)[side.id]!]));

  const played = playedPath(scenario, state);
  const cooperative = strategyPath(scenario, state, strategies(() => 'cooperative'));
  const quickFix = strategyPath(scenario, state, strategies(() => 'quickFix'));
  const samePath = state.exit === null && sameDecisions(played.outcomes, cooperative.outcomes);
  const opensInHabit = sides.some((side) => charterTerms(side).some((term) => !meetsTerm(term, defaultDecisions(side)[term.decision]!, side.decisions.find((d) => d.id === term.decision))));
  const opening = opensInHabit ? openingPath(scenario, state) : null;

  // The 2×2 table: each cell a shadow run; the both-kept cell is always the cooperative path itself.
  const [a, b] = sides;
  const cells: PayoffCell[] = [];
  const alone = new Map<string, Path>();
  for (const first of ['kept', 'quick-fix'] as const) {
    for (const second of ['kept', 'quick-fix'] as const) {
      const conductOfCell = new Map<string, PayoffConduct>([
        [a!.id, first],
        [b!.id, second],
      ]);
      const path =
        first === 'kept' && second === 'kept' ? cooperative : first === 'quick-fix' && second === 'quick-fix' ? quickFix : strategyPath(scenario, state, strategies((side) => (conductOfCell.get(side) === 'kept' ? 'cooperative' : 'quickFix')));
      if (first !== second) alone.set(first === 'quick-fix' ? a!.id : b!.id, path);
      cells.push({ conduct: conductOfCell, cumulative: new Map(sides.map((side) => [side.id, finalValue(path.cumulative, side.id)])) });
    }
  }
  const idleQuickFix = sides.filter((side) => sameDecisions(alone.get(side.id)!.outcomes, cooperative.outcomes)).map((side) => side.id);
  const yourGame: PayoffCell = {
    conduct: new Map(sides.map((side) => [side.id, conductOf(conduct, side.id).payoffConduct])),
    cumulative: new Map(sides.map((side) => [side.id, finalValue(played.cumulative, side.id)])),
  };

  const crossings = new Map(
    sides.map((side) => [side.id, samePath ? { side: side.id, aheadRounds: [], behindRounds: [], fellBehind: null } : crossingBetween(side.id, at(played.profit, side.id), at(cooperative.profit, side.id))]),
  );

  const moves = new Map<string, MoveEffect>();
  for (const side of sides) {
    const own = conductOf(conduct, side.id);
    if (own.awayRounds.length === 0) continue;
    const partner = sides.find((candidate) => candidate.id !== side.id)!.id;
    const termsByRound = new Map<number, readonly DealTerm[]>(
      own.rounds.filter((entry) => own.awayRounds.includes(entry.round)).map((entry) => [entry.round, entry.kind === 'broke' ? entry.broken : charterTerms(side)]),
    );
    const without = withoutMoves(scenario, state, side.id, termsByRound);
    const first = own.awayRounds[0]!;
    const firstRounds = Array.from({ length: Math.min(FIRST_ROUNDS, state.history.length - first + 1) }, (_, i) => first + i);
    const gain = (path: Path, who: string, rounds: readonly number[]) => rounds.reduce((total, round) => total + at(path.profit, who)[round - 1]!, 0);
    const allRounds = state.history.map((outcome) => outcome.round);
    const partnerLosses = allRounds.map((round) => at(without.profit, partner)[round - 1]! - at(played.profit, partner)[round - 1]!);
    const hurt = partnerLosses.findIndex((loss, i) => i + 1 >= first && loss > 1e-6);
    const yardstick = definition.kpis.find((kpi) => kpi.side === side.id && kpi.id === side.yardstick)!;
    moves.set(side.id, {
      side: side.id,
      partner,
      rounds: own.awayRounds,
      againstTerms: own.rounds[first - 1]!.kind === 'broke',
      firstRounds,
      ownGainAtFirst: gain(played, side.id, firstRounds) - gain(without, side.id, firstRounds),
      ownGainOverall: finalValue(played.cumulative, side.id) - finalValue(without.cumulative, side.id),
      partnerLoss: partnerLosses.reduce((total, loss) => total + loss, 0),
      partnerHurtFrom: hurt >= 0 ? hurt + 1 : null,
      yardstickAtFirst: { played: state.history[first - 1]!.kpis[side.id]?.[yardstick.id] ?? Number.NaN, without: without.outcomes[first - 1]!.kpis[side.id]?.[yardstick.id] ?? Number.NaN },
    });
  }

  const stocks = definition.debrief.stocks
    .map((stock): StockChange => {
      const mine = played.stocksAtEnd.get(stock.variable)!;
      const theirs = cooperative.stocksAtEnd.get(stock.variable)!;
      const start = played.stocksAtStart.get(stock.variable)!;
      const scale = Math.max(Math.abs(mine), Math.abs(theirs), Math.abs(start));
      // Against a cooperative value that is all but empty a percentage says nothing.
      const relativeChange = Math.abs(theirs) < 0.1 * scale ? Number.NaN : (mine - theirs) / Math.abs(theirs);
      const meaningful = scale > 1e-9 && Math.abs(mine - theirs) >= 0.1 * scale;
      const harmful = stock.higherIsBetter ? mine < theirs : mine > theirs;
      return { stock, played: mine, cooperative: theirs, start, relativeChange, meaningful, harmful };
    })
    .sort((x, y) => Number(y.meaningful) - Number(x.meaningful) || relativeToScale(y) - relativeToScale(x));

  const switches = new Map<string, HabitSwitch>();
  if (opening) {
    for (const side of sides) {
      const found = habitSwitch(side.id, conductOf(conduct, side.id), at(played.profit, side.id), at(opening.profit, side.id));
      if (found) switches.set(side.id, found);
    }
  }

  return { rounds: state.history.length, conduct, played, cooperative, samePath, quickFix, opening, payoff: { cells, yourGame, idleQuickFix }, crossings, moves, stocks, switches };
}

function habitSwitch(side: string, conduct: SideConduct, played: readonly number[], habit: readonly number[]): HabitSwitch | null {
  // Playing the cooperative way from round 1 in a game that opens in a habit is leaving it at once.
  const from = conduct.awayRounds.length === 0 ? 1 : conduct.awayRounds[0] === 1 ? conduct.cooperativeFrom : null;
  if (from === null) return null;
  const differences = played.slice(from - 1).map((value, i) => value - habit[from - 1 + i]!);
  let behind = 0;
  while (behind < differences.length && differences[behind]! < -0.01) behind++;
  let running = 0;
  let payback: number | null = null;
  differences.forEach((difference, i) => {
    running += difference;
    if (payback === null && i >= behind && running > 0) payback = from + i;
  });
  return { side, from, behind, cost: -differences.slice(0, behind).reduce((a, b) => a + b, 0), payback, gain: running };
}

/** A stock's difference between the paths as a fraction of its own scale, for ordering. */
function relativeToScale(change: StockChange): number {
  const scale = Math.max(Math.abs(change.played), Math.abs(change.cooperative), Math.abs(change.start), 1e-9);
  return Math.abs(change.played - change.cooperative) / scale;
}

/** The payoff cell with the given conduct per side. */
export function payoffCell(payoff: Payoff, conduct: Readonly<Record<string, PayoffConduct>>): PayoffCell {
  const found = payoff.cells.find((cell) => [...cell.conduct].every(([side, value]) => conduct[side] === value));
  if (!found) throw new Error('the payoff table has every combination of conduct');
  return found;
}
