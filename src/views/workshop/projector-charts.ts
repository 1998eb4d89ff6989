/**
 * A grid of projector charts, one per key KPI, sharing one legend of alliances. Chart.js is
 * imported on first use, and a chart is only created once its box is on screen (Chart.js cannot
 * size a hidden canvas). Views only: the numbers come from kpiTrajectories.
 * pattern: Imperative Shell
 */
import type { KpiTrajectory } from '../../state/workshop-compare.ts';
import { el } from '../dom.ts';
import { t } from '../i18n.ts';
import { allianceColor, projectorChartVm, type ProjectorChartVm } from './projector-chart-vm.ts';
import type * as ChartViewModule from './projector-chart-view.ts';
import type { ProjectorChartView } from './projector-chart-view.ts';

export interface ChartGridInput {
  readonly trajectories: readonly KpiTrajectory[];
  readonly rounds: number;
  readonly markRound: number | null;
  readonly highlight: number | null;
  readonly large: boolean;
}

export interface ChartGrid {
  readonly element: HTMLElement;
  update(input: ChartGridInput): void;
  destroy(): void;
}

let chartModule: Promise<typeof ChartViewModule> | null = null;
const loadCharts = () => (chartModule ??= import('./projector-chart-view.ts'));

/**
 * Create the grid. With `onPick`, the legend's entries are buttons that highlight an alliance
 * (pressed again, they clear it); without it the legend is a plain list.
 */
export function createChartGrid(idPrefix: string, onPick?: (alliance: number | null) => void): ChartGrid {
  const legend = el('ul', { class: 'alliance-legend', 'aria-label': t('projector.legendLabel') });
  const grid = el('div', { class: 'projector-grid' });
  const element = el('div', { class: 'projector-charts', id: idPrefix }, [legend, grid]);
  const figures = new Map<string, { figure: HTMLElement; canvas: HTMLCanvasElement; view: ProjectorChartView | null; vm: ProjectorChartVm }>();
  let legendKey = '';
  let destroyed = false;
  let last: ChartGridInput | null = null;

  const draw = (): void => {
    if (!last || destroyed || !element.isConnected || element.getClientRects().length === 0) return;
    const pending = [...figures.values()].filter((entry) => !entry.view);
    if (pending.length === 0) {
      for (const entry of figures.values()) entry.view!.update(entry.vm);
      return;
    }
    void loadCharts().then(({ ProjectorChartView }) => {
      if (destroyed) return;
      for (const entry of figures.values()) {
        if (entry.view) entry.view.update(entry.vm);
        else if (entry.figure.isConnected) entry.view = new ProjectorChartView(entry.canvas, entry.vm);
      }
    });
  };

  const renderLegend = (input: ChartGridInput): void => {
    const lines = input.trajectories[0]?.lines ?? [];
    const key = JSON.stringify([lines.map((line) => line.name), input.highlight]);
    if (key === legendKey) return;
    legendKey = key;
    legend.replaceChildren(
      ...lines.map((line, index) => {
        const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
        // Set through the CSSOM, not a style attribute, so a strict Content-Security-Policy allows it.
        swatch.style.background = allianceColor(index, lines.length);
        if (!onPick) return el('li', {}, [swatch, line.name]);
        const pressed = input.highlight === line.alliance;
        const button = el('button', { type: 'button', class: 'legend-entry', 'aria-pressed': String(pressed), 'data-alliance': String(line.alliance) }, [swatch, line.name]);
        button.addEventListener('click', () => onPick(pressed ? null : line.alliance));
        return el('li', {}, [button]);
      }),
    );
  };

  return {
    element,
    update(input) {
      last = input;
      renderLegend(input);
      const ids = new Set<string>();
      for (const trajectory of input.trajectories) {
        const vm = projectorChartVm({ trajectory, rounds: input.rounds, markRound: input.markRound, highlight: input.highlight, large: input.large });
        ids.add(vm.id);
        const existing = figures.get(vm.id);
        if (existing) {
          existing.vm = vm;
          continue;
        }
        const canvas = el('canvas', { role: 'img', 'aria-label': vm.description });
        canvas.textContent = vm.description;
        const figure = el('figure', { class: 'projector-chart', 'data-kpi': vm.id }, [
          el('figcaption', { class: 'chart-title' }, [vm.title, el('span', { class: 'unit' }, [` (${vm.unit})`])]),
          el('div', { class: 'chart-box' }, [canvas]),
        ]);
        grid.append(figure);
        figures.set(vm.id, { figure, canvas, view: null, vm });
      }
      for (const [id, entry] of figures) {
        if (ids.has(id)) continue;
        entry.view?.destroy();
        entry.figure.remove();
        figures.delete(id);
      }
      // After layout: the element may have just been attached or shown.
      requestAnimationFrame(draw);
    },
    destroy() {
      destroyed = true;
      for (const entry of figures.values()) entry.view?.destroy();
      figures.clear();
    },
  };
}
