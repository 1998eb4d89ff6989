import { foldLeftChain, type Expr, type SubscriptIndex } from '../equation/ast.ts';
import { canonicalName, displayName } from '../equation/canonical-name.ts';
import { EquationSyntaxError, parseEquation } from '../equation/parse-equation.ts';
import { ModelErrorSignal, modelError, type ModelError } from '../errors.ts';
import type { ConveyorOptions, Dimension, GraphicalFunction, ModelDialect, ModelDocument, VariableDefinition } from '../xmile/model-document.ts';
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
import { lowerConveyor, type ConveyorBuild } from './lower-conveyor.ts';

/** Past this many scalar slots a model is refused: it would not fit a browser tab anyway. */
export const MAX_SLOTS = 2_000_000;
const MAX_STEPS = 20_000_000;
/** A belt longer than this (transit time / DT) is a typo or hostile, never a model. */
const MAX_CONVEYOR_SLATS = 1_000_000;
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
  private readonly outflowLimits = new Map<string, OutflowLimit & { readonly rawBase: number }>();
  private readonly conveyorRoles = new Map<string, { readonly kind: 'primary' | 'leak'; readonly conveyor: string } | { readonly kind: 'inflow'; readonly conveyor: string; readonly requestBase: number }>();
  private readonly conveyorFlows = new Map<string, { readonly primary: ResolvedVariable; readonly leaks: readonly ResolvedVariable[]; readonly inflows: readonly ResolvedVariable[] }>();
  private readonly warnedConveyors = new Set<string>();
  private readonly queueFlows = new Map<string, { readonly outflows: readonly ResolvedVariable[]; readonly inflows: readonly ResolvedVariable[] }>();
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
    this.planConveyors();
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

  /**
   * Each conveyor's flows: its primary outflow (the first outflow not marked <leak/>), its
   * leakages, and its inflows, each delivered by a conveyor upstream or requested by an equation
   * (which gets a slot per element for the request). What is not supported is refused here.
   */
  private planConveyors(): void {
    const conveyors = [...this.variables.values()].filter((variable) => variable.scoped.definition.kind === 'stock' && (variable.scoped.definition.conveyor || variable.scoped.definition.queue));
    for (const variable of conveyors) {
      this.guard(variable, () => {
        const definition = variable.scoped.definition;
        const name = displayName(definition.name);
        const resolveFlow = (flowName: string): ResolvedVariable => {
          const flow = this.resolveVariable(flowName, variable.scoped.scope);
          if (!flow || flow.scoped.definition.kind !== 'flow') return this.fail('unknown-variable', `lists "${flowName}" as a flow, but there is no flow of that name`);
          return flow;
        };
        if (definition.queue) {
          const outflows = definition.outflows.map(resolveFlow);
          outflows.forEach((flow, position) => {
            if (this.conveyorRoles.has(flow.id)) this.fail('structure', `"${displayName(flow.scoped.definition.name)}" is the outflow of two queues or conveyors`);
            this.conveyorRoles.set(flow.id, { kind: position === 0 ? 'primary' : 'leak', conveyor: variable.id });
          });
          this.queueFlows.set(variable.id, { outflows, inflows: definition.inflows.map(resolveFlow) });
          return;
        }
        const conveyor = definition.conveyor!;
        if (this.document.simSpecs.method !== 'euler') this.fail('unsupported', `"${name}" is a conveyor, and conveyors move one DT at a time: run the model with Euler integration`);
        if (conveyor.discrete) this.fail('unsupported', `"${name}" is a discrete conveyor, which this engine does not simulate yet`);
        if (conveyor.arrest !== undefined && conveyor.arrest.trim() !== '0') this.fail('unsupported', `the conveyor "${name}" can be arrested (<arrest>), which this engine does not simulate yet`);
        if (conveyor.sample !== undefined && conveyor.sample.trim() !== '1') this.fail('unsupported', `the conveyor "${name}" samples its transit time (<sample>), which this engine does not simulate yet`);
        const resolve = (flowName: string): ResolvedVariable => {
          const flow = this.resolveVariable(flowName, variable.scoped.scope);
          if (!flow || flow.scoped.definition.kind !== 'flow') return this.fail('unknown-variable', `lists "${flowName}" as a flow, but there is no flow of that name`);
          return flow;
        };
        const outflows = definition.outflows.map(resolve);
        const leaks = outflows.filter((flow) => flow.scoped.definition.leak);
        const primaries = outflows.filter((flow) => !flow.scoped.definition.leak);
        if (primaries.length !== 1) {
          this.fail('structure', primaries.length === 0
            ? `the conveyor "${name}" has no outflow for material to leave at the end of the belt (its outflows are all leakages, or it has none)`
            : `the conveyor "${name}" has ${primaries.length} outflows not marked as leakages (<leak/>); a conveyor has one outflow at the end of its belt`);
        }
        for (const leak of leaks) {
          if (leak.scoped.definition.leak!.integers) this.fail('unsupported', `the leakage "${displayName(leak.scoped.definition.name)}" leaks whole units only (<leak_integers/>), which this engine does not simulate yet`);
        }
        const inflows = definition.inflows.map(resolve);
        for (const inflow of inflows) {
          const spread = inflow.scoped.definition.spreadFlow;
          if (spread !== undefined && spread !== 'beginning') {
            this.fail('unsupported', `the inflow "${displayName(inflow.scoped.definition.name)}" spreads its material over the conveyor (isee:spreadflow="${spread}"), which this engine does not simulate yet`);
          }
        }
        for (const [flow, kind] of [[primaries[0]!, 'primary'], ...leaks.map((leak) => [leak, 'leak'])] as [ResolvedVariable, 'primary' | 'leak'][]) {
          if (this.conveyorRoles.has(flow.id)) this.fail('structure', `"${displayName(flow.scoped.definition.name)}" is the outflow of two conveyors`);
          this.conveyorRoles.set(flow.id, { kind, conveyor: variable.id });
        }
        this.conveyorFlows.set(variable.id, { primary: primaries[0]!, leaks, inflows });
      });
    }
    // A queue feeding a conveyor waits on the conveyor's room, batch by batch: only discrete
    // conveyors take from queues (XMILE 3.7.3), and those are refused above.
    for (const [queue, flows] of this.queueFlows) {
      for (const flow of flows.outflows) {
        for (const [conveyor, conveyorFlows] of this.conveyorFlows) {
          if (conveyorFlows.inflows.includes(flow)) {
            this.guard(this.variables.get(queue)!, () => this.fail('unsupported', `the queue feeds the conveyor "${this.variables.get(conveyor)!.label}"; a queue waiting on a conveyor is not simulated yet`));
          }
        }
      }
    }
    // Inflows an equation drives (not another conveyor's outflow) are requests.
    for (const [conveyor, flows] of this.conveyorFlows) {
      for (const inflow of flows.inflows) {
        if (this.conveyorRoles.has(inflow.id)) continue;
        this.conveyorRoles.set(inflow.id, { kind: 'inflow', conveyor, requestBase: this.allocate(inflow.size) });
      }
    }
  }

  /**
   * One element of a queue whose outflows run to clouds or ordinary stocks (XMILE 3.7.3): nothing
   * holds such an outflow back, so each step the first outflow takes everything, what waited and
   * what arrived in the step (queues.md §4.3, reading Stella); the later outflows, overflows
   * included, get nothing, as only a blocked outflow redirects material. The queue is then empty.
   */
  private lowerQueueElement(variable: ResolvedVariable, context: LowerContext): void {
    const flows = this.queueFlows.get(variable.id);
    if (!flows) return;
    const label = labelOf(variable);
    const slot = this.scalarSlotOf(variable, context, variable.scoped.definition.name);
    const initial = this.lowerEquation(context.equation, context);
    this.addNode({ slot, role: 'initial-value', initial: { k: 'fn', fn: 'max', args: [{ k: 'const', v: 0 }, initial] }, owner: label });
    this.addPostAssignment({ slot, ir: { k: 'const', v: 0 } });
    let arriving: Ir = { k: 'const', v: 0 };
    for (const inflow of flows.inflows) {
      variable.dependsOn.add(inflow.id);
      const value: Ir = { k: 'slot', s: this.scalarSlotOf(inflow, context, inflow.scoped.definition.name) };
      // Queue inflows are uniflows: what a negative inflow would take, it does not.
      arriving = { k: 'bin', op: '+', a: arriving, b: { k: 'if', c: { k: 'bin', op: '>', a: value, b: { k: 'const', v: 0 } }, t: value, e: { k: 'const', v: 0 } } };
    }
    flows.outflows.forEach((flow, position) => {
      variable.dependsOn.add(flow.id);
      const out = this.scalarSlotOf(flow, context, flow.scoped.definition.name);
      const everything: Ir = { k: 'bin', op: '+', a: { k: 'bin', op: '/', a: { k: 'slot', s: slot }, b: { k: 'slot', s: DT_SLOT } }, b: arriving };
      this.addNode({ slot: out, role: 'aux', rate: position === 0 ? everything : { k: 'const', v: 0 }, owner: label });
    });
  }

  /** One element of a conveyor (lower-conveyor.ts); its flows line up with it element by element. */
  private lowerConveyorElement(variable: ResolvedVariable, options: ConveyorOptions, context: LowerContext): void {
    const label = labelOf(variable);
    const flows = this.conveyorFlows.get(variable.id);
    // Without a plan the conveyor was refused already, with the reason.
    if (!flows) return;
    const slotOf = (flow: ResolvedVariable): number => this.scalarSlotOf(flow, context, flow.scoped.definition.name);
    const transit = this.lowerEquation(options.transitTime, { ...context, equation: options.transitTime });
    const transitValue = transit.k === 'const' ? transit.v : transit.k === 'slot' ? this.parameterValue(transit.s) : undefined;
    if (transitValue === undefined || !Number.isFinite(transitValue)) {
      this.fail('unsupported', `the transit time of the conveyor (${options.transitTime.trim()}) must be a number or a constant; a transit time that changes while the model runs is not simulated yet`, { equation: options.transitTime });
    }
    if (!(transitValue > 0)) this.fail('structure', `the transit time of the conveyor must be positive; it is ${transitValue}`, { equation: options.transitTime });
    if (transit.k === 'slot') this.fixedParameters.set(transit.s, `it sets the length of the conveyor "${label}", which is fixed when the model is compiled`);
    const dt = this.document.simSpecs.dt;
    const ratio = transitValue / dt;
    const slats = Math.max(1, Math.round(ratio));
    if (slats > MAX_CONVEYOR_SLATS) this.fail('limit', `the conveyor's transit time ${transitValue} is ${slats} time steps; the limit is ${MAX_CONVEYOR_SLATS}`);
    if (Math.abs(ratio - Math.round(ratio)) > 1e-9 && !this.warnedConveyors.has(variable.id)) {
      this.warnedConveyors.add(variable.id);
      this.warnings.push(modelError('structure', `the conveyor's transit time ${transitValue} is not a whole number of time steps (DT ${dt}); material rides ${slats} steps, ${slats * dt} time units`, { ...this.file, variable: label }, 'warning'));
    }
    const optional = (text: string | undefined): Ir | undefined => (text === undefined ? undefined : this.lowerEquation(text, { ...context, equation: text }));
    const capacity = optional(options.capacity);
    const inflowLimit = optional(options.inflowLimit);
    const leaks = flows.leaks.map((flow) => {
      const leak = flow.scoped.definition.leak!;
      const fractionText = leak.fraction ?? flow.scoped.definition.equation;
      const flowContext: LowerContext = { ...context, variable: flow, equation: fractionText };
      const fraction = fractionText.trim() === '' ? { k: 'const', v: 0 } as const : this.lowerEquation(fractionText, flowContext);
      return { fraction, start: leak.start, end: leak.end, slot: slotOf(flow) };
    });
    const inflows = flows.inflows.map((flow) => {
      const role = this.conveyorRoles.get(flow.id)!;
      const slot = slotOf(flow);
      return role.kind === 'inflow'
        ? { kind: 'request' as const, request: { k: 'slot', s: role.requestBase + (slot - flow.base) } as const, slot }
        : { kind: 'delivered' as const, rate: { k: 'slot', s: slot } as const };
    });
    for (const flow of [flows.primary, ...flows.leaks, ...flows.inflows]) variable.dependsOn.add(flow.id);
    const build: ConveyorBuild = {
      slats,
      exponential: options.exponentialLeak,
      initial: this.lowerEquation(context.equation, context),
      ...(capacity ? { capacity } : {}),
      ...(inflowLimit ? { inflowLimit } : {}),
      leaks,
      inflows,
      outflowSlot: slotOf(flows.primary),
      valueSlot: this.scalarSlotOf(variable, context, variable.scoped.definition.name),
      owner: label,
    };
    lowerConveyor(this, build);
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
      const slot = this.scalarSlotOf(target, context, target.scoped.definition.name);
      const rawBase = raw ? this.outflowLimits.get(id)?.rawBase : undefined;
      return { k: 'slot', s: rawBase === undefined ? slot : rawBase + (slot - target.base) };
    };
    const stock = this.variables.get(limit.stock)!;
    let available: Ir = { k: 'bin', op: '/', a: { k: 'slot', s: this.scalarSlotOf(stock, context, stock.scoped.definition.name) }, b: { k: 'slot', s: DT_SLOT } };
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

      // The conveyor drives its outflows and leakages (their <eqn> is a placeholder, or a leak fraction).
      const role = this.conveyorRoles.get(variable.id);
      if (role && role.kind !== 'inflow') continue;
      if (definition.kind === 'stock' && definition.conveyor) {
        this.lowerConveyorElement(variable, definition.conveyor, context);
        continue;
      }
      if (definition.kind === 'stock' && definition.queue) {
        this.lowerQueueElement(variable, context);
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

      if (definition.kind === 'aux' && !variable.tables && NUMBER_ONLY.test(equation) && (element?.initialEquation ?? definition.positionalInitialEquations?.[i] ?? definition.initialEquation) === undefined) {
        const value = Number(equation.replace(/\s+/g, ''));
        this.parameters.push({ slot, value });
        if (variable.dimensions.length === 0) variable.parameterValue = value;
        this.addNode({ slot, role: 'parameter', owner: label });
        continue;
      }

      let ir: Ir = equation.trim() === '' ? { k: 'const', v: 0 } : this.lowerEquation(equation, context);
      const table = variable.tables?.[i] ?? variable.tables?.[0];
      if (table !== undefined && equation.trim() !== '') ir = { k: 'lookup', table, x: ir };
      const uniflow = definition.kind === 'flow' && (definition.nonNegative ?? this.document.defaults.flowsNonNegative);
      if (uniflow) ir = { k: 'fn', fn: 'max', args: [{ k: 'const', v: 0 }, ir] };
      const limit = this.outflowLimits.get(variable.id);
      if (limit) ir = this.limitOutflow(limit, ir, i, context, label);
      if (role?.kind === 'inflow') {
        // The request; the conveyor admits what it can and sets the flow's value.
        this.addNode({ slot: role.requestBase + i, role: 'aux', rate: ir, owner: label });
        continue;
      }
      const initialEquation = element?.initialEquation ?? definition.positionalInitialEquations?.[i] ?? definition.initialEquation;
      if (initialEquation === undefined) {
        this.addNode({ slot, role: 'aux', rate: ir, owner: label });
        continue;
      }
      const initial = this.lowerEquation(initialEquation, { ...context, equation: initialEquation });
      this.addNode({ slot, role: 'aux', rate: ir, initial: uniflow ? { k: 'fn', fn: 'max', args: [{ k: 'const', v: 0 }, initial] } : initial, owner: label });
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
    // A subrange of it (Vensim's SubA of DimA): the element of the same name.
    for (const d of own) {
      const index = context.bindings.get(d.id);
      if (index !== undefined && isSubrange(d, dimension)) return dimension.elementIndex.get(canonicalName(d.elements[index]!));
    }
    return undefined;
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
    const variable = this.variableNamed(name, context);
    if (variable) {
      if (variable.scoped.definition.kind === 'gf' || (variable.tables && variable.scoped.definition.equation.trim() === '')) {
        this.failAt('structure', `"${name}" is a graphical function; call it with an input, as in ${name}(x)`, context, pos);
      }
      if (variable !== context.variable) context.variable.dependsOn.add(variable.id);
      return { k: 'slot', s: this.scalarSlotOf(variable, context, name, pos) };
    }
    if (BUILTIN_VALUES.has(id)) return this.builtinValue(id);
    const position = this.elementPosition(id, context);
    if (position !== undefined) return { k: 'const', v: position };
    return this.failAt('unknown-variable', `refers to "${name}", but there is no variable of that name${this.suggest(id)}`, context, pos);
  }

  /** The variable a name in an equation means: one of the model's, or SELF, the one being computed (XMILE 1.0 §3.7.1.3). */
  variableNamed(name: string, context: LowerContext): ResolvedVariable | undefined {
    const variable = this.resolveVariable(name, context.variable.scoped.scope);
    if (variable) return variable;
    return canonicalName(name) === 'self' && !context.macroArguments?.has('self') ? context.variable : undefined;
  }

  /**
   * A subscript index used as a number: Location.Boston is 1 when Boston is the first element of
   * Location (XMILE 1.0 §3.7.1), and a dimension's own name, in an equation arrayed over it, is
   * the position of the element being computed (as Vensim and xmutil's files write DimA - 1).
   */
  private elementPosition(id: string, context: LowerContext): number | undefined {
    const dot = id.lastIndexOf('.');
    if (dot > 0) {
      const dimension = this.dimensions.get(id.slice(0, dot));
      const element = dimension?.elementIndex.get(id.slice(dot + 1));
      if (element !== undefined) return element + 1;
    }
    const dimension = this.dimensions.get(id);
    const bound = dimension === undefined ? undefined : (context.bindings.get(dimension.id) ?? this.bindingFor(dimension, context));
    return bound === undefined ? undefined : bound + 1;
  }

  /**
   * The position of the element being computed along the dimension of that name, and the context
   * with that dimension set free (an array function in it then walks the whole dimension).
   */
  releaseDimension(dimensionName: string, context: LowerContext): { readonly position: number; readonly context: LowerContext } | undefined {
    const dimension = this.dimensions.get(canonicalName(dimensionName));
    const position = dimension && (context.bindings.get(dimension.id) ?? this.bindingFor(dimension, context));
    if (!dimension || position === undefined) return undefined;
    const bindings = new Map(context.bindings);
    bindings.delete(dimension.id);
    return { position, context: { ...context, bindings } };
  }

  /** The dimension a name means, if it is one and no variable has that name. */
  dimensionNamed(name: string, context: LowerContext): { readonly name: string; readonly size: number } | undefined {
    if (this.variableNamed(name, context) || context.macroArguments?.has(canonicalName(name))) return undefined;
    const dimension = this.dimensions.get(canonicalName(name));
    return dimension && { name: dimension.name, size: dimension.elements.length };
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
    const variable = this.variableNamed(name, context);
    if (!variable) return this.failAt('unknown-variable', `refers to "${name}", but there is no variable of that name${this.suggest(canonicalName(name))}`, context, pos);
    if (indices.length !== variable.dimensions.length) {
      this.failAt('dimension', `"${name}" has ${variable.dimensions.length} dimension(s) but is written with ${indices.length} subscript(s)`, context, pos);
    }
    if (variable !== context.variable) context.variable.dependsOn.add(variable.id);
    const keys = wildcardKeys(variable.dimensions, indices);
    const resolved = variable.dimensions.map((dimension, d) => this.subscriptIndex(dimension, indices[d]!, keys[d]!, context, name));
    if (resolved.every((index): index is number => typeof index === 'number')) {
      let flat = 0;
      resolved.forEach((index, d) => (flat = flat * variable.dimensions[d]!.elements.length + index));
      return { k: 'slot', s: variable.base + flat };
    }
    return this.computedElement(variable, resolved);
  }

  /**
   * An element of `variable` chosen while the model runs (aux[INT(TIME MOD 5) + 1]): a pick
   * among its slots, 0 where a computed subscript falls outside its dimension (XMILE 1.0 §3.7.1).
   */
  private computedElement(variable: ResolvedVariable, indices: readonly (number | Ir)[]): Ir {
    const sizes = variable.dimensions.map((dimension) => dimension.elements.length);
    const strides = sizes.map((_, d) => sizes.slice(d + 1).reduce((product, size) => product * size, 1));
    const dynamic = indices.flatMap((index, d) => (typeof index === 'number' ? [] : [d]));
    const staticOffset = indices.reduce<number>((sum, index, d) => sum + (typeof index === 'number' ? index * strides[d]! : 0), 0);
    const slots = (base: number, stride: number, count: number): Ir[] => Array.from({ length: count }, (_, k): Ir => ({ k: 'slot', s: base + stride * k }));
    if (dynamic.length === 1) {
      const d = dynamic[0]!;
      const values = slots(variable.base + staticOffset, strides[d]!, sizes[d]!);
      return { k: 'pick', values, index: indices[d] as Ir, missing: 0, scratch: this.allocateScratch(values.length) };
    }
    // Several computed subscripts: a flat index, or -1 (missing) when any is out of its range.
    let flat: Ir = { k: 'const', v: staticOffset };
    let inRange: Ir = { k: 'const', v: 1 };
    for (const d of dynamic) {
      const index = this.stable(indices[d] as Ir, labelOf(variable));
      flat = { k: 'bin', op: '+', a: flat, b: { k: 'bin', op: '*', a: index, b: { k: 'const', v: strides[d]! } } };
      const within: Ir = { k: 'bin', op: 'and', a: { k: 'bin', op: '>=', a: index, b: { k: 'const', v: 0 } }, b: { k: 'bin', op: '<', a: index, b: { k: 'const', v: sizes[d]! } } };
      inRange = { k: 'bin', op: 'and', a: inRange, b: within };
    }
    const values = slots(variable.base, 1, variable.size);
    return { k: 'pick', values, index: { k: 'if', c: inRange, t: flat, e: { k: 'const', v: -1 } }, missing: 0, scratch: this.allocateScratch(values.length) };
  }

  /**
   * `key` names the iteration a wildcard takes part in: the dimension's id, so that a[*] * b[*]
   * walk together, or a key of its own for a second wildcard over a dimension the same variable
   * repeats (matrix[*, *] over Cats × Cats covers every pair).
   */
  private subscriptIndex(dimension: DimensionInfo, index: SubscriptIndex, key: string, context: LowerContext, name: string): number | Ir {
    if (index.kind === 'wildcard') {
      const bound = context.bindings.get(key);
      if (bound === undefined) this.failAt('dimension', `"${name}[*]" can only be used inside SUM, MEAN, MIN, MAX, PROD, STDDEV or SIZE`, context, index.pos);
      return bound;
    }
    if (index.kind === 'dimension-wildcard') {
      // Dim! (Vensim) and *:Dim (its XMILE form) walk all of Dim inside an array function, even
      // in an equation arrayed over Dim itself: k[SubA] = SUM(b[*:SubA]) sums b for every k.
      const named = this.dimensions.get(canonicalName(index.name));
      if (!named) return this.failAt('dimension', `"${index.name}" is not a dimension of this model`, context, index.pos);
      const bound = context.bindings.get(iterationKey(named));
      if (bound === undefined) this.failAt('dimension', `"${index.name}!" can only be used inside an array function such as SUM`, context, index.pos);
      return this.mapIndex(named, bound, dimension, context, index.pos, name);
    }
    if (index.kind === 'range') {
      const slice = this.staticRange(dimension, index, context, name);
      const bound = context.bindings.get(rangeKey(dimension, slice));
      if (bound === undefined) this.failAt('dimension', `the range in "${name}[…:…]" can only be used inside an array function such as SUM`, context, index.pos);
      return slice ? slice.lo + bound : bound;
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
        return this.mapIndex(named, bound, dimension, context, expr.pos, name);
      }
    }
    const notAnElement = (): never =>
      this.failAt('dimension', `the subscript of "${name}" must be an element of "${dimension.name}" (${dimension.elements.slice(0, 5).join(', ')}${dimension.elements.length > 5 ? ', …' : ''})`, context, 'pos' in expr ? expr.pos : 0);
    // A name that is neither an element nor a variable is a misspelt element, not an unknown variable.
    if (expr.kind === 'name' && !context.macroArguments?.has(canonicalName(expr.name)) && !this.resolveVariable(expr.name, context.variable.scoped.scope) && !BUILTIN_VALUES.has(canonicalName(expr.name))) {
      notAnElement();
    }
    const value = this.lower(expr, context);
    if (value.k === 'const') return Number.isInteger(value.v) && value.v >= 1 && value.v <= dimension.elements.length ? value.v - 1 : notAnElement();
    // Computed while the model runs: whole numbers from 1 (a fraction is cut down, as INT does).
    return { k: 'bin', op: '-', a: { k: 'fn', fn: 'int', args: [value] }, b: { k: 'const', v: 1 } };
  }

  /**
   * Element `index` of dimension `from` as an index of `to`: itself when they are the same, by
   * element name when `from` is a subrange of `to` (Vensim's SubA of DimA), else by position
   * when both have as many elements.
   */
  private mapIndex(from: DimensionInfo, index: number, to: DimensionInfo, context: LowerContext, pos: number, name: string): number {
    if (from.id === to.id) return index;
    const byName = isSubrange(from, to) ? to.elementIndex.get(canonicalName(from.elements[index]!)) : undefined;
    if (byName !== undefined) return byName;
    if (from.elements.length === to.elements.length) return index;
    return this.failAt('dimension', `"${from.name}" cannot stand for "${to.name}" in "${name}": it is neither a subrange of it nor of the same size`, context, pos);
  }

  /** Free dimensions of an array argument: wildcards and arrayed names not bound by the context. */
  private freeDimensions(expr: Expr, context: LowerContext, found: Map<string, DimensionInfo>, masks: RangeMask[]): void {
    switch (expr.kind) {
      case 'name': {
        if (context.macroArguments?.has(canonicalName(expr.name))) return;
        const variable = this.variableNamed(expr.name, context);
        for (const dimension of variable?.dimensions ?? []) if (this.bindingFor(dimension, context) === undefined) found.set(dimension.id, dimension);
        return;
      }
      case 'subscript': {
        const variable = this.variableNamed(expr.name, context);
        const keys = variable ? wildcardKeys(variable.dimensions, expr.indices) : [];
        expr.indices.forEach((index, d) => {
          const dimension = variable?.dimensions[d];
          // x[*] inside SUM, MEAN... means every element, even in an equation arrayed over the
          // same dimension (share[Region] = x / SUM(x[*])).
          if (index.kind === 'wildcard' && dimension) found.set(keys[d]!, { ...dimension, id: keys[d]! });
          if (index.kind === 'dimension-wildcard') {
            const named = this.dimensions.get(canonicalName(index.name));
            if (named) found.set(iterationKey(named), { ...named, id: iterationKey(named) });
          }
          if (index.kind === 'range' && dimension) {
            // A range with bounds known now walks just those elements; one with bounds computed
            // while the model runs walks them all, masked (see lowerElementsTogether).
            const slice = this.staticRange(dimension, index, context, expr.name);
            const key = rangeKey(dimension, slice);
            found.set(key, { ...dimension, id: key, elements: slice ? dimension.elements.slice(slice.lo, slice.hi + 1) : dimension.elements });
            if (!slice && !masks.some((mask) => mask.key === key)) masks.push({ key, from: index.from, to: index.to });
          }
          if (index.kind === 'expr') {
            const named = index.expr.kind === 'name' ? this.dimensions.get(canonicalName(index.expr.name)) : undefined;
            const isElement = index.expr.kind === 'name' && dimension?.elementIndex.has(canonicalName(index.expr.name));
            if (named && !isElement && this.bindingFor(named, context) === undefined) found.set(named.id, named);
            else this.freeDimensions(index.expr, context, found, masks);
          }
        });
        return;
      }
      case 'unary':
        this.freeDimensions(expr.operand, context, found, masks);
        return;
      case 'binary': {
        // Iterative over the left spine (long chains), visiting operands left to right as before.
        const rights: Expr[] = [];
        let bottom: Expr = expr;
        while (bottom.kind === 'binary') {
          rights.push(bottom.right);
          bottom = bottom.left;
        }
        this.freeDimensions(bottom, context, found, masks);
        for (let i = rights.length - 1; i >= 0; i--) this.freeDimensions(rights[i]!, context, found, masks);
        return;
      }
      case 'if':
        this.freeDimensions(expr.condition, context, found, masks);
        this.freeDimensions(expr.then, context, found, masks);
        this.freeDimensions(expr.otherwise, context, found, masks);
        return;
      case 'call':
        // Nested reductions bind their own dimensions; other calls pass arrays through.
        if (!REDUCTIONS.has(canonicalName(expr.name))) {
          for (const arg of expr.args) this.freeDimensions(arg, context, found, masks);
        }
        return;
      case 'number':
        return;
    }
  }

  /** Lowers an array-valued argument to one IR per element (one for a scalar). */
  lowerElements(expr: Expr, context: LowerContext): Ir[] {
    const { values, included } = this.lowerElementsTogether([expr], context);
    if (included) this.failAt('unsupported', 'a range computed while the model runs can only be used in SUM, MEAN, MIN, MAX, PROD, STDDEV and SIZE', context, 'pos' in expr ? expr.pos : 0);
    return values[0]!;
  }

  /**
   * Lowers array-valued arguments that walk the same free dimensions together (VECTOR SELECT's
   * selection and values, element for element): one IR per element for each. Where a range's
   * bounds are computed while the model runs, `included` tells per element whether it is in them.
   */
  lowerElementsTogether(exprs: readonly Expr[], context: LowerContext): { values: Ir[][]; included?: Ir[] } {
    const free = new Map<string, DimensionInfo>();
    const masks: RangeMask[] = [];
    for (const expr of exprs) this.freeDimensions(expr, context, free, masks);
    const dims = [...free.values()];
    if (dims.length === 0) return { values: exprs.map((expr) => [this.lower(expr, context)]) };
    let total = 1;
    for (const dimension of dims) total *= dimension.elements.length;
    if (total > MAX_SLOTS) this.fail('limit', `an array function would read ${total} elements`);
    const owner = labelOf(context.variable);
    const bounds = masks.map((mask) => ({ key: mask.key, from: this.stable(this.lower(mask.from, context), owner), to: this.stable(this.lower(mask.to, context), owner) }));
    const values: Ir[][] = exprs.map(() => []);
    const included: Ir[] = [];
    const indices = new Array<number>(dims.length).fill(0);
    for (let n = 0; n < total; n++) {
      const bindings = new Map(context.bindings);
      dims.forEach((dimension, d) => bindings.set(dimension.id, indices[d]!));
      exprs.forEach((expr, j) => values[j]!.push(this.lower(expr, { ...context, bindings })));
      if (bounds.length > 0) {
        let inside: Ir = { k: 'const', v: 1 };
        for (const bound of bounds) {
          const position: Ir = { k: 'const', v: bindings.get(bound.key)! + 1 };
          const within: Ir = { k: 'bin', op: 'and', a: { k: 'bin', op: '>=', a: position, b: bound.from }, b: { k: 'bin', op: '<=', a: position, b: bound.to } };
          inside = inside.k === 'const' ? within : { k: 'bin', op: 'and', a: inside, b: within };
        }
        included.push(inside);
      }
      for (let d = dims.length - 1; d >= 0; d--) {
        indices[d]!++;
        if (indices[d]! < dims[d]!.elements.length) break;
        indices[d] = 0;
      }
    }
    return bounds.length > 0 ? { values, included } : { values };
  }

  /**
   * The positions (0-based, inclusive) of a range whose bounds are known now: numbers from 1 or
   * element names (Dim.Elem too). Undefined when a bound is computed while the model runs.
   */
  private staticRange(dimension: DimensionInfo, range: Extract<SubscriptIndex, { kind: 'range' }>, context: LowerContext, name: string): { lo: number; hi: number } | undefined {
    const position = (bound: Expr): number | undefined => {
      if (bound.kind === 'number') return Number.isInteger(bound.value) ? bound.value - 1 : undefined;
      if (bound.kind !== 'name') return undefined;
      const id = canonicalName(bound.name);
      const dot = id.lastIndexOf('.');
      return dimension.elementIndex.get(id) ?? (dot > 0 && this.dimensions.get(id.slice(0, dot))?.id === dimension.id ? dimension.elementIndex.get(id.slice(dot + 1)) : undefined);
    };
    const lo = position(range.from);
    const hi = position(range.to);
    if (lo === undefined || hi === undefined) return undefined;
    if (lo < 0 || hi >= dimension.elements.length || lo > hi) {
      this.failAt('dimension', `the range of "${name}" must run forward within "${dimension.name}" (1 to ${dimension.elements.length})`, context, range.pos);
    }
    return { lo, hi };
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
    if (tables.length === 1 && variable.dimensions.length === 0) return tables[0]!;
    if (target.kind === 'name') return tables[this.scalarSlotOf(variable, context, target.name, target.pos) - variable.base]!;
    const element = this.lowerSubscript(target.name, target.indices, target.pos, context);
    if (element.k !== 'slot') return this.failAt('unsupported', `the element of the graphical function "${target.name}" must be known when the model is read, not computed while it runs`, context, target.pos);
    return tables[element.s - variable.base]!;
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
      return (element?.initialEquation ?? definition.initialEquation) === undefined && NUMBER_ONLY.test(equation) ? Number(equation.replace(/\s+/g, '')) : undefined;
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
      return { k: 'lookup', table: table!, x: this.lower(expr.args[0]!, context) };
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

/** Functions that walk their array arguments themselves: their arrays do not make the caller's free dimensions. */
const REDUCTIONS = new Set(['sum', 'mean', 'size', 'stddev', 'prod', 'min', 'max', 'vector_select', 'vector_sort_order', 'vector_elm_map', 'rank']);

/** A range whose bounds are computed while the model runs: the elements it walks are masked by them. */
interface RangeMask {
  readonly key: string;
  readonly from: Expr;
  readonly to: Expr;
}

/** The binding key of a range over `dimension`: its own slice when the bounds are known now. */
function rangeKey(dimension: DimensionInfo, slice: { lo: number; hi: number } | undefined): string {
  return slice ? `${dimension.id}:${slice.lo}:${slice.hi}` : `${dimension.id}:range`;
}

/** The key an iteration over all of `dimension` (Dim!, *:Dim) binds, apart from the equation's own Dim. */
function iterationKey(dimension: DimensionInfo): string {
  return `${dimension.id}!`;
}

/** Binding key of each subscript position (see subscriptIndex); only wildcard positions matter. */
function wildcardKeys(dimensions: readonly DimensionInfo[], indices: readonly SubscriptIndex[]): string[] {
  const seen = new Set<string>();
  return dimensions.map((dimension, d) => {
    if (indices[d]?.kind !== 'wildcard') return dimension.id;
    const key = seen.has(dimension.id) ? `${dimension.id}#${d}` : dimension.id;
    seen.add(dimension.id);
    return key;
  });
}

/** Every element of `part` is an element of `whole`, by name. */
function isSubrange(part: DimensionInfo, whole: DimensionInfo): boolean {
  return part.elements.every((element) => whole.elementIndex.has(canonicalName(element)));
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
