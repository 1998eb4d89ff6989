import { canonicalName as key } from '../../engine/index.ts';
import type { Scenario } from '../scenario/load-scenario.ts';
import { gameConstants } from './apply-action.ts';
import type { GameState } from './game-state.ts';
import type { EventDefinition } from '../scenario/scenario-schema.ts';
import { eventOverrides, roundStartTime, type ScheduledEvent } from './simulate-rounds.ts';

/**
 * When an event's effect starts, is at its strongest and ends, in rounds: read from the model, not
 * from the round the event was switched on. The model carries it: the event's inputs (its switch
 * and start time) feed a variable (the downturn's demand multiplier, the competitors' effect on
 * shoppers, the recycled line's market presence), and that variable is simulated with the event
 * and without it. The rounds in which the two runs differ are the event's life; the rounds in which
 * the difference is (nearly) at its largest are its peak. So a downturn that ramps for two
 * quarters, holds for four and recovers over four ends ten quarters after it starts whatever the
 * game's length or the event's round, and an effect that never fades is still under way at the
 * end of the game.
 *
 * The effect variable must not depend on the players' decisions (it is simulated once, with the
 * model's own decision values); a scenario test checks this for the shipped cases.
 */
export interface EventLifetime {
  readonly eventId: string;
  /** The round the event was scheduled for (its inputs switch on at that round's start). */
  readonly scheduledRound: number;
  /** First round in which its effect shows; null when it has none within the model's horizon. */
  readonly firstRound: number | null;
  /** Rounds in which the effect is at (or within PEAK_SHARE of) its largest. */
  readonly peakFrom: number | null;
  readonly peakTo: number | null;
  /** Last round in which the effect shows within the model's horizon (may lie after the game's last round). */
  readonly lastRound: number | null;
  /** True when the effect still shows in the model's last round: it does not end within the horizon. */
  readonly outlastsModel: boolean;
  /** Strength of the effect by round (index 0 = round 1) up to the model's horizon, 0..1 of its peak. */
  readonly intensity: readonly number[];
  /** Labels of the model variables the lifetime was read from. */
  readonly measuredOn: readonly string[];
}

/** Where in its life an event is in a given round. */
export type EventStage = 'before' | 'building' | 'peak' | 'easing' | 'over';

/** A round counts as affected when the effect there reaches this share of its peak (numerical noise lies far below). */
const SHOWS_SHARE = 0.02;
/** A round's mean effect within this share of the largest counts as the peak. */
const PEAK_SHARE = 0.05;

const cache = new WeakMap<Scenario, Map<string, EventLifetime>>();

/** The variables whose equations read the event's own inputs, or the one the scenario names. */
export function effectVariables(scenario: Scenario, event: EventDefinition): string[] {
  const variables = scenario.model.variables;
  if (event.effect?.variable) {
    const wanted = key(event.effect.variable);
    return variables.filter((variable) => variable.id === wanted || key(variable.label) === wanted).map((variable) => variable.id);
  }
  const inputs = new Set([...Object.keys(event.set), event.startTimeInput, event.endTimeInput?.variable].filter((name): name is string => name !== undefined).map(key));
  return variables.filter((variable) => !variable.isParameter && variable.dependsOn.some((input) => inputs.has(input))).map((variable) => variable.id);
}

/** The lifetime of one scheduled event, given the game's model constants (calibrated). */
export function eventLifetime(scenario: Scenario, constants: Readonly<Record<string, number>>, scheduled: ScheduledEvent): EventLifetime {
  const cacheKey = `${scheduled.eventId}@${scheduled.round}:${JSON.stringify(constants)}`;
  let perScenario = cache.get(scenario);
  if (!perScenario) cache.set(scenario, (perScenario = new Map()));
  const cached = perScenario.get(cacheKey);
  if (cached) return cached;
  const lifetime = measure(scenario, constants, scheduled);
  perScenario.set(cacheKey, lifetime);
  return lifetime;
}

function measure(scenario: Scenario, constants: Readonly<Record<string, number>>, scheduled: ScheduledEvent): EventLifetime {
  const event = scenario.definition.events.find((candidate) => candidate.id === scheduled.eventId);
  if (!event) throw new Error(`unknown event "${scheduled.eventId}"`);
  const model = scenario.model;
  const ids = effectVariables(scenario, event);
  const labels = new Map(model.variables.map((variable) => [variable.id, variable.label]));
  const { start, stop } = model.specs;
  const length = scenario.definition.rounds.length;
  const modelRounds = Math.max(0, Math.floor((stop - start) / length + 1e-9));

  // Always-on events of the scenario are part of both runs; only this event differs.
  const alwaysOn = scenario.definition.events.filter((candidate) => candidate.alwaysOn && candidate.defaultRound !== null && candidate.id !== event.id).map((candidate) => ({ eventId: candidate.id, round: candidate.defaultRound! }));
  const run = (events: readonly ScheduledEvent[]) => {
    const sim = model.createSim({ overrides: { ...constants, ...eventOverrides(scenario, events) } });
    sim.runToEnd();
    return { times: sim.getTimes(), series: ids.map((id) => sim.getSeries(id)) };
  };
  const without = run(alwaysOn);
  const withEvent = run([...alwaysOn, scheduled]);

  // Per round: the mean and the largest difference over its steps, each variable scaled by its own largest difference.
  const scales = ids.map((_, v) => {
    let largest = 0;
    for (let i = 0; i < without.times.length; i++) largest = Math.max(largest, Math.abs(withEvent.series[v]![i]! - without.series[v]![i]!));
    return largest;
  });
  const mean: number[] = [];
  const largest: number[] = [];
  for (let round = 1; round <= modelRounds; round++) {
    const from = roundStartTime(scenario, round);
    const to = roundStartTime(scenario, round + 1);
    let roundMean = 0;
    let roundLargest = 0;
    ids.forEach((_, v) => {
      if (scales[v]! === 0) return;
      let sum = 0;
      let count = 0;
      let top = 0;
      for (let i = 0; i < without.times.length; i++) {
        const time = without.times[i]!;
        if (time < from - 1e-9 || time >= to - 1e-9) continue;
        const difference = Math.abs(withEvent.series[v]![i]! - without.series[v]![i]!) / scales[v]!;
        sum += difference;
        count++;
        top = Math.max(top, difference);
      }
      roundMean = Math.max(roundMean, count > 0 ? sum / count : 0);
      roundLargest = Math.max(roundLargest, top);
    });
    mean.push(roundMean);
    largest.push(roundLargest);
  }
  const peak = Math.max(0, ...mean);
  const intensity = mean.map((value) => (peak > 0 ? value / peak : 0));
  const shows = largest.map((value) => value >= SHOWS_SHARE);
  const firstIndex = shows.indexOf(true);
  const lastIndex = shows.lastIndexOf(true);
  const peakIndices = intensity.flatMap((value, i) => (peak > 0 && value >= 1 - PEAK_SHARE ? [i] : []));
  return {
    eventId: event.id,
    scheduledRound: scheduled.round,
    firstRound: firstIndex < 0 ? null : firstIndex + 1,
    peakFrom: peakIndices.length > 0 ? peakIndices[0]! + 1 : null,
    peakTo: peakIndices.length > 0 ? peakIndices.at(-1)! + 1 : null,
    lastRound: lastIndex < 0 ? null : lastIndex + 1,
    outlastsModel: lastIndex >= 0 && lastIndex === modelRounds - 1,
    intensity,
    measuredOn: ids.map((id) => labels.get(id) ?? id),
  };
}

/** Where the event stands in `round`. */
export function eventStage(lifetime: EventLifetime, round: number): EventStage {
  if (lifetime.firstRound === null || round < lifetime.firstRound) return 'before';
  if (lifetime.lastRound !== null && round > lifetime.lastRound) return 'over';
  if (lifetime.peakFrom !== null && round < lifetime.peakFrom) return 'building';
  if (lifetime.peakTo !== null && round <= lifetime.peakTo) return 'peak';
  return 'easing';
}

/** True while the event's effect shows in `round`. */
export function eventShowsIn(lifetime: EventLifetime, round: number): boolean {
  const stage = eventStage(lifetime, round);
  return stage !== 'before' && stage !== 'over';
}

/** The effect's strength in `round`, 0..1 of its peak. */
export function eventIntensity(lifetime: EventLifetime, round: number): number {
  return lifetime.intensity[round - 1] ?? 0;
}

/** The lifetimes of a game's events (those scheduled so far), in the order they were scheduled. */
export function gameEventLifetimes(scenario: Scenario, state: Pick<GameState, 'settings' | 'events'>): EventLifetime[] {
  const constants = gameConstants(scenario, state.settings);
  return state.events.map((event) => eventLifetime(scenario, constants, event));
}
