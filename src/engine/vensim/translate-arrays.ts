import { canonicalName } from '../equation/canonical-name.ts';
import { atom, binary, call, printNumber, PRECEDENCE, type XmileText } from './print-xmile.ts';
import type { ExpressionTranslator } from './translate-expr.ts';
import { NeedsElements, VensimUnsupported, type TranslateContext } from './translate-types.ts';
import type { VensimExpr } from './vensim-ast.ts';
import type { DimensionInfo, Dimensions } from './vensim-dimensions.ts';

/**
 * Vensim's functions over whole arrays that the translator spells out itself: SUM, PROD, VMIN and
 * VMAX over ranges the engine cannot walk as written, and INVERT MATRIX of a constant matrix. (The
 * vector functions are the engine's own builtins.)
 */

/**
 * SUM, PROD, VMIN and VMAX over the ranges marked `!`. Written as the engine's array functions
 * where each marked range is the variable's own range there; otherwise spelled out element by
 * element (a sub-range of the variable's range, say).
 */
export function reduction(translator: ExpressionTranslator, name: string, argument: VensimExpr, context: TranslateContext): XmileText {
  const xmileName = name === 'VMIN' ? 'MIN' : name === 'VMAX' ? 'MAX' : name;
  try {
    return call(xmileName, [translator.translate(argument, context)]);
  } catch (error) {
    if (!(error instanceof NeedsElements)) throw error;
  }
  if (!context.bindings && context.owner.dimensions.length > 0) throw new NeedsElements();
  const ranges = new Map<string, DimensionInfo>();
  collectBangs(argument, translator.host.dimensions, ranges);
  const dims = [...ranges.values()];
  const terms: XmileText[] = [];
  const indices = dims.map(() => 0);
  const total = dims.reduce((product, dimension) => product * dimension.elements.length, 1);
  for (let n = 0; n < total; n++) {
    const bangs = new Map(context.bangs ?? []);
    dims.forEach((dimension, d) => bangs.set(dimension.id, dimension.elementIds[indices[d]!]!));
    terms.push(translator.translate(argument, { ...context, bangs }));
    for (let d = dims.length - 1; d >= 0; d--) {
      indices[d]!++;
      if (indices[d]! < dims[d]!.elements.length) break;
      indices[d] = 0;
    }
  }
  if (terms.length === 0) return zero();
  if (name === 'SUM' || name === 'PROD') {
    let result = terms[0]!;
    for (let i = 1; i < terms.length; i++) result = binary(name === 'SUM' ? '+' : '*', result, terms[i]!);
    return { text: `(${result.text})`, precedence: PRECEDENCE.atom };
  }
  // MIN/MAX of many values, in groups the parser's argument limit allows.
  let level = terms;
  while (level.length > 1) {
    const next: XmileText[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? call(xmileName, [level[i]!, level[i + 1]!]) : level[i]!);
    level = next;
  }
  return level[0]!;
}

/**
 * INVERT MATRIX(m[..., Row, Column], n): the element being defined of the inverse of the
 * square matrix over the last two ranges. The matrix must be constant (numbers in the model),
 * so the inverse is computed once here, by Gauss-Jordan elimination with partial pivoting.
 */
export function invertMatrix(translator: ExpressionTranslator, argument: VensimExpr, context: TranslateContext): XmileText {
  const matrix = argument.kind === 'ref' ? translator.host.variable(argument.name) : undefined;
  if (!matrix || argument.kind !== 'ref' || argument.subscripts.length < 2) throw new VensimUnsupported('INVERT MATRIX takes a variable with at least two subscripts, the matrix in its last two');
  if (!context.bindings) throw new NeedsElements();
  const count = argument.subscripts.length;
  const rows = translator.host.dimensions.get(argument.subscripts[count - 2]!.name);
  const columns = translator.host.dimensions.get(argument.subscripts[count - 1]!.name);
  if (!rows || !columns || rows.elements.length !== columns.elements.length) throw new VensimUnsupported('INVERT MATRIX needs a square matrix over its last two subscript ranges');
  const fixed = argument.subscripts.slice(0, -2).map((subscript) => {
    const range = translator.host.dimensions.get(subscript.name);
    const element = range ? translator.elementFor(range, context.bindings!) : canonicalName(subscript.name);
    if (element === undefined) throw new VensimUnsupported(`the subscript range "${subscript.name}" of INVERT MATRIX is not on the left of the equation`);
    return element;
  });
  const n = rows.elements.length;
  const values = rows.elementIds.map((row) =>
    columns.elementIds.map((column) => {
      const value = translator.host.elementConstant(matrix.name, [...fixed, row, column]);
      if (value === undefined) throw new VensimUnsupported(`INVERT MATRIX is supported for constant matrices only; "${matrix.name}" is not a number for every element`);
      return value;
    }),
  );
  const inverse = invertSquare(values, n);
  if (!inverse) throw new VensimUnsupported(`the matrix "${matrix.name}" cannot be inverted (it is singular)`);
  const row = translator.elementFor(rows, context.bindings);
  const column = translator.elementFor(columns, context.bindings);
  if (row === undefined || column === undefined) throw new VensimUnsupported('INVERT MATRIX must be assigned to a variable over the same two ranges as its matrix');
  return printNumber(inverse[rows.positions.get(row)!]![columns.positions.get(column)!]!);
}

/** The inverse of an n × n matrix, or undefined when it is singular. */
function invertSquare(values: readonly (readonly number[])[], n: number): number[][] | undefined {
  const a = values.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let column = 0; column < n; column++) {
    let pivot = column;
    for (let row = column + 1; row < n; row++) if (Math.abs(a[row]![column]!) > Math.abs(a[pivot]![column]!)) pivot = row;
    if (Math.abs(a[pivot]![column]!) < 1e-300) return undefined;
    [a[column], a[pivot]] = [a[pivot]!, a[column]!];
    const lead = a[column]![column]!;
    for (let k = 0; k < 2 * n; k++) a[column]![k]! /= lead;
    for (let row = 0; row < n; row++) {
      if (row === column) continue;
      const factor = a[row]![column]!;
      if (factor === 0) continue;
      for (let k = 0; k < 2 * n; k++) a[row]![k]! -= factor * a[column]![k]!;
    }
  }
  return a.map((row) => row.slice(n));
}

function zero(): XmileText {
  return atom('0');
}

/** The range of the last subscript of the first subscripted variable in `expr`. */
export function lastRange(expr: VensimExpr, dimensions: Dimensions): DimensionInfo | undefined {
  switch (expr.kind) {
    case 'ref': {
      const last = expr.subscripts.at(-1);
      return last === undefined ? undefined : dimensions.get(last.name);
    }
    case 'call':
      for (const arg of expr.args) {
        const found = lastRange(arg, dimensions);
        if (found) return found;
      }
      return undefined;
    case 'unary':
      return lastRange(expr.operand, dimensions);
    case 'binary':
      return lastRange(expr.left, dimensions) ?? lastRange(expr.right, dimensions);
    default:
      return undefined;
  }
}

function collectBangs(expr: VensimExpr, dimensions: Dimensions, into: Map<string, DimensionInfo>): void {
  switch (expr.kind) {
    case 'ref':
    case 'call':
      for (const subscript of expr.subscripts) {
        const range = subscript.bang ? dimensions.get(subscript.name) : undefined;
        if (range) into.set(range.id, range);
      }
      if (expr.kind === 'call') for (const arg of expr.args) collectBangs(arg, dimensions, into);
      return;
    case 'unary':
      collectBangs(expr.operand, dimensions, into);
      return;
    case 'binary':
      collectBangs(expr.left, dimensions, into);
      collectBangs(expr.right, dimensions, into);
      return;
    case 'list':
      for (const item of expr.items) collectBangs(item, dimensions, into);
      return;
    default:
      return;
  }
}
