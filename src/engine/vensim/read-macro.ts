import { canonicalName } from '../equation/canonical-name.ts';
import type { MacroDefinition, VariableDefinition } from '../xmile/model-document.ts';
import { parseVensimEntry } from './parse-vensim-entry.ts';
import { printName } from './print-xmile.ts';
import type { RawDefinition } from './split-mdl.ts';
import { VensimUnsupported, type TranslateContext, type VariableShape } from './translate-types.ts';
import type { VensimExpr, VensimLhs } from './vensim-ast.ts';
import { callArgs, topCall, unitsOf } from './vensim-definitions.ts';

/** What reading a macro needs from the reader: translation with the macro's names in scope. */
export interface MacroHost {
  translate(expr: VensimExpr, context: TranslateContext): { readonly text: string };
  /** Runs `work` with the macro's parameters and own variables shadowing the model's names. */
  inScope<T>(scope: ReadonlyMap<string, VariableShape>, work: () => T): T;
}

/**
 * A Vensim macro (:MACRO: NAME(parameters) ... :END OF MACRO:) as the document's macro: its
 * scalar equations (stocks included), translated with its parameters and variables in scope.
 */
export function readMacro(header: string, definitions: readonly RawDefinition[], host: MacroHost): MacroDefinition {
  const match = /^\s*("[^"]*"|[^(]+)\(([^)]*)\)\s*$/.exec(header);
  if (!match) throw new VensimUnsupported(`the macro header ":MACRO: ${header}" is not NAME(parameters)`);
  const name = match[1]!.trim();
  const [inputs = '', outputs] = match[2]!.split(':');
  if (outputs !== undefined && outputs.trim() !== '') throw new VensimUnsupported(`macro ${name} has extra outputs (after ":"), which are not supported`);
  const parameters = inputs.split(',').map((parameter) => parameter.trim()).filter(Boolean);
  const scope = new Map<string, VariableShape>();
  for (const parameter of parameters) scope.set(canonicalName(parameter), { name: parameter, dimensions: [], isLookup: false });
  const equations: { lhs: VensimLhs; expr: VensimExpr; raw: RawDefinition }[] = [];
  for (const raw of definitions) {
    const entry = parseVensimEntry(raw.text);
    if (entry.kind !== 'equation' || entry.definition.kind !== 'equation' || entry.lhs.subscripts.length > 0) {
      throw new VensimUnsupported(`macro ${name}: only scalar equations are supported inside a macro ("${raw.text.slice(0, 60)}")`);
    }
    equations.push({ lhs: entry.lhs, expr: entry.definition.expr, raw });
    scope.set(canonicalName(entry.lhs.name), { name: entry.lhs.name, dimensions: [], isLookup: false });
  }
  return host.inScope(scope, () => {
    const variables: VariableDefinition[] = equations.map(({ lhs, expr, raw }) => {
      const shape = scope.get(canonicalName(lhs.name))!;
      const context: TranslateContext = { owner: shape, ownerElements: [], bindings: undefined };
      const common = { name: lhs.name, dimensions: [], elements: [], inflows: [], outflows: [], ...unitsOf(raw.units) };
      if (topCall(expr) === 'INTEG') {
        const [rate, initial] = callArgs(expr, 2, 'INTEG');
        return { ...common, kind: 'stock' as const, equation: host.translate(initial, context).text, netFlowEquation: host.translate(rate, context).text };
      }
      return { ...common, kind: 'aux' as const, equation: host.translate(expr, context).text };
    });
    if (!scope.has(canonicalName(name)) || !equations.some(({ lhs }) => canonicalName(lhs.name) === canonicalName(name))) {
      throw new VensimUnsupported(`macro ${name} has no equation for ${name} itself, its result`);
    }
    return { name, parameters, equation: printName(name), variables };
  });
}
