/**
 * DOM builders for the debrief's parts: a section with its heading, a chart figure with its
 * data table, and the payoff, harm, lessons, loop legend and decision tables. They only turn
 * view models into elements; no numbers are computed here.
 */
import type { MarkedLineChartVm, TableVm } from '../charts/marked-line-chart-vm.ts';
import { el } from '../dom.ts';
import { t } from '../i18n.ts';
import type { DiagramLoop, LoopActivity } from './loop-diagram-data.ts';
import type { DecisionTableVm, HarmRowVm, PayoffTableVm } from './debrief-tables-vm.ts';

type Child = Node | string | null | undefined | false;

/** A box that scrolls a wide table sideways on a narrow screen, reachable by keyboard and named for screen readers. */
function scrollBox(label: string, table: HTMLElement): HTMLElement {
  return el('div', { class: 'table-scroll', role: 'region', 'aria-label': label, tabindex: '0' }, [table]);
}

/** A labelled section: `<section aria-labelledby>` with an h3. */
export function section(id: string, heading: string, children: readonly Child[], className = ''): HTMLElement {
  return el('section', { id, class: `card debrief-section ${className}`.trim(), 'aria-labelledby': `${id}-heading` }, [el('h3', { id: `${id}-heading` }, [heading]), ...children]);
}

export function dataTable(table: TableVm, className = 'data-table'): HTMLTableElement {
  return el('table', { class: className }, [
    el('caption', {}, [table.caption]),
    el('thead', {}, [el('tr', {}, table.columns.map((column) => el('th', { scope: 'col' }, [column])))]),
    el(
      'tbody',
      {},
      table.rows.map((row) => el('tr', {}, [el('th', { scope: 'row' }, [row.header]), ...row.cells.map((cell) => el('td', {}, [cell]))])),
    ),
  ]);
}

/** A chart (canvas with its description as accessible name), what to read off it, and its numbers as a table. */
export function chartFigure(vm: MarkedLineChartVm): { figure: HTMLElement; canvas: HTMLCanvasElement } {
  const canvas = el('canvas', { role: 'img', 'aria-label': vm.description });
  canvas.textContent = vm.description;
  const figure = el('figure', { class: 'debrief-chart', 'data-chart': vm.id }, [
    el('figcaption', { class: 'chart-title' }, [vm.title]),
    el('div', { class: 'chart-box' }, [canvas]),
    el('p', { class: 'chart-summary' }, [vm.summary]),
    el('details', { class: 'chart-data' }, [el('summary', {}, [t('debrief.showNumbers')]), scrollBox(vm.table.caption, dataTable(vm.table))]),
  ]);
  return { figure, canvas };
}

export function payoffTable(vm: PayoffTableVm): HTMLElement {
  const table = el('table', { class: 'payoff-table' }, [
    el('caption', {}, [vm.caption]),
    el('thead', {}, [el('tr', {}, [el('td', { class: 'corner' }, [vm.corner]), ...vm.columns.map((column) => el('th', { scope: 'col' }, [column]))])]),
    el(
      'tbody',
      {},
      vm.rows.map((row) =>
        el('tr', {}, [
          el('th', { scope: 'row' }, [row.header]),
          ...row.cells.map((cell) =>
            el('td', { class: cell.isThisGame ? 'this-game' : '', 'aria-label': cell.label }, [
              cell.isThisGame ? el('span', { class: 'your-game' }, [t('debrief.yourGame')]) : null,
              el(
                'span',
                { class: 'payoff-values' },
                cell.values.map((value, i) => el('span', { class: 'payoff-value' }, [el('span', { class: 'payoff-side' }, [vm.sideNames[i] ?? '']), ` ${value}`])),
              ),
            ]),
          ),
        ]),
      ),
    ),
  ]);
  return el('div', { class: 'payoff' }, [scrollBox(vm.caption, table), el('ul', { class: 'notes' }, vm.notes.map((note) => el('li', {}, [note])))]);
}

export function harmTable(rows: readonly HarmRowVm[], caption: string): HTMLElement {
  const bar = (value: number) => {
    // Set through the CSSOM, not a style attribute, so a strict Content-Security-Policy allows it.
    const fill = el('span', { class: `bar ${value < 0 ? 'negative' : 'positive'}` });
    fill.style.width = `${Math.round(Math.abs(value) * 50)}%`;
    if (value < 0) fill.style.right = '50%';
    else fill.style.left = '50%';
    return el('span', { class: 'bar-track', 'aria-hidden': 'true' }, [fill]);
  };
  return scrollBox(
    caption,
    el('table', { class: 'data-table harm-table' }, [
      el('caption', {}, [caption]),
      el('thead', {}, [
        el('tr', {}, [
          el('th', { scope: 'col' }, [t('debrief.harmStock')]),
          el('th', { scope: 'col' }, [t('debrief.harmPlayed')]),
          el('th', { scope: 'col' }, [t('debrief.harmCooperative')]),
          el('th', { scope: 'col' }, [t('debrief.harmChange')]),
          el('th', { scope: 'col', class: 'visually-hidden' }, [t('debrief.harmChange')]),
        ]),
      ]),
      el(
        'tbody',
        {},
        rows.map((row) =>
          el('tr', {}, [
            el('th', { scope: 'row' }, [row.variable, row.units ? el('span', { class: 'unit' }, [` (${row.units})`]) : null]),
            el('td', {}, [row.played]),
            el('td', {}, [row.cooperative]),
            el('td', { class: 'change' }, [row.change]),
            el('td', { class: 'bar-cell' }, [bar(row.bar)]),
          ]),
        ),
      ),
    ]),
  );
}

export function loopLegend(loops: readonly DiagramLoop[], activity: readonly LoopActivity[], describe: (activity: LoopActivity | undefined) => string): HTMLElement {
  const symbols = ['legendPlus', 'legendMinus', 'legendDelay', 'legendReinforcing', 'legendBalancing', 'legendActive'].map((key) => el('li', {}, [t(`debrief.${key}`)]));
  return el('div', { class: 'loop-legend' }, [
    el('ul', { class: 'loop-list' }, loops.map((loop) => {
      const state = activity.find((candidate) => candidate.id === loop.id);
      return el('li', { class: state?.active ? 'active' : '', 'data-loop': loop.id }, [
        el('span', { class: 'loop-tag', 'aria-hidden': 'true' }, [loop.tag]),
        el('span', {}, [el('strong', {}, [`${loop.name}. `]), `${loop.description} `, el('em', {}, [describe(state)])]),
      ]);
    })),
    el('div', { class: 'symbols' }, [el('h4', {}, [t('debrief.legendHeading')]), el('ul', {}, symbols)]),
  ]);
}

export function decisionTable(vm: DecisionTableVm, roundTitle: string): HTMLElement {
  return scrollBox(
    vm.caption,
    el('table', { class: 'data-table decision-table', 'data-side': vm.sideId }, [
      el('caption', {}, [vm.caption]),
      el('thead', {}, [el('tr', {}, [el('th', { scope: 'col' }, [roundTitle]), ...vm.columns.map((column) => el('th', { scope: 'col' }, [column.label, el('span', { class: 'unit' }, [` (${column.unit})`])]))])]),
      el(
        'tbody',
        {},
        vm.rows.map((row) =>
          el('tr', {}, [
            el('th', { scope: 'row' }, [String(row.round)]),
            ...row.cells.map((cell) =>
              el('td', { class: cell.breach ? 'breach' : '' }, [
                cell.text,
                cell.breach ? el('span', { class: 'breach-mark', 'aria-hidden': 'true' }, [cell.breach.direction === 'above' ? ' ▲' : ' ▼']) : null,
                cell.breach
                  ? el('span', { class: 'visually-hidden' }, [` (${t(cell.breach.direction === 'above' ? 'debrief.breachAbove' : 'debrief.breachBelow', { value: cell.breach.agreed })})`])
                  : null,
              ]),
            ),
          ]),
        ),
      ),
    ]),
  );
}
