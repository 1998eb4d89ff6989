import type { ResolvedVariable } from '../compile/compile-program.ts';
import { foldLeftChain, type BinaryExpr, type Expr } from '../equation/ast.ts';
import { canonicalName, displayName } from '../equation/canonical-name.ts';
import { modelError, type ModelError } from '../errors.ts';
import { DIMENSIONLESS, formatUnits, multiplyUnits, parseUnits, powerUnits, sameUnits, type UnitMap } from './parse-units.ts';

/**
 * Unit consistency, as warnings only (XMILE 1.0 section 3.7.1 gives units no effect on a run).
 * Checked where a mismatch is unambiguous: the two sides of + and −, of comparisons, the
 * arguments of MIN and MAX, the branches of IF, and each flow of a stock against stock units per
 * time unit. A side is checked only when its units follow from declared units; a bare number
 * fits anything, and anything the inference is unsure of (a product with a bare number, a
 * function it does not know) is left unchecked. False warnings are worse than missed ones.
 */
export interface UnitsCheckInput {
  readonly variables: readonly ResolvedVariable[];
  /** Syntax trees of the equations, by text (the compiler's cache). */
  readonly parsedEquations: ReadonlyMap<string, Expr>;
  readonly timeUnits: string;
  /** Canonical names of macros: a call to one is not inferred. */
  readonly macroNames: ReadonlySet<string>;
  readonly file?: string;
}

/** More than this many mismatches are summarised in one last warning. */
const MAX_WARNINGS = 50;

/** An inferred side: its units, a bare number (fits anything), or unknown. */
type Inferred = UnitMap | 'number' | undefined;

const SAME_AS_FIRST_ARGUMENT = new Set([
  'abs', 'int', 'integer', 'round', 'sum', 'mean', 'stddev', 'init', 'initial', 'previous', 'game',
  'smth1', 'smooth', 'smoothi', 'smth3', 'smooth3', 'smooth3i', 'smthn', 'smooth_n',
  'delay', 'delay_fixed', 'delay1', 'delay1i', 'delay3', 'delay3i', 'delayn', 'delay_n', 'forcst', 'forecast', 'step',
]);
const RATIO_OF_FIRST_TWO = new Set(['safediv', 'xidz', 'zidz']);
const TIME_VALUES = new Set(['time', 'dt', 'time_step', 'starttime', 'initial_time', 'stoptime', 'final_time']);

export function checkUnits(input: UnitsCheckInput): ModelError[] {
  if (!input.variables.some((variable) => variable.scoped.definition.units)) return [];
  return new UnitsChecker(input).run();
}

class UnitsChecker {
  private readonly input: UnitsCheckInput;
  private readonly byId: ReadonlyMap<string, ResolvedVariable>;
  private readonly declared = new Map<string, UnitMap | undefined>();
  private readonly timeUnits: UnitMap | undefined;
  private readonly warnings: ModelError[] = [];
  private found = 0;

  constructor(input: UnitsCheckInput) {
    this.input = input;
    this.byId = new Map(input.variables.map((variable) => [variable.id, variable]));
    this.timeUnits = input.timeUnits.trim() === '' ? undefined : parseUnits(input.timeUnits);
  }

  run(): ModelError[] {
    for (const variable of this.input.variables) {
      const definition = variable.scoped.definition;
      if (definition.kind === 'module' || definition.kind === 'gf' || variable.scoped.connectedFrom !== undefined) continue;
      const equations = new Set([definition.equation, ...definition.elements.map((element) => element.equation), ...(definition.positionalEquations ?? [])]);
      for (const equation of equations) {
        const ast = this.input.parsedEquations.get(equation);
        if (ast) this.infer(ast, { variable, equation });
      }
      if (definition.kind === 'stock') this.checkFlows(variable);
    }
    if (this.found > MAX_WARNINGS) {
      this.warnings.push(modelError('units', `${this.found - MAX_WARNINGS} more unit mismatches are not listed`, this.where(), 'warning'));
    }
    return this.warnings;
  }

  private where(extra: Partial<ModelError> = {}): Omit<ModelError, 'code' | 'message' | 'severity'> {
    return { ...(this.input.file === undefined ? {} : { file: this.input.file }), ...extra };
  }

  private report(message: string, where: Partial<ModelError>): void {
    if (++this.found <= MAX_WARNINGS) this.warnings.push(modelError('units', message, this.where(where), 'warning'));
  }

  private resolve(name: string, scope: string): ResolvedVariable | undefined {
    const id = canonicalName(name);
    return this.byId.get(scope + id) ?? this.byId.get(id);
  }

  private unitsOf(variable: ResolvedVariable): UnitMap | undefined {
    if (!this.declared.has(variable.id)) {
      const text = variable.scoped.definition.units;
      this.declared.set(variable.id, text === undefined ? undefined : parseUnits(text));
    }
    return this.declared.get(variable.id);
  }

  /** Each flow of a stock moves stock units per time unit. */
  private checkFlows(stock: ResolvedVariable): void {
    const stockUnits = this.unitsOf(stock);
    if (!stockUnits || !this.timeUnits) return;
    const expected = multiplyUnits(stockUnits, this.timeUnits, -1);
    const definition = stock.scoped.definition;
    for (const name of [...definition.inflows, ...definition.outflows]) {
      const flow = this.resolve(name, stock.scoped.scope);
      const flowUnits = flow && this.unitsOf(flow);
      if (!flow || !flowUnits || sameUnits(flowUnits, expected)) continue;
      this.report(
        `the flow "${displayName(flow.scoped.definition.name)}" is in ${quote(flow.scoped.definition.units!)}, but a flow of this stock (in ${quote(definition.units!)}) should be in ${formatUnits(expected)}, stock units per ${quote(this.input.timeUnits)}`,
        { variable: label(stock) },
      );
    }
  }

  /** Checks one side against another where both have known units. */
  private compare(what: string, a: Inferred, aExpr: Expr, b: Inferred, bExpr: Expr, at: { variable: ResolvedVariable; equation: string }, pos: number): void {
    if (!isUnits(a) || !isUnits(b) || sameUnits(a, b)) return;
    const side = (units: UnitMap, expr: Expr): string => {
      const named = expr.kind === 'name' || expr.kind === 'subscript' ? this.resolve(expr.name, at.variable.scoped.scope) : undefined;
      return named?.scoped.definition.units ? `"${displayName(named.scoped.definition.name)}" in ${quote(named.scoped.definition.units)}` : formatUnits(units);
    };
    this.report(`${what} have different units: ${side(a, aExpr)} and ${side(b, bExpr)}`, { variable: label(at.variable), equation: at.equation, position: pos });
  }

  private infer(expr: Expr, at: { variable: ResolvedVariable; equation: string }): Inferred {
    switch (expr.kind) {
      case 'number':
        return 'number';
      case 'name': {
        const variable = this.resolve(expr.name, at.variable.scoped.scope);
        if (variable) return this.unitsOf(variable);
        return TIME_VALUES.has(canonicalName(expr.name)) ? this.timeUnits : undefined;
      }
      case 'subscript': {
        for (const index of expr.indices) if (index.kind === 'expr') this.infer(index.expr, at);
        const variable = this.resolve(expr.name, at.variable.scoped.scope);
        return variable ? this.unitsOf(variable) : undefined;
      }
      case 'unary': {
        const operand = this.infer(expr.operand, at);
        return expr.op === 'not' ? undefined : operand;
      }
      case 'binary':
        return this.inferChain(expr, at);
      case 'if': {
        this.infer(expr.condition, at);
        const then = this.infer(expr.then, at);
        const otherwise = this.infer(expr.otherwise, at);
        this.compare('the THEN and ELSE branches', then, expr.then, otherwise, expr.otherwise, at, expr.pos);
        return either(then, otherwise);
      }
      case 'call':
        return this.inferCall(expr, at);
    }
  }

  /** a + b - c ... is a left-deep tree: walked along its spine, so a long sum cannot overflow the stack. */
  private inferChain(expr: BinaryExpr, at: { variable: ResolvedVariable; equation: string }): Inferred {
    // What has been folded so far is exactly `node.left`: the expression the units are compared on.
    return foldLeftChain<Inferred>(
      expr,
      (bottom) => this.infer(bottom, at),
      (left, node) => this.combine(node, left, node.left, this.infer(node.right, at), at),
    );
  }

  private combine(node: Extract<Expr, { kind: 'binary' }>, a: Inferred, aExpr: Expr, b: Inferred, at: { variable: ResolvedVariable; equation: string }): Inferred {
    switch (node.op) {
      case '+':
      case '-':
        this.compare(`the two sides of "${node.op}"`, a, aExpr, b, node.right, at, node.pos);
        return either(a, b);
      case '<': case '<=': case '>': case '>=': case '=': case '<>':
        this.compare(`the two sides of "${node.op}"`, a, aExpr, b, node.right, at, node.pos);
        return undefined;
      case '*':
      case '/':
        if (a === 'number' && b === 'number') return 'number';
        // A bare number may stand for a conversion (revenue / 4 quarters a year): unknown.
        return isUnits(a) && isUnits(b) ? multiplyUnits(a, b, node.op === '/' ? -1 : 1) : undefined;
      case '^': {
        const exponent = literalNumber(node.right);
        if (a === 'number' && b === 'number') return 'number';
        if (!isUnits(a)) return undefined;
        if (a.size === 0) return DIMENSIONLESS;
        return exponent === undefined ? undefined : powerUnits(a, exponent);
      }
      default:
        return undefined;
    }
  }

  private inferCall(expr: Extract<Expr, { kind: 'call' }>, at: { variable: ResolvedVariable; equation: string }): Inferred {
    const args = expr.args.map((arg) => this.infer(arg, at));
    const name = canonicalName(expr.name);
    if (this.input.macroNames.has(name)) return undefined;
    const graphical = this.resolve(expr.name, at.variable.scoped.scope);
    if (graphical && (graphical.scoped.definition.kind === 'gf' || graphical.scoped.definition.graphicalFunction)) return this.unitsOf(graphical);
    if (name === 'lookup' || name === 'with_lookup') {
      const table = expr.args[0]?.kind === 'name' ? this.resolve(expr.args[0].name, at.variable.scoped.scope) : undefined;
      return table ? this.unitsOf(table) : undefined;
    }
    if (name === 'min' || name === 'max') {
      for (let i = 1; i < args.length; i++) this.compare(`the arguments of ${expr.name.toUpperCase()}`, args[0], expr.args[0]!, args[i], expr.args[i]!, at, expr.pos);
      return args.reduce<Inferred>((known, next) => either(known, next), args[0]);
    }
    if (TIME_VALUES.has(name) && args.length === 0) return this.timeUnits;
    if (SAME_AS_FIRST_ARGUMENT.has(name)) return args[0];
    if (RATIO_OF_FIRST_TWO.has(name)) {
      const [a, b] = args;
      return isUnits(a) && isUnits(b) ? multiplyUnits(a, b, -1) : undefined;
    }
    return undefined;
  }
}

function isUnits(inferred: Inferred): inferred is UnitMap {
  return inferred !== undefined && inferred !== 'number';
}

/** The known one of two sides that must agree (a bare number fits the other). */
function either(a: Inferred, b: Inferred): Inferred {
  if (isUnits(a)) return a;
  if (isUnits(b)) return b;
  return a === 'number' && b === 'number' ? 'number' : undefined;
}

function literalNumber(expr: Expr): number | undefined {
  if (expr.kind === 'number') return expr.value;
  if (expr.kind === 'unary' && expr.op === '-' && expr.operand.kind === 'number') return -expr.operand.value;
  return undefined;
}

function quote(text: string): string {
  return `"${text}"`;
}

function label(variable: ResolvedVariable): string {
  return variable.scoped.scope + displayName(variable.scoped.definition.name);
}
