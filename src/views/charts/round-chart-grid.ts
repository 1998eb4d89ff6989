import { cumulativeProfitKpi, profitKpi, SHARED_SIDE, type KpiDefinition } from '../../rules/index.ts';
import type { Session } from '../../state/create-game-store.ts';
import { actingSide } from '../../state/selectors.ts';
import { t } from '../i18n.ts';
import { roundChartVm, type RoundChartSpec } from './round-chart-vm.ts';
import { RoundChartView } from './round-chart-view.ts';

/** The charts a viewer gets: profits of both sides, the shared numbers, and the yardsticks they may see. */
export function chartSpecs(session: Session): RoundChartSpec[] {
  const definition = session.scenario.definition;
  const kpi = (side: string, id: string): KpiDefinition | undefined => definition.kpis.find((candidate) => candidate.side === side && candidate.id === id);
  const both = (pick: (side: string) => KpiDefinition) => definition.sides.map((side) => ({ kpi: pick(side.id), label: side.name }));
  const specs: RoundChartSpec[] = [
    { id: 'profits', title: t('game.chartProfit'), kpis: both((side) => profitKpi(session.scenario, side)) },
    { id: 'cumulative', title: t('game.chartCumulative'), kpis: both((side) => cumulativeProfitKpi(session.scenario, side)) },
  ];
  // Whoever holds the screen: the solo player, the team holding the shared device, a workshop team.
  const viewer = actingSide(session);
  const yardstickSides = definition.sides.filter((side) => (viewer === side.id ? true : session.game.settings.partnerYardstickVisible));
  for (const side of yardstickSides) {
    const found = kpi(side.id, side.yardstick);
    if (found) specs.push({ id: `yardstick-${side.id}`, title: t('game.chartYardstick', { side: side.name, kpi: found.label }), kpis: [{ kpi: found, label: found.label }] });
  }
  for (const shared of definition.kpis.filter((candidate) => candidate.side === SHARED_SIDE)) {
    specs.push({ id: `alliance-${shared.id}`, title: shared.label, kpis: [{ kpi: shared, label: shared.label }] });
  }
  return specs;
}

export interface RoundChartGrid {
  /** Brings the charts in line with the game: new ones added, the rest updated, ones no longer wanted removed. */
  show(session: Session): void;
  destroy(): void;
}

/**
 * The game's round charts in `grid`, kept across updates so Chart.js animates instead of redrawing.
 * The current round is marked (the last one played while a round is being decided).
 */
export function createRoundChartGrid(grid: HTMLElement): RoundChartGrid {
  const charts = new Map<string, RoundChartView>();
  return {
    show(session) {
      const game = session.game;
      const mark = Math.max(1, game.phase === 'decide' || game.phase === 'reveal' ? game.round - 1 : game.round);
      const wanted = chartSpecs(session);
      for (const [id, view] of charts) {
        if (wanted.some((spec) => spec.id === id)) continue;
        view.destroy();
        view.element.remove();
        charts.delete(id);
      }
      for (const spec of wanted) {
        const vm = roundChartVm(spec, game.history, game.settings.rounds, mark);
        const existing = charts.get(spec.id);
        if (existing) existing.update(vm);
        else {
          const view = new RoundChartView(vm);
          charts.set(spec.id, view);
          grid.append(view.element);
        }
      }
    },
    destroy() {
      for (const view of charts.values()) view.destroy();
      charts.clear();
    },
  };
}
