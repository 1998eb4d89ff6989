/**
 * A case's starting calibration (the rules' `calibrate`) computed on the engine's batch path, for
 * the Monte Carlo's thousands of draws. The rules build a fresh stepped simulation for every
 * start value and for the warm-up; here each set of overridden constants gets one batch runner,
 * made once and run again and again with new values (no allocation per run). The steps and their
 * arithmetic are the rules' own, in the same order, so the numbers are the same to the last bit
 * (test/state/explorer-calibration.test.ts holds the two side by side).
 * pattern: Functional Core
 */
import { canonicalName, type BatchRunner, type CompiledModel } from '../engine/index.ts';
import { calibrate as steppedCalibrate, type Scenario } from '../rules/index.ts';
import type { Calibrate } from './explorer-run.ts';

interface RunnerEntry {
  readonly runner: BatchRunner;
  readonly values: Float64Array;
}

/** Return a calibration equal to `calibrate(scenario, overrides)` that runs the model through batch runners. */
export function createBatchCalibrator(scenario: Scenario): Calibrate {
  const model = scenario.model;
  const steps = scenario.definition.calibration;
  const times = model.run({ outputs: [model.outputs[0]!.id] }).time;
  const runners = new Map<string, RunnerEntry>();

  /** One runner per (constants set, outputs), kept: a Monte Carlo sets the same constants every draw. */
  const runnerFor = (names: readonly string[], outputs: readonly string[]): RunnerEntry => {
    const key = `${names.join('\u0000')}\u0001${outputs.join('\u0000')}`;
    let entry = runners.get(key);
    if (!entry) {
      entry = { runner: model.createBatch({ parameters: names, outputs }), values: new Float64Array(names.length) };
      runners.set(key, entry);
    }
    return entry;
  };

  /** Run with these overrides; output k's series starts at k * saveCount. */
  const run = (overrides: Readonly<Record<string, number>>, outputs: readonly string[]): { series: Float64Array; saveCount: number } => {
    const names = Object.keys(overrides);
    const { runner, values } = runnerFor(names, outputs);
    for (let j = 0; j < names.length; j++) values[j] = overrides[names[j]!]!;
    return { series: runner.run(values), saveCount: runner.saveCount };
  };

  const startValue = (overrides: Readonly<Record<string, number>>, variable: string): number => run(overrides, [outputId(model, variable)]).series[0]!;

  // Targets of match-start steps depend on the model's own constants only: worked out once.
  const targets = new Map<number, number>();
  steps.forEach((step, index) => {
    if (step.kind === 'match-start') targets.set(index, startValue({}, step.target));
  });
  // A warm-up reads the saved row at its end time; a save grid that misses it falls back to stepping.
  const warmUpRows = steps.map((step) => (step.kind === 'warm-up' ? times.indexOf(model.specs.start + step.duration) : -1));
  if (steps.some((step, index) => step.kind === 'warm-up' && warmUpRows[index]! < 0)) return (overrides) => steppedCalibrate(scenario, overrides);

  /**
   * The constants each step sets, worked out once per list of overridden names (a Monte Carlo
   * overrides the same names every draw): the order `{ ...result, [adjust]: x }` has in the
   * rules, its runner, and where the adjusted constant sits in it.
   */
  interface StepPlan {
    readonly names: readonly string[];
    readonly entry: RunnerEntry;
    readonly adjustAt: number;
  }
  const plans = new Map<string, StepPlan[]>();
  const plansFor = (overrides: Readonly<Record<string, number>>): StepPlan[] => {
    const given = Object.keys(overrides);
    const key = given.join('\u0000');
    let known = plans.get(key);
    if (known) return known;
    const present = new Set(given);
    const order = [...given];
    known = steps.map((step) => {
      if (step.kind === 'match-start') {
        if (!present.has(step.adjust)) {
          present.add(step.adjust);
          order.push(step.adjust);
        }
        const names = [...order];
        return { names, entry: runnerFor(names, [outputId(model, step.target)]), adjustAt: names.indexOf(step.adjust) };
      }
      const names = [...order];
      for (const constant of Object.keys(step.copy)) {
        if (!present.has(constant)) {
          present.add(constant);
          order.push(constant);
        }
      }
      return { names, entry: runnerFor(names, Object.values(step.copy).map((stock) => outputId(model, stock))), adjustAt: -1 };
    });
    plans.set(key, known);
    return known;
  };

  return (overrides) => {
    const result: Record<string, number> = { ...overrides };
    const stepPlans = plansFor(overrides);
    steps.forEach((step, index) => {
      const { names, entry, adjustAt } = stepPlans[index]!;
      const { runner, values } = entry;
      if (step.kind === 'match-start') {
        const target = targets.get(index)!;
        for (let j = 0; j < names.length; j++) if (j !== adjustAt) values[j] = result[names[j]!]!;
        const valueOf = (adjusted: number): number => {
          values[adjustAt] = adjusted;
          return runner.run(values)[0]!;
        };
        let a0 = result[step.adjust] ?? parameterValue(model, step.adjust);
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
        for (let j = 0; j < names.length; j++) values[j] = result[names[j]!]!;
        const series = runner.run(values);
        const row = warmUpRows[index]!;
        Object.keys(step.copy).forEach((constant, k) => {
          result[constant] = series[k * runner.saveCount + row]!;
        });
      }
    });
    return result;
  };
}

function outputId(model: CompiledModel, name: string): string {
  const id = canonicalName(name);
  if (!model.outputs.some((output) => output.id === id)) throw new Error(`calibration: "${name}" is not a variable of the model`);
  return id;
}

function parameterValue(model: CompiledModel, name: string): number {
  const key = canonicalName(name);
  const parameter = model.parameters.find((candidate) => candidate.id === key);
  if (!parameter) throw new Error(`calibration: "${name}" is not a constant of the model`);
  return parameter.value;
}
