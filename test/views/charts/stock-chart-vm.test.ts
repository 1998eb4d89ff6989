import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../../src/engine/index.ts';
import { SERIES_COLORS } from '../../../src/views/charts/palette.ts';
import { formatValue, stockChartVm } from '../../../src/views/charts/stock-chart-vm.ts';

function run(): RunResult {
  return {
    time: Float64Array.from([0, 1, 2]),
    series: new Map([
      ['tea', Float64Array.from([180, 169, 159.1])],
      ['heat_loss', Float64Array.from([11, 9.9, 8.91])],
      ['milk', Float64Array.from([5, 5, 5])],
    ]),
    outputs: [
      { id: 'tea', label: 'Tea', variable: 'tea', kind: 'stock', units: 'Degrees' },
      { id: 'heat_loss', label: 'Heat Loss', variable: 'heat_loss', kind: 'flow' },
      { id: 'milk', label: 'Milk', variable: 'milk', kind: 'stock', units: 'Degrees' },
    ],
  };
}

describe('stockChartVm', () => {
  it('charts every stock and no flow or auxiliary', () => {
    const vm = stockChartVm(run(), 'Minutes');
    expect(vm.series.map((s) => s.id)).toEqual(['tea', 'milk']);
  });

  it('pairs each saved time with the stock value', () => {
    const [tea] = stockChartVm(run(), 'Minutes').series;
    expect(tea?.points).toEqual([
      { x: 0, y: 180 },
      { x: 1, y: 169 },
      { x: 2, y: 159.1 },
    ]);
  });

  it('gives stocks palette colours in order', () => {
    const vm = stockChartVm(run(), 'Minutes');
    expect(vm.series.map((s) => s.color)).toEqual([SERIES_COLORS[0], SERIES_COLORS[1]]);
  });

  it('titles the axes with the time units and the shared stock units', () => {
    const vm = stockChartVm(run(), 'Minutes');
    expect(vm.xTitle).toBe('Time (Minutes)');
    expect(vm.yTitle).toBe('Degrees');
  });

  it('leaves the value axis untitled when stocks have different units', () => {
    const mixed = run();
    const outputs = mixed.outputs.map((o) => (o.id === 'milk' ? { ...o, units: 'Litres' } : o));
    expect(stockChartVm({ ...mixed, outputs }, 'Minutes').yTitle).toBeUndefined();
  });

  it('describes the chart in words', () => {
    const vm = stockChartVm(run(), 'Minutes');
    expect(vm.summary).toEqual(['Tea falls from 180 to 159.1 Degrees.', 'Milk stays at 5 Degrees.']);
    expect(vm.description).toBe(
      'Line chart of 2 stocks from 0 to 2 minutes. Tea falls from 180 to 159.1 Degrees. Milk stays at 5 Degrees.',
    );
  });
});

describe('formatValue', () => {
  it('keeps at most four significant digits', () => {
    expect(formatValue(75.36789)).toBe('75.37');
    expect(formatValue(180)).toBe('180');
  });

  it('spells out values that are not finite', () => {
    expect(formatValue(Number.NaN)).toBe('NaN');
  });
});
