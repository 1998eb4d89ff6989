import type { EulerLoop } from './fused-euler.ts';

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
  /** A whole Euler run saving these slots, where the back end can make one (see fused-euler.ts). */
  createEulerLoop?(outputSlots: Int32Array): EulerLoop | undefined;
}
