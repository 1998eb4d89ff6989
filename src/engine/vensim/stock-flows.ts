import { canonicalName } from '../equation/canonical-name.ts';
import type { TranslateHost } from './translate-types.ts';
import type { VensimExpr } from './vensim-ast.ts';
import type { Group } from './vensim-definitions.ts';

/** The flows of a stock written as INTEG(rate, initial): read off the rate's terms and signs. */

/** Flows by sign in `a + b - c`, for the diagram and loop analysis. */
export function collectFlows(expr: VensimExpr, sign: 1 | -1, inflows: Set<string>, outflows: Set<string>): void {
  if (expr.kind === 'binary' && (expr.op === '+' || expr.op === '-')) {
    collectFlows(expr.left, sign, inflows, outflows);
    collectFlows(expr.right, expr.op === '-' ? (sign === 1 ? -1 : 1) : sign, inflows, outflows);
    return;
  }
  if (expr.kind === 'unary' && expr.op === '-') return collectFlows(expr.operand, sign === 1 ? -1 : 1, inflows, outflows);
  if (expr.kind === 'ref') (sign === 1 ? inflows : outflows).add(expr.name);
}

/**
 * `INTEG(a + b - c, ...)` where every term is a variable over the stock's own ranges: the
 * XMILE form, flows in and out. undefined when the rate is any other expression.
 */
export function pureFlows(rate: VensimExpr, group: Group, host: TranslateHost): { inflows: string[]; outflows: string[] } | undefined {
  const inflows: string[] = [];
  const outflows: string[] = [];
  const stockRanges = group.equations[0]!.lhs.subscripts.map(canonicalName);
  const walk = (expr: VensimExpr, sign: 1 | -1): boolean => {
    if (expr.kind === 'binary' && (expr.op === '+' || expr.op === '-')) return walk(expr.left, sign) && walk(expr.right, expr.op === '-' ? (sign === 1 ? -1 : 1) : sign);
    if (expr.kind === 'unary' && expr.op === '-') return walk(expr.operand, sign === 1 ? -1 : 1);
    if (expr.kind !== 'ref') return false;
    const variable = host.variable(expr.name);
    if (!variable || variable.isLookup) return false;
    if (canonicalName(expr.name) === canonicalName(group.name)) return false;
    const written = expr.subscripts.map((subscript) => (subscript.bang ? '!' : canonicalName(subscript.name)));
    if (written.length !== stockRanges.length || written.some((name, k) => name !== stockRanges[k])) return false;
    if (variable.dimensions.length !== stockRanges.length || variable.dimensions.some((dimension, k) => dimension.id !== stockRanges[k])) return false;
    (sign === 1 ? inflows : outflows).push(expr.name);
    return true;
  };
  return walk(rate, 1) && inflows.length + outflows.length > 0 ? { inflows, outflows } : undefined;
}
