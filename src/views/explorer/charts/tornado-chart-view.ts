/**
 * The Chart.js widget for a TornadoChartVm: horizontal floating bars from the current run's
 * value to the value with each parameter at the low and the high end of its range.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';
import { formatValue } from '../../charts/format-value.ts';
import { t } from '../../i18n.ts';
import type { TornadoChartVm } from './tornado-chart-vm.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const TEXT = '#374151';
const GRID = '#e5e7eb';

type Range = [number, number];

function configuration(vm: TornadoChartVm): ChartConfiguration<'bar', Range[], string> {
  return {
    type: 'bar',
    data: {
      labels: [...vm.labels],
      datasets: [
        { label: t('explorer.tornadoLow'), data: vm.low.map(([a, b]) => [a, b] as Range), backgroundColor: vm.lowColor, borderColor: vm.lowColor, borderSkipped: false, barPercentage: 0.9, categoryPercentage: 0.8, grouped: false },
        { label: t('explorer.tornadoHigh'), data: vm.high.map(([a, b]) => [a, b] as Range), backgroundColor: vm.highColor, borderColor: vm.highColor, borderSkipped: false, barPercentage: 0.9, categoryPercentage: 0.8, grouped: false },
      ],
    },
    options: {
      indexAxis: 'y',
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      font: { family: FONT_FAMILY },
      color: TEXT,
      scales: {
        x: { type: 'linear', title: { display: true, text: vm.xTitle, color: TEXT }, grid: { color: GRID }, ticks: { color: TEXT, maxTicksLimit: 7, callback: (value) => formatValue(Number(value)) } },
        y: { type: 'category', grid: { display: false }, ticks: { color: TEXT, autoSkip: false } },
      },
      plugins: {
        legend: { position: 'bottom', labels: { color: TEXT, boxWidth: 14, boxHeight: 10, font: { family: FONT_FAMILY, size: 12 } } },
        tooltip: {
          callbacks: {
            label: (item) => {
              const range = item.raw as Range;
              return `${item.dataset.label ?? ''}: ${formatValue(range[1])} (${t('explorer.tornadoFrom', { base: formatValue(range[0]) })})`;
            },
          },
        },
      },
    },
  };
}

export class TornadoChartView {
  readonly #chart: Chart<'bar', Range[], string>;

  constructor(canvas: HTMLCanvasElement, vm: TornadoChartVm) {
    this.#chart = new Chart(canvas, configuration(vm));
  }

  update(vm: TornadoChartVm): void {
    const next = configuration(vm);
    this.#chart.data = next.data;
    if (next.options) this.#chart.options = next.options;
    this.#chart.update('none');
  }

  destroy(): void {
    this.#chart.destroy();
  }
}
