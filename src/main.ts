/**
 * Composition root: load the bundled scenarios, create the store with browser storage, mount the
 * app. Nothing else lives here.
 */
import './styles.css';
import { createGameStore } from './state/create-game-store.ts';
import { createExplorerStore } from './state/explorer-store.ts';
import { bundledScenarios, caseSources, createLocalStorageRepository, guideRequested, isWorkshopRoute, launchWorkerMonteCarlo, mountApp, mountNetworkNotice, mountProblems } from './views/index.ts';

const root = document.getElementById('app');
if (root === null) throw new Error('index.html has no element with id "app"');
// Offline, the game plays from the service worker's cache; the page says what still needs the network.
mountNetworkNotice(document.body);

const { scenarios, problems } = bundledScenarios();
if (scenarios.length === 0 || problems.length > 0) {
  mountProblems(root, {
    heading: 'A case file could not be read',
    advice: 'Fix the scenario files named below and reload the page.',
    problems,
  });
  root.dataset['state'] = 'error';
} else if (guideRequested(scenarios) !== null) {
  // The facilitator's guide opens in a tab of its own (?guide=<case>), so that it prints alone.
  const scenario = guideRequested(scenarios)!;
  void import('./views/guide/mount-guide.ts').then(({ mountGuide }) => {
    mountGuide(root, scenario);
    root.dataset['state'] = 'ready';
  });
} else {
  const store = createGameStore({
    scenarios,
    repository: createLocalStorageRepository(),
    now: () => Date.now(),
    newId: () => crypto.randomUUID(),
    seed: () => Math.floor(Math.random() * 2 ** 31),
  });
  // The explorer has a store of its own: exploring never changes a game.
  const explorer = createExplorerStore({ scenarios, caseSources: caseSources(), now: () => performance.now(), monteCarlo: launchWorkerMonteCarlo });
  // Routes: #facilitator and #team (or a ?join= link) are the workshop screens; all else the game.
  let unmount: () => void = () => {};
  let workshopShown: boolean | null = null;
  const route = (): void => {
    const workshop = isWorkshopRoute(location);
    if (workshop === workshopShown) return;
    workshopShown = workshop;
    unmount();
    unmount = () => {};
    if (!workshop) {
      unmount = mountApp(root, store, { explorer });
      return;
    }
    // The workshop client (Colyseus, QR codes) loads only for the workshop screens.
    void import('./views/workshop/mount-workshop.ts').then(({ mountWorkshop }) => {
      if (workshopShown !== true) return;
      unmount = mountWorkshop(root, scenarios, () => {
        history.pushState(null, '', location.pathname);
        route();
      });
    });
  };
  window.addEventListener('hashchange', route);
  route();
  root.dataset['state'] = 'ready';
  // For end-to-end tests and curious facilitators: the stores, read-only by convention.
  (window as unknown as { allianceDynamics: unknown }).allianceDynamics = { store, explorer };
}
