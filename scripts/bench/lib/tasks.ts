// Messages between run-bench.ts and the child processes that do the measuring (one task per process).

import type { ModelKey } from '../models/index.ts';
import type { Timing, TimingOptions } from './measure.ts';

export type EngineKey = 'hand' | 'codegen' | 'vm' | 'sde';
export const ENGINES: readonly EngineKey[] = ['hand', 'codegen', 'vm', 'sde'];
export const ENGINE_LABELS: Readonly<Record<EngineKey, string>> = {
  hand: 'hand loop',
  codegen: 'ours codegen',
  vm: 'ours vm (CSP-safe)',
  sde: 'SDEverywhere',
};

/** Generated SDE module per model (absolute paths), made by the parent at bench start. */
export type SdeFiles = Partial<Record<ModelKey, string>>;

export interface CheckTask {
  readonly kind: 'check';
  readonly models: readonly ModelKey[];
  readonly sdeFiles: SdeFiles;
  readonly seed: number;
}
export interface TimeTask {
  readonly kind: 'time';
  readonly model: ModelKey;
  readonly engine: EngineKey;
  readonly sdeFile?: string;
  readonly timing: TimingOptions;
}
export interface SweepTask {
  readonly kind: 'sweep';
  readonly engine: EngineKey;
  readonly sdeFile?: string;
  readonly runs: number;
  readonly warmupRuns: number;
  readonly seed: number;
}
export interface CompileTask {
  readonly kind: 'compile';
  readonly model: ModelKey;
  readonly engine: 'codegen' | 'vm' | 'sde';
  readonly workDir: string;
  readonly repeats: number;
  /** Stop warm repeats once they have taken this long in all (SDE on 3,000 variables takes seconds). */
  readonly capMs: number;
}
/** Hostile and large inputs, each timed against a baseline (stress/stress-cases.ts). */
export type StressKey = 'chain' | 'sum-vm' | 'sum-codegen' | 'misspelt' | 'dense-loops' | 'loop-dominance' | 'hostile-corpus';
export const STRESS_KEYS: readonly StressKey[] = ['chain', 'sum-vm', 'sum-codegen', 'misspelt', 'dense-loops', 'loop-dominance', 'hostile-corpus'];

/** A hostile or large input timed against its baseline in one fresh process. */
export interface StressTask {
  readonly kind: 'stress';
  readonly key: StressKey;
  readonly repeats: number;
  readonly capMs: number;
}
export type Task = CheckTask | TimeTask | SweepTask | CompileTask | StressTask;

export interface CheckCell {
  readonly model: ModelKey;
  readonly engine: EngineKey;
  /** What was compared: `run` (defaults) or `batch` (a random parameter draw). */
  readonly mode: 'run' | 'batch';
  readonly maxRelDiff?: number;
  readonly error?: string;
}
export interface CheckResult {
  readonly cells: readonly CheckCell[];
}
export interface TimeResult extends Timing {
  readonly compileMs?: number;
}
export interface SweepResult {
  readonly runs: number;
  readonly seconds: number;
  readonly runsPerSec: number;
  /** Mean final cumulative dealer profit over the runs: must agree between engines. */
  readonly meanCumDealerProfit: number;
  readonly peakRssMiB: number;
}
export interface StressResult {
  readonly label: string;
  readonly unit: string;
  readonly limit: number;
  readonly measuredUnits: number;
  readonly baselineUnits: number;
  /** Best time of one call, ms. */
  readonly measuredMs: number;
  readonly baselineMs: number;
  readonly repeats: number;
}
export interface CompileResultRow {
  /** Importing the compiler's code in a fresh process, ms. */
  readonly loadMs: number;
  /** First compile in the process, ms. */
  readonly coldMs: number;
  /** Best of the warm repeats, ms. */
  readonly warmMs: number;
  readonly repeats: number;
  /** Size of the generated JS (SDE only). */
  readonly codeKiB?: number;
}

export type ChildReply =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly error: string };
