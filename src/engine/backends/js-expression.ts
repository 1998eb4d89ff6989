import { DT_SLOT, STEP_SLOT, type Ir, type MathFunction } from '../compile/ir.ts';

/**
 * The IR as JavaScript expressions, for the generated code of codegen.ts and fused-euler.ts:
 * slot numbers, numeric literals and fixed helper names only (L = runtime library, T = lookup
 * tables, S = scratch array), never text from the model.
 */
const MATH_CALL: Partial<Record<MathFunction, string>> = {
  abs: 'Math.abs', sqrt: 'Math.sqrt', exp: 'L.exp', ln: 'L.ln', log10: 'L.log10',
  sin: 'L.sin', cos: 'L.cos', tan: 'L.tan', asin: 'L.asin', acos: 'L.acos', atan: 'L.atan',
  sinh: 'L.sinh', cosh: 'L.cosh', tanh: 'L.tanh', int: 'Math.floor', trunc: 'Math.trunc', round: 'L.roundHalfAway',
  min: 'Math.min', max: 'Math.max', pulse: 'L.pulse', ramp: 'L.ramp', safediv: 'L.safeDivide', sign: 'Math.sign',
  checkeddiv: 'L.checkedDivide', checkedmod: 'L.checkedModulo',
};

export function literal(value: number): string {
  if (Object.is(value, -0)) return '(-0)';
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '(-Infinity)';
  return value < 0 ? `(${String(value)})` : String(value);
}

/** How generated code reads a slot: `v[12]` in the phase functions, a local in the fused loop. */
export type SlotReference = (slot: number) => string;
const memorySlot: SlotReference = (slot) => `v[${slot}]`;

export function expressionSource(ir: Ir, ref: SlotReference = memorySlot): string {
  const sub = (inner: Ir): string => expressionSource(inner, ref);
  switch (ir.k) {
    case 'const':
      return literal(ir.v);
    case 'slot':
      return ref(ir.s);
    case 'neg':
      return `(-${sub(ir.a)})`;
    case 'not':
      return `(${sub(ir.a)} === 0 ? 1 : 0)`;
    case 'bin': {
      const a = sub(ir.a);
      const b = sub(ir.b);
      switch (ir.op) {
        case '+': case '-': case '*': case '/':
          return `(${a} ${ir.op} ${b})`;
        case '^':
          return `L.pow(${a}, ${b})`;
        case 'mod':
          return `(${a} % ${b})`;
        case '<': case '<=': case '>': case '>=':
          return `(${a} ${ir.op} ${b} ? 1 : 0)`;
        case '==':
          return `(${a} === ${b} ? 1 : 0)`;
        case '!=':
          return `(${a} !== ${b} ? 1 : 0)`;
        case 'and':
          return `((${a} !== 0) & (${b} !== 0))`;
        case 'or':
          return `((${a} !== 0) | (${b} !== 0))`;
      }
      break;
    }
    case 'if':
      return `(${sub(ir.c)} !== 0 ? ${sub(ir.t)} : ${sub(ir.e)})`;
    case 'fn': {
      if (ir.fn === 'lookup_area' || ir.fn === 'lookuparea' || ir.fn === 'lookupmean') {
        const table = `T[${(ir.args[0] as Extract<Ir, { k: 'const' }>).v}]`;
        return ir.fn === 'lookupmean'
          ? `L.lookupMean(${table}, ${sub(ir.args[1]!)}, ${sub(ir.args[2]!)})`
          : `L.lookupArea(${table}, ${sub(ir.args[1]!)}, ${sub(ir.args[2]!)}, ${ir.fn === 'lookup_area'})`;
      }
      return `${MATH_CALL[ir.fn]!}(${ir.args.map(sub).join(', ')})`;
    }
    case 'lookup':
      return `L.lookup(T[${ir.table}], ${sub(ir.x)})`;
    case 'random':
      return `L.drawRandom(v, ${ir.state}, ${ir.dist === 'uniform' ? 0 : ir.dist === 'normal' ? 1 : 2}, ${ir.args.map(sub).join(', ')})`;
    case 'history':
      return `L.historyValue(v, ${ir.base}, ${ir.length}, ${ref(STEP_SLOT)}, ${ref(DT_SLOT)}, ${sub(ir.delay)}, ${sub(ir.initial)}, ${sub(ir.current)})`;
    case 'pick':
      return `L.pickStrided(${gathered(ir.values, ir.scratch, ref)}, ${sub(ir.index)}, ${literal(ir.missing)})`;
    case 'rankpick':
      return `L.rankPick(${gathered(ir.values, ir.scratch, ref)}, ${sub(ir.rank)}, ${sub(ir.ascending)})`;
  }
  throw new Error('unreachable');
}

/**
 * The first arguments of pickStrided and rankPick (array, base, stride, count): the memory itself
 * where the values are evenly spaced slots read from memory, else the call site's own place in the
 * scratch array S, filled first (locals, and values that are expressions).
 */
function gathered(values: readonly Ir[], scratch: number, ref: SlotReference): string {
  const stride = values.length > 1 && values[0]!.k === 'slot' && values[1]!.k === 'slot' ? values[1]!.s - values[0]!.s : 1;
  const strided = ref === memorySlot && values.every((value, i) => value.k === 'slot' && value.s === (values[0] as Extract<Ir, { k: 'slot' }>).s + stride * i);
  if (strided) return `v, ${(values[0] as Extract<Ir, { k: 'slot' }>).s}, ${stride}, ${values.length}`;
  const fill = values.map((value, i) => `S[${scratch + i}] = ${expressionSource(value, ref)}`).join(', ');
  return `(${fill}, S), ${scratch}, 1, ${values.length}`;
}
