import type { Ir } from '../compile/ir.ts';

/**
 * Loop rerolling for the generated code. Array models (and regular scalar models) lower to long
 * runs of statements with the same expression shape whose slots step by a fixed amount:
 * `v[2006] = v[1006] * v[6] * v[6] / (v[6] + v[3005])`, then `v[2007] = ... v[7] ...`. Emitted
 * one by one, each is its own machine code and a 1,000-element model is 100 KB of code per step,
 * fetched from outside the instruction cache. Such a run becomes one loop over an index; the loop
 * executes the very same statements in the very same order, so the numbers cannot change.
 */
export interface Statement {
  /** Slot written. */
  readonly target: number;
  readonly ir: Ir;
  /** Clamped at zero after the computation (the Euler update of a non-negative stock). */
  readonly clamp?: boolean;
  /**
   * Output index under which the target's value before this statement is saved (a whole run
   * saves each stock in the Euler update that reads it anyway).
   */
  readonly save?: number;
}

export type Item =
  | { readonly kind: 'single'; readonly statement: Statement }
  | {
      readonly kind: 'loop';
      /** The first statement of the run: its tree is the loop body. */
      readonly first: Statement;
      readonly count: number;
      readonly targetStride: number;
      /** Per operand of the first statement's shape: slot at iteration i = operands[p] + strides[p] * i. */
      readonly operands: readonly number[];
      readonly strides: readonly number[];
      /** Output index saved at iteration i: first.save + saveStride * i. */
      readonly saveStride: number;
    };

/** Shorter runs are not worth a loop. */
export const MIN_LOOP = 4;

/**
 * Compares the trees of two statements node by node: the same operations, literals and tables,
 * slots in the same pattern of repeats. Fills `operandsA` / `operandsB` with the distinct slots
 * each reads (the target first) and answers whether the shapes agree. Calls that keep state
 * (draws, delays) never agree, so they are never looped.
 */
function sameShape(a: Statement, b: Statement, operandsA: number[], operandsB: number[]): boolean {
  if (a.clamp !== b.clamp || (a.save === undefined) !== (b.save === undefined)) return false;
  operandsA.length = 0;
  operandsB.length = 0;
  operandsA.push(a.target);
  operandsB.push(b.target);
  const walk = (x: Ir, y: Ir): boolean => {
    switch (x.k) {
      case 'const':
        return y.k === 'const' && Object.is(x.v, y.v);
      case 'slot': {
        if (y.k !== 'slot') return false;
        let i = operandsA.indexOf(x.s);
        if (i < 0) {
          i = operandsA.length;
          operandsA.push(x.s);
        }
        let j = operandsB.indexOf(y.s);
        if (j < 0) {
          j = operandsB.length;
          operandsB.push(y.s);
        }
        return i === j;
      }
      case 'neg':
      case 'not':
        return y.k === x.k && walk(x.a, y.a);
      case 'bin':
        return y.k === 'bin' && x.op === y.op && walk(x.a, y.a) && walk(x.b, y.b);
      case 'if':
        return y.k === 'if' && walk(x.c, y.c) && walk(x.t, y.t) && walk(x.e, y.e);
      case 'fn': {
        if (y.k !== 'fn' || x.fn !== y.fn || x.args.length !== y.args.length) return false;
        for (let i = 0; i < x.args.length; i++) if (!walk(x.args[i]!, y.args[i]!)) return false;
        return true;
      }
      case 'lookup':
        return y.k === 'lookup' && x.table === y.table && walk(x.x, y.x);
      case 'random':
      case 'history':
      case 'pick':
      case 'rankpick':
        return false;
    }
  };
  return walk(a.ir, b.ir);
}

/** Groups runs of same-shaped statements whose slots step evenly into loops, keeping the order. */
export function groupStatements(statements: readonly Statement[], minLoop = MIN_LOOP): Item[] {
  const items: Item[] = [];
  const first: number[] = [];
  const other: number[] = [];
  let i = 0;
  while (i < statements.length) {
    const head = statements[i]!;
    let end = i + 1;
    let strides: number[] | undefined;
    let operands: number[] | undefined;
    let saveStride = 0;
    for (; end < statements.length; end++) {
      const statement = statements[end]!;
      if (!sameShape(head, statement, first, other)) break;
      const k = end - i;
      if (k === 1) {
        operands = first.slice();
        strides = other.map((slot, p) => slot - first[p]!);
        if (strides[0] === 0) break;
        saveStride = (statement.save ?? 0) - (head.save ?? 0);
        continue;
      }
      let even = (statement.save ?? 0) === (head.save ?? 0) + saveStride * k;
      for (let p = 0; even && p < operands!.length; p++) {
        if (other[p] !== operands![p]! + strides![p]! * k) even = false;
      }
      if (!even) break;
    }
    if (operands && strides && end - i >= minLoop) {
      items.push({
        kind: 'loop',
        first: head,
        count: end - i,
        targetStride: strides[0]!,
        // Operand 0 is the target itself.
        operands,
        strides,
        saveStride,
      });
      i = end;
    } else {
      items.push({ kind: 'single', statement: head });
      i++;
    }
  }
  return items;
}
