import type { StoreApi } from 'zustand/vanilla';
import type { GameState, Scenario } from '../rules/index.ts';
import type { GameStore, Session } from '../state/create-game-store.ts';
import { openExplorerFromGame, type ExplorerStore } from '../state/explorer-store.ts';
import { actingSide, newsOf, screenOf, type Screen } from '../state/selectors.ts';
import { termWords } from './panels/deal-words.ts';
import { proposalFor } from './panels/proposal-card.ts';
import { mountDashboard } from './dashboard.ts';
import { mountDebrief } from './debrief/mount-debrief.ts';
import { logoMark } from './logo.ts';
import { el } from './dom.ts';
import { t, useRoundWords } from './i18n.ts';
import { mountBriefingPanel, mountSideBriefingPanel } from './panels/briefing-panel.ts';
import { mountDecisionPanel } from './panels/decision-panel.ts';
import { mountPassDevicePanel } from './panels/pass-device-panel.ts';
import { mountResultsPanel } from './panels/results-panel.ts';
import { mountRevealPanel } from './panels/reveal-panel.ts';
import { mountStartPanel } from './panels/start-panel.ts';

export interface AppOptions {
  /** The explorer's own store: with it, the start screen and the debrief open the explorer (route #explore). */
  readonly explorer?: StoreApi<ExplorerStore>;
}

/** What the explorer opens on: a case, or a played game from one of its rounds. */
type ExplorerOpening = { readonly kind: 'case'; readonly scenarioId: string } | { readonly kind: 'game'; readonly scenario: Scenario; readonly state: GameState; readonly fromRound: number };

const EXPLORER_HASH = '#explore';

/**
 * The page: a header with where the game stands, a news line, an error line, and the screen of
 * the moment. Screens are re-mounted when the screen or the game changes; they read the store
 * and call its actions, nothing else. The explorer, with its own store, takes the place of the
 * screen while it is open (route #explore), and gives it back untouched when closed.
 */
export function mountApp(root: HTMLElement, store: StoreApi<GameStore>, options: AppOptions = {}): () => void {
  const status = el('p', { class: 'round-status' });
  const leave = el('button', { type: 'button', class: 'quiet' }, [t('game.leaveGame')]);
  leave.addEventListener('click', () => store.getState().leave());
  const header = el('header', { class: 'app-header' }, [
    el('div', { class: 'brand' }, [logoMark(), el('div', {}, [el('h1', {}, [t('game.appTitle')]), el('p', { class: 'tagline' }, [t('game.tagline')])])]),
    el('div', { class: 'header-actions' }, [status, leave]),
  ]);
  const news = el('p', { class: 'news-line', role: 'status', 'aria-live': 'polite' });
  // Always in the page, so screen readers hear what is put into it: a partner's proposal arriving.
  const announcer = el('p', { class: 'visually-hidden', id: 'announcer', role: 'status', 'aria-live': 'polite' });
  const announced = new Set<string>();
  const errorText = el('span');
  const dismiss = el('button', { type: 'button', class: 'quiet' }, [t('game.dismiss')]);
  dismiss.addEventListener('click', () => store.getState().clearError());
  const error = el('div', { class: 'error-line', role: 'alert' }, [errorText, dismiss]);
  const panel = el('div', { class: 'panel-column' });
  const dashboardHost = el('div', { class: 'dashboard-column' });
  const explorerHost = el('div', { class: 'explorer-column', hidden: '' });
  const main = el('main', { id: 'main', class: 'app-main' }, [panel, dashboardHost, explorerHost]);
  root.replaceChildren(header, announcer, news, error, main);

  const explorerStore = options.explorer;
  let explorerOpen = false;
  let unmountExplorer: (() => void) | null = null;
  const showExplorer = (opening: ExplorerOpening): void => {
    if (!explorerStore) return;
    if (opening.kind === 'case') explorerStore.getState().openCase(opening.scenarioId);
    else openExplorerFromGame(explorerStore, opening);
    if (!explorerStore.getState().session) return;
    const backLabel = t(opening.kind === 'game' ? 'explorer.backToDebrief' : store.getState().session ? 'explorer.backToGame' : 'explorer.backToStart');
    if (location.hash !== EXPLORER_HASH) history.pushState(null, '', EXPLORER_HASH);
    explorerOpen = true;
    unmountPanel();
    unmountPanel = () => {};
    unmountDashboard?.();
    unmountDashboard = null;
    dashboardHost.replaceChildren();
    panel.hidden = true;
    dashboardHost.hidden = true;
    explorerHost.hidden = false;
    main.classList.remove('with-dashboard');
    main.dataset['screen'] = 'explorer';
    explorerHost.replaceChildren(el('p', { class: 'status' }, [t('explorer.loading')]));
    void import('./explorer/mount-explorer.ts').then(({ mountExplorer }) => {
      if (!explorerOpen) return;
      unmountExplorer?.();
      unmountExplorer = mountExplorer(explorerHost, { store: explorerStore, onClose: () => closeExplorer(true), backLabel });
      explorerHost.querySelector<HTMLElement>('#explorer-heading')?.focus();
    });
  };
  const closeExplorer = (fromButton: boolean): void => {
    if (!explorerOpen) return;
    explorerOpen = false;
    unmountExplorer?.();
    unmountExplorer = null;
    explorerStore?.getState().close();
    explorerHost.hidden = true;
    panel.hidden = false;
    dashboardHost.hidden = false;
    if (fromButton && location.hash === EXPLORER_HASH) history.replaceState(null, '', location.pathname + location.search);
    shown = null;
    render();
  };
  const onHistory = (): void => {
    if (location.hash === EXPLORER_HASH && !explorerOpen) showExplorer({ kind: 'case', scenarioId: store.getState().scenarios[0]!.definition.id });
    else if (location.hash !== EXPLORER_HASH && explorerOpen) closeExplorer(false);
  };
  window.addEventListener('popstate', onHistory);
  const explore = explorerStore
    ? {
        fromStart: (scenarioId: string) => showExplorer({ kind: 'case', scenarioId }),
        fromGame: (scenario: Scenario, state: GameState, fromRound: number) => showExplorer({ kind: 'game', scenario, state, fromRound }),
      }
    : null;

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
      useRoundWords(definition.rounds);
      const round = Math.max(1, session.game.round);
      status.textContent = session.game.phase === 'briefing' ? definition.title : `${definition.title} · ${t('game.roundStatus', { round: Math.min(round, session.game.settings.rounds), rounds: session.game.settings.rounds })}`;
      const items = newsOf(session);
      // An event is announced in the round it begins and again in the first round its effect is over (its lifetime comes from the model).
      const started = items.filter((item) => item.beganRound === session.game.round).map((item) => t('game.newsEventStarts', { news: item.news }));
      const ended = items.filter((item) => item.lastRound !== null && item.lastRound + 1 === session.game.round).map((item) => t('game.newsEventEnds', { news: item.endNews ?? t('game.newsEventOver', { event: item.name }) }));
      news.textContent = [...started, ...ended].join(' ');
    } else {
      status.textContent = '';
      news.textContent = '';
    }
    news.hidden = news.textContent === '';
    if (explorerOpen) return;
    const key = { screen, game: session?.game, holder: session?.deviceHolder ?? null };
    if (shown && shown.screen === key.screen && shown.game === key.game && shown.holder === key.holder) return;
    const screenChanged = shown?.screen !== screen;
    shown = key;
    unmountPanel();
    main.dataset['screen'] = screen;
    const withDashboard = session !== null && screen !== 'start' && screen !== 'briefing' && screen !== 'side-briefing' && screen !== 'debrief';
    main.classList.toggle('with-dashboard', withDashboard);
    if (withDashboard && !unmountDashboard) unmountDashboard = mountDashboard(dashboardHost, store);
    if (!withDashboard && unmountDashboard) {
      unmountDashboard();
      unmountDashboard = null;
      dashboardHost.replaceChildren();
    }
    unmountPanel = mountScreen(panel, store, screen, session, explore);
    if (screenChanged) panel.querySelector<HTMLElement>('h2[tabindex="-1"]')?.focus();
    announceProposal(session, screen);
  };

  /** A partner's proposal waiting at the top of the decision screen is said once, when that screen opens with it. */
  const announceProposal = (session: Session | null, screen: Screen): void => {
    const side = session && screen === 'decide' ? actingSide(session) : null;
    const waiting = session && side ? proposalFor(session, side) : undefined;
    if (!session || !side || !waiting) return;
    const key = `${session.id}:${waiting.proposal.id}:${side}`;
    if (announced.has(key)) return;
    announced.add(key);
    const partner = session.scenario.definition.sides.find((candidate) => candidate.id === waiting.proposal.from)!.name;
    announcer.textContent = t('game.proposalAnnounce', { side: partner, label: waiting.label, terms: waiting.proposal.terms.map((term) => termWords(session.scenario, term)).join('; '), rounds: waiting.proposal.rounds });
  };

  render();
  if (location.hash === EXPLORER_HASH) onHistory();
  const unsubscribe = store.subscribe(render);
  return () => {
    unsubscribe();
    window.removeEventListener('popstate', onHistory);
    unmountExplorer?.();
    unmountPanel();
    unmountDashboard?.();
  };
}

interface ExploreCallbacks {
  readonly fromStart: (scenarioId: string) => void;
  readonly fromGame: (scenario: Scenario, state: GameState, fromRound: number) => void;
}

function mountScreen(root: HTMLElement, store: StoreApi<GameStore>, screen: Screen, session: Session | null, explore: ExploreCallbacks | null): () => void {
  if (!session) return mountStartPanel(root, store, explore ? { onExplore: explore.fromStart } : {});
  switch (screen) {
    case 'briefing':
      return mountBriefingPanel(root, store, session);
    case 'side-briefing':
      return mountSideBriefingPanel(root, store, session, session.deviceHolder!);
    case 'pass-device':
      return mountPassDevicePanel(root, store, session);
    case 'decide':
      return mountDecisionPanel(root, store, session, actingSide(session)!);
    case 'reveal':
      return mountRevealPanel(root, store, session);
    case 'results':
      return mountResultsPanel(root, store, session);
    case 'debrief':
      return mountDebrief(root, { scenario: session.scenario, state: session.game, ...(explore ? { onExplore: (fromRound: number) => explore.fromGame(session.scenario, session.game, fromRound) } : {}) });
    default:
      return mountStartPanel(root, store, explore ? { onExplore: explore.fromStart } : {});
  }
}
