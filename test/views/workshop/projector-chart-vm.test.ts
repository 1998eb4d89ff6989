import { describe, expect, it } from 'vitest';
import { readScenario } from '../../../src/cli/read-scenario.ts';
import type { KpiTrajectory } from '../../../src/state/workshop-compare.ts';
import { keyKpis } from '../../../src/state/workshop-store.ts';
import { allianceColor, DIMMED_COLOR, projectorChartVm } from '../../../src/views/workshop/projector-chart-vm.ts';

const column = keyKpis(readScenario('dealer-alliance'))[0]!;

function trajectory(count: number): KpiTrajectory {
  return { column, lines: Array.from({ length: count }, (_, alliance) => ({ alliance, name: `Alliance ${alliance + 1}`, values: [alliance, alliance + 1, null] })) };
}

describe('projector chart view model', () => {
  it('gives each of 30 alliances its own colour, and thinner lines the more there are', () => {
    const colors = Array.from({ length: 30 }, (_, i) => allianceColor(i, 30));
    expect(new Set(colors).size).toBe(30);
    const few = projectorChartVm({ trajectory: trajectory(3), rounds: 8, markRound: 2, highlight: null, large: false });
    const many = projectorChartVm({ trajectory: trajectory(30), rounds: 8, markRound: 2, highlight: null, large: false });
    expect(many.series[0]!.width).toBeLessThan(few.series[0]!.width);
    expect(projectorChartVm({ trajectory: trajectory(30), rounds: 8, markRound: 2, highlight: null, large: true }).series[0]!.width).toBeGreaterThan(many.series[0]!.width);
  });

  it('draws the highlighted alliance thick in its colour and the others thin in see-through grey', () => {
    const vm = projectorChartVm({ trajectory: trajectory(30), rounds: 8, markRound: 2, highlight: 4, large: false });
    const highlighted = vm.series.find((series) => series.alliance === 4)!;
    expect(highlighted.dimmed).toBe(false);
    expect(highlighted.color).toBe(allianceColor(4, 30));
    for (const series of vm.series.filter((candidate) => candidate.alliance !== 4)) {
      expect(series.dimmed).toBe(true);
      expect(series.width).toBeLessThan(highlighted.width);
      expect(series.color).toBe(DIMMED_COLOR);
    }
    expect(vm.description).toContain('Alliance 5 is highlighted');
  });

  it('says in words which alliance is highest and lowest in the marked round', () => {
    const vm = projectorChartVm({ trajectory: trajectory(3), rounds: 8, markRound: 2, highlight: null, large: false });
    expect(vm.description).toContain('Alliance 3 is highest');
    expect(vm.description).toContain('Alliance 1 lowest');
  });
});
