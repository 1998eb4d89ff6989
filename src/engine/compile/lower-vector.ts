import type { Expr } from '../equation/ast.ts';
import type { LowerContext } from './compile-program.ts';
import type { BuiltinHost } from './lower-builtin.ts';
import type { Ir } from './ir.ts';

/**
 * Vensim's vector functions (VECTOR SELECT, VECTOR ELM MAP, VECTOR SORT ORDER) and XMILE's RANK,
 * lowered to scalar IR per element like every other array function, so both back ends run them.
 */
type Call = Extract<Expr, { kind: 'call' }>;

const zero: Ir = { k: 'const', v: 0 };
const one: Ir = { k: 'const', v: 1 };

/**
 * VECTOR ELM MAP(vec[element], offset) (Vensim reference): the element `offset` places after the
 * one named, counting through the whole variable in row-major order (the last subscript fastest),
 * the offset rounded; past either end gives :NA: (NaN here). SDEverywhere's vector.dat:
 * VECTOR ELM MAP(d[A2, B1], 1) = d[A2, B2] = 5.
 */
export function lowerVectorElmMap(host: BuiltinHost, expr: Call, context: LowerContext): Ir {
  const target = expr.args[0]!;
  const offset: Ir = { k: 'fn', fn: 'round', args: [host.lower(expr.args[1]!, context)] };
  const variable = target.kind === 'name' || target.kind === 'subscript' ? host.variableNamed(target.name, context) : undefined;
  if (variable && variable.size > 0) {
    const element = host.lower(target, context);
    if (element.k !== 'slot') return host.failAt('unsupported', 'the element that VECTOR ELM MAP counts from must be known when the model is read', context, expr.pos);
    const values = Array.from({ length: variable.size }, (_, k): Ir => ({ k: 'slot', s: variable.base + k }));
    const index: Ir = { k: 'bin', op: '+', a: { k: 'const', v: element.s - variable.base }, b: offset };
    return { k: 'pick', values, index, missing: Number.NaN, scratch: host.allocateScratch(values.length) };
  }
  // An expression over a dimension of the equation (base[Region] + boost[Region]): counted along
  // that dimension from the element being computed.
  const along = sortedDimension(host, target, context);
  const released = along === undefined ? undefined : host.releaseDimension(along, context);
  if (!released) return host.failAt('structure', 'the first argument of VECTOR ELM MAP must be an element of an arrayed variable, as in vec[A1], or an expression over a dimension of the equation', context, expr.pos);
  const values = host.lowerElements(target, released.context);
  const index: Ir = { k: 'bin', op: '+', a: { k: 'const', v: released.position }, b: offset };
  return { k: 'pick', values, index, missing: Number.NaN, scratch: host.allocateScratch(values.length) };
}

/**
 * VECTOR SORT ORDER(vec[…, Dim], direction) (Vensim reference): element i of the result is the
 * 0-based position, along vec's last dimension, of the value that sorts i-th; ascending for a
 * direction above 0, else descending; equal values keep their order. SDEverywhere's vector.dat:
 * h = 2100, 2010, 2020 gives 1, 2, 0 ascending and 0, 2, 1 descending.
 */
export function lowerVectorSortOrder(host: BuiltinHost, expr: Call, context: LowerContext): Ir {
  const target = expr.args[0]!;
  const along = sortedDimension(host, target, context);
  const released = along === undefined ? undefined : host.releaseDimension(along, context);
  if (!released) {
    return host.failAt('dimension', 'VECTOR SORT ORDER gives one place per element of the dimension it sorts along (the last of its argument): the equation must be arrayed over it', context, expr.pos);
  }
  const values = host.lowerElements(target, released.context);
  const ascending: Ir = { k: 'bin', op: '>', a: host.lower(expr.args[1]!, context), b: zero };
  return { k: 'rankpick', values, rank: { k: 'const', v: released.position }, ascending, scratch: host.allocateScratch(values.length) };
}

/** The dimension VECTOR SORT ORDER sorts along: the last one its argument names (vec[A, Dim], base[Dim] + boost[Dim], vec over …, Dim). */
function sortedDimension(host: BuiltinHost, target: Expr, context: LowerContext): string | undefined {
  switch (target.kind) {
    case 'subscript': {
      const last = target.indices.at(-1);
      if (last?.kind === 'expr' && last.expr.kind === 'name') return last.expr.name;
      return host.variableNamed(target.name, context)?.dimensions.at(-1)?.name;
    }
    case 'name':
      return host.variableNamed(target.name, context)?.dimensions.at(-1)?.name;
    case 'unary':
      return sortedDimension(host, target.operand, context);
    case 'binary':
      return sortedDimension(host, target.left, context) ?? sortedDimension(host, target.right, context);
    case 'if':
      return sortedDimension(host, target.then, context) ?? sortedDimension(host, target.otherwise, context);
    case 'call':
      for (const arg of target.args) {
        const found = sortedDimension(host, arg, context);
        if (found !== undefined) return found;
      }
      return undefined;
    case 'number':
      return undefined;
  }
}

/**
 * RANK(A, r) (XMILE 1.0 §3.7.1.3): the index (from 1) of the element of A that ranks r-th in
 * ascending order; RANK(A, 1) is the index of the smallest.
 */
export function lowerRank(host: BuiltinHost, expr: Call, context: LowerContext): Ir {
  if (expr.args.length > 2) return host.failAt('unsupported', 'RANK with a third argument (ties broken by another array) is not supported; use RANK(array, rank)', context, expr.pos);
  const values = host.lowerElements(expr.args[0]!, context);
  const rank: Ir = { k: 'bin', op: '-', a: { k: 'fn', fn: 'int', args: [host.lower(expr.args[1]!, context)] }, b: one };
  return { k: 'bin', op: '+', a: { k: 'rankpick', values, rank, ascending: one, scratch: host.allocateScratch(values.length) }, b: one };
}

/**
 * VECTOR SELECT(selection, values, missing, numerical action, error action) (Vensim reference):
 * over the elements where the selection is not 0, action 0 is the sum of selection × value, 1 their
 * product, 2 their minimum, 3 their maximum, 4 their mean, 5 the product of selection ^ value, 6-10
 * the sum, product, minimum, maximum and mean of the values alone. No element selected gives
 * `missing`. Error action 1 makes that NaN instead, 2 makes more than one selected NaN, 3 both.
 */
export function lowerVectorSelect(host: BuiltinHost, expr: Call, context: LowerContext, owner: string): Ir {
  const action = constantArgument(host, expr, 3, 'the numerical action of VECTOR SELECT', context);
  const errorAction = constantArgument(host, expr, 4, 'the error action of VECTOR SELECT', context);
  if (!Number.isInteger(action) || action < 0 || action > 10) return host.failAt('unsupported', `the numerical action of VECTOR SELECT must be a whole number from 0 to 10; it is ${action}`, context, expr.pos);
  if (!Number.isInteger(errorAction) || errorAction < 0 || errorAction > 3) return host.failAt('unsupported', `the error action of VECTOR SELECT must be 0, 1, 2 or 3; it is ${errorAction}`, context, expr.pos);
  const { values, included } = host.lowerElementsTogether([expr.args[0]!, expr.args[1]!], context);
  if (included) return host.failAt('unsupported', 'VECTOR SELECT takes no range computed while the model runs', context, expr.pos);
  const selections = values[0]!.map((selection) => host.stable(selection, owner));
  const items = values[1]!;
  if (selections.length !== items.length) return host.failAt('dimension', 'the selection and the values of VECTOR SELECT must have as many elements', context, expr.pos);
  const selected = (i: number): Ir => ({ k: 'bin', op: '!=', a: selections[i]!, b: zero });
  const item = (i: number): Ir => {
    if (action <= 4) return { k: 'bin', op: '*', a: selections[i]!, b: items[i]! };
    if (action === 5) return { k: 'bin', op: '^', a: selections[i]!, b: items[i]! };
    return items[i]!;
  };
  const kind = action <= 4 ? action : action === 5 ? 1 : action - 6;
  const add = (a: Ir, b: Ir): Ir => ({ k: 'bin', op: '+', a, b });
  const each = (outside: Ir): Ir[] => items.map((_, i): Ir => ({ k: 'if', c: selected(i), t: item(i), e: outside }));
  const count = host.stable(host.fold(items.map((_, i): Ir => ({ k: 'if', c: selected(i), t: one, e: zero })), add, owner), owner);
  let result: Ir;
  switch (kind) {
    case 0: result = host.fold(each(zero), add, owner); break;
    case 1: result = host.fold(each(one), (a, b) => ({ k: 'bin', op: '*', a, b }), owner); break;
    case 2: result = host.fold(each({ k: 'const', v: Infinity }), (a, b) => ({ k: 'fn', fn: 'min', args: [a, b] }), owner); break;
    case 3: result = host.fold(each({ k: 'const', v: -Infinity }), (a, b) => ({ k: 'fn', fn: 'max', args: [a, b] }), owner); break;
    default: result = { k: 'bin', op: '/', a: host.fold(each(zero), add, owner), b: count };
  }
  const missing: Ir = errorAction === 1 || errorAction === 3 ? { k: 'const', v: Number.NaN } : host.lower(expr.args[2]!, context);
  let value: Ir = { k: 'if', c: { k: 'bin', op: '==', a: count, b: zero }, t: missing, e: result };
  if (errorAction >= 2) value = { k: 'if', c: { k: 'bin', op: '>', a: count, b: one }, t: { k: 'const', v: Number.NaN }, e: value };
  return value;
}

/** An argument that must be known when compiling: a number, or a constant's value. */
function constantArgument(host: BuiltinHost, expr: Call, position: number, what: string, context: LowerContext): number {
  const ir = host.lower(expr.args[position]!, context);
  const value = ir.k === 'const' ? ir.v : ir.k === 'slot' ? host.parameterValue(ir.s) : undefined;
  if (value === undefined) return host.failAt('unsupported', `${what} must be a number or a constant`, context, expr.pos);
  return value;
}
