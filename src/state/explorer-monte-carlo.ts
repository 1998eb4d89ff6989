/**
 * Monte Carlo over chosen parameter ranges, as plain computation: the workers
 * (src/workers/monte-carlo-worker.ts, one per core) each run a slice of the sample, the tests run
 * it in place. Run i draws every chosen parameter uniformly within its range from the i-th group of
 * a seeded sequence, so the same request gives the same result however the runs are split.
 * Whole-horizon runs go through the engine's batch runner (no allocation per run), and so does a
 * case's re-balanced start (explorer-calibration.ts); a branch from a played game steps a
 * simulation through its rounds. The tornado is worked out both ways for a case (start
 * re-balanced, start held) and the user picks which to see.
 * pattern: Functional Core
 */
import { compileModel, formatModelError, type BatchRunner, type CompiledModel } from '../engine/index.ts';
import { loadScenario, mulberry32 } from '../rules/index.ts';
import { createBatchCalibrator } from './explorer-calibration.ts';
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
  /**
   * How each end of a range is run: `rebalanced`, the case's start worked out again around the
   * changed value, as the game does; `held`, the current run's start kept and only the value
   * changed; null for a model without a starting calibration.
   */
  readonly calibration: 'rebalanced' | 'held' | null;
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
  /** Time spent compiling (and checking the case file) before the first run; the longest of the workers'. */
  readonly compileSeconds: number;
  /** Time spent on the sampled runs alone; the longest of the workers'. */
  readonly runSeconds: number;
  /** Workers the runs were spread over. */
  readonly workers: number;
  readonly fans: readonly FanSeries[];
  /** The tornado for a model; for a case, re-balanced first, then held: the user picks which to see. */
  readonly tornadoes: readonly TornadoResult[];
}

/** One worker's share of a Monte Carlo: runs `from` to `to` (exclusive) of the whole sample. */
export interface MonteCarloPart {
  readonly from: number;
  readonly to: number;
  /** Each output's thinned series for every run of the part, run after run (Float32, as the bands need). */
  readonly samples: readonly Float32Array[];
  /** 1 where every value of the run is finite. */
  readonly finite: Uint8Array;
  readonly compileSeconds: number;
  readonly runSeconds: number;
  /** The outputs (the request's, then the tornado's), with their labels and units. */
  readonly outputs: readonly { readonly id: string; readonly label: string; readonly units?: string }[];
  /** The thinned time points, and each output's current run at them. */
  readonly time: readonly number[];
  readonly base: readonly (readonly number[])[];
  /** The part that was asked for them carries the tornadoes. */
  readonly tornadoes: readonly TornadoResult[] | null;
}

/** A worker's job: a slice of the runs, and whether to work out the tornadoes too. */
export interface MonteCarloJob {
  readonly request: MonteCarloRequest;
  readonly from: number;
  readonly to: number;
  readonly tornado: boolean;
}

/** Messages from a worker to the page. */
export type MonteCarloMessage =
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly type: 'done'; readonly part: MonteCarloPart }
  | { readonly type: 'failed'; readonly message: string };

export interface MonteCarloHooks {
  now(): number;
  /** Runs done of this part (or of the whole sample), and how many it has. */
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

/**
 * Split `runs` into at most `workers` contiguous slices of whole progress steps, so that every
 * progress report of every slice adds up to a multiple of the step.
 */
export function splitRuns(runs: number, workers: number, step: number): { from: number; to: number }[] {
  const chunks = Math.ceil(runs / step);
  const count = Math.max(1, Math.min(workers, chunks));
  const slices: { from: number; to: number }[] = [];
  for (let i = 0; i < count; i++) {
    const from = Math.min(runs, Math.round((i * chunks) / count) * step);
    const to = Math.min(runs, Math.round(((i + 1) * chunks) / count) * step);
    if (to > from) slices.push({ from, to });
  }
  return slices;
}

interface Prepared {
  readonly model: CompiledModel;
  /** The sample's calibration: re-balanced per draw or held, as the request asks; null for a model. */
  readonly sample: Calibrate | null;
  /** Each tornado's calibration, in the order they are shown as choices. */
  readonly tornadoes: readonly { readonly calibration: TornadoResult['calibration']; readonly calibrate: Calibrate | null }[];
}

function prepare(request: MonteCarloRequest): Prepared {
  if (request.scenario) {
    const loaded = loadScenario({ folder: request.scenario.folder, gameJson: request.scenario.gameJson, modelSource: request.model.source });
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const scenario = loaded.scenario;
    // Re-balancing goes through batch runners: equal to the rules' stepped calibration, several times faster.
    const rebalanced = createBatchCalibrator(scenario);
    const start = rebalanced(request.plan.parameters);
    const held: Calibrate = (parameters) => ({ ...start, ...parameters });
    return {
      model: scenario.model,
      sample: request.recalibrate ? rebalanced : held,
      tornadoes: [
        { calibration: 'rebalanced', calibrate: rebalanced },
        { calibration: 'held', calibrate: held },
      ],
    };
  }
  const compiled = compileModel(request.model.source, { fileName: request.model.fileName });
  if (!compiled.ok) throw new Error(compiled.errors.map(formatModelError).join('\n'));
  return { model: compiled.model, sample: null, tornadoes: [{ calibration: null, calibrate: null }] };
}

/** Evaluates plans: each chosen output's whole series, one after the other (output k at k * rows). */
class Evaluator {
  readonly outputIds: readonly string[];
  readonly stepped: boolean;
  rows = 0;
  times: Float64Array = new Float64Array(0);
  #batch: { ids: string[]; runner: BatchRunner; values: Float64Array } | null = null;

  constructor(
    private readonly model: CompiledModel,
    request: MonteCarloRequest,
  ) {
    this.outputIds = [...new Set([...request.outputs, request.tornadoOutput])];
    for (const id of this.outputIds) if (!model.outputs.some((candidate) => candidate.id === id)) throw new Error(`the model has no variable "${id}"`);
    const plan = request.plan;
    this.stepped = plan.prefix.length > 0 || plan.decisionsAt !== null || (plan.stopTime !== null && plan.stopTime !== model.specs.stop);
  }

  evaluate(plan: RunPlan, calibrate: Calibrate | null): Float64Array {
    if (this.stepped) {
      const sim = stepPlan(this.model, calibrate, plan);
      const first = sim.getSeries(this.outputIds[0]!);
      this.rows = first.length;
      if (this.times.length === 0) this.times = sim.getTimes();
      const out = new Float64Array(this.rows * this.outputIds.length);
      this.outputIds.forEach((id, k) => out.set(k === 0 ? first : sim.getSeries(id), k * this.rows));
      return out;
    }
    const overrides = planOverrides(this.model, calibrate, plan);
    const ids = Object.keys(overrides);
    const batch = this.#batch;
    if (!batch || ids.length !== batch.ids.length || ids.some((id, i) => id !== batch.ids[i])) {
      this.#batch = { ids, runner: this.model.createBatch({ parameters: ids, outputs: this.outputIds }), values: new Float64Array(ids.length) };
      this.rows = this.#batch.runner.saveCount;
      if (this.times.length === 0) this.times = this.model.run({ outputs: [this.outputIds[0]!] }).time;
    }
    const current = this.#batch!;
    for (let j = 0; j < ids.length; j++) current.values[j] = overrides[ids[j]!]!;
    return current.runner.run(current.values);
  }
}

/** The plan with some drawn values in place of the current run's. */
function planWith(plan: RunPlan, values: ReadonlyMap<MonteCarloDraw, number>): RunPlan {
  if (values.size === 0) return plan;
  const parameters = { ...plan.parameters };
  const decisions = { ...plan.decisions };
  for (const [draw, value] of values) (draw.stage === 'parameter' ? parameters : decisions)[draw.variable] = value;
  return { ...plan, parameters, decisions };
}

/**
 * Run runs `from` to `to` of the request's sample (and the tornadoes when asked). Run i draws the
 * i-th group of values from the seeded sequence whichever part runs it, so parts run anywhere
 * combine into exactly the result of one part over the whole sample.
 */
export function runMonteCarloPart(job: MonteCarloJob, hooks: MonteCarloHooks): MonteCarloPart {
  const { request } = job;
  const started = hooks.now();
  const prepared = prepare(request);
  const evaluator = new Evaluator(prepared.model, request);
  const { outputIds } = evaluator;
  const base = evaluator.evaluate(request.plan, prepared.sample).slice();
  const rows = evaluator.rows;
  const compileSeconds = (hooks.now() - started) / 1000;
  const indices = thinnedIndices(rows, request.maxPoints);
  const points = indices.length;
  const runs = Math.max(0, job.to - job.from);
  const samples = outputIds.map(() => new Float32Array(runs * points));
  const finite = new Uint8Array(runs);
  const random = seededRandom(request.seed);
  for (let skipped = 0; skipped < job.from * request.draws.length; skipped++) random();
  const drawn = new Map<MonteCarloDraw, number>();
  const runStarted = hooks.now();
  for (let run = 0; run < runs; run++) {
    for (const draw of request.draws) drawn.set(draw, draw.low + (draw.high - draw.low) * random());
    const out = evaluator.evaluate(planWith(request.plan, drawn), prepared.sample);
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
    if ((run + 1) % request.progressEvery === 0 || run + 1 === runs) hooks.progress(run + 1, runs);
  }
  const runSeconds = (hooks.now() - runStarted) / 1000;
  const tornadoes = job.tornado ? prepared.tornadoes.map(({ calibration, calibrate }) => tornado(request, prepared.model, evaluator, calibration, calibrate)) : null;
  return {
    from: job.from,
    to: job.from + runs,
    samples,
    finite,
    compileSeconds,
    runSeconds,
    outputs: outputIds.map((id) => {
      const info = prepared.model.outputs.find((candidate) => candidate.id === id)!;
      return { id, label: info.label, ...(info.units === undefined ? {} : { units: info.units }) };
    }),
    time: indices.map((i) => evaluator.times[i]!),
    base: outputIds.map((_, k) => indices.map((i) => base[k * rows + i]!)),
    tornadoes,
  };
}

/** One at a time: each drawn parameter at the low and then at the high end, everything else as in the current run. */
function tornado(request: MonteCarloRequest, model: CompiledModel, evaluator: Evaluator, calibration: TornadoResult['calibration'], calibrate: Calibrate | null): TornadoResult {
  const t = evaluator.outputIds.indexOf(request.tornadoOutput);
  const finalOf = (out: Float64Array): number => out[t * evaluator.rows + evaluator.rows - 1]!;
  const baseValue = finalOf(evaluator.evaluate(request.plan, calibrate));
  const bars: TornadoBar[] = request.draws.map((draw) => {
    const lowValue = finalOf(evaluator.evaluate(planWith(request.plan, new Map([[draw, draw.low]])), calibrate));
    const highValue = finalOf(evaluator.evaluate(planWith(request.plan, new Map([[draw, draw.high]])), calibrate));
    return { key: draw.key, label: draw.label, low: draw.low, high: draw.high, lowValue, highValue, swing: Math.abs(highValue - lowValue) };
  });
  bars.sort((a, b) => (Number.isFinite(b.swing) ? b.swing : -1) - (Number.isFinite(a.swing) ? a.swing : -1));
  const info = model.outputs.find((candidate) => candidate.id === request.tornadoOutput)!;
  return {
    method: 'one-at-a-time',
    calibration,
    output: request.tornadoOutput,
    label: info.label,
    ...(info.units === undefined ? {} : { units: info.units }),
    time: evaluator.times[evaluator.rows - 1]!,
    base: baseValue,
    bars,
  };
}

/** Put the parts of a sample back together, in run order, and compute the bands. */
export function combineMonteCarloParts(request: MonteCarloRequest, parts: readonly MonteCarloPart[]): MonteCarloResult {
  const ordered = [...parts].sort((a, b) => a.from - b.from);
  let expected = 0;
  for (const part of ordered) {
    if (part.from !== expected) throw new Error(`the Monte Carlo parts do not join up: runs ${expected} to ${part.from} are missing`);
    expected = part.to;
  }
  if (expected !== request.runs) throw new Error(`the Monte Carlo parts cover ${expected} of ${request.runs} runs`);
  const first = ordered[0]!;
  const outputIds = [...new Set([...request.outputs, request.tornadoOutput])];
  const points = first.time.length;
  const column = new Float64Array(request.runs);
  let failedRuns = 0;
  for (const part of ordered) for (const ok of part.finite) if (!ok) failedRuns++;
  const fans: FanSeries[] = request.outputs.map((id) => {
    const k = outputIds.indexOf(id);
    const bands = { p5: [] as number[], p25: [] as number[], p50: [] as number[], p75: [] as number[], p95: [] as number[] };
    for (let j = 0; j < points; j++) {
      let n = 0;
      for (const part of ordered) {
        const sample = part.samples[k]!;
        for (let run = 0; run < part.finite.length; run++) if (part.finite[run]) column[n++] = sample[run * points + j]!;
      }
      const sorted = column.subarray(0, n).sort();
      bands.p5.push(quantileSorted(sorted, 0.05));
      bands.p25.push(quantileSorted(sorted, 0.25));
      bands.p50.push(quantileSorted(sorted, 0.5));
      bands.p75.push(quantileSorted(sorted, 0.75));
      bands.p95.push(quantileSorted(sorted, 0.95));
    }
    const info = first.outputs[k];
    return {
      id,
      label: info?.label ?? id,
      ...(info?.units === undefined ? {} : { units: info.units }),
      time: first.time,
      ...bands,
      base: first.base[k]!,
    };
  });
  const tornadoes = ordered.find((part) => part.tornadoes !== null)?.tornadoes;
  if (!tornadoes) throw new Error('no Monte Carlo part carries the tornadoes');
  return {
    runs: request.runs,
    failedRuns,
    compileSeconds: Math.max(...ordered.map((part) => part.compileSeconds)),
    runSeconds: Math.max(...ordered.map((part) => part.runSeconds)),
    workers: ordered.length,
    fans,
    tornadoes,
  };
}

/** Run the whole request in one place: the sample, then the tornadoes (what the tests and a one-worker page run). */
export function runMonteCarlo(request: MonteCarloRequest, hooks: MonteCarloHooks): MonteCarloResult {
  const part = runMonteCarloPart({ request, from: 0, to: request.runs, tornado: true }, hooks);
  return combineMonteCarloParts(request, [part]);
}
