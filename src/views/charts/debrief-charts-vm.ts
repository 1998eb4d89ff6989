/**
 * The debrief's charts as view models: "now vs later" per side, cumulative profit of both sides,
 * and the two yardsticks. Plain numbers in, series, marks and words out. Pure.
 */
import type { Crossing } from '../../rules/index.ts';
import { formatNumber, t } from '../i18n.ts';
import { layoutMarkers, roundsText, seriesTable, type LineSeriesVm, type MarkedLineChartVm } from './marked-line-chart-vm.ts';
import { seriesColor } from './palette.ts';

/** The cooperative path and the opening habit keep the same colours on every chart. */
export const COOPERATIVE_COLOR = seriesColor(2);
export const OPENING_COLOR = seriesColor(3);
export const QUICK_FIX_COLOR = seriesColor(6);
const SOLID: readonly number[] = [];
const DASHED: readonly number[] = [8, 4];
const DOTTED: readonly number[] = [2, 3];

export interface RoundWords {
  /** "quarter" */
  readonly unit: string;
  /** "quarters" */
  readonly units: string;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const money = (value: number | undefined): string => formatNumber(value ?? Number.NaN, 1);

export interface NowVsLaterInput {
  readonly sideName: string;
  /** Position of the side in the scenario (0 or 1): picks its colour. */
  readonly sideIndex: number;
  readonly played: readonly number[];
  readonly cooperative: readonly number[];
  /** Profit had the game stayed with its opening decisions, when those differ from the agreed terms. */
  readonly opening?: readonly number[] | null;
  readonly crossing: Crossing;
  /** True when this game is the cooperative path (both sides kept the terms). */
  readonly samePath: boolean;
  /**
   * For a game that was the cooperative path: the shadow run in which both sides reached for the
   * quick fix, and how it compared (its crossing against the path played). Drawn instead of the
   * cooperative path, which would only hide under the path played.
   */
  readonly quickFix?: { readonly values: readonly number[]; readonly crossing: Crossing } | null;
  /** The round from which the side kept the agreed terms again for good, if it did. */
  readonly backOnTerms?: number | null;
  /** The dip after leaving the opening habit, when there was one. */
  readonly dip?: { readonly switchRound: number; readonly behindRounds: number; readonly paybackRound: number } | null;
  readonly words: RoundWords;
}

function quickFixSentence(side: string, crossing: Crossing, words: RoundWords): string {
  if (crossing.aheadRounds.length === 0) return t('debrief.quickFixNeverAhead', { side, unit: words.unit });
  if (crossing.round === null) return t('debrief.quickFixStayedAhead', { side, aheadText: roundsText(crossing.aheadRounds, words.unit, words.units) });
  const before = crossing.aheadRounds.filter((round) => round < crossing.round!);
  return t('debrief.quickFixText', { side, aheadText: roundsText(before, words.unit, words.units), unit: words.unit, round: crossing.round });
}

/** Say in words where the played path ran ahead of the cooperative one and where it fell behind. */
export function crossingSentence(input: Pick<NowVsLaterInput, 'sideName' | 'crossing' | 'samePath' | 'words'>): string {
  const { crossing, words } = input;
  const side = input.sideName;
  if (input.samePath) return t('debrief.crossingSamePath', { side });
  if (crossing.aheadRounds.length === 0) return t('debrief.crossingNeverAhead', { side, unit: words.unit });
  if (crossing.round === null) return t('debrief.crossingStayedAhead', { side, aheadText: roundsText(crossing.aheadRounds, words.unit, words.units) });
  const before = crossing.aheadRounds.filter((round) => round < crossing.round!);
  return t('debrief.crossingText', { side, aheadText: roundsText(before, words.unit, words.units), unit: words.unit, round: crossing.round });
}

export function nowVsLaterVm(input: NowVsLaterInput): MarkedLineChartVm {
  const { words } = input;
  const rounds = input.played.length;
  const quickFix = input.samePath ? input.quickFix : null;
  const series: LineSeriesVm[] = [
    { id: 'played', label: t('debrief.seriesPlayed'), color: seriesColor(input.sideIndex), dash: SOLID, width: 2.5, axis: 'y', decimals: 2, values: input.played },
    quickFix
      ? { id: 'quick-fix', label: t('debrief.seriesQuickFix'), color: QUICK_FIX_COLOR, dash: DASHED, width: 2, axis: 'y', decimals: 2, values: quickFix.values }
      : { id: 'cooperative', label: t('debrief.seriesCooperative'), color: COOPERATIVE_COLOR, dash: DASHED, width: 2, axis: 'y', decimals: 2, values: input.cooperative },
  ];
  if (input.opening) series.push({ id: 'opening', label: t('debrief.seriesOpening'), color: OPENING_COLOR, dash: DOTTED, width: 2, axis: 'y', decimals: 2, values: input.opening });
  const dip = input.dip ? t('debrief.dipText', { ...input.dip, unit: words.unit, units: input.dip.behindRounds === 1 ? words.unit : words.units }) : '';
  const comparison = quickFix ? quickFixSentence(input.sideName, quickFix.crossing, words) : '';
  const summary = [crossingSentence(input), comparison, dip].filter((text) => text !== '').join(' ');
  const title = t('debrief.nowChartTitle', { side: input.sideName, unit: words.unit });
  const crossingRound = input.samePath ? null : input.crossing.round;
  const marks = [
    ...(crossingRound === null ? [] : [{ round: crossingRound, label: t('debrief.crossingAt') }]),
    ...(quickFix?.crossing.round ? [{ round: quickFix.crossing.round, label: t('debrief.quickFixBehindMark') }] : []),
    ...(input.backOnTerms ? [{ round: input.backOnTerms, label: t('debrief.backOnTermsMark') }] : []),
    ...(input.dip ? [{ round: input.dip.paybackRound, label: t('debrief.paidBackMark') }] : []),
  ];
  return {
    id: `now-vs-later-${input.sideIndex}`,
    title,
    description: t('debrief.nowChartDescription', { side: input.sideName, unit: words.unit, playedEnd: money(input.played.at(-1)), cooperativeEnd: money(input.cooperative.at(-1)), crossing: summary }),
    summary,
    xTitle: capitalised(words.unit),
    rounds,
    y: { title: `$M per ${words.unit}` },
    series,
    markers: layoutMarkers(marks, rounds),
    table: seriesTable(`${title} ($M)`, capitalised(words.unit), rounds, series),
  };
}

export interface ConductMark {
  readonly sideName: string;
  readonly round: number;
}

export interface CumulativeInput {
  /** `cooperative` is left out of the chart when the game was the cooperative path (`samePath`). */
  readonly sides: readonly { readonly name: string; readonly played: readonly number[]; readonly cooperative: readonly number[] }[];
  readonly samePath?: boolean;
  /** Each side's first move against the agreed terms (none for a side that kept them). */
  readonly firstBreaches: readonly ConductMark[];
  /** The round from which a side kept the agreed terms again for good. */
  readonly backOnTerms: readonly ConductMark[];
  readonly words: RoundWords;
}

function conductGroups(marks: readonly ConductMark[]): [number, string[]][] {
  const byRound = new Map<number, string[]>();
  for (const mark of [...marks].sort((x, y) => x.round - y.round)) byRound.set(mark.round, [...(byRound.get(mark.round) ?? []), mark.sideName]);
  return [...byRound];
}

/** One mark per round; the same event for both sides on the same round becomes one "Both …" mark. */
function conductMarks(marks: readonly ConductMark[], single: string, both: string): { round: number; label: string }[] {
  return conductGroups(marks).map(([round, names]) => ({ round, label: names.length > 1 ? t(both) : t(single, { side: names[0]! }) }));
}

export function cumulativeProfitVm(input: CumulativeInput): MarkedLineChartVm {
  const { words } = input;
  const rounds = input.sides[0]?.played.length ?? 0;
  const series: LineSeriesVm[] = input.sides.flatMap((side, index) => [
    { id: `played-${index}`, label: t('debrief.seriesCumulative', { side: side.name }), color: seriesColor(index), dash: SOLID, width: 2.5, axis: 'y' as const, decimals: 1, values: side.played },
    ...(input.samePath
      ? []
      : [{ id: `cooperative-${index}`, label: t('debrief.seriesCumulativeCooperative', { side: side.name }), color: seriesColor(index), dash: DASHED, width: 1.5, axis: 'y' as const, decimals: 1, values: side.cooperative }]),
  ]);
  const marks = [...conductMarks(input.firstBreaches, 'debrief.firstBreach', 'debrief.firstBreachBoth'), ...conductMarks(input.backOnTerms, 'debrief.backOnTerms', 'debrief.backOnTermsBoth')];
  const sentences = (list: readonly ConductMark[], single: string, both: string) =>
    conductGroups(list).map(([round, names]) => (names.length > 1 ? t(both, { unit: words.unit, round }) : t(single, { side: names[0]!, unit: words.unit, round })));
  const markWords =
    input.firstBreaches.length === 0
      ? t('debrief.noBreach')
      : [...sentences(input.firstBreaches, 'debrief.breachText', 'debrief.breachTextBoth'), ...sentences(input.backOnTerms, 'debrief.backText', 'debrief.backTextBoth')].join(' ');
  const [a, b] = input.sides;
  const title = t('debrief.cumulativeChartTitle');
  return {
    id: 'cumulative-profit',
    title,
    description: t('debrief.cumulativeChartDescription', {
      sideA: a?.name ?? '',
      endA: money(a?.played.at(-1)),
      coopA: money(a?.cooperative.at(-1)),
      sideB: b?.name ?? '',
      endB: money(b?.played.at(-1)),
      coopB: money(b?.cooperative.at(-1)),
      marks: markWords,
    }),
    summary: markWords,
    xTitle: capitalised(words.unit),
    rounds,
    y: { title: '$M' },
    series,
    markers: layoutMarkers(marks, rounds),
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
