import { DT_SLOT, START_SLOT, STEP_SLOT, TIME_SLOT, type Program } from '../compile/ir.ts';
import { runtimeLibrary } from './runtime-library.ts';

/**
 * CSP-safe back end: a register bytecode interpreter over the same memory array (slots, then
 * constants, then temporaries). One `switch` loop, no closures per node: engine-notes measured
 * this 1.2-3x faster than a closure tree. It performs the same IEEE operations in the same order
 * as the generated code, so both give identical numbers.
 *
 * What an interpreter pays for is dispatch, so the instruction set is shaped to need few
 * instructions: every result goes straight to its slot, an arithmetic node over two arithmetic
 * leaves is one instruction ((a op b) op c and a op (b op c), op being + - * / MIN MAX), a stock's
 * Euler update is one instruction with its net flow folded in where it can be, and a whole time
 * step (post, Euler, clock, rates) is one code array run by one call. Rare operations (most
 * mathematical functions, lookups, draws, delays) live in a second function, which keeps the hot
 * loop small.
 */
/** Opcodes. Plain numeric constants (not an enum) so Node can run this file with type stripping. */
export const OP_Move = 0;
export const OP_Neg = 1;
export const OP_Not = 2;
export const OP_Add = 3;
export const OP_Sub = 4;
export const OP_Mul = 5;
export const OP_Div = 6;
export const OP_Min = 7;
export const OP_Max = 8;
export const OP_Lt = 9;
export const OP_Le = 10;
export const OP_Gt = 11;
export const OP_Ge = 12;
export const OP_Eq = 13;
export const OP_Ne = 14;
export const OP_And = 15;
export const OP_Or = 16;
export const OP_JumpIfZero = 17;
export const OP_Jump = 18;
export const OP_Exp = 19;
export const OP_Pow = 20;
export const OP_Abs = 21;
/** m[s] = m[s] + dt * m[n] */
export const OP_Euler = 22;
/** The same, held at zero. */
export const OP_EulerClamp = 23;
/** m[s] = m[s] + dt * (m[a] - m[b]) */
export const OP_EulerSub = 24;
/** m[s] = m[s] + dt * (m[a] + m[b]) */
export const OP_EulerAdd = 25;
/** The clock: step + 1, time = start + step * dt. */
export const OP_Advance = 26;
/** Ends every code array, so the loop needs no bounds test of its own. */
export const OP_End = 27;
/** (a op1 b) op2 c: LEFT + op2 * 4 + op1, op1 in + - * /, op2 in + - * / MIN MAX. */
export const LEFT = 32;
/** a op2 (b op1 c): RIGHT + op2 * 4 + op1. */
export const RIGHT = 56;
// Rare operations, run by runRare.
export const OP_Mod = 80;
export const OP_Sqrt = 81;
export const OP_Ln = 82;
export const OP_Log10 = 83;
export const OP_Sin = 84;
export const OP_Cos = 85;
export const OP_Tan = 86;
export const OP_Asin = 87;
export const OP_Acos = 88;
export const OP_Atan = 89;
export const OP_Sinh = 90;
export const OP_Cosh = 91;
export const OP_Tanh = 92;
export const OP_Floor = 93;
export const OP_Round = 94;
export const OP_Sign = 95;
export const OP_Pulse = 96;
export const OP_Ramp = 97;
export const OP_SafeDiv = 98;
export const OP_Lookup = 99;
export const OP_Random = 100;
export const OP_History = 101;
export const OP_HistoryWrite = 102;
export const OP_Trunc = 103;
export const OP_CheckedDiv = 104;
export const OP_CheckedMod = 105;
/** dst, index, base register, stride, count, missing: m[base + stride · index] or missing. */
export const OP_Pick = 106;
/** dst, base register, stride, count, rank, ascending: see rankPick. */
export const OP_RankPick = 107;
/** dst, table, kind (0 Vensim's LOOKUP AREA, 1 Stella's LOOKUPAREA, 2 LOOKUPMEAN), from, to. */
export const OP_LookupArea = 108;
export type Op = number;

/**
 * Operands of each opcode: r = register (slot, constant or temporary), i = immediate number,
 * j = jump target (absolute within its code array).
 */
export const OPERANDS: string[] = [];
const operands = (ops: readonly Op[], kinds: string): void => {
  for (const op of ops) OPERANDS[op] = kinds;
};
operands([OP_Move, OP_Neg, OP_Not, OP_Exp, OP_Abs, OP_Euler, OP_EulerClamp], 'rr');
operands([OP_Add, OP_Sub, OP_Mul, OP_Div, OP_Min, OP_Max, OP_Lt, OP_Le, OP_Gt, OP_Ge, OP_Eq, OP_Ne, OP_And, OP_Or, OP_Pow, OP_Mod], 'rrr');
operands([OP_EulerSub, OP_EulerAdd], 'rrr');
operands([OP_JumpIfZero], 'rj');
operands([OP_Jump], 'j');
operands([OP_Advance, OP_End], '');
for (let op = LEFT; op < RIGHT + 24; op++) OPERANDS[op] = 'rrrr';
operands([OP_Sqrt, OP_Ln, OP_Log10, OP_Sin, OP_Cos, OP_Tan, OP_Asin, OP_Acos, OP_Atan, OP_Sinh, OP_Cosh, OP_Tanh, OP_Floor, OP_Trunc, OP_Round, OP_Sign], 'rr');
operands([OP_Pulse], 'rrrrrr');
operands([OP_Ramp], 'rrrrr');
operands([OP_SafeDiv], 'rrrr');
operands([OP_Lookup], 'rir');
operands([OP_Random], 'riirr');
operands([OP_History], 'riirrr');
operands([OP_HistoryWrite], 'iir');
operands([OP_CheckedDiv, OP_CheckedMod], 'rrrrr');
operands([OP_Pick], 'rrriir');
operands([OP_RankPick], 'rriirr');
operands([OP_LookupArea], 'riirr');

/**
 * Runs one code array over the memory. One switch loop over the common instructions (about 110
 * lines kept together on purpose: dispatch is what an interpreter pays for, and V8 optimises one
 * tight loop with local opcode constants best); the rare ones are in runRare.
 */
export function run(code: Int32Array, m: Float64Array, tables: Program['tables']): void {
  const L = runtimeLibrary;
  let pc = 0;
  for (;;) {
    switch (code[pc]) {
      case OP_End: return;
      case OP_Move: m[code[pc + 1]!] = m[code[pc + 2]!]!; pc += 3; break;
      case OP_Neg: m[code[pc + 1]!] = -m[code[pc + 2]!]!; pc += 3; break;
      case OP_Not: m[code[pc + 1]!] = m[code[pc + 2]!] === 0 ? 1 : 0; pc += 3; break;
      case OP_Add: m[code[pc + 1]!] = m[code[pc + 2]!]! + m[code[pc + 3]!]!; pc += 4; break;
      case OP_Sub: m[code[pc + 1]!] = m[code[pc + 2]!]! - m[code[pc + 3]!]!; pc += 4; break;
      case OP_Mul: m[code[pc + 1]!] = m[code[pc + 2]!]! * m[code[pc + 3]!]!; pc += 4; break;
      case OP_Div: m[code[pc + 1]!] = m[code[pc + 2]!]! / m[code[pc + 3]!]!; pc += 4; break;
      case OP_Min: m[code[pc + 1]!] = Math.min(m[code[pc + 2]!]!, m[code[pc + 3]!]!); pc += 4; break;
      case OP_Max: m[code[pc + 1]!] = Math.max(m[code[pc + 2]!]!, m[code[pc + 3]!]!); pc += 4; break;
      case OP_Lt: m[code[pc + 1]!] = m[code[pc + 2]!]! < m[code[pc + 3]!]! ? 1 : 0; pc += 4; break;
      case OP_Le: m[code[pc + 1]!] = m[code[pc + 2]!]! <= m[code[pc + 3]!]! ? 1 : 0; pc += 4; break;
      case OP_Gt: m[code[pc + 1]!] = m[code[pc + 2]!]! > m[code[pc + 3]!]! ? 1 : 0; pc += 4; break;
      case OP_Ge: m[code[pc + 1]!] = m[code[pc + 2]!]! >= m[code[pc + 3]!]! ? 1 : 0; pc += 4; break;
      case OP_Eq: m[code[pc + 1]!] = m[code[pc + 2]!] === m[code[pc + 3]!] ? 1 : 0; pc += 4; break;
      case OP_Ne: m[code[pc + 1]!] = m[code[pc + 2]!] !== m[code[pc + 3]!] ? 1 : 0; pc += 4; break;
      case OP_And: m[code[pc + 1]!] = m[code[pc + 2]!] !== 0 && m[code[pc + 3]!] !== 0 ? 1 : 0; pc += 4; break;
      case OP_Or: m[code[pc + 1]!] = m[code[pc + 2]!] !== 0 || m[code[pc + 3]!] !== 0 ? 1 : 0; pc += 4; break;
      case OP_JumpIfZero: pc = m[code[pc + 1]!] !== 0 ? pc + 3 : code[pc + 2]!; break;
      case OP_Jump: pc = code[pc + 1]!; break;
      case OP_Exp: m[code[pc + 1]!] = L.exp(m[code[pc + 2]!]!); pc += 3; break;
      case OP_Pow: m[code[pc + 1]!] = L.pow(m[code[pc + 2]!]!, m[code[pc + 3]!]!); pc += 4; break;
      case OP_Abs: m[code[pc + 1]!] = Math.abs(m[code[pc + 2]!]!); pc += 3; break;
      case OP_Euler: {
        const s = code[pc + 1]!;
        m[s] = m[s]! + m[DT_SLOT]! * m[code[pc + 2]!]!;
        pc += 3;
        break;
      }
      case OP_EulerClamp: {
        const s = code[pc + 1]!;
        const next = m[s]! + m[DT_SLOT]! * m[code[pc + 2]!]!;
        m[s] = next < 0 ? 0 : next;
        pc += 3;
        break;
      }
      case OP_EulerSub: {
        const s = code[pc + 1]!;
        m[s] = m[s]! + m[DT_SLOT]! * (m[code[pc + 2]!]! - m[code[pc + 3]!]!);
        pc += 4;
        break;
      }
      case OP_EulerAdd: {
        const s = code[pc + 1]!;
        m[s] = m[s]! + m[DT_SLOT]! * (m[code[pc + 2]!]! + m[code[pc + 3]!]!);
        pc += 4;
        break;
      }
      case OP_Advance: {
        const step = m[STEP_SLOT]! + 1;
        m[STEP_SLOT] = step;
        m[TIME_SLOT] = m[START_SLOT]! + step * m[DT_SLOT]!;
        pc += 1;
        break;
      }
      // (a op1 b) op2 c, then a op2 (b op1 c); op1 + - * /, op2 + - * / MIN MAX.
      case 32: m[code[pc + 1]!] = (m[code[pc + 2]!]! + m[code[pc + 3]!]!) + m[code[pc + 4]!]!; pc += 5; break;
      case 33: m[code[pc + 1]!] = (m[code[pc + 2]!]! - m[code[pc + 3]!]!) + m[code[pc + 4]!]!; pc += 5; break;
      case 34: m[code[pc + 1]!] = (m[code[pc + 2]!]! * m[code[pc + 3]!]!) + m[code[pc + 4]!]!; pc += 5; break;
      case 35: m[code[pc + 1]!] = (m[code[pc + 2]!]! / m[code[pc + 3]!]!) + m[code[pc + 4]!]!; pc += 5; break;
      case 36: m[code[pc + 1]!] = (m[code[pc + 2]!]! + m[code[pc + 3]!]!) - m[code[pc + 4]!]!; pc += 5; break;
      case 37: m[code[pc + 1]!] = (m[code[pc + 2]!]! - m[code[pc + 3]!]!) - m[code[pc + 4]!]!; pc += 5; break;
      case 38: m[code[pc + 1]!] = (m[code[pc + 2]!]! * m[code[pc + 3]!]!) - m[code[pc + 4]!]!; pc += 5; break;
      case 39: m[code[pc + 1]!] = (m[code[pc + 2]!]! / m[code[pc + 3]!]!) - m[code[pc + 4]!]!; pc += 5; break;
      case 40: m[code[pc + 1]!] = (m[code[pc + 2]!]! + m[code[pc + 3]!]!) * m[code[pc + 4]!]!; pc += 5; break;
      case 41: m[code[pc + 1]!] = (m[code[pc + 2]!]! - m[code[pc + 3]!]!) * m[code[pc + 4]!]!; pc += 5; break;
      case 42: m[code[pc + 1]!] = (m[code[pc + 2]!]! * m[code[pc + 3]!]!) * m[code[pc + 4]!]!; pc += 5; break;
      case 43: m[code[pc + 1]!] = (m[code[pc + 2]!]! / m[code[pc + 3]!]!) * m[code[pc + 4]!]!; pc += 5; break;
      case 44: m[code[pc + 1]!] = (m[code[pc + 2]!]! + m[code[pc + 3]!]!) / m[code[pc + 4]!]!; pc += 5; break;
      case 45: m[code[pc + 1]!] = (m[code[pc + 2]!]! - m[code[pc + 3]!]!) / m[code[pc + 4]!]!; pc += 5; break;
      case 46: m[code[pc + 1]!] = (m[code[pc + 2]!]! * m[code[pc + 3]!]!) / m[code[pc + 4]!]!; pc += 5; break;
      case 47: m[code[pc + 1]!] = (m[code[pc + 2]!]! / m[code[pc + 3]!]!) / m[code[pc + 4]!]!; pc += 5; break;
      case 48: m[code[pc + 1]!] = Math.min((m[code[pc + 2]!]! + m[code[pc + 3]!]!), m[code[pc + 4]!]!); pc += 5; break;
      case 49: m[code[pc + 1]!] = Math.min((m[code[pc + 2]!]! - m[code[pc + 3]!]!), m[code[pc + 4]!]!); pc += 5; break;
      case 50: m[code[pc + 1]!] = Math.min((m[code[pc + 2]!]! * m[code[pc + 3]!]!), m[code[pc + 4]!]!); pc += 5; break;
      case 51: m[code[pc + 1]!] = Math.min((m[code[pc + 2]!]! / m[code[pc + 3]!]!), m[code[pc + 4]!]!); pc += 5; break;
      case 52: m[code[pc + 1]!] = Math.max((m[code[pc + 2]!]! + m[code[pc + 3]!]!), m[code[pc + 4]!]!); pc += 5; break;
      case 53: m[code[pc + 1]!] = Math.max((m[code[pc + 2]!]! - m[code[pc + 3]!]!), m[code[pc + 4]!]!); pc += 5; break;
      case 54: m[code[pc + 1]!] = Math.max((m[code[pc + 2]!]! * m[code[pc + 3]!]!), m[code[pc + 4]!]!); pc += 5; break;
      case 55: m[code[pc + 1]!] = Math.max((m[code[pc + 2]!]! / m[code[pc + 3]!]!), m[code[pc + 4]!]!); pc += 5; break;
      case 56: m[code[pc + 1]!] = m[code[pc + 2]!]! + (m[code[pc + 3]!]! + m[code[pc + 4]!]!); pc += 5; break;
      case 57: m[code[pc + 1]!] = m[code[pc + 2]!]! + (m[code[pc + 3]!]! - m[code[pc + 4]!]!); pc += 5; break;
      case 58: m[code[pc + 1]!] = m[code[pc + 2]!]! + (m[code[pc + 3]!]! * m[code[pc + 4]!]!); pc += 5; break;
      case 59: m[code[pc + 1]!] = m[code[pc + 2]!]! + (m[code[pc + 3]!]! / m[code[pc + 4]!]!); pc += 5; break;
      case 60: m[code[pc + 1]!] = m[code[pc + 2]!]! - (m[code[pc + 3]!]! + m[code[pc + 4]!]!); pc += 5; break;
      case 61: m[code[pc + 1]!] = m[code[pc + 2]!]! - (m[code[pc + 3]!]! - m[code[pc + 4]!]!); pc += 5; break;
      case 62: m[code[pc + 1]!] = m[code[pc + 2]!]! - (m[code[pc + 3]!]! * m[code[pc + 4]!]!); pc += 5; break;
      case 63: m[code[pc + 1]!] = m[code[pc + 2]!]! - (m[code[pc + 3]!]! / m[code[pc + 4]!]!); pc += 5; break;
      case 64: m[code[pc + 1]!] = m[code[pc + 2]!]! * (m[code[pc + 3]!]! + m[code[pc + 4]!]!); pc += 5; break;
      case 65: m[code[pc + 1]!] = m[code[pc + 2]!]! * (m[code[pc + 3]!]! - m[code[pc + 4]!]!); pc += 5; break;
      case 66: m[code[pc + 1]!] = m[code[pc + 2]!]! * (m[code[pc + 3]!]! * m[code[pc + 4]!]!); pc += 5; break;
      case 67: m[code[pc + 1]!] = m[code[pc + 2]!]! * (m[code[pc + 3]!]! / m[code[pc + 4]!]!); pc += 5; break;
      case 68: m[code[pc + 1]!] = m[code[pc + 2]!]! / (m[code[pc + 3]!]! + m[code[pc + 4]!]!); pc += 5; break;
      case 69: m[code[pc + 1]!] = m[code[pc + 2]!]! / (m[code[pc + 3]!]! - m[code[pc + 4]!]!); pc += 5; break;
      case 70: m[code[pc + 1]!] = m[code[pc + 2]!]! / (m[code[pc + 3]!]! * m[code[pc + 4]!]!); pc += 5; break;
      case 71: m[code[pc + 1]!] = m[code[pc + 2]!]! / (m[code[pc + 3]!]! / m[code[pc + 4]!]!); pc += 5; break;
      case 72: m[code[pc + 1]!] = Math.min(m[code[pc + 2]!]!, (m[code[pc + 3]!]! + m[code[pc + 4]!]!)); pc += 5; break;
      case 73: m[code[pc + 1]!] = Math.min(m[code[pc + 2]!]!, (m[code[pc + 3]!]! - m[code[pc + 4]!]!)); pc += 5; break;
      case 74: m[code[pc + 1]!] = Math.min(m[code[pc + 2]!]!, (m[code[pc + 3]!]! * m[code[pc + 4]!]!)); pc += 5; break;
      case 75: m[code[pc + 1]!] = Math.min(m[code[pc + 2]!]!, (m[code[pc + 3]!]! / m[code[pc + 4]!]!)); pc += 5; break;
      case 76: m[code[pc + 1]!] = Math.max(m[code[pc + 2]!]!, (m[code[pc + 3]!]! + m[code[pc + 4]!]!)); pc += 5; break;
      case 77: m[code[pc + 1]!] = Math.max(m[code[pc + 2]!]!, (m[code[pc + 3]!]! - m[code[pc + 4]!]!)); pc += 5; break;
      case 78: m[code[pc + 1]!] = Math.max(m[code[pc + 2]!]!, (m[code[pc + 3]!]! * m[code[pc + 4]!]!)); pc += 5; break;
      case 79: m[code[pc + 1]!] = Math.max(m[code[pc + 2]!]!, (m[code[pc + 3]!]! / m[code[pc + 4]!]!)); pc += 5; break;
      default:
        pc = runRare(code, pc, m, tables);
    }
  }
}

/** The rarer operations, out of the hot loop; returns the next pc. */
function runRare(code: Int32Array, pc: number, m: Float64Array, tables: Program['tables']): number {
  const L = runtimeLibrary;
  switch (code[pc]) {
    case OP_Mod: m[code[pc + 1]!] = m[code[pc + 2]!]! % m[code[pc + 3]!]!; return pc + 4;
    case OP_Sqrt: m[code[pc + 1]!] = Math.sqrt(m[code[pc + 2]!]!); return pc + 3;
    case OP_Ln: m[code[pc + 1]!] = L.ln(m[code[pc + 2]!]!); return pc + 3;
    case OP_Log10: m[code[pc + 1]!] = L.log10(m[code[pc + 2]!]!); return pc + 3;
    case OP_Sin: m[code[pc + 1]!] = L.sin(m[code[pc + 2]!]!); return pc + 3;
    case OP_Cos: m[code[pc + 1]!] = L.cos(m[code[pc + 2]!]!); return pc + 3;
    case OP_Tan: m[code[pc + 1]!] = L.tan(m[code[pc + 2]!]!); return pc + 3;
    case OP_Asin: m[code[pc + 1]!] = L.asin(m[code[pc + 2]!]!); return pc + 3;
    case OP_Acos: m[code[pc + 1]!] = L.acos(m[code[pc + 2]!]!); return pc + 3;
    case OP_Atan: m[code[pc + 1]!] = L.atan(m[code[pc + 2]!]!); return pc + 3;
    case OP_Sinh: m[code[pc + 1]!] = L.sinh(m[code[pc + 2]!]!); return pc + 3;
    case OP_Cosh: m[code[pc + 1]!] = L.cosh(m[code[pc + 2]!]!); return pc + 3;
    case OP_Tanh: m[code[pc + 1]!] = L.tanh(m[code[pc + 2]!]!); return pc + 3;
    case OP_Floor: m[code[pc + 1]!] = Math.floor(m[code[pc + 2]!]!); return pc + 3;
    case OP_Trunc: m[code[pc + 1]!] = Math.trunc(m[code[pc + 2]!]!); return pc + 3;
    case OP_Round: m[code[pc + 1]!] = L.roundHalfAway(m[code[pc + 2]!]!); return pc + 3;
    case OP_Sign: m[code[pc + 1]!] = Math.sign(m[code[pc + 2]!]!); return pc + 3;
    case OP_Pulse:
      m[code[pc + 1]!] = L.pulse(m[code[pc + 2]!]!, m[code[pc + 3]!]!, m[code[pc + 4]!]!, m[code[pc + 5]!]!, m[code[pc + 6]!]!);
      return pc + 7;
    case OP_Ramp:
      m[code[pc + 1]!] = L.ramp(m[code[pc + 2]!]!, m[code[pc + 3]!]!, m[code[pc + 4]!]!, m[code[pc + 5]!]!);
      return pc + 6;
    case OP_SafeDiv: m[code[pc + 1]!] = L.safeDivide(m[code[pc + 2]!]!, m[code[pc + 3]!]!, m[code[pc + 4]!]!); return pc + 5;
    case OP_LookupArea: {
      const table = tables[code[pc + 2]!]!;
      const kind = code[pc + 3]!;
      const from = m[code[pc + 4]!]!;
      const to = m[code[pc + 5]!]!;
      m[code[pc + 1]!] = kind === 2 ? L.lookupMean(table, from, to) : L.lookupArea(table, from, to, kind === 0);
      return pc + 6;
    }
    case OP_Pick:
      m[code[pc + 1]!] = L.pickStrided(m, code[pc + 3]!, code[pc + 4]!, code[pc + 5]!, m[code[pc + 2]!]!, m[code[pc + 6]!]!);
      return pc + 7;
    case OP_RankPick:
      m[code[pc + 1]!] = L.rankPick(m, code[pc + 2]!, code[pc + 3]!, code[pc + 4]!, m[code[pc + 5]!]!, m[code[pc + 6]!]!);
      return pc + 7;
    case OP_CheckedDiv: m[code[pc + 1]!] = L.checkedDivide(m[code[pc + 2]!]!, m[code[pc + 3]!]!, m[code[pc + 4]!]!, m[code[pc + 5]!]!); return pc + 6;
    case OP_CheckedMod: m[code[pc + 1]!] = L.checkedModulo(m[code[pc + 2]!]!, m[code[pc + 3]!]!, m[code[pc + 4]!]!, m[code[pc + 5]!]!); return pc + 6;
    case OP_Lookup: m[code[pc + 1]!] = L.lookup(tables[code[pc + 2]!]!, m[code[pc + 3]!]!); return pc + 4;
    case OP_Random:
      m[code[pc + 1]!] = L.drawRandom(m, code[pc + 2]!, code[pc + 3]!, m[code[pc + 4]!]!, m[code[pc + 5]!]!);
      return pc + 6;
    case OP_History:
      m[code[pc + 1]!] = L.historyValue(m, code[pc + 2]!, code[pc + 3]!, m[STEP_SLOT]!, m[DT_SLOT]!, m[code[pc + 4]!]!, m[code[pc + 5]!]!, m[code[pc + 6]!]!);
      return pc + 7;
    case OP_HistoryWrite:
      m[code[pc + 1]! + (m[STEP_SLOT]! % code[pc + 2]!)] = m[code[pc + 3]!]!;
      return pc + 4;
    default:
      throw new Error(`bytecode corrupted at ${pc}`);
  }
}
