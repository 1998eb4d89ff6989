import { Worker } from 'node:worker_threads';
import type { ModelError } from '../../src/engine/index.ts';

/**
 * A hang guard for hostile inputs: the engine's work runs in a worker thread, which can be
 * stopped, so a compile that never ends fails its test after a generous time instead of hanging
 * the suite (a synchronous test body cannot be interrupted by Vitest's timeout). The time is a
 * guard sized for a loaded 2-core machine, not a speed bound: speed is measured by `npm run
 * bench` ("Hostile and large inputs").
 */
export const GENEROUS_MS = 60_000;

/** What to do with a source in the worker: compile it, then optionally run it or list its loops. */
export interface Probe {
  readonly source: string;
  readonly fileName?: string;
  readonly backend?: 'vm' | 'codegen';
  /** Outputs to run and return (their whole series). */
  readonly outputs?: readonly string[];
  /** List the loops with this cap (`introspect({ maxLoops })`). */
  readonly introspect?: { readonly maxLoops?: number };
}

/** Plain data back from the worker. `threw` holds what compileModel threw, which it never should. */
export interface ProbeResult {
  readonly ok: boolean;
  readonly errors: readonly ModelError[];
  readonly warnings: readonly ModelError[];
  readonly series: Readonly<Record<string, readonly number[]>>;
  readonly loops?: { readonly count: number; readonly truncated: boolean };
  readonly threw?: string;
}

const WORKER = new URL('./hang-guard-worker.ts', import.meta.url);

let worker: Worker | undefined;
let next = 0;

function started(): Worker {
  if (!worker) {
    worker = new Worker(WORKER);
    // The worker must not keep the test process alive once the tests are done.
    worker.unref();
  }
  return worker;
}

/** Runs `probe` in the worker; fails if it has not finished within `timeoutMs`. */
export function finishes(probe: Probe, timeoutMs = GENEROUS_MS): Promise<ProbeResult> {
  const current = started();
  const id = next++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      worker = undefined;
      void current.terminate();
      reject(new Error(`${probe.fileName ?? 'the model'} did not finish within ${timeoutMs / 1000} s: the engine hangs or does quadratic work on it`));
    }, timeoutMs);
    const onMessage = (message: { readonly id: number; readonly result: ProbeResult }): void => {
      if (message.id !== id) return;
      cleanup();
      resolve(message.result);
    };
    const onError = (error: Error): void => {
      cleanup();
      worker = undefined;
      reject(error);
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      current.off('message', onMessage);
      current.off('error', onError);
    };
    current.on('message', onMessage);
    current.on('error', onError);
    current.postMessage({ id, probe });
  });
}
