import {
  compileModel,
  formatModelError,
  type CompileOptions,
  type CompiledModel,
  type RunOptions,
  type RunResult,
} from '../../src/engine/index.ts';

/** Compiles or fails the test with every error formatted as a user would read it. */
export function compileOrThrow(source: string, options: CompileOptions = {}): CompiledModel {
  const result = compileModel(source, options);
  if (!result.ok) throw new Error(`the model did not compile:\n${result.errors.map(formatModelError).join('\n')}`);
  return result.model;
}

/** A run's series as plain arrays, looked up by id or label, with a value-at-time accessor. */
export interface Trajectory {
  readonly model: CompiledModel;
  readonly result: RunResult;
  readonly time: number[];
  series(id: string): number[];
  /** Value of `id` at save time `t` (which must be a save time of the run). */
  at(id: string, t: number): number;
}

export function trajectory(model: CompiledModel, options: RunOptions = {}): Trajectory {
  const result = model.run(options);
  const time = Array.from(result.time);
  const find = (id: string): number[] => {
    const direct = result.series.get(id);
    if (direct) return Array.from(direct);
    const output = result.outputs.find((o) => o.label === id || o.id === id.toLowerCase());
    const series = output && result.series.get(output.id);
    if (!series) throw new Error(`no series "${id}"; the run has ${[...result.series.keys()].join(', ')}`);
    return Array.from(series);
  };
  return {
    model,
    result,
    time,
    series: find,
    at(id, t) {
      const row = time.findIndex((value) => Math.abs(value - t) < 1e-9);
      if (row < 0) throw new Error(`time ${t} is not a save time of this run`);
      return find(id)[row]!;
    },
  };
}

/** Compile and run in one go. */
export function simulate(source: string, runOptions: RunOptions = {}, compileOptions: CompileOptions = {}): Trajectory {
  return trajectory(compileOrThrow(source, compileOptions), runOptions);
}

/** True when both series hold the very same doubles (Object.is: -0 and NaN included). */
export function identical(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

export function standardDeviation(values: readonly number[]): number {
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, value) => sum + (value - m) ** 2, 0) / values.length);
}

/** |actual - expected| within `relative` of |expected| (or absolute near zero). */
export function isClose(actual: number, expected: number, relative = 1e-9): boolean {
  return Math.abs(actual - expected) <= relative * Math.max(1, Math.abs(expected));
}
