import type { StoreApi } from 'zustand/vanilla';
import type { KpiDefinition } from '../rules/index.ts';
import type { GameStore, Session } from '../state/create-game-store.ts';
import { partnerOf, sideOf } from '../state/selectors.ts';
import { roundChartVm, type RoundChartSpec } from './charts/round-chart-vm.ts';
import { RoundChartView } from './charts/round-chart-view.ts';
import { el } from './dom.ts';
import { t } from './i18n.ts';
import { mountWorldPanel } from './world-panel.ts';

/** The charts a viewer gets: profits of both sides, the shared numbers, and the yardsticks they may see. */
export function chartSpecs(session: Session): RoundChartSpec[] {
  const definition = session.scenario.definition;
  const kpi = (side: string, id: string): KpiDefinition | undefined => definition.kpis.find((candidate) => candidate.side === side && candidate.id === id);
  const both = (id: string) =>
    definition.sides.flatMap((side) => {
      const found = kpi(side.id, id);
      return found ? [{ kpi: found, label: side.name }] : [];
    });
  const specs: RoundChartSpec[] = [
    { id: 'profit', title: t('game.chartProfit'), kpis: both('profit') },
    { id: 'cumulative', title: t('game.chartCumulative'), kpis: both('cumulativeProfit') },
  ];
  const viewer = session.mode === 'solo' ? session.humanSide : null;
  const yardstickSides = definition.sides.filter((side) => (viewer === side.id ? true : session.game.settings.partnerYardstickVisible));
  for (const side of yardstickSides) {
    const found = kpi(side.id, side.yardstick);
    if (found) specs.push({ id: `yardstick-${side.id}`, title: t('game.chartYardstick', { side: side.name, kpi: found.label }), kpis: [{ kpi: found, label: found.label }] });
  }
  for (const shared of definition.kpis.filter((candidate) => candidate.side === 'alliance')) {
    specs.push({ id: `alliance-${shared.id}`, title: shared.label, kpis: [{ kpi: shared, label: shared.label }] });
  }
  return specs;
}

/** The right-hand side of a game screen: the animated world and the KPI charts. */
export function mountDashboard(root: HTMLElement, store: StoreApi<GameStore>): () => void {
  const charts = new Map<string, RoundChartView>();
  const grid = el('div', { class: 'chart-grid' });
  const worldHost = el('div');
  root.replaceChildren(
    el('section', { class: 'dashboard', 'aria-labelledby': 'dashboard-heading' }, [
      el('h2', { id: 'dashboard-heading', class: 'visually-hidden' }, [t('game.chartsHeading')]),
      worldHost,
      grid,
    ]),
  );
  const render = (session: Session): void => {
    const game = session.game;
    const mark = Math.max(1, game.phase === 'decide' || game.phase === 'reveal' ? game.round - 1 : game.round);
    const wanted = chartSpecs(session);
    for (const [id, view] of charts) {
      if (!wanted.some((spec) => spec.id === id)) {
        view.destroy();
        view.element.remove();
        charts.delete(id);
      }
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
  };
  const session = store.getState().session;
  if (session) render(session);
  const unmountWorld = mountWorldPanel(worldHost, store);
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.session && state.session.game !== previous.session?.game) render(state.session);
  });
  return () => {
    unsubscribe();
    unmountWorld();
    for (const view of charts.values()) view.destroy();
  };
}

export { partnerOf, sideOf };
