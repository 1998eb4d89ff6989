import { gameConstants } from '../game/apply-action.ts';
import type { DealProposal, GameState } from '../game/game-state.ts';
import { roundStartTime, simulateRounds, type AllianceExit, type RoundDecisions, type ScheduledEvent } from '../game/simulate-rounds.ts';
import type { Scenario } from '../scenario/load-scenario.ts';
import type { LoopMoveDefinition, LoopsDefinition } from '../scenario/loop-schema.ts';
import type { DecisionDefinition } from '../scenario/scenario-schema.ts';

/**
 * Loop dominance for the loops that run through people (the scenario's `loops` block), scored
 * over a game as played, round by round. It follows Loops That Matter (the engine's
 * structure/loop-dominance.ts) with the round as the interval, because a team's decision is a
 * link of its own that acts only between rounds:
 *
 * - A model link (an effect: move → signal) is scored by what the move did to the signal. The
 *   game is replayed with that move taken back (its decisions held at the move's base, the agreed
 *   terms or the opening habit, wherever they had moved in the move's direction, everything else
 *   as played), and the difference at the
 *   round's end is the move's effect, through every stock and delay of the model. Its score is its
 *   share of all the moves' effects on that signal (|e| / Σ|e|, in 0..1) when it has the declared
 *   sign, and 0 when it acts the other way (a quick fix that has started to cost its own side) or
 *   not at all.
 * - A people link (a rule: signal → move) scores 1 while the move is in force (the side's
 *   decisions stand away from its base in that direction) and 0 when it is not: a loop through a
 *   team is open while the team does not act.
 * - A loop's score is the product of its links' scores; its relative score in a round is its share
 *   of the round's loop scores, and the loop with the largest score (at least MIN_LEADING) led.
 *
 * Separately, a side's move *closed* a loop in a round when the side moved further in the move's
 * direction in answer to its signal as its rule says: the signal moved the way the rule answers
 * in the round before (or, if it was flat then, stands that way against the first round). These
 * are the quarters the debrief marks.
 *
 * What is approximated: effects are not additive, so the shares split what the moves did between
 * them without an interaction term; a signal that moved by less than SIGNAL_NOISE of its size is
 * taken as not moving; a side cannot be said to answer its numbers before round 3 (it needs two
 * rounds of them to see a movement).
 */
export interface ScoredLoop {
  readonly id: string;
  readonly name: string;
  readonly kind: 'reinforcing' | 'balancing';
  readonly description: string;
  readonly path: readonly string[];
  /** Loop score by round (index 0 = round 1), 0..1. */
  readonly score: readonly number[];
  /** Share of the round's loop scores, 0..1. */
  readonly relative: readonly number[];
}

export interface ScoredEffect {
  readonly move: string;
  readonly signal: string;
  readonly polarity: '+' | '-';
  /** The move's effect on the signal at each round's end (signal's own units). */
  readonly effect: readonly number[];
  /** Its share of all the moves' effects on the signal, where it acts as declared; else 0. */
  readonly share: readonly number[];
  /** True in rounds where the move acted against the declared sign (e.g. a quick fix now costing its own side). */
  readonly reversed: readonly boolean[];
}

export interface LoopClosing {
  readonly round: number;
  readonly side: string;
  readonly move: string;
  readonly signal: string;
  /** How the signal had moved, as the side saw it. */
  readonly signalMoved: 'rose' | 'fell';
  /** The declared loops this rule is part of. */
  readonly loops: readonly string[];
}

export interface PeopleLoops {
  readonly rounds: number;
  readonly loops: readonly ScoredLoop[];
  /** The loop that led in each round (index 0 = round 1), or null when no loop through people ran. */
  readonly led: readonly (string | null)[];
  /** How far each move stood from the terms by round, summed over its decisions as fractions of their ranges. */
  readonly moveSize: Readonly<Record<string, readonly number[]>>;
  readonly effects: readonly ScoredEffect[];
  readonly closings: readonly LoopClosing[];
  /** Signal values by round, as played. */
  readonly signals: Readonly<Record<string, readonly number[]>>;
}

/** A run to score: what a game (or an explorer run) fed the model. */
export interface PlayedRun {
  readonly constants: Readonly<Record<string, number>>;
  readonly events: readonly ScheduledEvent[];
  readonly exit: AllianceExit | null;
  readonly decisions: readonly RoundDecisions[];
  /** The game's deals: a broken term reaches the model's trust, so a replay needs them to give the game's numbers. */
  readonly deals?: readonly DealProposal[];
}

/** A move counts as in force when its decisions stand this far from the terms (fraction of their ranges, summed). */
const MOVE_TOLERANCE = 0.005;
/** A signal change (or a move's effect on it) below this share of the signal's size is too small to speak of. */
const SIGNAL_NOISE = 0.01;
/** A loop whose score stays below this did not lead, whatever the others did. */
const MIN_LEADING = 0.05;

const cache = new WeakMap<GameState, PeopleLoops | null>();

/** The loops through people of a played game; null when the scenario declares none or nothing was played. */
export function peopleLoops(scenario: Scenario, state: GameState): PeopleLoops | null {
  if (cache.has(state)) return cache.get(state)!;
  const result = peopleLoopsOfRun(scenario, {
    constants: gameConstants(scenario, state.settings),
    events: state.events,
    exit: state.exit,
    decisions: state.history.map((outcome) => outcome.decisions),
    deals: state.deals,
  });
  cache.set(state, result);
  return result;
}

/** The value the partnership agreed for a decision. */
export function agreedValue(decision: DecisionDefinition): number {
  return decision.agreed ?? decision.default;
}

/** What a move is measured from: the agreed terms, or the habit the game opens in (the defaults). */
function baseOf(move: LoopMoveDefinition, decision: DecisionDefinition): number {
  return move.from === 'habit' ? decision.default : agreedValue(decision);
}

export function peopleLoopsOfRun(scenario: Scenario, run: PlayedRun): PeopleLoops | null {
  const loops = scenario.definition.loops;
  const rounds = run.decisions.length;
  if (!loops || rounds === 0) return null;
  const moveIds = Object.keys(loops.moves);
  const signalIds = Object.keys(loops.signals);

  const taken = (removed: ReadonlySet<string>): RoundDecisions[] => run.decisions.map((decisions) => takeBack(scenario, loops, decisions, removed));
  const played = readSignals(scenario, loops, run, run.decisions);
  const withoutMove = new Map(moveIds.map((move) => [move, readSignals(scenario, loops, run, taken(new Set([move])))]));

  const moveSize: Record<string, number[]> = {};
  for (const move of moveIds) moveSize[move] = run.decisions.map((decisions) => sizeOf(scenario, loops, move, decisions));

  // Each move's effect on each signal, and the sum of all the moves' effects on it, by round.
  const scale = Object.fromEntries(signalIds.map((signal) => [signal, Math.max(1e-12, ...played[signal]!.map(Math.abs))]));
  const effectOf = (move: string, signal: string): number[] => played[signal]!.map((value, r) => value - withoutMove.get(move)![signal]![r]!);
  const totals = Object.fromEntries(
    signalIds.map((signal) => {
      const sums = new Array<number>(rounds).fill(0);
      for (const move of moveIds) effectOf(move, signal).forEach((value, r) => (sums[r]! += Math.abs(value)));
      return [signal, sums];
    }),
  );
  const effects: ScoredEffect[] = loops.effects.map((link) => {
    const effect = effectOf(link.move, link.signal);
    const sign = link.polarity === '+' ? 1 : -1;
    const noise = SIGNAL_NOISE * scale[link.signal]!;
    const inForce = (r: number) => moveSize[link.move]![r]! > MOVE_TOLERANCE;
    return {
      move: link.move,
      signal: link.signal,
      polarity: link.polarity,
      effect,
      share: effect.map((value, r) => (inForce(r) && Math.abs(value) > noise && Math.sign(value) === sign ? Math.abs(value) / totals[link.signal]![r]! : 0)),
      reversed: effect.map((value, r) => inForce(r) && Math.abs(value) > noise && Math.sign(value) === -sign),
    };
  });

  const scored: ScoredLoop[] = loops.loops.map((loop) => {
    const score = Array.from({ length: rounds }, (_, r) => {
      let product = 1;
      for (let k = 0; k < loop.path.length; k++) {
        const from = loop.path[k]!;
        const to = loop.path[(k + 1) % loop.path.length]!;
        if (k % 2 === 0) product *= moveSize[to]![r]! > MOVE_TOLERANCE ? 1 : 0;
        else product *= effects.find((effect) => effect.move === from && effect.signal === to)?.share[r] ?? 0;
      }
      return product;
    });
    return { id: loop.id, name: loop.name, kind: loop.kind, description: loop.description, path: loop.path, score, relative: [] };
  });
  const withRelative = scored.map((loop) => ({
    ...loop,
    relative: loop.score.map((value, r) => {
      const total = scored.reduce((sum, candidate) => sum + candidate.score[r]!, 0);
      return total > 0 ? value / total : 0;
    }),
  }));
  const led = Array.from({ length: rounds }, (_, r) => {
    let best: ScoredLoop | null = null;
    for (const loop of withRelative) if (loop.score[r]! >= MIN_LEADING && (!best || loop.score[r]! > best.score[r]!)) best = loop;
    return best?.id ?? null;
  });

  const closings: LoopClosing[] = [];
  for (let r = 2; r < rounds; r++) {
    for (const rule of loops.rules) {
      const grew = moveSize[rule.move]![r]! - moveSize[rule.move]![r - 1]! > MOVE_TOLERANCE;
      if (!grew) continue;
      const values = played[rule.signal]!;
      const noise = SIGNAL_NOISE * scale[rule.signal]!;
      const answers = (change: number) => Math.abs(change) > noise && Math.sign(change) === (rule.polarity === '+' ? 1 : -1);
      const lastRound = values[r - 1]! - values[r - 2]!;
      const sinceStart = values[r - 1]! - values[0]!;
      // Last round's change, or, when that was flat, where the signal stands against the first round.
      const seen = answers(lastRound) ? lastRound : Math.abs(lastRound) <= noise && answers(sinceStart) ? sinceStart : null;
      if (seen === null) continue;
      closings.push({
        round: r + 1,
        side: loops.moves[rule.move]!.side,
        move: rule.move,
        signal: rule.signal,
        signalMoved: seen > 0 ? 'rose' : 'fell',
        loops: loops.loops.filter((loop) => loop.path.some((node, k) => k % 2 === 0 && node === rule.signal && loop.path[k + 1] === rule.move)).map((loop) => loop.id),
      });
    }
  }
  return { rounds, loops: withRelative, led, moveSize, effects, closings, signals: played };
}

/** The decisions with the named moves taken back: each decision held at the move's base where it had moved in the move's direction. */
function takeBack(scenario: Scenario, loops: LoopsDefinition, decisions: RoundDecisions, removed: ReadonlySet<string>): RoundDecisions {
  const out: RoundDecisions = {};
  for (const side of scenario.definition.sides) {
    const values = { ...decisions[side.id] };
    for (const move of removed) {
      const definition = loops.moves[move]!;
      if (definition.side !== side.id) continue;
      for (const [decisionId, direction] of Object.entries(definition.decisions)) {
        const decision = side.decisions.find((candidate) => candidate.id === decisionId)!;
        const value = values[decisionId]!;
        const base = baseOf(definition, decision);
        values[decisionId] = direction === 'up' ? Math.min(value, base) : Math.max(value, base);
      }
    }
    out[side.id] = values;
  }
  return out;
}

/** How far a side's decisions stand from the move's base in the move's direction (fractions of the decisions' ranges, summed). */
function sizeOf(scenario: Scenario, loops: LoopsDefinition, move: string, decisions: RoundDecisions): number {
  const definition = loops.moves[move]!;
  const side = scenario.definition.sides.find((candidate) => candidate.id === definition.side)!;
  let size = 0;
  for (const [decisionId, direction] of Object.entries(definition.decisions)) {
    const decision = side.decisions.find((candidate) => candidate.id === decisionId)!;
    const base = baseOf(definition, decision);
    const value = decisions[side.id]?.[decisionId] ?? base;
    const away = direction === 'up' ? value - base : base - value;
    size += Math.max(0, away) / (decision.max - decision.min);
  }
  return size;
}

/** The signals at each round's end for a run with these decisions. */
function readSignals(scenario: Scenario, loops: LoopsDefinition, run: PlayedRun, decisions: readonly RoundDecisions[]): Record<string, number[]> {
  // The run is as long as its game, which may be longer or shorter than the case's usual length.
  const { outcomes, sim } = simulateRounds(scenario, run.constants, run.events, decisions, run.exit, { rounds: decisions.length, ...(run.deals ? { deals: run.deals } : {}) });
  const times = sim.getTimes();
  const step = times.length > 1 ? times[1]! - times[0]! : scenario.model.specs.dt;
  const endIndex = (round: number) => Math.round((roundStartTime(scenario, round + 1) - times[0]!) / step);
  const signals: Record<string, number[]> = {};
  for (const [id, signal] of Object.entries(loops.signals)) {
    if (signal.kpi) {
      const { side, kpi } = signal.kpi;
      signals[id] = outcomes.map((outcome) => outcome.kpis[side]?.[kpi] ?? Number.NaN);
    } else {
      const series = sim.getSeries(signal.variable!);
      signals[id] = outcomes.map((outcome) => series[endIndex(outcome.round)] ?? Number.NaN);
    }
  }
  return signals;
}

/** Whether each declared loop ran in a game, for the diagram, the legend and the lessons. */
export interface LoopActivity {
  readonly id: string;
  /** True when the loop ran (its score reached MIN_LEADING) in at least one round. */
  readonly active: boolean;
  /** Rounds in which it led. */
  readonly led: readonly number[];
  /** Rounds in which it ran at all (its score reached MIN_LEADING). */
  readonly ran: readonly number[];
  /** Rounds in which a side's move answered its signal along this loop. */
  readonly closedIn: readonly number[];
}

export function loopActivityOf(analysis: PeopleLoops): LoopActivity[] {
  return analysis.loops.map((loop) => {
    const led = analysis.led.flatMap((id, r) => (id === loop.id ? [r + 1] : []));
    const ran = loop.score.flatMap((score, r) => (score >= MIN_LEADING ? [r + 1] : []));
    return {
      id: loop.id,
      active: ran.length > 0,
      led,
      ran,
      closedIn: [...new Set(analysis.closings.filter((closing) => closing.loops.includes(loop.id)).map((closing) => closing.round))].sort((a, b) => a - b),
    };
  });
}

/** The declared loops' activity in a played game; empty when the scenario declares none. */
export function loopActivity(scenario: Scenario, state: GameState): LoopActivity[] {
  const analysis = peopleLoops(scenario, state);
  return analysis ? loopActivityOf(analysis) : [];
}

/** A stretch of rounds in which the same loop led (or none did: loop null). */
export interface LedSpan {
  readonly loop: string | null;
  readonly from: number;
  readonly to: number;
}

export function ledSpans(analysis: PeopleLoops): LedSpan[] {
  const spans: LedSpan[] = [];
  analysis.led.forEach((loop, r) => {
    const last = spans.at(-1);
    if (last && last.loop === loop && last.to === r) spans[spans.length - 1] = { ...last, to: r + 1 };
    else spans.push({ loop, from: r + 1, to: r + 1 });
  });
  return spans;
}
