import { describe, expect, it } from 'vitest';
import { calibrate, mulberry32 } from '../../src/rules/index.ts';
import { createBatchCalibrator } from '../../src/state/explorer-calibration.ts';
import { scenario } from '../helpers/scenarios.ts';

/** Constants a Monte Carlo draws for each case: every parameter slider, within ±30 % of its value. */
function draws(id: 'dealer-alliance' | 'pg-walmart', count: number): Record<string, number>[] {
  const model = scenario(id).model;
  const calibrated = new Set(scenario(id).definition.calibration.flatMap((step) => (step.kind === 'match-start' ? [step.adjust] : Object.keys(step.copy))).map((name) => name.toLowerCase().replace(/ /g, '_')));
  const parameters = model.parameters.filter((parameter) => parameter.value > 0 && !calibrated.has(parameter.id)).slice(0, 12);
  const random = mulberry32(42);
  return Array.from({ length: count }, () => Object.fromEntries(parameters.map((parameter) => [parameter.id, parameter.value * (0.7 + 0.6 * random())])));
}

describe('the batch calibrator', () => {
  for (const id of ['dealer-alliance', 'pg-walmart'] as const) {
    it(`gives the rules' calibration of ${id} to the last bit, draw after draw`, () => {
      const batch = createBatchCalibrator(scenario(id));
      expect(batch({})).toEqual(calibrate(scenario(id), {}));
      for (const overrides of draws(id, 40)) {
        const expected = calibrate(scenario(id), overrides);
        const actual = batch(overrides);
        expect(Object.keys(actual)).toEqual(Object.keys(expected));
        for (const key of Object.keys(expected)) expect(Object.is(actual[key], expected[key]), `${key}: ${actual[key]} vs ${expected[key]}`).toBe(true);
      }
    });
  }
});
