import { canonicalName, type CompiledModel } from '../../engine/index.ts';
import type { Scenario } from '../scenario/load-scenario.ts';

/**
 * The scenario's starting calibration, applied after any change of constants (a robustness draw,
 * an instructor's edit): so that the game starts from a sensible business, not from whatever a
 * changed parameter set happens to imply at time zero.
 */
export function calibrate(scenario: Scenario, overrides: Readonly<Record<string, number>> = {}): Record<string, number> {
  const model = scenario.model;
  const result: Record<string, number> = { ...overrides };
  for (const step of scenario.definition.calibration) {
    if (step.kind === 'match-start') {
      const target = startValue(model, {}, step.target);
      const valueOf = (adjusted: number): number => startValue(model, { ...result, [step.adjust]: adjusted }, step.target);
      let a0 = result[step.adjust] ?? parameterValue(model, step.adjust);
      // The targets here are linear in the adjusted constant, so one secant step lands on it;
      // a second one covers mild curvature.
      for (let iteration = 0; iteration < 2; iteration++) {
        const f0 = valueOf(a0);
        if (Math.abs(f0 - target) <= 1e-12 * Math.max(1, Math.abs(target))) break;
        const a1 = a0 + Math.max(1e-6, Math.abs(a0) * 1e-3);
        const f1 = valueOf(a1);
        if (f1 === f0) break;
        a0 = a0 + ((target - f0) * (a1 - a0)) / (f1 - f0);
      }
      result[step.adjust] = a0;
    } else {
      const sim = model.createSim({ overrides: result });
      sim.runTo(model.specs.start + step.duration);
      for (const [constant, stock] of Object.entries(step.copy)) result[constant] = sim.getValue(stock);
    }
  }
  return result;
}

function startValue(model: CompiledModel, overrides: Readonly<Record<string, number>>, variable: string): number {
  return model.createSim({ overrides }).getValue(variable);
}

function parameterValue(model: CompiledModel, name: string): number {
  const key = canonicalName(name);
  const parameter = model.parameters.find((candidate) => candidate.id === key);
  if (!parameter) throw new Error(`calibration: "${name}" is not a constant of the model`);
  return parameter.value;
}
