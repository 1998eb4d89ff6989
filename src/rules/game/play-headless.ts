import type { Scenario } from '../scenario/load-scenario.ts';
import { SHARED_SIDE } from '../scenario/scenario-schema.ts';
import { chooseDecisions, type StrategyChoice, type SideView } from '../strategies/choose-decisions.ts';
import { calibrate } from './calibrate.ts';
import type { DealProposal } from './game-state.ts';
import { perturbedConstants } from './perturbation.ts';
import { RoundRunner, type AllianceExit, type Decisions, type RoundDecisions, type RoundOutcome, type ScheduledEvent } from './simulate-rounds.ts';

export interface HeadlessOptions {
  /** Per side, the strategies in the order they take over (fromRound ascending; the first from round 1). */
  readonly strategies: Readonly<Record<string, readonly StrategyChoice[]>>;
  readonly events: readonly ScheduledEvent[];
  readonly rounds?: number;
  /** Constants before calibration (a robustness draw or an instructor's edit). */
  readonly constants?: Readonly<Record<string, number>>;
}

export interface HeadlessResult {
  readonly scenario: string;
  readonly rounds: readonly RoundOutcome[];
  /** Every saved time step (DT) from the start to the end of the last round. */
  readonly series: Readonly<Record<string, number[]>>;
}

/** Which strategy is playing a side in a round: the last one that has taken over by then. */
export function strategyInRound(choices: readonly StrategyChoice[], round: number): StrategyChoice {
  let current = choices[0]!;
  for (const choice of choices) if (choice.fromRound <= round) current = choice;
  return current;
}

/**
 * A whole game with computer players only: for instructors' experiments, counterfactual shadow
 * runs and the reference-behaviour tests. The same rules decide as in a played game.
 */
export function playHeadless(scenario: Scenario, options: HeadlessOptions): HeadlessResult {
  const definition = scenario.definition;
  const runner = playRounds(scenario, {
    constants: calibrate(scenario, options.constants ?? {}),
    events: options.events,
    exit: null,
    rounds: options.rounds ?? definition.rounds.count,
    decide: (side, round, view) => chooseDecisions(scenario, strategyInRound(options.strategies[side] ?? [{ id: 'cooperative', fromRound: 1 }], round), view),
  });
  const times = runner.sim.getTimes();
  const series: Record<string, number[]> = { time: Array.from(times) };
  for (const [key, variable] of Object.entries(definition.series)) series[key] = Array.from(runner.sim.getSeries(variable));
  return { scenario: definition.id, rounds: [...runner.played], series };
}

export interface RoundPlan {
  readonly constants: Readonly<Record<string, number>>;
  readonly events: readonly ScheduledEvent[];
  readonly exit: AllianceExit | null;
  readonly rounds: number;
  /** A played game's deals, when its decisions are replayed: broken terms reach the model's trust as they did. */
  readonly deals?: readonly DealProposal[];
  /** Each side's decisions for a round, from what that side could see. */
  readonly decide: (side: string, round: number, view: SideView) => Decisions;
}

/** Plays rounds where each side's decisions come from a function: strategies, a replay, or a mix. */
export function playRounds(scenario: Scenario, plan: RoundPlan): RoundRunner {
  const runner = new RoundRunner(scenario, plan.constants, plan.events, plan.exit, { rounds: plan.rounds, ...(plan.deals ? { deals: plan.deals } : {}) });
  const sides = scenario.definition.sides.map((side) => side.id);
  for (let round = 1; round <= plan.rounds; round++) {
    const decisions: RoundDecisions = {};
    for (const side of sides) decisions[side] = plan.decide(side, round, headlessView(scenario, runner.played, plan.events, side, round));
    runner.play(decisions);
  }
  return runner;
}

function headlessView(scenario: Scenario, played: readonly RoundOutcome[], events: readonly ScheduledEvent[], side: string, round: number): SideView {
  const partner = scenario.definition.sides.find((candidate) => candidate.id !== side)!.id;
  const eventsBegun: Record<string, number> = {};
  for (const event of events) if (event.round <= round) eventsBegun[event.eventId] = event.round;
  return {
    side,
    round,
    ownDecisions: played.map((outcome) => outcome.decisions[side]!),
    ownKpis: played.map((outcome) => ({ ...outcome.kpis[SHARED_SIDE], ...outcome.kpis[side] })),
    partnerDecisions: played.map((outcome) => outcome.decisions[partner]!),
    eventsBegun,
  };
}

/** Robustness: the same game under `draws` parameter sets, each constant within ±spread. */
export function playDraws(scenario: Scenario, options: HeadlessOptions, spread: number, draws: number, seed: number): HeadlessResult[] {
  return Array.from({ length: draws }, (_, i) => playHeadless(scenario, { ...options, constants: { ...perturbedConstants(scenario, spread, seed, i), ...(options.constants ?? {}) } }));
}
