/**
 * The Monte Carlo worker: compiles the model from its XMILE text, runs the sample off the page
 * and posts progress every hundred runs, then the result. The page cancels by terminating it.
 * pattern: Imperative Shell (the work is runMonteCarlo in src/state/explorer-monte-carlo.ts)
 */
import { runMonteCarlo, type MonteCarloMessage, type MonteCarloRequest } from '../state/explorer-monte-carlo.ts';

interface WorkerScope {
  onmessage: ((event: MessageEvent<MonteCarloRequest>) => void) | null;
  postMessage(message: MonteCarloMessage): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  try {
    const result = runMonteCarlo(event.data, {
      now: () => performance.now(),
      progress: (done, total) => scope.postMessage({ type: 'progress', done, total }),
    });
    scope.postMessage({ type: 'done', result });
  } catch (error) {
    scope.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
};
