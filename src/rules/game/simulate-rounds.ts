import type { Sim } from '../../engine/index.ts';
import type { Scenario } from '../scenario/load-scenario.ts';
import { breachInputs, type DealRecord } from './deal-terms.ts';
import type { DealProposal } from './game-state.ts';
import { compileKpis, evaluateRoundKpis, type CompiledKpi, type KpiValues } from './round-kpis.ts';

export type Decisions = Record<string, number>;
/** Side id → decision id → value. */
export type RoundDecisions = Record<string, Decisions>;

export interface ScheduledEvent {
  readonly eventId: string;
  /** 1-based round at whose start the event begins. */
  readonly round: number;
}

export interface RoundOutcome {
  readonly round: number;
  readonly decisions: RoundDecisions;
  /** Side id (or "alliance") → KPI id → value. */
  readonly kpis: Record<string, KpiValues>;
}

const compiledKpis = new WeakMap<Scenario, CompiledKpi[]>();

export function kpisOf(scenario: Scenario): CompiledKpi[] {
  let kpis = compiledKpis.get(scenario);
  if (!kpis) {
    kpis = compileKpis(scenario.definition.kpis);
    compiledKpis.set(scenario, kpis);
  }
  return kpis;
}

export function roundStartTime(scenario: Scenario, round: number): number {
  return scenario.model.specs.start + (round - 1) * scenario.definition.rounds.length;
}

/** When a side invoked the charter's exit clause: the alliance ends from the next round on. */
export interface AllianceExit {
  readonly side: string;
  readonly round: number;
}

/**
 * Event inputs as model constants: each scheduled event's switches and its start (and end) time,
 * and the exit clause once invoked.
 */
export function eventOverrides(scenario: Scenario, events: readonly ScheduledEvent[], exit: AllianceExit | null = null): Record<string, number> {
  const overrides: Record<string, number> = {};
  const definitions = scenario.definition.events;
  const all = [
    ...definitions.filter((event) => event.alwaysOn && event.defaultRound !== null && !events.some((e) => e.eventId === event.id)).map((event) => ({ eventId: event.id, round: event.defaultRound! })),
    ...events,
  ];
  for (const scheduled of all) {
    const event = definitions.find((candidate) => candidate.id === scheduled.eventId);
    if (!event) throw new Error(`unknown event "${scheduled.eventId}"`);
    Object.assign(overrides, event.set);
    const start = roundStartTime(scenario, scheduled.round);
    if (event.startTimeInput) overrides[event.startTimeInput] = start;
    if (event.endTimeInput) overrides[event.endTimeInput.variable] = start + event.endTimeInput.afterRounds * scenario.definition.rounds.length;
  }
  if (exit) {
    const clause = scenario.definition.exitClause;
    Object.assign(overrides, clause.set);
    overrides[clause.startTimeInput] = roundStartTime(scenario, exit.round + 1);
  }
  return overrides;
}

/** What else a run of rounds needs besides constants, events and the exit. */
export interface RoundCourse {
  /** How many rounds the game has: the model runs to the end of the last (the case's own count by default). */
  readonly rounds?: number;
  /** The game's deals: a round in which a side breaks a term in force tells the model so (none by default). */
  readonly deals?: readonly DealProposal[];
}

/** The model time at which a game of `rounds` rounds ends: its stop time. */
export function gameStopTime(scenario: Scenario, rounds: number): number {
  return roundStartTime(scenario, rounds + 1);
}

/**
 * Plays a game's rounds on one simulation: the decisions of round r are set at its start time,
 * the model runs to its end, and the KPIs are read. The model's horizon is the game's: a game
 * longer or shorter than the case's usual count runs to its own last round.
 */
export class RoundRunner {
  readonly sim: Sim;
  readonly rounds: number;
  private readonly scenario: Scenario;
  private readonly record: DealRecord;
  private readonly outcomes: RoundOutcome[] = [];

  constructor(scenario: Scenario, constants: Readonly<Record<string, number>>, events: readonly ScheduledEvent[], exit: AllianceExit | null = null, course: RoundCourse = {}) {
    this.scenario = scenario;
    this.rounds = course.rounds ?? scenario.definition.rounds.count;
    this.record = { deals: course.deals ?? [], exit };
    const stop = gameStopTime(scenario, this.rounds);
    this.sim = scenario.model.createSim({ overrides: { ...constants, ...eventOverrides(scenario, events, exit) }, ...(stop === scenario.model.specs.stop ? {} : { stop }) });
  }

  get played(): readonly RoundOutcome[] {
    return this.outcomes;
  }

  play(decisions: RoundDecisions): RoundOutcome {
    const round = this.outcomes.length + 1;
    if (round > this.rounds) throw new Error(`round ${round} is past the end of a ${this.rounds}-round game`);
    const start = roundStartTime(this.scenario, round);
    this.sim.runTo(start);
    for (const [variable, value] of Object.entries(roundInputs(this.scenario, round, decisions, this.record))) this.sim.setValue(variable, value);
    const end = roundStartTime(this.scenario, round + 1);
    this.sim.runTo(end);
    const outcome = { round, decisions, kpis: evaluateRoundKpis(kpisOf(this.scenario), { sim: this.sim, startTime: start, endTime: end }) };
    this.outcomes.push(outcome);
    return outcome;
  }
}

const NO_DEALS: DealRecord = { deals: [], exit: null };

/**
 * The constants a round sets at its start, by model variable: every side's decisions, then what
 * the deals make of them (each side's broken-terms input). Every replay of a played round goes
 * through here, so a replay sets exactly what the game set.
 */
export function roundInputs(scenario: Scenario, round: number, decisions: RoundDecisions, record: DealRecord = NO_DEALS): Record<string, number> {
  const inputs: Record<string, number> = {};
  for (const side of scenario.definition.sides) {
    const chosen = decisions[side.id];
    if (!chosen) throw new Error(`round ${round}: no decisions for ${side.id}`);
    for (const decision of side.decisions) {
      const value = chosen[decision.id];
      if (value === undefined) throw new Error(`round ${round}: ${side.id} has no value for ${decision.id}`);
      inputs[decision.variable] = value;
    }
  }
  return { ...inputs, ...breachInputs(scenario, record, round, decisions) };
}

/**
 * Plays rounds from the start of the model, on a simulation of their own: for a whole game at
 * once (what-if timelines, the explorer). A game in play resolves its rounds one at a time on a
 * kept simulation instead (incremental-rounds.ts).
 */
export function simulateRounds(
  scenario: Scenario,
  constants: Readonly<Record<string, number>>,
  events: readonly ScheduledEvent[],
  decisionsByRound: readonly RoundDecisions[],
  exit: AllianceExit | null = null,
  course: RoundCourse = {},
): { outcomes: RoundOutcome[]; sim: Sim } {
  const runner = new RoundRunner(scenario, constants, events, exit, course);
  for (const decisions of decisionsByRound) runner.play(decisions);
  return { outcomes: [...runner.played], sim: runner.sim };
}
