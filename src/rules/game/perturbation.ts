import { canonicalName } from '../../engine/index.ts';
import type { Scenario } from '../scenario/load-scenario.ts';

/**
 * Robustness draws: every model constant multiplied by an independent uniform factor in
 * [1 − spread, 1 + spread], except decisions, event switches and constants the scenario fixes.
 * Draw i of a seed is the same whatever is played, so strategies can be compared draw by draw.
 */
export function perturbedConstants(scenario: Scenario, spread: number, seed: number, drawIndex: number): Record<string, number> {
  const excluded = new Set<string>();
  const key = canonicalName;
  for (const side of scenario.definition.sides) for (const decision of side.decisions) excluded.add(key(decision.variable));
  for (const event of scenario.definition.events) {
    for (const name of Object.keys(event.set)) excluded.add(key(name));
    if (event.startTimeInput) excluded.add(key(event.startTimeInput));
    if (event.endTimeInput) excluded.add(key(event.endTimeInput.variable));
  }
  for (const name of scenario.definition.fixedConstants) excluded.add(key(name));
  const random = mulberry32(mix(seed, drawIndex));
  const overrides: Record<string, number> = {};
  for (const parameter of scenario.model.parameters) {
    // Draw for every constant, used or not, so the stream does not depend on the exclusions.
    const factor = 1 + spread * (2 * random() - 1);
    if (excluded.has(parameter.id) || parameter.value === 0) continue;
    overrides[parameter.id] = parameter.value * factor;
  }
  return overrides;
}

function mix(seed: number, index: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  return (h ^ (h >>> 15)) | 0;
}

/** mulberry32 (public domain): a small, fast generator; the same seed gives the same draws everywhere. */
export function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
