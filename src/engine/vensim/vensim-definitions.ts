import type { RawDefinition } from './split-mdl.ts';
import { VensimUnsupported, type VariableShape } from './translate-types.ts';
import type { VensimDefinition, VensimExpr, VensimLhs } from './vensim-ast.ts';
import type { DimensionInfo, Dimensions } from './vensim-dimensions.ts';

/**
 * A Vensim model's definitions as the reader groups them (all the equations of one variable
 * together) and what can be read off one: its top function, its arguments, its kind, its units.
 */

/** One equation of the file: its left-hand side, its definition and where it was written. */
export interface Equation {
  readonly lhs: VensimLhs;
  readonly definition: VensimDefinition;
  readonly raw: RawDefinition;
}

/** Every equation of one variable, in file order. */
export interface Group {
  readonly name: string;
  readonly equations: Equation[];
}

/** The time settings' canonical names. */
export const CONTROL = { start: 'initial_time', stop: 'final_time', dt: 'time_step', save: 'saveper' } as const;

/** The name in a macro's header `NAME(parameters)`. */
export function macroName(header: string): string {
  return (/^\s*("[^"]*"|[^(]+)/.exec(header)?.[1] ?? header).trim();
}

export function isLookupDefinition(definition: VensimDefinition): boolean {
  return definition.kind === 'lookup' || definition.kind === 'lookup-data' || (definition.kind === 'equation' && /^GET (XLS|DIRECT) LOOKUPS$/.test(topCall(definition.expr) ?? ''));
}

export function lookupSource(definition: VensimDefinition): VensimExpr | undefined {
  if (definition.kind === 'lookup-data' || definition.kind === 'equation') return definition.expr;
  return undefined;
}

export function equationKind(definition: VensimDefinition): 'data' | 'stock' | 'aux' {
  if (definition.kind === 'data') return 'data';
  if (definition.kind === 'equation' && topCall(definition.expr) === 'INTEG') return 'stock';
  return 'aux';
}

/** The Vensim function at the top of an expression, in canonical spelling (upper case, single spaces). */
export function topCall(expr: VensimExpr): string | undefined {
  return expr.kind === 'call' ? expr.name.toUpperCase().replace(/[\s_]+/g, ' ') : undefined;
}

export function callArgs(expr: VensimExpr, count: 2, name: string): [VensimExpr, VensimExpr] {
  const args = (expr as Extract<VensimExpr, { kind: 'call' }>).args;
  if (args.length !== count) throw new VensimUnsupported(`${name} takes ${count} arguments, but is given ${args.length}`);
  return [args[0]!, args[1]!];
}

export function stringArgs(expr: VensimExpr, count: number, name: string): string[] {
  const args = (expr as Extract<VensimExpr, { kind: 'call' }>).args;
  if (args.length < count - 1 || args.length > count) throw new VensimUnsupported(`${name} takes ${count} arguments, but is given ${args.length}`);
  return args.map((arg) => {
    if (arg.kind !== 'string') throw new VensimUnsupported(`the arguments of ${name} must be texts in single quotes`);
    return arg.text;
  });
}

/** The left-hand side is written over the variable's own ranges, position by position. */
export function sameRanges(lhs: VensimLhs, shape: VariableShape, dimensions: Dimensions): boolean {
  return lhs.subscripts.every((subscript, k) => dimensions.get(subscript)?.id === shape.dimensions[k]!.id);
}

/** Every element of the ranges, last range fastest (the engine's order). */
export function allTuples(dimensions: readonly DimensionInfo[]): string[][] {
  let tuples: string[][] = [[]];
  for (const dimension of dimensions) tuples = tuples.flatMap((tuple) => dimension.elementIds.map((element) => [...tuple, element]));
  return tuples;
}

/** Vensim writes a range after the units ("Month [0,?]"); the units alone are kept. */
export function stripRange(units: string): string {
  return units.replace(/\[[^\]]*\]\s*$/, '').trim();
}

/** The units as the document keeps them: none for dmnl. */
export function unitsOf(units: string): { units?: string } {
  const text = stripRange(units);
  return text && !/^dmnl$/i.test(text) ? { units: text } : {};
}
