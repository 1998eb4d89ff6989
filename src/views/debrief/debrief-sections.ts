/**
 * DOM builders for the debrief's parts: a section with its heading, a chart figure with its
 * data table, and the payoff, harm, lessons, loop legend and decision tables. They only turn
 * view models into elements; no numbers are computed here.
 */
import type { MarkedLineChartVm, TableVm } from '../charts/marked-line-chart-vm.ts';
import { el } from '../dom.ts';
import { t } from '../i18n.ts';
import type { DiagramLoop, LoopActivity } from './loop-diagram-data.ts';
import type { DecisionTableVm, PayoffTableVm, StockRowVm } from './debrief-tables-vm.ts';

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
  const values = (list: readonly string[]) =>
    el(
      'span',
      { class: 'payoff-values' },
      list.map((value, i) => el('span', { class: 'payoff-value' }, [el('span', { class: 'payoff-side' }, [vm.sideNames[i] ?? '']), ` ${value}`])),
    );
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
            el('td', { class: cell.yourGameBeside ? 'your-game-beside' : '', 'aria-label': cell.label }, [
              values(cell.values),
              // This game's own numbers sit beside the shadow run of the same conduct, never in its place.
              cell.yourGameBeside ? el('span', { class: 'your-game', 'aria-hidden': 'true' }, [el('span', { class: 'your-game-label' }, [t('debrief.yourGame')]), values(vm.yourGame.values)]) : null,
            ]),
          ),
        ]),
      ),
    ),
  ]);
  return el('div', { class: 'payoff' }, [
    scrollBox(vm.caption, table),
    el('p', { class: 'your-game-text' }, [vm.placement.text]),
    el('ul', { class: 'placement' }, vm.placement.reasons.map((line) => el('li', {}, [line]))),
    el('ul', { class: 'reading' }, vm.reading.map((line) => el('li', {}, [line]))),
    el('ul', { class: 'notes' }, vm.notes.map((note) => el('li', {}, [note]))),
  ]);
}

export function stockTable(rows: readonly StockRowVm[], caption: string): HTMLElement {
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
          el('th', { scope: 'col' }, [t('debrief.harmVerdict')]),
        ]),
      ]),
      el(
        'tbody',
        {},
        rows.map((row) =>
          el('tr', { class: row.harm ? 'harm' : row.gain ? 'gain' : '' }, [
            el('th', { scope: 'row' }, [row.label, row.unit ? el('span', { class: 'unit' }, [` (${row.unit})`]) : null]),
            el('td', {}, [row.played]),
            el('td', {}, [row.cooperative]),
            el('td', { class: 'change' }, [row.change, bar(row.bar)]),
            el('td', { class: 'verdict' }, [t(row.harm ? 'debrief.harmVerdictHarm' : row.gain ? 'debrief.harmVerdictGain' : 'debrief.harmVerdictSame')]),
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
  const markText = (mark: NonNullable<DecisionTableVm['rows'][number]['cells'][number]['mark']>) =>
    t(`debrief.mark.${mark.kind}.${mark.direction}`, { value: mark.value });
  return scrollBox(
    vm.caption,
    el('table', { class: 'data-table decision-table', 'data-side': vm.sideId }, [
      el('caption', {}, [vm.caption]),
      el('thead', {}, [el('tr', {}, [el('th', { scope: 'col' }, [roundTitle]), ...vm.columns.map((column) => el('th', { scope: 'col' }, [column.label, el('span', { class: 'unit' }, [` (${column.unit})`])]))])]),
      el(
        'tbody',
        {},
        vm.rows.map((row) =>
          el('tr', { class: row.filledIn ? 'filled-in' : '' }, [
            el('th', { scope: 'row' }, [String(row.round), row.filledIn ? el('span', { class: 'filled-in-mark', title: t('debrief.filledIn') }, [' *']) : null]),
            ...row.cells.map((cell) =>
              el('td', { class: cell.mark ? cell.mark.kind : '' }, [
                cell.text,
                cell.mark ? el('span', { class: 'breach-mark', 'aria-hidden': 'true' }, [cell.mark.direction === 'above' ? ' ▲' : ' ▼']) : null,
                cell.mark ? el('span', { class: 'visually-hidden' }, [` (${markText(cell.mark)})`]) : null,
              ]),
            ),
          ]),
        ),
      ),
    ]),
  );
}

/** The case's lessons this game showed (with a title each), those it did not (each with why not), and what else it showed. */
export function lessonLists(shown: readonly { kind: string; text: string }[], notShown: readonly { kind: string; text: string }[], observations: readonly string[]): HTMLElement[] {
  const parts: (HTMLElement | null)[] = [
    el('ol', { class: 'lessons' }, shown.map((lesson) => el('li', { 'data-lesson': lesson.kind }, [el('strong', {}, [`${t(`debrief.lessonTitle.${lesson.kind}`)}. `]), lesson.text]))),
    notShown.length > 0 ? el('h4', {}, [t('debrief.lessonsNotShownHeading')]) : null,
    notShown.length > 0 ? el('ul', { class: 'lessons-not-shown' }, notShown.map((lesson) => el('li', { 'data-lesson': lesson.kind }, [el('strong', {}, [`${t(`debrief.lessonTitle.${lesson.kind}`)}. `]), lesson.text]))) : null,
    observations.length > 0 ? el('h4', {}, [t('debrief.observationsHeading')]) : null,
    observations.length > 0 ? el('ul', { class: 'observations' }, observations.map((text) => el('li', {}, [text]))) : null,
  ];
  return parts.filter((node): node is HTMLElement => node !== null);
}
