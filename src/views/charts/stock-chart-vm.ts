/**
 * What the stock chart shows, as plain data: one series per stock of a run, with colours, axis
 * titles and a sentence describing the chart for people who cannot see it. Pure; the Chart.js
 * widget lives in stock-chart-view.ts.
 */
import type { RunResult } from '../../engine/index.ts';
import { seriesColor } from './palette.ts';

export interface ChartPoint {
  readonly x: number;
  readonly y: number;
}

export interface StockSeriesVm {
  readonly id: string;
  readonly label: string;
  readonly units?: string;
  readonly color: string;
  readonly points: readonly ChartPoint[];
  readonly first: number;
  readonly last: number;
}

export interface StockChartVm {
  readonly xTitle: string;
  /** Set when every stock has the same units. */
  readonly yTitle?: string;
  readonly start: number;
  readonly stop: number;
  readonly series: readonly StockSeriesVm[];
  /** One sentence per stock: "Teacup Temperature falls from 180 to 75.3 Degrees Fahrenheit." */
  readonly summary: readonly string[];
  /** The whole chart in words, for the canvas's accessible name. */
  readonly description: string;
}

const numberFormat = new Intl.NumberFormat('en', { maximumSignificantDigits: 4 });

/** Format a model value for people: at most 4 significant digits. */
export function formatValue(value: number): string {
  return Number.isFinite(value) ? numberFormat.format(value) : String(value);
}

function describeSeries(series: StockSeriesVm): string {
  const units = series.units === undefined ? '' : ` ${series.units}`;
  if (series.first === series.last) return `${series.label} stays at ${formatValue(series.first)}${units}.`;
  const verb = series.last > series.first ? 'rises' : 'falls';
  return `${series.label} ${verb} from ${formatValue(series.first)} to ${formatValue(series.last)}${units}.`;
}

/** Build the chart's view model from a run: every stock, in the order the run lists them. */
export function stockChartVm(run: RunResult, timeUnits: string): StockChartVm {
  const time = run.time;
  const start = time[0] ?? 0;
  const stop = time[time.length - 1] ?? start;
  const series: StockSeriesVm[] = [];
  for (const output of run.outputs) {
    if (output.kind !== 'stock') continue;
    const values = run.series.get(output.id);
    if (values === undefined) continue;
    const points: ChartPoint[] = [];
    for (let i = 0; i < time.length && i < values.length; i++) points.push({ x: time[i] ?? 0, y: values[i] ?? NaN });
    series.push({
      id: output.id,
      label: output.label,
      ...(output.units === undefined ? {} : { units: output.units }),
      color: seriesColor(series.length),
      points,
      first: values[0] ?? NaN,
      last: values[values.length - 1] ?? NaN,
    });
  }
  const units = new Set(series.map((s) => s.units));
  const [onlyUnits] = units;
  const summary = series.map(describeSeries);
  const timeTitle = timeUnits === '' ? 'Time' : `Time (${timeUnits})`;
  const span = `${formatValue(start)} to ${formatValue(stop)}${timeUnits === '' ? '' : ` ${timeUnits.toLowerCase()}`}`;
  const noun = series.length === 1 ? 'stock' : 'stocks';
  return {
    xTitle: timeTitle,
    ...(units.size === 1 && onlyUnits !== undefined ? { yTitle: onlyUnits } : {}),
    start,
    stop,
    series,
    summary,
    description: `Line chart of ${series.length} ${noun} from ${span}. ${summary.join(' ')}`.trim(),
  };
}
