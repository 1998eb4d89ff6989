import { canonicalName } from '../equation/canonical-name.ts';
import type { GraphicalFunction, VariableDefinition } from '../xmile/model-document.ts';
import { printNumber } from './print-xmile.ts';
import type { DataFiles } from './read-data-files.ts';
import { elementLookupName } from './translate-lookups.ts';
import { VensimUnsupported, type VariableShape } from './translate-types.ts';
import type { VensimExpr, VensimLhs, VensimLookup } from './vensim-ast.ts';
import type { Dimensions } from './vensim-dimensions.ts';
import { allTuples, lookupSource, stringArgs, topCall, unitsOf, type Equation, type Group } from './vensim-definitions.ts';

/**
 * Vensim's tables as the engine's graphical functions: lookups (written in the model or read with
 * GET ... LOOKUPS), data variables (series from files or from the run's data sources, with any
 * constant elements beside them), and constants read from files (GET ... CONSTANTS, TABBED ARRAY).
 */

/** What the tables need from the reader. */
export interface TablesHost {
  readonly dimensions: Dimensions;
  variable(name: string): VariableShape | undefined;
  /** The element tuples an equation's left-hand side defines, each with its ranges bound. */
  tuples(shape: VariableShape, lhs: VensimLhs): { elements: string[]; bindings: Map<string, string> }[];
  /** The value of an expression made of numbers and constants only, else undefined. */
  constant(expr: VensimExpr): number | undefined;
}

export class VensimTables {
  private readonly host: TablesHost;
  private readonly data: DataFiles;
  private readonly dataSources: readonly string[] | undefined;
  private readonly lookups = new Map<string, Map<string, VensimLookup>>();

  constructor(host: TablesHost, data: DataFiles, dataSources: readonly string[] | undefined) {
    this.host = host;
    this.data = data;
    this.dataSources = dataSources;
  }

  /** The table of a lookup variable for one element (ids; none for a scalar lookup). */
  lookupTable(name: string, elements: readonly string[]): VensimLookup | undefined {
    return this.lookups.get(canonicalName(name))?.get(elements.join(','));
  }

  /** Tables of lookup variables, by element, read before any equation calls them. */
  readLookups(group: Group): void {
    const shape = this.host.variable(canonicalName(group.name))!;
    if (!shape.isLookup) return;
    const tables = new Map<string, VensimLookup>();
    for (const equation of group.equations) {
      const tuples = this.host.tuples(shape, equation.lhs);
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

  /** GET DIRECT CONSTANTS / GET XLS CONSTANTS / TABBED ARRAY: the values for an equation's elements, in its order. */
  constantsFromFile(expr: VensimExpr, equation: Equation, shape: VariableShape, cache: Map<Equation, number[]>): number[] | undefined {
    const top = topCall(expr);
    if (top !== 'GET DIRECT CONSTANTS' && top !== 'GET XLS CONSTANTS' && top !== 'TABBED ARRAY') return undefined;
    const known = cache.get(equation);
    if (known) return known;
    const tuples = this.host.tuples(shape, equation.lhs);
    // The block's columns run along the last range written with more than one element, its rows along the one before.
    const sizes = equation.lhs.subscripts.map((subscript) => this.host.dimensions.expand(subscript)!.length).filter((size) => size > 1);
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

  lookupVariables(group: Group, shape: VariableShape): VariableDefinition[] {
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
      const name = elementLookupName(group.name, elements.map((id) => this.host.dimensions.elementNames.get(id)!));
      result.push({ kind: 'gf', name, equation: '', dimensions: [], elements: [], inflows: [], outflows: [], graphicalFunction: graphical(table, 'continuous', name), ...units });
    }
    return result;
  }

  /** A data variable: a time series from a file, interpolated (or held) as its keyword says. */
  dataVariable(group: Group, shape: VariableShape, common: Omit<VariableDefinition, 'kind' | 'equation'>): VariableDefinition {
    const series = new Map<string, VensimLookup>();
    // Vensim's mixed types: data and constants make a data variable whose constant elements keep their value.
    const constants = new Map<string, number>();
    let keyword: string | undefined;
    for (const equation of group.equations) {
      const definition = equation.definition;
      const tuples = this.host.tuples(shape, equation.lhs);
      if (definition.kind !== 'data') {
        const values = this.constantValues(equation, shape, tuples.length);
        tuples.forEach((tuple, i) => constants.set(tuple.elements.join(','), values[i]!));
        continue;
      }
      keyword = definition.keyword ?? keyword;
      if (!definition.expr) {
        for (const tuple of tuples) {
          const label = tuple.elements.length === 0 ? group.name : `${group.name}[${tuple.elements.map((id) => this.host.dimensions.elementNames.get(id)).join(',')}]`;
          const found = this.data.sourceSeries(this.dataSources ?? [], label);
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
      const subscript = tuple.map((id) => this.host.dimensions.elementNames.get(id)!);
      const table = series.get(tuple.join(','));
      const constant = constants.get(tuple.join(','));
      if (!table && constant !== undefined) return { subscript, equation: printNumber(constant).text };
      if (!table) throw new VensimUnsupported(`"${group.name}" has no data for [${subscript.join(', ')}]`);
      return { subscript, equation: 'TIME', graphicalFunction: graphical(table, type, group.name) };
    });
    return { ...common, kind: 'aux', equation: 'TIME', elements };
  }

  /** The numbers a constant equation (a number list, GET ... CONSTANTS, arithmetic on numbers) gives its elements, in order. */
  private constantValues(equation: Equation, shape: VariableShape, count: number): number[] {
    const definition = equation.definition;
    if (definition.kind === 'constants') {
      if (definition.values.length !== count) throw new VensimUnsupported(`"${shape.name}" lists ${definition.values.length} values for ${count} elements`);
      return [...definition.values];
    }
    if (definition.kind === 'equation') {
      const fromFile = this.constantsFromFile(definition.expr, equation, shape, new Map());
      if (fromFile) return fromFile;
      const value = this.host.constant(definition.expr);
      if (value !== undefined) return new Array<number>(count).fill(value);
    }
    throw new VensimUnsupported(`"${shape.name}" mixes data from a file with equations that are not constants`);
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
}

/**
 * :LOOK FORWARD: data as a step table: between two times the later value holds, so each value
 * starts just after the time before it (and the first value holds up to its own time).
 */
export function lookForward(table: VensimLookup): VensimLookup {
  const { xs, ys } = table;
  if (xs.length < 2) return table;
  let spacing = Number.POSITIVE_INFINITY;
  for (let i = 1; i < xs.length; i++) if (xs[i]! > xs[i - 1]!) spacing = Math.min(spacing, xs[i]! - xs[i - 1]!);
  const nudge = Number.isFinite(spacing) ? spacing * 1e-9 : 1e-9;
  return { xs: [xs[0]!, ...xs.slice(0, -1).map((x) => x + nudge)], ys: [ys[0]!, ...ys.slice(1)] };
}

/**
 * A table as the engine's graphical function. Vensim reads a table's points in the order of their
 * x values whatever order they are written in (SDXorg subscripted_lookups: (2,-3),(1,-7),(0,-1)
 * gives -1 at 0, -4 at 0.5, -7 at 1, -3 from 2 on), so points are sorted by x, ties kept in order.
 */
export function graphical(table: VensimLookup, type: GraphicalFunction['type'], name: string): GraphicalFunction {
  if (table.xs.length === 0) throw new VensimUnsupported(`the lookup "${name}" has no points`);
  let sorted = true;
  for (let i = 1; i < table.xs.length; i++) if (table.xs[i]! < table.xs[i - 1]!) sorted = false;
  if (sorted) return { type, xs: table.xs, ys: table.ys };
  const order = table.xs.map((_, i) => i).sort((a, b) => table.xs[a]! - table.xs[b]! || a - b);
  return { type, xs: order.map((i) => table.xs[i]!), ys: order.map((i) => table.ys[i]!) };
}
