import { describe, expect, it } from 'vitest';
import type { FanSeries, TornadoResult } from '../../../src/state/explorer-monte-carlo.ts';
import { chartSeries, monteCarloRequest } from '../../../src/state/explorer-selectors.ts';
import { branchChartVm, CURRENT_RUN_COLOR } from '../../../src/views/explorer/charts/branch-chart-vm.ts';
import { fanChartVm } from '../../../src/views/explorer/charts/fan-chart-vm.ts';
import { TORNADO_BARS, tornadoChartVm } from '../../../src/views/explorer/charts/tornado-chart-vm.ts';
import { SERIES_COLORS } from '../../../src/views/charts/palette.ts';
import { makeExplorer } from '../../helpers/explorer-store.ts';

const names = { current: 'Current run', asPlayed: 'As played' };

describe('explorer chart view models', () => {
  it('overlays the branches in their palette colours under the current run, and describes every line', () => {
    const store = makeExplorer();
    store.getState().openCase('dealer-alliance');
    store.getState().pinBranch('Agreed');
    store.getState().setValue('decision:manufacturer.dealerPrice', 125);
    const session = store.getState().session!;
    const vm = branchChartVm({ series: chartSeries(session, 'trust', names)!, timeUnits: 'Quarters', marker: null });
    expect(vm.datasets.map((dataset) => [dataset.label, dataset.color])).toEqual([
      ['Agreed', SERIES_COLORS[0]],
      ['Current run', CURRENT_RUN_COLOR],
    ]);
    expect(vm.datasets[1]!.points).toHaveLength(81);
    expect(vm.start).toBe(0);
    expect(vm.stop).toBe(20);
    expect(vm.yTitle).toBeNull();
    expect(vm.description).toMatch(/^Line chart of Trust from time 0 to 20 quarters\. Value axis from 0 to 1\. Agreed: from 0\.7 to 0\.\d+\. Current run: from 0\.7 to 0\.\d+\.$/);
    // Trust is a 0-to-1 quantity (its KPI declares the range): drawn on 0 to 1, however little it moves.
    expect(vm.yRange).toEqual({ min: 0, max: 1 });
  });

  it('fits the axis of a variable without a declared range to its lines, from zero for a profit', () => {
    const store = makeExplorer();
    store.getState().openCase('dealer-alliance');
    const session = store.getState().session!;
    const series = chartSeries(session, 'cumulative_manufacturer_profit', names)!;
    expect(series.range).toBeNull();
    const vm = branchChartVm({ series, timeUnits: 'Quarters', marker: null });
    const values = Array.from(series.lines.at(-1)!.values);
    expect(vm.yRange.min).toBeLessThanOrEqual(Math.min(0, ...values));
    expect(vm.yRange.max).toBeGreaterThanOrEqual(Math.max(...values));
    expect(vm.yRange.max).toBeLessThan(Math.max(...values) * 1.5);
  });

  it('builds a fan from the bands: each band filled down to its lower edge, the median and the current run as lines', () => {
    const fan: FanSeries = { id: 'x', label: 'Stock', units: 'widgets', time: [0, 1, 2], p5: [1, 0, -1], p25: [1, 1, 0], p50: [1, 2, 2], p75: [1, 3, 4], p95: [1, 4, 6], base: [1, 2, 3] };
    const vm = fanChartVm(fan, 'Months');
    expect(vm.datasets.map((dataset) => [dataset.key, dataset.fillToPrevious !== null, dataset.hiddenInLegend])).toEqual([
      ['p95', false, true],
      ['p5', true, false],
      ['p75', false, true],
      ['p25', true, false],
      ['p50', false, false],
      ['base', false, false],
    ]);
    expect(vm.description).toBe('Fan chart of Stock. At the end (time 2): median 2 widgets; half the runs between 0 and 4; 90 % between -1 and 6. Value axis from -2 to 8.');
    expect(fanChartVm(fan, 'Months', { min: -10, max: 10 }).yRange).toEqual({ min: -10, max: 10 });
  });

  it('ranks at most ten parameters, each a bar from the current value to the low and to the high end', () => {
    const bars = Array.from({ length: 12 }, (_, i) => ({ key: `p${i}`, label: `P${i}`, low: 0, high: 1, lowValue: 10 - i, highValue: 10 + i, swing: 2 * i }));
    const tornado: TornadoResult = { method: 'one-at-a-time', calibration: null, output: 'y', label: 'Y', units: 'dimensionless', time: 60, base: 10, bars: [...bars].reverse() };
    const vm = tornadoChartVm(tornado, 'Months');
    expect(vm.labels).toHaveLength(TORNADO_BARS);
    expect(vm.labels[0]).toBe('P11');
    expect(vm.low[0]).toEqual([10, -1]);
    expect(vm.high[0]).toEqual([10, 21]);
    expect(vm.xTitle).toBe('Y at the end (time 60 months)');
    expect(vm.description).toMatch(/Largest first: P11 \(swing 22\), P10 \(swing 20\), and P9 \(swing 18\)\./);
  });

  it('builds the worker request from the ticked ranges, and says why it cannot start', () => {
    const store = makeExplorer();
    store.getState().openCase('dealer-alliance');
    const built = monteCarloRequest(store.getState().session!);
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.request.draws.every((draw) => draw.stage === 'parameter')).toBe(true);
    expect(built.request.scenario?.gameJson).toContain('"dealer-alliance"');
    expect(built.request.outputs).toEqual(store.getState().session!.charted);
    store.getState().setRange('param:facility_life', { low: 20, high: 10 });
    expect(monteCarloRequest(store.getState().session!)).toEqual({ ok: false, reason: expect.stringMatching(/Facility Life must have its low end below its high end/) });
  });
});
