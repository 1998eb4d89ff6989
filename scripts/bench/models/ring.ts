// Synthetic stock ring of N stocks: stock s_i has inflow flow_{i-1} and outflow flow_i, with a nonlinear
// (saturating) flow flow_i = rate_i*s_i*s_i/(s_i+half_sat) and a distinct rate constant per stock.

import { writeXmile, type XmileVariable } from './xmile.ts';

export const RING_START = 0;
export const RING_STOP = 100;
export const RING_DT = 0.25;
export const RING_HALF_SAT = 10;

/** Distinct rate constant of stock i (1-based), written as an exact decimal literal. */
export function ringRateText(i: number): string {
  return (0.02 + i * 0.0001).toFixed(4);
}

/** Initial value of stock i (1-based). */
export function ringInitial(i: number): number {
  return 10 + (i % 7) * 5;
}

export function ringRates(n: number): Float64Array {
  const rates = new Float64Array(n);
  for (let i = 1; i <= n; i++) rates[i - 1] = Number(ringRateText(i));
  return rates;
}

export function ringInitials(n: number): Float64Array {
  const init = new Float64Array(n);
  for (let i = 1; i <= n; i++) init[i - 1] = ringInitial(i);
  return init;
}

export function ringStockIds(n: number): string[] {
  return Array.from({ length: n }, (_, k) => `s_${k + 1}`);
}

/** Return the XMILE text of a ring of `n` stocks (3n+1 variables). */
export function ringXmile(n: number): string {
  const variables: XmileVariable[] = [];
  for (let i = 1; i <= n; i++) {
    const prev = i === 1 ? n : i - 1;
    variables.push({ kind: 'stock', name: `s_${i}`, eqn: String(ringInitial(i)), inflows: [`flow_${prev}`], outflows: [`flow_${i}`] });
  }
  for (let i = 1; i <= n; i++) {
    variables.push({ kind: 'flow', name: `flow_${i}`, eqn: `rate_${i}*s_${i}*s_${i}/(s_${i}+half_sat)` });
  }
  for (let i = 1; i <= n; i++) variables.push({ kind: 'aux', name: `rate_${i}`, eqn: ringRateText(i) });
  variables.push({ kind: 'aux', name: 'half_sat', eqn: String(RING_HALF_SAT) });
  return writeXmile({ name: `ring_${n}`, start: RING_START, stop: RING_STOP, dt: RING_DT, timeUnits: 'Months', variables });
}
