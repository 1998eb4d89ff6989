import { describe, expect, it } from 'vitest';
import type { KpiDefinition, RoundOutcome } from '../../../src/rules/index.ts';
import { roundChartVm } from '../../../src/views/charts/round-chart-vm.ts';

const kpi = (id: string, extra: Partial<KpiDefinition> = {}): KpiDefinition => ({ id, side: 'alliance', label: id, unit: 'u', formula: `end(${id})`, decimals: 2, displayScale: 1, higherIsBetter: true, ...extra });
const history = (values: readonly Record<string, number>[]): RoundOutcome[] => values.map((kpis, i) => ({ round: i + 1, kpis: { alliance: kpis } }) as unknown as RoundOutcome);

describe('per-round KPI charts', () => {
  it('draw a KPI with a declared range on that range', () => {
    const vm = roundChartVm({ id: 'trust', title: 'Trust', kpis: [{ kpi: kpi('trust', { range: { min: 0, max: 1 } }), label: 'Trust' }] }, history([{ trust: 0.135 }, { trust: 0.155 }]), 20, 2);
    expect(vm.yRange).toEqual({ min: 0, max: 1 });
  });

  it('scale a declared range with the KPI’s display scale (a share shown in %)', () => {
    const vm = roundChartVm({ id: 'share', title: 'Share', kpis: [{ kpi: kpi('share', { range: { min: 0, max: 1 }, displayScale: 100 }), label: 'Share' }] }, history([{ share: 0.5 }]), 20, 1);
    expect(vm.yRange).toEqual({ min: 0, max: 100 });
  });

  it('fit KPIs without a declared range to their values', () => {
    const vm = roundChartVm({ id: 'profit', title: 'Profit', kpis: [{ kpi: kpi('profit'), label: 'Profit' }] }, history([{ profit: 5.28 }, { profit: 23.75 }]), 20, 2);
    expect(vm.yRange).toEqual({ min: 0, max: 25 });
  });
});
