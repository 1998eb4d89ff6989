// Seeded PRNG for the sweep draws (mulberry32): the same seed gives the same draws for every engine.

export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draw `runs` parameter sets uniformly within [min, max], row-major (run r, parameter j at r*k+j). */
export function drawParameters(ranges: readonly { min: number; max: number }[], runs: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const k = ranges.length;
  const values = new Float64Array(runs * k);
  for (let r = 0; r < runs; r++) {
    for (let j = 0; j < k; j++) {
      const { min, max } = ranges[j]!;
      values[r * k + j] = min + (max - min) * rng();
    }
  }
  return values;
}
