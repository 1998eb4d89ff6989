/**
 * The runs of a Monte Carlo part: the model compiled (and a case's calibration prepared) once and
 * kept for the next job on the same model, the slice of the sample run through the engine's batch
 * runner (a case's re-balanced start too, explorer-calibration.ts), each point's values sorted,
 * and the tornadoes when asked. A branch from a played game steps a simulation through its rounds.
 * pattern: Functional Core (the cache is the runner's own state; no I/O)
 */
import { compileModel, formatModelError, type BatchRunner, type CompiledModel } from '../engine/index.ts';
import { loadScenario, type Scenario } from '../rules/index.ts';
import { createBatchCalibrator } from './explorer-calibration.ts';
import { combineMonteCarloParts, seededRandom, thinnedIndices, type MonteCarloDraw, type MonteCarloHooks, type MonteCarloJob, type MonteCarloModel, type MonteCarloPart, type MonteCarloRequest, type MonteCarloResult, type TornadoBar, type TornadoResult } from './explorer-monte-carlo.ts';
import { planOverrides, stepPlan, type Calibrate, type RunPlan } from './explorer-run.ts';

export interface MonteCarloRunner {
  /** Compile the model (and prepare the case's calibration) ahead of a job. */
  warm(model: MonteCarloModel): void;
  /** Run runs `from` to `to` of the request's sample, and the tornadoes when asked. */
  runPart(job: MonteCarloJob, hooks: MonteCarloHooks): MonteCarloPart;
}

interface Compiled {
  readonly model: CompiledModel;
  /** A case, with its start re-balanced through batch runners; null for a model of one's own. */
  readonly scenario: { readonly scenario: Scenario; readonly rebalanced: Calibrate } | null;
}

/** Models kept compiled: the one being explored, and the one before it. */
const KEPT = 2;

export function createMonteCarloRunner(): MonteCarloRunner {
  const compiled = new Map<string, Compiled>();

  const compile = (input: MonteCarloModel): Compiled => {
    const key = JSON.stringify([input.model.fileName, input.scenario?.folder ?? null, input.scenario?.gameJson ?? null, input.model.source]);
    const known = compiled.get(key);
    if (known) return known;
    let entry: Compiled;
    if (input.scenario) {
      const loaded = loadScenario({ folder: input.scenario.folder, gameJson: input.scenario.gameJson, modelSource: input.model.source });
      if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
      // Re-balancing goes through batch runners: equal to the rules' stepped calibration, several times faster.
      entry = { model: loaded.scenario.model, scenario: { scenario: loaded.scenario, rebalanced: createBatchCalibrator(loaded.scenario) } };
    } else {
      const result = compileModel(input.model.source, { fileName: input.model.fileName });
      if (!result.ok) throw new Error(result.errors.map(formatModelError).join('\n'));
      entry = { model: result.model, scenario: null };
    }
    if (compiled.size >= KEPT) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, entry);
    return entry;
  };

  return {
    warm(model) {
      compile(model);
    },
    runPart(job, hooks) {
      const started = hooks.now();
      const entry = compile(job.request);
      return runPart(job, entry, hooks, started);
    },
  };
}

/** Run the whole request in one place: the sample, then the tornadoes (what the tests and a one-worker page run). */
export function runMonteCarlo(request: MonteCarloRequest, hooks: MonteCarloHooks): MonteCarloResult {
  const part = createMonteCarloRunner().runPart({ request, from: 0, to: request.runs, tornado: true }, hooks);
  return combineMonteCarloParts(request, [part]);
}

/** Run one part of a request with a fresh runner (no cache): for tests. */
export function runMonteCarloPart(job: MonteCarloJob, hooks: MonteCarloHooks): MonteCarloPart {
  return createMonteCarloRunner().runPart(job, hooks);
}

/** The sample's calibration and each tornado's, for a request. */
function calibrations(request: MonteCarloRequest, entry: Compiled): { sample: Calibrate | null; tornadoes: { calibration: TornadoResult['calibration']; calibrate: Calibrate | null }[] } {
  if (!entry.scenario) return { sample: null, tornadoes: [{ calibration: null, calibrate: null }] };
  const { rebalanced } = entry.scenario;
  const start = rebalanced(request.plan.parameters);
  const held: Calibrate = (parameters) => ({ ...start, ...parameters });
  return {
    sample: request.recalibrate ? rebalanced : held,
    tornadoes: [
      { calibration: 'rebalanced', calibrate: rebalanced },
      { calibration: 'held', calibrate: held },
    ],
  };
}

/** Evaluates plans: each chosen output's whole series, one after the other (output k at k * rows). */
class Evaluator {
  readonly outputIds: readonly string[];
  readonly stepped: boolean;
  rows = 0;
  times: Float64Array = new Float64Array(0);
  #batch: { ids: string[]; runner: BatchRunner; values: Float64Array } | null = null;

  constructor(
    private readonly model: CompiledModel,
    request: MonteCarloRequest,
  ) {
    this.outputIds = [...new Set([...request.outputs, request.tornadoOutput])];
    for (const id of this.outputIds) if (!model.outputs.some((candidate) => candidate.id === id)) throw new Error(`the model has no variable "${id}"`);
    const plan = request.plan;
    this.stepped = plan.prefix.length > 0 || plan.decisionsAt !== null || (plan.stopTime !== null && plan.stopTime !== model.specs.stop);
  }

  evaluate(plan: RunPlan, calibrate: Calibrate | null): Float64Array {
    if (this.stepped) {
      const sim = stepPlan(this.model, calibrate, plan);
      const first = sim.getSeries(this.outputIds[0]!);
      this.rows = first.length;
      if (this.times.length === 0) this.times = sim.getTimes();
      const out = new Float64Array(this.rows * this.outputIds.length);
      this.outputIds.forEach((id, k) => out.set(k === 0 ? first : sim.getSeries(id), k * this.rows));
      return out;
    }
    const overrides = planOverrides(this.model, calibrate, plan);
    const ids = Object.keys(overrides);
    const batch = this.#batch;
    if (!batch || ids.length !== batch.ids.length || ids.some((id, i) => id !== batch.ids[i])) {
      this.#batch = { ids, runner: this.model.createBatch({ parameters: ids, outputs: this.outputIds }), values: new Float64Array(ids.length) };
      this.rows = this.#batch.runner.saveCount;
      if (this.times.length === 0) this.times = this.model.run({ outputs: [this.outputIds[0]!] }).time;
    }
    const current = this.#batch!;
    for (let j = 0; j < ids.length; j++) current.values[j] = overrides[ids[j]!]!;
    return current.runner.run(current.values);
  }
}

/** The plan with some drawn values in place of the current run's. */
function planWith(plan: RunPlan, values: ReadonlyMap<MonteCarloDraw, number>): RunPlan {
  if (values.size === 0) return plan;
  const parameters = { ...plan.parameters };
  const decisions = { ...plan.decisions };
  for (const [draw, value] of values) (draw.stage === 'parameter' ? parameters : decisions)[draw.variable] = value;
  return { ...plan, parameters, decisions };
}

/**
 * Run i draws the i-th group of values from the seeded sequence whichever part runs it, so parts
 * run anywhere combine into exactly the result of one part over the whole sample.
 */
function runPart(job: MonteCarloJob, entry: Compiled, hooks: MonteCarloHooks, started: number): MonteCarloPart {
  const { request } = job;
  const { sample, tornadoes } = calibrations(request, entry);
  const evaluator = new Evaluator(entry.model, request);
  const { outputIds } = evaluator;
  const base = evaluator.evaluate(request.plan, sample).slice();
  const rows = evaluator.rows;
  const compileSeconds = (hooks.now() - started) / 1000;
  const indices = thinnedIndices(rows, request.maxPoints);
  const points = indices.length;
  const runs = Math.max(0, job.to - job.from);
  // Point-major: each point's runs side by side, ready to sort.
  const columns = outputIds.map(() => new Float32Array(runs * points));
  const random = seededRandom(request.seed);
  for (let skipped = 0; skipped < job.from * request.draws.length; skipped++) random();
  const drawn = new Map<MonteCarloDraw, number>();
  const runStarted = hooks.now();
  let finiteRuns = 0;
  for (let run = 0; run < runs; run++) {
    for (const draw of request.draws) drawn.set(draw, draw.low + (draw.high - draw.low) * random());
    const out = evaluator.evaluate(planWith(request.plan, drawn), sample);
    let ok = true;
    for (let k = 0; k < outputIds.length && ok; k++) for (let j = 0; j < points && ok; j++) ok = Number.isFinite(out[k * rows + indices[j]!]!);
    if (ok) {
      // A run with a value that is not finite is left out of every band; the others keep their place.
      for (let k = 0; k < outputIds.length; k++) {
        const column = columns[k]!;
        for (let j = 0; j < points; j++) column[j * runs + finiteRuns] = out[k * rows + indices[j]!]!;
      }
      finiteRuns++;
    }
    if ((run + 1) % request.progressEvery === 0 || run + 1 === runs) hooks.progress(run + 1, runs);
  }
  // Packed to the finite runs and sorted per point: the page only merges the parts.
  const packed = columns.map((column) => {
    const out = new Float32Array(finiteRuns * points);
    for (let j = 0; j < points; j++) {
      const segment = out.subarray(j * finiteRuns, (j + 1) * finiteRuns);
      segment.set(column.subarray(j * runs, j * runs + finiteRuns));
      segment.sort();
    }
    return out;
  });
  const runSeconds = (hooks.now() - runStarted) / 1000;
  return {
    from: job.from,
    to: job.from + runs,
    columns: packed,
    finiteRuns,
    compileSeconds,
    runSeconds,
    outputs: outputIds.map((id) => {
      const info = entry.model.outputs.find((candidate) => candidate.id === id)!;
      return { id, label: info.label, ...(info.units === undefined ? {} : { units: info.units }) };
    }),
    time: indices.map((i) => evaluator.times[i]!),
    base: outputIds.map((_, k) => indices.map((i) => base[k * rows + i]!)),
    tornadoes: job.tornado ? tornadoes.map(({ calibration, calibrate }) => tornado(request, entry.model, evaluator, calibration, calibrate)) : null,
  };
}

/** One at a time: each drawn parameter at the low and then at the high end, everything else as in the current run. */
function tornado(request: MonteCarloRequest, model: CompiledModel, evaluator: Evaluator, calibration: TornadoResult['calibration'], calibrate: Calibrate | null): TornadoResult {
  const t = evaluator.outputIds.indexOf(request.tornadoOutput);
  const finalOf = (out: Float64Array): number => out[t * evaluator.rows + evaluator.rows - 1]!;
  const baseValue = finalOf(evaluator.evaluate(request.plan, calibrate));
  const bars: TornadoBar[] = request.draws.map((draw) => {
    const lowValue = finalOf(evaluator.evaluate(planWith(request.plan, new Map([[draw, draw.low]])), calibrate));
    const highValue = finalOf(evaluator.evaluate(planWith(request.plan, new Map([[draw, draw.high]])), calibrate));
    return { key: draw.key, label: draw.label, low: draw.low, high: draw.high, lowValue, highValue, swing: Math.abs(highValue - lowValue) };
  });
  bars.sort((a, b) => (Number.isFinite(b.swing) ? b.swing : -1) - (Number.isFinite(a.swing) ? a.swing : -1));
  const info = model.outputs.find((candidate) => candidate.id === request.tornadoOutput)!;
  return {
    method: 'one-at-a-time',
    calibration,
    output: request.tornadoOutput,
    label: info.label,
    ...(info.units === undefined ? {} : { units: info.units }),
    time: evaluator.times[evaluator.rows - 1]!,
    base: baseValue,
    bars,
  };
}
