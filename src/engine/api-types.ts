import type { ModelError } from './errors.ts';
import type { SimSpecs, VariableKind } from './xmile/model-document.ts';

/** Which back end runs the compiled model. `auto` picks code generation unless the page forbids eval. */
export type BackendChoice = 'auto' | 'codegen' | 'vm';

export interface CompileOptions {
  readonly fileName?: string;
  readonly backend?: BackendChoice;
  /** Overrides the file's integration method, as Stella's run specs allow. */
  readonly method?: 'euler' | 'rk4';
}

/** One scalar series a run produces: a variable, or one element of an arrayed variable. */
export interface OutputSeries {
  /** Canonical id used by overrides and lookups: `sales`, `stock_a[entry_1]`, `sector.output`. */
  readonly id: string;
  /** As people read it and as the CSV header shows it: `Stock A[Entry 1]`. */
  readonly label: string;
  readonly variable: string;
  readonly kind: Exclude<VariableKind, 'gf' | 'module'>;
  readonly units?: string;
}

export interface VariableInfo {
  readonly id: string;
  readonly label: string;
  readonly kind: VariableKind;
  readonly equation: string;
  readonly units?: string;
  readonly documentation?: string;
  readonly dimensions: readonly string[];
  /** Canonical ids of the variables this one's equation reads. */
  readonly dependsOn: readonly string[];
  readonly inflows: readonly string[];
  readonly outflows: readonly string[];
  /** True for a constant that can be overridden without recompiling. */
  readonly isParameter: boolean;
  readonly value?: number;
}

export interface Parameter {
  readonly id: string;
  readonly label: string;
  readonly value: number;
  readonly units?: string;
}

export interface RunOptions {
  /** Parameter id (or label) to value. Unknown ids are an error, not silently ignored. */
  readonly overrides?: Readonly<Record<string, number>>;
  /** Seed for RANDOM/NORMAL/LOGNORMAL; the same seed gives the same run everywhere. */
  readonly seed?: number;
  /** Only these series are kept (ids); all when omitted. */
  readonly outputs?: readonly string[];
}

export interface RunResult {
  readonly time: Float64Array;
  readonly series: ReadonlyMap<string, Float64Array>;
  readonly outputs: readonly OutputSeries[];
}

export interface SimSnapshot {
  readonly step: number;
  readonly memory: Float64Array;
}

/**
 * A simulation advanced on demand: the game sets decision parameters between rounds and runs to
 * the end of the next round. Series so far are available at every point.
 */
export interface Sim {
  readonly time: number;
  readonly specs: SimSpecs;
  runTo(time: number): void;
  runToEnd(): void;
  setValue(id: string, value: number): void;
  getValue(id: string): number;
  /** Saved values of one series from the start to the current time. */
  getSeries(id: string): Float64Array;
  getTimes(): Float64Array;
  snapshot(): SimSnapshot;
  restore(snapshot: SimSnapshot): void;
  reset(): void;
}

export interface CompiledModel {
  readonly fileName?: string;
  readonly specs: SimSpecs;
  readonly backend: 'codegen' | 'vm';
  readonly outputs: readonly OutputSeries[];
  readonly parameters: readonly Parameter[];
  readonly variables: readonly VariableInfo[];
  readonly warnings: readonly ModelError[];
  run(options?: RunOptions): RunResult;
  createSim(options?: Omit<RunOptions, 'outputs'>): Sim;
  createBatch(options: { readonly parameters: readonly string[]; readonly outputs?: readonly string[] }): BatchRunner;
}

export type CompileResult =
  | { readonly ok: true; readonly model: CompiledModel; readonly warnings: readonly ModelError[] }
  | { readonly ok: false; readonly errors: readonly ModelError[]; readonly warnings: readonly ModelError[] };

/**
 * Runs one compiled model many times with different parameter values and no allocation per run:
 * the Monte Carlo path. Outputs are column-major: output k, save point i at `k * saveCount + i`.
 */
export interface BatchRunner {
  readonly saveCount: number;
  readonly parameterIds: readonly string[];
  readonly outputIds: readonly string[];
  /** `values[j]` is the value of `parameterIds[j]`. The returned array is reused by the next call. */
  run(values: ArrayLike<number>, seed?: number): Float64Array;
}
