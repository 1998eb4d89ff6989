/**
 * The Chart.js widget for a MarkedLineChartVm: one line chart over rounds, with dashed vertical
 * marks and their labels drawn by a small plugin, and a second value axis when the view model
 * has one. Only the pieces a line chart needs are registered, so the rest is tree-shaken away.
 */
import { Chart, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip, type ChartConfiguration, type Plugin } from 'chart.js';
import { formatNumber } from '../i18n.ts';
import type { MarkedLineChartVm, MarkerVm } from './marked-line-chart-vm.ts';
import { markDrawnAxis } from './drawn-axis.ts';
import { valueAxisRange } from './value-axis.ts';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const TEXT = '#374151';
const GRID = '#e5e7eb';
const MARK = '#4b5563';
const ROW_HEIGHT = 16;

type Point = { x: number; y: number };
type MarkedChart = Chart<'line', Point[]>;

/** Dashed vertical lines at marked rounds, each with its label in a row above the plot. */
const roundMarks: Plugin<'line'> & { markers: WeakMap<Chart, readonly MarkerVm[]> } = {
  id: 'roundMarks',
  markers: new WeakMap(),
  afterDatasetsDraw(chart) {
    const markers = roundMarks.markers.get(chart) ?? [];
    const x = chart.scales['x'];
    if (!x || markers.length === 0) return;
    const { top, bottom, left, right } = chart.chartArea;
    const context = chart.ctx;
    context.save();
    context.font = `12px ${FONT_FAMILY}`;
    context.textBaseline = 'bottom';
    // Lines first, labels on white over them: a line that passes a lower row's label hides behind it.
    for (const marker of markers) {
      const px = x.getPixelForValue(marker.round);
      context.strokeStyle = MARK;
      context.lineWidth = 1.25;
      context.setLineDash([5, 4]);
      context.beginPath();
      context.moveTo(px, top - 4 - marker.row * ROW_HEIGHT - ROW_HEIGHT / 2);
      context.lineTo(px, bottom);
      context.stroke();
    }
    for (const marker of markers) {
      const px = x.getPixelForValue(marker.round);
      const labelY = top - 4 - marker.row * ROW_HEIGHT;
      // The view model chose the side; clamp to the plot in case the estimate was short.
      const width = context.measureText(marker.label).width;
      const textX = marker.align === 'left' ? Math.max(left, px - 4 - width) : Math.min(px + 4, right - width);
      context.fillStyle = '#ffffff';
      context.fillRect(textX - 3, labelY - ROW_HEIGHT + 2, width + 6, ROW_HEIGHT - 1);
      context.fillStyle = TEXT;
      context.fillText(marker.label, textX, labelY);
    }
    context.restore();
  },
};

function configuration(vm: MarkedLineChartVm): ChartConfiguration<'line', Point[]> {
  const rows = vm.markers.reduce((most, marker) => Math.max(most, marker.row + 1), 0);
  const decimals = new Map(vm.series.map((series) => [series.label, series.decimals]));
  const axisTitle = (text: string, color = TEXT) => ({ display: true, text, color, font: { family: FONT_FAMILY, size: 12 } });
  const rangeOf = (axis: 'y' | 'y1') => valueAxisRange(vm.series.filter((series) => series.axis === axis).flatMap((series) => series.values), (axis === 'y' ? vm.y : vm.y1)?.range);
  return {
    type: 'line',
    data: {
      datasets: vm.series.map((series) => ({
        label: series.label,
        data: series.values.map((y, i) => ({ x: i + 1, y })),
        borderColor: series.color,
        backgroundColor: series.color,
        borderDash: [...series.dash],
        borderWidth: series.width,
        pointRadius: 0,
        pointHoverRadius: 4,
        pointHitRadius: 8,
        tension: 0,
        yAxisID: series.axis,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      interaction: { mode: 'index', intersect: false },
      layout: { padding: { top: rows * ROW_HEIGHT + 4 } },
      font: { family: FONT_FAMILY },
      color: TEXT,
      scales: {
        x: {
          type: 'linear',
          min: 1,
          max: vm.rounds,
          title: axisTitle(vm.xTitle),
          grid: { color: GRID },
          ticks: { color: TEXT, stepSize: 1, autoSkip: true, maxTicksLimit: 21, precision: 0 },
        },
        y: {
          type: 'linear',
          position: 'left',
          ...rangeOf('y'),
          title: axisTitle(vm.y.title, vm.y.color),
          grid: { color: GRID },
          ticks: { color: vm.y.color ?? TEXT, maxTicksLimit: 7 },
        },
        ...(vm.y1
          ? {
              y1: {
                type: 'linear' as const,
                position: 'right' as const,
                ...rangeOf('y1'),
                title: axisTitle(vm.y1.title, vm.y1.color),
                grid: { drawOnChartArea: false },
                ticks: { color: vm.y1.color ?? TEXT, maxTicksLimit: 7 },
              },
            }
          : {}),
      },
      plugins: {
        legend: { position: 'bottom', labels: { color: TEXT, boxWidth: 28, boxHeight: 2, font: { family: FONT_FAMILY, size: 12 } } },
        tooltip: {
          callbacks: {
            title: (items) => `${vm.xTitle} ${items[0]?.parsed.x ?? ''}`,
            label: (item) => `${item.dataset.label ?? ''}: ${formatNumber(item.parsed.y ?? Number.NaN, decimals.get(item.dataset.label ?? '') ?? 2)}`,
          },
        },
      },
    },
    plugins: [roundMarks],
  };
}

export class MarkedLineChartView {
  readonly #chart: MarkedChart;

  constructor(canvas: HTMLCanvasElement, vm: MarkedLineChartVm) {
    this.#chart = new Chart(canvas, configuration(vm));
    roundMarks.markers.set(this.#chart, vm.markers);
    this.#chart.update('none');
    markDrawnAxis(canvas, this.#chart);
  }

  update(vm: MarkedLineChartVm): void {
    const next = configuration(vm);
    roundMarks.markers.set(this.#chart, vm.markers);
    this.#chart.data = next.data;
    if (next.options) this.#chart.options = next.options;
    this.#chart.update('none');
    markDrawnAxis(this.#chart.canvas, this.#chart);
  }

  /** Fit the chart to its box again (after print styles changed it). */
  resize(): void {
    this.#chart.resize();
  }

  destroy(): void {
    roundMarks.markers.delete(this.#chart);
    this.#chart.destroy();
  }
}
