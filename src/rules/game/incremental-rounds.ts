import type { Sim, SimSnapshot } from '../../engine/index.ts';
import type { Scenario } from '../scenario/load-scenario.ts';
import type { DealRecord } from './deal-terms.ts';
import { evaluateRoundKpis } from './round-kpis.ts';
import { eventOverrides, gameStopTime, kpisOf, roundInputs, roundStartTime, type AllianceExit, type RoundCourse, type RoundDecisions, type RoundOutcome, type ScheduledEvent } from './simulate-rounds.ts';

/**
 * A round end costs one round, not the whole game. A game's simulation is kept between rounds as
 * an engine snapshot (the model's memory at the end of the last round played), so resolving round
 * r restores the snapshot of round r − 1 and simulates round r alone.
 *
 * The snapshots are kept by what produced them, not by which game object asked: a key chained
 * over the scenario, its constants, and for every round played so far the event and exit inputs
 * in force and both sides' decisions. So a game replayed from its log (after a restart, an undo,
 * a reload of the page) finds the snapshots of the live game, round by round, and a game nobody
 * has simulated yet in this process starts from the nearest round it finds, or from the start.
 * The outcome of a round is kept with its snapshot: resolving a round a second time with the
 * same inputs (a replay, or the server computing a round end ahead of committing it) costs a
 * lookup.
 *
 * A round's own inputs are what roundInputs gives (the decisions, and the broken-terms inputs the
 * game's deals make of them), and the model runs to the game's own end (its stop time is set from
 * the game's length, as RoundRunner sets it): both are part of the keys.
 *
 * Every round is simulated with the inputs in force when it is played: an event scheduled or an
 * exit invoked later reaches the simulation from the round it is set in, as a change of the
 * model's constants at that round's start, and the rounds already played are never simulated
 * again. test/rules/incremental-rounds.test.ts checks that this gives, bit for bit, the game a
 * replay from the first round gives.
 */

/** Snapshots kept (about 1 kB each for the shipped cases): the oldest unused go first. */
const CAPACITY = 8192;

interface Kept {
  readonly snapshot: SimSnapshot;
  /** The event and exit inputs the snapshot's memory holds (see overridesNow). */
  readonly inputs: string;
  /** The round simulated to reach this snapshot, when this process simulated it. */
  readonly outcome?: RoundOutcome;
}

const kept = new Map<string, Kept>();
/** The key of the simulation at the end of a history's last round (history arrays are never mutated). */
const historyKeys = new WeakMap<readonly RoundOutcome[], string>();
/** One simulation per scenario and horizon (stop time), restored from a snapshot for each round it plays. */
const pooled = new WeakMap<Scenario, Map<number, Sim>>();
const scenarioIds = new WeakMap<Scenario, number>();
let nextScenarioId = 1;

/**
 * The history after playing `decisions` as the next round: the rounds already played, and the
 * new one. Resolving the same inputs again returns the same outcome (the same object).
 */
export function playNextRound(
  scenario: Scenario,
  constants: Readonly<Record<string, number>>,
  events: readonly ScheduledEvent[],
  exit: AllianceExit | null,
  history: readonly RoundOutcome[],
  decisions: RoundDecisions,
  course: RoundCourse = {},
): readonly RoundOutcome[] {
  const round = history.length + 1;
  const game = gameOf(scenario, exit, course);
  if (round > game.rounds) throw new Error(`round ${round} is past the end of a ${game.rounds}-round game`);
  const inputs = overridesNow(scenario, constants, events, exit);
  const before = keyOf(scenario, constants, events, exit, history, game);
  const after = chain(before, inputs.key, roundKey(scenario, round, decisions, game.record));
  let found = remember(after);
  if (!found?.outcome) {
    const sim = simulationAt(scenario, constants, events, exit, history, before, inputs, game);
    const outcome = simulateRound(scenario, sim, round, decisions, game.record);
    found = { snapshot: sim.snapshot(), inputs: inputs.key, outcome };
    keep(after, found);
  }
  const next = [...history, found.outcome!];
  historyKeys.set(next, after);
  return next;
}

/** What of a game, besides its constants and inputs, its simulation depends on: its horizon and its deals. */
interface GameCourse {
  readonly rounds: number;
  readonly stop: number;
  readonly record: DealRecord;
}

function gameOf(scenario: Scenario, exit: AllianceExit | null, course: RoundCourse): GameCourse {
  const rounds = course.rounds ?? scenario.definition.rounds.count;
  return { rounds, stop: gameStopTime(scenario, rounds), record: { deals: course.deals ?? [], exit } };
}

/** Forgets every kept simulation (tests, and a process that needs the memory back). */
export function forgetSimulations(): void {
  kept.clear();
}

/** How many snapshots are kept now (for tests and the server's figures). */
export function keptSimulations(): number {
  return kept.size;
}

function remember(key: string): Kept | undefined {
  const entry = kept.get(key);
  if (entry) {
    // Most recently used last: Map keeps insertion order.
    kept.delete(key);
    kept.set(key, entry);
  }
  return entry;
}

function keep(key: string, entry: Kept): void {
  kept.set(key, entry);
  if (kept.size > CAPACITY) kept.delete(kept.keys().next().value!);
}

/**
 * The pooled simulation of the scenario, at the end of the history's last round, with this
 * round's inputs applied: from the history's own snapshot, else from the nearest earlier round
 * that has one (replaying the rounds in between), else from the start.
 */
function simulationAt(
  scenario: Scenario,
  constants: Readonly<Record<string, number>>,
  events: readonly ScheduledEvent[],
  exit: AllianceExit | null,
  history: readonly RoundOutcome[],
  key: string,
  now: Inputs,
  game: GameCourse,
): Sim {
  const sim = pooledSim(scenario, game.stop);
  let holds: string;
  const direct = remember(key);
  if (direct) {
    sim.restore(direct.snapshot);
    holds = direct.inputs;
  } else {
    // Rebuilt round by round, with the inputs rebuiltInputs gives (as keyOf keys such a history).
    const keys = chainFor(scenario, constants, events, exit, history, game);
    let from = keys.length - 1;
    while (from >= 0 && !kept.has(keys[from]!)) from--;
    if (from >= 0) {
      const nearest = remember(keys[from]!)!;
      sim.restore(nearest.snapshot);
      holds = nearest.inputs;
    } else {
      const start = rebuiltInputs(scenario, constants, events, exit, 1);
      sim.restore(startOf(scenario, constants, start, game));
      holds = start.key;
      from = 0;
    }
    for (let round = from + 1; round <= history.length; round++) {
      const inputs = rebuiltInputs(scenario, constants, events, exit, round);
      if (inputs.key !== holds) apply(sim, inputs.values);
      holds = inputs.key;
      simulateDecisions(scenario, sim, round, history[round - 1]!.decisions, game.record);
      // Kept without an outcome: the history's own outcomes were not necessarily simulated this way.
      keep(keys[round]!, { snapshot: sim.snapshot(), inputs: holds });
    }
  }
  if (now.key !== holds) apply(sim, now.values);
  return sim;
}

/** A game's first state: the model at its start with the constants and round 1's inputs. */
function startOf(scenario: Scenario, constants: Readonly<Record<string, number>>, inputs: Inputs, game: GameCourse): SimSnapshot {
  const key = chain(baseKey(scenario, constants, game), 'start', inputs.key);
  const found = remember(key);
  if (found) return found.snapshot;
  const snapshot = scenario.model.createSim({ overrides: { ...constants, ...Object.fromEntries(inputs.values) }, ...horizon(scenario, game) }).snapshot();
  keep(key, { snapshot, inputs: inputs.key });
  return snapshot;
}

/** The stop time option for the game's horizon (none when it is the file's own). */
function horizon(scenario: Scenario, game: GameCourse): { stop?: number } {
  return game.stop === scenario.model.specs.stop ? {} : { stop: game.stop };
}

function pooledSim(scenario: Scenario, stop: number): Sim {
  let byStop = pooled.get(scenario);
  if (!byStop) pooled.set(scenario, (byStop = new Map()));
  let sim = byStop.get(stop);
  if (!sim) {
    sim = scenario.model.createSim(stop === scenario.model.specs.stop ? {} : { stop });
    // Every saved time filled once: a round reads the saved times around it, wherever it was restored.
    sim.runToEnd();
    byStop.set(stop, sim);
  }
  return sim;
}

/**
 * Sets the model's event and exit constants to this round's inputs. Called only when they differ
 * from what the memory holds; the decisions set next recompute the step's rates either way.
 */
function apply(sim: Sim, values: ReadonlyMap<string, number>): void {
  for (const [id, value] of values) sim.setValue(id, value);
}

/** One round as RoundRunner plays it: decisions at the round's start, the model to its end, the KPIs read. */
function simulateRound(scenario: Scenario, sim: Sim, round: number, decisions: RoundDecisions, record: DealRecord): RoundOutcome {
  simulateDecisions(scenario, sim, round, decisions, record);
  const start = roundStartTime(scenario, round);
  const end = roundStartTime(scenario, round + 1);
  return { round, decisions, kpis: evaluateRoundKpis(kpisOf(scenario), { sim, startTime: start, endTime: end }) };
}

function simulateDecisions(scenario: Scenario, sim: Sim, round: number, decisions: RoundDecisions, record: DealRecord): void {
  sim.runTo(roundStartTime(scenario, round));
  for (const [variable, value] of Object.entries(roundInputs(scenario, round, decisions, record))) sim.setValue(variable, value);
  sim.runTo(roundStartTime(scenario, round + 1));
}

/**
 * The event and exit inputs of the model now, as constants: every constant any event or the exit
 * clause can set, at its value now (the scenario's own value where nothing sets it), so that an
 * event called off sets its constants back.
 */
interface Inputs {
  readonly key: string;
  readonly values: ReadonlyMap<string, number>;
}

function overridesNow(scenario: Scenario, constants: Readonly<Record<string, number>>, events: readonly ScheduledEvent[], exit: AllianceExit | null): Inputs {
  const set = eventOverrides(scenario, events, exit);
  const values = new Map<string, number>();
  for (const id of inputIds(scenario)) values.set(id, Object.hasOwn(set, id) ? set[id]! : Object.hasOwn(constants, id) ? constants[id]! : parameterValue(scenario, id));
  return { key: [...values.values()].map(numberKey).join(','), values };
}

/**
 * For a history without a key of its own (a game saved before this process ran, or replayed other
 * than round by round), the inputs of a past round: the events as they stand, and the exit once
 * the round it was invoked in is reached (it is invoked during a round, before that round ends).
 */
function rebuiltInputs(scenario: Scenario, constants: Readonly<Record<string, number>>, events: readonly ScheduledEvent[], exit: AllianceExit | null, round: number): Inputs {
  return overridesNow(scenario, constants, events, exit && exit.round <= round ? exit : null);
}

const inputIdCache = new WeakMap<Scenario, string[]>();
function inputIds(scenario: Scenario): string[] {
  let ids = inputIdCache.get(scenario);
  if (!ids) {
    const all = new Set<string>();
    for (const event of scenario.definition.events) {
      for (const id of Object.keys(event.set)) all.add(id);
      if (event.startTimeInput) all.add(event.startTimeInput);
      if (event.endTimeInput) all.add(event.endTimeInput.variable);
    }
    const clause = scenario.definition.exitClause;
    for (const id of Object.keys(clause.set)) all.add(id);
    all.add(clause.startTimeInput);
    ids = [...all].sort();
    inputIdCache.set(scenario, ids);
  }
  return ids;
}

function parameterValue(scenario: Scenario, id: string): number {
  const parameter = scenario.model.parameters.find((candidate) => candidate.id === id || candidate.label === id);
  if (!parameter) throw new Error(`"${id}" is not a constant of the model`);
  return parameter.value;
}

function keyOf(scenario: Scenario, constants: Readonly<Record<string, number>>, events: readonly ScheduledEvent[], exit: AllianceExit | null, history: readonly RoundOutcome[], game: GameCourse): string {
  if (history.length === 0) return chain(baseKey(scenario, constants, game), 'start', rebuiltInputs(scenario, constants, events, exit, 1).key);
  const known = historyKeys.get(history);
  if (known !== undefined) return known;
  const key = chainFor(scenario, constants, events, exit, history, game).at(-1)!;
  historyKeys.set(history, key);
  return key;
}

/** Keys of the simulation after 0, 1, … rounds of a history, with the inputs rebuiltInputs gives. */
function chainFor(scenario: Scenario, constants: Readonly<Record<string, number>>, events: readonly ScheduledEvent[], exit: AllianceExit | null, history: readonly RoundOutcome[], game: GameCourse): string[] {
  const keys = [chain(baseKey(scenario, constants, game), 'start', rebuiltInputs(scenario, constants, events, exit, 1).key)];
  history.forEach((outcome, index) => keys.push(chain(keys[index]!, rebuiltInputs(scenario, constants, events, exit, index + 1).key, roundKey(scenario, index + 1, outcome.decisions, game.record))));
  return keys;
}

function baseKey(scenario: Scenario, constants: Readonly<Record<string, number>>, game: GameCourse): string {
  let id = scenarioIds.get(scenario);
  if (id === undefined) scenarioIds.set(scenario, (id = nextScenarioId++));
  return `${id}@${numberKey(game.stop)}:${Object.keys(constants)
    .sort()
    .map((name) => `${name}=${numberKey(constants[name]!)}`)
    .join(',')}`;
}

/** A round's own inputs, written exactly: both sides' decisions and the broken-terms inputs. */
function roundKey(scenario: Scenario, round: number, decisions: RoundDecisions, record: DealRecord): string {
  return Object.values(roundInputs(scenario, round, decisions, record)).map(numberKey).join(',');
}

/** Every double written exactly (String() round-trips), minus zero apart. */
function numberKey(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/**
 * Two independent 53-bit hashes (cyrb53) of the previous key and this round's inputs: keys stay
 * short however long the game, and 106 bits keep two different games from ever sharing one.
 */
function chain(previous: string, ...parts: string[]): string {
  const text = `${previous}|${parts.join('|')}`;
  return `${cyrb53(text, 0x9e3779b9).toString(36)}.${cyrb53(text, 0x85ebca6b).toString(36)}`;
}

function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
