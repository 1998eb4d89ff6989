import { DT_SLOT, STEP_SLOT, TIME_SLOT, type Ir, type Program } from '../compile/ir.ts';
import { collectSlots } from '../compile/order-nodes.ts';
import { expressionSource } from './codegen.ts';
import { runtimeLibrary } from './runtime-library.ts';

/**
 * A whole Euler run as one generated function, every slot it touches held in a local variable:
 * no typed-array loads and stores per statement, no calls per step. This is what brings small
 * models (the game's, the Monte Carlo's) close to a hand-written loop. It performs exactly the
 * operations of the phase functions, in the same order, so its numbers are identical to theirs.
 * Large models keep the chunked phase functions: a huge function body would not be optimised.
 */
export type EulerLoop = (memory: Float64Array, results: Float64Array, saveCount: number, saveEvery: number, stepCount: number, start: number) => void;

const MAX_FUSED_STATEMENTS = 1200;

export function generateFusedEuler(program: Program, outputSlots: Int32Array): EulerLoop | undefined {
  const statementCount = program.rates.length + program.nets.length + program.stocks.length + program.post.length;
  if (statementCount > MAX_FUSED_STATEMENTS) return undefined;

  const used = new Set<number>([TIME_SLOT, DT_SLOT, STEP_SLOT]);
  const written = new Set<number>([TIME_SLOT, STEP_SLOT]);
  const touch = (ir: Ir): void => {
    const slots: number[] = [];
    collectSlots(ir, slots);
    for (const slot of slots) used.add(slot);
  };
  for (const assignment of [...program.rates, ...program.nets, ...program.post]) {
    touch(assignment.ir);
    used.add(assignment.slot);
    written.add(assignment.slot);
  }
  for (const write of program.historyWrites) touch(write.source);
  for (const stock of program.stocks) {
    used.add(stock.slot);
    written.add(stock.slot);
  }
  for (const slot of outputSlots) used.add(slot);

  const local = (slot: number): string => `s${slot}`;
  const ref = (slot: number): string => local(slot);
  const source = (ir: Ir): string => expressionSource(ir, ref);
  const stockSlots = new Set(program.stocks.map((stock) => stock.slot));
  const netBySlot = new Map(program.nets.map((net) => [net.slot, net.ir]));

  const lines: string[] = ['"use strict";', 'return function eulerLoop(v, out, saveCount, saveEvery, stepCount, start) {'];
  for (const slot of [...used].sort((a, b) => a - b)) lines.push(`let ${local(slot)} = v[${slot}];`);
  lines.push(`const dt = ${local(DT_SLOT)};`, 'let row = 0;', 'for (let step = 0; ; step++) {');
  lines.push('if (step % saveEvery === 0) {');
  outputSlots.forEach((slot, k) => lines.push(`out[${k} * saveCount + row] = ${local(slot)};`));
  lines.push('row++;', '}', 'if (step === stepCount) break;');
  // post: fixed-delay histories, then PREVIOUS memories.
  for (const write of program.historyWrites) lines.push(`v[${write.base} + (${local(STEP_SLOT)} % ${write.length})] = ${source(write.source)};`);
  for (const assignment of program.post) lines.push(`${local(assignment.slot)} = ${source(assignment.ir)};`);
  // Euler: nets that read stocks first, then every stock.
  const updates: string[] = [];
  for (const stock of program.stocks) {
    const net = netBySlot.get(stock.netSlot)!;
    const slots: number[] = [];
    collectSlots(net, slots);
    let netSource: string;
    if (slots.some((slot) => stockSlots.has(slot))) {
      lines.push(`${local(stock.netSlot)} = ${source(net)};`);
      netSource = local(stock.netSlot);
    } else netSource = source(net);
    updates.push(
      stock.nonNegative
        ? `{ const next = ${local(stock.slot)} + dt * ${netSource}; ${local(stock.slot)} = next < 0 ? 0 : next; }`
        : `${local(stock.slot)} = ${local(stock.slot)} + dt * ${netSource};`,
    );
  }
  lines.push(...updates);
  lines.push(`${local(STEP_SLOT)} = step + 1;`, `v[${STEP_SLOT}] = ${local(STEP_SLOT)};`, `${local(TIME_SLOT)} = start + (step + 1) * dt;`);
  for (const assignment of program.rates) lines.push(`${local(assignment.slot)} = ${source(assignment.ir)};`);
  lines.push('}');
  for (const slot of [...written].sort((a, b) => a - b)) lines.push(`v[${slot}] = ${local(slot)};`);
  lines.push('};');
  const factory = new Function('L', 'T', lines.join('\n')) as (library: typeof runtimeLibrary, tables: Program['tables']) => EulerLoop;
  return factory(runtimeLibrary, program.tables);
}
