/**
 * The page's Monte Carlo launcher: the runs split into contiguous slices over a pool of module
 * Web Workers, one per core (navigator.hardwareConcurrency), their parts joined in run order when
 * all are done. Every run draws the same values whichever worker runs it, so the bands are those
 * of one worker (test/state/explorer-monte-carlo.test.ts). The workers are started and the model
 * compiled in them when the explorer opens a model (`warm`), and kept between runs; cancelling or
 * a failure terminates the busy ones at once, and the next run starts fresh ones.
 */
import { combineMonteCarloParts, splitRuns, type MonteCarloCommand, type MonteCarloMessage, type MonteCarloModel, type MonteCarloPart } from '../../state/explorer-monte-carlo.ts';
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

function startWorker(): Worker {
  return new Worker(new URL('../../workers/monte-carlo-worker.ts', import.meta.url), { type: 'module' });
}

function send(worker: Worker, command: MonteCarloCommand): void {
  worker.postMessage(command);
}

export function createWorkerMonteCarlo(options: { readonly workers?: number } = {}): MonteCarloLauncher {
  /** Started workers with nothing to do, kept for the next run. */
  const idle: Worker[] = [];
  const take = (count: number): Worker[] => Array.from({ length: count }, () => idle.pop() ?? startWorker());

  const launch = ((request, listener) => {
    const slices = splitRuns(request.runs, workerCount(options.workers), request.progressEvery);
    const workers = take(slices.length);
    const done = slices.map(() => 0);
    const parts: (MonteCarloPart | null)[] = slices.map(() => null);
    let finished = false;
    const stop = (keep: boolean): void => {
      finished = true;
      for (const worker of workers) {
        worker.onmessage = null;
        worker.onerror = null;
        if (keep) idle.push(worker);
        else worker.terminate();
      }
    };
    const fail = (message: string): void => {
      if (finished) return;
      stop(false);
      listener.failed(message);
    };
    slices.forEach((slice, index) => {
      const worker = workers[index]!;
      worker.onmessage = (event: MessageEvent<MonteCarloMessage>) => {
        const message = event.data;
        if (finished) return;
        if (message.type === 'progress') {
          done[index] = message.done;
          listener.progress(done.reduce((sum, value) => sum + value, 0), request.runs);
        } else if (message.type === 'done') {
          parts[index] = message.part;
          if (parts.some((part) => part === null)) return;
          let result;
          try {
            result = combineMonteCarloParts(request, parts as MonteCarloPart[]);
          } catch (error) {
            fail(error instanceof Error ? error.message : String(error));
            return;
          }
          stop(true);
          listener.done(result);
        } else fail(message.message);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        fail(event.message || 'a Monte Carlo worker stopped unexpectedly');
      };
      // The first slice also works out the tornadoes (a few dozen runs).
      send(worker, { type: 'job', job: { request, from: slice.from, to: slice.to, tornado: index === 0 } });
    });
    return { cancel: () => stop(false) };
  }) as MonteCarloLauncher & { warm: (model: MonteCarloModel) => void };

  launch.warm = (model) => {
    while (idle.length < workerCount(options.workers)) idle.push(startWorker());
    for (const worker of idle) send(worker, { type: 'warm', model });
  };
  return launch;
}

/** The launcher the page uses: one worker per core. */
export const launchWorkerMonteCarlo: MonteCarloLauncher = createWorkerMonteCarlo();
