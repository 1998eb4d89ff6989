import type { Expr } from '../equation/ast.ts';
import { canonicalName } from '../equation/canonical-name.ts';
import type { ModelError } from '../errors.ts';
import type { VariableDefinition } from '../xmile/model-document.ts';
import type { Ir, StockIntegration } from './ir.ts';
import type { ScalarNode } from './order-nodes.ts';

/**
 * XMILE macros (XMILE 1.0 section 3.10): a call is replaced by the macro's <eqn> with its
 * parameters bound to the call's arguments. A macro with its own <variables> (a stock that
 * accumulates its input, say) is instantiated once per call site, like a module: a hidden copy
 * of its variables, owned by the calling variable, that lives as long as the run.
 */
export interface ParsedMacro {
  readonly name: string;
  /** Canonical parameter names, in call order. */
  readonly parameters: readonly string[];
  readonly body: Expr;
  readonly equation: string;
  readonly variables: readonly VariableDefinition[];
}

/** What expansion needs from the compiler; `Context` is its lowering context. */
export interface MacroHost<Context extends MacroContext> {
  allocate(count: number): number;
  addNode(node: ScalarNode): void;
  addStock(stock: StockIntegration): void;
  lower(expr: Expr, context: Context): Ir;
  lowerEquation(equation: string, context: Context): Ir;
  /** `ir` itself when it is a slot or a constant, else a hidden slot computed from it. */
  stable(ir: Ir, owner: string): Ir;
  failAt(code: ModelError['code'], message: string, context: Context, pos: number): never;
  readonly defaults: { readonly stocksNonNegative: boolean; readonly flowsNonNegative: boolean };
}

export interface MacroContext {
  readonly equation: string;
  readonly macroArguments?: ReadonlyMap<string, Ir>;
  readonly macroDepth: number;
}

const MAX_MACRO_DEPTH = 50;
/**
 * Expansions per model: a macro that calls itself twice per level would otherwise take 2^50
 * expansions to reach the depth limit.
 */
const MAX_EXPANSIONS = 100_000;

export class MacroExpander<Context extends MacroContext> {
  private expansions = 0;
  private readonly host: MacroHost<Context>;

  constructor(host: MacroHost<Context>) {
    this.host = host;
  }

  /** The value of `macro` called with `args` (syntax trees) from the equation in `context`. */
  expand(macro: ParsedMacro, call: { readonly name: string; readonly args: readonly Expr[]; readonly pos: number }, context: Context, owner: string): Ir {
    const host = this.host;
    if (call.args.length !== macro.parameters.length) {
      host.failAt('arity', `the macro ${call.name} takes ${macro.parameters.length} argument(s), not ${call.args.length}`, context, call.pos);
    }
    if (context.macroDepth > MAX_MACRO_DEPTH) host.failAt('limit', `macro ${call.name} calls itself too deeply`, context, call.pos);
    if (++this.expansions > MAX_EXPANSIONS) host.failAt('limit', `macros are expanded more than ${MAX_EXPANSIONS} times; macro ${call.name} probably calls itself`, context, call.pos);
    const inner = { ...context, macroDepth: context.macroDepth + 1 };
    const bound = new Map<string, Ir>();
    if (macro.variables.length === 0) {
      macro.parameters.forEach((parameter, i) => bound.set(parameter, host.lower(call.args[i]!, context)));
      return host.lower(macro.body, { ...inner, equation: macro.equation, macroArguments: bound });
    }
    // Arguments are evaluated once per step into slots: every variable of the instance reads the
    // same value (and a RANDOM argument draws once).
    const instanceOwner = `${owner} (macro ${macro.name})`;
    macro.parameters.forEach((parameter, i) => bound.set(parameter, host.stable(host.lower(call.args[i]!, context), instanceOwner)));
    const slots = this.allocateVariables(macro, bound, context, call.pos);
    const scoped = { ...inner, macroArguments: bound };
    for (const variable of macro.variables) {
      const slot = slots.get(canonicalName(variable.name));
      if (slot === undefined) continue;
      this.lowerVariable(macro, variable, slot, bound, { ...scoped, equation: variable.equation }, instanceOwner);
    }
    return host.lower(macro.body, { ...scoped, equation: macro.equation });
  }

  /** One slot per macro variable, bound by name next to the parameters. */
  private allocateVariables(macro: ParsedMacro, bound: Map<string, Ir>, context: Context, pos: number): Map<string, number> {
    const slots = new Map<string, number>();
    for (const variable of macro.variables) {
      const id = canonicalName(variable.name);
      // Stella draws a parameter in the macro's diagram as a variable of its name with no equation
      // (a flow into the macro's stock, say): that variable is the parameter.
      if (macro.parameters.includes(id) && variable.equation.trim() === '' && variable.kind !== 'stock') continue;
      const where = `macro ${macro.name}: its variable "${variable.name}"`;
      if (bound.has(id)) this.host.failAt('structure', `${where} has the name of a parameter or of another of its variables`, context, pos);
      if (variable.kind !== 'stock' && variable.kind !== 'flow' && variable.kind !== 'aux') {
        this.host.failAt('unsupported', `${where} is a ${variable.kind}; macros may define stocks, flows and auxiliaries only`, context, pos);
      }
      if (variable.dimensions.length > 0 || variable.graphicalFunction) {
        this.host.failAt('unsupported', `${where} is arrayed or has a graphical function, which macros here do not support`, context, pos);
      }
      const slot = this.host.allocate(1);
      slots.set(id, slot);
      bound.set(id, { k: 'slot', s: slot });
    }
    return slots;
  }

  private lowerVariable(macro: ParsedMacro, variable: VariableDefinition, slot: number, bound: ReadonlyMap<string, Ir>, context: Context, owner: string): void {
    const host = this.host;
    if (variable.equation.trim() === '') host.failAt('structure', `macro ${macro.name}: its variable "${variable.name}" has no equation`, context, 0);
    const value = host.lowerEquation(variable.equation, context);
    if (variable.kind !== 'stock') {
      const clamp = variable.kind === 'flow' && (variable.nonNegative ?? host.defaults.flowsNonNegative);
      host.addNode({ slot, role: 'aux', rate: clamp ? { k: 'fn', fn: 'max', args: [{ k: 'const', v: 0 }, value] } : value, owner });
      return;
    }
    const flow = (name: string): Ir => {
      const ir = bound.get(canonicalName(name));
      const isOwnFlow = macro.variables.some((candidate) => candidate.kind === 'flow' && canonicalName(candidate.name) === canonicalName(name));
      if (!ir || !isOwnFlow) return host.failAt('unknown-variable', `macro ${macro.name}: the stock "${variable.name}" lists "${name}" as a flow, but the macro has no flow of that name`, context, 0);
      return ir;
    };
    let net: Ir | undefined = variable.netFlowEquation === undefined ? undefined : host.lowerEquation(variable.netFlowEquation, context);
    if (variable.netFlowEquation === undefined) for (const name of variable.inflows) net = net ? { k: 'bin', op: '+', a: net, b: flow(name) } : flow(name);
    if (variable.netFlowEquation === undefined) for (const name of variable.outflows) net = net ? { k: 'bin', op: '-', a: net, b: flow(name) } : { k: 'neg', a: flow(name) };
    const netSlot = host.allocate(1);
    host.addNode({ slot, role: 'stock', initial: value, owner });
    host.addNode({ slot: netSlot, role: 'net', rate: net ?? { k: 'const', v: 0 }, owner });
    host.addStock({ slot, netSlot, nonNegative: variable.nonNegative ?? host.defaults.stocksNonNegative });
  }
}
