/**
 * What one projector chart draws, as plain data: a key KPI with one line per alliance, a colour
 * scale that stays tellable apart for up to about 30 alliances, the highlighted alliance drawn
 * thick over the others, the marked round, and the chart in words. Pure; the Chart.js widget
 * lives in projector-chart-view.ts.
 */
import type { KpiTrajectory } from '../../state/workshop-compare.ts';
import { SERIES_COLORS } from '../charts/palette.ts';
import { valueAxisRange, type ValueRange } from '../charts/value-axis.ts';
import { formatNumber, t } from '../i18n.ts';

export interface AllianceSeriesVm {
  readonly alliance: number;
  readonly label: string;
  readonly color: string;
  readonly width: number;
  /** Grey and drawn behind while another alliance is highlighted. */
  readonly dimmed: boolean;
  readonly values: readonly (number | null)[];
}

export interface ProjectorChartVm {
  readonly id: string;
  readonly title: string;
  readonly unit: string;
  readonly decimals: number;
  /** The x axis runs from round 1 to this one. */
  readonly rounds: number;
  /** The round marked with a vertical line (the latest, or the replay's). */
  readonly markRound: number | null;
  readonly series: readonly AllianceSeriesVm[];
  /** The value axis: the KPI's declared range, else fitted to the values (charts/value-axis.ts). */
  readonly yRange: ValueRange;
  /** The chart in words, the canvas's accessible name. */
  readonly description: string;
  /** Big fonts and lines for a beamer. */
  readonly large: boolean;
}

/**
 * Return the colour of alliance `index` of `count`: the Okabe–Ito palette while it lasts, then
 * hues spread round the wheel with alternating lightness, so neighbours differ in two ways.
 */
export function allianceColor(index: number, count: number): string {
  if (count <= SERIES_COLORS.length) return SERIES_COLORS[index]!;
  const hue = Math.round((index * 360) / count);
  const lightness = index % 2 === 0 ? 38 : 55;
  return `hsl(${hue} 75% ${lightness}%)`;
}

/**
 * Alliances behind the highlighted one are grey and see-through: in their own colours, a bundle
 * of identical lines would add up to a colour that could pass for the highlighted one.
 */
export const DIMMED_COLOR = 'rgb(107 114 128 / 0.3)';

/** Lines get thinner as alliances get more, so 30 of them stay a readable bundle. */
function lineWidth(count: number, large: boolean): number {
  const base = count <= 7 ? 2.5 : count <= 15 ? 1.75 : 1.25;
  return large ? base * 1.5 : base;
}

export interface ProjectorChartInput {
  readonly trajectory: KpiTrajectory;
  readonly rounds: number;
  readonly markRound: number | null;
  /** The alliance to draw thick over the others, if any. */
  readonly highlight: number | null;
  readonly large: boolean;
}

export function projectorChartVm(input: ProjectorChartInput): ProjectorChartVm {
  const { column, lines } = input.trajectory;
  const count = lines.length;
  const width = lineWidth(count, input.large);
  const series = lines.map((line, index) => {
    const highlighted = input.highlight === line.alliance;
    return {
      alliance: line.alliance,
      label: line.name,
      color: input.highlight !== null && !highlighted ? DIMMED_COLOR : allianceColor(index, count),
      width: highlighted ? width * 2.2 : width,
      dimmed: input.highlight !== null && !highlighted,
      values: line.values,
    };
  });
  return { id: `${column.side}-${column.id}`, title: column.label, unit: column.unit, decimals: column.decimals, rounds: Math.max(input.rounds, 1), markRound: input.markRound, series, yRange: valueAxisRange(lines.flatMap((line) => line.values), column.range), description: describe(input), large: input.large };
}

function describe(input: ProjectorChartInput): string {
  const { column, lines } = input.trajectory;
  const round = input.markRound ?? lines.reduce((most, line) => Math.max(most, line.values.length), 0);
  const at = lines.flatMap((line) => {
    const value = line.values[round - 1];
    return typeof value === 'number' ? [{ name: line.name, value }] : [];
  });
  if (at.length === 0) return t('projector.chartDescriptionEmpty', { kpi: column.label, valueUnit: column.unit });
  const best = at.reduce((a, b) => (b.value > a.value ? b : a));
  const worst = at.reduce((a, b) => (b.value < a.value ? b : a));
  const sentence = t('projector.chartDescription', {
    kpi: column.label,
    valueUnit: column.unit,
    count: lines.length,
    rounds: round,
    round,
    best: best.name,
    high: formatNumber(best.value, column.decimals),
    worst: worst.name,
    low: formatNumber(worst.value, column.decimals),
  });
  const highlighted = lines.find((line) => line.alliance === input.highlight);
  return highlighted ? `${sentence} ${t('projector.highlighted', { name: highlighted.name })}` : sentence;
}
