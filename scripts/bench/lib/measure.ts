// Per-run timing with process.hrtime.bigint(): warm-up, then median and min over up to maxRuns runs or
// about budgetMs of measured time, whichever comes first. The warm-up needs both time and a number of
// runs: V8 tiers a large generated model up only after several whole runs (ring 1000 codegen takes
// ~15 runs, the first ones 20x slower than steady state).

export interface TimingOptions {
  readonly warmupMs: number;
  readonly minWarmupRuns: number;
  /** Stop warming up after this long even if minWarmupRuns were not reached. */
  readonly maxWarmupMs: number;
  readonly budgetMs: number;
  readonly maxRuns: number;
  readonly minRuns: number;
}

export interface Timing {
  readonly medianUs: number;
  readonly minUs: number;
  readonly runs: number;
  readonly warmupRuns: number;
}

/** Keeps results alive so V8 cannot drop the work being timed. */
export let sink: unknown = undefined;

const nowNs = (): bigint => process.hrtime.bigint();

export function median(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function timeRuns(run: () => unknown, options: TimingOptions): Timing {
  const warmStart = nowNs();
  const warmEnd = warmStart + BigInt(Math.round(options.warmupMs * 1e6));
  const warmCap = warmStart + BigInt(Math.round(options.maxWarmupMs * 1e6));
  let warmupRuns = 0;
  for (;;) {
    sink = run();
    warmupRuns++;
    const now = nowNs();
    if (now >= warmCap || (now >= warmEnd && warmupRuns >= options.minWarmupRuns)) break;
  }
  const samples: number[] = [];
  const budgetNs = BigInt(Math.round(options.budgetMs * 1e6));
  const start = nowNs();
  while (samples.length < options.maxRuns) {
    const t0 = nowNs();
    sink = run();
    const t1 = nowNs();
    samples.push(Number(t1 - t0) / 1000);
    if (t1 - start >= budgetNs && samples.length >= options.minRuns) break;
  }
  samples.sort((a, b) => a - b);
  return { medianUs: median(samples), minUs: samples[0]!, runs: samples.length, warmupRuns };
}

/** Largest relative difference between two vectors (absolute where |reference| < 1). */
export function maxRelativeDiff(a: ArrayLike<number>, reference: ArrayLike<number>): number {
  if (a.length !== reference.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const r = reference[i]!;
    const d = Math.abs(x - r) / Math.max(Math.abs(r), 1);
    if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : d;
  }
  return worst;
}
