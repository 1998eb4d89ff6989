/** The demo page's main panel: a titled region with the stock chart and a caption in words. */
import { stockChartVm } from '../charts/stock-chart-vm.ts';
import { StockChartView } from '../charts/stock-chart-view.ts';
import { el } from '../dom.ts';
import type { RunResult } from '../../engine/index.ts';

export interface ModelChartInput {
  readonly title: string;
  readonly fileName: string;
  readonly run: RunResult;
  readonly timeUnits: string;
  readonly dt: number;
  readonly backend: string;
  /** Compiler warnings, already formatted for people. */
  readonly warnings: readonly string[];
}

function warningList(warnings: readonly string[]): HTMLElement | null {
  if (warnings.length === 0) return null;
  const noun = warnings.length === 1 ? 'warning' : 'warnings';
  return el('details', { class: 'warnings' }, [
    el('summary', {}, [`The model compiled with ${warnings.length} ${noun}`]),
    el('ul', { class: 'problems' }, warnings.map((text) => el('li', {}, [el('pre', {}, [text])]))),
  ]);
}

/** Render the chart panel into `root` (replacing its content) and return a function that removes it. */
export function mountModelChart(root: HTMLElement, input: ModelChartInput): () => void {
  const vm = stockChartVm(input.run, input.timeUnits);
  const headingId = 'chart-heading';
  const heading = el('h2', { id: headingId }, [`${input.title}: stocks over time`]);
  const meta = el('p', { class: 'meta' }, [
    `From ${input.fileName}, dt ${input.dt}, computed in this browser by the `,
    el('span', { 'data-testid': 'backend' }, [input.backend]),
    ' back end.',
  ]);

  if (vm.series.length === 0) {
    root.replaceChildren(
      el('section', { class: 'card', 'aria-labelledby': headingId }, [
        heading,
        meta,
        el('p', {}, ['This model has no stocks, so there is nothing to chart.']),
        warningList(input.warnings),
      ]),
    );
    return () => root.replaceChildren();
  }

  const canvas = el('canvas', { role: 'img', 'aria-label': vm.description });
  canvas.textContent = vm.description;
  const section = el('section', { class: 'card', 'aria-labelledby': headingId }, [
    heading,
    meta,
    el('figure', {}, [
      el('div', { class: 'chart-box' }, [canvas]),
      el('figcaption', {}, [el('ul', { class: 'summary' }, vm.summary.map((line) => el('li', {}, [line])))]),
    ]),
    warningList(input.warnings),
  ]);
  root.replaceChildren(section);
  const view = new StockChartView(canvas, vm);
  return () => {
    view.destroy();
    root.replaceChildren();
  };
}
