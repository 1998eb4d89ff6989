import { canonicalName } from '../equation/canonical-name.ts';
import type { VensimExpr, VensimLookup, VensimSubscript } from './vensim-ast.ts';
import type { DimensionInfo, Dimensions } from './vensim-dimensions.ts';
import { atom, binary, call, ifThenElse, negate, not, printName, printNumber, PRECEDENCE, type XmileText } from './print-xmile.ts';

/** A feature of the model this reader cannot translate; the message names the Vensim feature. */
export class VensimUnsupported extends Error {}

/** Thrown in apply-to-all mode when the equation must be written element by element instead. */
export class NeedsElements extends Error {}

/** What the translator knows of the model's variables. */
export interface VariableShape {
  readonly name: string;
  readonly dimensions: readonly DimensionInfo[];
  /** A lookup table (called with an input rather than read as a value). */
  readonly isLookup: boolean;
}

export interface TranslateHost {
  readonly dimensions: Dimensions;
  variable(name: string): VariableShape | undefined;
  isMacro(name: string): boolean;
  /** The table of a lookup variable (for one element of an arrayed one), for LOOKUP INVERT and friends. */
  lookupTable(name: string, elements: readonly string[]): VensimLookup | undefined;
  /** The value of an expression made of numbers and constants only, else undefined. */
  constant(expr: VensimExpr): number | undefined;
  /** The number one element of a variable is defined as (element ids in order), or undefined when it is not a constant. */
  elementConstant(name: string, elements: readonly string[]): number | undefined;
  /** The value at the start time, for settings Vensim fixes when a run starts (TIME and STEP read then). */
  valueAtStart(expr: VensimExpr): number | undefined;
  /** A hidden graphical function holding `table`; returns the name equations call it by. */
  hiddenLookup(owner: string, table: VensimLookup, type: 'continuous' | 'extrapolate' | 'discrete'): string;
}

export interface TranslateContext {
  /** The variable being defined, and the element (ids) being defined for element-by-element equations. */
  readonly owner: VariableShape;
  readonly ownerElements: readonly string[];
  /**
   * Element-by-element: each range of the left-hand side bound to one element (id). undefined
   * for an apply-to-all equation, where ranges are written as they are.
   */
  readonly bindings: ReadonlyMap<string, string> | undefined;
  /** Inside a reduction spelled out element by element: the element each range marked `!` stands for. */
  readonly bangs?: ReadonlyMap<string, string>;
}

/** Vensim's "not available" value (-2^109), as Vensim itself stores :NA:. */
export const VENSIM_NA = -6.490371073168535e32;

/** Functions whose Vensim name and XMILE name agree, with the same arguments. */
const SAME = new Map<string, string>([
  ['ABS', 'ABS'], ['SQRT', 'SQRT'], ['EXP', 'EXP'], ['LN', 'LN'], ['SIN', 'SIN'], ['COS', 'COS'], ['TAN', 'TAN'],
  ['ARCSIN', 'ARCSIN'], ['ARCCOS', 'ARCCOS'], ['ARCTAN', 'ARCTAN'], ['SINH', 'SINH'], ['COSH', 'COSH'], ['TANH', 'TANH'],
  ['MIN', 'MIN'], ['MAX', 'MAX'], ['RAMP', 'RAMP'], ['STEP', 'STEP'], ['INITIAL', 'INIT'],
  ['SMOOTH', 'SMTH1'], ['SMOOTHI', 'SMTH1'], ['SMOOTH3', 'SMTH3'], ['SMOOTH3I', 'SMTH3'],
  ['DELAY1', 'DELAY1'], ['DELAY1I', 'DELAY1'], ['DELAY3', 'DELAY3'], ['DELAY3I', 'DELAY3'],
  ['TREND', 'TREND'], ['FORECAST', 'FORCST'], ['MODULO', 'MOD'],
]);

/** Vensim functions that exist but that this reader does not translate: refused by name. */
const KNOWN_UNSUPPORTED = new Set([
  'ALLOCATE AVAILABLE', 'ALLOCATE BY PRIORITY', 'VECTOR ELM MAP', 'VECTOR SORT ORDER',
  'VECTOR RANK', 'VECTOR REORDER', 'VECTOR LOOKUP', 'MATRIX INVERT', 'RANDOM NORMAL', 'RANDOM EXPONENTIAL',
  'RANDOM POISSON', 'RANDOM BINOMIAL', 'RANDOM GAMMA', 'RANDOM WEIBULL', 'RANDOM BETA', 'RANDOM TRIANGULAR', 'RANDOM LOOKUP',
  'RANDOM PINK NOISE', 'DELAY CONVEYOR', 'DELAY PROFILE', 'DELAY MATERIAL', 'QUEUE FIFO', 'QUEUE ATTRIB', 'QUEUE CC',
  'QUEUE FIFO ATTRIB', 'NPV', 'NPV MULTIPLE', 'FIND ZERO', 'GET DATA AT TIME', 'GET DATA LAST TIME', 'GET DATA MAX', 'GET DATA MIN',
  'GET DATA MEAN', 'GET DATA TOTAL POINTS', 'GET DATA FIRST TIME', 'GET DATA BETWEEN TIMES', 'TIME BASE', 'SSHAPE', 'SIMULTANEOUS',
  'INTEG', 'ACTIVE INITIAL', 'REINITIAL', 'PULSE', 'TABBED ARRAY',
]);

/**
 * Translates Vensim expressions into XMILE equation text. Vensim's functions become the
 * engine's builtins (or short expressions with Vensim's exact meaning); subscripts become the
 * element each left-hand range is bound to, through subscript mappings where there are any.
 */
export class ExpressionTranslator {
  private readonly host: TranslateHost;

  constructor(host: TranslateHost) {
    this.host = host;
  }

  translate(expr: VensimExpr, context: TranslateContext): XmileText {
    switch (expr.kind) {
      case 'number':
        return printNumber(expr.value);
      case 'na':
        return printNumber(VENSIM_NA);
      case 'string':
        throw new VensimUnsupported(`the text '${expr.text}' can only be an argument of a GET function`);
      case 'lookup':
        throw new VensimUnsupported('a lookup table written in an equation can only be the second argument of WITH LOOKUP');
      case 'list':
        throw new VensimUnsupported('a list in parentheses can only be an argument of a function that takes one');
      case 'unary': {
        const operand = this.translate(expr.operand, context);
        if (expr.op === '+') return operand;
        return expr.op === '-' ? negate(operand) : not(operand);
      }
      case 'binary':
        return this.binaryChain(expr, context);
      case 'ref':
        return this.reference(expr.name, expr.subscripts, context);
      case 'call':
        return this.call(expr, context);
    }
  }

  /** Long `a + b - c ...` chains are walked along their left spine, not by recursion. */
  private binaryChain(expr: Extract<VensimExpr, { kind: 'binary' }>, context: TranslateContext): XmileText {
    const spine: Extract<VensimExpr, { kind: 'binary' }>[] = [];
    let bottom: VensimExpr = expr;
    while (bottom.kind === 'binary') {
      spine.push(bottom);
      bottom = bottom.left;
    }
    let text = this.translate(bottom, context);
    for (let i = spine.length - 1; i >= 0; i--) {
      const node = spine[i]!;
      const right = this.translate(node.right, context);
      text = binary(node.op === 'and' ? 'AND' : node.op === 'or' ? 'OR' : node.op, text, right);
    }
    return text;
  }

  reference(name: string, subscripts: readonly VensimSubscript[], context: TranslateContext): XmileText {
    const variable = this.host.variable(name);
    if (!variable) {
      const id = canonicalName(name);
      if (id === 'time') return atom('TIME');
      const range = this.host.dimensions.get(name);
      if (range) {
        // A range read as a value is the position (from 1) of the element being defined.
        if (!context.bindings) throw new NeedsElements();
        const element = this.elementFor(range, context.bindings);
        if (element === undefined) throw new VensimUnsupported(`the subscript range "${name}" is read as a value, but the equation of "${context.owner.name}" is not over it`);
        return printNumber(this.host.dimensions.familyPosition(element)!);
      }
      const position = this.host.dimensions.familyPosition(id);
      if (position !== undefined) return printNumber(position);
      // Unknown names reach the compiler, which names them and suggests the nearest.
      return atom(printName(name));
    }
    if (variable.isLookup) throw new VensimUnsupported(`"${name}" is a lookup; call it with an input, as in ${name}(x)`);
    return atom(this.subscripted(variable, subscripts, context));
  }

  /** `name[e1, e2]` with every range resolved for the element being defined. */
  private subscripted(variable: VariableShape, subscripts: readonly VensimSubscript[], context: TranslateContext): string {
    if (subscripts.length === 0) return printName(variable.name);
    if (subscripts.length !== variable.dimensions.length) {
      throw new VensimUnsupported(`"${variable.name}" has ${variable.dimensions.length} subscript(s) but is written with ${subscripts.length}`);
    }
    const parts = subscripts.map((subscript, position) => this.subscript(variable, variable.dimensions[position]!, subscript, context));
    return `${printName(variable.name)}[${parts.join(', ')}]`;
  }

  private subscript(variable: VariableShape, target: DimensionInfo, subscript: VensimSubscript, context: TranslateContext): string {
    const dimensions = this.host.dimensions;
    const range = dimensions.get(subscript.name);
    if (subscript.bang) {
      if (!range) throw new VensimUnsupported(`"${subscript.name}!" names no subscript range`);
      const element = context.bangs?.get(range.id);
      if (element !== undefined) {
        const resolved = target.positions.has(element) ? element : this.host.dimensions.correspond(target, range, element);
        if (resolved === undefined) throw new VensimUnsupported(`"${variable.name}" is over "${target.name}", which does not hold the element "${dimensions.elementNames.get(element)}" of "${range.name}"`);
        return printName(dimensions.elementNames.get(resolved)!);
      }
      if (range.id !== target.id) throw new NeedsElements();
      return `${printName(range.name)}!`;
    }
    if (!range) {
      const id = canonicalName(subscript.name);
      if (!target.positions.has(id)) {
        const what = dimensions.isElement(subscript.name) ? `is not an element of "${target.name}"` : 'is neither an element nor a subscript range';
        throw new VensimUnsupported(`in "${variable.name}[${subscript.name}]", "${subscript.name}" ${what}`);
      }
      return printName(dimensions.elementNames.get(id)!);
    }
    const bindings = context.bindings;
    if (bindings === undefined) {
      // Apply-to-all: a range stands for itself only where the variable has that very range.
      if (range.id === target.id && context.owner.dimensions.some((dimension) => dimension.id === range.id)) return printName(range.name);
      throw new NeedsElements();
    }
    const element = this.elementFor(range, bindings);
    if (element === undefined) {
      throw new VensimUnsupported(`the subscript range "${range.name}" is used on the right of the equation of "${context.owner.name}" but not on its left, and no mapping links it to a range on the left`);
    }
    let resolved = element;
    if (!target.positions.has(resolved)) {
      // The range stands at a position of another range: go through a mapping, else by position.
      resolved = dimensions.correspond(target, range, element) ?? target.elementIds[range.positions.get(element)!] ?? '';
      if (!target.positions.has(resolved) || (range.elements.length !== target.elements.length && !dimensions.correspond(target, range, element))) {
        throw new VensimUnsupported(`"${variable.name}" is over "${target.name}", which does not hold the element "${dimensions.elementNames.get(element)}" of "${range.name}"`);
      }
    }
    return printName(dimensions.elementNames.get(resolved)!);
  }

  /** The element of `range` that goes with the left-hand side's bound elements. */
  private elementFor(range: DimensionInfo, bindings: ReadonlyMap<string, string>): string | undefined {
    const dimensions = this.host.dimensions;
    const direct = bindings.get(range.id);
    if (direct !== undefined) return direct;
    const bound = [...bindings].map(([id, element]) => ({ dimension: dimensions.byId.get(id)!, element }));
    for (const { dimension, element } of bound) {
      const mapped = dimensions.correspond(range, dimension, element);
      if (mapped !== undefined) return mapped;
    }
    for (const { dimension, element } of bound) if (dimensions.sameFamily(range, dimension) && range.positions.has(element)) return element;
    for (const { dimension, element } of bound) {
      if (range.elements.length === dimension.elements.length && !dimensions.sameFamily(range, dimension)) return range.elementIds[dimension.positions.get(element)!];
    }
    return undefined;
  }

  private call(expr: Extract<VensimExpr, { kind: 'call' }>, context: TranslateContext): XmileText {
    const name = expr.name.toUpperCase().replace(/[\s_]+/g, ' ');
    const args = expr.args;
    const arg = (i: number): XmileText => this.translate(args[i]!, context);
    const arity = (min: number, max = min): void => {
      if (args.length < min || args.length > max) {
        throw new VensimUnsupported(`${name} takes ${min === max ? min : `${min} to ${max}`} argument(s), but is given ${args.length}`);
      }
    };

    // A lookup (table) called with an input.
    const variable = this.host.variable(expr.name);
    if (variable?.isLookup) {
      arity(1);
      return atom(`${this.lookupName(variable, expr.subscripts, context)}(${arg(0).text})`);
    }
    if (this.host.isMacro(expr.name)) return call(printName(expr.name), args.map((_, i) => arg(i)));

    const same = SAME.get(name);
    if (same !== undefined && name !== 'MIN' && name !== 'MAX') return call(same, args.map((_, i) => arg(i)));
    const zero = atom('0');
    const one = atom('1');
    const time = atom('TIME');
    const dt = atom('DT');
    switch (name) {
      case 'MIN':
      case 'MAX':
        arity(2);
        return call(name, [arg(0), arg(1)]);
      case 'IF THEN ELSE':
        arity(3);
        return ifThenElse(arg(0), arg(1), arg(2));
      case 'INTEGER': {
        // Vensim's INTEGER drops the fraction (toward zero): INTEGER(-9.9) = -9.
        arity(1);
        return truncate(arg(0));
      }
      case 'QUANTUM': {
        // QUANTUM(A, Q) = Q * INTEGER(A / Q), or A where Q is not positive.
        arity(2);
        const a = arg(0);
        const q = arg(1);
        return ifThenElse(binary('<=', q, zero), a, binary('*', q, truncate(binary('/', a, q))));
      }
      case 'POWER':
        arity(2);
        return binary('^', arg(0), arg(1));
      case 'LOG':
        arity(2);
        return binary('/', call('LN', [arg(0)]), call('LN', [arg(1)]));
      case 'XIDZ':
      case 'ZIDZ': {
        // Vensim treats a divisor smaller than 1e-6 in size as zero.
        arity(name === 'XIDZ' ? 3 : 2);
        const b = arg(1);
        return ifThenElse(binary('<', call('ABS', [b]), atom('1e-6')), name === 'XIDZ' ? arg(2) : zero, binary('/', arg(0), b));
      }
      case 'PULSE': {
        // 1 from `start` for `width` (one time step when 0), with half a step of slack as Vensim has.
        arity(2);
        const start = arg(0);
        const width = call('MAX', [arg(1), dt]);
        const half = binary('+', time, binary('/', dt, atom('2')));
        return ifThenElse(binary('AND', binary('>', half, start), binary('<', half, binary('+', start, width))), one, zero);
      }
      case 'PULSE TRAIN': {
        // Pulses of `width` from `start`, every `interval`, the last starting no later than `end`.
        arity(4);
        const start = arg(0);
        const width = call('MAX', [arg(1), dt]);
        const interval = arg(2);
        const end = arg(3);
        const half = binary('+', time, binary('/', dt, atom('2')));
        const since = binary('-', half, start);
        const phase = binary('-', since, binary('*', interval, call('INT', [binary('/', since, interval)])));
        const within = binary('AND', binary('>', half, start), binary('<=', time, end));
        const inPulse = ifThenElse(binary('>', interval, zero), binary('<', phase, width), binary('<', since, width));
        return ifThenElse(binary('AND', within, inPulse), one, zero);
      }
      case 'GET TIME VALUE': {
        // Simulated time only: relative to now (0) or to the start (1), measured in the model's time (0).
        arity(3);
        const relative = this.host.constant(args[0]!);
        const measure = this.host.constant(args[2]!);
        if (measure !== 0 || (relative !== 0 && relative !== 1)) {
          throw new VensimUnsupported('GET TIME VALUE is supported for the simulated time only (first argument 0 or 1, last argument 0); calendar and clock time are not');
        }
        return binary('+', relative === 0 ? time : atom('STARTTIME'), arg(1));
      }
      case 'GAME':
        arity(1);
        return arg(0);
      case 'SMOOTH N':
        arity(4);
        return call('SMTHN', [arg(0), arg(1), this.order(args[3]!, context), arg(2)]);
      case 'DELAY N':
        arity(4);
        return call('DELAYN', [arg(0), arg(1), this.order(args[3]!, context), arg(2)]);
      case 'DELAY FIXED':
        // The delay time is read once, at the start, and is at least one time step (as in Vensim).
        arity(3);
        return call('DELAY', [arg(0), call('MAX', [call('INIT', [arg(1)]), dt]), arg(2)]);
      case 'SAMPLE IF TRUE': {
        arity(3);
        const self = atom(this.selfReference(context));
        return ifThenElse(arg(0), arg(1), call('PREVIOUS', [self, arg(2)]));
      }
      case 'RANDOM UNIFORM':
        arity(3);
        // Vensim's seed picks its own stream; a zero seed means "follow the run's seed".
        return args[2]!.kind === 'number' && args[2]!.value === 0 ? call('RANDOM', [arg(0), arg(1)]) : call('RANDOM', [arg(0), arg(1), arg(2)]);
      case 'SUM':
      case 'PROD':
      case 'VMIN':
      case 'VMAX':
        arity(1);
        return this.reduction(name, args[0]!, context);
      case 'VECTOR SELECT': {
        arity(5);
        return this.vectorSelect(args, context);
      }
      case 'INVERT MATRIX': {
        arity(2);
        return this.invertMatrix(args[0]!, context);
      }
      case 'ELMCOUNT': {
        arity(1);
        const target = args[0]!;
        const range = target.kind === 'ref' ? this.host.dimensions.get(target.name) : undefined;
        if (!range) throw new VensimUnsupported('ELMCOUNT takes the name of a subscript range');
        return printNumber(range.elements.length);
      }
      case 'WITH LOOKUP': {
        arity(2);
        const table = args[1]!;
        if (table.kind !== 'lookup') throw new VensimUnsupported('the second argument of WITH LOOKUP must be a lookup table written in place');
        return atom(`${printName(this.host.hiddenLookup(context.owner.name, table.table, 'continuous'))}(${arg(0).text})`);
      }
      case 'LOOKUP EXTRAPOLATE':
      case 'LOOKUP FORWARD':
      case 'LOOKUP BACKWARD':
      case 'LOOKUP INVERT': {
        arity(2);
        const target = args[0]!;
        const lookup = target.kind === 'ref' ? this.host.variable(target.name) : undefined;
        if (!lookup?.isLookup || target.kind !== 'ref') throw new VensimUnsupported(`the first argument of ${name} must be a lookup`);
        if (name === 'LOOKUP FORWARD') throw new VensimUnsupported('LOOKUP FORWARD is not supported');
        const elements = target.subscripts.map((subscript, position) => this.lookupElement(lookup, position, subscript, context));
        const table = this.host.lookupTable(lookup.name, elements);
        if (!table) throw new VensimUnsupported(`the lookup "${lookup.name}" has no table here`);
        const used = name === 'LOOKUP INVERT' ? invert(table, lookup.name) : table;
        const type = name === 'LOOKUP EXTRAPOLATE' ? 'extrapolate' : name === 'LOOKUP BACKWARD' ? 'discrete' : 'continuous';
        return atom(`${printName(this.host.hiddenLookup(context.owner.name, used, type))}(${arg(1).text})`);
      }
      default:
        if (KNOWN_UNSUPPORTED.has(name) || name.startsWith('GET ')) throw new VensimUnsupported(`the Vensim function ${name} is not supported here`);
        return call(printName(expr.name), args.map((_, i) => arg(i)));
    }
  }

  /**
   * Each expression once per combination of the ranges marked `!` in any of them (the same
   * combination for all), with the other ranges as the context binds them.
   */
  private expandBangs(exprs: readonly VensimExpr[], context: TranslateContext): XmileText[][] {
    if (!context.bindings && context.owner.dimensions.length > 0) throw new NeedsElements();
    const ranges = new Map<string, DimensionInfo>();
    for (const expr of exprs) collectBangs(expr, this.host.dimensions, ranges);
    const dims = [...ranges.values()];
    const total = dims.reduce((product, dimension) => product * dimension.elements.length, 1);
    const indices = dims.map(() => 0);
    const terms: XmileText[][] = exprs.map(() => []);
    for (let n = 0; n < total; n++) {
      const bangs = new Map(context.bangs ?? []);
      dims.forEach((dimension, d) => bangs.set(dimension.id, dimension.elementIds[indices[d]!]!));
      exprs.forEach((expr, i) => terms[i]!.push(this.translate(expr, { ...context, bangs })));
      for (let d = dims.length - 1; d >= 0; d--) {
        indices[d]!++;
        if (indices[d]! < dims[d]!.elements.length) break;
        indices[d] = 0;
      }
    }
    return terms;
  }

  /**
   * VECTOR SELECT(selection[r!], values[r!], missing, action, error action): over the elements
   * where the selection is not zero, a sum (0, 6), product (1, 5, 7), minimum (2, 8), maximum
   * (3, 9) or mean (4, 10) of selection × value (0-4), value ^ selection (5) or the value (6-10);
   * `missing` where nothing is selected. The error action only stops Vensim; it is not checked.
   */
  private vectorSelect(args: readonly VensimExpr[], context: TranslateContext): XmileText {
    const [selection, values] = this.expandBangs([args[0]!, args[1]!], context);
    const missing = this.translate(args[2]!, context);
    const present = selection!.map((s) => binary('<>', s, atom('0')));
    const count = fold(present.map((p) => ifThenElse(p, atom('1'), atom('0'))), (a, b) => binary('+', a, b));
    const result = (action: number): XmileText => {
      const weighted = values!.map((value, k) => (action <= 4 ? binary('*', selection![k]!, value) : action === 5 ? binary('^', value, selection![k]!) : value));
      const pick = (fallback: string) => weighted.map((w, k) => ifThenElse(present[k]!, w, atom(fallback)));
      switch (action % 5 === 0 && action !== 0 ? (action === 5 ? 1 : 4) : action > 5 ? action - 6 : action) {
        case 0: return fold(pick('0'), (a, b) => binary('+', a, b));
        case 1: return fold(pick('1'), (a, b) => binary('*', a, b));
        case 2: return fold(pick('1e308'), (a, b) => call('MIN', [a, b]));
        case 3: return fold(pick('-1e308'), (a, b) => call('MAX', [a, b]));
        default: return binary('/', fold(pick('0'), (a, b) => binary('+', a, b)), count);
      }
    };
    const constantAction = this.host.constant(args[3]!);
    let chosen: XmileText;
    if (constantAction !== undefined) {
      if (!Number.isInteger(constantAction) || constantAction < 0 || constantAction > 10) throw new VensimUnsupported(`the action of VECTOR SELECT must be a whole number from 0 to 10, not ${constantAction}`);
      chosen = result(constantAction);
    } else {
      // An action that changes during the run: every action, chosen by its current value.
      const action = this.translate(args[3]!, context);
      chosen = atom('0');
      for (let a = 10; a >= 0; a--) chosen = ifThenElse(binary('=', action, atom(String(a))), result(a), chosen);
    }
    return ifThenElse(binary('=', count, atom('0')), missing, chosen);
  }

  /**
   * INVERT MATRIX(m[..., Row, Column], n): the element being defined of the inverse of the
   * square matrix over the last two ranges. The matrix must be constant (numbers in the model),
   * so the inverse is computed once here, by Gauss-Jordan elimination with partial pivoting.
   */
  private invertMatrix(argument: VensimExpr, context: TranslateContext): XmileText {
    const matrix = argument.kind === 'ref' ? this.host.variable(argument.name) : undefined;
    if (!matrix || argument.kind !== 'ref' || argument.subscripts.length < 2) throw new VensimUnsupported('INVERT MATRIX takes a variable with at least two subscripts, the matrix in its last two');
    if (!context.bindings) throw new NeedsElements();
    const count = argument.subscripts.length;
    const rows = this.host.dimensions.get(argument.subscripts[count - 2]!.name);
    const columns = this.host.dimensions.get(argument.subscripts[count - 1]!.name);
    if (!rows || !columns || rows.elements.length !== columns.elements.length) throw new VensimUnsupported('INVERT MATRIX needs a square matrix over its last two subscript ranges');
    const fixed = argument.subscripts.slice(0, -2).map((subscript) => {
      const range = this.host.dimensions.get(subscript.name);
      const element = range ? this.elementFor(range, context.bindings!) : canonicalName(subscript.name);
      if (element === undefined) throw new VensimUnsupported(`the subscript range "${subscript.name}" of INVERT MATRIX is not on the left of the equation`);
      return element;
    });
    const n = rows.elements.length;
    const values = rows.elementIds.map((row) =>
      columns.elementIds.map((column) => {
        const value = this.host.elementConstant(matrix.name, [...fixed, row, column]);
        if (value === undefined) throw new VensimUnsupported(`INVERT MATRIX is supported for constant matrices only; "${matrix.name}" is not a number for every element`);
        return value;
      }),
    );
    const inverse = invertSquare(values, n);
    if (!inverse) throw new VensimUnsupported(`the matrix "${matrix.name}" cannot be inverted (it is singular)`);
    const row = this.elementFor(rows, context.bindings);
    const column = this.elementFor(columns, context.bindings);
    if (row === undefined || column === undefined) throw new VensimUnsupported('INVERT MATRIX must be assigned to a variable over the same two ranges as its matrix');
    return printNumber(inverse[rows.positions.get(row)!]![columns.positions.get(column)!]!);
  }

  /** The order of SMOOTH N or DELAY N: a number, even when written as a constant's name. */
  private order(expr: VensimExpr, context: TranslateContext): XmileText {
    const value = this.host.valueAtStart(expr);
    return value === undefined ? this.translate(expr, context) : printNumber(value);
  }

  /** The name a lookup call uses: the table itself, or one element's table of an arrayed lookup. */
  private lookupName(lookup: VariableShape, subscripts: readonly VensimSubscript[], context: TranslateContext): string {
    if (lookup.dimensions.length === 0) return printName(lookup.name);
    if (subscripts.length !== lookup.dimensions.length) throw new VensimUnsupported(`the lookup "${lookup.name}" is arrayed; name its element, as in ${lookup.name}[${lookup.dimensions.map((d) => d.elements[0]).join(',')}](x)`);
    const elements = subscripts.map((subscript, position) => this.lookupElement(lookup, position, subscript, context));
    return printName(elementLookupName(lookup.name, elements.map((id) => this.host.dimensions.elementNames.get(id)!)));
  }

  private lookupElement(lookup: VariableShape, position: number, subscript: VensimSubscript, context: TranslateContext): string {
    const target = lookup.dimensions[position];
    if (!target) return '';
    const range = this.host.dimensions.get(subscript.name);
    if (!range) return canonicalName(subscript.name);
    if (!context.bindings) throw new NeedsElements();
    const element = this.elementFor(range, context.bindings);
    if (element === undefined) throw new VensimUnsupported(`the subscript range "${range.name}" of the lookup "${lookup.name}" is not on the left of the equation`);
    return target.positions.has(element) ? element : (this.host.dimensions.correspond(target, range, element) ?? target.elementIds[range.positions.get(element)!] ?? element);
  }

  private selfReference(context: TranslateContext): string {
    const owner = context.owner;
    if (owner.dimensions.length === 0) return printName(owner.name);
    if (!context.bindings) return `${printName(owner.name)}[${owner.dimensions.map((d) => printName(d.name)).join(', ')}]`;
    return `${printName(owner.name)}[${context.ownerElements.map((id) => printName(this.host.dimensions.elementNames.get(id)!)).join(', ')}]`;
  }

  /**
   * SUM, PROD, VMIN and VMAX over the ranges marked `!`. Written as the engine's array functions
   * where each marked range is the variable's own range there; otherwise spelled out element by
   * element (a sub-range of the variable's range, say).
   */
  private reduction(name: string, argument: VensimExpr, context: TranslateContext): XmileText {
    const xmileName = name === 'VMIN' ? 'MIN' : name === 'VMAX' ? 'MAX' : name;
    try {
      return call(xmileName, [this.translate(argument, context)]);
    } catch (error) {
      if (!(error instanceof NeedsElements)) throw error;
    }
    if (!context.bindings && context.owner.dimensions.length > 0) throw new NeedsElements();
    const ranges = new Map<string, DimensionInfo>();
    collectBangs(argument, this.host.dimensions, ranges);
    const dims = [...ranges.values()];
    const terms: XmileText[] = [];
    const indices = dims.map(() => 0);
    const total = dims.reduce((product, dimension) => product * dimension.elements.length, 1);
    for (let n = 0; n < total; n++) {
      const bangs = new Map(context.bangs ?? []);
      dims.forEach((dimension, d) => bangs.set(dimension.id, dimension.elementIds[indices[d]!]!));
      terms.push(this.translate(argument, { ...context, bangs }));
      for (let d = dims.length - 1; d >= 0; d--) {
        indices[d]!++;
        if (indices[d]! < dims[d]!.elements.length) break;
        indices[d] = 0;
      }
    }
    if (terms.length === 0) return zero();
    if (name === 'SUM' || name === 'PROD') {
      let result = terms[0]!;
      for (let i = 1; i < terms.length; i++) result = binary(name === 'SUM' ? '+' : '*', result, terms[i]!);
      return { text: `(${result.text})`, precedence: PRECEDENCE.atom };
    }
    // MIN/MAX of many values, in groups the parser's argument limit allows.
    let level = terms;
    while (level.length > 1) {
      const next: XmileText[] = [];
      for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? call(xmileName, [level[i]!, level[i + 1]!]) : level[i]!);
      level = next;
    }
    return level[0]!;
  }
}

function fold(terms: readonly XmileText[], combine: (a: XmileText, b: XmileText) => XmileText): XmileText {
  if (terms.length === 0) return atom('0');
  let level = [...terms];
  // Pairwise, so a long list makes a shallow expression.
  while (level.length > 1) {
    const next: XmileText[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? combine(level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  return { text: `(${level[0]!.text})`, precedence: PRECEDENCE.atom };
}

/** The inverse of an n × n matrix, or undefined when it is singular. */
function invertSquare(values: readonly (readonly number[])[], n: number): number[][] | undefined {
  const a = values.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let column = 0; column < n; column++) {
    let pivot = column;
    for (let row = column + 1; row < n; row++) if (Math.abs(a[row]![column]!) > Math.abs(a[pivot]![column]!)) pivot = row;
    if (Math.abs(a[pivot]![column]!) < 1e-300) return undefined;
    [a[column], a[pivot]] = [a[pivot]!, a[column]!];
    const lead = a[column]![column]!;
    for (let k = 0; k < 2 * n; k++) a[column]![k]! /= lead;
    for (let row = 0; row < n; row++) {
      if (row === column) continue;
      const factor = a[row]![column]!;
      if (factor === 0) continue;
      for (let k = 0; k < 2 * n; k++) a[row]![k]! -= factor * a[column]![k]!;
    }
  }
  return a.map((row) => row.slice(n));
}

function zero(): XmileText {
  return atom('0');
}

/** x without its fraction, toward zero, whatever INT does with negative numbers. */
function truncate(x: XmileText): XmileText {
  return ifThenElse(binary('<', x, atom('0')), negate(call('INT', [negate(x)])), call('INT', [x]));
}

function collectBangs(expr: VensimExpr, dimensions: Dimensions, into: Map<string, DimensionInfo>): void {
  switch (expr.kind) {
    case 'ref':
    case 'call':
      for (const subscript of expr.subscripts) {
        const range = subscript.bang ? dimensions.get(subscript.name) : undefined;
        if (range) into.set(range.id, range);
      }
      if (expr.kind === 'call') for (const arg of expr.args) collectBangs(arg, dimensions, into);
      return;
    case 'unary':
      collectBangs(expr.operand, dimensions, into);
      return;
    case 'binary':
      collectBangs(expr.left, dimensions, into);
      collectBangs(expr.right, dimensions, into);
      return;
    case 'list':
      for (const item of expr.items) collectBangs(item, dimensions, into);
      return;
    default:
      return;
  }
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
