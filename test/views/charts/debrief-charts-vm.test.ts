import { describe, expect, it } from 'vitest';
import { debriefContent } from '../../../src/state/debrief/index.ts';
import { COOPERATIVE_COLOR, OPENING_COLOR, QUICK_FIX_COLOR, cumulativeProfitVm, nowVsLaterVm, yardstickVm } from '../../../src/views/charts/debrief-charts-vm.ts';
import { seriesColor } from '../../../src/views/charts/palette.ts';
import { scenario } from '../../helpers/scenarios.ts';
import { dealerCooperativeGame, dealerReflexGame, pgSwitchGame } from '../debrief/debrief-games.ts';

const words = { unit: 'quarter', units: 'quarters' };
const dealer = scenario('dealer-alliance');
const reflex = debriefContent(dealer, dealerReflexGame(dealer));
const cooperative = debriefContent(dealer, dealerCooperativeGame(dealer));
const pg = scenario('pg-walmart');
const switched = debriefContent(pg, pgSwitchGame(pg));

describe('nowVsLaterVm', () => {
  it('sets the path played against the cooperative path, told apart by dash as well as colour', () => {
    const vm = nowVsLaterVm(reflex.now.charts[0]!, words);
    expect(vm.series.map((s) => s.id)).toEqual(['played', 'cooperative']);
    expect(vm.series[0]!.values).toEqual(reflex.analysis.played.profit.get('manufacturer'));
    expect(vm.series[1]!.values).toEqual(reflex.analysis.cooperative.profit.get('manufacturer'));
    expect(vm.series.map((s) => s.color)).toEqual([seriesColor(0), COOPERATIVE_COLOR]);
    expect(vm.series[0]!.dash).not.toEqual(vm.series[1]!.dash);
    expect(vm.rounds).toBe(20);
  });

  it('marks where the maker fell behind and where it was back on terms, and says so in words', () => {
    const vm = nowVsLaterVm(reflex.now.charts[0]!, words);
    expect(vm.markers.map((m) => m.round)).toEqual([11, 15]);
    expect(vm.summary).toBe('Manufacturer earned more than on the cooperative path in quarters 7–10, and fell behind it in quarter 11: this is where the debrief starts.');
    expect(vm.description).toContain(vm.summary);
  });

  it('adds the opening habit as a dotted line and names the dip of the way out', () => {
    const vm = nowVsLaterVm(switched.now.charts[0]!, words);
    expect(vm.series.map((s) => s.id)).toEqual(['played', 'cooperative', 'opening']);
    expect(vm.series[2]!.color).toBe(OPENING_COLOR);
    expect(vm.summary).toMatch(/After it left the opening habit in quarter 5, it earned less than the habit would have for 2 quarters \(1\.7 \$M in all\)/);
  });

  it('draws one line for a game that was the cooperative path, set against both quick fixes', () => {
    const vm = nowVsLaterVm(cooperative.now.charts[0]!, words);
    expect(vm.series.map((s) => s.id)).toEqual(['played', 'quick-fix']);
    expect(vm.series[1]!.color).toBe(QUICK_FIX_COLOR);
    expect(vm.summary).not.toMatch(/cooperative path in/);
    expect(vm.summary).toMatch(/^Had both reached for the quick fix, Manufacturer would have earned more in quarters 7–10 and less from quarter 11 on/);
  });

  it('carries every number of the chart in its table', () => {
    const vm = nowVsLaterVm(reflex.now.charts[1]!, words);
    expect(vm.table.rows).toHaveLength(20);
    expect(vm.table.columns).toEqual(['Quarter', 'Path played', 'Cooperative path']);
  });
});

describe('cumulativeProfitVm', () => {
  it('draws both sides, played solid and cooperative dashed, in each side’s colour', () => {
    const vm = cumulativeProfitVm(reflex.cumulative, words);
    expect(vm.series.map((s) => s.id)).toEqual(['played-0', 'cooperative-0', 'played-1', 'cooperative-1']);
    expect(vm.series[0]!.color).toBe(vm.series[1]!.color);
    expect(vm.series[0]!.dash).not.toEqual(vm.series[1]!.dash);
  });

  it('merges marks of both sides in the same round into one, and says it in words', () => {
    const vm = cumulativeProfitVm(reflex.cumulative, words);
    expect(vm.markers.map((m) => [m.round, m.label])).toEqual([
      [7, 'Both: first move against the terms'],
      [15, 'Both: back on terms'],
    ]);
    expect(vm.summary).toContain('Manufacturer first moved against the agreed terms in quarter 7.');
    expect(vm.summary).toContain('By the end Manufacturer had 7.0 $M (cooperative path 18.0 $M) and Dealers 8.2 $M (cooperative path 24.8 $M).');
  });

  it('leaves out the cooperative lines of a game that was the cooperative path', () => {
    const vm = cumulativeProfitVm(cooperative.cumulative, words);
    expect(vm.series.map((s) => s.id)).toEqual(['played-0', 'played-1']);
    expect(vm.summary).toMatch(/^Neither side moved against terms that bound it\./);
  });
});

describe('yardstickVm', () => {
  const vm = yardstickVm({
    sides: reflex.opening.yardsticks.map((entry) => ({ sideName: entry.side.name, kpiLabel: entry.label, unit: entry.unit, decimals: entry.decimals, values: entry.values })) as never,
    events: reflex.opening.events,
    words,
  });

  it('gives each yardstick its own axis, left and right, coloured like its line', () => {
    expect(vm.series.map((s) => s.axis)).toEqual(['y', 'y1']);
    expect(vm.y.color).toBe(vm.series[0]!.color);
    expect(vm.y1!.color).toBe(vm.series[1]!.color);
  });

  it('marks the events that began during the game', () => {
    expect(vm.markers.map((m) => [m.round, m.label])).toEqual([[5, 'Market downturn']]);
  });
});
