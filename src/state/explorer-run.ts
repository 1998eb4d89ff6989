/**
 * How the explorer turns slider values into one run, shared by the page and the Monte Carlo
 * worker so both compute the same numbers: constants (calibrated as the game does for a case),
 * then event switches, then decisions, either held from the start or set at a round's start
 * after earlier rounds were played as in a game.
 * pattern: Functional Core
 */
import { canonicalName, type CompiledModel, type Sim } from '../engine/index.ts';

/** Input of one run, every key a model parameter id. */
export interface RunPlan {
  /** Constants before calibration: the parameter sliders. */
  readonly parameters: Readonly<Record<string, number>>;
  /** Set after calibration: event switches and times (a case), nothing for a model of one's own. */
  readonly fixed: Readonly<Record<string, number>>;
  /** Decisions (by model variable): from the start, or from `decisionsAt` on. */
  readonly decisions: Readonly<Record<string, number>>;
  /** A played game's earlier rounds: at each time, the decisions then taken. Empty for a whole-horizon run. */
  readonly prefix: readonly { readonly time: number; readonly set: Readonly<Record<string, number>> }[];
  /** When the what-if decisions start (a branch from a game), or null: from the start as constants. */
  readonly decisionsAt: number | null;
  /** End of the run; the model's stop time when null. */
  readonly stopTime: number | null;
}

/** Calibrate a case's constants as the game does (the rules' `calibrate`), or leave them as they are. */
export type Calibrate = (parameters: Readonly<Record<string, number>>) => Readonly<Record<string, number>>;

export interface PlanRun {
  readonly time: Float64Array;
  readonly series: ReadonlyMap<string, Float64Array>;
}

/** Map names and labels to the model's parameter ids; throw on a name the model does not have. */
export function toParameterIds(model: CompiledModel, values: Readonly<Record<string, number>>): Record<string, number> {
  const known = new Set(model.parameters.map((parameter) => parameter.id));
  const result: Record<string, number> = {};
  for (const [name, value] of Object.entries(values)) {
    const id = known.has(name) ? name : canonicalName(name);
    if (!known.has(id)) throw new Error(`"${name}" is not a constant of the model`);
    result[id] = value;
  }
  return result;
}

/** The overrides of a whole-horizon run (no prefix): calibrated constants, then events, then decisions. */
export function planOverrides(model: CompiledModel, calibrate: Calibrate | null, plan: RunPlan): Record<string, number> {
  const constants = calibrate ? calibrate(plan.parameters) : plan.parameters;
  return toParameterIds(model, { ...toParameterIds(model, constants), ...plan.fixed, ...(plan.decisionsAt === null ? plan.decisions : {}) });
}

/** Step a fresh simulation through a plan with a prefix (or decisions set later); return it at `stopTime`. */
export function stepPlan(model: CompiledModel, calibrate: Calibrate | null, plan: RunPlan): Sim {
  // A played game longer than the file's horizon is explored to its own end.
  const horizon = plan.stopTime !== null && plan.stopTime > model.specs.stop ? { stop: plan.stopTime } : {};
  const sim = model.createSim({ overrides: planOverrides(model, calibrate, plan), ...horizon });
  for (const entry of plan.prefix) {
    sim.runTo(entry.time);
    for (const [name, value] of Object.entries(entry.set)) sim.setValue(name, value);
  }
  if (plan.decisionsAt !== null) {
    sim.runTo(plan.decisionsAt);
    for (const [name, value] of Object.entries(plan.decisions)) sim.setValue(name, value);
  }
  sim.runTo(plan.stopTime ?? model.specs.stop);
  return sim;
}

/** Run a plan and return every series (or those in `outputs`). */
export function runPlan(model: CompiledModel, calibrate: Calibrate | null, plan: RunPlan, outputs?: readonly string[]): PlanRun {
  if (plan.prefix.length === 0 && plan.decisionsAt === null && (plan.stopTime === null || plan.stopTime === model.specs.stop)) {
    const run = model.run({ overrides: planOverrides(model, calibrate, plan), ...(outputs ? { outputs } : {}) });
    return { time: run.time, series: run.series };
  }
  const sim = stepPlan(model, calibrate, plan);
  return seriesOf(sim, outputs ?? model.outputs.map((output) => output.id));
}

/** The saved series of a simulation, from its start to where it stands. */
export function seriesOf(sim: Sim, outputs: readonly string[]): PlanRun {
  const series = new Map<string, Float64Array>();
  for (const id of outputs) series.set(id, sim.getSeries(id));
  return { time: sim.getTimes(), series };
}
