import type { Expr } from '../equation/ast.ts';
import type { LowerContext } from './compile-program.ts';
import { DT_SLOT, type Ir, type MathFunction } from './ir.ts';
import type { BuiltinHost } from './lower-builtin.ts';

const MAX_DELAY_ORDER = 1000;

/**
 * Builtins with a memory: INIT and PREVIOUS (slots set at the start or after each step), the
 * smooths, material delays, TREND, FORCST and NPV (hidden stocks), and the fixed (pipeline)
 * DELAY (a history buffer). Each call site gets state of its own.
 */
export function lowerStatefulBuiltin(host: BuiltinHost, name: string, expr: Extract<Expr, { kind: 'call' }>, context: LowerContext, owner: string): Ir {
  const count = expr.args.length;
  const arg = (i: number): Ir => host.lower(expr.args[i]!, context);
  const optional = (i: number, fallback: Ir): Ir => (i < count ? arg(i) : fallback);
  const zero: Ir = { k: 'const', v: 0 };
  const one: Ir = { k: 'const', v: 1 };
  const dt: Ir = { k: 'slot', s: DT_SLOT };
  const math = (fn: MathFunction, args: Ir[]): Ir => ({ k: 'fn', fn, args });

  switch (name) {
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
      if (host.dialect === 'vensim' && name === 'delayn') return vensimDelayN(host, input, delayTime, order, initialOutflow, owner);
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
    default:
      return host.failAt('unknown-function', `calls "${expr.name}", which is not a function this engine knows`, context, expr.pos);
  }
}

/**
 * Vensim's DELAY N in a file Vensim wrote. Two rules differ from XMILE's DELAYN:
 * - When the delay time at the start is shorter than order × TIME STEP, the order is lowered
 *   until each stage lasts at least a time step (an Euler stage shorter than DT overshoots), as
 *   Vensim does (SDXorg delay_pipeline: DELAY N of order 3 over 2.5 DT gives what order 2 gives,
 *   1.52 one DT after the start). Vensim's DELAY3 does not: SDEverywhere's delay.dat shows
 *   42 × DELAY3(x, 1) at TIME STEP 1 overshooting to -10920.
 * - The output is a discrete level, fixed when the previous step was integrated: it is the last
 *   stage divided by the stage time of the previous step's delay time, and it is what drains the
 *   last stage (so the delay conserves what it holds). The earlier stages drain with the current
 *   delay time. Vensim's reference: "the output of the DELAY N function depends only on the values
 *   delay time had in previous Time Steps while output from the DELAY3I function depends also on
 *   the value of delay time for the current time step". SDXorg delays/output.tab: DELAY N of
 *   order 2 whose delay time steps from 4 to 6 at t = 15 gives 3.94971 at 15, then 2.20442
 *   (pysd's DelayN computes the same output).
 * A delay time known when compiling gives the lowered order here; otherwise all `order` stages
 * exist and the first ones pass their inflow straight on once the order is known at the start.
 */
function vensimDelayN(host: BuiltinHost, input: Ir, delayTime: Ir, order: number, initialOutflow: Ir, owner: string): Ir {
  const fitting = (delay: number): number => Math.max(1, Math.min(order, Math.floor(delay / host.timeStep + 1e-9)));
  const chain = (stages: number, active: (stage: number) => Ir | undefined, stageTime: Ir, lastStageTime: Ir): Ir => {
    let inflow: Ir = input;
    for (let n = 0; n < stages; n++) {
      const upstream = inflow;
      const on = active(n);
      const time = n === stages - 1 ? lastStageTime : stageTime;
      const outflowOf = (self: Ir): Ir => {
        const drained: Ir = { k: 'bin', op: '/', a: self, b: time };
        return on === undefined ? drained : { k: 'if', c: on, t: drained, e: upstream };
      };
      const stage = hiddenStock(host, { k: 'bin', op: '*', a: initialOutflow, b: stageTime }, (self) => ({ k: 'bin', op: '-', a: upstream, b: outflowOf(self) }), owner);
      inflow = outflowOf(stage);
    }
    return inflow;
  };
  if (delayTime.k === 'const') {
    const stages = fitting(delayTime.v);
    const stageTime = host.stable({ k: 'bin', op: '/', a: delayTime, b: { k: 'const', v: stages } }, owner);
    return chain(stages, () => undefined, stageTime, stageTime);
  }
  const stagesSlot = host.allocate(1);
  const atStart: Ir = { k: 'fn', fn: 'int', args: [{ k: 'bin', op: '+', a: { k: 'bin', op: '/', a: delayTime, b: { k: 'slot', s: DT_SLOT } }, b: { k: 'const', v: 1e-9 } }] };
  host.addNode({ slot: stagesSlot, role: 'initial-value', initial: { k: 'fn', fn: 'max', args: [{ k: 'const', v: 1 }, { k: 'fn', fn: 'min', args: [{ k: 'const', v: order }, atStart] }] }, owner });
  const stages: Ir = { k: 'slot', s: stagesSlot };
  // The delay time of the previous step (the one at the start, at the start).
  const previousSlot = host.allocate(1);
  host.addNode({ slot: previousSlot, role: 'initial-value', initial: delayTime, owner });
  host.addPostAssignment({ slot: previousSlot, ir: delayTime });
  const stageTime = host.stable({ k: 'bin', op: '/', a: delayTime, b: stages }, owner);
  const lastStageTime = host.stable({ k: 'bin', op: '/', a: { k: 'slot', s: previousSlot }, b: stages }, owner);
  // Stage n (0 = first) runs when it is among the last `stages`: stages > order - 1 - n.
  return chain(order, (n) => ({ k: 'bin', op: '>', a: stages, b: { k: 'const', v: order - 1 - n } }), stageTime, lastStageTime);
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
