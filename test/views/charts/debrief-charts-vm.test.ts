import { describe, expect, it } from 'vitest';
import { debriefAnalysis } from '../../../src/rules/index.ts';
import { COOPERATIVE_COLOR, OPENING_COLOR, cumulativeProfitVm, nowVsLaterVm, yardstickVm } from '../../../src/views/charts/debrief-charts-vm.ts';
import { seriesColor } from '../../../src/views/charts/palette.ts';
import { scenario } from '../../helpers/scenarios.ts';
import { dealerReflexGame } from '../debrief/debrief-games.ts';

const words = { unit: 'quarter', units: 'quarters' };
const dealer = scenario('dealer-alliance');
const game = dealerReflexGame(dealer);
const analysis = debriefAnalysis(dealer, game);
const makerCrossing = analysis.crossings.find((crossing) => crossing.side === 'manufacturer')!;

function makerNowVsLater(extra: Partial<Parameters<typeof nowVsLaterVm>[0]> = {}) {
  return nowVsLaterVm({
    sideName: 'Manufacturer',
    sideIndex: 0,
    played: analysis.played.profit['manufacturer']!,
    cooperative: analysis.cooperative.profit['manufacturer']!,
    crossing: makerCrossing,
    samePath: false,
    words,
    ...extra,
  });
}

describe('nowVsLaterVm', () => {
  it('sets the path played against the cooperative path, told apart by dash as well as colour', () => {
    const vm = makerNowVsLater();
    expect(vm.series.map((s) => s.id)).toEqual(['played', 'cooperative']);
    expect(vm.series[0]!.values).toEqual(analysis.played.profit['manufacturer']);
    expect(vm.series[1]!.values).toEqual(analysis.cooperative.profit['manufacturer']);
    expect(vm.series.map((s) => s.color)).toEqual([seriesColor(0), COOPERATIVE_COLOR]);
    expect(vm.series[0]!.dash).not.toEqual(vm.series[1]!.dash);
    expect(vm.rounds).toBe(20);
  });

  it('marks the crossing round and names it in words', () => {
    const vm = makerNowVsLater({ backOnTerms: 15 });
    expect(vm.markers.map((m) => m.round)).toEqual([11, 15]);
    expect(vm.summary).toBe('Manufacturer earned more than on the cooperative path in quarters 7–10, and fell behind it from quarter 11: this is where the debrief starts.');
    expect(vm.description).toContain(vm.summary);
  });

  it('adds the opening habit as a dotted third line and names the dip of the way out', () => {
    const vm = makerNowVsLater({ opening: analysis.cooperative.profit['manufacturer']!, dip: { switchRound: 5, behindRounds: 1, paybackRound: 8 } });
    expect(vm.series[2]).toMatchObject({ id: 'opening', color: OPENING_COLOR });
    expect(vm.summary).toContain('less than on the opening habit for 1 quarter: that dip is the price of getting out');
    expect(vm.markers.map((m) => m.label)).toContain('Paid back');
  });

  it('says so when the game was the cooperative path itself, with nothing to mark', () => {
    const vm = makerNowVsLater({ samePath: true });
    expect(vm.markers).toEqual([]);
    expect(vm.summary).toMatch(/played the cooperative path itself/);
  });

  it('carries every number of the chart in its table', () => {
    const vm = makerNowVsLater();
    expect(vm.table.rows).toHaveLength(20);
    expect(vm.table.rows[6]!.cells[0]).toBe(analysis.played.profit['manufacturer']![6]!.toFixed(2));
  });
});

describe('cumulativeProfitVm', () => {
  const vm = cumulativeProfitVm({
    sides: [
      { name: 'Manufacturer', played: [1, 2, 3], cooperative: [1, 2.5, 4] },
      { name: 'Dealers', played: [2, 3, 3.5], cooperative: [2, 4, 6] },
    ],
    firstBreaches: [
      { sideName: 'Manufacturer', round: 2 },
      { sideName: 'Dealers', round: 2 },
    ],
    backOnTerms: [{ sideName: 'Dealers', round: 3 }],
    words,
  });

  it('draws both sides, played solid and cooperative dashed, in each side’s colour', () => {
    expect(vm.series.map((s) => [s.label, s.color, s.dash.length > 0])).toEqual([
      ['Manufacturer', seriesColor(0), false],
      ['Manufacturer, cooperative path', seriesColor(0), true],
      ['Dealers', seriesColor(1), false],
      ['Dealers, cooperative path', seriesColor(1), true],
    ]);
  });

  it('merges first breaches in the same round into one mark, and says it in words', () => {
    expect(vm.markers.map((m) => [m.round, m.label])).toEqual([
      [2, 'Both: first move against the terms'],
      [3, 'Dealers: back on terms'],
    ]);
    expect(vm.summary).toBe('Both sides first moved against the agreed terms in quarter 2. Dealers kept the agreed terms again from quarter 3.');
    expect(vm.description).toMatch(/Manufacturer ends at 3\.0 \(cooperative path 4\.0\)/);
  });
});

describe('yardstickVm', () => {
  const vm = yardstickVm({
    sides: [
      { sideName: 'Manufacturer', kpiLabel: 'Units shipped', unit: 'k units per quarter', decimals: 1, values: [100, 90, 80] },
      { sideName: 'Dealers', kpiLabel: 'Return on capital', unit: '% per year', decimals: 1, values: [20, 10, 5] },
    ],
    events: [{ name: 'Market downturn', round: 2 }, { name: 'Too late', round: 9 }],
    words,
  });

  it('gives each yardstick its own axis, left and right, coloured like its line', () => {
    expect(vm.series.map((s) => s.axis)).toEqual(['y', 'y1']);
    expect(vm.y).toEqual({ title: 'Units shipped', color: seriesColor(0) });
    expect(vm.y1).toEqual({ title: 'Return on capital', color: seriesColor(1) });
  });

  it('marks the events that began during the game', () => {
    expect(vm.markers.map((m) => m.label)).toEqual(['Market downturn']);
    expect(vm.summary).toBe('Units shipped went from 100.0 to 80.0 k units per quarter; Return on capital from 20.0 to 5.0 % per year.');
  });
});
