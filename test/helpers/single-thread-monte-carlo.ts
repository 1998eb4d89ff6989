/**
 * The explorer's Monte Carlo as it was before the pool of workers and the batch calibration: one
 * thread, runs in order from one seeded sequence, each draw's start re-balanced by the rules' own
 * stepped `calibrate`, every point's values sorted on the spot. Kept as the test's reference: the
 * pool must give exactly these bands and this tornado, for any model the cases have.
 */
import { compileModel, type CompiledModel } from '../../src/engine/index.ts';
import { calibrate, loadScenario, mulberry32 } from '../../src/rules/index.ts';
import { quantileSorted, thinnedIndices, type MonteCarloDraw, type MonteCarloRequest } from '../../src/state/explorer-monte-carlo.ts';
import { planOverrides, type Calibrate, type RunPlan } from '../../src/state/explorer-run.ts';

export interface ReferenceResult {
  readonly failedRuns: number;
  readonly fans: readonly { readonly id: string; readonly p5: number[]; readonly p25: number[]; readonly p50: number[]; readonly p75: number[]; readonly p95: number[]; readonly base: number[] }[];
  /** The one-at-a-time bars, computed with the request's own calibration (re-balanced or held). */
  readonly bars: readonly { readonly key: string; readonly lowValue: number; readonly highValue: number }[];
}

function prepare(request: MonteCarloRequest): { model: CompiledModel; calibrate: Calibrate | null } {
  if (request.scenario) {
    const loaded = loadScenario({ folder: request.scenario.folder, gameJson: request.scenario.gameJson, modelSource: request.model.source });
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const scenario = loaded.scenario;
    if (request.recalibrate) return { model: scenario.model, calibrate: (parameters) => calibrate(scenario, parameters) };
    const start = calibrate(scenario, request.plan.parameters);
    return { model: scenario.model, calibrate: (parameters) => ({ ...start, ...parameters }) };
  }
  const compiled = compileModel(request.model.source, { fileName: request.model.fileName });
  if (!compiled.ok) throw new Error('the model does not compile');
  return { model: compiled.model, calibrate: null };
}

/** Whole-horizon plans only (the cases from their start), as the pool is compared on. */
export function singleThreadMonteCarlo(request: MonteCarloRequest): ReferenceResult {
  const { model, calibrate: calibrateOf } = prepare(request);
  const outputIds = [...new Set([...request.outputs, request.tornadoOutput])];
  const planWith = (values: ReadonlyMap<MonteCarloDraw, number>): RunPlan => {
    const parameters = { ...request.plan.parameters };
    const decisions = { ...request.plan.decisions };
    for (const [draw, value] of values) (draw.stage === 'parameter' ? parameters : decisions)[draw.variable] = value;
    return { ...request.plan, parameters, decisions };
  };
  const evaluate = (plan: RunPlan): Float64Array[] => {
    const run = model.run({ overrides: planOverrides(model, calibrateOf, plan), outputs: outputIds });
    return outputIds.map((id) => run.series.get(id)!);
  };
  const base = evaluate(request.plan);
  const rows = base[0]!.length;
  const indices = thinnedIndices(rows, request.maxPoints);
  const random = mulberry32(request.seed);
  const samples: number[][][] = [];
  const drawn = new Map<MonteCarloDraw, number>();
  for (let run = 0; run < request.runs; run++) {
    for (const draw of request.draws) drawn.set(draw, draw.low + (draw.high - draw.low) * random());
    const out = evaluate(planWith(drawn));
    const thinned = out.map((series) => indices.map((i) => Math.fround(series[i]!)));
    if (thinned.every((series, k) => indices.every((i) => Number.isFinite(out[k]![i]!)) && series.length > 0)) samples.push(thinned);
  }
  const fans = request.outputs.map((id) => {
    const k = outputIds.indexOf(id);
    const bands = { p5: [] as number[], p25: [] as number[], p50: [] as number[], p75: [] as number[], p95: [] as number[] };
    indices.forEach((_, j) => {
      const sorted = Float64Array.from(samples.map((sample) => sample[k]![j]!)).sort();
      bands.p5.push(quantileSorted(sorted, 0.05));
      bands.p25.push(quantileSorted(sorted, 0.25));
      bands.p50.push(quantileSorted(sorted, 0.5));
      bands.p75.push(quantileSorted(sorted, 0.75));
      bands.p95.push(quantileSorted(sorted, 0.95));
    });
    return { id, ...bands, base: indices.map((i) => base[k]![i]!) };
  });
  const t = outputIds.indexOf(request.tornadoOutput);
  const finalOf = (plan: RunPlan) => evaluate(plan)[t]![rows - 1]!;
  const bars = request.draws
    .map((draw) => ({ key: draw.key, lowValue: finalOf(planWith(new Map([[draw, draw.low]]))), highValue: finalOf(planWith(new Map([[draw, draw.high]]))) }))
    .sort((a, b) => {
      const swing = (bar: { lowValue: number; highValue: number }) => Math.abs(bar.highValue - bar.lowValue);
      return (Number.isFinite(swing(b)) ? swing(b) : -1) - (Number.isFinite(swing(a)) ? swing(a) : -1);
    });
  return { failedRuns: request.runs - samples.length, fans, bars };
}
