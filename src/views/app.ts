import type { StoreApi } from 'zustand/vanilla';
import type { GameStore, Session } from '../state/create-game-store.ts';
import { actingSide, newsOf, screenOf, type Screen } from '../state/selectors.ts';
import { mountDashboard } from './dashboard.ts';
import { mountDebrief } from './debrief/mount-debrief.ts';
import { el } from './dom.ts';
import { t } from './i18n.ts';
import { mountBriefingPanel } from './panels/briefing-panel.ts';
import { mountDecisionPanel } from './panels/decision-panel.ts';
import { mountPassDevicePanel } from './panels/pass-device-panel.ts';
import { mountResultsPanel } from './panels/results-panel.ts';
import { mountRevealPanel } from './panels/reveal-panel.ts';
import { mountStartPanel } from './panels/start-panel.ts';

/**
 * The page: a header with where the game stands, a news line, an error line, and the screen of
 * the moment. Screens are re-mounted when the screen or the game changes; they read the store
 * and call its actions, nothing else.
 */
export function mountApp(root: HTMLElement, store: StoreApi<GameStore>): () => void {
  const status = el('p', { class: 'round-status' });
  const leave = el('button', { type: 'button', class: 'quiet' }, [t('game.leaveGame')]);
  leave.addEventListener('click', () => store.getState().leave());
  const header = el('header', { class: 'app-header' }, [
    el('div', {}, [el('h1', {}, [t('game.appTitle')]), el('p', { class: 'tagline' }, [t('game.tagline')])]),
    el('div', { class: 'header-actions' }, [status, leave]),
  ]);
  const news = el('p', { class: 'news-line', role: 'status', 'aria-live': 'polite' });
  const errorText = el('span');
  const dismiss = el('button', { type: 'button', class: 'quiet' }, [t('game.dismiss')]);
  dismiss.addEventListener('click', () => store.getState().clearError());
  const error = el('div', { class: 'error-line', role: 'alert' }, [errorText, dismiss]);
  const panel = el('div', { class: 'panel-column' });
  const dashboardHost = el('div', { class: 'dashboard-column' });
  const main = el('main', { id: 'main', class: 'app-main' }, [panel, dashboardHost]);
  root.replaceChildren(header, news, error, main);

  let unmountPanel: () => void = () => {};
  let unmountDashboard: (() => void) | null = null;
  let shown: { screen: Screen; game: unknown; holder: string | null } | null = null;

  const render = (): void => {
    const state = store.getState();
    const screen = screenOf(state);
    const session = state.session;
    errorText.textContent = state.lastError ?? '';
    error.hidden = state.lastError === null;
    leave.hidden = session === null;
    if (session) {
      const definition = session.scenario.definition;
      const round = Math.max(1, session.game.round);
      status.textContent = session.game.phase === 'briefing' ? definition.title : `${definition.title} · ${t('game.roundStatus', { round: Math.min(round, session.game.settings.rounds), rounds: session.game.settings.rounds })}`;
      const items = newsOf(session).filter((item) => item.beganRound === session.game.round);
      news.textContent = items.map((item) => t('game.newsEventStarts', { news: item.news })).join(' ');
    } else {
      status.textContent = '';
      news.textContent = '';
    }
    news.hidden = news.textContent === '';
    const key = { screen, game: session?.game, holder: session?.deviceHolder ?? null };
    if (shown && shown.screen === key.screen && shown.game === key.game && shown.holder === key.holder) return;
    const screenChanged = shown?.screen !== screen;
    shown = key;
    unmountPanel();
    main.dataset['screen'] = screen;
    const withDashboard = session !== null && screen !== 'start' && screen !== 'briefing' && screen !== 'debrief';
    main.classList.toggle('with-dashboard', withDashboard);
    if (withDashboard && !unmountDashboard) unmountDashboard = mountDashboard(dashboardHost, store);
    if (!withDashboard && unmountDashboard) {
      unmountDashboard();
      unmountDashboard = null;
      dashboardHost.replaceChildren();
    }
    unmountPanel = mountScreen(panel, store, screen, session);
    if (screenChanged) panel.querySelector<HTMLElement>('h2[tabindex="-1"]')?.focus();
  };

  render();
  const unsubscribe = store.subscribe(render);
  return () => {
    unsubscribe();
    unmountPanel();
    unmountDashboard?.();
  };
}

function mountScreen(root: HTMLElement, store: StoreApi<GameStore>, screen: Screen, session: Session | null): () => void {
  if (!session) return mountStartPanel(root, store);
  switch (screen) {
    case 'briefing':
      return mountBriefingPanel(root, store, session);
    case 'pass-device':
      return mountPassDevicePanel(root, store, session);
    case 'decide':
      return mountDecisionPanel(root, store, session, actingSide(session)!);
    case 'reveal':
      return mountRevealPanel(root, store, session);
    case 'results':
      return mountResultsPanel(root, store, session);
    case 'debrief':
      return mountDebrief(root, { scenario: session.scenario, state: session.game });
    default:
      return mountStartPanel(root, store);
  }
}
