import { portableMath } from '../backends/portable-math.ts';
import type { LookupTable } from './ir.ts';

/**
 * Functions shared verbatim by generated code and the VM, so both back ends compute the very
 * same numbers.
 */

/** XMILE graphical function evaluation (XMILE 1.0 section 3.1.4): continuous clamps at the ends. */
export function lookup(table: LookupTable, x: number): number {
  const xs = table.xs;
  const ys = table.ys;
  const last = xs.length - 1;
  if (x !== x) return x;
  if (x <= xs[0]!) {
    if (table.mode === 1 && last > 0 && x < xs[0]!) return ys[0]! + ((x - xs[0]!) * (ys[1]! - ys[0]!)) / (xs[1]! - xs[0]!);
    return ys[0]!;
  }
  if (x >= xs[last]!) {
    if (table.mode === 1 && last > 0 && x > xs[last]!) {
      return ys[last]! + ((x - xs[last]!) * (ys[last]! - ys[last - 1]!)) / (xs[last]! - xs[last - 1]!);
    }
    return ys[last]!;
  }
  let low = 0;
  let high = last;
  while (high - low > 1) {
    const mid = (low + high) >> 1;
    if (xs[mid]! <= x) low = mid;
    else high = mid;
  }
  if (table.mode === 2) return ys[low]!;
  const x0 = xs[low]!;
  const x1 = xs[high]!;
  if (x1 === x0) return ys[high]!;
  return ys[low]! + ((x - x0) * (ys[high]! - ys[low]!)) / (x1 - x0);
}

/**
 * The area under a table's curve from `from` to `to`, exactly (its pieces are straight lines or,
 * for a discrete table, steps). `vensim` true: Vensim's LOOKUP AREA, an integral (negative when
 * `to` < `from`) of the table as LOOKUP reads it, held or extrapolated beyond its ends; the
 * reference's examples: over (0,1),(1,1),(2,2), 1 from 0 to 1, 4 from 2 to 4, 3 from 0.5 to 2.5.
 * False: Stella's LOOKUPAREA, the same whichever bound comes first, the curve counting as 0
 * outside its x range unless the graphical function extrapolates (isee, Graphical builtins).
 */
export function lookupArea(table: LookupTable, from: number, to: number, vensim: boolean): number {
  if (from !== from || to !== to) return Number.NaN;
  if (!vensim && from > to) return lookupArea(table, to, from, vensim);
  if (from > to) return -lookupArea(table, to, from, vensim);
  const xs = table.xs;
  const first = xs[0]!;
  const last = xs[xs.length - 1]!;
  const zeroOutside = !vensim && table.mode !== 1;
  const value = (x: number): number => (zeroOutside && (x < first || x > last) ? 0 : lookup(table, x));
  // Breakpoints: the bounds and every table x between them; the curve is straight or flat between.
  let area = 0;
  let left = from;
  const segment = (right: number): void => {
    if (right <= left) return;
    const middle = (left + right) / 2;
    if (zeroOutside && (middle < first || middle > last)) {
      left = right;
      return;
    }
    area += table.mode === 2 ? value(middle) * (right - left) : ((value(left) + value(right)) / 2) * (right - left);
    left = right;
  };
  for (let i = 0; i < xs.length; i++) if (xs[i]! > from && xs[i]! < to) segment(xs[i]!);
  segment(to);
  return area;
}

/** Stella's LOOKUPMEAN: LOOKUPAREA over the range divided by its width; the curve's value where the range is a point. */
export function lookupMean(table: LookupTable, from: number, to: number): number {
  if (from === to) return lookup(table, from);
  return lookupArea(table, from, to, false) / Math.abs(to - from);
}

/**
 * PULSE(magnitude, first[, interval]) as in XMILE 1.0 section 3.5.4: an impulse of `magnitude`
 * spread over one DT (so it accumulates to `magnitude` in a stock), at `first` and every
 * `interval` after it.
 */
export function pulse(magnitude: number, first: number, interval: number, time: number, dt: number): number {
  if (time < first - dt / 2) return 0;
  if (interval > 0) {
    const sinceFirst = time - first;
    const phase = sinceFirst - interval * Math.floor(sinceFirst / interval + dt / (2 * interval));
    return Math.abs(phase) < dt / 2 ? magnitude / dt : 0;
  }
  return Math.abs(time - first) < dt / 2 ? magnitude / dt : 0;
}

/** RAMP(slope, start[, end]): zero before start, rising with `slope`, flat after end. */
export function ramp(slope: number, start: number, end: number, time: number): number {
  if (time <= start) return 0;
  const until = end > start && time > end ? end : time;
  return slope * (until - start);
}

/** Vensim-compatible rounding of halves away from zero (ROUND(-2.5) = -3). */
export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/**
 * values[base + stride · index], or `missing` where index is not one of 0 … count-1 (XMILE 1.0
 * §3.7.1: an out-of-range subscript gives 0; VECTOR ELM MAP gives :NA:, here NaN).
 */
export function pickStrided(values: ArrayLike<number>, base: number, stride: number, count: number, index: number, missing: number): number {
  return index >= 0 && index < count && Math.floor(index) === index ? values[base + stride * index]! : missing;
}

let order = new Int32Array(16);
let merged = new Int32Array(16);

/**
 * The 0-based position of the element at sorted place `rank` among count values at base, base +
 * stride, …: ascending where `ascending` is not 0, else descending; equal values keep their order
 * (a stable merge sort of positions, in reused buffers). A place outside 0 … count-1 gives NaN.
 */
export function rankPick(values: ArrayLike<number>, base: number, stride: number, count: number, rank: number, ascending: number): number {
  if (!(rank >= 0 && rank < count && Math.floor(rank) === rank)) return Number.NaN;
  if (order.length < count) {
    order = new Int32Array(count * 2);
    merged = new Int32Array(count * 2);
  }
  for (let i = 0; i < count; i++) order[i] = i;
  const before = (a: number, b: number): boolean => {
    const x = values[base + stride * a]!;
    const y = values[base + stride * b]!;
    return ascending !== 0 ? y < x : x < y;
  };
  for (let width = 1; width < count; width *= 2) {
    for (let low = 0; low < count; low += 2 * width) {
      const middle = Math.min(low + width, count);
      const high = Math.min(low + 2 * width, count);
      let i = low;
      let j = middle;
      let k = low;
      // Take from the right run only when strictly before: ties keep their order.
      while (i < middle && j < high) merged[k++] = before(order[i]!, order[j]!) ? order[j++]! : order[i++]!;
      while (i < middle) merged[k++] = order[i++]!;
      while (j < high) merged[k++] = order[j++]!;
    }
    const swap = order;
    order = merged;
    merged = swap;
  }
  return order[rank]!;
}

/** Where checked divisions note a zero divisor: slot computed → first time; set only during a replay. */
let divisionLog: Map<number, number> | undefined;

/** Runs `work` with checked divisions noting zero divisors in `log` (arithmetic-warnings.ts). */
export function withDivisionLog(log: Map<number, number>, work: () => void): void {
  const outer = divisionLog;
  divisionLog = log;
  try {
    work();
  } finally {
    divisionLog = outer;
  }
}

/** a / b, the same IEEE quotient, noting a zero divisor for the slot being computed. */
export function checkedDivide(a: number, b: number, slot: number, time: number): number {
  if (b === 0 && divisionLog !== undefined && !divisionLog.has(slot)) divisionLog.set(slot, time);
  return a / b;
}

/** a MOD b as the engine computes it (a % b), noting a zero divisor. */
export function checkedModulo(a: number, b: number, slot: number, time: number): number {
  if (b === 0 && divisionLog !== undefined && !divisionLog.has(slot)) divisionLog.set(slot, time);
  return a % b;
}

/** History lookup for a fixed delay: value of the input `delay` ago, or the initial value before. */
export function historyValue(
  memory: Float64Array,
  base: number,
  length: number,
  step: number,
  dt: number,
  delay: number,
  initial: number,
  current: number,
): number {
  const stepsBack = Math.round(delay / dt);
  if (stepsBack <= 0) return current;
  const index = step - stepsBack;
  if (index < 0) return initial;
  return memory[base + (index % length)]!;
}

/**
 * sfc32-style 32-bit generator, state in one double (two 16-bit halves are not needed: a single
 * 32-bit state with a strong mixer is enough for Monte Carlo draws and keeps snapshots trivial).
 * mulberry32: public domain, Tommy Ettinger.
 */
export function nextUniform(memory: Float64Array, stateSlot: number): number {
  let state = (memory[stateSlot]! + 0x6d2b79f5) | 0;
  memory[stateSlot] = state;
  state = Math.imul(state ^ (state >>> 15), state | 1);
  state ^= state + Math.imul(state ^ (state >>> 7), state | 61);
  return ((state ^ (state >>> 14)) >>> 0) / 4294967296;
}

export function drawRandom(memory: Float64Array, stateSlot: number, dist: number, a: number, b: number): number {
  if (dist === 0) return a + (b - a) * nextUniform(memory, stateSlot);
  // Box-Muller with two fresh uniforms each time: stateless apart from the generator.
  const u1 = 1 - nextUniform(memory, stateSlot);
  const u2 = nextUniform(memory, stateSlot);
  const z = Math.sqrt(-2 * portableMath.ln(u1)) * portableMath.cos(2 * Math.PI * u2);
  if (dist === 1) return a + b * z;
  // LOGNORMAL(mean, sd) takes the mean and standard deviation of the distribution itself.
  const variance = portableMath.ln(1 + (b * b) / (a * a));
  const mu = portableMath.ln(a) - variance / 2;
  return portableMath.exp(mu + Math.sqrt(variance) * z);
}

/**
 * Call-site number for streams seeded in the equation: negative, so no run-seeded call site
 * (numbered from 0) starts from the same state. Two calls with the same written seed draw the
 * same sequence, as the seed alone defines the stream.
 */
export const WRITTEN_SEED_SITE = -2;

/** Mixes a run seed and a call-site number into a generator state. */
export function seedState(seed: number, site: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(site + 1, 0x85ebca6b)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) | 0;
}
