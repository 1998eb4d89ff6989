/**
 * The Chart.js widget for a ProjectorChartVm: one line per alliance over the rounds, the marked
 * round as a dashed vertical line with its label, and no legend of its own (the panel shows one
 * legend for all charts). Loaded on demand, so Chart.js stays out of the workshop's first chunk.
 */
import { Chart, LineController, LineElement, LinearScale, PointElement, Tooltip, type ChartConfiguration, type Plugin } from 'chart.js';
import { formatNumber, t } from '../i18n.ts';
import { markDrawnAxis } from '../charts/drawn-axis.ts';
import type { ProjectorChartVm } from './projector-chart-vm.ts';

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip);

const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const TEXT = '#374151';
const GRID = '#e5e7eb';
const MARK = '#4b5563';

type Point = { x: number; y: number | null };
type ProjectorChart = Chart<'line', Point[]>;

/** The marked round: a dashed line and "Round n" on white above the plot. */
const roundMark: Plugin<'line'> & { marks: WeakMap<Chart, { round: number | null; size: number }> } = {
  id: 'projectorRoundMark',
  marks: new WeakMap(),
  afterDatasetsDraw(chart) {
    const mark = roundMark.marks.get(chart);
    const x = chart.scales['x'];
    if (!mark || mark.round === null || !x) return;
    const { top, bottom, left, right } = chart.chartArea;
    const px = x.getPixelForValue(mark.round);
    const context = chart.ctx;
    context.save();
    context.strokeStyle = MARK;
    context.lineWidth = 1.5;
    context.setLineDash([5, 4]);
    context.beginPath();
    context.moveTo(px, top);
    context.lineTo(px, bottom);
    context.stroke();
    const label = t('projector.roundMark', { round: mark.round });
    context.font = `600 ${mark.size}px ${FONT_FAMILY}`;
    context.textBaseline = 'bottom';
    const width = context.measureText(label).width;
    const textX = px + 4 + width <= right ? px + 4 : Math.max(left, px - 4 - width);
    context.fillStyle = '#ffffff';
    context.fillRect(textX - 2, top - mark.size - 4, width + 4, mark.size + 3);
    context.fillStyle = TEXT;
    context.fillText(label, textX, top - 2);
    context.restore();
  },
};

function configuration(vm: ProjectorChartVm): ChartConfiguration<'line', Point[]> {
  const size = vm.large ? 20 : 12;
  const single = vm.series.every((series) => series.values.filter((value) => value !== null).length <= 1);
  // Highlighted and ordinary lines last: Chart.js draws later datasets on top.
  const ordered = [...vm.series].sort((a, b) => Number(!a.dimmed) - Number(!b.dimmed) || a.width - b.width);
  return {
    type: 'line',
    data: {
      datasets: ordered.map((series) => ({
        label: series.label,
        data: series.values.map((y, i) => ({ x: i + 1, y })),
        borderColor: series.color,
        backgroundColor: series.color,
        borderWidth: series.width,
        // Points only while there is a single round: a line needs two.
        pointRadius: single ? series.width + 1 : 0,
        pointHoverRadius: 4,
        pointHitRadius: 6,
        tension: 0,
        spanGaps: false,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      interaction: { mode: 'nearest', axis: 'xy', intersect: false },
      layout: { padding: { top: size + 8, right: 8 } },
      font: { family: FONT_FAMILY, size },
      color: TEXT,
      scales: {
        x: {
          type: 'linear',
          min: 1,
          max: Math.max(vm.rounds, 2),
          title: { display: true, text: t('projector.round'), color: TEXT, font: { family: FONT_FAMILY, size } },
          grid: { color: GRID },
          ticks: { color: TEXT, stepSize: 1, precision: 0, maxTicksLimit: 21, font: { family: FONT_FAMILY, size } },
        },
        y: {
          type: 'linear',
          min: vm.yRange.min,
          max: vm.yRange.max,
          // No axis title: the unit is in the chart's caption, and a long one would not fit beside the axis.
          grid: { color: GRID },
          ticks: { color: TEXT, maxTicksLimit: 7, font: { family: FONT_FAMILY, size } },
        },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          titleFont: { family: FONT_FAMILY, size },
          bodyFont: { family: FONT_FAMILY, size },
          callbacks: {
            title: (items) => t('projector.roundMark', { round: items[0]?.parsed.x ?? '' }),
            label: (item) => `${item.dataset.label ?? ''}: ${formatNumber(item.parsed.y ?? Number.NaN, vm.decimals)}`,
          },
        },
      },
    },
    plugins: [roundMark],
  };
}

export class ProjectorChartView {
  readonly #chart: ProjectorChart;
  readonly #canvas: HTMLCanvasElement;
  #key = '';

  constructor(canvas: HTMLCanvasElement, vm: ProjectorChartVm) {
    this.#canvas = canvas;
    this.#chart = new Chart(canvas, configuration(vm));
    this.update(vm);
  }

  /** Redraw with new data; nothing happens when the view model did not change (the store updates often). */
  update(vm: ProjectorChartVm): void {
    const key = JSON.stringify(vm);
    if (key === this.#key) return;
    this.#key = key;
    const next = configuration(vm);
    roundMark.marks.set(this.#chart, { round: vm.markRound, size: vm.large ? 20 : 12 });
    this.#chart.data = next.data;
    if (next.options) this.#chart.options = next.options;
    this.#chart.update('none');
    markDrawnAxis(this.#canvas, this.#chart);
    this.#canvas.setAttribute('aria-label', vm.description);
    this.#canvas.textContent = vm.description;
  }

  /** Fit the chart to its box again (after projector mode changed it). */
  resize(): void {
    this.#chart.resize();
  }

  destroy(): void {
    roundMark.marks.delete(this.#chart);
    this.#chart.destroy();
  }
}
