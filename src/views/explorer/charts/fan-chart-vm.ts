/**
 * A fan chart as plain data: the Monte Carlo spread of one variable over time (the 5–95 % and
 * 25–75 % bands as filled areas, the median as a line) with the current run for reference.
 * Pure; drawn by explorer-line-chart-view.ts.
 */
import type { FanSeries } from '../../../state/explorer-monte-carlo.ts';
import { shownUnits } from '../../../state/explorer-selectors.ts';
import { formatValue } from '../../charts/format-value.ts';
import { t } from '../../i18n.ts';
import type { ValueRange } from '../../charts/value-axis.ts';
import { axisSentence, CURRENT_RUN_COLOR, datasetsRange, pointsOf, timeTitle, type ExplorerLineChartVm, type LineDatasetVm } from './branch-chart-vm.ts';

export const FAN_COLOR = '#0072b2';
const OUTER_FILL = 'rgba(0, 114, 178, 0.16)';
const INNER_FILL = 'rgba(0, 114, 178, 0.34)';

export function fanChartVm(fan: FanSeries, timeUnits: string, declared: ValueRange | null = null): ExplorerLineChartVm {
  const band = (key: string, label: string, values: readonly number[], fill: string | null, hidden: boolean): LineDatasetVm => ({
    key,
    label,
    color: 'rgba(0, 0, 0, 0)',
    width: 0,
    dash: [],
    points: pointsOf(fan.time, values),
    fillToPrevious: fill,
    hiddenInLegend: hidden,
  });
  const datasets: LineDatasetVm[] = [
    band('p95', t('explorer.fanOuter'), fan.p95, null, true),
    band('p5', t('explorer.fanOuter'), fan.p5, OUTER_FILL, false),
    band('p75', t('explorer.fanInner'), fan.p75, null, true),
    band('p25', t('explorer.fanInner'), fan.p25, INNER_FILL, false),
    { key: 'p50', label: t('explorer.fanMedian'), color: FAN_COLOR, width: 2, dash: [], points: pointsOf(fan.time, fan.p50), fillToPrevious: null, hiddenInLegend: false },
    { key: 'base', label: t('explorer.fanCurrent'), color: CURRENT_RUN_COLOR, width: 1.5, dash: [5, 4], points: pointsOf(fan.time, fan.base), fillToPrevious: null, hiddenInLegend: false },
  ];
  const last = fan.time.length - 1;
  const start = fan.time[0] ?? 0;
  const stop = fan.time[last] ?? start;
  const shown = shownUnits(fan.units);
  const units = shown ? ` ${shown}` : '';
  const yRange = datasetsRange(datasets, declared);
  return {
    id: `fan-${fan.id}`,
    title: fan.label,
    yTitle: shown,
    xTitle: timeTitle(timeUnits),
    start,
    stop,
    datasets,
    yRange,
    marker: null,
    legend: true,
    description: `${t('explorer.fanDescription', {
      variable: fan.label,
      time: formatValue(stop),
      median: `${formatValue(fan.p50[last] ?? Number.NaN)}${units}`,
      innerLow: formatValue(fan.p25[last] ?? Number.NaN),
      innerHigh: formatValue(fan.p75[last] ?? Number.NaN),
      outerLow: formatValue(fan.p5[last] ?? Number.NaN),
      outerHigh: formatValue(fan.p95[last] ?? Number.NaN),
    })} ${axisSentence(yRange)}`,
  };
}
