import type { CompiledModel } from '../engine/index.ts';
import { mulberry32 } from '../rules/index.ts';

export interface ParameterRange {
  readonly name: string;
  readonly low: number;
  readonly high: number;
}

export interface SweepOptions {
  readonly runs: number;
  readonly ranges: readonly ParameterRange[];
  readonly seed: number;
  /** Called now and then with the number of finished runs. */
  readonly onProgress?: (done: number) => void;
}

export const PERCENTILES = [5, 25, 50, 75, 95] as const;

export interface SweepBands {
  readonly time: Float64Array;
  /** Per stock label: one Float64Array per percentile, one value per save point. */
  readonly bands: ReadonlyMap<string, readonly Float64Array[]>;
}

/** "Price=8:12" → { name: 'Price', low: 8, high: 12 }; a clear message when it is not that. */
export function parseParameterRange(text: string): ParameterRange {
  const match = /^(.+?)=\s*(-?[\d.eE+-]+)\s*:\s*(-?[\d.eE+-]+)\s*$/.exec(text);
  if (!match) throw new Error(`--param "${text}" is not of the form "Name=low:high", e.g. "Room Temperature=60:80"`);
  const low = Number(match[2]);
  const high = Number(match[3]);
  if (!Number.isFinite(low) || !Number.isFinite(high)) throw new Error(`--param "${text}": low and high must be numbers`);
  if (low > high) throw new Error(`--param "${text}": low (${low}) is greater than high (${high})`);
  return { name: match[1]!.trim(), low, high };
}

/** Value at percentile p of sorted values, linear between ranks (the "R-7" definition). */
function percentile(sorted: Float64Array, p: number): number {
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.min(sorted.length - 1, low + 1);
  return sorted[low]! + (rank - low) * (sorted[high]! - sorted[low]!);
}

/**
 * Monte Carlo over uniformly drawn parameters, compiled once: every run reuses the same memory.
 * Run i draws its parameters in a fixed order from one generator, so a seed reproduces a sweep.
 */
export function sweep(model: CompiledModel, options: SweepOptions): SweepBands {
  const stocks = model.outputs.filter((output) => output.kind === 'stock');
  const batch = model.createBatch({ parameters: options.ranges.map((range) => range.name), outputs: stocks.map((stock) => stock.id) });
  const { saveCount } = batch;
  const runs = options.runs;
  const collected = stocks.map(() => new Float64Array(runs * saveCount));
  const uniform = mulberry32(options.seed);
  const values = new Float64Array(options.ranges.length);
  for (let run = 0; run < runs; run++) {
    for (let j = 0; j < options.ranges.length; j++) {
      const range = options.ranges[j]!;
      values[j] = range.low + (range.high - range.low) * uniform();
    }
    const result = batch.run(values, options.seed + run);
    for (let k = 0; k < stocks.length; k++) {
      // Stored save-point-major so each point's runs are contiguous for sorting.
      const target = collected[k]!;
      for (let i = 0; i < saveCount; i++) target[i * runs + run] = result[k * saveCount + i]!;
    }
    if ((run & 255) === 255) options.onProgress?.(run + 1);
  }
  options.onProgress?.(runs);
  const bands = new Map<string, Float64Array[]>();
  stocks.forEach((stock, k) => {
    const perPercentile = PERCENTILES.map(() => new Float64Array(saveCount));
    for (let i = 0; i < saveCount; i++) {
      const sorted = collected[k]!.subarray(i * runs, (i + 1) * runs).sort();
      PERCENTILES.forEach((p, q) => (perPercentile[q]![i] = percentile(sorted, p)));
    }
    bands.set(stock.label, perPercentile);
  });
  const time = new Float64Array(saveCount);
  const saveEvery = Math.max(1, Math.round(model.specs.saveStep / model.specs.dt));
  for (let i = 0; i < saveCount; i++) time[i] = model.specs.start + i * saveEvery * model.specs.dt;
  return { time, bands };
}

export function bandsToCsv(result: SweepBands): string {
  const header = ['Time'];
  for (const label of result.bands.keys()) for (const p of PERCENTILES) header.push(`${label} p${p}`);
  const lines = [header.map((cell) => (/[",]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',')];
  for (let i = 0; i < result.time.length; i++) {
    const cells = [String(result.time[i])];
    for (const series of result.bands.values()) for (const band of series) cells.push(String(band[i]));
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}
