/**
 * What the stepper needs from a back end: the phases of one time step over one memory array.
 * Slots come first in the memory; a back end may append its own constants and temporaries.
 */
export interface CompiledPhases {
  readonly kind: 'codegen' | 'vm';
  readonly memorySize: number;
  /** Writes the back end's own constants into a fresh memory array. */
  prepare(memory: Float64Array): void;
  initial(memory: Float64Array): void;
  rates(memory: Float64Array): void;
  /** PREVIOUS memories and fixed-delay histories, once per step after saving. */
  post(memory: Float64Array): void;
  /** Euler update of every stock from its net flow, with non-negative stocks held at zero. */
  integrateEuler(memory: Float64Array): void;
}
