/**
 * A per-round KPI chart: one Chart.js line chart with the current quarter marked, plus a table
 * of the same numbers for people who cannot see the chart.
 */
import { CategoryScale, Chart, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip, type Plugin } from 'chart.js';
import { el } from '../dom.ts';
import { formatNumber, t } from '../i18n.ts';
import { markDrawnAxis } from './drawn-axis.ts';
import type { RoundChartVm } from './round-chart-vm.ts';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

const TEXT = '#374151';
const GRID = '#e5e7eb';
const MARK = '#9ca3af';

/** Draws a vertical line at the marked quarter. */
const roundMarker: Plugin<'line'> = {
  id: 'roundMarker',
  afterDatasetsDraw(chart, _args, options: { index?: number }) {
    const index = options.index;
    if (index === undefined || index < 0) return;
    const x = chart.scales['x']!.getPixelForValue(index);
    const { top, bottom } = chart.chartArea;
    const context = chart.ctx;
    context.save();
    context.strokeStyle = MARK;
    context.setLineDash([4, 4]);
    context.beginPath();
    context.moveTo(x, top);
    context.lineTo(x, bottom);
    context.stroke();
    context.restore();
  },
};

export class RoundChartView {
  readonly element: HTMLElement;
  private readonly chart: Chart<'line'>;
  private readonly canvas: HTMLCanvasElement;
  private readonly table: HTMLElement;

  constructor(vm: RoundChartVm) {
    this.canvas = el('canvas', { role: 'img' });
    this.table = el('div');
    this.element = el('figure', { class: 'round-chart' }, [
      el('figcaption', {}, [vm.title, el('span', { class: 'unit' }, [` (${vm.unit})`])]),
      el('div', { class: 'chart-box' }, [this.canvas]),
      el('details', {}, [el('summary', {}, [t('game.showNumbers')]), this.table]),
    ]);
    this.chart = new Chart(this.canvas, {
      type: 'line',
      data: { labels: [], datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { grid: { color: GRID }, ticks: { color: TEXT, maxTicksLimit: 10 } },
          y: { grid: { color: GRID }, ticks: { color: TEXT, maxTicksLimit: 6 } },
        },
        plugins: { legend: { labels: { color: TEXT, boxHeight: 2 } }, tooltip: {} },
      },
      plugins: [roundMarker],
    });
    this.update(vm);
  }

  update(vm: RoundChartVm): void {
    const labels = Array.from({ length: vm.totalRounds }, (_, i) => String(i + 1));
    this.chart.data.labels = labels;
    this.chart.data.datasets = vm.series.map((series) => ({
      label: series.label,
      data: [...series.values],
      borderColor: series.color,
      backgroundColor: series.color,
      borderDash: series.dashed ? [6, 4] : [],
      borderWidth: 2,
      pointRadius: 2,
      tension: 0,
    }));
    (this.chart.options.plugins as Record<string, unknown>)['roundMarker'] = { index: vm.markRound - 1 };
    const y = this.chart.options.scales!['y']!;
    y.min = vm.yRange.min;
    y.max = vm.yRange.max;
    this.chart.update();
    markDrawnAxis(this.canvas, this.chart);
    this.canvas.setAttribute('aria-label', vm.description);
    const rows = vm.series[0]!.values.map((_, round) =>
      el('tr', {}, [el('th', { scope: 'row' }, [String(round + 1)]), ...vm.series.map((series) => el('td', {}, [formatNumber(series.values[round]!, vm.decimals)]))]),
    );
    this.table.replaceChildren(
      el('table', { class: 'data-table' }, [
        el('caption', {}, [`${vm.title} (${vm.unit})`]),
        el('thead', {}, [el('tr', {}, [el('th', { scope: 'col' }, [t('game.quarter')]), ...vm.series.map((series) => el('th', { scope: 'col' }, [series.label]))])]),
        el('tbody', {}, rows),
      ]),
    );
  }

  destroy(): void {
    this.chart.destroy();
  }
}
