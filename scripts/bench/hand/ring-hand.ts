// Hand-written Float64Array Euler loop of the ring model (the bench's physical limit): generic over N,
// every stock saved at every dt into one reused row-major buffer (save point i, stock k at i*n+k).

import { RING_DT, RING_HALF_SAT, RING_START, RING_STOP, ringInitials, ringRates } from '../models/ring.ts';
import { saveCount } from '../models/xmile.ts';

export interface HandRunner {
  readonly saveCount: number;
  readonly stockCount: number;
  /** Run the model; the returned buffer is reused by the next call. */
  run(): Float64Array;
  /** Final value of every stock after the last run, in model order. */
  finals(): Float64Array;
}

export function createRingHand(n: number): HandRunner {
  const rates = ringRates(n);
  const init = ringInitials(n);
  const halfSat = RING_HALF_SAT;
  const dt = RING_DT;
  const points = saveCount(RING_START, RING_STOP, RING_DT);
  const steps = points - 1;
  const s = new Float64Array(n);
  const f = new Float64Array(n);
  const out = new Float64Array(n * points);
  return {
    saveCount: points,
    stockCount: n,
    run(): Float64Array {
      s.set(init);
      let base = 0;
      for (let step = 0; step < steps; step++) {
        for (let i = 0; i < n; i++) {
          const x = s[i]!;
          f[i] = rates[i]! * x * x / (x + halfSat);
          out[base + i] = x;
        }
        let inflow = f[n - 1]!;
        for (let i = 0; i < n; i++) {
          const outflow = f[i]!;
          s[i] = s[i]! + dt * (inflow - outflow);
          inflow = outflow;
        }
        base += n;
      }
      for (let i = 0; i < n; i++) out[base + i] = s[i]!;
      return out;
    },
    finals(): Float64Array {
      return out.slice(steps * n, points * n);
    },
  };
}
