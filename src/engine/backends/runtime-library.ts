import { portableMath } from './portable-math.ts';
import { checkedDivide, checkedModulo, drawRandom, historyValue, lookup, lookupArea, lookupMean, pickStrided, pulse, ramp, rankPick, roundHalfAway } from '../compile/runtime-functions.ts';

export function safeDivide(numerator: number, denominator: number, fallback: number): number {
  return denominator === 0 ? fallback : numerator / denominator;
}

/** The helpers generated code calls; the VM calls the same functions. */
export const runtimeLibrary = { lookup, pulse, ramp, roundHalfAway, historyValue, drawRandom, safeDivide, checkedDivide, checkedModulo, pickStrided, rankPick, lookupArea, lookupMean, ...portableMath };
export type RuntimeLibrary = typeof runtimeLibrary;
