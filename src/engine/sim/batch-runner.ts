import type { BatchRunner } from '../api-types.ts';
import type { Stepper } from './run-state.ts';

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
): BatchRunner {
  const memory = stepper.createMemory();
  const values = defaults.slice();
  const { stepCount, saveEvery, saveCount } = stepper.timeline;
  const results = new Float64Array(outputSlots.length * saveCount);
  const outputCount = outputSlots.length;
  const fused = stepper.specs.method === 'euler' ? stepper.phases.createEulerLoop?.(outputSlots) : undefined;
  return {
    saveCount,
    parameterIds,
    outputIds,
    run(drawn, seed = 0) {
      for (let j = 0; j < parameterPositions.length; j++) values[parameterPositions[j]!] = drawn[j]!;
      stepper.reset(memory, values, seed);
      if (fused) {
        fused(memory, results, saveCount, saveEvery, stepCount, stepper.timeline.start);
        return results;
      }
      let row = 0;
      for (let step = 0; ; step++) {
        if (step % saveEvery === 0) {
          for (let k = 0; k < outputCount; k++) results[k * saveCount + row] = memory[outputSlots[k]!]!;
          row++;
        }
        if (step === stepCount) break;
        stepper.advance(memory, step);
      }
      return results;
    },
  };
}
