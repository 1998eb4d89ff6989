import type { Ir, MathFunction } from '../compile/ir.ts';
import { LEFT, OP_Abs, OP_Acos, OP_Add, OP_Advance, OP_And, OP_Asin, OP_Atan, OP_CheckedDiv, OP_CheckedMod, OP_Cos, OP_Cosh, OP_Div, OP_End, OP_Eq, OP_Euler, OP_EulerAdd, OP_EulerClamp, OP_EulerSub, OP_Exp, OP_Floor, OP_Ge, OP_Gt, OP_History, OP_HistoryWrite, OP_Jump, OP_JumpIfZero, OP_Le, OP_Ln, OP_Lookup, OP_LookupArea, OP_Lt, OP_Max, OP_Min, OP_Mod, OP_Move, OP_Mul, OP_Ne, OP_Neg, OP_Not, OP_Or, OP_Pick, OP_Pow, OP_Pulse, OP_Ramp, OP_Random, OP_RankPick, OP_Round, OP_SafeDiv, OP_Sign, OP_Sin, OP_Sinh, OP_Sqrt, OP_Sub, OP_Tan, OP_Tanh, OP_Trunc, RIGHT, OP_Log10, OPERANDS, type Op } from './bytecode-vm.ts';

/**
 * The IR as the VM's register bytecode (bytecode-vm.ts describes the instruction set): results
 * straight to their slots, arithmetic over two leaves fused into one instruction, constants and
 * temporaries in registers after the slots.
 */

const UNARY: Partial<Record<MathFunction, Op>> = {
  abs: OP_Abs, sqrt: OP_Sqrt, exp: OP_Exp, ln: OP_Ln, log10: OP_Log10, sin: OP_Sin, cos: OP_Cos, tan: OP_Tan,
  asin: OP_Asin, acos: OP_Acos, atan: OP_Atan, sinh: OP_Sinh, cosh: OP_Cosh, tanh: OP_Tanh, int: OP_Floor, trunc: OP_Trunc,
  round: OP_Round, sign: OP_Sign,
};

const BINARY: Record<string, Op> = {
  '+': OP_Add, '-': OP_Sub, '*': OP_Mul, '/': OP_Div, '^': OP_Pow, mod: OP_Mod, '<': OP_Lt, '<=': OP_Le,
  '>': OP_Gt, '>=': OP_Ge, '==': OP_Eq, '!=': OP_Ne, and: OP_And, or: OP_Or,
};

/** Position of an arithmetic operator among + - * / (the inner operation of a fused instruction). */
const INNER: Record<string, number> = { '+': 0, '-': 1, '*': 2, '/': 3 };

/** The operator of `ir` as the outer operation of a fused instruction (+ - * / MIN MAX), if it is one. */
function outerIndex(ir: Ir): number | undefined {
  if (ir.k === 'bin') return INNER[ir.op];
  if (ir.k === 'fn' && ir.args.length === 2) return ir.fn === 'min' ? 4 : ir.fn === 'max' ? 5 : undefined;
  return undefined;
}

const SIMPLE_OUTER: readonly Op[] = [OP_Add, OP_Sub, OP_Mul, OP_Div, OP_Min, OP_Max];

/** Constants and temporaries shared by all code arrays of a program. */
export class RegisterFile {
  readonly constants: number[] = [];
  private readonly constantIndex = new Map<string, number>();
  maxTemps = 0;
  private readonly slotCount: number;

  constructor(slotCount: number) {
    this.slotCount = slotCount;
  }

  constant(value: number): number {
    const key = Object.is(value, -0) ? '-0' : String(value);
    let index = this.constantIndex.get(key);
    if (index === undefined) {
      index = this.constants.length;
      this.constants.push(value);
      this.constantIndex.set(key, index);
    }
    return this.slotCount + index;
  }

  get tempBase(): number {
    return this.slotCount + this.constants.length;
  }
}

export class Assembler {
  readonly code: number[] = [];
  private nextTemp = 0;
  private readonly registers: RegisterFile;

  constructor(registers: RegisterFile) {
    this.registers = registers;
  }

  /** Temporaries live after constants; their final registers are fixed up in `finish`. */
  private temp(): number {
    const index = this.nextTemp++;
    this.registers.maxTemps = Math.max(this.registers.maxTemps, this.nextTemp);
    return -1 - index;
  }

  private leaf(ir: Ir): number | undefined {
    if (ir.k === 'const') return this.registers.constant(ir.v);
    if (ir.k === 'slot') return ir.s;
    return undefined;
  }

  /** An arithmetic node over two leaves: [inner operator, left register, right register]. */
  private leafArithmetic(ir: Ir): [number, number, number] | undefined {
    if (ir.k !== 'bin') return undefined;
    const inner = INNER[ir.op];
    if (inner === undefined) return undefined;
    const a = this.leaf(ir.a);
    const b = a === undefined ? undefined : this.leaf(ir.b);
    return b === undefined ? undefined : [inner, a!, b];
  }

  statement(target: number, ir: Ir): void {
    this.nextTemp = 0;
    const result = this.expression(ir, target);
    if (result !== target) this.code.push(OP_Move, target, result);
  }

  /** The Euler update of one stock (see eulerStatements): `x + dt * net`, maybe held at zero. */
  euler(stock: number, net: Ir, clamp: boolean): void {
    this.nextTemp = 0;
    const leafNet = this.leaf(net);
    if (!clamp && leafNet === undefined) {
      const sum = this.leafArithmetic(net);
      if (sum && (sum[0] === 0 || sum[0] === 1)) {
        this.code.push(sum[0] === 1 ? OP_EulerSub : OP_EulerAdd, stock, sum[1], sum[2]);
        return;
      }
    }
    const value = leafNet ?? this.expression(net);
    this.code.push(clamp ? OP_EulerClamp : OP_Euler, stock, value);
  }

  advance(): void {
    this.code.push(OP_Advance);
  }

  historyWrite(base: number, length: number, source: Ir): void {
    this.nextTemp = 0;
    const value = this.expression(source);
    this.code.push(OP_HistoryWrite, base, length, value);
  }

  /** Emits code for `ir`; returns the register holding its value (writing to `target` if it can). */
  private expression(ir: Ir, target?: number): number {
    const leaf = this.leaf(ir);
    if (leaf !== undefined) return leaf;
    const destination = (): number => target ?? this.temp();
    const outer = outerIndex(ir);
    if (outer !== undefined) {
      const left = ir.k === 'bin' ? ir.a : (ir as Extract<Ir, { k: 'fn' }>).args[0]!;
      const right = ir.k === 'bin' ? ir.b : (ir as Extract<Ir, { k: 'fn' }>).args[1]!;
      const a = this.leaf(left);
      const b = this.leaf(right);
      if (a === undefined || b === undefined) {
        // One side over two leaves fuses with the node; the other side, if not a leaf, is
        // computed first (the fused side reads only leaves, so the order changes nothing).
        const innerLeft = a === undefined ? this.leafArithmetic(left) : undefined;
        if (innerLeft) {
          const c = b ?? this.expression(right);
          const dst = destination();
          this.code.push(LEFT + outer * 4 + innerLeft[0], dst, innerLeft[1], innerLeft[2], c);
          return dst;
        }
        const innerRight = b === undefined ? this.leafArithmetic(right) : undefined;
        if (innerRight) {
          const c = a ?? this.expression(left);
          const dst = destination();
          this.code.push(RIGHT + outer * 4 + innerRight[0], dst, c, innerRight[1], innerRight[2]);
          return dst;
        }
      }
      const ra = a ?? this.expression(left);
      const rb = b ?? this.expression(right);
      const dst = destination();
      this.code.push(SIMPLE_OUTER[outer]!, dst, ra, rb);
      return dst;
    }
    switch (ir.k) {
      case 'neg':
      case 'not': {
        const a = this.expression(ir.a);
        const dst = destination();
        this.code.push(ir.k === 'neg' ? OP_Neg : OP_Not, dst, a);
        return dst;
      }
      case 'bin': {
        const a = this.expression(ir.a);
        const b = this.expression(ir.b);
        const dst = destination();
        this.code.push(BINARY[ir.op]!, dst, a, b);
        return dst;
      }
      case 'if': {
        const dst = destination();
        const condition = this.expression(ir.c);
        this.code.push(OP_JumpIfZero, condition, 0);
        const elseJump = this.code.length - 1;
        const then = this.expression(ir.t, dst);
        if (then !== dst) this.code.push(OP_Move, dst, then);
        this.code.push(OP_Jump, 0);
        const endJump = this.code.length - 1;
        this.code[elseJump] = this.code.length;
        const otherwise = this.expression(ir.e, dst);
        if (otherwise !== dst) this.code.push(OP_Move, dst, otherwise);
        this.code[endJump] = this.code.length;
        return dst;
      }
      case 'fn': {
        if (ir.fn === 'lookup_area' || ir.fn === 'lookuparea' || ir.fn === 'lookupmean') {
          const from = this.expression(ir.args[1]!);
          const to = this.expression(ir.args[2]!);
          const dst = destination();
          this.code.push(OP_LookupArea, dst, (ir.args[0] as Extract<Ir, { k: 'const' }>).v, ir.fn === 'lookup_area' ? 0 : ir.fn === 'lookuparea' ? 1 : 2, from, to);
          return dst;
        }
        const args = ir.args.map((arg) => this.expression(arg));
        const dst = destination();
        const unary = UNARY[ir.fn];
        if (unary !== undefined) this.code.push(unary, dst, args[0]!);
        else if (ir.fn === 'min' || ir.fn === 'max') this.code.push(ir.fn === 'min' ? OP_Min : OP_Max, dst, args[0]!, args[1]!);
        else if (ir.fn === 'pulse') this.code.push(OP_Pulse, dst, ...args);
        else if (ir.fn === 'ramp') this.code.push(OP_Ramp, dst, ...args);
        else if (ir.fn === 'checkeddiv' || ir.fn === 'checkedmod') this.code.push(ir.fn === 'checkeddiv' ? OP_CheckedDiv : OP_CheckedMod, dst, ...args);
        else this.code.push(OP_SafeDiv, dst, ...args);
        return dst;
      }
      case 'lookup': {
        const x = this.expression(ir.x);
        const dst = destination();
        this.code.push(OP_Lookup, dst, ir.table, x);
        return dst;
      }
      case 'random': {
        const a = this.expression(ir.args[0]!);
        const b = this.expression(ir.args[1]!);
        const dst = destination();
        this.code.push(OP_Random, dst, ir.state, ir.dist === 'uniform' ? 0 : ir.dist === 'normal' ? 1 : 2, a, b);
        return dst;
      }
      case 'pick': {
        const [base, stride] = this.gather(ir.values);
        const index = this.expression(ir.index);
        const missing = this.registers.constant(ir.missing);
        const dst = destination();
        this.code.push(OP_Pick, dst, index, base, stride, ir.values.length, missing);
        return dst;
      }
      case 'rankpick': {
        const [base, stride] = this.gather(ir.values);
        const rank = this.expression(ir.rank);
        const ascending = this.expression(ir.ascending);
        const dst = destination();
        this.code.push(OP_RankPick, dst, base, stride, ir.values.length, rank, ascending);
        return dst;
      }
      case 'history': {
        const delay = this.expression(ir.delay);
        const initial = this.expression(ir.initial);
        const current = this.expression(ir.current);
        const dst = destination();
        this.code.push(OP_History, dst, ir.base, ir.length, delay, initial, current);
        return dst;
      }
      default:
        throw new Error('unreachable');
    }
  }

  /**
   * Registers holding `values` evenly spaced, as [first register, stride]: the slots themselves
   * when they are evenly spaced slots, else consecutive temporaries each computed in turn.
   */
  private gather(values: readonly Ir[]): [number, number] {
    const first = values[0];
    const stride = values.length > 1 && first?.k === 'slot' && values[1]!.k === 'slot' ? values[1]!.s - first.s : 1;
    if (first?.k === 'slot' && values.every((value, i) => value.k === 'slot' && value.s === first.s + stride * i)) return [first.s, stride];
    const temps = values.map(() => this.temp());
    values.forEach((value, i) => {
      const result = this.expression(value, temps[i]);
      if (result !== temps[i]) this.code.push(OP_Move, temps[i]!, result);
    });
    // Placeholders count down (-1, -2, …) and finish() maps them to consecutive registers.
    return [temps[0] ?? 0, 1];
  }

  /** The code with temporary placeholders (negative) replaced by their final registers. */
  finish(): Int32Array {
    const tempBase = this.registers.tempBase;
    const code = this.code;
    code.push(OP_End);
    const result = new Int32Array(code.length);
    let pc = 0;
    while (pc < code.length) {
      const op = code[pc]!;
      const kinds = OPERANDS[op]!;
      result[pc] = op;
      for (let i = 1; i <= kinds.length; i++) {
        const value = code[pc + i]!;
        result[pc + i] = kinds.charCodeAt(i - 1) === 114 /* r */ && value < 0 ? tempBase + (-1 - value) : value;
      }
      pc += kinds.length + 1;
    }
    return result;
  }
}
