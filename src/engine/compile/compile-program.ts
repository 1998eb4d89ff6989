import { foldLeftChain, type Expr, type SubscriptIndex } from '../equation/ast.ts';
import { canonicalName, displayName } from '../equation/canonical-name.ts';
import { EquationSyntaxError, parseEquation } from '../equation/parse-equation.ts';
import { ModelErrorSignal, modelError, type ModelError } from '../errors.ts';
import type { Dimension, GraphicalFunction, ModelDocument, VariableDefinition } from '../xmile/model-document.ts';
import { checkUnits } from '../units/check-units.ts';
import { BUILTINS, BUILTIN_VALUES } from './builtin-signatures.ts';
import { lowerBuiltin, type BuiltinHost } from './lower-builtin.ts';
import { MacroExpander, type ParsedMacro } from './expand-macro.ts';
import { flattenModules, type ScopedVariable } from './flatten-modules.ts';
import {
  DT_SLOT,
  RESERVED_SLOTS,
  START_SLOT,
  STEP_SLOT,
  STOP_SLOT,
  TIME_SLOT,
  type Assignment,
  type HistoryWrite,
  type Ir,
  type LookupTable,
  type Program,
  type StockIntegration,
} from './ir.ts';
import { orderNodes, type ScalarNode } from './order-nodes.ts';

/** Past this many scalar slots a model is refused: it would not fit a browser tab anyway. */
export const MAX_SLOTS = 2_000_000;
const MAX_STEPS = 20_000_000;
/**
 * Taller expression trees are cut: the partial result goes into a hidden slot. Back ends walk
 * trees recursively, and V8 cannot even parse generated code nested ~2,000 parentheses deep, so
 * SUM over a 2,000-element array or an equation of 3,000 terms would otherwise overflow the stack.
 */
const MAX_TREE_HEIGHT = 200;

interface DimensionInfo {
  readonly id: string;
  readonly name: string;
  readonly elements: readonly string[];
  readonly elementIndex: ReadonlyMap<string, number>;
}

/** A model variable after slot assignment. */
export interface ResolvedVariable {
  readonly id: string;
  /** As errors and outputs name it: the module scope, then the display name. */
  readonly label: string;
  readonly scoped: ScopedVariable;
  readonly dimensions: readonly DimensionInfo[];
  readonly base: number;
  readonly size: number;
  /** Tables of a graphical function variable, one per element (or one shared). */
  tables?: number[];
  /** Canonical ids of variables referenced by its equations. */
  readonly dependsOn: Set<string>;
  parameterValue?: number;
}

export interface OutputSlot {
  readonly id: string;
  readonly label: string;
  readonly slot: number;
  readonly variable: ResolvedVariable;
}

export interface CompiledProgram {
  readonly program: Program;
  readonly variables: readonly ResolvedVariable[];
  readonly outputs: readonly OutputSlot[];
  readonly parameters: readonly (OutputSlot & { readonly value: number })[];
  readonly warnings: readonly ModelError[];
  /** Every scalar node, hidden ones included: introspection evaluates them one variable at a time. */
  readonly nodes: readonly ScalarNode[];
  /** Slot → id of the model variable whose equation made it (hidden SMTH stocks belong to their caller). */
  readonly slotOwners: ReadonlyMap<number, string>;
  /** Syntax trees of the equations, by equation text: the units check reads them again. */
  readonly parsedEquations: ReadonlyMap<string, Expr>;
}

export interface LowerContext {
  readonly variable: ResolvedVariable;
  readonly equation: string;
  /** Dimension id → element index currently being computed. */
  readonly bindings: ReadonlyMap<string, number>;
  /** Macro parameters in scope. */
  readonly macroArguments?: ReadonlyMap<string, Ir>;
  readonly macroDepth: number;
}

const NUMBER_ONLY = /^\s*[-+]?\s*(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * Turns a ModelDocument into a Program: resolves names, expands arrays into scalar slots,
 * turns stateful builtins (smooths, delays, trends) into hidden stocks, and orders everything.
 * Collects every error it can find rather than stopping at the first.
 */
export function compileProgram(document: ModelDocument): CompiledProgram {
  return new ProgramCompiler(document).compile();
}

class ProgramCompiler implements BuiltinHost {
  private readonly errors: ModelError[] = [];
  private readonly warnings: ModelError[] = [];
  private readonly dimensions = new Map<string, DimensionInfo>();
  private readonly variables = new Map<string, ResolvedVariable>();
  private readonly nodes: ScalarNode[] = [];
  private readonly nodeBySlot = new Map<number, ScalarNode>();
  private readonly stocks: StockIntegration[] = [];
  private readonly tables: LookupTable[] = [];
  private readonly randomStates: number[] = [];
  private readonly randomSeeds: (number | null)[] = [];
  private readonly historyWrites: HistoryWrite[] = [];
  private readonly post: Assignment[] = [];
  private readonly parameters: { slot: number; value: number }[] = [];
  private readonly macros = new Map<string, ParsedMacro>();
  private readonly macroExpander: MacroExpander<LowerContext>;
  private readonly parsedEquations = new Map<string, Expr>();
  private readonly slotOwners = new Map<number, string>();
  /** The variable whose equations are being lowered: owner of every node made meanwhile. */
  private lowering: ResolvedVariable | undefined;
  private slotCount = RESERVED_SLOTS;
  readonly stepCount: number;
  private readonly file: { file?: string };

  private readonly document: ModelDocument;

  constructor(document: ModelDocument) {
    this.document = document;
    const specs = document.simSpecs;
    this.stepCount = Math.round((specs.stop - specs.start) / specs.dt);
    this.file = document.fileName === undefined ? {} : { file: document.fileName };
    this.macroExpander = new MacroExpander<LowerContext>({
      allocate: (count) => this.allocate(count),
      addNode: (node) => this.addNode(node),
      addStock: (stock) => this.stocks.push(stock),
      lower: (expr, context) => this.lower(expr, context),
      lowerEquation: (equation, context) => this.lowerEquation(equation, context),
      stable: (ir, owner) => this.stable(ir, owner),
      failAt: (code, message, context, pos) => this.failAt(code, message, context, pos),
      defaults: document.defaults,
    });
  }

  compile(): CompiledProgram {
    if (this.stepCount > MAX_STEPS) {
      this.fail('limit', `the run would take ${this.stepCount} time steps (stop - start) / dt; the limit is ${MAX_STEPS}`);
    }
    for (const dimension of this.document.dimensions) this.addDimension(dimension);
    this.readMacros();
    const scoped = flattenModules(this.document);
    this.assignSlots(scoped);
    // Tables first: any equation may call any graphical function, whatever the file order.
    for (const variable of this.variables.values()) this.guard(variable, () => this.readTables(variable));
    for (const variable of this.variables.values()) {
      this.lowering = variable;
      this.guard(variable, () => this.lowerVariable(variable));
    }
    this.lowering = undefined;
    if (this.errors.length > 0) throw new CompileFailure(this.errors, this.warnings);

    const ordered = orderNodes(this.nodes, this.nodeBySlot, new Set(this.post.map((assignment) => assignment.slot)), (cycle) => {
      this.errors.push(
        modelError('circular', `the equations form a circle with no stock to break it: ${cycle.join(' → ')} → ${cycle[0]}`, {
          ...this.file,
          variable: cycle[0]!,
        }),
      );
    });
    if (this.errors.length > 0) throw new CompileFailure(this.errors, this.warnings);

    const program: Program = {
      slotCount: this.slotCount,
      parameters: this.parameters,
      initial: ordered.initial,
      invariants: ordered.invariants,
      rates: ordered.rates,
      nets: ordered.nets,
      post: this.post,
      historyWrites: this.historyWrites,
      stocks: this.stocks,
      tables: this.tables,
      randomStates: this.randomStates,
      randomSeeds: this.randomSeeds,
    };
    const outputs: OutputSlot[] = [];
    const parameterSlots = new Map(this.parameters.map((p) => [p.slot, p.value]));
    const parameters: (OutputSlot & { value: number })[] = [];
    for (const variable of this.variables.values()) {
      const kind = variable.scoped.definition.kind;
      if (kind === 'gf' || kind === 'module') continue;
      if (kind === 'aux' && variable.tables && variable.scoped.definition.equation.trim() === '') continue;
      for (let i = 0; i < variable.size; i++) {
        const suffix = variable.dimensions.length === 0 ? { id: '', label: '' } : this.elementSuffix(variable, i);
        const output: OutputSlot = {
          id: variable.id + suffix.id,
          label: labelOf(variable) + suffix.label,
          slot: variable.base + i,
          variable,
        };
        outputs.push(output);
        const value = parameterSlots.get(output.slot);
        if (value !== undefined) parameters.push({ ...output, value });
      }
    }
    this.checkUnits();
    return {
      program,
      variables: [...this.variables.values()],
      outputs,
      parameters,
      warnings: this.warnings,
      nodes: this.nodes,
      slotOwners: this.slotOwners,
      parsedEquations: this.parsedEquations,
    };
  }

  /** Unit mismatches become warnings; a defect in the check must not stop a model that runs. */
  private checkUnits(): void {
    try {
      this.warnings.push(
        ...checkUnits({
          variables: [...this.variables.values()],
          parsedEquations: this.parsedEquations,
          timeUnits: this.document.simSpecs.timeUnits,
          macroNames: new Set(this.macros.keys()),
          ...this.file,
        }),
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.warnings.push(modelError('units', `the units were not checked (internal problem: ${message})`, this.file, 'warning'));
    }
  }

  // ---------- set-up ----------

  private fail(code: ModelError['code'], message: string, where: Partial<ModelError> = {}): never {
    throw new ModelErrorSignal(modelError(code, message, { ...this.file, ...where }));
  }

  private guard(variable: ResolvedVariable, work: () => void): void {
    try {
      work();
    } catch (error) {
      if (error instanceof ModelErrorSignal) {
        this.errors.push({ ...this.file, variable: labelOf(variable), ...error.modelError });
        return;
      }
      throw error;
    }
  }

  private addDimension(dimension: Dimension): void {
    const id = canonicalName(dimension.name);
    const elementIndex = new Map<string, number>();
    dimension.elements.forEach((element, index) => elementIndex.set(canonicalName(element), index));
    this.dimensions.set(id, { id, name: dimension.name, elements: dimension.elements, elementIndex });
  }

  private readMacros(): void {
    for (const macro of this.document.macros) {
      try {
        this.macros.set(canonicalName(macro.name), {
          name: macro.name,
          parameters: macro.parameters.map(canonicalName),
          body: parseEquation(macro.equation),
          equation: macro.equation,
          variables: macro.variables,
        });
      } catch (error) {
        if (error instanceof EquationSyntaxError) {
          this.errors.push(modelError('syntax', `macro "${macro.name}": ${error.message}`, { ...this.file, equation: macro.equation, position: error.position }));
        } else throw error;
      }
    }
  }

  allocate(count: number): number {
    const base = this.slotCount;
    this.slotCount += count;
    if (this.slotCount > MAX_SLOTS) this.fail('limit', `the model needs more than ${MAX_SLOTS} values (array elements and hidden states); it is refused`);
    return base;
  }

  private assignSlots(scoped: readonly ScopedVariable[]): void {
    for (const item of scoped) {
      if (this.variables.has(item.id)) {
        this.errors.push(modelError('structure', `the name "${item.definition.name}" is defined twice`, { ...this.file, variable: item.definition.name }));
        continue;
      }
      const dimensions = item.definition.dimensions.map((name) => {
        const dimension = this.dimensions.get(canonicalName(name));
        if (!dimension) this.fail('dimension', `uses dimension "${name}", which the file does not define`, { variable: item.definition.name });
        return dimension;
      });
      let size = 1;
      for (const dimension of dimensions) size *= dimension.elements.length;
      if (size > MAX_SLOTS) this.fail('limit', `is an array of ${size} elements; the limit is ${MAX_SLOTS}`, { variable: item.definition.name });
      const isModule = item.definition.kind === 'module';
      const base = isModule ? -1 : this.allocate(size);
      this.variables.set(item.id, { id: item.id, label: labelFor(item), scoped: item, dimensions, base, size: isModule ? 0 : size, dependsOn: new Set() });
    }
  }

  private elementSuffix(variable: ResolvedVariable, flatIndex: number): { id: string; label: string } {
    const ids: string[] = [];
    const labels: string[] = [];
    let remainder = flatIndex;
    for (let d = variable.dimensions.length - 1; d >= 0; d--) {
      const dimension = variable.dimensions[d]!;
      const index = remainder % dimension.elements.length;
      remainder = Math.floor(remainder / dimension.elements.length);
      ids.unshift(canonicalName(dimension.elements[index]!));
      labels.unshift(displayName(dimension.elements[index]!));
    }
    return { id: `[${ids.join(',')}]`, label: `[${labels.join(',')}]` };
  }

  private elementBindings(variable: ResolvedVariable, flatIndex: number): Map<string, number> {
    const bindings = new Map<string, number>();
    let remainder = flatIndex;
    for (let d = variable.dimensions.length - 1; d >= 0; d--) {
      const dimension = variable.dimensions[d]!;
      bindings.set(dimension.id, remainder % dimension.elements.length);
      remainder = Math.floor(remainder / dimension.elements.length);
    }
    return bindings;
  }

  addNode(node: ScalarNode): void {
    this.nodes.push(node);
    this.nodeBySlot.set(node.slot, node);
    if (this.lowering) this.slotOwners.set(node.slot, this.lowering.id);
  }

  // ---------- variables ----------

  private readTables(variable: ResolvedVariable): void {
    const definition = variable.scoped.definition;
    if (definition.graphicalFunction || definition.elements.some((element) => element.graphicalFunction)) {
      variable.tables = [];
      for (let i = 0; i < variable.size; i++) {
        const gf = this.elementDefinition(variable, i)?.graphicalFunction ?? definition.graphicalFunction;
        if (gf) variable.tables.push(this.addTable(gf));
      }
    }
  }

  private lowerVariable(variable: ResolvedVariable): void {
    const definition = variable.scoped.definition;
    if (definition.kind === 'module' || definition.kind === 'gf') return;
    const label = labelOf(variable);
    const listed = this.listedEquations(variable);

    for (let i = 0; i < variable.size; i++) {
      const slot = variable.base + i;
      const bindings = this.elementBindings(variable, i);
      const element = this.elementDefinition(variable, i);
      const equation = element?.equation ?? listed?.[i] ?? definition.equation;
      const context: LowerContext = { variable, equation, bindings, macroDepth: 0 };

      // A connected input takes the value it is connected to, whatever its kind: a stock input too
      // is replaced by the connected value (XMILE 1.0 section 4.7.1, as read here), and its own
      // flows then change nothing.
      if (variable.scoped.connectedFrom !== undefined) {
        const source = this.variables.get(variable.scoped.connectedFrom);
        if (!source) this.fail('unknown-variable', `is connected to "${variable.scoped.connectedFrom}", which does not exist`);
        variable.dependsOn.add(source.id);
        this.addNode({ slot, role: 'aux', rate: { k: 'slot', s: this.scalarSlotOf(source, context, label) }, owner: label });
        continue;
      }

      if (equation.trim() === '' && !(definition.kind === 'aux' && variable.tables)) {
        this.fail('structure', `has no equation${variable.dimensions.length > 0 ? ` for element ${this.elementSuffix(variable, i).label}` : ''}`);
      }
      if (equation.includes('???')) {
        this.fail('placeholder', 'has the equation "???": a converter (such as xmutil) left this placeholder where it could not translate the original equation; the model cannot run until it is filled in', {
          equation,
        });
      }

      if (definition.kind === 'stock') {
        const initial = this.lowerEquation(equation, context);
        const netSlot = this.allocate(1);
        const netEquation = definition.positionalNetFlows?.[i] ?? definition.netFlowEquation;
        const net = netEquation === undefined ? this.stockNet(variable, definition, context) : this.lowerEquation(netEquation, context);
        this.addNode({ slot, role: 'stock', initial, owner: label });
        this.addNode({ slot: netSlot, role: 'net', rate: net, owner: `${label} (net flow)` });
        this.stocks.push({ slot, netSlot, nonNegative: definition.nonNegative ?? this.document.defaults.stocksNonNegative });
        continue;
      }

      if (definition.kind === 'aux' && !variable.tables && NUMBER_ONLY.test(equation) && definition.initialEquation === undefined) {
        const value = Number(equation.replace(/\s+/g, ''));
        this.parameters.push({ slot, value });
        if (variable.dimensions.length === 0) variable.parameterValue = value;
        this.addNode({ slot, role: 'parameter', owner: label });
        continue;
      }

      let ir: Ir = equation.trim() === '' ? { k: 'const', v: 0 } : this.lowerEquation(equation, context);
      const table = variable.tables?.[i] ?? variable.tables?.[0];
      if (table !== undefined && equation.trim() !== '') ir = { k: 'lookup', table, x: ir };
      if (definition.kind === 'flow' && (definition.nonNegative ?? this.document.defaults.flowsNonNegative)) {
        ir = { k: 'fn', fn: 'max', args: [{ k: 'const', v: 0 }, ir] };
      }
      const initialEquation = definition.positionalInitialEquations?.[i] ?? definition.initialEquation;
      const initial = initialEquation === undefined ? undefined : this.lowerEquation(initialEquation, context);
      this.addNode({ slot, role: 'aux', rate: ir, owner: label, ...(initial === undefined ? {} : { initial }) });
    }
  }

  /**
   * Per-element equations given as a list: a Vensim-style constant list ("1, 2; 3, 4") in the
   * equation of an arrayed variable, or one <eqn> per element in order (as some converters write).
   */
  private listedEquations(variable: ResolvedVariable): readonly string[] | undefined {
    const definition = variable.scoped.definition;
    if (variable.dimensions.length === 0) return undefined;
    if (definition.positionalEquations && definition.positionalEquations.length > 1) {
      if (definition.positionalEquations.length !== variable.size) {
        this.fail('dimension', `has ${definition.positionalEquations.length} equations for ${variable.size} elements`);
      }
      return definition.positionalEquations;
    }
    const text = definition.equation.trim().replace(/;\s*$/, '');
    if (!/[,;]/.test(text) || !text.split(/[,;]/).every((part) => NUMBER_ONLY.test(part))) return undefined;
    const values = text.split(/[,;]/).map((part) => part.trim());
    if (values.length !== variable.size) {
      this.fail('dimension', `lists ${values.length} values for ${variable.size} elements`, { equation: definition.equation });
    }
    return values;
  }

  private elementDefinition(variable: ResolvedVariable, flatIndex: number): VariableDefinition['elements'][number] | undefined {
    const definition = variable.scoped.definition;
    if (definition.elements.length === 0) return undefined;
    const bindings = this.elementBindings(variable, flatIndex);
    return definition.elements.find((element) =>
      element.subscript.length === variable.dimensions.length &&
      element.subscript.every((name, d) => variable.dimensions[d]!.elementIndex.get(canonicalName(name)) === bindings.get(variable.dimensions[d]!.id)),
    );
  }

  private stockNet(variable: ResolvedVariable, definition: VariableDefinition, context: LowerContext): Ir {
    let net: Ir | undefined;
    const flowValue = (name: string): Ir => {
      const flow = this.resolveVariable(name, variable.scoped.scope);
      if (!flow) this.fail('unknown-variable', `lists "${name}" as a flow, but there is no variable of that name`);
      variable.dependsOn.add(flow.id);
      return { k: 'slot', s: this.scalarSlotOf(flow, context, name) };
    };
    for (const name of definition.inflows) net = net ? { k: 'bin', op: '+', a: net, b: flowValue(name) } : flowValue(name);
    for (const name of definition.outflows) {
      const value = flowValue(name);
      net = net ? { k: 'bin', op: '-', a: net, b: value } : { k: 'neg', a: value };
    }
    return net ?? { k: 'const', v: 0 };
  }

  /** The slot of `target` for the element being computed: same-named dimensions line up. */
  private scalarSlotOf(target: ResolvedVariable, context: LowerContext, nameAsWritten: string, pos?: number): number {
    if (target.size === 0) this.fail('structure', `"${nameAsWritten}" is a module, not a value`);
    let flat = 0;
    for (const dimension of target.dimensions) {
      const index = this.bindingFor(dimension, context);
      if (index === undefined) {
        const message = `"${nameAsWritten}" is an array over "${dimension.name}", but this equation is not; name an element, as in ${nameAsWritten}[${dimension.elements[0]}], or use SUM`;
        if (pos === undefined) this.fail('dimension', message);
        this.failAt('dimension', message, context, pos);
      }
      flat = flat * dimension.elements.length + index;
    }
    return target.base + flat;
  }

  /** Element of `dimension` for the current context: by name, else by position among equal sizes. */
  private bindingFor(dimension: DimensionInfo, context: LowerContext): number | undefined {
    const direct = context.bindings.get(dimension.id);
    if (direct !== undefined) return direct;
    // Vensim-style mapping of one dimension onto another of the same size, by position.
    const own = context.variable.dimensions;
    const candidates = own.filter((d) => d.elements.length === dimension.elements.length && !context.bindings.has(dimension.id));
    if (candidates.length === 1) return context.bindings.get(candidates[0]!.id);
    return undefined;
  }

  private addTable(gf: GraphicalFunction): number {
    this.tables.push({ xs: Float64Array.from(gf.xs), ys: Float64Array.from(gf.ys), mode: gf.type === 'continuous' ? 0 : gf.type === 'extrapolate' ? 1 : 2 });
    return this.tables.length - 1;
  }

  resolveVariable(name: string, scope: string): ResolvedVariable | undefined {
    const id = canonicalName(name);
    return this.variables.get(scope + id) ?? this.variables.get(id);
  }

  // ---------- equations ----------

  private lowerEquation(equation: string, context: LowerContext): Ir {
    return this.lower(this.parse(equation), context);
  }

  /** Each distinct equation text is parsed once: an arrayed variable repeats it per element. */
  private parse(equation: string): Expr {
    const known = this.parsedEquations.get(equation);
    if (known) return known;
    let ast: Expr;
    try {
      ast = parseEquation(equation);
    } catch (error) {
      if (error instanceof EquationSyntaxError) {
        this.fail('syntax', error.message, { equation, position: error.position });
      }
      throw error;
    }
    this.parsedEquations.set(equation, ast);
    return ast;
  }

  failAt(code: ModelError['code'], message: string, context: LowerContext, pos: number): never {
    this.fail(code, message, { equation: context.equation, position: pos });
  }

  lower(expr: Expr, context: LowerContext): Ir {
    switch (expr.kind) {
      case 'number':
        return { k: 'const', v: expr.value };
      case 'name':
        return this.lowerName(expr.name, expr.pos, context);
      case 'subscript':
        return this.lowerSubscript(expr.name, expr.indices, expr.pos, context);
      case 'unary': {
        const operand = this.lower(expr.operand, context);
        if (expr.op === '+') return operand;
        if (expr.op === '-') return operand.k === 'const' ? { k: 'const', v: -operand.v } : { k: 'neg', a: operand };
        return { k: 'not', a: operand };
      }
      case 'binary': {
        // a + b - c + ... parses as a left-deep tree: walk its left spine without recursion, in the
        // same order as recursing (left, then right) would, cutting the tree where it grows too tall.
        return foldLeftChain(
          expr,
          (bottom) => this.lower(bottom, context),
          (left, node) => {
            const a = this.bounded(left, labelOf(context.variable));
            const b = this.lower(node.right, context);
            const op = node.op === '=' ? '==' : node.op === '<>' ? '!=' : node.op;
            return { k: 'bin', op, a, b };
          },
        );
      }
      case 'if':
        return { k: 'if', c: this.lower(expr.condition, context), t: this.lower(expr.then, context), e: this.lower(expr.otherwise, context) };
      case 'call':
        return this.lowerCall(expr, context);
    }
  }

  private lowerName(name: string, pos: number, context: LowerContext): Ir {
    const id = canonicalName(name);
    const macroArgument = context.macroArguments?.get(id);
    if (macroArgument) return macroArgument;
    const variable = this.resolveVariable(name, context.variable.scoped.scope);
    if (variable) {
      if (variable.scoped.definition.kind === 'gf' || (variable.tables && variable.scoped.definition.equation.trim() === '')) {
        this.failAt('structure', `"${name}" is a graphical function; call it with an input, as in ${name}(x)`, context, pos);
      }
      context.variable.dependsOn.add(variable.id);
      return { k: 'slot', s: this.scalarSlotOf(variable, context, name, pos) };
    }
    if (BUILTIN_VALUES.has(id)) return this.builtinValue(id);
    return this.failAt('unknown-variable', `refers to "${name}", but there is no variable of that name${this.suggest(id)}`, context, pos);
  }

  private suggest(id: string): string {
    let best: string | undefined;
    let bestDistance = 3;
    for (const candidate of this.variables.keys()) {
      const distance = editDistance(id, candidate, bestDistance);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = candidate;
      }
    }
    return best === undefined ? '' : ` (did you mean "${displayName(this.variables.get(best)!.scoped.definition.name)}"?)`;
  }

  builtinValue(id: string): Ir {
    switch (id) {
      case 'time':
        return { k: 'slot', s: TIME_SLOT };
      case 'dt':
      case 'time_step':
        return { k: 'slot', s: DT_SLOT };
      case 'starttime':
      case 'initial_time':
        return { k: 'slot', s: START_SLOT };
      case 'stoptime':
      case 'final_time':
        return { k: 'slot', s: STOP_SLOT };
      default:
        return { k: 'const', v: Math.PI };
    }
  }

  private lowerSubscript(name: string, indices: readonly SubscriptIndex[], pos: number, context: LowerContext): Ir {
    const variable = this.resolveVariable(name, context.variable.scoped.scope);
    if (!variable) return this.failAt('unknown-variable', `refers to "${name}", but there is no variable of that name${this.suggest(canonicalName(name))}`, context, pos);
    if (indices.length !== variable.dimensions.length) {
      this.failAt('dimension', `"${name}" has ${variable.dimensions.length} dimension(s) but is written with ${indices.length} subscript(s)`, context, pos);
    }
    context.variable.dependsOn.add(variable.id);
    let flat = 0;
    variable.dimensions.forEach((dimension, d) => {
      const index = this.subscriptIndex(dimension, indices[d]!, context, name);
      flat = flat * dimension.elements.length + index;
    });
    return { k: 'slot', s: variable.base + flat };
  }

  private subscriptIndex(dimension: DimensionInfo, index: SubscriptIndex, context: LowerContext, name: string): number {
    if (index.kind === 'wildcard') {
      const bound = context.bindings.get(dimension.id);
      if (bound === undefined) this.failAt('dimension', `"${name}[*]" can only be used inside SUM, MEAN, MIN, MAX, PROD, STDDEV or SIZE`, context, index.pos);
      return bound;
    }
    if (index.kind === 'dimension-wildcard') {
      const bound = context.bindings.get(canonicalName(index.name));
      if (bound === undefined) this.failAt('dimension', `"${index.name}!" can only be used inside an array function such as SUM`, context, index.pos);
      return bound;
    }
    const expr = index.expr;
    if (expr.kind === 'name') {
      const id = canonicalName(expr.name);
      const dot = id.lastIndexOf('.');
      const elementId = dot >= 0 && this.dimensions.has(id.slice(0, dot)) ? id.slice(dot + 1) : id;
      const element = dimension.elementIndex.get(elementId);
      if (element !== undefined) return element;
      const named = this.dimensions.get(id);
      if (named) {
        const bound = context.bindings.get(named.id) ?? this.bindingFor(named, context);
        if (bound === undefined) this.failAt('dimension', `the dimension "${expr.name}" is not defined for this equation`, context, expr.pos);
        if (bound >= dimension.elements.length) this.failAt('dimension', `"${expr.name}" has more elements than "${dimension.name}"`, context, expr.pos);
        return bound;
      }
    }
    const notAnElement = (): never =>
      this.failAt('dimension', `the subscript of "${name}" must be an element of "${dimension.name}" (${dimension.elements.slice(0, 5).join(', ')}${dimension.elements.length > 5 ? ', …' : ''})`, context, 'pos' in expr ? expr.pos : 0);
    // A name that is neither an element nor a variable is a misspelt element, not an unknown variable.
    if (expr.kind === 'name' && !context.macroArguments?.has(canonicalName(expr.name)) && !this.resolveVariable(expr.name, context.variable.scoped.scope) && !BUILTIN_VALUES.has(canonicalName(expr.name))) {
      notAnElement();
    }
    const value = this.lower(expr, context);
    if (value.k === 'const' && Number.isInteger(value.v) && value.v >= 1 && value.v <= dimension.elements.length) return value.v - 1;
    return notAnElement();
  }

  /** Free dimensions of an array argument: wildcards and arrayed names not bound by the context. */
  private freeDimensions(expr: Expr, context: LowerContext, found: Map<string, DimensionInfo>): void {
    switch (expr.kind) {
      case 'name': {
        if (context.macroArguments?.has(canonicalName(expr.name))) return;
        const variable = this.resolveVariable(expr.name, context.variable.scoped.scope);
        for (const dimension of variable?.dimensions ?? []) if (this.bindingFor(dimension, context) === undefined) found.set(dimension.id, dimension);
        return;
      }
      case 'subscript': {
        const variable = this.resolveVariable(expr.name, context.variable.scoped.scope);
        expr.indices.forEach((index, d) => {
          const dimension = variable?.dimensions[d];
          // x[*] inside SUM, MEAN... means every element, even in an equation arrayed over the
          // same dimension (share[Region] = x / SUM(x[*])).
          if (index.kind === 'wildcard' && dimension) found.set(dimension.id, dimension);
          if (index.kind === 'dimension-wildcard') {
            const named = this.dimensions.get(canonicalName(index.name));
            if (named && !context.bindings.has(named.id)) found.set(named.id, named);
          }
          if (index.kind === 'expr') {
            const named = index.expr.kind === 'name' ? this.dimensions.get(canonicalName(index.expr.name)) : undefined;
            const isElement = index.expr.kind === 'name' && dimension?.elementIndex.has(canonicalName(index.expr.name));
            if (named && !isElement && this.bindingFor(named, context) === undefined) found.set(named.id, named);
            else this.freeDimensions(index.expr, context, found);
          }
        });
        return;
      }
      case 'unary':
        this.freeDimensions(expr.operand, context, found);
        return;
      case 'binary': {
        // Iterative over the left spine (long chains), visiting operands left to right as before.
        const rights: Expr[] = [];
        let bottom: Expr = expr;
        while (bottom.kind === 'binary') {
          rights.push(bottom.right);
          bottom = bottom.left;
        }
        this.freeDimensions(bottom, context, found);
        for (let i = rights.length - 1; i >= 0; i--) this.freeDimensions(rights[i]!, context, found);
        return;
      }
      case 'if':
        this.freeDimensions(expr.condition, context, found);
        this.freeDimensions(expr.then, context, found);
        this.freeDimensions(expr.otherwise, context, found);
        return;
      case 'call':
        // Nested reductions bind their own dimensions; other calls pass arrays through.
        if (!['sum', 'mean', 'size', 'stddev', 'prod', 'min', 'max'].includes(canonicalName(expr.name))) {
          for (const arg of expr.args) this.freeDimensions(arg, context, found);
        }
        return;
      case 'number':
        return;
    }
  }

  /** Lowers an array-valued argument to one IR per element (one for a scalar). */
  lowerElements(expr: Expr, context: LowerContext): Ir[] {
    const free = new Map<string, DimensionInfo>();
    this.freeDimensions(expr, context, free);
    const dims = [...free.values()];
    if (dims.length === 0) return [this.lower(expr, context)];
    let total = 1;
    for (const dimension of dims) total *= dimension.elements.length;
    if (total > MAX_SLOTS) this.fail('limit', `an array function would read ${total} elements`);
    const results: Ir[] = [];
    const indices = new Array<number>(dims.length).fill(0);
    for (let n = 0; n < total; n++) {
      const bindings = new Map(context.bindings);
      dims.forEach((dimension, d) => bindings.set(dimension.id, indices[d]!));
      results.push(this.lower(expr, { ...context, bindings }));
      for (let d = dims.length - 1; d >= 0; d--) {
        indices[d]!++;
        if (indices[d]! < dims[d]!.elements.length) break;
        indices[d] = 0;
      }
    }
    return results;
  }

  /** A slot holding `ir`: the slot itself, or a hidden auxiliary computed each step. */
  private asSlot(ir: Ir, owner: string): number {
    if (ir.k === 'slot') return ir.s;
    const slot = this.allocate(1);
    this.addNode({ slot, role: 'aux', rate: ir, owner });
    return slot;
  }

  stable(ir: Ir, owner: string): Ir {
    return ir.k === 'const' || ir.k === 'slot' ? ir : { k: 'slot', s: this.asSlot(ir, owner) };
  }

  /** `ir`, or a hidden slot holding it when its tree is taller than MAX_TREE_HEIGHT. */
  private bounded(ir: Ir, owner: string): Ir {
    return this.height(ir) > MAX_TREE_HEIGHT ? this.stable(ir, owner) : ir;
  }

  /** Left fold (((a ∘ b) ∘ c) ∘ ...), the same operations in the same order as reduce, kept short. */
  fold(values: readonly Ir[], combine: (a: Ir, b: Ir) => Ir, owner: string): Ir {
    let acc = values[0]!;
    for (let i = 1; i < values.length; i++) acc = combine(this.bounded(acc, owner), values[i]!);
    return acc;
  }

  private readonly heights = new WeakMap<Ir, number>();

  private height(ir: Ir): number {
    if (ir.k === 'const' || ir.k === 'slot') return 1;
    const known = this.heights.get(ir);
    if (known !== undefined) return known;
    let children: readonly Ir[];
    switch (ir.k) {
      case 'neg': case 'not': children = [ir.a]; break;
      case 'bin': children = [ir.a, ir.b]; break;
      case 'if': children = [ir.c, ir.t, ir.e]; break;
      case 'fn': case 'random': children = ir.args; break;
      case 'lookup': children = [ir.x]; break;
      case 'history': children = [ir.delay, ir.initial, ir.current]; break;
    }
    let tallest = 0;
    for (const child of children) tallest = Math.max(tallest, this.height(child));
    this.heights.set(ir, tallest + 1);
    return tallest + 1;
  }

  /** A stock the model does not name (inside SMTH, DELAYn, TREND); `net` gets its own value. */
  addStock(stock: StockIntegration): void {
    this.stocks.push(stock);
  }

  addPostAssignment(assignment: Assignment): void {
    this.post.push(assignment);
  }

  addHistoryWrite(write: HistoryWrite): void {
    this.historyWrites.push(write);
  }

  addRandomStream(slot: number, seed: number | null): void {
    this.randomStates.push(slot);
    this.randomSeeds.push(seed);
  }

  parameterValue(slot: number): number | undefined {
    return this.parameters.find((parameter) => parameter.slot === slot)?.value;
  }

  private lowerCall(expr: Extract<Expr, { kind: 'call' }>, context: LowerContext): Ir {
    const id = canonicalName(expr.name);
    const owner = labelOf(context.variable);

    // A graphical function used as a function: table(x).
    const variable = this.resolveVariable(expr.name, context.variable.scoped.scope);
    if (variable?.tables && !BUILTINS.has(id)) {
      if (expr.args.length !== 1) this.failAt('arity', `the graphical function "${expr.name}" takes one input, not ${expr.args.length}`, context, expr.pos);
      context.variable.dependsOn.add(variable.id);
      return { k: 'lookup', table: variable.tables[0]!, x: this.lower(expr.args[0]!, context) };
    }

    const macro = this.macros.get(id);
    if (macro) return this.macroExpander.expand(macro, expr, context, owner);

    const signature = BUILTINS.get(id);
    if (!signature) {
      return this.failAt('unknown-function', `calls "${expr.name}", which is not a function this engine knows${variable ? ` ("${expr.name}" is a variable, not a graphical function)` : ''}`, context, expr.pos);
    }
    const count = expr.args.length;
    if (count < signature.minArgs || count > signature.maxArgs) {
      const expected = signature.minArgs === signature.maxArgs ? `${signature.minArgs}` : `${signature.minArgs} to ${signature.maxArgs}`;
      this.failAt('arity', `${expr.name.toUpperCase()} takes ${expected} argument(s), but is given ${count}`, context, expr.pos);
    }
    return lowerBuiltin(this, signature.name, expr, context, owner);
  }

}

export class CompileFailure extends Error {
  readonly errors: readonly ModelError[];
  readonly warnings: readonly ModelError[];

  constructor(errors: readonly ModelError[], warnings: readonly ModelError[]) {
    super(errors.map((error) => error.message).join('\n'));
    this.errors = errors;
    this.warnings = warnings;
  }
}

function labelOf(variable: ResolvedVariable): string {
  return variable.label;
}

function labelFor(scoped: ScopedVariable): string {
  return (scoped.scope ? `${scoped.scope}` : '') + displayName(scoped.definition.name);
}

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    let rowMin = previous[0];
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
      rowMin = Math.min(rowMin, previous[j]!);
    }
    if (rowMin >= limit) return limit;
  }
  return previous[b.length]!;
}

export { STEP_SLOT };
