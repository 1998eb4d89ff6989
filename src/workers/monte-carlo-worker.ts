/**
 * A Monte Carlo worker: compiles the model from its XMILE text and runs its share of the sample
 * (runs `from` to `to`, and the tornadoes when asked) off the page, posting progress every
 * hundred runs and then its part. The page runs one per core and cancels by terminating them.
 * pattern: Imperative Shell (the work is runMonteCarloPart in src/state/explorer-monte-carlo.ts)
 */
import { runMonteCarloPart, type MonteCarloJob, type MonteCarloMessage } from '../state/explorer-monte-carlo.ts';

interface WorkerScope {
  onmessage: ((event: MessageEvent<MonteCarloJob>) => void) | null;
  postMessage(message: MonteCarloMessage, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  try {
    const part = runMonteCarloPart(event.data, {
      now: () => performance.now(),
      progress: (done, total) => scope.postMessage({ type: 'progress', done, total }),
    });
    // The samples move to the page rather than being copied.
    scope.postMessage({ type: 'done', part }, [...part.samples.map((sample) => sample.buffer), part.finite.buffer]);
  } catch (error) {
    scope.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
};
