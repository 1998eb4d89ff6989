/**
 * exp(x) after FreeBSD msun e_exp.c (fdlibm; Copyright (C) 2004 by Sun Microsystems, Inc.,
 * permission to use, copy, modify and distribute freely with the notice kept). Plain IEEE
 * arithmetic plus a table of exact powers of two, so it gives the same bits on every JavaScript
 * engine, at about the speed of Math.exp (the typed-array word access of a straight port is what
 * made the library version three times slower, and EXP sits in the hot loop of business models).
 */
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6;
const P5 = 4.13813679705723846039e-8;
const OVERFLOW_THRESHOLD = 7.09782712893383973096e2;
const UNDERFLOW_THRESHOLD = -7.45133219101941108420e2;
const HALF_LN2 = 0.34657359027997264;
const THREE_HALVES_LN2 = 1.0397207708399179;
const TINY = 3.725290298461914e-9; // 2^-28

/** POWERS_OF_TWO[k + 1074] = 2^k for k in [-1074, 1023], built by exact doubling. */
const POWERS_OF_TWO = (() => {
  const table = new Float64Array(2098);
  let value = Number.MIN_VALUE;
  for (let i = 0; i < table.length; i++) {
    table[i] = value;
    value *= 2;
  }
  return table;
})();

/**
 * The usual case, |x| <= 708 (no NaN, overflow, underflow or subnormal result): the same
 * operations as the full function below, in fewer bytes of bytecode, so V8 inlines it at every
 * call site of a hot loop (its inlining budget took only two of the full function).
 */
export function portableExp(x: number): number {
  // The constants are written out (HALF_LN2, THREE_HALVES_LN2, TINY, LN2_HI, LN2_LO, INV_LN2,
  // P1-P5): module constants cost bytecode for their TDZ checks, and bytecode size is what V8's
  // inlining budget counts.
  const magnitude = x < 0 ? -x : x;
  if (!(magnitude <= 708)) return fullExp(x);
  let k = 0;
  let hi = 0;
  let lo = 0;
  let r = x;
  if (magnitude > 0.34657359027997264) {
    // |x| <= 708, so -1021 <= k <= 1021: 2^k is a normal number.
    k = magnitude < 1.0397207708399179 ? (x > 0 ? 1 : -1) : (1.44269504088896338700 * x + (x < 0 ? -0.5 : 0.5)) | 0;
    hi = x - k * 6.93147180369123816490e-1;
    lo = k * 1.90821492927058770002e-10;
    r = hi - lo;
  } else if (magnitude < 3.725290298461914e-9) return 1 + x;
  const t = r * r;
  const c = r - t * (1.66666666666666019037e-1 + t * (-2.77777777770155933842e-3 + t * (6.61375632143793436117e-5 + t * (-1.65339022054652515390e-6 + t * 4.13813679705723846039e-8))));
  if (k === 0) return 1 - ((r * c) / (c - 2) - r);
  return (1 - (lo - (r * c) / (2 - c) - hi)) * POWERS_OF_TWO[k + 1074]!;
}

function fullExp(x: number): number {
  if (x !== x) return x;
  if (x > OVERFLOW_THRESHOLD) return Infinity;
  if (x < UNDERFLOW_THRESHOLD) return 0;
  const magnitude = x < 0 ? -x : x;
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (magnitude > HALF_LN2) {
    if (magnitude < THREE_HALVES_LN2) {
      k = x > 0 ? 1 : -1;
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    } else {
      // |x| < 746 here, so the truncation fits an int32.
      k = (INV_LN2 * x + (x < 0 ? -0.5 : 0.5)) | 0;
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (magnitude < TINY) {
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (lo - (x * c) / (2 - c) - hi);
  if (k === 1024) return y * 2 * POWERS_OF_TWO[1023 + 1074]!;
  if (k >= -1021) return y * POWERS_OF_TWO[k + 1074]!;
  // Subnormal results: scale in two steps as fdlibm does (2^(k+1000), then 2^-1000).
  return y * POWERS_OF_TWO[k + 1000 + 1074]! * POWERS_OF_TWO[-1000 + 1074]!;
}

/**
 * Every branch taken at load, with fractional arguments: optimised code that meets a branch it
 * has no type feedback for throws itself away (a Monte Carlo sweep would lose its hot loop to the
 * first parameter draw that reaches a new branch). Repeated, as V8 records feedback only from
 * about the eighth call of a function on.
 */
for (let pass = 0; pass < 4; pass++) {
  for (const x of [0.1, -0.2, 0.5, -0.6, 1.5, -1.5, 7.5, -7.5, 1.5e-10, -1.5e-10, 708.5, 709.9, -708.5, -745.5, -740.5, NaN]) portableExp(x);
}
