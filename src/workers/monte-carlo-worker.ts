/**
 * A Monte Carlo worker: compiles the model from its XMILE text (ahead of time when the page says
 * `warm`, and kept for the next job) and runs its share of the sample (runs `from` to `to`, and
 * the tornadoes when asked) off the page, posting progress every hundred runs and then its part,
 * each point's values sorted. The page runs one per core and cancels by terminating them.
 * pattern: Imperative Shell (the work is src/state/explorer-monte-carlo-runner.ts)
 */
import { createMonteCarloRunner } from '../state/explorer-monte-carlo-runner.ts';
import type { MonteCarloCommand, MonteCarloMessage } from '../state/explorer-monte-carlo.ts';

interface WorkerScope {
  onmessage: ((event: MessageEvent<MonteCarloCommand>) => void) | null;
  postMessage(message: MonteCarloMessage, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
const runner = createMonteCarloRunner();

scope.onmessage = (event) => {
  const command = event.data;
  try {
    if (command.type === 'warm') {
      runner.warm(command.model);
      return;
    }
    const part = runner.runPart(command.job, {
      now: () => performance.now(),
      progress: (done, total) => scope.postMessage({ type: 'progress', done, total }),
    });
    // The sorted values move to the page rather than being copied.
    scope.postMessage({ type: 'done', part }, part.columns.map((column) => column.buffer));
  } catch (error) {
    // A model that does not compile is reported when a job asks for it, not while warming.
    if (command.type === 'job') scope.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
};
