/**
 * Monte Carlo over chosen parameter ranges, as plain computation: the worker
 * (src/workers/monte-carlo-worker.ts) runs it off the page, the tests run it in place. Each run
 * draws every chosen parameter uniformly within its range from a seeded generator, so the same
 * request gives the same result. Whole-horizon runs go through the engine's batch runner (no
 * allocation per run); a branch from a played game steps a simulation through its rounds.
 * pattern: Functional Core
 */
import { compileModel, formatModelError, type CompiledModel } from '../engine/index.ts';
import { calibrate as calibrateCase, loadScenario, mulberry32 } from '../rules/index.ts';
import { planOverrides, stepPlan, type Calibrate, type RunPlan } from './explorer-run.ts';

export interface MonteCarloDraw {
  /** The explorer's slider id, for the tornado's labels and links. */
  readonly key: string;
  /** Model parameter id. */
  readonly variable: string;
  readonly label: string;
  readonly low: number;
  readonly high: number;
  /** A constant (calibrated with the others for a case) or a decision. */
  readonly stage: 'parameter' | 'decision';
}

export interface MonteCarloRequest {
  readonly model: { readonly source: string; readonly fileName: string };
  /** A case's game file, for its calibration. */
  readonly scenario: { readonly folder: string; readonly gameJson: string } | null;
  /**
   * A case: calibrate each draw's constants as the game calibrates changed constants (the start
   * re-balanced), or keep the current run's calibration and change only the drawn values (faster).
   */
  readonly recalibrate: boolean;
  /** The current run; draws replace some of its values. */
  readonly plan: RunPlan;
  readonly draws: readonly MonteCarloDraw[];
  /** Variables to show as fan charts. */
  readonly outputs: readonly string[];
  /** The variable whose final value the tornado ranks the parameters by. */
  readonly tornadoOutput: string;
  readonly runs: number;
  readonly seed: number;
  /** Time points kept per fan (the series are thinned evenly beyond this). */
  readonly maxPoints: number;
  readonly progressEvery: number;
}

export interface FanSeries {
  readonly id: string;
  readonly label: string;
  readonly units?: string;
  readonly time: readonly number[];
  readonly p5: readonly number[];
  readonly p25: readonly number[];
  readonly p50: readonly number[];
  readonly p75: readonly number[];
  readonly p95: readonly number[];
  /** The current run at the same time points. */
  readonly base: readonly number[];
}

export interface TornadoBar {
  readonly key: string;
  readonly label: string;
  readonly low: number;
  readonly high: number;
  /** The output's final value with this parameter at the low (high) end, the others as in the current run. */
  readonly lowValue: number;
  readonly highValue: number;
  readonly swing: number;
}

export interface TornadoResult {
  readonly method: 'one-at-a-time';
  readonly output: string;
  readonly label: string;
  readonly units?: string;
  readonly time: number;
  readonly base: number;
  readonly bars: readonly TornadoBar[];
}

export interface MonteCarloResult {
  readonly runs: number;
  /** Runs whose series were not all finite numbers (left out of the bands). */
  readonly failedRuns: number;
  /** Time spent compiling (and checking the case file) before the first run. */
  readonly compileSeconds: number;
  /** Time spent on the sampled runs alone. */
  readonly runSeconds: number;
  readonly fans: readonly FanSeries[];
  readonly tornado: TornadoResult;
}

/** Messages from the worker to the page. */
export type MonteCarloMessage =
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly type: 'done'; readonly result: MonteCarloResult }
  | { readonly type: 'failed'; readonly message: string };

export interface MonteCarloHooks {
  now(): number;
  progress(done: number, total: number): void;
}

/** The project's seeded generator (the rules' mulberry32): the same seed gives the same draws on every machine. */
export function seededRandom(seed: number): () => number {
  return mulberry32(seed);
}

/** The q-quantile (0..1) of sorted values, interpolating between neighbours (type 7, as R and NumPy default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const position = q * (n - 1);
  const below = Math.floor(position);
  const above = Math.min(n - 1, below + 1);
  const fraction = position - below;
  return sorted[below]! + (sorted[above]! - sorted[below]!) * fraction;
}

/** Evenly spaced indices from 0 to count − 1, at most `maxPoints` of them, always with both ends. */
export function thinnedIndices(count: number, maxPoints: number): number[] {
  if (count <= maxPoints) return Array.from({ length: count }, (_, i) => i);
  const stride = Math.ceil((count - 1) / (maxPoints - 1));
  const indices: number[] = [];
  for (let i = 0; i < count - 1; i += stride) indices.push(i);
  indices.push(count - 1);
  return indices;
}

function prepare(request: MonteCarloRequest): { model: CompiledModel; calibrate: Calibrate | null } {
  if (request.scenario) {
    const loaded = loadScenario({ folder: request.scenario.folder, gameJson: request.scenario.gameJson, modelSource: request.model.source });
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const scenario = loaded.scenario;
    if (request.recalibrate) return { model: scenario.model, calibrate: (parameters) => calibrateCase(scenario, parameters) };
    const start = calibrateCase(scenario, request.plan.parameters);
    return { model: scenario.model, calibrate: (parameters) => ({ ...start, ...parameters }) };
  }
  const compiled = compileModel(request.model.source, { fileName: request.model.fileName });
  if (!compiled.ok) throw new Error(compiled.errors.map(formatModelError).join('\n'));
  return { model: compiled.model, calibrate: null };
}

/** Run the request: the sample, then the one-at-a-time runs for the tornado. */
export function runMonteCarlo(request: MonteCarloRequest, hooks: MonteCarloHooks): MonteCarloResult {
  const started = hooks.now();
  const { model, calibrate } = prepare(request);
  const outputIds = [...new Set([...request.outputs, request.tornadoOutput])];
  const outputInfo = outputIds.map((id) => {
    const output = model.outputs.find((candidate) => candidate.id === id);
    if (!output) throw new Error(`the model has no variable "${id}"`);
    return output;
  });
  const stepped = request.plan.prefix.length > 0 || request.plan.decisionsAt !== null || (request.plan.stopTime !== null && request.plan.stopTime !== model.specs.stop);

  const planWith = (values: ReadonlyMap<MonteCarloDraw, number>): RunPlan => {
    if (values.size === 0) return request.plan;
    const parameters = { ...request.plan.parameters };
    const decisions = { ...request.plan.decisions };
    for (const [draw, value] of values) (draw.stage === 'parameter' ? parameters : decisions)[draw.variable] = value;
    return { ...request.plan, parameters, decisions };
  };

  // One evaluation: the chosen outputs' full series, one after the other (output k at k * rows).
  let batch: { ids: string[]; runner: ReturnType<CompiledModel['createBatch']>; values: Float64Array } | null = null;
  let rows = 0;
  let times: Float64Array = new Float64Array(0);
  const evaluate = (plan: RunPlan): Float64Array => {
    if (stepped) {
      const sim = stepPlan(model, calibrate, plan);
      const first = sim.getSeries(outputIds[0]!);
      rows = first.length;
      if (times.length === 0) times = sim.getTimes();
      const out = new Float64Array(rows * outputIds.length);
      outputIds.forEach((id, k) => out.set(k === 0 ? first : sim.getSeries(id), k * rows));
      return out;
    }
    const overrides = planOverrides(model, calibrate, plan);
    const ids = Object.keys(overrides);
    if (!batch || ids.length !== batch.ids.length || ids.some((id, i) => id !== batch!.ids[i])) {
      batch = { ids, runner: model.createBatch({ parameters: ids, outputs: outputIds }), values: new Float64Array(ids.length) };
      rows = batch.runner.saveCount;
      if (times.length === 0) times = model.run({ outputs: [outputIds[0]!] }).time;
    }
    for (let j = 0; j < ids.length; j++) batch.values[j] = overrides[ids[j]!]!;
    return batch.runner.run(batch.values);
  };

  const base = evaluate(request.plan).slice();
  const compileSeconds = (hooks.now() - started) / 1000;
  const indices = thinnedIndices(rows, request.maxPoints);
  const points = indices.length;
  const samples = outputIds.map(() => new Float32Array(request.runs * points));
  const finite = new Uint8Array(request.runs);
  const random = seededRandom(request.seed);
  const drawn = new Map<MonteCarloDraw, number>();
  const runStarted = hooks.now();
  let failedRuns = 0;
  for (let run = 0; run < request.runs; run++) {
    for (const draw of request.draws) drawn.set(draw, draw.low + (draw.high - draw.low) * random());
    const out = evaluate(planWith(drawn));
    let ok = true;
    for (let k = 0; k < outputIds.length; k++) {
      const sample = samples[k]!;
      for (let j = 0; j < points; j++) {
        const value = out[k * rows + indices[j]!]!;
        if (!Number.isFinite(value)) ok = false;
        sample[run * points + j] = value;
      }
    }
    finite[run] = ok ? 1 : 0;
    if (!ok) failedRuns++;
    if ((run + 1) % request.progressEvery === 0 || run + 1 === request.runs) hooks.progress(run + 1, request.runs);
  }
  const runSeconds = (hooks.now() - runStarted) / 1000;

  const column = new Float64Array(request.runs);
  const fans: FanSeries[] = request.outputs.map((id) => {
    const k = outputIds.indexOf(id);
    const sample = samples[k]!;
    const bands = { p5: [] as number[], p25: [] as number[], p50: [] as number[], p75: [] as number[], p95: [] as number[] };
    for (let j = 0; j < points; j++) {
      let n = 0;
      for (let run = 0; run < request.runs; run++) if (finite[run]) column[n++] = sample[run * points + j]!;
      const sorted = column.subarray(0, n).sort();
      bands.p5.push(quantileSorted(sorted, 0.05));
      bands.p25.push(quantileSorted(sorted, 0.25));
      bands.p50.push(quantileSorted(sorted, 0.5));
      bands.p75.push(quantileSorted(sorted, 0.75));
      bands.p95.push(quantileSorted(sorted, 0.95));
    }
    const info = outputInfo[k]!;
    return {
      id,
      label: info.label,
      ...(info.units === undefined ? {} : { units: info.units }),
      time: indices.map((i) => times[i]!),
      ...bands,
      base: indices.map((i) => base[k * rows + i]!),
    };
  });

  const t = outputIds.indexOf(request.tornadoOutput);
  const finalOf = (out: Float64Array): number => out[t * rows + rows - 1]!;
  const baseValue = finalOf(base);
  const bars: TornadoBar[] = request.draws.map((draw) => {
    const lowValue = finalOf(evaluate(planWith(new Map([[draw, draw.low]]))));
    const highValue = finalOf(evaluate(planWith(new Map([[draw, draw.high]]))));
    return { key: draw.key, label: draw.label, low: draw.low, high: draw.high, lowValue, highValue, swing: Math.abs(highValue - lowValue) };
  });
  bars.sort((a, b) => (Number.isFinite(b.swing) ? b.swing : -1) - (Number.isFinite(a.swing) ? a.swing : -1));
  const tornadoInfo = outputInfo[t]!;
  return {
    runs: request.runs,
    failedRuns,
    compileSeconds,
    runSeconds,
    fans,
    tornado: {
      method: 'one-at-a-time',
      output: request.tornadoOutput,
      label: tornadoInfo.label,
      ...(tornadoInfo.units === undefined ? {} : { units: tornadoInfo.units }),
      time: times[rows - 1]!,
      base: baseValue,
      bars,
    },
  };
}
