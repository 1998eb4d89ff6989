/**
 * A tornado chart as plain data: the parameters that move a chosen output most, each as a bar
 * from the output's value in the current run to its value with the parameter at the low (and
 * the high) end of its range, the largest swing on top. Pure; drawn by tornado-chart-view.ts.
 */
import type { TornadoResult } from '../../../state/explorer-monte-carlo.ts';
import { shownUnits } from '../../../state/explorer-selectors.ts';
import { formatValue } from '../../charts/format-value.ts';
import { seriesColor } from '../../charts/palette.ts';
import { t } from '../../i18n.ts';

export const TORNADO_BARS = 10;

export interface TornadoChartVm {
  readonly labels: readonly string[];
  readonly low: readonly (readonly [number, number])[];
  readonly high: readonly (readonly [number, number])[];
  readonly lowColor: string;
  readonly highColor: string;
  readonly base: number;
  readonly xTitle: string;
  readonly description: string;
  /** Rows for the table under the chart. */
  readonly rows: readonly { readonly label: string; readonly range: string; readonly lowValue: string; readonly highValue: string; readonly swing: string }[];
}

export function tornadoChartVm(tornado: TornadoResult, timeUnits: string): TornadoChartVm {
  const bars = tornado.bars.filter((bar) => Number.isFinite(bar.swing)).slice(0, TORNADO_BARS);
  const shown = shownUnits(tornado.units);
  const units = shown ? ` (${shown})` : '';
  const top = bars.slice(0, 3).map((bar) => t('explorer.tornadoItem', { parameter: bar.label, swing: formatValue(bar.swing) }));
  return {
    labels: bars.map((bar) => bar.label),
    low: bars.map((bar) => [tornado.base, bar.lowValue] as const),
    high: bars.map((bar) => [tornado.base, bar.highValue] as const),
    lowColor: seriesColor(0),
    highColor: seriesColor(1),
    base: tornado.base,
    xTitle: t('explorer.tornadoAxis', { output: tornado.label, units, time: formatValue(tornado.time), timeUnits: timeUnits.toLowerCase() }),
    description:
      bars.length === 0
        ? t('explorer.tornadoNone')
        : t('explorer.tornadoDescription', { output: tornado.label, base: formatValue(tornado.base), top: new Intl.ListFormat('en').format(top) }),
    rows: bars.map((bar) => ({
      label: bar.label,
      range: `${formatValue(bar.low)} – ${formatValue(bar.high)}`,
      lowValue: formatValue(bar.lowValue),
      highValue: formatValue(bar.highValue),
      swing: formatValue(bar.swing),
    })),
  };
}
