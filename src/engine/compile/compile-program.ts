import { foldLeftChain, type Expr } from '../equation/ast.ts';
import { canonicalName, displayName } from '../equation/canonical-name.ts';
import { EquationSyntaxError, parseEquation } from '../equation/parse-equation.ts';
import { ModelErrorSignal, modelError, type ModelError } from '../errors.ts';
import type { Dimension, GraphicalFunction, ModelDialect, ModelDocument, VariableDefinition } from '../xmile/model-document.ts';
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
import { planOutflowLimits, type OutflowLimit, type StockFlows } from './outflow-limits.ts';
import { ConveyorPlanner } from './plan-conveyors.ts';
import { MAX_SLOTS, MAX_STEPS, MAX_TREE_HEIGHT } from './limits.ts';
import { SubscriptLowering } from './lower-subscripts.ts';

export interface DimensionInfo {
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
  /**
   * Tables of a variable with graphical functions, by element: undefined for an element without
   * one (Vensim's data variables may hold constant elements beside series).
   */
  tables?: (number | undefined)[];
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
  /** Constants that cannot be changed without compiling again (a conveyor's length), by id, with why. */
  readonly fixedParameters: ReadonlyMap<string, string>;
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
 *
 * Why this file stays long (about 900 lines): it is the one place that holds the program being
 * built (slots, nodes, stocks, tables, parameters, errors), and what remains here is what
 * writes to that state in step: assigning slots, lowering each variable element by element,
 * and lowering expressions and calls. Everything with a purpose of its own is a file of its own,
 * given only the services it needs: subscripts and arrays (lower-subscripts.ts), builtins
 * (lower-builtin.ts, lower-vector.ts), conveyors and queues (plan-conveyors.ts,
 * lower-conveyor.ts), macros (expand-macro.ts), modules (flatten-modules.ts), ordering
 * (order-nodes.ts), outflow limits (outflow-limits.ts) and the size limits (limits.ts).
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
  private readonly subscripts: SubscriptLowering;
  private readonly parsedEquations = new Map<string, Expr>();
  private readonly slotOwners = new Map<number, string>();
  private readonly outflowLimits = new Map<string, OutflowLimit & { readonly rawBase: number }>();
  private readonly conveyors: ConveyorPlanner;
  /** Constants that shape the program (a conveyor's length): slot → why they cannot be changed without compiling again. */
  private readonly fixedParameters = new Map<number, string>();
  /** The variable whose equations are being lowered: owner of every node made meanwhile. */
  private lowering: ResolvedVariable | undefined;
  private slotCount = RESERVED_SLOTS;
  private scratchSize = 0;
  readonly stepCount: number;
  readonly dialect: ModelDialect;
  readonly timeStep: number;
  private readonly file: { file?: string };

  private readonly document: ModelDocument;

  constructor(document: ModelDocument) {
    this.document = document;
    const specs = document.simSpecs;
    this.stepCount = Math.round((specs.stop - specs.start) / specs.dt);
    this.dialect = document.dialect ?? 'xmile';
    this.timeStep = specs.dt;
    this.file = document.fileName === undefined ? {} : { file: document.fileName };
    this.subscripts = new SubscriptLowering({
      dimensions: this.dimensions,
      lower: (expr, context) => this.lower(expr, context),
      variableNamed: (name, context) => this.variableNamed(name, context),
      resolveVariable: (name, scope) => this.resolveVariable(name, scope),
      suggest: (id) => this.suggest(id),
      fail: (code, message) => this.fail(code, message),
      failAt: (code, message, context, pos) => this.failAt(code, message, context, pos),
      allocateScratch: (count) => this.allocateScratch(count),
      stable: (ir, owner) => this.stable(ir, owner),
    });
    this.conveyors = new ConveyorPlanner({
      variables: this.variables,
      document,
      resolveVariable: (name, scope) => this.resolveVariable(name, scope),
      fail: (code, message, where) => this.fail(code, message, where),
      guard: (variable, work) => this.guard(variable, work),
      lowerEquation: (equation, context) => this.lowerEquation(equation, context),
      scalarSlotOf: (target, context, name) => this.subscripts.scalarSlotOf(target, context, name),
      parameterValue: (slot) => this.parameterValue(slot),
      fixParameter: (slot, reason) => this.fixedParameters.set(slot, reason),
      warn: (code, message, variable) => this.warnings.push(modelError(code, message, { ...this.file, variable }, 'warning')),
      allocate: (count) => this.allocate(count),
      addNode: (node) => this.addNode(node),
      addPostAssignment: (assignment) => this.addPostAssignment(assignment),
      stable: (ir, owner) => this.stable(ir, owner),
      fold: (values, combine, owner) => this.fold(values, combine, owner),
    });
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
    this.conveyors.plan();
    this.planOutflowLimits();
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
      scratchSize: this.scratchSize,
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
    const { outputs, parameters, fixedParameters } = this.listOutputs();
    this.checkUnits();
    return {
      program,
      variables: [...this.variables.values()],
      outputs,
      parameters,
      fixedParameters,
      warnings: this.warnings,
      nodes: this.nodes,
      slotOwners: this.slotOwners,
      parsedEquations: this.parsedEquations,
    };
  }

  /** Every value a run reports (an element of a variable), the parameters among them, and those fixed when compiled. */
  private listOutputs(): { outputs: OutputSlot[]; parameters: (OutputSlot & { value: number })[]; fixedParameters: Map<string, string> } {
    const outputs: OutputSlot[] = [];
    const parameterSlots = new Map(this.parameters.map((p) => [p.slot, p.value]));
    const parameters: (OutputSlot & { value: number })[] = [];
    const fixedParameters = new Map<string, string>();
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
        const fixed = this.fixedParameters.get(output.slot);
        if (fixed !== undefined) fixedParameters.set(output.id, fixed);
        else if (value !== undefined) parameters.push({ ...output, value });
      }
    }
    return { outputs, parameters, fixedParameters };
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

  /** A call site's own place in the scratch array of pick and rankpick (ir.ts). */
  allocateScratch(count: number): number {
    const base = this.scratchSize;
    this.scratchSize += count;
    return base;
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

  /** Flows that non-negative stocks cut back (outflow-limits.ts), each with a slot per element for its own equation's value. */
  private planOutflowLimits(): void {
    const stocks: StockFlows[] = [];
    for (const variable of this.variables.values()) {
      const definition = variable.scoped.definition;
      if (definition.kind !== 'stock' || variable.scoped.connectedFrom !== undefined || definition.conveyor || definition.queue) continue;
      const idOf = (name: string): string | undefined => this.resolveVariable(name, variable.scoped.scope)?.id;
      stocks.push({
        id: variable.id,
        nonNegative: definition.nonNegative ?? this.document.defaults.stocksNonNegative,
        inflows: definition.inflows.map(idOf),
        outflows: definition.outflows.map(idOf),
      });
    }
    for (const [flow, limit] of planOutflowLimits(stocks)) {
      const variable = this.variables.get(flow);
      if (!variable || variable.size === 0 || variable.scoped.definition.kind !== 'flow' || variable.scoped.connectedFrom !== undefined) continue;
      this.outflowLimits.set(flow, { ...limit, rawBase: this.allocate(variable.size) });
    }
  }

  /**
   * The flow's value as the non-negative stock it drains allows: its own value, but no more than
   * the stock holds plus its inflows this step, less the outflows listed before it.
   */
  private limitOutflow(limit: OutflowLimit & { readonly rawBase: number }, own: Ir, element: number, context: LowerContext, label: string): Ir {
    const rawSlot = limit.rawBase + element;
    this.addNode({ slot: rawSlot, role: 'aux', rate: own, owner: label });
    const slotIn = (id: string, raw: boolean): Ir => {
      const target = this.variables.get(id)!;
      const slot = this.subscripts.scalarSlotOf(target, context, target.scoped.definition.name);
      const rawBase = raw ? this.outflowLimits.get(id)?.rawBase : undefined;
      return { k: 'slot', s: rawBase === undefined ? slot : rawBase + (slot - target.base) };
    };
    const stock = this.variables.get(limit.stock)!;
    let available: Ir = { k: 'bin', op: '/', a: { k: 'slot', s: this.subscripts.scalarSlotOf(stock, context, stock.scoped.definition.name) }, b: { k: 'slot', s: DT_SLOT } };
    for (const inflow of limit.inflows) available = { k: 'bin', op: '+', a: available, b: slotIn(inflow.id, inflow.raw) };
    for (const outflow of limit.before) available = { k: 'bin', op: '-', a: available, b: slotIn(outflow, false) };
    return { k: 'fn', fn: 'min', args: [{ k: 'slot', s: rawSlot }, { k: 'fn', fn: 'max', args: [{ k: 'const', v: 0 }, available] }] };
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
        variable.tables.push(gf ? this.addTable(gf) : undefined);
      }
    }
  }

  private lowerVariable(variable: ResolvedVariable): void {
    const definition = variable.scoped.definition;
    if (definition.kind === 'module' || definition.kind === 'gf') return;
    const listed = this.listedEquations(variable);
    for (let i = 0; i < variable.size; i++) this.lowerElement(variable, i, listed);
  }

  /** One element of a variable: the nodes that compute it, whatever drives it. */
  private lowerElement(variable: ResolvedVariable, i: number, listed: readonly string[] | undefined): void {
    const definition = variable.scoped.definition;
    const label = labelOf(variable);
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
      this.addNode({ slot, role: 'aux', rate: { k: 'slot', s: this.subscripts.scalarSlotOf(source, context, label) }, owner: label });
      return;
    }

    // The conveyor drives its outflows and leakages (their <eqn> is a placeholder, or a leak fraction).
    const role = this.conveyors.roleOf(variable.id);
    if (role && role.kind !== 'inflow') return;
    if (definition.kind === 'stock' && definition.conveyor) {
      this.conveyors.lowerConveyorElement(variable, definition.conveyor, context);
      return;
    }
    if (definition.kind === 'stock' && definition.queue) {
      this.conveyors.lowerQueueElement(variable, context);
      return;
    }

    if (equation.trim() === '' && !(definition.kind === 'aux' && variable.tables)) {
      this.fail('structure', `has no equation${variable.dimensions.length > 0 ? ` for element ${this.elementSuffix(variable, i).label}` : ''}`);
    }
    if (equation.includes('???')) {
      this.fail('placeholder', 'has the equation "???": a converter (such as xmutil) left this placeholder where it could not translate the original equation; the model cannot run until it is filled in', {
        equation,
      });
    }
    if (definition.kind === 'stock') this.lowerStockElement(variable, i, context);
    else this.lowerAuxElement(variable, i, context, role?.kind === 'inflow' ? role.requestBase : undefined);
  }

  /** A stock's element: its start value and its net flow (the listed flows, or an equation). */
  private lowerStockElement(variable: ResolvedVariable, i: number, context: LowerContext): void {
    const definition = variable.scoped.definition;
    const label = labelOf(variable);
    const slot = variable.base + i;
    const initial = this.lowerEquation(context.equation, context);
    const netSlot = this.allocate(1);
    const netEquation = definition.positionalNetFlows?.[i] ?? definition.netFlowEquation;
    const net = netEquation === undefined ? this.stockNet(variable, definition, context) : this.lowerEquation(netEquation, context);
    this.addNode({ slot, role: 'stock', initial, owner: label });
    this.addNode({ slot: netSlot, role: 'net', rate: net, owner: `${label} (net flow)` });
    this.stocks.push({ slot, netSlot, nonNegative: definition.nonNegative ?? this.document.defaults.stocksNonNegative });
  }

  /**
   * An auxiliary's or a flow's element: a parameter where it is a number, else its equation (through
   * its graphical function, held at zero for a uniflow, cut back by a non-negative stock it drains),
   * with its value while the model is initialised where it has one. `requestBase`: a conveyor's
   * inflow, whose equation is a request the conveyor admits as it can.
   */
  private lowerAuxElement(variable: ResolvedVariable, i: number, context: LowerContext, requestBase: number | undefined): void {
    const definition = variable.scoped.definition;
    const label = labelOf(variable);
    const slot = variable.base + i;
    const equation = context.equation;
    const initialEquation = this.initialEquationOf(variable, i);
    if (definition.kind === 'aux' && !variable.tables && NUMBER_ONLY.test(equation) && initialEquation === undefined) {
      const value = Number(equation.replace(/\s+/g, ''));
      this.parameters.push({ slot, value });
      if (variable.dimensions.length === 0) variable.parameterValue = value;
      this.addNode({ slot, role: 'parameter', owner: label });
      return;
    }

    let ir: Ir = equation.trim() === '' ? { k: 'const', v: 0 } : this.lowerEquation(equation, context);
    const table = variable.tables?.[i];
    if (table !== undefined && equation.trim() !== '') ir = { k: 'lookup', table, x: ir };
    const uniflow = definition.kind === 'flow' && (definition.nonNegative ?? this.document.defaults.flowsNonNegative);
    if (uniflow) ir = { k: 'fn', fn: 'max', args: [{ k: 'const', v: 0 }, ir] };
    const limit = this.outflowLimits.get(variable.id);
    if (limit) ir = this.limitOutflow(limit, ir, i, context, label);
    if (requestBase !== undefined) {
      this.addNode({ slot: requestBase + i, role: 'aux', rate: ir, owner: label });
      return;
    }
    if (initialEquation === undefined) {
      this.addNode({ slot, role: 'aux', rate: ir, owner: label });
      return;
    }
    const initial = this.lowerEquation(initialEquation, { ...context, equation: initialEquation });
    this.addNode({ slot, role: 'aux', rate: ir, initial: uniflow ? { k: 'fn', fn: 'max', args: [{ k: 'const', v: 0 }, initial] } : initial, owner: label });
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

  /**
   * An auxiliary's value while the model is initialised (XMILE's <init_eqn>, Vensim's ACTIVE
   * INITIAL), wherever the reader put it: on the element, by position, or for the whole variable.
   */
  private initialEquationOf(variable: ResolvedVariable, flatIndex: number): string | undefined {
    const definition = variable.scoped.definition;
    const text = this.elementDefinition(variable, flatIndex)?.initialEquation ?? definition.positionalInitialEquations?.[flatIndex] ?? definition.initialEquation;
    // An empty one (an element without ACTIVE INITIAL beside elements with it) is none.
    return text === undefined || text.trim() === '' ? undefined : text;
  }

  private elementDefinition(variable: ResolvedVariable, flatIndex: number): VariableDefinition['elements'][number] | undefined {
    const definition = variable.scoped.definition;
    if (definition.elements.length === 0) return undefined;
    // Per axis, not by dimension: a matrix over Cats × Cats names two elements of Cats.
    const axes = axisIndices(variable.dimensions, flatIndex);
    return definition.elements.find((element) =>
      element.subscript.length === variable.dimensions.length &&
      element.subscript.every((name, d) => variable.dimensions[d]!.elementIndex.get(canonicalName(name)) === axes[d]),
    );
  }

  private stockNet(variable: ResolvedVariable, definition: VariableDefinition, context: LowerContext): Ir {
    let net: Ir | undefined;
    const flowValue = (name: string): Ir => {
      const flow = this.resolveVariable(name, variable.scoped.scope);
      if (!flow) this.fail('unknown-variable', `lists "${name}" as a flow, but there is no variable of that name`);
      variable.dependsOn.add(flow.id);
      return { k: 'slot', s: this.subscripts.scalarSlotOf(flow, context, name) };
    };
    for (const name of definition.inflows) net = net ? { k: 'bin', op: '+', a: net, b: flowValue(name) } : flowValue(name);
    for (const name of definition.outflows) {
      const value = flowValue(name);
      net = net ? { k: 'bin', op: '-', a: net, b: value } : { k: 'neg', a: value };
    }
    return net ?? { k: 'const', v: 0 };
  }

  tableRange(table: number): { readonly first: number; readonly last: number } {
    const xs = this.tables[table]!.xs;
    return { first: xs[0]!, last: xs[xs.length - 1]! };
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
        return this.subscripts.lowerSubscript(expr.name, expr.indices, expr.pos, context);
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
    const variable = this.variableNamed(name, context);
    if (variable) {
      if (variable.scoped.definition.kind === 'gf' || (variable.tables && variable.scoped.definition.equation.trim() === '')) {
        this.failAt('structure', `"${name}" is a graphical function; call it with an input, as in ${name}(x)`, context, pos);
      }
      if (variable !== context.variable) context.variable.dependsOn.add(variable.id);
      return { k: 'slot', s: this.subscripts.scalarSlotOf(variable, context, name, pos) };
    }
    if (BUILTIN_VALUES.has(id)) return this.builtinValue(id);
    const position = this.subscripts.elementPosition(id, context);
    if (position !== undefined) return { k: 'const', v: position };
    return this.failAt('unknown-variable', `refers to "${name}", but there is no variable of that name${this.suggest(id)}`, context, pos);
  }

  /** The variable a name in an equation means: one of the model's, or SELF, the one being computed (XMILE 1.0 §3.7.1.3). */
  variableNamed(name: string, context: LowerContext): ResolvedVariable | undefined {
    const variable = this.resolveVariable(name, context.variable.scoped.scope);
    if (variable) return variable;
    return canonicalName(name) === 'self' && !context.macroArguments?.has('self') ? context.variable : undefined;
  }

  releaseDimension(dimensionName: string, context: LowerContext): { readonly position: number; readonly context: LowerContext } | undefined {
    return this.subscripts.releaseDimension(dimensionName, context);
  }

  dimensionNamed(name: string, context: LowerContext): { readonly name: string; readonly size: number } | undefined {
    return this.subscripts.dimensionNamed(name, context);
  }

  lowerElements(expr: Expr, context: LowerContext): Ir[] {
    return this.subscripts.lowerElements(expr, context);
  }

  lowerElementsTogether(exprs: readonly Expr[], context: LowerContext): { values: Ir[][]; included?: Ir[] } {
    return this.subscripts.lowerElementsTogether(exprs, context);
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

  /**
   * The table a graphical function named in an equation stands for: its only one, or, for an
   * arrayed graphical function, the element's own (tables[A] names one; a bare name in an equation
   * arrayed over the same dimensions takes the element being computed). Undefined when `target`
   * is not a graphical function.
   */
  tableOf(target: Expr, context: LowerContext): number | undefined {
    if (target.kind !== 'name' && target.kind !== 'subscript') return undefined;
    const variable = this.resolveVariable(target.name, context.variable.scoped.scope);
    const tables = variable?.tables;
    if (!variable || !tables) return undefined;
    context.variable.dependsOn.add(variable.id);
    if (tables.length === 1 && variable.dimensions.length === 0) return tables[0];
    if (target.kind === 'name') return tables[this.subscripts.scalarSlotOf(variable, context, target.name, target.pos) - variable.base];
    const element = this.subscripts.lowerSubscript(target.name, target.indices, target.pos, context);
    if (element.k !== 'slot') return this.failAt('unsupported', `the element of the graphical function "${target.name}" must be known when the model is read, not computed while it runs`, context, target.pos);
    return tables[element.s - variable.base];
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
      case 'pick': children = [...ir.values, ir.index]; break;
      case 'rankpick': children = [...ir.values, ir.rank, ir.ascending]; break;
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

  /**
   * The value of a constant's slot (an auxiliary whose equation is a number), whether or not
   * that auxiliary has been lowered yet.
   */
  parameterValue(slot: number): number | undefined {
    const known = this.parameters.find((parameter) => parameter.slot === slot)?.value;
    if (known !== undefined) return known;
    for (const variable of this.variables.values()) {
      if (slot < variable.base || slot >= variable.base + variable.size) continue;
      const definition = variable.scoped.definition;
      if (definition.kind !== 'aux' || variable.tables || variable.scoped.connectedFrom !== undefined) return undefined;
      const i = slot - variable.base;
      const element = this.elementDefinition(variable, i);
      const equation = element?.equation ?? (variable.dimensions.length > 0 ? this.listedEquations(variable)?.[i] : undefined) ?? definition.equation;
      return this.initialEquationOf(variable, i) === undefined && NUMBER_ONLY.test(equation) ? Number(equation.replace(/\s+/g, '')) : undefined;
    }
    return undefined;
  }

  private lowerCall(expr: Extract<Expr, { kind: 'call' }>, context: LowerContext): Ir {
    const id = canonicalName(expr.name);
    const owner = labelOf(context.variable);

    // A graphical function used as a function: table(x).
    const variable = this.resolveVariable(expr.name, context.variable.scoped.scope);
    if (variable?.tables && !BUILTINS.has(id)) {
      if (expr.args.length !== 1) this.failAt('arity', `the graphical function "${expr.name}" takes one input, not ${expr.args.length}`, context, expr.pos);
      const table = this.tableOf({ kind: 'name', name: expr.name, pos: expr.pos }, context);
      if (table === undefined) this.failAt('structure', `this element of "${expr.name}" has no graphical function to call`, context, expr.pos);
      return { k: 'lookup', table, x: this.lower(expr.args[0]!, context) };
    }

    const macro = this.macros.get(id);
    if (macro) return this.macroExpander.expand(macro, expr, context, owner);

    const signature = BUILTINS.get(id);
    if (!signature) {
      const hint = variable
        ? ` ("${expr.name}" is a variable, not a graphical function)`
        : /\s/.test(expr.name.trim())
          ? ' (if it is a macro, the file lacks its <macro> definition)'
          : '';
      return this.failAt('unknown-function', `calls "${expr.name}", which is not a function this engine knows${hint}`, context, expr.pos);
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

/** Index along each axis of the element at `flatIndex` (row-major). */
function axisIndices(dimensions: readonly DimensionInfo[], flatIndex: number): number[] {
  const axes = new Array<number>(dimensions.length);
  let remainder = flatIndex;
  for (let d = dimensions.length - 1; d >= 0; d--) {
    const size = dimensions[d]!.elements.length;
    axes[d] = remainder % size;
    remainder = Math.floor(remainder / size);
  }
  return axes;
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
