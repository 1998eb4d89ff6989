/**
 * One explorer chart as plain data: a variable over time in the current run and in every pinned
 * branch, with the branch colours, the what-if start marked, and the chart in words for people
 * who cannot see it. Pure; the Chart.js widget is explorer-line-chart-view.ts.
 */
import type { ChartSeriesVm } from '../../../state/explorer-selectors.ts';
import { seriesColor } from '../../charts/palette.ts';
import { t } from '../../i18n.ts';
import { formatValue } from '../../charts/format-value.ts';
import { valueAxisRange, type ValueRange } from '../../charts/value-axis.ts';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface LineDatasetVm {
  readonly key: string;
  readonly label: string;
  readonly color: string;
  readonly width: number;
  readonly dash: readonly number[];
  readonly points: readonly Point[];
  /** Fill down to the dataset just before this one (a band's lower edge), with this colour. */
  readonly fillToPrevious: string | null;
  /** Left out of the legend (a band's upper edge). */
  readonly hiddenInLegend: boolean;
}

export interface ExplorerLineChartVm {
  readonly id: string;
  readonly title: string;
  readonly yTitle: string | null;
  readonly xTitle: string;
  readonly start: number;
  readonly stop: number;
  readonly datasets: readonly LineDatasetVm[];
  /** The value axis: the variable's declared range, else fitted to every line (charts/value-axis.ts). */
  readonly yRange: ValueRange;
  readonly marker: { readonly x: number; readonly label: string } | null;
  /** The chart in words: the canvas's accessible name. */
  readonly description: string;
  /** A legend in the chart (fans); the branch charts share the list of pinned runs above them. */
  readonly legend: boolean;
}

/** The current run is drawn dark and on top; branches in the palette's first five colours. */
export const CURRENT_RUN_COLOR = '#1f2937';

export function branchColor(index: number): string {
  return seriesColor(index);
}

export function pointsOf(time: ArrayLike<number>, values: ArrayLike<number>): Point[] {
  const points: Point[] = [];
  for (let i = 0; i < values.length && i < time.length; i++) points.push({ x: time[i]!, y: values[i]! });
  return points;
}

/** The value axis for these datasets: every point of every line and band counts. */
export function datasetsRange(datasets: readonly LineDatasetVm[], declared: ValueRange | null): ValueRange {
  return valueAxisRange(
    datasets.flatMap((dataset) => dataset.points.map((point) => point.y)),
    declared,
  );
}

/** The value axis in words, for the chart's accessible name. */
export function axisSentence(range: ValueRange): string {
  return t('explorer.valueAxis', { min: formatValue(range.min), max: formatValue(range.max) });
}

export function timeTitle(timeUnits: string): string {
  return timeUnits === '' ? t('explorer.time') : t('explorer.timeIn', { units: timeUnits });
}

function sentence(name: string, values: ArrayLike<number>): string {
  const first = values[0] ?? Number.NaN;
  const last = values[values.length - 1] ?? Number.NaN;
  return t('explorer.lineSummary', { name, first: formatValue(first), last: formatValue(last) });
}

export function branchChartVm(input: {
  readonly series: ChartSeriesVm;
  readonly timeUnits: string;
  readonly marker: { readonly time: number; readonly label: string } | null;
}): ExplorerLineChartVm {
  const { series } = input;
  const current = series.lines.at(-1);
  const start = current?.time[0] ?? 0;
  const stop = current && current.time.length > 0 ? current.time[current.time.length - 1]! : start;
  const datasets: LineDatasetVm[] = series.lines.map((line) => ({
    key: line.key,
    label: line.name,
    color: line.kind === 'current' ? CURRENT_RUN_COLOR : branchColor(line.colorIndex ?? 0),
    width: line.kind === 'current' ? 2.5 : 2,
    dash: [],
    points: pointsOf(line.time, line.values),
    fillToPrevious: null,
    hiddenInLegend: false,
  }));
  const units = series.units ? ` (${series.units})` : '';
  const yRange = datasetsRange(datasets, series.range);
  return {
    id: series.id,
    title: series.label,
    yTitle: series.units,
    xTitle: timeTitle(input.timeUnits),
    start,
    stop,
    datasets,
    yRange,
    marker: input.marker ? { x: input.marker.time, label: input.marker.label } : null,
    legend: false,
    description: `${t('explorer.chartDescription', { variable: `${series.label}${units}`, start: formatValue(start), stop: formatValue(stop), units: input.timeUnits.toLowerCase() })} ${axisSentence(yRange)} ${series.lines.map((line) => sentence(line.name, line.values)).join(' ')}`.trim(),
  };
}
