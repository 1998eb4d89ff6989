/**
 * The debrief's charts as view models: "now vs later" per side, cumulative profit of both sides,
 * and the two yardsticks. Plain numbers in, series, marks and words out. Pure.
 */
import type { CumulativeContent, ProfitChartContent } from '../../state/debrief/index.ts';
import { renderParagraph, type RoundWords } from '../debrief/render-statement.ts';
import { formatNumber, t } from '../i18n.ts';
import { layoutMarkers, seriesTable, type LineSeriesVm, type MarkedLineChartVm } from './marked-line-chart-vm.ts';
import { seriesColor } from './palette.ts';

/** The cooperative path and the opening habit keep the same colours on every chart. */
export const COOPERATIVE_COLOR = seriesColor(2);
export const OPENING_COLOR = seriesColor(3);
export const QUICK_FIX_COLOR = seriesColor(6);
const SOLID: readonly number[] = [];
const DASHED: readonly number[] = [8, 4];
const DOTTED: readonly number[] = [2, 3];

export type { RoundWords };

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const money = (value: number | undefined): string => formatNumber(value ?? Number.NaN, 1);

const NOW_MARKS: Readonly<Record<ProfitChartContent['marks'][number]['kind'], string>> = {
  'fell-behind': 'debrief.now.markFellBehind',
  'quick-fix-behind': 'debrief.now.markQuickFixBehind',
  'back-on-terms': 'debrief.now.markBackOnTerms',
  'cooperative-from': 'debrief.now.markCooperativeFrom',
  'paid-back': 'debrief.now.markPaidBack',
};

/** One side's profit per round: the path played against the cooperative path (or, for a game that was the cooperative path, against both quick fixes), with the opening habit when there was one. */
export function nowVsLaterVm(chart: ProfitChartContent, words: RoundWords): MarkedLineChartVm {
  const rounds = chart.played.length;
  const series: LineSeriesVm[] = [{ id: 'played', label: t('debrief.seriesPlayed'), color: seriesColor(chart.sideIndex), dash: SOLID, width: 2.5, axis: 'y', decimals: 2, values: chart.played }];
  if (chart.cooperative) series.push({ id: 'cooperative', label: t('debrief.seriesCooperative'), color: COOPERATIVE_COLOR, dash: DASHED, width: 2, axis: 'y', decimals: 2, values: chart.cooperative });
  if (chart.quickFix) series.push({ id: 'quick-fix', label: t('debrief.seriesQuickFix'), color: QUICK_FIX_COLOR, dash: DASHED, width: 2, axis: 'y', decimals: 2, values: chart.quickFix });
  if (chart.opening) series.push({ id: 'opening', label: t('debrief.seriesOpening'), color: OPENING_COLOR, dash: DOTTED, width: 2, axis: 'y', decimals: 2, values: chart.opening });
  const summary = renderParagraph(chart.statements, words);
  const title = t('debrief.nowChartTitle', { side: chart.side.name, unit: words.unit });
  return {
    id: `now-vs-later-${chart.sideIndex}`,
    title,
    description: t('debrief.nowChartDescription', { side: chart.side.name, unit: words.unit, playedEnd: money(chart.played.at(-1)), summary }),
    summary,
    xTitle: capitalised(words.unit),
    rounds,
    y: { title: t('debrief.moneyPerRound', { unit: words.unit }) },
    series,
    markers: layoutMarkers(chart.marks.map((mark) => ({ round: mark.round, label: t(NOW_MARKS[mark.kind]) })), rounds),
    table: seriesTable(`${title} ($M)`, capitalised(words.unit), rounds, series),
  };
}

const CUMULATIVE_MARKS: Readonly<Record<CumulativeContent['marks'][number]['kind'], readonly [string, string]>> = {
  'first-breach': ['debrief.cumulative.markFirstBreach', 'debrief.cumulative.markFirstBreachBoth'],
  'back-on-terms': ['debrief.cumulative.markBackOnTerms', 'debrief.cumulative.markBackOnTermsBoth'],
  'cooperative-from': ['debrief.cumulative.markCooperativeFrom', 'debrief.cumulative.markCooperativeFromBoth'],
};

/** One mark per round and kind; the same mark for both sides on the same round becomes one "Both …" mark. */
function cumulativeMarks(marks: CumulativeContent['marks']): { round: number; label: string }[] {
  const groups = new Map<string, { round: number; kind: keyof typeof CUMULATIVE_MARKS; names: string[] }>();
  for (const mark of [...marks].sort((x, y) => x.round - y.round)) {
    const key = `${mark.round}:${mark.kind}`;
    const group = groups.get(key) ?? { round: mark.round, kind: mark.kind, names: [] };
    group.names.push(mark.side.name);
    groups.set(key, group);
  }
  return [...groups.values()].map((group) => {
    const [single, both] = CUMULATIVE_MARKS[group.kind];
    return { round: group.round, label: group.names.length > 1 ? t(both) : t(single, { side: group.names[0]! }) };
  });
}

/** Cumulative profit of both sides on one chart, the cooperative path dashed (left out when the game was the cooperative path). */
export function cumulativeProfitVm(content: CumulativeContent, words: RoundWords): MarkedLineChartVm {
  const rounds = content.sides[0]?.played.length ?? 0;
  const series: LineSeriesVm[] = content.sides.flatMap((entry, index) => [
    { id: `played-${index}`, label: t('debrief.seriesCumulative', { side: entry.side.name }), color: seriesColor(index), dash: SOLID, width: 2.5, axis: 'y' as const, decimals: 1, values: entry.played },
    ...(entry.cooperative
      ? [{ id: `cooperative-${index}`, label: t('debrief.seriesCumulativeCooperative', { side: entry.side.name }), color: seriesColor(index), dash: DASHED, width: 1.5, axis: 'y' as const, decimals: 1, values: entry.cooperative }]
      : []),
  ]);
  const summary = renderParagraph(content.statements, words);
  const title = t('debrief.cumulativeChartTitle');
  return {
    id: 'cumulative-profit',
    title,
    description: t('debrief.cumulativeChartDescription', { summary }),
    summary,
    xTitle: capitalised(words.unit),
    rounds,
    y: { title: '$M' },
    series,
    markers: layoutMarkers(cumulativeMarks(content.marks), rounds),
    table: seriesTable(`${title} ($M)`, capitalised(words.unit), rounds, series),
  };
}

export interface YardstickSide {
  readonly sideName: string;
  readonly kpiLabel: string;
  readonly unit: string;
  readonly decimals: number;
  /** Display-scaled values per round. */
  readonly values: readonly number[];
}

export interface YardstickInput {
  readonly sides: readonly [YardstickSide, YardstickSide];
  readonly events: readonly { readonly name: string; readonly round: number }[];
  readonly words: RoundWords;
}

/** Each side's yardstick KPI on its own axis (left for the first side, right for the second). */
export function yardstickVm(input: YardstickInput): MarkedLineChartVm {
  const { words } = input;
  const [a, b] = input.sides;
  const rounds = a.values.length;
  const series: LineSeriesVm[] = input.sides.map((side, index) => ({
    id: `yardstick-${index}`,
    label: `${side.sideName}: ${side.kpiLabel} (${side.unit})`,
    color: seriesColor(index),
    dash: index === 0 ? SOLID : DASHED,
    width: 2.5,
    axis: index === 0 ? 'y' : 'y1',
    decimals: side.decimals,
    values: side.values,
  }));
  const format = (side: YardstickSide, value: number | undefined) => formatNumber(value ?? Number.NaN, side.decimals);
  const title = t('debrief.yardstickChartTitle');
  const params = {
    sideA: a.sideName,
    kpiA: a.kpiLabel,
    firstA: format(a, a.values[0]),
    lastA: format(a, a.values.at(-1)),
    unitA: a.unit,
    sideB: b.sideName,
    kpiB: b.kpiLabel,
    firstB: format(b, b.values[0]),
    lastB: format(b, b.values.at(-1)),
    unitB: b.unit,
  };
  return {
    id: 'yardsticks',
    title,
    description: t('debrief.yardstickChartDescription', params),
    summary: t('debrief.yardstickChartSummary', params),
    xTitle: capitalised(words.unit),
    rounds,
    y: { title: a.kpiLabel, color: series[0]!.color },
    y1: { title: b.kpiLabel, color: series[1]!.color },
    series,
    markers: layoutMarkers(input.events.filter((event) => event.round <= rounds).map((event) => ({ round: event.round, label: event.name })), rounds),
    table: seriesTable(title, capitalised(words.unit), rounds, series),
  };
}
