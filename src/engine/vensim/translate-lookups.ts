import { canonicalName } from '../equation/canonical-name.ts';
import { atom, call, printName, type XmileText } from './print-xmile.ts';
import type { ExpressionTranslator } from './translate-expr.ts';
import { NeedsElements, VensimUnsupported, type TranslateContext, type VariableShape } from './translate-types.ts';
import type { VensimExpr, VensimLookup, VensimSubscript } from './vensim-ast.ts';

/**
 * Vensim's lookups in equations: a lookup called with an input (one element's table of an arrayed
 * one), and the functions of a table (LOOKUP AREA, WITH LOOKUP, LOOKUP EXTRAPOLATE, BACKWARD,
 * INVERT), which become the engine's graphical functions.
 */

/** Functions of a lookup table: LOOKUP AREA, WITH LOOKUP (a table written in place), LOOKUP EXTRAPOLATE, BACKWARD, INVERT. */
export function lookupFunction(translator: ExpressionTranslator, name: string, args: readonly VensimExpr[], arity: (min: number, max?: number) => void, arg: (i: number) => XmileText, context: TranslateContext): XmileText | undefined {
  switch (name) {
    case 'LOOKUP AREA': {
      arity(3);
      const target = args[0]!;
      const lookup = target.kind === 'ref' ? translator.host.variable(target.name) : undefined;
      if (!lookup?.isLookup || target.kind !== 'ref') throw new VensimUnsupported('the first argument of LOOKUP AREA must be a lookup');
      return call('LOOKUP_AREA', [atom(lookupName(translator, lookup, target.subscripts, context)), arg(1), arg(2)]);
    }
    case 'WITH LOOKUP': {
      arity(2);
      const table = args[1]!;
      if (table.kind !== 'lookup') throw new VensimUnsupported('the second argument of WITH LOOKUP must be a lookup table written in place');
      return atom(`${printName(translator.host.hiddenLookup(context.owner.name, table.table, 'continuous'))}(${arg(0).text})`);
    }
    case 'LOOKUP EXTRAPOLATE':
    case 'LOOKUP FORWARD':
    case 'LOOKUP BACKWARD':
    case 'LOOKUP INVERT': {
      arity(2);
      const target = args[0]!;
      const lookup = target.kind === 'ref' ? translator.host.variable(target.name) : undefined;
      if (!lookup?.isLookup || target.kind !== 'ref') throw new VensimUnsupported(`the first argument of ${name} must be a lookup`);
      if (name === 'LOOKUP FORWARD') throw new VensimUnsupported('LOOKUP FORWARD is not supported');
      const elements = target.subscripts.map((subscript, position) => lookupElement(translator, lookup, position, subscript, context));
      const table = translator.host.lookupTable(lookup.name, elements);
      if (!table) throw new VensimUnsupported(`the lookup "${lookup.name}" has no table here`);
      const used = name === 'LOOKUP INVERT' ? invert(table, lookup.name) : table;
      const type = name === 'LOOKUP EXTRAPOLATE' ? 'extrapolate' : name === 'LOOKUP BACKWARD' ? 'discrete' : 'continuous';
      return atom(`${printName(translator.host.hiddenLookup(context.owner.name, used, type))}(${arg(1).text})`);
    }
    default:
      return undefined;
  }
}
/** The name a lookup call uses: the table itself, or one element's table of an arrayed lookup. */
export function lookupName(translator: ExpressionTranslator, lookup: VariableShape, subscripts: readonly VensimSubscript[], context: TranslateContext): string {
  if (lookup.dimensions.length === 0) return printName(lookup.name);
  if (subscripts.length !== lookup.dimensions.length) throw new VensimUnsupported(`the lookup "${lookup.name}" is arrayed; name its element, as in ${lookup.name}[${lookup.dimensions.map((d) => d.elements[0]).join(',')}](x)`);
  const elements = subscripts.map((subscript, position) => lookupElement(translator, lookup, position, subscript, context));
  return printName(elementLookupName(lookup.name, elements.map((id) => translator.host.dimensions.elementNames.get(id)!)));
}
function lookupElement(translator: ExpressionTranslator, lookup: VariableShape, position: number, subscript: VensimSubscript, context: TranslateContext): string {
  const target = lookup.dimensions[position];
  if (!target) return '';
  const range = translator.host.dimensions.get(subscript.name);
  if (!range) return canonicalName(subscript.name);
  if (!context.bindings) throw new NeedsElements();
  const element = translator.elementFor(range, context.bindings);
  if (element === undefined) throw new VensimUnsupported(`the subscript range "${range.name}" of the lookup "${lookup.name}" is not on the left of the equation`);
  return target.positions.has(element) ? element : (translator.host.dimensions.correspond(target, range, element) ?? target.elementIds[range.positions.get(element)!] ?? element);
}
function invert(table: VensimLookup, name: string): VensimLookup {
  const pairs = table.ys.map((y, i) => ({ x: y, y: table.xs[i]! }));
  for (let i = 1; i < pairs.length; i++) {
    if (pairs[i]!.x < pairs[i - 1]!.x) throw new VensimUnsupported(`LOOKUP INVERT needs the values of "${name}" to rise steadily`);
  }
  return { xs: pairs.map((pair) => pair.x), ys: pairs.map((pair) => pair.y) };
}
/** The name of the graphical function holding one element's table of an arrayed lookup. */
export function elementLookupName(name: string, elements: readonly string[]): string {
  return `${name}[${elements.join(',')}]`;
}
