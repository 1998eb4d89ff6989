import { DT_SLOT, STEP_SLOT, type Assignment, type Ir, type MathFunction, type Program } from '../compile/ir.ts';
import { collectSlots } from '../compile/order-nodes.ts';
import type { CompiledPhases } from './backend.ts';
import { generateFusedEuler } from './fused-euler.ts';
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
    case 'fn':
      return `${MATH_CALL[ir.fn]!}(${ir.args.map(sub).join(', ')})`;
    case 'lookup':
      return `L.lookup(T[${ir.table}], ${sub(ir.x)})`;
    case 'random':
      return `L.drawRandom(v, ${ir.state}, ${ir.dist === 'uniform' ? 0 : ir.dist === 'normal' ? 1 : 2}, ${ir.args.map(sub).join(', ')})`;
    case 'history':
      return `L.historyValue(v, ${ir.base}, ${ir.length}, ${ref(STEP_SLOT)}, ${ref(DT_SLOT)}, ${sub(ir.delay)}, ${sub(ir.initial)}, ${sub(ir.current)})`;
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
  chunked('invariants', program.invariants.map(assign), out);
  chunked('rates', program.rates.map(assign), out);
  chunked('nets', program.nets.map(assign), out);
  const post = [
    ...program.historyWrites.map((write) => `v[${write.base} + (v[${STEP_SLOT}] % ${write.length})] = ${expressionSource(write.source)};`),
    ...program.post.map(assign),
  ];
  chunked('post', post, out);
  out.push(...eulerSource(program));
  out.push('return { initial, invariants, rates, nets, post, integrateEuler };');
  return out.join('\n');
}

/**
 * The Euler update. A net flow that reads no stock is written straight into its stock's update
 * (it cannot change while other stocks move); the others (hidden stocks of SMTH and DELAYn read
 * themselves) are computed into their slots first, before any stock moves.
 */
function eulerSource(program: Program): string[] {
  const stockSlots = new Set(program.stocks.map((stock) => stock.slot));
  const netBySlot = new Map(program.nets.map((net) => [net.slot, net.ir]));
  const readsStock = (ir: Ir): boolean => {
    const slots: number[] = [];
    collectSlots(ir, slots);
    return slots.some((slot) => stockSlots.has(slot));
  };
  const first: string[] = [];
  const updates: string[] = [];
  for (const stock of program.stocks) {
    const net = netBySlot.get(stock.netSlot)!;
    let netSource: string;
    if (readsStock(net)) {
      first.push(`v[${stock.netSlot}] = ${expressionSource(net)};`);
      netSource = `v[${stock.netSlot}]`;
    } else netSource = expressionSource(net);
    updates.push(
      stock.nonNegative
        ? `{ const next = v[${stock.slot}] + dt * ${netSource}; v[${stock.slot}] = next < 0 ? 0 : next; }`
        : `v[${stock.slot}] = v[${stock.slot}] + dt * ${netSource};`,
    );
  }
  const out: string[] = [];
  chunked('netsReadingStocks', first, out);
  // dt is read once per chunk; the update statements use the local.
  const parts: string[] = [];
  for (let i = 0; i < updates.length; i += CHUNK) {
    const part = `updateStocks${parts.length}`;
    out.push(`function ${part}(v) {\nconst dt = v[${DT_SLOT}];\n${updates.slice(i, i + CHUNK).join('\n')}\n}`);
    parts.push(part);
  }
  out.push(`function integrateEuler(v) {\nnetsReadingStocks(v);\n${parts.map((part) => `${part}(v);`).join('\n')}\n}`);
  return out;
}

type GeneratedPhases = Pick<CompiledPhases, 'initial' | 'invariants' | 'rates' | 'nets' | 'post' | 'integrateEuler'>;

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
  return {
    kind: 'codegen',
    memorySize: program.slotCount,
    prepare: () => {},
    ...phases,
    createEulerLoop: (outputSlots) => generateFusedEuler(program, outputSlots),
  };
}
