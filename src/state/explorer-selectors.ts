/**
 * Pure view-models over the explorer store: slider groups with their values, the series each
 * chart overlays, what changed from the base, timings and Monte Carlo progress. Computed, never
 * stored; tested without a store.
 */
import { canonicalName } from '../engine/index.ts';
import { roundStartTime } from '../rules/index.ts';
import type { MonteCarloDraw, MonteCarloRequest } from './explorer-monte-carlo.ts';
import { planOf, type ExplorerEvent, type ExplorerGroup, type ExplorerSetup, type ExplorerSlider } from './explorer-setup.ts';
import type { ExplorerSession, MonteCarloState, RangeSetting } from './explorer-store.ts';

/** One step of a case's starting calibration, named as the diagram and sliders name things. */
export type CalibrationStepVm =
  | { readonly kind: 'match-start'; readonly adjust: string; readonly target: string }
  | { readonly kind: 'warm-up'; readonly duration: number; readonly stocks: readonly string[] };

/** What re-balancing the start does in this case (empty for a model of one's own): the tornado's explanation. */
export function calibrationSteps(setup: ExplorerSetup): CalibrationStepVm[] {
  const scenario = setup.scenario;
  if (!scenario) return [];
  const labels = new Map(setup.model.variables.map((variable) => [variable.id, variable.label]));
  const label = (name: string) => labels.get(canonicalName(name)) ?? name;
  return scenario.definition.calibration.map((step) =>
    step.kind === 'match-start' ? { kind: 'match-start', adjust: label(step.adjust), target: label(step.target) } : { kind: 'warm-up', duration: step.duration, stocks: Object.values(step.copy).map(label) },
  );
}

/** The constants a case's calibration sets: what "the current run's start" holds. */
export function calibratedConstants(setup: ExplorerSetup): string[] {
  const scenario = setup.scenario;
  if (!scenario) return [];
  const labels = new Map(setup.model.variables.map((variable) => [variable.id, variable.label]));
  return scenario.definition.calibration.flatMap((step) => (step.kind === 'match-start' ? [step.adjust] : Object.keys(step.copy))).map((name) => labels.get(canonicalName(name)) ?? name);
}

/** Fan charts drawn at most: one per charted variable, up to this many. */
export const MAX_FANS = 6;

/** The Monte Carlo range of a slider: as set, else 20 % either side of its value (a decision: a tenth of its range). */
export function effectiveRange(slider: ExplorerSlider, value: number, range: RangeSetting): { low: number; high: number } {
  let low: number;
  let high: number;
  if (slider.kind === 'decision') {
    const spread = (slider.max - slider.min) / 10;
    low = Math.max(slider.min, value - spread);
    high = Math.min(slider.max, value + spread);
  } else {
    const spread = value === 0 ? (slider.max - slider.min) / 10 : Math.abs(value) * 0.2;
    low = value - spread;
    high = value + spread;
  }
  return { low: range.low ?? Number(low.toPrecision(6)), high: range.high ?? Number(high.toPrecision(6)) };
}

/** `dealer-alliance-explored.xmile`, `teacup-explored.xmile`, `sir-explored.mdl` (a Vensim model stays Vensim). */
export function exportFileName(setup: ExplorerSetup): string {
  const base = setup.source.kind === 'model' ? setup.fileName.replace(/^.*[\\/]/, '').replace(/\.(xmile|stmx|itmx|xml|mdl)$/i, '') : setup.source.scenarioId;
  const extension = setup.source.kind === 'model' && /\.mdl$/i.test(setup.fileName) ? 'mdl' : 'xmile';
  return `${base.replace(/[^\w.-]+/g, '-') || 'model'}-explored.${extension}`;
}

export interface SliderView extends ExplorerSlider {
  readonly value: number;
  readonly changed: boolean;
}

export function sliderGroups(session: ExplorerSession): { group: ExplorerGroup; sliders: SliderView[] }[] {
  return session.setup.groups.map((group) => ({
    group,
    sliders: session.setup.sliders
      .filter((slider) => slider.group === group.id)
      .map((slider) => {
        const value = session.values[slider.id] ?? slider.base;
        return { ...slider, value, changed: !Object.is(value, slider.base) };
      }),
  }));
}

/** Mean of the latest re-simulation times in milliseconds, or null before the first. */
export function meanTiming(session: ExplorerSession): number | null {
  if (session.timings.length === 0) return null;
  return session.timings.reduce((sum, value) => sum + value, 0) / session.timings.length;
}

export interface ChartLine {
  readonly key: string;
  /** The current run, or a pinned branch (with its palette position). */
  readonly kind: 'current' | 'branch';
  readonly name: string;
  readonly colorIndex: number | null;
  readonly time: ArrayLike<number>;
  readonly values: ArrayLike<number>;
}

export interface ChartSeriesVm {
  readonly id: string;
  readonly label: string;
  readonly units: string | null;
  /** The variable's declared range, when the case declares one. */
  readonly range: { readonly min: number; readonly max: number } | null;
  /** Branches first (in pinning order), the current run last, drawn on top. */
  readonly lines: readonly ChartLine[];
}

/** Units worth showing: none for a pure number. */
export function shownUnits(units: string | undefined): string | null {
  return units === undefined || /^(dimensionless|dmnl|1|)$/i.test(units.trim()) ? null : units;
}

export function chartSeries(session: ExplorerSession, outputId: string, names: { readonly current: string; readonly asPlayed: string }): ChartSeriesVm | null {
  const output = session.setup.model.outputs.find((candidate) => candidate.id === outputId);
  const current = session.run.series.get(outputId);
  if (!output || !current) return null;
  const lines: ChartLine[] = [];
  for (const branch of session.branches) {
    const values = branch.run.series.get(outputId);
    if (values) lines.push({ key: `branch-${branch.id}`, kind: 'branch', name: branch.asPlayed ? names.asPlayed : branch.name, colorIndex: branch.colorIndex, time: branch.run.time, values });
  }
  lines.push({ key: 'current', kind: 'current', name: names.current, colorIndex: null, time: session.run.time, values: current });
  return { id: outputId, label: output.label, units: shownUnits(output.units), range: session.setup.declaredRanges.get(outputId) ?? null, lines };
}

export interface Change {
  readonly label: string;
  readonly value: number;
  readonly unit: string;
  readonly choice: string | null;
}

/** Sliders away from where they started, in slider order. */
export function changedSliders(session: ExplorerSession): Change[] {
  return session.setup.sliders
    .filter((slider) => !Object.is(session.values[slider.id] ?? slider.base, slider.base))
    .map((slider) => {
      const value = session.values[slider.id]!;
      return { label: slider.label, value, unit: slider.unit, choice: slider.choices?.find((choice) => choice.value === value)?.label ?? null };
    });
}

/** Events switched or moved from where they started. */
export function changedEvents(session: ExplorerSession): ExplorerEvent[] {
  return session.events.filter((event) => {
    const initial = session.setup.events.find((candidate) => candidate.id === event.id);
    return !initial || initial.on !== event.on || (event.on && initial.round !== event.round);
  });
}

export interface FinalValueRow {
  readonly id: string;
  readonly label: string;
  readonly units: string | null;
  /** The current run's value at the end, then each branch's. */
  readonly current: number;
  readonly branches: readonly { readonly id: number; readonly value: number }[];
}

/** Each charted variable at the end of the horizon, in the current run and every branch. */
export function finalValues(session: ExplorerSession): FinalValueRow[] {
  const last = (values: ArrayLike<number> | undefined) => (values && values.length > 0 ? values[values.length - 1]! : Number.NaN);
  return session.charted.flatMap((id) => {
    const output = session.setup.model.outputs.find((candidate) => candidate.id === id);
    if (!output) return [];
    return [
      {
        id,
        label: output.label,
        units: shownUnits(output.units),
        current: last(session.run.series.get(id)),
        branches: session.branches.map((branch) => ({ id: branch.id, value: last(branch.run.series.get(id)) })),
      },
    ];
  });
}

/** Variables that can still be charted, stocks first, in model order. */
export function chartChoices(session: ExplorerSession): { id: string; label: string; kind: string }[] {
  const charted = new Set(session.charted);
  const order = { stock: 0, flow: 1, aux: 2 } as const;
  return session.setup.model.outputs
    .filter((output) => !charted.has(output.id))
    .map((output, index) => ({ id: output.id, label: output.label, kind: output.kind, index }))
    .sort((a, b) => order[a.kind] - order[b.kind] || a.index - b.index)
    .map(({ id, label, kind }) => ({ id, label, kind }));
}

/** Where the what-if starts on the time axis (a branch from a game), or null. */
export function whatIfStart(session: ExplorerSession): { time: number; round: number } | null {
  const { game, scenario } = session.setup;
  if (!game || !scenario) return null;
  return { time: roundStartTime(scenario, game.fromRound), round: game.fromRound };
}

export function monteCarloProgress(state: MonteCarloState): { done: number; total: number; percent: number } | null {
  if (state.status !== 'running' && state.status !== 'cancelled') return null;
  return { done: state.done, total: state.total, percent: state.total === 0 ? 0 : Math.round((100 * state.done) / state.total) };
}

/** Runs per second as the page saw it (from the click to the result, compiling included). */
export function runsPerSecond(state: MonteCarloState): number | null {
  if (state.status !== 'done' || state.wallSeconds <= 0) return null;
  return state.result.runs / state.wallSeconds;
}

/** The worker's request for the session's Monte Carlo settings, or why it cannot start. */
export function monteCarloRequest(session: ExplorerSession): { ok: true; request: MonteCarloRequest } | { ok: false; reason: string } {
  const setup = session.setup;
  const draws: MonteCarloDraw[] = [];
  for (const slider of setup.sliders) {
    const range = session.ranges[slider.id];
    if (!range?.on) continue;
    const { low, high } = effectiveRange(slider, session.values[slider.id] ?? slider.base, range);
    if (!(low < high)) return { ok: false, reason: `The range of ${slider.label} must have its low end below its high end.` };
    draws.push({ key: slider.id, variable: slider.variable, label: slider.label, low, high, stage: slider.kind });
  }
  if (draws.length === 0) return { ok: false, reason: 'Choose at least one parameter to vary.' };
  const outputs = session.charted.slice(0, MAX_FANS);
  if (outputs.length === 0) return { ok: false, reason: 'Chart at least one variable to see its spread.' };
  return {
    ok: true,
    request: {
      model: { source: setup.xmile, fileName: setup.fileName },
      scenario: setup.scenario && setup.gameJson ? { folder: setup.scenario.folder, gameJson: setup.gameJson } : null,
      recalibrate: session.recalibrate,
      plan: planOf(setup, session.values, session.events),
      draws,
      outputs,
      tornadoOutput: outputs.includes(session.tornadoOutput) ? session.tornadoOutput : outputs[0]!,
      runs: session.runs,
      seed: session.seed,
      maxPoints: 101,
      progressEvery: 100,
    },
  };
}
