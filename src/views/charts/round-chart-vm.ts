import type { KpiDefinition, RoundOutcome } from '../../rules/index.ts';
import { seriesColor } from './palette.ts';
import { scaledRange, sharedRange, valueAxisRange, type ValueRange } from './value-axis.ts';

/** What one per-round KPI chart draws: pure data, tested without a canvas. */
export interface RoundChartSeries {
  readonly label: string;
  readonly color: string;
  /** One value per played round (display-scaled). */
  readonly values: readonly number[];
  readonly dashed: boolean;
}

export interface RoundChartVm {
  readonly id: string;
  readonly title: string;
  readonly unit: string;
  readonly decimals: number;
  readonly totalRounds: number;
  /** The round to mark (the one just played or being decided). */
  readonly markRound: number;
  readonly series: readonly RoundChartSeries[];
  /** The value axis: the KPIs' declared range when they share one, else fitted to the values (value-axis.ts). */
  readonly yRange: ValueRange;
  /** A sentence for screen readers. */
  readonly description: string;
}

export interface RoundChartSpec {
  readonly id: string;
  readonly title: string;
  readonly kpis: readonly { readonly kpi: KpiDefinition; readonly label: string }[];
}

export function roundChartVm(spec: RoundChartSpec, history: readonly RoundOutcome[], totalRounds: number, markRound: number): RoundChartVm {
  const first = spec.kpis[0]!.kpi;
  const series = spec.kpis.map(({ kpi, label }, index) => ({
    label,
    color: seriesColor(index),
    values: history.map((outcome) => (outcome.kpis[kpi.side]?.[kpi.id] ?? Number.NaN) * kpi.displayScale),
    dashed: index % 2 === 1 && spec.kpis.length > 2,
  }));
  const parts = series.map((s) => {
    const last = s.values.at(-1);
    return last === undefined ? `${s.label}: no quarters played yet` : `${s.label} ${last.toFixed(first.decimals)} in quarter ${s.values.length}`;
  });
  return {
    id: spec.id,
    title: spec.title,
    unit: first.unit,
    decimals: first.decimals,
    totalRounds,
    markRound,
    series,
    yRange: valueAxisRange(
      series.flatMap((s) => s.values),
      sharedRange(spec.kpis.map(({ kpi }) => scaledRange(kpi.range, kpi.displayScale))),
    ),
    description: `${spec.title} (${first.unit}): ${parts.join('; ')}.`,
  };
}
