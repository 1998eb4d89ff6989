import { canonicalName } from '../equation/canonical-name.ts';
import type { ModelDocument, VariableDefinition } from '../xmile/model-document.ts';
import { VensimUnsupported, type TranslateContext, type VariableShape } from './translate-types.ts';
import type { VensimExpr } from './vensim-ast.ts';
import { CONTROL, stripRange, topCall, unitsOf, type Group } from './vensim-definitions.ts';

/**
 * Vensim's time settings (INITIAL TIME, FINAL TIME, TIME STEP, SAVEPER) as the run's settings and
 * as variables, and the values known before a run: numbers and arithmetic on constants, and the
 * value at the start time of settings Vensim fixes when a run starts (the order of DELAY N).
 */
export class TimeSettings {
  private readonly groups: ReadonlyMap<string, Group>;
  private readonly shapes: ReadonlyMap<string, VariableShape>;
  private readonly translate: (expr: VensimExpr, context: TranslateContext) => { readonly text: string };
  /** While evaluating a value fixed at the start of a run: TIME and STEP read as at the start time. */
  private atStart = false;

  constructor(groups: ReadonlyMap<string, Group>, shapes: ReadonlyMap<string, VariableShape>, translate: (expr: VensimExpr, context: TranslateContext) => { readonly text: string }) {
    this.groups = groups;
    this.shapes = shapes;
    this.translate = translate;
  }

  /** The value of an expression made of numbers and constants only, else undefined. */
  constant(expr: VensimExpr): number | undefined {
    return this.evaluateSafely(expr, false);
  }

  /** The value at the start time, for settings Vensim fixes when a run starts (TIME and STEP read then). */
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

  controlValue(id: string, fallback?: number): number {
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

  simSpecs(): ModelDocument['simSpecs'] {
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
  controlVariables(): VariableDefinition[] {
    const result: VariableDefinition[] = [];
    const equations: Record<string, string> = { [CONTROL.start]: 'STARTTIME', [CONTROL.stop]: 'STOPTIME', [CONTROL.dt]: 'DT' };
    for (const id of [CONTROL.start, CONTROL.stop, CONTROL.dt, CONTROL.save]) {
      const group = this.groups.get(id);
      if (!group) continue;
      const raw = group.equations[0]!.raw;
      const definition = group.equations[0]!.definition;
      const dynamic = id === CONTROL.stop && definition.kind === 'equation' && this.dynamicStop() !== undefined;
      const context: TranslateContext = { owner: this.shapes.get(id)!, ownerElements: [], bindings: undefined };
      const equation = dynamic && definition.kind === 'equation' ? this.translate(definition.expr, context).text : (equations[id] ?? `DT * ${String(this.controlValue(CONTROL.save) / this.controlValue(CONTROL.dt, 1))}`);
      result.push({ kind: 'aux', name: group.name, equation, dimensions: [], elements: [], inflows: [], outflows: [], ...unitsOf(raw.units), ...(raw.comment ? { documentation: raw.comment } : {}) });
    }
    return result;
  }
}
