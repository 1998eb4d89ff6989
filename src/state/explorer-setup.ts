/**
 * What the explorer offers for a case, a played game or a model of one's own: the sliders (with
 * labels, units and ranges), the events, the variables charted first, and how slider values
 * become a run plan. Pure functions over the scenario and the compiled model.
 * pattern: Functional Core
 */
import { canonicalName, type CompiledModel } from '../engine/index.ts';
import { breachInputs, eventOverrides, roundInputs, roundStartTime, SHARED_SIDE, type AllianceExit, type GameState, type Scenario, type ScheduledEvent } from '../rules/index.ts';
import { toParameterIds, type RunPlan } from './explorer-run.ts';

export type SliderKind = 'decision' | 'parameter';

export interface ExplorerSlider {
  /** `decision:<side>.<decision>` or `param:<parameter id>`. */
  readonly id: string;
  readonly kind: SliderKind;
  /** Group id: a side's id, or `parameters`. */
  readonly group: string;
  /** The model constant the slider sets (parameter id). */
  readonly variable: string;
  readonly label: string;
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  /** Where the slider starts (and returns to on reset). */
  readonly base: number;
  readonly choices: readonly { readonly value: number; readonly label: string }[] | null;
  readonly hint: string | null;
}

export interface ExplorerGroup {
  readonly id: string;
  readonly label: string;
  readonly kind: SliderKind;
}

export interface ExplorerEvent {
  /** A scenario event's id, or `exit` for the charter's exit clause. */
  readonly id: string;
  readonly kind: 'event' | 'exit';
  readonly name: string;
  readonly description: string;
  readonly on: boolean;
  /** The round it starts (an event) or is invoked (the exit, effective the round after). */
  readonly round: number;
  /** Always on in this case: shown, not switchable. */
  readonly locked: boolean;
}

export type ExplorerSource =
  | { readonly kind: 'case'; readonly scenarioId: string }
  | { readonly kind: 'game'; readonly scenarioId: string; readonly fromRound: number }
  | { readonly kind: 'model'; readonly fileName: string };

export interface RoundWords {
  readonly unit: string;
  readonly units: string;
  readonly count: number;
  readonly length: number;
}

/** A played game the explorer branches from. */
export interface GameBranchContext {
  readonly state: GameState;
  readonly fromRound: number;
  /** The game's last played round: the what-if runs to its end. */
  readonly lastRound: number;
}

export interface ExplorerSetup {
  readonly source: ExplorerSource;
  readonly title: string;
  readonly model: CompiledModel;
  /** The XMILE text: exported with the slider values, and compiled again by the Monte Carlo worker. */
  readonly xmile: string;
  readonly fileName: string;
  readonly scenario: Scenario | null;
  /** The case's game file, for the worker's calibration. */
  readonly gameJson: string | null;
  readonly game: GameBranchContext | null;
  readonly groups: readonly ExplorerGroup[];
  readonly sliders: readonly ExplorerSlider[];
  readonly events: readonly ExplorerEvent[];
  readonly charted: readonly string[];
  /** Variables with a declared range (from the case's KPIs): their charts span it. */
  readonly declaredRanges: ReadonlyMap<string, { readonly min: number; readonly max: number }>;
  readonly timeUnits: string;
  readonly rounds: RoundWords | null;
  /** Problems found in an imported model that do not stop it from running. */
  readonly warnings: readonly string[];
}

/** Vensim's control variables come over as constants but do nothing in XMILE: no sliders for them. */
const CONTROL_CONSTANTS = new Set(['initial_time', 'final_time', 'time_step', 'saveper']);

/** A round step for a slider: 1, 2 or 5 times a power of ten, about a hundredth of the range. */
export function niceStep(span: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const rough = span / 100;
  const power = 10 ** Math.floor(Math.log10(rough));
  const scaled = rough / power;
  const nice = scaled < 1.5 ? 1 : scaled < 3.5 ? 2 : scaled < 7.5 ? 5 : 10;
  return Number((nice * power).toPrecision(12));
}

function rangeAround(value: number, kind: 'half' | 'double'): { min: number; max: number } {
  if (value === 0) return { min: -1, max: 1 };
  if (kind === 'half') return value > 0 ? { min: value * 0.5, max: value * 1.5 } : { min: value * 1.5, max: value * 0.5 };
  return value > 0 ? { min: 0, max: value * 2 } : { min: value * 2, max: 0 };
}

function parameterSlider(model: CompiledModel, id: string, base: number, group: string, kind: 'half' | 'double'): ExplorerSlider {
  const parameter = model.parameters.find((candidate) => candidate.id === id)!;
  const { min, max } = rangeAround(base, kind);
  return {
    id: `param:${id}`,
    kind: 'parameter',
    group,
    variable: id,
    label: parameter.label,
    unit: parameter.units ?? '',
    min,
    max,
    step: niceStep(max - min),
    base,
    choices: null,
    hint: null,
  };
}

/** Constants a case's game sets itself (decisions, events, the exit, calibration) or keeps fixed. */
function caseReservedConstants(scenario: Scenario): Set<string> {
  const definition = scenario.definition;
  const names: string[] = [...definition.fixedConstants, ...Object.keys(definition.exitClause.set), definition.exitClause.startTimeInput];
  for (const side of definition.sides) for (const decision of side.decisions) names.push(decision.variable);
  for (const event of definition.events) {
    names.push(...Object.keys(event.set));
    if (event.startTimeInput) names.push(event.startTimeInput);
    if (event.endTimeInput) names.push(event.endTimeInput.variable);
  }
  for (const step of definition.calibration) {
    if (step.kind === 'match-start') names.push(step.adjust);
    else names.push(...Object.keys(step.copy));
  }
  return new Set(names.map((name) => canonicalName(name)));
}

/**
 * The declared range of each variable a KPI reads as it is (`end(X)`, `start(X)`, `last(X)`,
 * `mean(X)`) when that KPI declares one: trust from 0 to 1 is charted on 0 to 1.
 */
export function declaredVariableRanges(scenario: Scenario): Map<string, { readonly min: number; readonly max: number }> {
  const ranges = new Map<string, { readonly min: number; readonly max: number }>();
  for (const kpi of scenario.definition.kpis) {
    const match = /^\s*(?:end|start|last|mean)\(\s*([^()]+?)\s*\)\s*$/.exec(kpi.formula);
    if (!match || !kpi.range) continue;
    const id = canonicalName(match[1]!);
    const known = ranges.get(id);
    ranges.set(id, known ? { min: Math.min(known.min, kpi.range.min), max: Math.max(known.max, kpi.range.max) } : { min: kpi.range.min, max: kpi.range.max });
  }
  return ranges;
}

/** Variables charted first for a case: both sides' cumulative profit, the shared KPIs, the case's series. */
function caseCharts(scenario: Scenario): string[] {
  const definition = scenario.definition;
  const names: string[] = [];
  const read = (formula: string) => {
    const match = /^\s*(?:end|last)\(\s*([^()]+?)\s*\)\s*$/.exec(formula);
    if (match) names.push(match[1]!);
  };
  for (const kpi of definition.kpis) if (kpi.role === 'cumulative-profit') read(kpi.formula);
  for (const kpi of definition.kpis) if (kpi.side === SHARED_SIDE) read(kpi.formula);
  names.push(...Object.values(definition.series));
  const outputs = new Set(scenario.model.outputs.map((output) => output.id));
  return [...new Set(names.map((name) => canonicalName(name)))].filter((id) => outputs.has(id)).slice(0, 4);
}

function caseEvents(scenario: Scenario, scheduled: readonly ScheduledEvent[] | null, exit: AllianceExit | null, rounds: number): ExplorerEvent[] {
  const definition = scenario.definition;
  const events: ExplorerEvent[] = definition.events.map((event) => {
    const chosen = scheduled?.find((candidate) => candidate.eventId === event.id);
    const on = scheduled ? chosen !== undefined : event.alwaysOn || (event.suggested && event.defaultRound !== null);
    return {
      id: event.id,
      kind: 'event',
      name: event.name,
      description: event.description,
      on: on || event.alwaysOn,
      round: chosen?.round ?? Math.min(rounds, event.defaultRound ?? 1),
      locked: event.alwaysOn,
    };
  });
  events.push({
    id: 'exit',
    kind: 'exit',
    name: definition.charter.title,
    description: definition.exitClause.description,
    on: exit !== null,
    round: Math.min(Math.max(1, rounds - 1), exit?.round ?? Math.ceil(rounds / 2)),
    locked: false,
  });
  return events;
}

function caseSliders(scenario: Scenario, decisionBase: (side: string, decision: string) => number | undefined, constants: Readonly<Record<string, number>>): { groups: ExplorerGroup[]; sliders: ExplorerSlider[] } {
  const definition = scenario.definition;
  const groups: ExplorerGroup[] = [];
  const sliders: ExplorerSlider[] = [];
  for (const side of definition.sides) {
    groups.push({ id: side.id, label: side.name, kind: 'decision' });
    for (const decision of side.decisions) {
      sliders.push({
        id: `decision:${side.id}.${decision.id}`,
        kind: 'decision',
        group: side.id,
        variable: canonicalName(decision.variable),
        label: decision.label,
        unit: decision.unit,
        min: decision.min,
        max: decision.max,
        step: decision.step,
        base: decisionBase(side.id, decision.id) ?? decision.default,
        choices: decision.choices ?? null,
        hint: decision.hint,
      });
    }
  }
  groups.push({ id: 'parameters', label: '', kind: 'parameter' });
  const reserved = caseReservedConstants(scenario);
  const model = scenario.model;
  const overridden = toParameterIds(model, constants);
  for (const parameter of model.parameters) {
    if (reserved.has(parameter.id) || parameter.id.includes('.')) continue;
    sliders.push(parameterSlider(model, parameter.id, overridden[parameter.id] ?? parameter.value, 'parameters', 'half'));
  }
  return { groups, sliders };
}

function roundWords(scenario: Scenario): RoundWords {
  const rounds = scenario.definition.rounds;
  return { unit: rounds.unit, units: rounds.unitPlural, count: rounds.count, length: rounds.length };
}

/** A case as its game would run it, decisions held at their defaults for the whole horizon. */
export function caseSetup(scenario: Scenario, files: { readonly modelSource: string; readonly gameJson: string }): ExplorerSetup {
  const definition = scenario.definition;
  const { groups, sliders } = caseSliders(scenario, () => undefined, {});
  return {
    source: { kind: 'case', scenarioId: definition.id },
    title: definition.title,
    model: scenario.model,
    xmile: files.modelSource,
    fileName: `${scenario.folder}/${definition.model}`,
    scenario,
    gameJson: files.gameJson,
    game: null,
    groups,
    sliders,
    events: caseEvents(scenario, null, null, definition.rounds.count),
    charted: caseCharts(scenario),
    declaredRanges: declaredVariableRanges(scenario),
    timeUnits: scenario.model.specs.timeUnits ?? '',
    rounds: roundWords(scenario),
    warnings: [],
  };
}

/**
 * A played game from round `fromRound` on: rounds before it as played, the sliders starting at the
 * decisions played in that round, the game's events, exit and constants.
 */
export function gameSetup(scenario: Scenario, files: { readonly modelSource: string; readonly gameJson: string }, state: GameState, fromRound: number): ExplorerSetup {
  const lastRound = state.history.length;
  if (lastRound === 0) throw new Error('this game has no played rounds to explore');
  const from = Math.min(Math.max(1, Math.round(fromRound)), lastRound);
  const played = state.history[from - 1]!.decisions;
  const { groups, sliders } = caseSliders(scenario, (side, decision) => played[side]?.[decision], state.settings.constants ?? {});
  const base = caseSetup(scenario, files);
  return {
    ...base,
    source: { kind: 'game', scenarioId: scenario.definition.id, fromRound: from },
    game: { state, fromRound: from, lastRound },
    groups,
    sliders,
    events: caseEvents(scenario, state.events, state.exit, lastRound),
  };
}

/** A model of one's own: a slider per constant, from 0 to twice its value (or ±1 around 0). */
export function modelSetup(model: CompiledModel, fileName: string, xmile: string, warnings: readonly string[]): ExplorerSetup {
  const sliders = model.parameters
    .filter((parameter) => !CONTROL_CONSTANTS.has(parameter.id) && !parameter.id.includes('.'))
    .map((parameter) => parameterSlider(model, parameter.id, parameter.value, 'parameters', 'double'));
  const stocks = model.outputs.filter((output) => output.kind === 'stock').map((output) => output.id);
  const others = model.outputs.filter((output) => output.kind !== 'stock' && !CONTROL_CONSTANTS.has(output.id)).map((output) => output.id);
  return {
    source: { kind: 'model', fileName },
    title: fileName,
    model,
    xmile,
    fileName,
    scenario: null,
    gameJson: null,
    game: null,
    groups: [{ id: 'parameters', label: '', kind: 'parameter' }],
    sliders,
    events: [],
    charted: [...stocks, ...others].slice(0, 4),
    declaredRanges: new Map(),
    timeUnits: model.specs.timeUnits ?? '',
    rounds: null,
    warnings,
  };
}

/** The events in force as the rules schedule them, and the exit if it is on. */
export function scheduledEvents(events: readonly ExplorerEvent[]): { events: ScheduledEvent[]; exit: AllianceExit | null } {
  const exit = events.find((event) => event.kind === 'exit' && event.on);
  return {
    events: events.filter((event) => event.kind === 'event' && event.on).map((event) => ({ eventId: event.id, round: event.round })),
    exit: exit ? { side: 'explorer', round: exit.round } : null,
  };
}

/** The run plan for slider values and events: what both the page and the worker simulate. */
export function planOf(setup: ExplorerSetup, values: Readonly<Record<string, number>>, events: readonly ExplorerEvent[]): RunPlan {
  const model = setup.model;
  const parameters: Record<string, number> = setup.game ? toParameterIds(model, setup.game.state.settings.constants ?? {}) : {};
  const decisions: Record<string, number> = {};
  for (const slider of setup.sliders) {
    const value = values[slider.id] ?? slider.base;
    if (slider.kind === 'decision') decisions[slider.variable] = value;
    else if (!Object.is(value, slider.base) || parameters[slider.variable] !== undefined) parameters[slider.variable] = value;
  }
  const scenario = setup.scenario;
  if (!scenario) return { parameters, fixed: {}, decisions, prefix: [], decisionsAt: null, stopTime: null };
  const scheduled = scheduledEvents(events);
  const fixed = toParameterIds(model, eventOverrides(scenario, scheduled.events, scheduled.exit));
  const game = setup.game;
  if (!game) return { parameters, fixed, decisions, prefix: [], decisionsAt: null, stopTime: null };
  // The rounds before the branch set what the game set (decisions and broken terms); from the
  // branch on, the sliders decide and no deal is in the picture.
  const canonical = (values: Record<string, number>) => Object.fromEntries(Object.entries(values).map(([name, value]) => [canonicalName(name), value]));
  const prefix = game.state.history.slice(0, game.fromRound - 1).map((outcome) => ({ time: roundStartTime(scenario, outcome.round), set: canonical(roundInputs(scenario, outcome.round, outcome.decisions, game.state)) }));
  // At the branch the broken-terms inputs go back to 0 with the sliders' decisions.
  const cleared = canonical(breachInputs(scenario, { deals: [], exit: null }, game.fromRound, {}));
  return { parameters, fixed, decisions: { ...cleared, ...decisions }, prefix, decisionsAt: roundStartTime(scenario, game.fromRound), stopTime: roundStartTime(scenario, game.lastRound + 1) };
}
