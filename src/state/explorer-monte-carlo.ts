/**
 * Monte Carlo over chosen parameter ranges, as plain computation: the workers
 * (src/workers/monte-carlo-worker.ts, one per core) each run a slice of the sample, the tests run
 * it in place. Run i draws every chosen parameter uniformly within its range from the i-th group of
 * a seeded sequence, so the same request gives the same result however the runs are split.
 * Each part comes back with its values sorted per time point, so joining parts is a merge. The
 * runs themselves are in explorer-monte-carlo-runner.ts. The tornado is worked out both ways for
 * a case (start re-balanced, start held) and the user picks which to see.
 * pattern: Functional Core
 */
import { mulberry32 } from '../rules/index.ts';
import type { RunPlan } from './explorer-run.ts';

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
  /**
   * Per output, the part's finite runs at each thinned time point, sorted: point j's values are
   * `columns[k].subarray(j * finiteRuns, (j + 1) * finiteRuns)`. Sorting in the workers leaves
   * the page only a merge to do.
   */
  readonly columns: readonly Float32Array[];
  /** Runs whose values were all finite (the others are left out of the bands). */
  readonly finiteRuns: number;
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

/** What a worker compiles ahead of a job: the model, and the case it belongs to. */
export type MonteCarloModel = Pick<MonteCarloRequest, 'model' | 'scenario'>;

/** Messages from the page to a worker. */
export type MonteCarloCommand = { readonly type: 'warm'; readonly model: MonteCarloModel } | { readonly type: 'job'; readonly job: MonteCarloJob };

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

/** Merge the parts' sorted values of one point into `into` (ascending, −0 before +0 as a typed-array sort puts them); return how many. */
function mergeSorted(segments: readonly Float32Array[], into: Float64Array): number {
  if (segments.length === 1) {
    into.set(segments[0]!);
    return segments[0]!.length;
  }
  const at = segments.map(() => 0);
  let n = 0;
  for (;;) {
    let best = -1;
    let value = 0;
    for (let s = 0; s < segments.length; s++) {
      const i = at[s]!;
      const segment = segments[s]!;
      if (i >= segment.length) continue;
      const candidate = segment[i]!;
      if (best < 0 || candidate < value || (candidate === value && Object.is(candidate, -0) && Object.is(value, 0))) {
        best = s;
        value = candidate;
      }
    }
    if (best < 0) return n;
    into[n++] = value;
    at[best]!++;
  }
}

/** Put the parts of a sample back together and compute the bands, exactly as one part over the whole sample would. */
export function combineMonteCarloParts(request: MonteCarloRequest, parts: readonly MonteCarloPart[]): MonteCarloResult {
  const ordered = [...parts].sort((a, b) => a.from - b.from);
  let expected = 0;
  for (const part of ordered) {
    if (part.from !== expected) throw new Error(`the Monte Carlo parts do not join up: runs ${expected} to ${part.from} are missing`);
    expected = part.to;
  }
  if (expected !== request.runs) throw new Error(`the Monte Carlo parts cover ${expected} of ${request.runs} runs`);
  const first = ordered[0]!;
  const outputIds = first.outputs.map((output) => output.id);
  const points = first.time.length;
  const finiteRuns = ordered.reduce((sum, part) => sum + part.finiteRuns, 0);
  const column = new Float64Array(finiteRuns);
  const fans: FanSeries[] = request.outputs.map((id) => {
    const k = outputIds.indexOf(id);
    const bands = { p5: [] as number[], p25: [] as number[], p50: [] as number[], p75: [] as number[], p95: [] as number[] };
    for (let j = 0; j < points; j++) {
      const n = mergeSorted(
        ordered.map((part) => part.columns[k]!.subarray(j * part.finiteRuns, (j + 1) * part.finiteRuns)),
        column,
      );
      const sorted = column.subarray(0, n);
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
    failedRuns: request.runs - finiteRuns,
    compileSeconds: Math.max(...ordered.map((part) => part.compileSeconds)),
    runSeconds: Math.max(...ordered.map((part) => part.runSeconds)),
    workers: ordered.length,
    fans,
    tornadoes,
  };
}
