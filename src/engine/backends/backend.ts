/**
 * What the stepper needs from a back end: the phases of one time step over one memory array.
 * Slots come first in the memory; a back end may append its own constants and temporaries.
 */
export interface CompiledPhases {
  readonly kind: 'codegen' | 'vm';
  readonly memorySize: number;
  /** Writes the back end's own constants into a fresh memory array. */
  prepare(memory: Float64Array): void;
  /** Everything at the start time: stocks' initial values, invariants and rates. */
  initial(memory: Float64Array): void;
  /** Parameter-only auxiliaries, after a parameter changed mid-run. */
  invariants(memory: Float64Array): void;
  rates(memory: Float64Array): void;
  /** Every stock's net flow into its net slot (RK4 reads them between stages). */
  nets(memory: Float64Array): void;
  /** PREVIOUS memories and fixed-delay histories, once per step after saving. */
  post(memory: Float64Array): void;
  /** Euler update of every stock from its net flow (computed here), non-negative stocks held at zero. */
  integrateEuler(memory: Float64Array): void;
  /**
   * A whole Euler run saving these slots, where the back end can make one: the same operations
   * in the same order as the phases driven step by step, without a call per phase and step.
   */
  createEulerRun?(outputSlots: Int32Array, timeline: RunTimeline): WholeRun | undefined;
}

/** The step counts a whole run is made for. */
export interface RunTimeline {
  readonly start: number;
  readonly stepCount: number;
  readonly saveEvery: number;
  readonly saveCount: number;
}

/**
 * Runs from a memory that is reset except for the initial phase (reserved slots, parameters and
 * generator states set): computes the initial phase, then every step, writing output k at save
 * point row to `out[offset + k * saveCount + row]`.
 */
export type WholeRun = (memory: Float64Array, out: Float64Array, offset: number) => void;
