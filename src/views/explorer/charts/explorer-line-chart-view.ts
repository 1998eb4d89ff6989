/**
 * The Chart.js widget for an ExplorerLineChartVm (branch overlays and fan charts): one Chart on
 * one canvas, a dashed vertical mark where a what-if starts, bands filled to the dataset before.
 */
import { Chart, Filler, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip, type ChartConfiguration, type Plugin } from 'chart.js';
import { formatValue } from '../../charts/format-value.ts';
import { markDrawnAxis } from '../../charts/drawn-axis.ts';
import type { ExplorerLineChartVm, Point } from './branch-chart-vm.ts';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip, Filler);

const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const TEXT = '#374151';
const GRID = '#e5e7eb';

type LineChart = Chart<'line', Point[]>;

const whatIfMark: Plugin<'line'> & { marks: WeakMap<Chart, { x: number; label: string }> } = {
  id: 'explorerWhatIfMark',
  marks: new WeakMap(),
  afterDatasetsDraw(chart) {
    const mark = whatIfMark.marks.get(chart);
    const x = chart.scales['x'];
    if (!mark || !x) return;
    const { top, bottom, right } = chart.chartArea;
    const px = x.getPixelForValue(mark.x);
    const context = chart.ctx;
    context.save();
    context.strokeStyle = '#4b5563';
    context.lineWidth = 1.25;
    context.setLineDash([5, 4]);
    context.beginPath();
    context.moveTo(px, top);
    context.lineTo(px, bottom);
    context.stroke();
    context.font = `12px ${FONT_FAMILY}`;
    context.textBaseline = 'top';
    const width = context.measureText(mark.label).width;
    const textX = Math.min(px + 4, right - width - 2);
    context.fillStyle = 'rgba(255, 255, 255, 0.85)';
    context.fillRect(textX - 2, top + 2, width + 4, 16);
    context.fillStyle = TEXT;
    context.fillText(mark.label, textX, top + 3);
    context.restore();
  },
};

function configuration(vm: ExplorerLineChartVm): ChartConfiguration<'line', Point[]> {
  const title = (text: string | null) => ({ display: text !== null && text !== '', text: text ?? '', color: TEXT, font: { family: FONT_FAMILY, size: 12 } });
  const hidden = new Set(vm.datasets.filter((dataset) => dataset.hiddenInLegend).map((dataset) => dataset.key));
  return {
    type: 'line',
    data: {
      datasets: vm.datasets.map((dataset) => ({
        label: dataset.label,
        data: [...dataset.points],
        borderColor: dataset.color,
        backgroundColor: dataset.fillToPrevious ?? dataset.color,
        borderWidth: dataset.width,
        borderDash: [...dataset.dash],
        fill: dataset.fillToPrevious ? '-1' : false,
        pointRadius: 0,
        pointHoverRadius: dataset.width > 0 ? 3 : 0,
        pointHitRadius: 6,
        tension: 0,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      interaction: { mode: 'index', intersect: false },
      font: { family: FONT_FAMILY },
      color: TEXT,
      scales: {
        x: { type: 'linear', min: vm.start, max: vm.stop, title: title(vm.xTitle), grid: { color: GRID }, ticks: { color: TEXT, maxTicksLimit: 11 } },
        // The units are in the chart's caption; Chart.js picks the tick decimals from the step.
        y: { type: 'linear', min: vm.yRange.min, max: vm.yRange.max, grid: { color: GRID }, ticks: { color: TEXT, maxTicksLimit: 6 } },
      },
      plugins: {
        legend: {
          display: vm.legend,
          position: 'bottom',
          labels: {
            color: TEXT,
            boxWidth: 24,
            boxHeight: 8,
            font: { family: FONT_FAMILY, size: 12 },
            filter: (item, data) => !hidden.has(vm.datasets[item.datasetIndex ?? -1]?.key ?? '') && data.datasets.length > 1,
          },
        },
        tooltip: {
          filter: (item) => !hidden.has(vm.datasets[item.datasetIndex]?.key ?? ''),
          callbacks: {
            title: (items) => `${vm.xTitle}: ${formatValue(items[0]?.parsed.x ?? Number.NaN)}`,
            label: (item) => `${item.dataset.label ?? ''}: ${formatValue(item.parsed.y ?? Number.NaN)}`,
          },
        },
      },
    },
    plugins: [whatIfMark],
  };
}

export class ExplorerLineChartView {
  readonly #chart: LineChart;

  constructor(canvas: HTMLCanvasElement, vm: ExplorerLineChartVm) {
    this.#chart = new Chart(canvas, configuration(vm));
    this.#mark(vm);
    this.#chart.update('none');
    markDrawnAxis(canvas, this.#chart);
  }

  #mark(vm: ExplorerLineChartVm): void {
    if (vm.marker) whatIfMark.marks.set(this.#chart, vm.marker);
    else whatIfMark.marks.delete(this.#chart);
  }

  /** Show another run without rebuilding the widget. */
  update(vm: ExplorerLineChartVm): void {
    const next = configuration(vm);
    this.#mark(vm);
    this.#chart.data = next.data;
    if (next.options) this.#chart.options = next.options;
    this.#chart.update('none');
    markDrawnAxis(this.#chart.canvas, this.#chart);
  }

  destroy(): void {
    whatIfMark.marks.delete(this.#chart);
    this.#chart.destroy();
  }
}
