/**
 * What the composition root (src/main.ts) mounts. The workshop screens are not here: main.ts loads
 * them lazily from ./workshop/mount-workshop.ts, so the Colyseus client and the QR codes stay out of
 * the game's first download.
 */
export { mountApp } from './app.ts';
export { bundledScenarios } from './bundled-scenarios.ts';
export { caseSources } from './explorer/case-sources.ts';
export { launchWorkerMonteCarlo } from './explorer/worker-monte-carlo.ts';
export { createLocalStorageRepository } from './local-storage-repository.ts';
export { mountNetworkNotice } from './network-notice.ts';
export { mountProblems } from './panels/problem-panel.ts';
export { isWorkshopRoute } from './workshop/workshop-routes.ts';
export { guideRequested } from './guide/guide-route.ts';
