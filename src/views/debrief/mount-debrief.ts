/**
 * The debrief screen: what happened in this game against what the partnership could have made,
 * in charts, tables, a loop diagram and lessons. Everything shown is computed by the rules
 * (debriefAnalysis, lessonsFor) and the view models; this module only assembles the page.
 * pattern: Imperative Shell
 */
import '../../styles/debrief.css';
import { type GameState, type Lesson, type Scenario, type Statement } from '../../rules/index.ts';
import { debriefContent } from '../../state/debrief/index.ts';
import { roundsToCsv } from '../../state/export-csv.ts';
import { cumulativeProfitVm, nowVsLaterVm, yardstickVm, type YardstickSide } from '../charts/debrief-charts-vm.ts';
import { MarkedLineChartView } from '../charts/marked-line-chart-view.ts';
import type { MarkedLineChartVm } from '../charts/marked-line-chart-vm.ts';
import { el } from '../dom.ts';
import { exploreFromGameControl } from '../explorer/explore-from-game.ts';
import { t, useRoundWords } from '../i18n.ts';
import { dominanceBody } from './dominance-section.ts';
import { eventLifetimeLines } from './event-lines.ts';
import { chartFigure, decisionTable, lessonLists, payoffTable, section, stockTable } from './debrief-sections.ts';
import { decisionTablesVm, payoffTableVm, stockRowsVm } from './debrief-tables-vm.ts';
import { loopsBody } from './loop-section.ts';
import { renderParagraph, renderStatement, type RoundWords } from './render-statement.ts';

export interface DebriefInput {
  readonly scenario: Scenario;
  readonly state: GameState;
  /** Called by "Export all rounds as CSV"; without it the page saves the CSV itself. */
  readonly onExportCsv?: () => void;
  /** Open the explorer on this game from a round (the decisions section offers it when given). */
  readonly onExplore?: (fromRound: number) => void;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Save text as a file through a temporary object URL and an `<a download>`. */
function download(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el('a', { href: url, download: fileName, hidden: '' });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Render the debrief into `root` (replacing its content); return a function that removes it. */
export function mountDebrief(root: HTMLElement, input: DebriefInput): () => void {
  const { scenario, state } = input;
  const definition = scenario.definition;
  useRoundWords(definition.rounds);
  const words: RoundWords = { unit: definition.rounds.unit, units: definition.rounds.unitPlural };
  const roundTitle = capitalised(words.unit);
  const content = debriefContent(scenario, state);
  const { analysis, rounds } = content;
  const paragraph = (statements: readonly Statement[]) => renderParagraph(statements, words);

  const charts: { canvas: HTMLCanvasElement; vm: MarkedLineChartVm }[] = [];
  const views: MarkedLineChartView[] = [];
  const figure = (vm: MarkedLineChartVm): HTMLElement => {
    const { figure: element, canvas } = chartFigure(vm);
    charts.push({ canvas, vm });
    return element;
  };

  // (a) Opening, questions, and the yardsticks revealed on request.
  const [yardA, yardB] = content.opening.yardsticks;
  const yardstickSides = [yardA, yardB].map((entry) => ({ sideName: entry.side.name, kpiLabel: entry.label, unit: entry.unit, decimals: entry.decimals, values: entry.values })) as [YardstickSide, YardstickSide];
  const yardsticks = yardstickVm({ sides: yardstickSides, events: content.opening.events, words });
  const yardstickRegion = el('div', { id: 'debrief-yardsticks', class: 'yardsticks', hidden: '' }, [
    el('ul', { class: 'yardstick-list' }, yardstickSides.map((side) => el('li', {}, [t('debrief.yardstickOf', { side: side.sideName, kpi: side.kpiLabel, valueUnit: side.unit })]))),
    el('p', { class: 'muted' }, [t(state.settings.partnerYardstickVisible ? 'debrief.yardstickPartnerVisible' : 'debrief.yardstickPartnerHidden')]),
  ]);
  const reveal = el('button', { type: 'button', class: 'primary', 'aria-expanded': 'false', 'aria-controls': 'debrief-yardsticks' }, [t('debrief.revealYardsticks')]);
  // The yardstick chart is drawn when first revealed: Chart.js cannot size a canvas that is hidden.
  const yardstickChart: { view: MarkedLineChartView | null } = { view: null };
  reveal.addEventListener('click', () => {
    const show = yardstickRegion.hidden;
    yardstickRegion.hidden = !show;
    reveal.setAttribute('aria-expanded', String(show));
    reveal.textContent = t(show ? 'debrief.hideYardsticks' : 'debrief.revealYardsticks');
    if (show && !yardstickChart.view) {
      const { figure: element, canvas } = chartFigure(yardsticks);
      yardstickRegion.append(element);
      yardstickChart.view = new MarkedLineChartView(canvas, yardsticks);
    }
  });
  const openingSection = section('debrief-opening', t('debrief.openingHeading'), [
    el('p', { class: 'lede' }, [definition.debrief.opening]),
    ...eventLifetimeLines(scenario, state).map((line) => el('p', { class: 'event-lifetime' }, [line])),
    el('h4', {}, [t('debrief.questionsHeading')]),
    el('ol', { class: 'questions' }, definition.debrief.questions.map((question) => el('li', {}, [question]))),
    el('p', { class: 'prompt' }, [t('debrief.yardstickPrompt')]),
    el('div', { class: 'button-row' }, [reveal]),
    yardstickRegion,
  ]);

  // (b) Who kept the terms: the one account of conduct every later section reads.
  const conductSection = section('debrief-conduct', t('debrief.conductHeading'), [
    el('p', {}, [t('debrief.conductIntro', { unit: words.unit })]),
    ...content.conduct.terms.map((entry) => el('p', {}, [renderStatement(entry, words)])),
    el('ul', { class: 'conduct-list' }, content.conduct.sides.map((entry) => el('li', { 'data-side': entry.side.id }, [paragraph(entry.statements)]))),
  ]);

  // (c) Now vs later, one chart per side.
  const nowSection = section('debrief-now', t('debrief.nowHeading'), [
    el('p', {}, [paragraph(content.now.intro)]),
    el('div', { class: 'chart-pair' }, content.now.charts.map((chart) => figure(nowVsLaterVm(chart, words)))),
  ]);

  // (d) Cumulative profit of both sides, with each side's first move against the terms and its return.
  const cumulativeSection = section('debrief-cumulative', t('debrief.cumulativeHeading'), [
    el('p', {}, [t(analysis.samePath ? 'debrief.cumulativeIntroSamePath' : 'debrief.cumulativeIntro')]),
    figure(cumulativeProfitVm(content.cumulative, words)),
  ]);

  // (e) The payoff table.
  const payoffSection = section('debrief-payoff', t('debrief.payoffHeading'), [
    el('p', {}, [t('debrief.payoffIntro', { rounds, units: words.units })]),
    payoffTable(payoffTableVm(content.payoff, rounds, words)),
  ]);

  // (f) Where the harm was carried.
  const harmSection = section('debrief-harm', t('debrief.harmHeading'), [
    el('p', {}, [t('debrief.harmIntro', { units: words.units })]),
    el('p', { class: 'takeaway' }, [renderStatement(content.stocks.takeaway, words)]),
    stockTable(stockRowsVm(content.stocks.rows), t('debrief.harmCaption', { unit: words.unit, round: rounds })),
  ]);

  // (f) The loops, and which of them led when.
  const loopsSection = section('debrief-loops', t('debrief.loopsHeading'), loopsBody(scenario, state, words));
  const dominanceSection = section('debrief-dominance', t('debrief.dominanceHeading'), dominanceBody(scenario, state, figure));

  // (g) Lessons: the case's lessons this game showed, those it did not (and why), and what else it showed.
  const lessonText = (lesson: Lesson) => ({ kind: lesson.kind, text: paragraph(lesson.statements) });
  const lessonsSection = section('debrief-lessons', t('debrief.lessonsHeading'), lessonLists(content.lessons.shown.map(lessonText), content.lessons.notShown.map(lessonText), content.lessons.observations.map((entry) => renderStatement(entry, words))));

  // (h) Decisions of both sides.
  const decisionsSection = section('debrief-decisions', t('debrief.decisionsHeading', { unit: words.unit }), [
    el('p', {}, [t('debrief.decisionsIntro')]),
    el('div', { class: 'decision-tables' }, decisionTablesVm(content.decisions, words).map((table) => decisionTable(table, roundTitle))),
    input.onExplore && rounds > 0 ? exploreFromGameControl(rounds, words.unit, input.onExplore) : null,
  ]);

  // (i) Keep a copy.
  const exportButton = el('button', { type: 'button' }, [t('debrief.exportCsv')]);
  exportButton.addEventListener('click', () => {
    if (input.onExportCsv) input.onExportCsv();
    else download(`${definition.id}-rounds.csv`, roundsToCsv(scenario, state), 'text/csv;charset=utf-8');
  });
  const printButton = el('button', { type: 'button' }, [t('debrief.print')]);
  printButton.addEventListener('click', () => window.print());
  const actionsSection = section('debrief-actions', t('debrief.actionsHeading'), [el('div', { class: 'button-row' }, [exportButton, printButton])], 'debrief-actions');

  const sections = [openingSection, conductSection, nowSection, cumulativeSection, payoffSection, harmSection, loopsSection, dominanceSection, lessonsSection, decisionsSection, actionsSection];
  const nav = el('nav', { class: 'debrief-nav', 'aria-label': t('debrief.navLabel') }, [
    el(
      'ul',
      {},
      sections.map((part) => el('li', {}, [el('a', { href: `#${part.id}` }, [part.querySelector('h3')?.textContent ?? part.id])])),
    ),
  ]);
  const article = el('article', { class: 'debrief', 'aria-labelledby': 'debrief-heading' }, [
    el('header', { class: 'debrief-header' }, [
      el('h2', { id: 'debrief-heading', tabindex: '-1' }, [t('debrief.heading', { title: definition.title })]),
      el('p', { class: 'muted' }, [t('debrief.subheading', { rounds, units: words.units })]),
    ]),
    nav,
    ...sections,
  ]);
  root.replaceChildren(article);
  for (const chart of charts) views.push(new MarkedLineChartView(chart.canvas, chart.vm));
  // Print styles change the chart boxes, and Chart.js does not notice by itself (its docs, "Printing resizable charts").
  const resize = (): void => {
    for (const view of views) view.resize();
    yardstickChart.view?.resize();
  };
  window.addEventListener('beforeprint', resize);
  window.addEventListener('afterprint', resize);
  return () => {
    window.removeEventListener('beforeprint', resize);
    window.removeEventListener('afterprint', resize);
    for (const view of views) view.destroy();
    yardstickChart.view?.destroy();
    root.replaceChildren();
  };
}
