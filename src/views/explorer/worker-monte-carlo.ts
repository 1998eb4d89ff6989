/**
 * The page's Monte Carlo launcher: the runs split into contiguous slices over a pool of module
 * Web Workers, one per core (navigator.hardwareConcurrency), their parts joined in run order when
 * all are done. Every run draws the same values whichever worker runs it, so the bands are those
 * of one worker (test/state/explorer-monte-carlo.test.ts). Workers are terminated when done, on
 * cancel and on the first failure, so nothing is left running.
 */
import { combineMonteCarloParts, splitRuns, type MonteCarloMessage, type MonteCarloPart } from '../../state/explorer-monte-carlo.ts';
import type { MonteCarloLauncher } from '../../state/explorer-store.ts';

/** More workers than this add compile time and memory without speed on any machine we know. */
const MOST_WORKERS = 16;

/**
 * One per core, as the browser reports them, unless the page's address asks for another number
 * (`?mcWorkers=1`, for comparing speeds); at least one, at most MOST_WORKERS.
 */
export function workerCount(requested?: number): number {
  const cores = typeof navigator !== 'undefined' && Number.isFinite(navigator.hardwareConcurrency) ? navigator.hardwareConcurrency : 1;
  const fromAddress = typeof location !== 'undefined' ? Number(new URLSearchParams(location.search).get('mcWorkers') ?? Number.NaN) : Number.NaN;
  const wanted = requested ?? (Number.isInteger(fromAddress) && fromAddress > 0 ? fromAddress : cores);
  return Math.max(1, Math.min(MOST_WORKERS, Number.isInteger(wanted) && wanted > 0 ? wanted : 1));
}

export function createWorkerMonteCarlo(options: { readonly workers?: number } = {}): MonteCarloLauncher {
  return (request, listener) => {
    const slices = splitRuns(request.runs, workerCount(options.workers), request.progressEvery);
    const done = slices.map(() => 0);
    const parts: (MonteCarloPart | null)[] = slices.map(() => null);
    const workers: Worker[] = [];
    let finished = false;
    const finish = (): void => {
      finished = true;
      for (const worker of workers) worker.terminate();
    };
    const fail = (message: string): void => {
      if (finished) return;
      finish();
      listener.failed(message);
    };
    slices.forEach((slice, index) => {
      const worker = new Worker(new URL('../../workers/monte-carlo-worker.ts', import.meta.url), { type: 'module' });
      workers.push(worker);
      worker.onmessage = (event: MessageEvent<MonteCarloMessage>) => {
        const message = event.data;
        if (finished) return;
        if (message.type === 'progress') {
          done[index] = message.done;
          listener.progress(done.reduce((sum, value) => sum + value, 0), request.runs);
        } else if (message.type === 'done') {
          parts[index] = message.part;
          worker.terminate();
          if (parts.every((part) => part !== null)) {
            let result;
            try {
              result = combineMonteCarloParts(request, parts as MonteCarloPart[]);
            } catch (error) {
              fail(error instanceof Error ? error.message : String(error));
              return;
            }
            finish();
            listener.done(result);
          }
        } else fail(message.message);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        fail(event.message || 'a Monte Carlo worker stopped unexpectedly');
      };
      // The first slice also works out the tornadoes (a few dozen runs).
      worker.postMessage({ request, from: slice.from, to: slice.to, tornado: index === 0 });
    });
    return { cancel: finish };
  };
}

/** The launcher the page uses: one worker per core. */
export const launchWorkerMonteCarlo: MonteCarloLauncher = createWorkerMonteCarlo();
