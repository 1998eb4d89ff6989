import type { Expr } from '../equation/ast.ts';
import type { ModelError } from '../errors.ts';
import type { LowerContext, ResolvedVariable } from './compile-program.ts';
import { DT_SLOT, TIME_SLOT, type Assignment, type HistoryWrite, type Ir, type MathFunction, type StockIntegration } from './ir.ts';
import type { ScalarNode } from './order-nodes.ts';
import type { ModelDialect } from '../xmile/model-document.ts';
import { lowerStatefulBuiltin } from './lower-stateful-builtin.ts';
import { lowerRank, lowerVectorElmMap, lowerVectorRank, lowerVectorReorder, lowerVectorSelect, lowerVectorSortOrder } from './lower-vector.ts';

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
 * A switch of one short case per builtin; those with a memory are in lower-stateful-builtin.ts.
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
    case 'vector_rank':
      return lowerVectorRank(host, expr, context, owner);
    case 'vector_reorder':
      return lowerVectorReorder(host, expr, context);
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
    case 'init': case 'previous': case 'smth1': case 'smth3': case 'smthn': case 'delay1': case 'delay3': case 'delayn':
    case 'delay': case 'trend': case 'forcst': case 'npv':
      return lowerStatefulBuiltin(host, name, expr, context, owner);
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


/** Each value where its element is included, `outside` where not; the values as they are without a mask. */
function masked(values: readonly Ir[], included: readonly Ir[] | undefined, outside: Ir): Ir[] {
  return included ? values.map((value, i): Ir => ({ k: 'if', c: included[i]!, t: value, e: outside })) : [...values];
}


