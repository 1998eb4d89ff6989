/**
 * The explorer store as the page builds it, with the shipped cases read from disk and the Monte
 * Carlo run in place (the same code the worker runs), so store tests need no browser.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { StoreApi } from 'zustand/vanilla';
import { runMonteCarlo } from '../../src/state/explorer-monte-carlo-runner.ts';
import { createExplorerStore, type ExplorerStore, type MonteCarloLauncher } from '../../src/state/explorer-store.ts';
import { scenario } from './scenarios.ts';

const ROOT = resolve(import.meta.dirname, '../..');
export const CONFORMANCE = resolve(ROOT, '../shared/conformance/sdxorg');

export function caseFiles(id: string): { modelSource: string; gameJson: string } {
  return {
    modelSource: readFileSync(resolve(ROOT, 'scenarios', id, 'model.xmile'), 'utf8'),
    gameJson: readFileSync(resolve(ROOT, 'scenarios', id, 'game.json'), 'utf8'),
  };
}

export function conformanceModel(path: string): string {
  return readFileSync(resolve(CONFORMANCE, path), 'utf8');
}

export function hostileModel(name: string): string {
  return readFileSync(resolve(ROOT, 'test/fixtures/hostile', name), 'utf8');
}

/** Runs the Monte Carlo synchronously in place; progress reports are recorded. */
export function inPlaceMonteCarlo(progress: number[] = []): MonteCarloLauncher {
  return (request, listener) => {
    try {
      listener.done(runMonteCarlo(request, { now: () => performance.now(), progress: (done, total) => { progress.push(done); listener.progress(done, total); } }));
    } catch (error) {
      listener.failed((error as Error).message);
    }
    return { cancel() {} };
  };
}

/** A launcher that never finishes by itself: for cancelling. */
export function pendingMonteCarlo(): { launcher: MonteCarloLauncher; cancelled: () => number; report: (done: number) => void } {
  let cancelled = 0;
  let listener: Parameters<MonteCarloLauncher>[1] | null = null;
  return {
    launcher: (request, given) => {
      listener = given;
      return { cancel: () => void cancelled++ };
    },
    cancelled: () => cancelled,
    report: (done) => listener?.progress(done, 1000),
  };
}

export function makeExplorer(options: { monteCarlo?: MonteCarloLauncher } = {}): StoreApi<ExplorerStore> {
  const scenarios = [scenario('dealer-alliance'), scenario('pg-walmart')];
  return createExplorerStore({
    scenarios,
    caseSources: { 'dealer-alliance': caseFiles('dealer-alliance'), 'pg-walmart': caseFiles('pg-walmart') },
    now: () => performance.now(),
    ...(options.monteCarlo ? { monteCarlo: options.monteCarlo } : {}),
  });
}
