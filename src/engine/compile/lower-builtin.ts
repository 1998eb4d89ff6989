import type { Expr } from '../equation/ast.ts';
import type { ModelError } from '../errors.ts';
import type { LowerContext, ResolvedVariable } from './compile-program.ts';
import { DT_SLOT, TIME_SLOT, type Assignment, type HistoryWrite, type Ir, type MathFunction, type StockIntegration } from './ir.ts';
import type { ScalarNode } from './order-nodes.ts';
import type { ModelDialect } from '../xmile/model-document.ts';
import { lowerRank, lowerVectorElmMap, lowerVectorSelect, lowerVectorSortOrder } from './lower-vector.ts';

const MAX_DELAY_ORDER = 1000;

/** What lowering a builtin call needs from the compiler: lowering its arguments, slots and hidden state. */
export interface BuiltinHost {
  readonly stepCount: number;
  readonly dialect: ModelDialect;
  /** DT of the run (fixed for the run: sim specs). */
  readonly timeStep: number;
  lower(expr: Expr, context: LowerContext): Ir;
  lowerElements(expr: Expr, context: LowerContext): Ir[];
  lowerElementsTogether(exprs: readonly Expr[], context: LowerContext): { values: Ir[][]; included?: Ir[] };
  fold(values: readonly Ir[], combine: (a: Ir, b: Ir) => Ir, owner: string): Ir;
  /** The value in a slot of its own, so stateful builtins read it once per step. */
  stable(ir: Ir, owner: string): Ir;
  allocate(count: number): number;
  allocateScratch(count: number): number;
  addNode(node: ScalarNode): void;
  addStock(stock: StockIntegration): void;
  addPostAssignment(assignment: Assignment): void;
  addHistoryWrite(write: HistoryWrite): void;
  addRandomStream(slot: number, seed: number | null): void;
  /** The value of a constant parameter's slot, if the slot is one. */
  parameterValue(slot: number): number | undefined;
  builtinValue(id: string): Ir;
  resolveVariable(name: string, scope: string): ResolvedVariable | undefined;
  /** First and last x of a table. */
  tableRange(table: number): { readonly first: number; readonly last: number };
  /** The table of a graphical function named as `target` (name, or one element of an arrayed one), if it is one. */
  tableOf(target: Expr, context: LowerContext): number | undefined;
  /** The variable a name in an equation means (SELF included). */
  variableNamed(name: string, context: LowerContext): ResolvedVariable | undefined;
  /** The element being computed along a dimension of the equation, and the context with that dimension set free. */
  releaseDimension(dimensionName: string, context: LowerContext): { readonly position: number; readonly context: LowerContext } | undefined;
  /** The dimension a bare name in an equation means, if it is one (and no variable has its name). */
  dimensionNamed(name: string, context: LowerContext): { readonly name: string; readonly size: number } | undefined;
  failAt(code: ModelError['code'], message: string, context: LowerContext, pos: number): never;
}

/**
 * Lowers a call of a builtin (arity already checked) to IR. Stateful builtins (smooths, delays,
 * trends, PREVIOUS, INIT, random streams) become hidden stocks, slots and history buffers.
 */
export function lowerBuiltin(host: BuiltinHost, name: string, expr: Extract<Expr, { kind: 'call' }>, context: LowerContext, owner: string): Ir {
  const count = expr.args.length;
  const arg = (i: number): Ir => host.lower(expr.args[i]!, context);
  const optional = (i: number, fallback: Ir): Ir => (i < count ? arg(i) : fallback);
  const zero: Ir = { k: 'const', v: 0 };
  const one: Ir = { k: 'const', v: 1 };
  const time: Ir = { k: 'slot', s: TIME_SLOT };
  const dt: Ir = { k: 'slot', s: DT_SLOT };
  const math = (fn: MathFunction, args: Ir[]): Ir => ({ k: 'fn', fn, args });

  switch (name) {
    case 'abs': case 'sqrt': case 'exp': case 'ln': case 'log10': case 'sin': case 'cos': case 'tan':
    case 'sinh': case 'cosh': case 'tanh': case 'round': case 'sign':
      return math(name, [arg(0)]);
    case 'int':
      // Files Vensim wrote (or xmutil converted) write Vensim's INTEGER as INT.
      return math(host.dialect === 'vensim' ? 'trunc' : 'int', [arg(0)]);
    case 'integer':
      return math('trunc', [arg(0)]);
    case 'arcsin':
      return math('asin', [arg(0)]);
    case 'arccos':
      return math('acos', [arg(0)]);
    case 'arctan':
      return math('atan', [arg(0)]);
    case 'mod':
      return { k: 'bin', op: 'mod', a: arg(0), b: arg(1) };
    case 'pi':
      return { k: 'const', v: Math.PI };
    case 'time': case 'dt': case 'starttime': case 'stoptime':
      return host.builtinValue(name);
    case 'min':
    case 'max': {
      if (count > 1) return host.fold(expr.args.map((_, i) => arg(i)), (a, b) => math(name, [a, b]), owner);
      const { values, included } = host.lowerElementsTogether([expr.args[0]!], context);
      // Elements outside a computed range are left out: ±Infinity never wins.
      const outside: Ir = { k: 'const', v: name === 'min' ? Infinity : -Infinity };
      return host.fold(masked(values[0]!, included, outside), (a, b) => math(name, [a, b]), owner);
    }
    case 'sum':
    case 'mean':
    case 'prod':
    case 'stddev':
    case 'size': {
      // SIZE(Dim) and Vensim's ELMCOUNT(Dim): the number of elements of a dimension.
      const dimension = name === 'size' && expr.args[0]!.kind === 'name' ? host.dimensionNamed(expr.args[0]!.name, context) : undefined;
      if (dimension) return { k: 'const', v: dimension.size };
      const lowered = expr.args.map((a) => host.lowerElementsTogether([a], context));
      const values = lowered.flatMap((each) => each.values[0]!);
      // Inside a range computed while the model runs, only the elements within it count.
      const included = lowered.some((each) => each.included)
        ? lowered.flatMap((each) => each.included ?? each.values[0]!.map((): Ir => one))
        : undefined;
      const add = (a: Ir, b: Ir): Ir => ({ k: 'bin', op: '+', a, b });
      const size: Ir = included ? host.fold(masked(included.map(() => one), included, zero), add, owner) : { k: 'const', v: values.length };
      if (name === 'size') return size;
      const total = host.fold(masked(values, included, name === 'prod' ? one : zero), (a, b) => ({ k: 'bin', op: name === 'prod' ? '*' : '+', a, b }), owner);
      if (name === 'sum' || name === 'prod') return total;
      const mean: Ir = { k: 'bin', op: '/', a: total, b: size.k === 'const' ? size : host.stable(size, owner) };
      if (name === 'mean') return mean;
      const meanSlot = host.stable(mean, owner);
      const squares = host.fold(
        masked(values.map((v): Ir => ({ k: 'bin', op: '^', a: { k: 'bin', op: '-', a: v, b: meanSlot }, b: { k: 'const', v: 2 } })), included, zero),
        add,
        owner,
      );
      // Population standard deviation, as in Stella's STDDEV.
      return math('sqrt', [{ k: 'bin', op: '/', a: squares, b: size.k === 'const' ? size : host.stable(size, owner) }]);
    }
    case 'vector_elm_map':
      return lowerVectorElmMap(host, expr, context);
    case 'vector_sort_order':
      return lowerVectorSortOrder(host, expr, context);
    case 'vector_select':
      return lowerVectorSelect(host, expr, context, owner);
    case 'rank':
      return lowerRank(host, expr, context);
    case 'if_then_else':
      return { k: 'if', c: arg(0), t: arg(1), e: arg(2) };
    case 'game':
      return arg(0);
    case 'step':
      return { k: 'if', c: { k: 'bin', op: '>=', a: time, b: arg(1) }, t: arg(0), e: zero };
    case 'pulse':
      return math('pulse', [arg(0), arg(1), optional(2, zero), time, dt]);
    case 'ramp':
      return math('ramp', [arg(0), arg(1), optional(2, zero), time]);
    case 'safediv':
      return math('safediv', [arg(0), arg(1), optional(2, zero)]);
    case 'xidz':
      return math('safediv', [arg(0), arg(1), arg(2)]);
    case 'zidz':
      return math('safediv', [arg(0), arg(1), zero]);
    case 'lookup': {
      const table = host.tableOf(expr.args[0]!, context);
      if (table === undefined) host.failAt('structure', 'the first argument of LOOKUP must be the name of a graphical function, or one element of an arrayed one', context, expr.pos);
      return { k: 'lookup', table, x: arg(1) };
    }
    case 'init': {
      const source = arg(0);
      const slot = host.allocate(1);
      host.addNode({ slot, role: 'initial-value', initial: source, owner });
      return { k: 'slot', s: slot };
    }
    case 'previous': {
      const source = host.stable(arg(0), owner);
      const slot = host.allocate(1);
      host.addNode({ slot, role: 'initial-value', initial: optional(1, source), owner });
      host.addPostAssignment({ slot, ir: source });
      return { k: 'slot', s: slot };
    }
    case 'smth1':
    case 'smth3':
    case 'smthn': {
      const input = host.stable(arg(0), owner);
      const averagingTime = host.stable(arg(1), owner);
      const order = name === 'smth1' ? 1 : name === 'smth3' ? 3 : constantInteger(host, arg(2), 'the order of SMTHN', context, expr.pos);
      const initial = optional(name === 'smthn' ? 3 : 2, input);
      const stageTime: Ir = order === 1 ? averagingTime : { k: 'bin', op: '/', a: averagingTime, b: { k: 'const', v: order } };
      let previous: Ir = input;
      for (let n = 0; n < order; n++) {
        const upstream = previous;
        previous = hiddenStock(host, initial, (self) => ({ k: 'bin', op: '/', a: { k: 'bin', op: '-', a: upstream, b: self }, b: stageTime }), owner);
      }
      return previous;
    }
    case 'delay1':
    case 'delay3':
    case 'delayn': {
      const input = host.stable(arg(0), owner);
      const delayTime = host.stable(arg(1), owner);
      const order = name === 'delay1' ? 1 : name === 'delay3' ? 3 : constantInteger(host, arg(2), 'the order of DELAYN', context, expr.pos);
      const initialOutflow = optional(name === 'delayn' ? 3 : 2, input);
      if (host.dialect === 'vensim' && name === 'delayn' && order > 1) return vensimDelayN(host, input, delayTime, order, initialOutflow, owner);
      const stageTime = host.stable(order === 1 ? delayTime : { k: 'bin', op: '/', a: delayTime, b: { k: 'const', v: order } }, owner);
      // Each stage holds outflow × stage time; its outflow is contents / stage time.
      let inflow: Ir = input;
      for (let n = 0; n < order; n++) {
        const upstream = inflow;
        const stage = hiddenStock(host, { k: 'bin', op: '*', a: initialOutflow, b: stageTime }, (self) => ({
          k: 'bin', op: '-', a: upstream, b: { k: 'bin', op: '/', a: self, b: stageTime },
        }), owner);
        inflow = { k: 'bin', op: '/', a: stage, b: stageTime };
      }
      return inflow;
    }
    case 'delay': {
      const input = host.stable(arg(0), owner);
      const length = host.stepCount + 2;
      const base = host.allocate(length);
      host.addHistoryWrite({ base, length, source: input });
      let delay = arg(1);
      const vensim = host.dialect === 'vensim';
      const atStart = (ir: Ir): Ir => {
        const slot = host.allocate(1);
        host.addNode({ slot, role: 'initial-value', initial: ir, owner });
        return { k: 'slot', s: slot };
      };
      // Vensim's DELAY FIXED reads its delay time and initial value once, at the start, and
      // delays at least one TIME STEP (SDEverywhere's delayfixed.dat: a delay time of 0 still lags
      // one step; DELAY FIXED(shipping, 20, shipping) gives shipping's value at the start, 0).
      if (vensim) delay = atStart(math('max', [dt, delay]));
      // Until the delay has passed: the initial value given, else the input's value at the start
      // (as XMILE defines it), never the input's current value.
      let initial: Ir;
      if (count > 2) initial = vensim ? atStart(arg(2)) : arg(2);
      else {
        const slot = host.allocate(1);
        host.addNode({ slot, role: 'initial-value', initial: input, owner });
        initial = { k: 'slot', s: slot };
      }
      return { k: 'history', base, length, delay, initial, current: input };
    }
    case 'trend':
    case 'forcst': {
      const input = host.stable(arg(0), owner);
      const averagingTime = host.stable(arg(1), owner);
      const initialTrend = optional(name === 'trend' ? 2 : 3, zero);
      // TREND as in Stella/Vensim: an exponential average initialised so the starting trend holds.
      const initialAverage: Ir = { k: 'bin', op: '/', a: input, b: { k: 'bin', op: '+', a: one, b: { k: 'bin', op: '*', a: initialTrend, b: averagingTime } } };
      const average = hiddenStock(host, initialAverage, (self) => ({ k: 'bin', op: '/', a: { k: 'bin', op: '-', a: input, b: self }, b: averagingTime }), owner);
      const trend: Ir = math('safediv', [
        { k: 'bin', op: '-', a: input, b: average },
        { k: 'bin', op: '*', a: averagingTime, b: math('abs', [average]) },
        zero,
      ]);
      if (name === 'trend') return trend;
      return { k: 'bin', op: '*', a: input, b: { k: 'bin', op: '+', a: one, b: { k: 'bin', op: '*', a: arg(2), b: trend } } };
    }
    case 'npv': {
      // Vensim's NPV(stream, discount rate, initial value, factor), as its reference defines it
      // (and SDEverywhere generates it): a discount factor df = INTEG(-df · rate / (1 + rate · DT), 1)
      // compounding once per DT, a cumulation INTEG(stream · df, initial value), and the value
      // (cumulation + stream · DT · df) · factor. Initial value and factor default to 0 and 1.
      const stream = host.stable(arg(0), owner);
      const rate = host.stable(arg(1), owner);
      const discount = hiddenStock(host, one, (self) => ({
        k: 'bin', op: '/', a: { k: 'neg', a: { k: 'bin', op: '*', a: self, b: rate } }, b: { k: 'bin', op: '+', a: one, b: { k: 'bin', op: '*', a: rate, b: dt } },
      }), owner);
      const cumulation = hiddenStock(host, optional(2, zero), () => ({ k: 'bin', op: '*', a: stream, b: discount }), owner);
      const value: Ir = { k: 'bin', op: '+', a: cumulation, b: { k: 'bin', op: '*', a: { k: 'bin', op: '*', a: stream, b: dt }, b: discount } };
      return count > 3 ? { k: 'bin', op: '*', a: value, b: arg(3) } : value;
    }
    case 'lookup_area':
    case 'lookuparea':
    case 'lookupmean': {
      const table = host.tableOf(expr.args[0]!, context);
      if (table === undefined) host.failAt('structure', `the first argument of ${expr.name.toUpperCase()} must be the name of a graphical function`, context, expr.pos);
      // Stella: the range runs to the second argument and from the third; either missing, from
      // the graphical's first x or to its last.
      const { first, last } = host.tableRange(table);
      const from = count > 2 ? arg(2) : { k: 'const', v: first } as const;
      const to = count > 1 ? arg(1) : { k: 'const', v: last } as const;
      const fn = name === 'lookupmean' ? 'lookupmean' : name === 'lookuparea' ? 'lookuparea' : 'lookup_area';
      return { k: 'fn', fn, args: name === 'lookup_area' ? [{ k: 'const', v: table }, arg(1), arg(2)] : [{ k: 'const', v: table }, from, to] };
    }
    case 'random':
    case 'normal':
    case 'lognormal': {
      // A seed written in the call gives that call its own stream, started from the seed at
      // every reset, so it repeats whatever the run's seed (as Stella does with RANDOM's seed).
      let seed: number | null = null;
      if (count === 3) {
        const seedIr = arg(2);
        if (seedIr.k !== 'const' || !Number.isFinite(seedIr.v)) host.failAt('unsupported', 'the seed of a random function must be a constant number', context, expr.pos);
        seed = seedIr.v;
      }
      const slot = host.allocate(1);
      host.addRandomStream(slot, seed);
      const dist = name === 'random' ? 'uniform' : name;
      return { k: 'random', dist, state: slot, args: [arg(0), arg(1)] };
    }
    default:
      return host.failAt('unknown-function', `calls "${expr.name}", which is not a function this engine knows`, context, expr.pos);
  }
}

/**
 * Vensim's DELAY N in a file Vensim wrote: when the delay time at the start is shorter than
 * order × TIME STEP, the order is lowered until each stage lasts at least a time step (an Euler
 * stage shorter than DT overshoots), as Vensim does (SDXorg delay_pipeline: DELAY N of order 3
 * over 2.5 DT gives what order 2 gives, 1.52 one DT after the start). Vensim's DELAY3 does not:
 * SDEverywhere's delay.dat shows 42 × DELAY3(x, 1) at TIME STEP 1 overshooting to -10920.
 * A delay time known when compiling gives the lowered order here; otherwise all `order` stages
 * exist and the first ones pass their inflow straight on once the order is known at the start.
 */
function vensimDelayN(host: BuiltinHost, input: Ir, delayTime: Ir, order: number, initialOutflow: Ir, owner: string): Ir {
  const fitting = (delay: number): number => Math.max(1, Math.min(order, Math.floor(delay / host.timeStep + 1e-9)));
  const chain = (stages: number, active: (stage: number) => Ir | undefined, stageTime: Ir): Ir => {
    let inflow: Ir = input;
    for (let n = 0; n < stages; n++) {
      const upstream = inflow;
      const on = active(n);
      const outflowOf = (self: Ir): Ir => {
        const drained: Ir = { k: 'bin', op: '/', a: self, b: stageTime };
        return on === undefined ? drained : { k: 'if', c: on, t: drained, e: upstream };
      };
      const stage = hiddenStock(host, { k: 'bin', op: '*', a: initialOutflow, b: stageTime }, (self) => ({ k: 'bin', op: '-', a: upstream, b: outflowOf(self) }), owner);
      inflow = outflowOf(stage);
    }
    return inflow;
  };
  if (delayTime.k === 'const') {
    const stages = fitting(delayTime.v);
    return chain(stages, () => undefined, host.stable({ k: 'bin', op: '/', a: delayTime, b: { k: 'const', v: stages } }, owner));
  }
  const stagesSlot = host.allocate(1);
  const atStart: Ir = { k: 'fn', fn: 'int', args: [{ k: 'bin', op: '+', a: { k: 'bin', op: '/', a: delayTime, b: { k: 'slot', s: DT_SLOT } }, b: { k: 'const', v: 1e-9 } }] };
  host.addNode({ slot: stagesSlot, role: 'initial-value', initial: { k: 'fn', fn: 'max', args: [{ k: 'const', v: 1 }, { k: 'fn', fn: 'min', args: [{ k: 'const', v: order }, atStart] }] }, owner });
  const stages: Ir = { k: 'slot', s: stagesSlot };
  // Stage n (0 = first) runs when it is among the last `stages`: stages > order - 1 - n.
  return chain(order, (n) => ({ k: 'bin', op: '>', a: stages, b: { k: 'const', v: order - 1 - n } }), host.stable({ k: 'bin', op: '/', a: delayTime, b: stages }, owner));
}

/** Each value where its element is included, `outside` where not; the values as they are without a mask. */
function masked(values: readonly Ir[], included: readonly Ir[] | undefined, outside: Ir): Ir[] {
  return included ? values.map((value, i): Ir => ({ k: 'if', c: included[i]!, t: value, e: outside })) : [...values];
}

/** A stock no model variable names: the state of a smooth, a delay stage or a trend's average. */
function hiddenStock(host: BuiltinHost, initial: Ir, net: (self: Ir) => Ir, owner: string): Ir {
  const slot = host.allocate(1);
  const netSlot = host.allocate(1);
  const self: Ir = { k: 'slot', s: slot };
  host.addNode({ slot, role: 'stock', initial, owner });
  host.addNode({ slot: netSlot, role: 'net', rate: net(self), owner });
  host.addStock({ slot, netSlot, nonNegative: false });
  return self;
}

function constantInteger(host: BuiltinHost, ir: Ir, what: string, context: LowerContext, pos: number): number {
  let value: number | undefined;
  if (ir.k === 'const') value = ir.v;
  else if (ir.k === 'slot') value = host.parameterValue(ir.s);
  if (value === undefined || !Number.isFinite(value)) host.failAt('unsupported', `${what} must be a constant number`, context, pos);
  const order = Math.round(value);
  if (order < 1 || order > MAX_DELAY_ORDER) host.failAt('limit', `${what} must be between 1 and ${MAX_DELAY_ORDER}; it is ${value}`, context, pos);
  return order;
}
