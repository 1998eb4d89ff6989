import type { StoreApi } from 'zustand/vanilla';
import type { GameStore, Session } from '../state/create-game-store.ts';
import { partnerOf, sideOf } from '../state/selectors.ts';
import { createRoundChartGrid } from './charts/round-chart-grid.ts';
import { el } from './dom.ts';
import { t } from './i18n.ts';
import { mountWorldPanel } from './world-panel.ts';

/** The right-hand side of a game screen: the animated world and the KPI charts. */
export function mountDashboard(root: HTMLElement, store: StoreApi<GameStore>): () => void {
  const grid = el('div', { class: 'chart-grid' });
  const charts = createRoundChartGrid(grid);
  const worldHost = el('div');
  root.replaceChildren(
    el('section', { class: 'dashboard', 'aria-labelledby': 'dashboard-heading' }, [
      el('h2', { id: 'dashboard-heading', class: 'visually-hidden' }, [t('game.chartsHeading')]),
      worldHost,
      grid,
    ]),
  );
  const render = (session: Session): void => charts.show(session);
  const session = store.getState().session;
  if (session) render(session);
  const unmountWorld = mountWorldPanel(worldHost, store);
  const unsubscribe = store.subscribe((state, previous) => {
    // A new round, or the other team taking the device: each team's charts are its own.
    if (state.session && (state.session.game !== previous.session?.game || state.session.deviceHolder !== previous.session?.deviceHolder)) render(state.session);
  });
  return () => {
    unsubscribe();
    unmountWorld();
    charts.destroy();
  };
}

export { partnerOf, sideOf };
