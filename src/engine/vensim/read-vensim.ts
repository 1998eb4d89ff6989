import { canonicalName } from '../equation/canonical-name.ts';
import { modelError, type ModelError } from '../errors.ts';
import type { GraphicalFunction, MacroDefinition, ModelDocument, VariableDefinition, VariableKind } from '../xmile/model-document.ts';
import { parseVensimEntry, type VensimEntry } from './parse-vensim-entry.ts';
import { parseVensimExpression, VensimSyntaxError } from './parse-vensim-equation.ts';
import { UnprintableName } from './print-xmile.ts';
import { DataFiles, type DataFileAccess } from './read-data-files.ts';
import { readSketch } from './read-sketch.ts';
import { splitMdl, type RawDefinition } from './split-mdl.ts';
import { ExpressionTranslator } from './translate-expr.ts';
import { NeedsElements, VensimUnsupported, type TranslateContext, type TranslateHost, type VariableShape } from './translate-types.ts';
import type { VensimDimension, VensimExpr, VensimLhs, VensimLookup } from './vensim-ast.ts';
import { Dimensions, type DimensionInfo } from './vensim-dimensions.ts';
import { allTuples, callArgs, CONTROL, equationKind, isLookupDefinition, macroName, sameRanges, topCall, unitsOf, type Equation, type Group } from './vensim-definitions.ts';
import { collectFlows, pureFlows } from './stock-flows.ts';
import { graphical, VensimTables } from './vensim-tables.ts';
import { TimeSettings } from './time-settings.ts';
import { readMacro, type MacroHost } from './read-macro.ts';

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
 *
 * This file holds the reader's state (the equations grouped by variable, their shapes) and turns
 * each variable into the document's; the rest has files of its own: splitting the file
 * (split-mdl.ts), parsing (parse-vensim-equation.ts), ranges (vensim-dimensions.ts), expressions
 * (translate-expr.ts), tables and data (vensim-tables.ts, read-data-files.ts), time settings
 * (time-settings.ts), macros (read-macro.ts), stock flows (stock-flows.ts), the sketch
 * (read-sketch.ts).
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
  private readonly hidden: VariableDefinition[] = [];
  private readonly data: DataFiles;
  private readonly tables: VensimTables;
  private readonly translator = new ExpressionTranslator(this);
  /** Set while a macro's equations are translated: its parameters and own variables shadow the model's. */
  private macroScope: Map<string, VariableShape> | undefined;
  private readonly macroHost: MacroHost = {
    translate: (expr, context) => this.translator.translate(expr, context),
    inScope: (scope, work) => {
      this.macroScope = new Map(scope);
      try {
        return work();
      } finally {
        this.macroScope = undefined;
      }
    },
  };
  private readonly settings = new TimeSettings(this.groups, this.shapes, (expr, context) => this.translator.translate(expr, context));

  constructor(source: string, options: VensimReadOptions) {
    this.source = source;
    this.options = options;
    this.file = options.fileName === undefined ? {} : { file: options.fileName };
    this.data = new DataFiles(options);
    this.tables = new VensimTables(this, this.data, options.dataSources);
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
    for (const group of this.groups.values()) this.guard(group.name, () => this.tables.readLookups(group));

    const variables: VariableDefinition[] = [];
    for (const group of this.groups.values()) {
      if (this.isControl(group)) continue;
      this.guard(group.name, () => variables.push(...this.define(group)));
    }
    const simSpecs = this.guard('the time settings', () => this.settings.simSpecs());
    const macros: MacroDefinition[] = [];
    for (const macro of split.macros) {
      const definition = this.guard(macroName(macro.header), () => readMacro(macro.header, macro.definitions, this.macroHost));
      if (definition) macros.push(definition);
    }
    if (this.errors.length > 0 || !simSpecs) return { errors: this.errors, warnings: this.warnings };
    variables.push(...this.settings.controlVariables(), ...this.hidden);
    const flowNames = new Set(variables.flatMap((variable) => [...variable.inflows, ...variable.outflows].map(canonicalName)));
    const typed = variables.map((variable) => (variable.kind === 'aux' && flowNames.has(canonicalName(variable.name)) ? { ...variable, kind: 'flow' as const } : variable));
    const kinds = new Map(typed.map((variable) => [canonicalName(variable.name), variable.kind]));
    const views = readSketch(split.sketch, kinds);
    const document: ModelDocument = {
      ...this.file,
      dialect: 'vensim',
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
      if (error instanceof NeedsElements) {
        // A range on the right that only element-by-element writing resolves (one mapped onto
        // another range in a different order, say), inside a function that takes whole arrays.
        const message = 'a subscript range on the right of this equation stands for the elements of another range through a mapping, where a function needs the whole array (write the array over its own range)';
        this.errors.push(modelError('unsupported', message, { ...this.file, variable }));
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
    return this.tables.lookupTable(name, elements);
  }

  constant(expr: VensimExpr): number | undefined {
    return this.settings.constant(expr);
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
    return this.settings.valueAtStart(expr);
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

  /** The element tuples an equation's left-hand side defines, each with its ranges bound. */
  tuples(shape: VariableShape, lhs: VensimLhs): { elements: string[]; bindings: Map<string, string> }[] {
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
    if (shape.isLookup) return this.tables.lookupVariables(group, shape);
    const kinds = new Set(group.equations.map((equation) => equationKind(equation.definition)));
    if (kinds.has('data')) return [this.tables.dataVariable(group, shape, common)];
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

    return [this.defineByElement(group, shape, common, isStock)];
  }

  /**
   * A variable written element by element (several equations, :EXCEPT:, sub-ranges, or ranges the
   * engine cannot take as they are), in the engine's order (last range fastest): one equation,
   * net flow and initial value per element.
   */
  private defineByElement(group: Group, shape: VariableShape, common: Omit<VariableDefinition, 'kind' | 'equation'>, isStock: boolean): VariableDefinition {
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
        initials.push('');
        continue;
      }
      if (definition.kind !== 'equation') throw new VensimUnsupported(`"${group.name}" has an equation of a kind that cannot be mixed with others`);
      const expr = definition.expr;
      const fromFile = this.tables.constantsFromFile(expr, entry.equation, shape, constantsCache);
      if (fromFile) {
        equations.push(String(fromFile[entry.index]!));
        initials.push('');
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
    return variable;
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
    const fromFile = this.tables.constantsFromFile(expr, { lhs: { name: group.name, subscripts: common.dimensions, except: [] }, definition: { kind: 'equation', expr }, raw: { text: '', units: '', comment: '', line: 0 } }, context.owner, new Map());
    if (fromFile) {
      if (fromFile.length === 1) return { ...common, kind: 'aux', equation: String(fromFile[0]!) };
      return { ...common, kind: 'aux', equation: String(fromFile[0]!), positionalEquations: fromFile.map(String) };
    }
    return { ...common, kind: 'aux', equation: this.translator.translate(expr, context).text };
  }

}

export { parseVensimExpression };
export type { VariableKind };
