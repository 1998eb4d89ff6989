import type { BatchRunner } from '../api-types.ts';
import type { Stepper } from './run-state.ts';

/** A batch runner that can also write a run into a caller's array (model.run's fresh result). */
export interface InternalRunner extends BatchRunner {
  /** Output k, save point i at `out[offset + k * saveCount + i]`. */
  runInto(values: ArrayLike<number>, seed: number, out: Float64Array, offset: number): void;
}

/**
 * Runs the same compiled model again and again with new parameter values: one memory array and
 * one output array for all runs, nothing allocated per run or per step (the Monte Carlo path).
 */
export function createBatchRunner(
  stepper: Stepper,
  defaults: Float64Array,
  parameterPositions: readonly number[],
  parameterIds: readonly string[],
  outputSlots: Int32Array,
  outputIds: readonly string[],
): InternalRunner {
  const memory = stepper.createMemory();
  const values = defaults.slice();
  const { stepCount, saveEvery, saveCount } = stepper.timeline;
  const results = new Float64Array(outputSlots.length * saveCount);
  const outputCount = outputSlots.length;
  const positions = Int32Array.from(parameterPositions);
  const whole = stepper.specs.method === 'euler' ? stepper.phases.createEulerRun?.(outputSlots, stepper.timeline) : undefined;
  const runInto = (drawn: ArrayLike<number>, seed: number, out: Float64Array, offset: number): void => {
    for (let j = 0; j < positions.length; j++) values[positions[j]!] = drawn[j]!;
    if (whole) {
      stepper.resetBeforeInitial(memory, values, seed);
      whole(memory, out, offset);
      return;
    }
    stepper.reset(memory, values, seed);
    let row = 0;
    for (let step = 0; ; step++) {
      if (step % saveEvery === 0) {
        for (let k = 0; k < outputCount; k++) out[offset + k * saveCount + row] = memory[outputSlots[k]!]!;
        row++;
      }
      if (step === stepCount) break;
      stepper.advance(memory, step);
    }
  };
  return {
    saveCount,
    parameterIds,
    outputIds,
    runInto,
    run(drawn, seed = 0) {
      runInto(drawn, seed, results, 0);
      return results;
    },
  };
}
