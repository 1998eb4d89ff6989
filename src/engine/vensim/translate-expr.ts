import { canonicalName } from '../equation/canonical-name.ts';
import type { VensimExpr, VensimSubscript } from './vensim-ast.ts';
import type { DimensionInfo } from './vensim-dimensions.ts';
import { atom, binary, call, ifThenElse, negate, not, printName, printNumber, type XmileText } from './print-xmile.ts';
import { invertMatrix, lastRange, reduction } from './translate-arrays.ts';
import { scalarFunction } from './translate-scalar-functions.ts';
import { lookupFunction, lookupName } from './translate-lookups.ts';
import { NeedsElements, VensimUnsupported, type TranslateContext, type TranslateHost, type VariableShape } from './translate-types.ts';

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
  'ALLOCATE AVAILABLE', 'ALLOCATE BY PRIORITY', 'VECTOR LOOKUP', 'MATRIX INVERT', 'RANDOM NORMAL', 'RANDOM EXPONENTIAL',
  'RANDOM POISSON', 'RANDOM BINOMIAL', 'RANDOM GAMMA', 'RANDOM WEIBULL', 'RANDOM BETA', 'RANDOM TRIANGULAR', 'RANDOM LOOKUP',
  'RANDOM PINK NOISE', 'DELAY CONVEYOR', 'DELAY PROFILE', 'DELAY MATERIAL', 'QUEUE FIFO', 'QUEUE ATTRIB', 'QUEUE CC',
  'QUEUE FIFO ATTRIB', 'NPV MULTIPLE', 'FIND ZERO', 'GET DATA AT TIME', 'GET DATA LAST TIME', 'GET DATA MAX', 'GET DATA MIN',
  'GET DATA MEAN', 'GET DATA TOTAL POINTS', 'GET DATA FIRST TIME', 'GET DATA BETWEEN TIMES', 'TIME BASE', 'SSHAPE', 'SIMULTANEOUS',
  'INTEG', 'ACTIVE INITIAL', 'REINITIAL', 'PULSE', 'TABBED ARRAY',
]);

/**
 * Translates Vensim expressions into XMILE equation text. Vensim's functions become the
 * engine's builtins (or short expressions with Vensim's exact meaning); subscripts become the
 * element each left-hand range is bound to, through subscript mappings where there are any.
 */
export class ExpressionTranslator {
  readonly host: TranslateHost;

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
      if (range.id !== target.id && !this.walksAlike(range, target)) throw new NeedsElements();
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
    if (context.free?.has(range.id)) return printName(range.name);
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

  /**
   * `x[range!]` with x over `target` can be left to the engine, which walks a sub-range's
   * elements by name and a range of the same size by position: true where Vensim's
   * correspondence is the same.
   */
  private walksAlike(range: DimensionInfo, target: DimensionInfo): boolean {
    if (range.elementIds.every((element) => target.positions.has(element))) return true;
    if (range.elements.length !== target.elements.length) return false;
    return range.elementIds.every((element, k) => {
      const mapped = this.host.dimensions.correspond(target, range, element);
      return mapped === undefined ? !range.elementIds.some((id) => target.positions.has(id)) : mapped === target.elementIds[k];
    });
  }

  /** The element of `range` that goes with the left-hand side's bound elements. */
  elementFor(range: DimensionInfo, bindings: ReadonlyMap<string, string>): string | undefined {
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
      return atom(`${lookupName(this, variable, expr.subscripts, context)}(${arg(0).text})`);
    }
    if (this.host.isMacro(expr.name)) return call(printName(expr.name), args.map((_, i) => arg(i)));

    const same = SAME.get(name);
    if (same !== undefined && name !== 'MIN' && name !== 'MAX') return call(same, args.map((_, i) => arg(i)));
    const known = scalarFunction(name, arity, arg) ?? this.arrayFunction(name, args, arity, arg, context) ?? lookupFunction(this, name, args, arity, arg, context);
    if (known) return known;
    const time = atom('TIME');
    switch (name) {
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
      case 'SMOOTH N':
        arity(4);
        return call('SMTHN', [arg(0), arg(1), this.order(args[3]!, context), arg(2)]);
      case 'DELAY N':
        arity(4);
        return call('DELAYN', [arg(0), arg(1), this.order(args[3]!, context), arg(2)]);
      case 'SAMPLE IF TRUE': {
        arity(3);
        const self = atom(this.selfReference(context));
        return ifThenElse(arg(0), arg(1), call('PREVIOUS', [self, arg(2)]));
      }
      case 'RANDOM UNIFORM':
        arity(3);
        // Vensim's seed picks its own stream; a zero seed means "follow the run's seed".
        return args[2]!.kind === 'number' && args[2]!.value === 0 ? call('RANDOM', [arg(0), arg(1)]) : call('RANDOM', [arg(0), arg(1), arg(2)]);
      default:
        if (KNOWN_UNSUPPORTED.has(name) || name.startsWith('GET ')) throw new VensimUnsupported(`the Vensim function ${name} is not supported here`);
        return call(printName(expr.name), args.map((_, i) => arg(i)));
    }
  }

  /** Functions over arrays: reductions, the vector functions (the engine's builtins), INVERT MATRIX, ELMCOUNT. */
  private arrayFunction(name: string, args: readonly VensimExpr[], arity: (min: number, max?: number) => void, arg: (i: number) => XmileText, context: TranslateContext): XmileText | undefined {
    switch (name) {
      case 'SUM':
      case 'PROD':
      case 'VMIN':
      case 'VMAX':
        arity(1);
        return reduction(this, name, args[0]!, context);
      case 'VECTOR SELECT':
        arity(5);
        return call('VECTOR_SELECT', args.map((_, i) => arg(i)));
      case 'VECTOR ELM MAP':
        arity(2);
        return call('VECTOR_ELM_MAP', [arg(0), arg(1)]);
      case 'VECTOR SORT ORDER':
      case 'VECTOR RANK':
      case 'VECTOR REORDER': {
        // Along the last subscript of the vector, which stays a range for the engine to walk.
        arity(2);
        const along = lastRange(args[0]!, this.host.dimensions);
        if (!along) throw new VensimUnsupported(`the first argument of ${name} must be a subscripted variable, as in revenue[company]`);
        const vector = this.translate(args[0]!, { ...context, free: new Set([...(context.free ?? []), along.id]) });
        return call(name.replaceAll(' ', '_'), [vector, arg(1)]);
      }
      case 'INVERT MATRIX': {
        arity(2);
        return invertMatrix(this, args[0]!, context);
      }
      case 'ELMCOUNT': {
        arity(1);
        const target = args[0]!;
        const range = target.kind === 'ref' ? this.host.dimensions.get(target.name) : undefined;
        if (!range) throw new VensimUnsupported('ELMCOUNT takes the name of a subscript range');
        return printNumber(range.elements.length);
      }
      default:
        return undefined;
    }
  }

  /** The order of SMOOTH N or DELAY N: a number, even when written as a constant's name. */
  private order(expr: VensimExpr, context: TranslateContext): XmileText {
    const value = this.host.valueAtStart(expr);
    return value === undefined ? this.translate(expr, context) : printNumber(value);
  }

  private selfReference(context: TranslateContext): string {
    const owner = context.owner;
    if (owner.dimensions.length === 0) return printName(owner.name);
    if (!context.bindings) return `${printName(owner.name)}[${owner.dimensions.map((d) => printName(d.name)).join(', ')}]`;
    return `${printName(owner.name)}[${context.ownerElements.map((id) => printName(this.host.dimensions.elementNames.get(id)!)).join(', ')}]`;
  }

}
