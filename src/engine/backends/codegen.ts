import { DT_SLOT, STEP_SLOT, type Assignment, type Ir, type MathFunction, type Program } from '../compile/ir.ts';
import type { CompiledPhases } from './backend.ts';
import { runtimeLibrary } from './runtime-library.ts';

/**
 * Fast back end: JavaScript generated from the checked IR (never from equation text), with
 * every value a `v[slot]` of one Float64Array. V8 optimises small functions far better than
 * one huge one, so each phase is split into functions of at most CHUNK statements
 * (engine-notes: a 3,000-statement function ran 53x slower than chunks of 200).
 */
const CHUNK = 200;

const MATH_CALL: Partial<Record<MathFunction, string>> = {
  abs: 'Math.abs', sqrt: 'Math.sqrt', exp: 'L.exp', ln: 'L.ln', log10: 'L.log10',
  sin: 'L.sin', cos: 'L.cos', tan: 'L.tan', asin: 'L.asin', acos: 'L.acos', atan: 'L.atan',
  sinh: 'L.sinh', cosh: 'L.cosh', tanh: 'L.tanh', int: 'Math.trunc', round: 'L.roundHalfAway',
  min: 'Math.min', max: 'Math.max', pulse: 'L.pulse', ramp: 'L.ramp', safediv: 'L.safeDivide', sign: 'Math.sign',
};

function literal(value: number): string {
  if (Object.is(value, -0)) return '(-0)';
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '(-Infinity)';
  return value < 0 ? `(${String(value)})` : String(value);
}

export function expressionSource(ir: Ir): string {
  switch (ir.k) {
    case 'const':
      return literal(ir.v);
    case 'slot':
      return `v[${ir.s}]`;
    case 'neg':
      return `(-${expressionSource(ir.a)})`;
    case 'not':
      return `(${expressionSource(ir.a)} === 0 ? 1 : 0)`;
    case 'bin': {
      const a = expressionSource(ir.a);
      const b = expressionSource(ir.b);
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
      return `(${expressionSource(ir.c)} !== 0 ? ${expressionSource(ir.t)} : ${expressionSource(ir.e)})`;
    case 'fn':
      return `${MATH_CALL[ir.fn]!}(${ir.args.map(expressionSource).join(', ')})`;
    case 'lookup':
      return `L.lookup(T[${ir.table}], ${expressionSource(ir.x)})`;
    case 'random':
      return `L.drawRandom(v, ${ir.state}, ${ir.dist === 'uniform' ? 0 : ir.dist === 'normal' ? 1 : 2}, ${ir.args.map(expressionSource).join(', ')})`;
    case 'history':
      return `L.historyValue(v, ${ir.base}, ${ir.length}, v[${STEP_SLOT}], v[${DT_SLOT}], ${expressionSource(ir.delay)}, ${expressionSource(ir.initial)}, ${expressionSource(ir.current)})`;
  }
  throw new Error('unreachable');
}

function chunked(name: string, statements: readonly string[], out: string[]): void {
  const parts: string[] = [];
  for (let i = 0; i < statements.length; i += CHUNK) {
    const part = `${name}${parts.length}`;
    out.push(`function ${part}(v) {\n${statements.slice(i, i + CHUNK).join('\n')}\n}`);
    parts.push(part);
  }
  out.push(`function ${name}(v) {\n${parts.map((part) => `${part}(v);`).join('\n')}\n}`);
}

const assign = (assignment: Assignment): string => `v[${assignment.slot}] = ${expressionSource(assignment.ir)};`;

/** The generated module source: a factory taking (L = runtime library, T = lookup tables). */
export function generateSource(program: Program): string {
  const out: string[] = ['"use strict";'];
  chunked('initial', program.initial.map(assign), out);
  chunked('rates', program.rates.map(assign), out);
  const post = [
    ...program.historyWrites.map((write) => `v[${write.base} + (v[${STEP_SLOT}] % ${write.length})] = ${expressionSource(write.source)};`),
    ...program.post.map(assign),
  ];
  chunked('post', post, out);
  const euler = program.stocks.map((stock) =>
    stock.nonNegative
      ? `{ const next = v[${stock.slot}] + v[${DT_SLOT}] * v[${stock.netSlot}]; v[${stock.slot}] = next < 0 ? 0 : next; }`
      : `v[${stock.slot}] = v[${stock.slot}] + v[${DT_SLOT}] * v[${stock.netSlot}];`,
  );
  chunked('integrateEuler', euler, out);
  out.push('return { initial, rates, post, integrateEuler };');
  return out.join('\n');
}

type GeneratedPhases = Pick<CompiledPhases, 'initial' | 'rates' | 'post' | 'integrateEuler'>;

/** True where the page's Content-Security-Policy allows compiling generated code. */
export function canGenerateCode(): boolean {
  try {
    return typeof new Function('return 1') === 'function';
  } catch {
    return false;
  }
}

export function compileCodegen(program: Program): CompiledPhases {
  const source = generateSource(program);
  // The source is built only from the IR: slot numbers, numeric literals and fixed helper names.
  const factory = new Function('L', 'T', source) as (library: typeof runtimeLibrary, tables: Program['tables']) => GeneratedPhases;
  const phases = factory(runtimeLibrary, program.tables);
  return { kind: 'codegen', memorySize: program.slotCount, prepare: () => {}, ...phases };
}
