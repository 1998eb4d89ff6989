import { DT_SLOT, STEP_SLOT, TIME_SLOT, type Assignment, type Ir, type MathFunction, type Program } from '../compile/ir.ts';
import { collectSlots } from '../compile/order-nodes.ts';
import type { CompiledPhases, RunTimeline, WholeRun } from './backend.ts';
import { generateLocalsRun, localsRunFits } from './fused-euler.ts';
import { MIN_LOOP, groupStatements, type Item, type Statement } from './reroll.ts';
import { runtimeLibrary } from './runtime-library.ts';

/**
 * Fast back end: JavaScript generated from the checked IR (never from equation text), with
 * every value a `v[slot]` of one Float64Array. V8 optimises small functions far better than
 * one huge one, so each phase is split into functions of at most CHUNK statements
 * (engine-notes: a 3,000-statement function ran 53x slower than chunks of 200). Runs of
 * same-shaped statements become loops (reroll.ts).
 *
 * A whole Euler run (model.run, batch runners) is one generated function per output selection:
 * small irregular models hold every value in a local (fused-euler.ts); large or regular ones run
 * the phase functions from one step loop (generateMemoryRun). The stepping Sim, RK4 and
 * introspection use the phase functions directly.
 */
const CHUNK = 200;
/** What a loop counts for against CHUNK. */
const LOOP_WEIGHT = 8;

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

/** A piece of a phase: a statement, a loop of statements, or a line as is (a history write). */
type PhaseItem = Item | { readonly kind: 'raw'; readonly source: string };

/**
 * `v[target] = value;` and its variants. With `saveCount` (a whole run's saving step), a
 * statement with `save` first writes the target's current value to out[o + save * saveCount].
 */
function statementSource(statement: Statement, saveCount?: number): string {
  if (statement.save !== undefined && saveCount !== undefined) {
    const value = expressionSource(statement.ir, (slot) => (slot === statement.target ? 'x' : `v[${slot}]`));
    const store = statement.clamp ? `const next = ${value}; v[${statement.target}] = next < 0 ? 0 : next;` : `v[${statement.target}] = ${value};`;
    return `{ const x = v[${statement.target}]; out[o + ${statement.save * saveCount}] = x; ${store} }`;
  }
  const value = expressionSource(statement.ir);
  return statement.clamp
    ? `{ const next = ${value}; v[${statement.target}] = next < 0 ? 0 : next; }`
    : `v[${statement.target}] = ${value};`;
}

function indexSource(base: number, stride: number): string {
  if (stride === 0) return String(base);
  if (stride === 1) return `${base} + i`;
  if (stride === -1) return `${base} - i`;
  return stride > 0 ? `${base} + ${stride} * i` : `${base} - ${-stride} * i`;
}

function loopSource(item: Extract<Item, { kind: 'loop' }>, saveCount?: number): string {
  const { first, count, operands, strides, targetStride } = item;
  const saving = first.save !== undefined && saveCount !== undefined;
  const reads: number[] = [];
  collectSlots(first.ir, reads);
  const uses = new Map<number, number>();
  for (const slot of reads) uses.set(slot, (uses.get(slot) ?? 0) + 1);
  // The saved value is the target's: read it once into a local.
  if (saving) uses.set(first.target, (uses.get(first.target) ?? 0) + 2);
  const writtenInLoop = (slot: number): boolean => {
    const k = (slot - first.target) / targetStride;
    return Number.isInteger(k) && k >= 0 && k < count;
  };
  const before: string[] = [];
  const body: string[] = [];
  const refs = new Map<number, string>();
  operands.forEach((slot, p) => {
    const useCount = uses.get(slot);
    if (useCount === undefined) return;
    const stride = strides[p]!;
    if (stride === 0 && !writtenInLoop(slot)) {
      // The same slot at every iteration, and no iteration writes it: read once.
      before.push(`const c${p} = v[${slot}];`);
      refs.set(slot, `c${p}`);
    } else if (useCount > 1) {
      body.push(`const x${p} = v[${indexSource(slot, stride)}];`);
      refs.set(slot, `x${p}`);
    } else refs.set(slot, `v[${indexSource(slot, stride)}]`);
  });
  if (saving) {
    const position = indexSource(first.save! * saveCount!, item.saveStride * saveCount!);
    body.push(`out[o + ${position}] = ${refs.get(first.target)!};`);
  }
  const value = expressionSource(first.ir, (slot) => refs.get(slot)!);
  const target = `v[${indexSource(first.target, targetStride)}]`;
  body.push(first.clamp ? `const next = ${value}; ${target} = next < 0 ? 0 : next;` : `${target} = ${value};`);
  return `{\n${before.join('\n')}\nfor (let i = 0; i < ${count}; i++) {\n${body.join('\n')}\n}\n}`;
}

function itemSource(item: PhaseItem, saveCount?: number): string {
  if (item.kind === 'raw') return item.source;
  if (item.kind === 'single') return statementSource(item.statement, saveCount);
  return loopSource(item, saveCount);
}

const itemWeight = (item: PhaseItem): number => (item.kind === 'loop' ? LOOP_WEIGHT : 1);

/**
 * Emits `name` as chunk functions of at most CHUNK weight and a function calling them in order
 * (or the only chunk itself under that name).
 */
function chunked(name: string, items: readonly PhaseItem[], out: string[], params = 'v', saveCount?: number): void {
  const parts: string[][] = [];
  let current: string[] = [];
  let weight = 0;
  for (const item of items) {
    const w = itemWeight(item);
    if (weight + w > CHUNK && current.length > 0) {
      parts.push(current);
      current = [];
      weight = 0;
    }
    current.push(itemSource(item, saveCount));
    weight += w;
  }
  if (current.length > 0 || parts.length === 0) parts.push(current);
  if (parts.length === 1) {
    out.push(`function ${name}(${params}) {\n${parts[0]!.join('\n')}\n}`);
    return;
  }
  const names = parts.map((lines, n) => {
    out.push(`function ${name}${n}(${params}) {\n${lines.join('\n')}\n}`);
    return `${name}${n}`;
  });
  out.push(`function ${name}(${params}) {\n${names.map((part) => `${part}(${params});`).join('\n')}\n}`);
}

const asStatements = (assignments: readonly Assignment[]): Statement[] =>
  assignments.map((assignment) => ({ target: assignment.slot, ir: assignment.ir }));

/**
 * The Euler update as statements. A net flow that reads no stock is written straight into its
 * stock's update (it cannot change while other stocks move); the others (hidden stocks of SMTH
 * and DELAYn read themselves) are computed into their slots first, before any stock moves.
 */
export function eulerStatements(
  program: Program,
  saveIndex?: ReadonlyMap<number, number>,
): { readonly first: Statement[]; readonly updates: Statement[] } {
  const stockSlots = new Set(program.stocks.map((stock) => stock.slot));
  const netBySlot = new Map(program.nets.map((net) => [net.slot, net.ir]));
  const slots: number[] = [];
  const readsStock = (ir: Ir): boolean => {
    slots.length = 0;
    collectSlots(ir, slots);
    return slots.some((slot) => stockSlots.has(slot));
  };
  const first: Statement[] = [];
  const updates: Statement[] = [];
  const dt: Ir = { k: 'slot', s: DT_SLOT };
  for (const stock of program.stocks) {
    let net = netBySlot.get(stock.netSlot)!;
    if (readsStock(net)) {
      first.push({ target: stock.netSlot, ir: net });
      net = { k: 'slot', s: stock.netSlot };
    }
    // x + dt * net, the same operations as the VM's update.
    const ir: Ir = { k: 'bin', op: '+', a: { k: 'slot', s: stock.slot }, b: { k: 'bin', op: '*', a: dt, b: net } };
    const save = saveIndex?.get(stock.slot);
    updates.push({ target: stock.slot, ir, ...(stock.nonNegative ? { clamp: true } : {}), ...(save === undefined ? {} : { save }) });
  }
  return { first, updates };
}

interface ProgramItems {
  readonly initial: PhaseItem[];
  readonly invariants: PhaseItem[];
  readonly rates: PhaseItem[];
  readonly nets: PhaseItem[];
  readonly post: PhaseItem[];
  readonly euler: PhaseItem[];
}

function programItems(program: Program): ProgramItems {
  const euler = eulerStatements(program);
  return {
    initial: groupStatements(asStatements(program.initial)),
    invariants: groupStatements(asStatements(program.invariants)),
    rates: groupStatements(asStatements(program.rates)),
    nets: groupStatements(asStatements(program.nets)),
    post: [
      ...program.historyWrites.map((write): PhaseItem => ({
        kind: 'raw',
        source: `v[${write.base} + (v[${STEP_SLOT}] % ${write.length})] = ${expressionSource(write.source)};`,
      })),
      ...groupStatements(asStatements(program.post)),
    ],
    euler: [...groupStatements(euler.first), ...groupStatements(euler.updates)],
  };
}

/** The generated module source: a factory taking (L = runtime library, T = lookup tables). */
export function generateSource(program: Program, items: ProgramItems = programItems(program)): string {
  const out: string[] = ['"use strict";'];
  chunked('initial', items.initial, out);
  chunked('invariants', items.invariants, out);
  chunked('rates', items.rates, out);
  chunked('nets', items.nets, out);
  chunked('post', items.post, out);
  chunked('integrateEuler', items.euler, out);
  out.push('return { initial, invariants, rates, nets, post, integrateEuler };');
  return out.join('\n');
}

type GeneratedPhases = Pick<CompiledPhases, 'initial' | 'invariants' | 'rates' | 'nets' | 'post' | 'integrateEuler'>;

/** Saves the given outputs: out[o + k * saveCount] = v[slot]; runs of evenly spaced slots become loops. */
function saveItems(outputSlots: Int32Array, indices: readonly number[], saveCount: number): PhaseItem[] {
  const items: PhaseItem[] = [];
  for (let n = 0; n < indices.length; ) {
    const k = indices[n]!;
    const slotStride = n + 1 < indices.length ? outputSlots[indices[n + 1]!]! - outputSlots[k]! : 0;
    const indexStride = n + 1 < indices.length ? indices[n + 1]! - k : 0;
    let end = n + 1;
    while (
      end < indices.length &&
      outputSlots[indices[end]!]! - outputSlots[indices[end - 1]!]! === slotStride &&
      indices[end]! - indices[end - 1]! === indexStride
    ) end++;
    if (end - n >= MIN_LOOP) {
      const position = indexSource(k * saveCount, indexStride * saveCount);
      const source = `for (let i = 0; i < ${end - n}; i++) out[o + ${position}] = v[${indexSource(outputSlots[k]!, slotStride)}];`;
      items.push({ kind: 'raw', source });
      n = end;
    } else {
      items.push({ kind: 'raw', source: `out[o + ${k * saveCount}] = v[${outputSlots[k]!}];` });
      n++;
    }
  }
  return items;
}

/**
 * A whole run over the memory, for models too large for locals or regular enough for loops:
 * the phase functions called from one step loop, outputs saved by generated code. At a saving
 * step each output stock is saved by its own Euler update, which reads it anyway (post and the
 * nets computed first write no stock, so the value is still the step's).
 */
function generateMemoryRun(program: Program, phases: GeneratedPhases, outputSlots: Int32Array, timeline: RunTimeline): WholeRun {
  const { saveCount, saveEvery, stepCount, start } = timeline;
  const out: string[] = ['"use strict";', 'const { initial, post, integrateEuler, rates } = P;'];
  const stockSlots = new Set(program.stocks.map((stock) => stock.slot));
  const saveIndex = new Map<number, number>();
  const others: number[] = [];
  outputSlots.forEach((slot, k) => {
    if (stockSlots.has(slot) && !saveIndex.has(slot)) saveIndex.set(slot, k);
    else others.push(k);
  });
  const all = Array.from(outputSlots, (_, k) => k);
  chunked('saveAll', saveItems(outputSlots, all, saveCount), out, 'v, out, o');
  chunked('saveOthers', saveItems(outputSlots, others, saveCount), out, 'v, out, o');
  const euler = eulerStatements(program, saveIndex);
  chunked('integrateEulerSaving', [...groupStatements(euler.first), ...groupStatements(euler.updates)], out, 'v, out, o', saveCount);
  const hasPost = program.post.length + program.historyWrites.length > 0;
  out.push(
    'return function run(v, out, offset) {',
    'initial(v);',
    `const dt = v[${DT_SLOT}];`,
    'let row = 0;',
    'let wait = 0;',
    'for (let step = 0; ; step++) {',
    `if (step === ${stepCount}) { if (wait === 0) saveAll(v, out, offset + row); break; }`,
    'if (wait === 0) {',
    'const o = offset + row;',
    'row++;',
    `wait = ${saveEvery};`,
    others.length > 0 ? 'saveOthers(v, out, o);' : '',
    hasPost ? 'post(v);' : '',
    'integrateEulerSaving(v, out, o);',
    '} else {',
    hasPost ? 'post(v);' : '',
    'integrateEuler(v);',
    '}',
    'wait--;',
    `v[${STEP_SLOT}] = step + 1;`,
    `v[${TIME_SLOT}] = ${literal(start)} + (step + 1) * dt;`,
    'rates(v);',
    '}',
    '};',
  );
  const factory = new Function('P', out.join('\n')) as (phases: GeneratedPhases) => WholeRun;
  return factory(phases);
}

/**
 * Where loops cover most of a step, the memory run with its loops beats locals: its code stays
 * small however many elements there are.
 */
function mostlyLoops(items: ProgramItems): boolean {
  let statements = 0;
  let pieces = 0;
  for (const item of [...items.rates, ...items.euler, ...items.post]) {
    statements += item.kind === 'loop' ? item.count : 1;
    pieces += item.kind === 'loop' ? LOOP_WEIGHT : 1;
  }
  return statements >= 128 && pieces * 2 <= statements;
}

/** True where the page's Content-Security-Policy allows compiling generated code. */
export function canGenerateCode(): boolean {
  try {
    return typeof new Function('return 1') === 'function';
  } catch {
    return false;
  }
}

/** `run` forces one kind of whole run (for tests); by default the model's size and shape decide. */
export function compileCodegen(program: Program, options: { readonly run?: 'locals' | 'memory' } = {}): CompiledPhases {
  const items = programItems(program);
  const source = generateSource(program, items);
  // The source is built only from the IR: slot numbers, numeric literals and fixed helper names.
  const factory = new Function('L', 'T', 'S', source) as (library: typeof runtimeLibrary, tables: Program['tables'], scratch: Float64Array) => GeneratedPhases;
  const phases = factory(runtimeLibrary, program.tables, new Float64Array(program.scratchSize));
  const useLocals = options.run === undefined ? localsRunFits(program) && !mostlyLoops(items) : options.run === 'locals';
  return {
    kind: 'codegen',
    memorySize: program.slotCount,
    prepare: () => {},
    ...phases,
    createEulerRun: (outputSlots, timeline) =>
      useLocals ? generateLocalsRun(program, outputSlots, timeline) : generateMemoryRun(program, phases, outputSlots, timeline),
  };
}
