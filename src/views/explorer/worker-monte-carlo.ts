/**
 * The page's Monte Carlo launcher: one module Web Worker per run, terminated on cancel or when
 * done, so a cancelled run stops at once and leaves nothing behind.
 */
import type { MonteCarloMessage } from '../../state/explorer-monte-carlo.ts';
import type { MonteCarloLauncher } from '../../state/explorer-store.ts';

export const launchWorkerMonteCarlo: MonteCarloLauncher = (request, listener) => {
  const worker = new Worker(new URL('../../workers/monte-carlo-worker.ts', import.meta.url), { type: 'module' });
  let finished = false;
  const finish = (): void => {
    finished = true;
    worker.terminate();
  };
  worker.onmessage = (event: MessageEvent<MonteCarloMessage>) => {
    const message = event.data;
    if (finished) return;
    if (message.type === 'progress') listener.progress(message.done, message.total);
    else if (message.type === 'done') {
      finish();
      listener.done(message.result);
    } else {
      finish();
      listener.failed(message.message);
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    if (finished) return;
    finish();
    listener.failed(event.message || 'the Monte Carlo worker stopped unexpectedly');
  };
  worker.postMessage(request);
  return { cancel: finish };
};
