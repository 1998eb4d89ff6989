import { runtimeLibrary as L } from '../backends/runtime-library.ts';
import type { Ir, LookupTable, MathFunction } from '../compile/ir.ts';

/**
 * Evaluates one IR tree over a memory array, for structure analysis only (never for runs): a
 * small interpreter lets introspection re-evaluate a single variable with one input nudged,
 * without touching the back ends. Two things differ from a run, on purpose, so that the sign of
 * an influence can be read at the start: a random draw gives its expected value (the centre of
 * RANDOM, the mean of NORMAL and LOGNORMAL), and a fixed delay passes its input straight
 * through, as it will once the delay has elapsed.
 */
export function evaluateIr(ir: Ir, m: Float64Array, tables: readonly LookupTable[]): number {
  const at = (inner: Ir): number => evaluateIr(inner, m, tables);
  switch (ir.k) {
    case 'const':
      return ir.v;
    case 'slot':
      return m[ir.s]!;
    case 'neg':
      return -at(ir.a);
    case 'not':
      return at(ir.a) === 0 ? 1 : 0;
    case 'bin':
      return binary(ir.op, at(ir.a), at(ir.b));
    case 'if':
      return at(ir.c) !== 0 ? at(ir.t) : at(ir.e);
    case 'fn':
      if (ir.fn === 'lookup_area' || ir.fn === 'lookuparea' || ir.fn === 'lookupmean') {
        const table = tables[(ir.args[0] as Extract<Ir, { k: 'const' }>).v]!;
        const [from, to] = [at(ir.args[1]!), at(ir.args[2]!)];
        return ir.fn === 'lookupmean' ? L.lookupMean(table, from, to) : L.lookupArea(table, from, to, ir.fn === 'lookup_area');
      }
      return mathFunction(ir.fn, ir.args.map(at));
    case 'lookup':
      return L.lookup(tables[ir.table]!, at(ir.x));
    case 'random': {
      const a = at(ir.args[0]!);
      return ir.dist === 'uniform' ? (a + at(ir.args[1]!)) / 2 : a;
    }
    case 'history':
      return at(ir.current);
    case 'pick': {
      const values = Float64Array.from(ir.values, at);
      return L.pickStrided(values, 0, 1, values.length, at(ir.index), ir.missing);
    }
    case 'rankpick': {
      const values = Float64Array.from(ir.values, at);
      return L.rankPick(values, 0, 1, values.length, at(ir.rank), at(ir.ascending));
    }
  }
}

function binary(op: Extract<Ir, { k: 'bin' }>['op'], a: number, b: number): number {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    case '^': return L.pow(a, b);
    case 'mod': return a % b;
    case '<': return a < b ? 1 : 0;
    case '<=': return a <= b ? 1 : 0;
    case '>': return a > b ? 1 : 0;
    case '>=': return a >= b ? 1 : 0;
    case '==': return a === b ? 1 : 0;
    case '!=': return a !== b ? 1 : 0;
    case 'and': return a !== 0 && b !== 0 ? 1 : 0;
    case 'or': return a !== 0 || b !== 0 ? 1 : 0;
  }
}

function mathFunction(fn: MathFunction, args: readonly number[]): number {
  const x = args[0]!;
  switch (fn) {
    case 'abs': return Math.abs(x);
    case 'sqrt': return Math.sqrt(x);
    case 'exp': return L.exp(x);
    case 'ln': return L.ln(x);
    case 'log10': return L.log10(x);
    case 'sin': return L.sin(x);
    case 'cos': return L.cos(x);
    case 'tan': return L.tan(x);
    case 'asin': return L.asin(x);
    case 'acos': return L.acos(x);
    case 'atan': return L.atan(x);
    case 'sinh': return L.sinh(x);
    case 'cosh': return L.cosh(x);
    case 'tanh': return L.tanh(x);
    case 'int': return Math.floor(x);
    case 'trunc': return Math.trunc(x);
    case 'round': return L.roundHalfAway(x);
    case 'sign': return Math.sign(x);
    case 'min': return Math.min(x, args[1]!);
    case 'max': return Math.max(x, args[1]!);
    case 'safediv': return L.safeDivide(x, args[1]!, args[2]!);
    case 'lookup_area': case 'lookuparea': case 'lookupmean': return Number.NaN; // handled above, with its table
    case 'checkeddiv': return x / args[1]!;
    case 'checkedmod': return x % args[1]!;
    // The compiler passes TIME (and DT) to PULSE and RAMP as their last arguments.
    case 'pulse': return L.pulse(x, args[1]!, args[2]!, args[3]!, args[4]!);
    case 'ramp': return L.ramp(x, args[1]!, args[2]!, args[3]!);
  }
}
