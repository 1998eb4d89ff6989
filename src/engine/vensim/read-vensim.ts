import { canonicalName } from '../equation/canonical-name.ts';
import { modelError, type ModelError } from '../errors.ts';
import type { GraphicalFunction, MacroDefinition, ModelDocument, VariableDefinition, VariableKind } from '../xmile/model-document.ts';
import { parseVensimEntry, parseVensimExpression, VensimSyntaxError, type VensimEntry } from './parse-vensim-equation.ts';
import { printName, UnprintableName } from './print-xmile.ts';
import { DataFiles, type DataFileAccess } from './read-data-files.ts';
import { readSketch } from './read-sketch.ts';
import { splitMdl, type RawDefinition } from './split-mdl.ts';
import { elementLookupName, ExpressionTranslator, NeedsElements, VensimUnsupported, type TranslateContext, type TranslateHost, type VariableShape } from './translate-expr.ts';
import type { VensimDefinition, VensimDimension, VensimExpr, VensimLhs, VensimLookup } from './vensim-ast.ts';
import { Dimensions, type DimensionInfo } from './vensim-dimensions.ts';

export const MAX_MDL_BYTES = 20_000_000;

export interface VensimReadOptions extends DataFileAccess {
  readonly fileName?: string;
  /**
   * Data sources of the run, as Vensim's simulation set-up names them (a .vdf written out as
   * .tab or .csv: a Time column, then one column per variable): data variables without a GET
   * function read their series from these, by name. Read through `readFile`.
   */
  readonly dataSources?: readonly string[];
}

export interface VensimReadResult {
  readonly document?: ModelDocument;
  readonly errors: readonly ModelError[];
  readonly warnings: readonly ModelError[];
}

interface Equation {
  readonly lhs: VensimLhs;
  readonly definition: VensimDefinition;
  readonly raw: RawDefinition;
}

interface Group {
  readonly name: string;
  readonly equations: Equation[];
}

const CONTROL = { start: 'initial_time', stop: 'final_time', dt: 'time_step', save: 'saveper' } as const;

/** True when the text looks like a Vensim model rather than XML. */
export function looksLikeVensim(source: string, fileName?: string): boolean {
  if (fileName !== undefined && /\.mdl$/i.test(fileName)) return true;
  if (fileName !== undefined && /\.(xmile|stmx|itmx|xml)$/i.test(fileName)) return false;
  const start = source.trimStart();
  return !start.startsWith('<') && (start.startsWith('{UTF-8}') || /~[^|]*\|/.test(start.slice(0, 5000)));
}

/**
 * Reads a Vensim model (`.mdl`, the text format) into the same ModelDocument an XMILE file
 * gives: equations in XMILE syntax, Vensim's functions translated to their XMILE counterparts
 * with Vensim's meaning, arrays element by element where Vensim's subscript rules need it, and
 * the sketch as a diagram. Every problem found is returned, each naming the variable.
 */
export function readVensim(source: string, options: VensimReadOptions = {}): VensimReadResult {
  return new VensimReader(source, options).read();
}

class VensimReader implements TranslateHost {
  private readonly source: string;
  private readonly options: VensimReadOptions;
  private readonly errors: ModelError[] = [];
  private readonly warnings: ModelError[] = [];
  private readonly file: { file?: string };
  dimensions!: Dimensions;
  private readonly groups = new Map<string, Group>();
  private readonly shapes = new Map<string, VariableShape>();
  private readonly macros = new Map<string, string>();
  private readonly lookups = new Map<string, Map<string, VensimLookup>>();
  private readonly hidden: VariableDefinition[] = [];
  private readonly data: DataFiles;
  private readonly translator = new ExpressionTranslator(this);
  /** Set while a macro's equations are translated: its parameters and own variables shadow the model's. */
  private macroScope: Map<string, VariableShape> | undefined;
  /** While evaluating a value fixed at the start of a run: TIME and STEP read as at the start time. */
  private atStart = false;

  constructor(source: string, options: VensimReadOptions) {
    this.source = source;
    this.options = options;
    this.file = options.fileName === undefined ? {} : { file: options.fileName };
    this.data = new DataFiles(options);
  }

  read(): VensimReadResult {
    if (this.source.length > MAX_MDL_BYTES) {
      return this.fail(modelError('limit', `the file is ${this.source.length} bytes; models larger than ${MAX_MDL_BYTES} bytes are refused`, this.file));
    }
    if (this.source.trim() === '') return this.fail(modelError('syntax', 'the file is empty', this.file));
    const split = splitMdl(this.source);
    const dimensionDefinitions: VensimDimension[] = [];
    for (const raw of split.definitions) {
      const entry = this.parse(raw);
      if (!entry) continue;
      if (entry.kind === 'dimension') dimensionDefinitions.push(this.dimensionFromFile(entry.dimension, raw));
      else if (entry.definition.kind !== 'reality-check') this.addEquation(entry, raw);
    }
    try {
      this.dimensions = new Dimensions(dimensionDefinitions, (message, dimension) => {
        throw new VensimUnsupported(`${message} (subscript range "${dimension}")`);
      });
    } catch (error) {
      if (error instanceof VensimUnsupported) return this.fail(modelError('dimension', error.message, this.file));
      throw error;
    }
    for (const macro of split.macros) this.macros.set(canonicalName(macroName(macro.header)), macroName(macro.header));
    if (this.errors.length > 0) return { errors: this.errors, warnings: this.warnings };

    for (const group of this.groups.values()) this.guard(group.name, () => this.shapes.set(canonicalName(group.name), this.shape(group)));
    if (this.errors.length > 0) return { errors: this.errors, warnings: this.warnings };
    for (const group of this.groups.values()) this.guard(group.name, () => this.readLookups(group));

    const variables: VariableDefinition[] = [];
    for (const group of this.groups.values()) {
      if (this.isControl(group)) continue;
      this.guard(group.name, () => variables.push(...this.define(group)));
    }
    const simSpecs = this.guard('the time settings', () => this.simSpecs());
    const macros: MacroDefinition[] = [];
    for (const macro of split.macros) {
      const definition = this.guard(macroName(macro.header), () => this.macro(macro.header, macro.definitions));
      if (definition) macros.push(definition);
    }
    if (this.errors.length > 0 || !simSpecs) return { errors: this.errors, warnings: this.warnings };
    variables.push(...this.controlVariables(), ...this.hidden);
    const flowNames = new Set(variables.flatMap((variable) => [...variable.inflows, ...variable.outflows].map(canonicalName)));
    const typed = variables.map((variable) => (variable.kind === 'aux' && flowNames.has(canonicalName(variable.name)) ? { ...variable, kind: 'flow' as const } : variable));
    const kinds = new Map(typed.map((variable) => [canonicalName(variable.name), variable.kind]));
    const views = readSketch(split.sketch, kinds);
    const document: ModelDocument = {
      ...this.file,
      simSpecs,
      dimensions: [...this.dimensions.byId.values()].map((dimension) => ({ name: dimension.name, elements: dimension.elements })),
      models: [{ name: '', variables: typed, views }],
      macros,
      defaults: { stocksNonNegative: false, flowsNonNegative: false },
    };
    return { document, errors: [], warnings: this.warnings };
  }

  private fail(error: ModelError): VensimReadResult {
    return { errors: [error], warnings: this.warnings };
  }

  private guard<T>(variable: string, work: () => T): T | undefined {
    try {
      return work();
    } catch (error) {
      if (error instanceof VensimUnsupported || error instanceof UnprintableName) {
        this.errors.push(modelError('unsupported', error.message, { ...this.file, variable }));
        return undefined;
      }
      if (error instanceof VensimSyntaxError) {
        this.errors.push(modelError('syntax', error.message, { ...this.file, variable }));
        return undefined;
      }
      throw error;
    }
  }

  private parse(raw: RawDefinition): VensimEntry | undefined {
    try {
      return parseVensimEntry(raw.text);
    } catch (error) {
      if (!(error instanceof VensimSyntaxError)) throw error;
      const name = /^\s*("[^"]*"|[^=:([~|]*)/.exec(raw.text)?.[1]?.trim();
      this.errors.push(
        modelError('syntax', `line ${raw.line}: ${error.message}`, { ...this.file, ...(name ? { variable: name } : {}), equation: raw.text, position: error.position }),
      );
      return undefined;
    }
  }

  private dimensionFromFile(dimension: VensimDimension, raw: RawDefinition): VensimDimension {
    if (!dimension.fromFile) return dimension;
    const [file = '', sheet = '', first = '', last = '', prefix = ''] = dimension.fromFile;
    try {
      return { ...dimension, members: this.data.subscripts(file, sheet, first, last, prefix) };
    } catch (error) {
      if (!(error instanceof VensimUnsupported)) throw error;
      this.errors.push(modelError('unsupported', `GET DIRECT SUBSCRIPT: ${error.message}`, { ...this.file, variable: dimension.name, equation: raw.text }));
      return { ...dimension, members: ['?'] };
    }
  }

  private addEquation(entry: Extract<VensimEntry, { kind: 'equation' }>, raw: RawDefinition): void {
    const id = canonicalName(entry.lhs.name);
    let group = this.groups.get(id);
    if (!group) {
      group = { name: entry.lhs.name, equations: [] };
      this.groups.set(id, group);
    }
    group.equations.push({ lhs: entry.lhs, definition: entry.definition, raw });
  }

  // ---------- TranslateHost ----------

  variable(name: string): VariableShape | undefined {
    const id = canonicalName(name);
    if (this.macroScope) {
      const local = this.macroScope.get(id);
      if (local) return local;
    }
    return this.shapes.get(id);
  }

  isMacro(name: string): boolean {
    return this.macros.has(canonicalName(name));
  }

  lookupTable(name: string, elements: readonly string[]): VensimLookup | undefined {
    return this.lookups.get(canonicalName(name))?.get(elements.join(','));
  }

  constant(expr: VensimExpr): number | undefined {
    return this.evaluateSafely(expr, false);
  }

  elementConstant(name: string, elements: readonly string[]): number | undefined {
    const group = this.groups.get(canonicalName(name));
    const shape = this.shapes.get(canonicalName(name));
    if (!group || !shape) return undefined;
    const key = elements.join(',');
    for (const equation of group.equations) {
      const tuples = this.tuples(shape, equation.lhs);
      const index = tuples.findIndex((tuple) => tuple.elements.join(',') === key);
      if (index < 0) continue;
      const definition = equation.definition;
      if (definition.kind === 'constants') return definition.values[index];
      if (definition.kind === 'equation') return this.constant(definition.expr);
      return undefined;
    }
    return undefined;
  }

  valueAtStart(expr: VensimExpr): number | undefined {
    return this.evaluateSafely(expr, true);
  }

  private evaluateSafely(expr: VensimExpr, atStart: boolean): number | undefined {
    const before = this.atStart;
    this.atStart = atStart;
    try {
      return this.evaluate(expr, new Set());
    } catch (error) {
      if (error instanceof VensimUnsupported) return undefined;
      throw error;
    } finally {
      this.atStart = before;
    }
  }

  hiddenLookup(owner: string, table: VensimLookup, type: GraphicalFunction['type']): string {
    const name = `${owner} lookup ${this.hidden.length + 1}`;
    this.hidden.push({ kind: 'gf', name, equation: '', dimensions: [], elements: [], inflows: [], outflows: [], graphicalFunction: graphical(table, type, name) });
    return name;
  }

  // ---------- variables ----------

  private isControl(group: Group): boolean {
    const id = canonicalName(group.name);
    return id === CONTROL.start || id === CONTROL.stop || id === CONTROL.dt || id === CONTROL.save;
  }

  /** The ranges a variable is arrayed over, from the left-hand sides of all its equations. */
  private shape(group: Group): VariableShape {
    const count = group.equations[0]!.lhs.subscripts.length;
    const dimensions: DimensionInfo[] = [];
    for (let position = 0; position < count; position++) {
      const written: string[] = [];
      const elements = new Set<string>();
      for (const equation of group.equations) {
        const subscript = equation.lhs.subscripts[position];
        if (subscript === undefined || equation.lhs.subscripts.length !== count) {
          throw new VensimUnsupported(`"${group.name}" is defined with ${count} subscript(s) in one equation and ${equation.lhs.subscripts.length} in another`);
        }
        const expanded = this.dimensions.expand(subscript);
        if (!expanded) throw new VensimUnsupported(`"${group.name}[${equation.lhs.subscripts.join(', ')}]": "${subscript}" is neither a subscript range nor an element`);
        written.push(subscript);
        for (const element of expanded) elements.add(element);
      }
      const dimension = this.dimensions.covering(written, elements, group.name);
      if (!dimension) throw new VensimUnsupported(`no subscript range holds every element "${group.name}" is defined for at position ${position + 1}`);
      dimensions.push(dimension);
    }
    const isLookup = group.equations.some((equation) => isLookupDefinition(equation.definition));
    return { name: group.name, dimensions, isLookup };
  }

  /** Tables of lookup variables, by element, read before any equation calls them. */
  private readLookups(group: Group): void {
    const shape = this.shapes.get(canonicalName(group.name))!;
    if (!shape.isLookup) return;
    const tables = new Map<string, VensimLookup>();
    for (const equation of group.equations) {
      const tuples = this.tuples(shape, equation.lhs);
      let found: VensimLookup[];
      if (equation.definition.kind === 'lookup') found = tuples.map(() => (equation.definition as { table: VensimLookup }).table);
      else {
        const expr = lookupSource(equation.definition);
        if (!expr) throw new VensimUnsupported(`"${group.name}" mixes lookup tables with other kinds of equation`);
        found = this.seriesFrom(expr, tuples.length, 'LOOKUPS');
      }
      tuples.forEach((tuple, i) => tables.set(tuple.elements.join(','), found[i]!));
    }
    this.lookups.set(canonicalName(group.name), tables);
  }

  /** The element tuples an equation's left-hand side defines, each with its ranges bound. */
  private tuples(shape: VariableShape, lhs: VensimLhs): { elements: string[]; bindings: Map<string, string> }[] {
    const options = lhs.subscripts.map((subscript) => this.dimensions.expand(subscript)!);
    const excluded = lhs.except.map((list) => list.map((subscript) => new Set(this.dimensions.expand(subscript) ?? [canonicalName(subscript)])));
    const result: { elements: string[]; bindings: Map<string, string> }[] = [];
    const total = options.reduce((product, list) => product * list.length, 1);
    const indices = options.map(() => 0);
    for (let n = 0; n < total; n++) {
      const elements = options.map((list, k) => list[indices[k]!]!);
      const skip = excluded.some((sets) => sets.length === elements.length && sets.every((set, k) => set.has(elements[k]!)));
      if (!skip) {
        const bindings = new Map<string, string>();
        lhs.subscripts.forEach((subscript, k) => {
          const range = this.dimensions.get(subscript);
          if (range) bindings.set(range.id, elements[k]!);
          // The variable's own range at this position is bound too, so its name on the right works.
          const own = shape.dimensions[k]!;
          if (!bindings.has(own.id)) bindings.set(own.id, elements[k]!);
        });
        result.push({ elements, bindings });
      }
      for (let d = options.length - 1; d >= 0; d--) {
        indices[d]!++;
        if (indices[d]! < options[d]!.length) break;
        indices[d] = 0;
      }
    }
    return result;
  }

  private define(group: Group): VariableDefinition[] {
    const shape = this.shapes.get(canonicalName(group.name))!;
    const first = group.equations[0]!;
    const common = {
      name: group.name,
      dimensions: shape.dimensions.map((dimension) => dimension.name),
      elements: [],
      inflows: [],
      outflows: [],
      ...unitsOf(first.raw.units),
      ...(first.raw.comment ? { documentation: first.raw.comment } : {}),
    };
    if (shape.isLookup) return this.lookupVariables(group, shape);
    const kinds = new Set(group.equations.map((equation) => equationKind(equation.definition)));
    if (kinds.has('data')) return [this.dataVariable(group, shape, common)];
    if (kinds.has('stock') && kinds.size > 1) throw new VensimUnsupported(`"${group.name}" is a stock (INTEG) for some elements but not for others`);
    const isStock = kinds.has('stock');

    // One equation over the variable's own ranges: written once, as XMILE would (apply to all).
    if (group.equations.length === 1 && first.definition.kind === 'equation' && first.lhs.except.length === 0 && sameRanges(first.lhs, shape, this.dimensions)) {
      try {
        const context: TranslateContext = { owner: shape, ownerElements: [], bindings: undefined };
        return [this.single(group, first.definition.expr, context, common, isStock)];
      } catch (error) {
        if (!(error instanceof NeedsElements)) throw error;
      }
    }

    // Element by element, in the engine's order (last range fastest).
    const byTuple = new Map<string, { equation: Equation; bindings: Map<string, string>; elements: string[]; index: number }>();
    for (const equation of group.equations) {
      const tuples = this.tuples(shape, equation.lhs);
      tuples.forEach((tuple, index) => {
        const key = tuple.elements.join(',');
        if (!byTuple.has(key)) byTuple.set(key, { equation, bindings: tuple.bindings, elements: tuple.elements, index });
      });
    }
    const equations: string[] = [];
    const rates: string[] = [];
    const initials: string[] = [];
    let hasInitial = false;
    const inflows = new Set<string>();
    const outflows = new Set<string>();
    const constantsCache = new Map<Equation, number[]>();
    for (const elements of allTuples(shape.dimensions)) {
      const entry = byTuple.get(elements.join(','));
      if (!entry) {
        const names = elements.map((id) => this.dimensions.elementNames.get(id)).join(', ');
        throw new VensimUnsupported(`"${group.name}" has no equation for the element [${names}]`);
      }
      const context: TranslateContext = { owner: shape, ownerElements: elements, bindings: entry.bindings };
      const definition = entry.equation.definition;
      if (definition.kind === 'constants') {
        const values = definition.values;
        const count = this.tuples(shape, entry.equation.lhs).length;
        if (values.length !== count) throw new VensimUnsupported(`"${group.name}" lists ${values.length} values for ${count} elements`);
        equations.push(String(values[entry.index]!));
        continue;
      }
      if (definition.kind !== 'equation') throw new VensimUnsupported(`"${group.name}" has an equation of a kind that cannot be mixed with others`);
      const expr = definition.expr;
      const fromFile = this.constantsFromFile(expr, entry.equation, shape, constantsCache);
      if (fromFile) {
        equations.push(String(fromFile[entry.index]!));
        continue;
      }
      const top = topCall(expr);
      if (top === 'INTEG') {
        const [rate, initial] = callArgs(expr, 2, 'INTEG');
        equations.push(this.translator.translate(initial, context).text);
        rates.push(this.translator.translate(rate, context).text);
        collectFlows(rate, 1, inflows, outflows);
      } else if (top === 'ACTIVE INITIAL') {
        const [value, initial] = callArgs(expr, 2, 'ACTIVE INITIAL');
        equations.push(this.translator.translate(value, context).text);
        initials.push(this.translator.translate(initial, context).text);
        hasInitial = true;
        continue;
      } else equations.push(this.translator.translate(expr, context).text);
      initials.push('');
    }
    if (hasInitial && initials.some((text) => text === '')) throw new VensimUnsupported(`"${group.name}" uses ACTIVE INITIAL for some elements only`);
    const variable: { -readonly [K in keyof VariableDefinition]: VariableDefinition[K] } = { ...common, kind: isStock ? 'stock' : 'aux', equation: equations[0] ?? '' };
    if (equations.length > 1) variable.positionalEquations = equations;
    if (isStock) {
      variable.netFlowEquation = rates[0] ?? '0';
      if (rates.length > 1) variable.positionalNetFlows = rates;
      variable.inflows = [...inflows];
      variable.outflows = [...outflows];
    }
    if (hasInitial) {
      variable.initialEquation = initials[0]!;
      if (initials.length > 1) variable.positionalInitialEquations = initials;
    }
    return [variable];
  }

  /** A variable written once for all its elements. */
  private single(group: Group, expr: VensimExpr, context: TranslateContext, common: Omit<VariableDefinition, 'kind' | 'equation'>, isStock: boolean): VariableDefinition {
    const top = topCall(expr);
    if (top === 'INTEG') {
      const [rate, initial] = callArgs(expr, 2, 'INTEG');
      const initialText = this.translator.translate(initial, context).text;
      const flows = pureFlows(rate, group, this);
      if (flows) return { ...common, kind: 'stock', equation: initialText, inflows: flows.inflows, outflows: flows.outflows };
      const inflows = new Set<string>();
      const outflows = new Set<string>();
      collectFlows(rate, 1, inflows, outflows);
      return { ...common, kind: 'stock', equation: initialText, netFlowEquation: this.translator.translate(rate, context).text, inflows: [...inflows], outflows: [...outflows] };
    }
    if (isStock) throw new VensimUnsupported(`"${group.name}" mixes INTEG with other equations`);
    if (top === 'ACTIVE INITIAL') {
      const [value, initial] = callArgs(expr, 2, 'ACTIVE INITIAL');
      return { ...common, kind: 'aux', equation: this.translator.translate(value, context).text, initialEquation: this.translator.translate(initial, context).text };
    }
    const fromFile = this.constantsFromFile(expr, { lhs: { name: group.name, subscripts: common.dimensions, except: [] }, definition: { kind: 'equation', expr }, raw: { text: '', units: '', comment: '', line: 0 } }, context.owner, new Map());
    if (fromFile) {
      if (fromFile.length === 1) return { ...common, kind: 'aux', equation: String(fromFile[0]!) };
      return { ...common, kind: 'aux', equation: String(fromFile[0]!), positionalEquations: fromFile.map(String) };
    }
    return { ...common, kind: 'aux', equation: this.translator.translate(expr, context).text };
  }

  /** GET DIRECT CONSTANTS / GET XLS CONSTANTS / TABBED ARRAY: the values for an equation's elements, in its order. */
  private constantsFromFile(expr: VensimExpr, equation: Equation, shape: VariableShape, cache: Map<Equation, number[]>): number[] | undefined {
    const top = topCall(expr);
    if (top !== 'GET DIRECT CONSTANTS' && top !== 'GET XLS CONSTANTS' && top !== 'TABBED ARRAY') return undefined;
    const known = cache.get(equation);
    if (known) return known;
    const tuples = this.tuples(shape, equation.lhs);
    // The block's columns run along the last range written with more than one element, its rows along the one before.
    const sizes = equation.lhs.subscripts.map((subscript) => this.dimensions.expand(subscript)!.length).filter((size) => size > 1);
    const columns = sizes.at(-1) ?? 1;
    const rows = tuples.length / columns;
    let values: number[];
    if (top === 'TABBED ARRAY') {
      const list = (expr as Extract<VensimExpr, { kind: 'call' }>).args[0];
      values = list?.kind === 'list' ? list.items.map((item) => (item.kind === 'number' ? item.value : Number.NaN)) : [];
      if (values.length !== tuples.length || values.some((value) => !Number.isFinite(value))) {
        throw new VensimUnsupported(`TABBED ARRAY of "${equation.lhs.name}" holds ${values.length} numbers for ${tuples.length} elements`);
      }
    } else {
      const [file, sheet, cell] = stringArgs(expr, 3, top);
      values = this.data.constants(file!, sheet!, cell!, sizes.length === 0 ? 1 : rows, columns);
    }
    cache.set(equation, values);
    return values;
  }

  private lookupVariables(group: Group, shape: VariableShape): VariableDefinition[] {
    const tables = this.lookups.get(canonicalName(group.name));
    if (!tables) throw new VensimUnsupported(`the tables of the lookup "${group.name}" could not be read`);
    const units = unitsOf(group.equations[0]!.raw.units);
    if (shape.dimensions.length === 0) {
      const table = tables.get('')!;
      return [{ kind: 'gf', name: group.name, equation: '', dimensions: [], elements: [], inflows: [], outflows: [], graphicalFunction: graphical(table, 'continuous', group.name), ...units }];
    }
    const result: VariableDefinition[] = [];
    for (const elements of allTuples(shape.dimensions)) {
      const table = tables.get(elements.join(','));
      if (!table) continue;
      const name = elementLookupName(group.name, elements.map((id) => this.dimensions.elementNames.get(id)!));
      result.push({ kind: 'gf', name, equation: '', dimensions: [], elements: [], inflows: [], outflows: [], graphicalFunction: graphical(table, 'continuous', name), ...units });
    }
    return result;
  }

  /** A data variable: a time series from a file, interpolated (or held) as its keyword says. */
  private dataVariable(group: Group, shape: VariableShape, common: Omit<VariableDefinition, 'kind' | 'equation'>): VariableDefinition {
    const series = new Map<string, VensimLookup>();
    let keyword: string | undefined;
    for (const equation of group.equations) {
      const definition = equation.definition;
      if (definition.kind !== 'data') throw new VensimUnsupported(`"${group.name}" mixes data from a file with other equations`);
      keyword = definition.keyword ?? keyword;
      const tuples = this.tuples(shape, equation.lhs);
      if (!definition.expr) {
        for (const tuple of tuples) {
          const label = tuple.elements.length === 0 ? group.name : `${group.name}[${tuple.elements.map((id) => this.dimensions.elementNames.get(id)).join(',')}]`;
          const found = this.data.sourceSeries(this.options.dataSources ?? [], label);
          if (!found) {
            throw new VensimUnsupported(
              `"${label}" is a data variable without a GET DATA function: its values come from a data file named when the run starts (Vensim's .vdf); give it as a data source (a .tab or .csv with a Time column), e.g. alliance-dynamics simulate model.mdl --data data.tab`,
            );
          }
          series.set(tuple.elements.join(','), found);
        }
        continue;
      }
      const found = this.seriesFrom(definition.expr, tuples.length, 'DATA');
      tuples.forEach((tuple, i) => series.set(tuple.elements.join(','), found[i]!));
    }
    if (keyword === 'LOOK FORWARD') for (const [key, table] of series) series.set(key, lookForward(table));
    const type = keyword === 'HOLD BACKWARD' || keyword === 'RAW' || keyword === 'LOOK FORWARD' ? 'discrete' : 'continuous';
    if (shape.dimensions.length === 0) return { ...common, kind: 'aux', equation: 'TIME', graphicalFunction: graphical(series.get('')!, type, group.name) };
    const elements = allTuples(shape.dimensions).map((tuple) => {
      const table = series.get(tuple.join(','));
      if (!table) throw new VensimUnsupported(`"${group.name}" has no data for [${tuple.map((id) => this.dimensions.elementNames.get(id)).join(', ')}]`);
      return { subscript: tuple.map((id) => this.dimensions.elementNames.get(id)!), equation: 'TIME', graphicalFunction: graphical(table, type, group.name) };
    });
    return { ...common, kind: 'aux', equation: 'TIME', elements };
  }

  /** Series from GET DIRECT DATA / GET XLS DATA / GET DIRECT LOOKUPS / GET XLS LOOKUPS. */
  private seriesFrom(expr: VensimExpr, count: number, what: 'DATA' | 'LOOKUPS'): VensimLookup[] {
    const top = topCall(expr);
    if (top !== `GET DIRECT ${what}` && top !== `GET XLS ${what}`) {
      throw new VensimUnsupported(`a ${what === 'DATA' ? 'data variable' : 'lookup'} may only be read with GET DIRECT ${what} or GET XLS ${what}${top ? `, not ${top}` : ''}`);
    }
    const [file, sheet, timeAt, first] = stringArgs(expr, 4, top);
    return this.data.series(file!, sheet!, timeAt!, first!, count);
  }

  // ---------- time settings ----------

  private controlValue(id: string, fallback?: number): number {
    const group = this.groups.get(id);
    if (!group) {
      if (fallback !== undefined) return fallback;
      throw new VensimUnsupported(`the model does not define ${id.replaceAll('_', ' ').toUpperCase()}, which a run needs`);
    }
    return this.constantValue(group, new Set());
  }

  /** A time setting's value: a number, or arithmetic over numbers and other settings. */
  private constantValue(group: Group, visiting: Set<string>): number {
    const id = canonicalName(group.name);
    if (visiting.has(id)) throw new VensimUnsupported(`the time settings refer to one another in a circle (${group.name})`);
    visiting.add(id);
    const definition = group.equations[0]!.definition;
    let value: number | undefined;
    if (definition.kind === 'equation') value = this.evaluate(definition.expr, visiting);
    if (value === undefined || !Number.isFinite(value)) {
      throw new VensimUnsupported(`${group.name.toUpperCase()} must be a number (or arithmetic on numbers) to run the model; it is "${group.equations[0]!.raw.text.split('=').slice(1).join('=').trim()}"`);
    }
    visiting.delete(id);
    return value;
  }

  private evaluate(expr: VensimExpr, visiting: Set<string>): number | undefined {
    switch (expr.kind) {
      case 'number':
        return expr.value;
      case 'unary': {
        const value = this.evaluate(expr.operand, visiting);
        return value === undefined ? undefined : expr.op === '-' ? -value : expr.op === '+' ? value : undefined;
      }
      case 'binary': {
        const a = this.evaluate(expr.left, visiting);
        const b = this.evaluate(expr.right, visiting);
        if (a === undefined || b === undefined) return undefined;
        switch (expr.op) {
          case '+': return a + b;
          case '-': return a - b;
          case '*': return a * b;
          case '/': return a / b;
          case '^': return a ** b;
          case '=': return a === b ? 1 : 0;
          case '<>': return a !== b ? 1 : 0;
          case '<': return a < b ? 1 : 0;
          case '<=': return a <= b ? 1 : 0;
          case '>': return a > b ? 1 : 0;
          case '>=': return a >= b ? 1 : 0;
          case 'and': return a !== 0 && b !== 0 ? 1 : 0;
          case 'or': return a !== 0 || b !== 0 ? 1 : 0;
        }
        return undefined;
      }
      case 'ref': {
        const group = this.groups.get(canonicalName(expr.name));
        if (!group && canonicalName(expr.name) === 'time') return this.atStart ? this.startTime(visiting) : undefined;
        return group && expr.subscripts.length === 0 ? this.constantValue(group, visiting) : undefined;
      }
      case 'call': {
        // Values at the start time, for settings fixed when a run starts (the order of DELAY N).
        const name = topCall(expr);
        const args = expr.args.map((arg) => this.evaluate(arg, visiting));
        if (args.some((value) => value === undefined)) return undefined;
        const [a = 0, b = 0, c = 0] = args as number[];
        if (name === 'STEP' && args.length === 2) {
          if (!this.atStart) return undefined;
          const start = this.startTime(visiting);
          return start === undefined ? undefined : start >= b ? a : 0;
        }
        if (name === 'MIN' && args.length === 2) return Math.min(a, b);
        if (name === 'MAX' && args.length === 2) return Math.max(a, b);
        if (name === 'IF THEN ELSE' && args.length === 3) return a !== 0 ? b : c;
        return undefined;
      }
      default:
        return undefined;
    }
  }

  private startTime(visiting: Set<string>): number | undefined {
    const group = this.groups.get(CONTROL.start);
    if (!group || visiting.has(CONTROL.start)) return undefined;
    return this.constantValue(group, visiting);
  }

  /** FINAL TIME as an equation (it may end the run early): its value at the start, else undefined. */
  private dynamicStop(): number | undefined {
    const group = this.groups.get(CONTROL.stop);
    const definition = group?.equations[0]?.definition;
    if (!group || definition?.kind !== 'equation' || this.constant(definition.expr) !== undefined) return undefined;
    return this.valueAtStart(definition.expr);
  }

  private simSpecs(): ModelDocument['simSpecs'] {
    const start = this.controlValue(CONTROL.start);
    const dynamicStop = this.dynamicStop();
    const stop = dynamicStop ?? this.controlValue(CONTROL.stop);
    const dt = this.controlValue(CONTROL.dt, 1);
    const saveStep = this.controlValue(CONTROL.save, dt);
    if (!(dt > 0)) throw new VensimUnsupported(`TIME STEP must be greater than zero; it is ${dt}`);
    if (!(stop >= start)) throw new VensimUnsupported(`FINAL TIME (${stop}) is before INITIAL TIME (${start})`);
    if (!(saveStep > 0)) throw new VensimUnsupported(`SAVEPER must be greater than zero; it is ${saveStep}`);
    const units = this.groups.get(CONTROL.dt)?.equations[0]?.raw.units ?? this.groups.get(CONTROL.start)?.equations[0]?.raw.units ?? '';
    const stopVariable = dynamicStop === undefined ? {} : { stopVariable: this.groups.get(CONTROL.stop)!.name };
    return { start, stop, dt, saveStep: Math.max(saveStep, dt), method: 'euler', timeUnits: stripRange(units), ...stopVariable };
  }

  /** INITIAL TIME, FINAL TIME, TIME STEP and SAVEPER as variables (Vensim reports them), read from the run's settings. */
  private controlVariables(): VariableDefinition[] {
    const result: VariableDefinition[] = [];
    const equations: Record<string, string> = { [CONTROL.start]: 'STARTTIME', [CONTROL.stop]: 'STOPTIME', [CONTROL.dt]: 'DT' };
    for (const id of [CONTROL.start, CONTROL.stop, CONTROL.dt, CONTROL.save]) {
      const group = this.groups.get(id);
      if (!group) continue;
      const raw = group.equations[0]!.raw;
      const definition = group.equations[0]!.definition;
      const dynamic = id === CONTROL.stop && definition.kind === 'equation' && this.dynamicStop() !== undefined;
      const context: TranslateContext = { owner: this.shapes.get(id)!, ownerElements: [], bindings: undefined };
      const equation = dynamic && definition.kind === 'equation' ? this.translator.translate(definition.expr, context).text : (equations[id] ?? `DT * ${String(this.controlValue(CONTROL.save) / this.controlValue(CONTROL.dt, 1))}`);
      result.push({ kind: 'aux', name: group.name, equation, dimensions: [], elements: [], inflows: [], outflows: [], ...unitsOf(raw.units), ...(raw.comment ? { documentation: raw.comment } : {}) });
    }
    return result;
  }

  // ---------- macros ----------

  private macro(header: string, definitions: readonly RawDefinition[]): MacroDefinition {
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
    this.macroScope = scope;
    try {
      const variables: VariableDefinition[] = equations.map(({ lhs, expr, raw }) => {
        const shape = scope.get(canonicalName(lhs.name))!;
        const context: TranslateContext = { owner: shape, ownerElements: [], bindings: undefined };
        const common = { name: lhs.name, dimensions: [], elements: [], inflows: [], outflows: [], ...unitsOf(raw.units) };
        if (topCall(expr) === 'INTEG') {
          const [rate, initial] = callArgs(expr, 2, 'INTEG');
          return { ...common, kind: 'stock' as const, equation: this.translator.translate(initial, context).text, netFlowEquation: this.translator.translate(rate, context).text };
        }
        return { ...common, kind: 'aux' as const, equation: this.translator.translate(expr, context).text };
      });
      if (!scope.has(canonicalName(name)) || !equations.some(({ lhs }) => canonicalName(lhs.name) === canonicalName(name))) {
        throw new VensimUnsupported(`macro ${name} has no equation for ${name} itself, its result`);
      }
      return { name, parameters, equation: printName(name), variables };
    } finally {
      this.macroScope = undefined;
    }
  }
}

// ---------- helpers ----------

function macroName(header: string): string {
  return (/^\s*("[^"]*"|[^(]+)/.exec(header)?.[1] ?? header).trim();
}

function isLookupDefinition(definition: VensimDefinition): boolean {
  return definition.kind === 'lookup' || definition.kind === 'lookup-data' || (definition.kind === 'equation' && /^GET (XLS|DIRECT) LOOKUPS$/.test(topCall(definition.expr) ?? ''));
}

function lookupSource(definition: VensimDefinition): VensimExpr | undefined {
  if (definition.kind === 'lookup-data' || definition.kind === 'equation') return definition.expr;
  return undefined;
}

function equationKind(definition: VensimDefinition): 'data' | 'stock' | 'aux' {
  if (definition.kind === 'data') return 'data';
  if (definition.kind === 'equation' && topCall(definition.expr) === 'INTEG') return 'stock';
  return 'aux';
}

/** The Vensim function at the top of an expression, in canonical spelling (upper case, single spaces). */
function topCall(expr: VensimExpr): string | undefined {
  return expr.kind === 'call' ? expr.name.toUpperCase().replace(/[\s_]+/g, ' ') : undefined;
}

function callArgs(expr: VensimExpr, count: 2, name: string): [VensimExpr, VensimExpr] {
  const args = (expr as Extract<VensimExpr, { kind: 'call' }>).args;
  if (args.length !== count) throw new VensimUnsupported(`${name} takes ${count} arguments, but is given ${args.length}`);
  return [args[0]!, args[1]!];
}

function stringArgs(expr: VensimExpr, count: number, name: string): string[] {
  const args = (expr as Extract<VensimExpr, { kind: 'call' }>).args;
  if (args.length < count - 1 || args.length > count) throw new VensimUnsupported(`${name} takes ${count} arguments, but is given ${args.length}`);
  return args.map((arg) => {
    if (arg.kind !== 'string') throw new VensimUnsupported(`the arguments of ${name} must be texts in single quotes`);
    return arg.text;
  });
}

function sameRanges(lhs: VensimLhs, shape: VariableShape, dimensions: Dimensions): boolean {
  return lhs.subscripts.every((subscript, k) => dimensions.get(subscript)?.id === shape.dimensions[k]!.id);
}

function allTuples(dimensions: readonly DimensionInfo[]): string[][] {
  let tuples: string[][] = [[]];
  for (const dimension of dimensions) tuples = tuples.flatMap((tuple) => dimension.elementIds.map((element) => [...tuple, element]));
  return tuples;
}

/** Flows by sign in `a + b - c`, for the diagram and loop analysis. */
function collectFlows(expr: VensimExpr, sign: 1 | -1, inflows: Set<string>, outflows: Set<string>): void {
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
function pureFlows(rate: VensimExpr, group: Group, host: TranslateHost): { inflows: string[]; outflows: string[] } | undefined {
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

/**
 * :LOOK FORWARD: data as a step table: between two times the later value holds, so each value
 * starts just after the time before it (and the first value holds up to its own time).
 */
function lookForward(table: VensimLookup): VensimLookup {
  const { xs, ys } = table;
  if (xs.length < 2) return table;
  let spacing = Number.POSITIVE_INFINITY;
  for (let i = 1; i < xs.length; i++) if (xs[i]! > xs[i - 1]!) spacing = Math.min(spacing, xs[i]! - xs[i - 1]!);
  const nudge = Number.isFinite(spacing) ? spacing * 1e-9 : 1e-9;
  return { xs: [xs[0]!, ...xs.slice(0, -1).map((x) => x + nudge)], ys: [ys[0]!, ...ys.slice(1)] };
}

function graphical(table: VensimLookup, type: GraphicalFunction['type'], name: string): GraphicalFunction {
  if (table.xs.length === 0) throw new VensimUnsupported(`the lookup "${name}" has no points`);
  for (let i = 1; i < table.xs.length; i++) {
    if (table.xs[i]! < table.xs[i - 1]!) throw new VensimUnsupported(`the x values of the lookup "${name}" must not decrease`);
  }
  return { type, xs: table.xs, ys: table.ys };
}

/** Vensim writes a range after the units ("Month [0,?]"); the units alone are kept. */
function stripRange(units: string): string {
  return units.replace(/\[[^\]]*\]\s*$/, '').trim();
}

function unitsOf(units: string): { units?: string } {
  const text = stripRange(units);
  return text && !/^dmnl$/i.test(text) ? { units: text } : {};
}

export { parseVensimExpression };
export type { VariableKind };
