/**
 * The Chart.js widget for a StockChartVm: owns one Chart on one canvas. Only the Chart.js pieces
 * a line chart over a numeric time axis needs are registered, so the rest is tree-shaken away.
 */
import {
  Chart,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type ChartDataset,
} from 'chart.js';
import { formatValue, type ChartPoint, type StockChartVm } from './stock-chart-vm.ts';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const TEXT_COLOR = '#374151';
const GRID_COLOR = '#e5e7eb';

type LineChart = Chart<'line', ChartPoint[]>;

function datasets(vm: StockChartVm): ChartDataset<'line', ChartPoint[]>[] {
  return vm.series.map((s) => ({
    label: s.units === undefined ? s.label : `${s.label} (${s.units})`,
    data: [...s.points],
    borderColor: s.color,
    backgroundColor: s.color,
    borderWidth: 2,
    pointRadius: 0,
    pointHitRadius: 6,
    tension: 0,
  }));
}

function configuration(vm: StockChartVm): ChartConfiguration<'line', ChartPoint[]> {
  const title = (text: string | undefined) => ({ display: text !== undefined, text: text ?? '', color: TEXT_COLOR });
  return {
    type: 'line',
    data: { datasets: datasets(vm) },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      interaction: { mode: 'index', intersect: false },
      font: { family: FONT_FAMILY },
      color: TEXT_COLOR,
      scales: {
        x: {
          type: 'linear',
          min: vm.start,
          max: vm.stop,
          title: title(vm.xTitle),
          grid: { color: GRID_COLOR },
          ticks: { color: TEXT_COLOR },
        },
        y: {
          type: 'linear',
          title: title(vm.yTitle),
          grid: { color: GRID_COLOR },
          ticks: { color: TEXT_COLOR, callback: (value) => formatValue(Number(value)) },
        },
      },
      plugins: {
        legend: { display: vm.series.length > 1, labels: { color: TEXT_COLOR, boxHeight: 2 } },
        tooltip: {
          callbacks: {
            title: (items) => `${vm.xTitle}: ${formatValue(items[0]?.parsed.x ?? NaN)}`,
            label: (item) => `${item.dataset.label ?? ''}: ${formatValue(item.parsed.y ?? NaN)}`,
          },
        },
      },
    },
  };
}

export class StockChartView {
  readonly #chart: LineChart;

  constructor(canvas: HTMLCanvasElement, vm: StockChartVm) {
    this.#chart = new Chart(canvas, configuration(vm));
  }

  /** Show another run (new parameters, the next round) without rebuilding the widget. */
  update(vm: StockChartVm): void {
    const next = configuration(vm);
    this.#chart.data = next.data;
    if (next.options !== undefined) this.#chart.options = next.options;
    this.#chart.update('none');
  }

  destroy(): void {
    this.#chart.destroy();
  }
}
