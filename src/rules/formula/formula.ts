import { EquationSyntaxError, canonicalName, parseEquation, type Expr } from '../../engine/index.ts';

/**
 * Small formulas in scenario files (KPIs, strategy rules): the engine's equation syntax, with
 * names and functions supplied by the caller. Compiled once into a closure tree; they run a few
 * times per round, so clarity beats speed here.
 */
export type FormulaFunction = (args: readonly FormulaArgument[]) => number;

/** A function receives its arguments unevaluated when it needs a name (sum(Shipments)). */
export interface FormulaArgument {
  readonly name?: string;
  value(): number;
}

export interface FormulaScope {
  value(name: string): number | undefined;
  readonly functions: Readonly<Record<string, FormulaFunction>>;
}

export type CompiledFormula = (scope: FormulaScope) => number;

export class FormulaError extends Error {}

/** Throws FormulaError naming the formula and the problem. */
export function compileFormula(text: string): CompiledFormula {
  let ast: Expr;
  try {
    ast = parseEquation(text);
  } catch (error) {
    if (error instanceof EquationSyntaxError) throw new FormulaError(`"${text}": ${error.message} (at column ${error.position + 1})`);
    throw error;
  }
  return build(ast, text);
}

function build(expr: Expr, text: string): CompiledFormula {
  switch (expr.kind) {
    case 'number': {
      const value = expr.value;
      return () => value;
    }
    case 'name': {
      const name = canonicalName(expr.name);
      return (scope) => {
        const value = scope.value(name);
        if (value === undefined) throw new FormulaError(`"${text}": unknown name "${expr.name}"`);
        return value;
      };
    }
    case 'subscript':
      throw new FormulaError(`"${text}": subscripts are not supported in scenario formulas`);
    case 'unary': {
      const operand = build(expr.operand, text);
      if (expr.op === '-') return (scope) => -operand(scope);
      if (expr.op === '+') return operand;
      return (scope) => (operand(scope) === 0 ? 1 : 0);
    }
    case 'binary': {
      const a = build(expr.left, text);
      const b = build(expr.right, text);
      switch (expr.op) {
        case '+': return (s) => a(s) + b(s);
        case '-': return (s) => a(s) - b(s);
        case '*': return (s) => a(s) * b(s);
        case '/': return (s) => a(s) / b(s);
        case '^': return (s) => a(s) ** b(s);
        case 'mod': return (s) => a(s) % b(s);
        case '<': return (s) => (a(s) < b(s) ? 1 : 0);
        case '<=': return (s) => (a(s) <= b(s) ? 1 : 0);
        case '>': return (s) => (a(s) > b(s) ? 1 : 0);
        case '>=': return (s) => (a(s) >= b(s) ? 1 : 0);
        case '=': return (s) => (a(s) === b(s) ? 1 : 0);
        case '<>': return (s) => (a(s) !== b(s) ? 1 : 0);
        case 'and': return (s) => (a(s) !== 0 && b(s) !== 0 ? 1 : 0);
        case 'or': return (s) => (a(s) !== 0 || b(s) !== 0 ? 1 : 0);
      }
      break;
    }
    case 'if': {
      const condition = build(expr.condition, text);
      const then = build(expr.then, text);
      const otherwise = build(expr.otherwise, text);
      return (s) => (condition(s) !== 0 ? then(s) : otherwise(s));
    }
    case 'call': {
      const name = canonicalName(expr.name);
      const args = expr.args.map((arg) => ({
        name: arg.kind === 'name' ? arg.name : undefined,
        evaluate: build(arg, text),
      }));
      const math = Object.hasOwn(MATH, name) ? MATH[name] : undefined;
      if (math) {
        return (scope) => math(args.map((arg) => arg.evaluate(scope)));
      }
      return (scope) => {
        const fn = Object.hasOwn(scope.functions, name) ? scope.functions[name] : undefined;
        if (!fn) throw new FormulaError(`"${text}": unknown function "${expr.name}"`);
        return fn(
          args.map((arg) => ({
            ...(arg.name === undefined ? {} : { name: arg.name }),
            value: () => arg.evaluate(scope),
          })),
        );
      };
    }
  }
  throw new FormulaError(`"${text}": unsupported expression`);
}

const MATH: Record<string, (values: number[]) => number> = {
  min: (values) => Math.min(...values),
  max: (values) => Math.max(...values),
  abs: ([x]) => Math.abs(x!),
  sqrt: ([x]) => Math.sqrt(x!),
  clamp: ([x, low, high]) => Math.min(high!, Math.max(low!, x!)),
};

/** Names a formula reads, for validating scenario files before any run. */
export function formulaNames(text: string): { names: string[]; functions: string[] } {
  const names: string[] = [];
  const functions: string[] = [];
  const walk = (expr: Expr): void => {
    switch (expr.kind) {
      case 'name':
        names.push(expr.name);
        return;
      case 'unary':
        walk(expr.operand);
        return;
      case 'binary':
        walk(expr.left);
        walk(expr.right);
        return;
      case 'if':
        walk(expr.condition);
        walk(expr.then);
        walk(expr.otherwise);
        return;
      case 'call':
        functions.push(canonicalName(expr.name));
        expr.args.forEach(walk);
        return;
      default:
        return;
    }
  };
  walk(parseEquation(text));
  return { names, functions };
}
