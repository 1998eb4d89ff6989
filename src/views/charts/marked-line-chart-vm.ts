/**
 * What a debrief line chart shows, as plain data: series over the rounds of a game, rounds marked
 * with a label (a crossing, a first breach, an event), an optional second value axis, and the
 * same numbers as a table for people who cannot see the chart. Pure; the Chart.js widget lives
 * in marked-line-chart-view.ts.
 */
import { formatNumber } from '../i18n.ts';
import type { ValueRange } from './value-axis.ts';

export interface LineSeriesVm {
  readonly id: string;
  readonly label: string;
  readonly color: string;
  /** Dash pattern in pixels; empty for a solid line. */
  readonly dash: readonly number[];
  readonly width: number;
  /** The value axis: `y` on the left, `y1` on the right. */
  readonly axis: 'y' | 'y1';
  readonly decimals: number;
  /** One value per round, index 0 = round 1. */
  readonly values: readonly number[];
}

export interface MarkerVm {
  readonly round: number;
  readonly label: string;
  /** Label row from the top (0, 1, …), so that labels of nearby rounds do not overlap. */
  readonly row: number;
  /** Which side of the line the label extends to. */
  readonly align: 'right' | 'left';
}

export interface AxisVm {
  readonly title: string;
  /** Colour of the title and ticks when the axis belongs to one series. */
  readonly color?: string;
  /** The quantity's declared range (display-scaled), when it has one: the axis spans it. */
  readonly range?: ValueRange;
}

export interface TableVm {
  readonly caption: string;
  readonly columns: readonly string[];
  readonly rows: readonly { readonly header: string; readonly cells: readonly string[] }[];
}

export interface MarkedLineChartVm {
  readonly id: string;
  readonly title: string;
  /** The chart in words, for the canvas's accessible name. */
  readonly description: string;
  /** What to read off the chart, shown under it. */
  readonly summary: string;
  readonly xTitle: string;
  readonly rounds: number;
  readonly y: AxisVm;
  readonly y1?: AxisVm;
  readonly series: readonly LineSeriesVm[];
  readonly markers: readonly MarkerVm[];
  readonly table: TableVm;
}

/** Label width estimate: 12 px system font, generously. */
const CHAR_WIDTH = 6.8;
const LABEL_PADDING = 10;
/** The narrowest plot the layout plans for, in pixels per round span (a 20-round chart about 400 px wide). */
const MIN_PLOT_WIDTH = 400;

/**
 * Place marker labels: marks on the same round are merged into one label; a label runs to the
 * right of its line unless it would leave the plot, then to the left; and a label that would
 * overlap one already placed goes one row further down. Widths are estimated for the narrowest
 * plot, so a wider one only leaves more room.
 */
export function layoutMarkers(marks: readonly { readonly round: number; readonly label: string }[], rounds: number): MarkerVm[] {
  const byRound = new Map<number, string[]>();
  for (const mark of [...marks].sort((a, b) => a.round - b.round)) {
    const labels = byRound.get(mark.round) ?? [];
    if (!labels.includes(mark.label)) labels.push(mark.label);
    byRound.set(mark.round, labels);
  }
  const span = Math.max(rounds - 1, 1);
  const perRound = MIN_PLOT_WIDTH / span;
  const rows: { from: number; to: number }[][] = [];
  const placed: MarkerVm[] = [];
  for (const [round, labels] of byRound) {
    const label = labels.join(' · ');
    const width = (label.length * CHAR_WIDTH + LABEL_PADDING) / perRound;
    const align = round + width <= rounds ? 'right' : 'left';
    const interval = align === 'right' ? { from: round, to: round + width } : { from: round - width, to: round };
    let row = rows.findIndex((taken) => taken.every((other) => interval.to <= other.from || interval.from >= other.to));
    if (row < 0) row = rows.push([]) - 1;
    rows[row]!.push(interval);
    placed.push({ round, label, row, align });
  }
  return placed;
}

/** The numbers of every series, one row per round: the chart's data-table alternative. */
export function seriesTable(caption: string, roundTitle: string, rounds: number, series: readonly LineSeriesVm[]): TableVm {
  return {
    caption,
    columns: [roundTitle, ...series.map((s) => s.label)],
    rows: Array.from({ length: rounds }, (_, i) => ({
      header: String(i + 1),
      cells: series.map((s) => formatNumber(s.values[i] ?? Number.NaN, s.decimals)),
    })),
  };
}

/** Rounds as short ranges: [7, 8, 9, 12] → "7–9 and 12". */
export function roundRanges(rounds: readonly number[]): string {
  const sorted = [...new Set(rounds)].sort((a, b) => a - b);
  const ranges: string[] = [];
  let start = sorted[0];
  for (let i = 0; i < sorted.length; i++) {
    const current = sorted[i]!;
    const next = sorted[i + 1];
    if (next === current + 1) continue;
    ranges.push(start === current ? String(current) : `${start}–${current}`);
    start = next;
  }
  return new Intl.ListFormat('en', { type: 'conjunction' }).format(ranges);
}

/** "quarter 7" or "quarters 7–10 and 13". */
export function roundsText(rounds: readonly number[], unit: string, units: string): string {
  return `${new Set(rounds).size === 1 ? unit : units} ${roundRanges(rounds)}`;
}
