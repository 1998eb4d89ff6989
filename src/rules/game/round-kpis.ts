import type { Sim } from '../../engine/index.ts';
import { compileFormula, FormulaError, type CompiledFormula, type FormulaArgument } from '../formula/formula.ts';
import type { KpiDefinition } from '../scenario/scenario-schema.ts';

/**
 * KPIs are formulas over one round of the model's saved series (the models save every DT):
 * end(X) and start(X) at the round's boundaries, change(X) between them, last(X) at the last
 * step inside the round, sum(X) the integral of a rate over the round, mean(X) its average.
 */
export const KPI_FUNCTIONS: ReadonlySet<string> = new Set(['end', 'start', 'change', 'last', 'sum', 'mean']);

export interface RoundWindow {
  readonly sim: Sim;
  readonly startTime: number;
  readonly endTime: number;
}

export type KpiValues = Record<string, number>;

export interface CompiledKpi {
  readonly definition: KpiDefinition;
  readonly evaluate: CompiledFormula;
}

export function compileKpis(definitions: readonly KpiDefinition[]): CompiledKpi[] {
  return definitions.map((definition) => ({ definition, evaluate: compileFormula(definition.formula) }));
}

/** Evaluates every KPI for one round; keyed by side, then KPI id. */
export function evaluateRoundKpis(kpis: readonly CompiledKpi[], window: RoundWindow): Record<string, KpiValues> {
  const times = window.sim.getTimes();
  const dt = window.sim.specs.dt;
  const indexOf = (time: number): number => {
    // Saved times are start + i × save step; find the row by rounding, never by float equality.
    const step = times.length > 1 ? times[1]! - times[0]! : dt;
    return Math.round((time - times[0]!) / step);
  };
  const startIndex = indexOf(window.startTime);
  const endIndex = indexOf(window.endTime);
  const width = times.length > 1 ? times[1]! - times[0]! : dt;
  const cache = new Map<string, Float64Array>();
  const series = (argument: FormulaArgument): Float64Array => {
    if (argument.name === undefined) throw new FormulaError('round functions take a model variable name, e.g. sum(Shipments)');
    let values = cache.get(argument.name);
    if (!values) {
      values = window.sim.getSeries(argument.name);
      cache.set(argument.name, values);
    }
    return values;
  };
  const sum = (values: Float64Array): number => {
    let total = 0;
    for (let i = startIndex; i < endIndex; i++) total += values[i]! * width;
    return total;
  };
  const functions = {
    end: ([x]: readonly FormulaArgument[]) => series(x!)[endIndex]!,
    start: ([x]: readonly FormulaArgument[]) => series(x!)[startIndex]!,
    change: ([x]: readonly FormulaArgument[]) => series(x!)[endIndex]! - series(x!)[startIndex]!,
    last: ([x]: readonly FormulaArgument[]) => series(x!)[endIndex - 1]!,
    sum: ([x]: readonly FormulaArgument[]) => sum(series(x!)),
    mean: ([x]: readonly FormulaArgument[]) => sum(series(x!)) / (window.endTime - window.startTime),
  };
  const result: Record<string, KpiValues> = {};
  for (const kpi of kpis) {
    const value = kpi.evaluate({ value: () => undefined, functions });
    (result[kpi.definition.side] ??= {})[kpi.definition.id] = value;
  }
  return result;
}
