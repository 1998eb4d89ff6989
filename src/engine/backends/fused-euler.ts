import { DT_SLOT, STEP_SLOT, TIME_SLOT, type Ir, type Program } from '../compile/ir.ts';
import { collectSlots } from '../compile/order-nodes.ts';
import type { RunTimeline, WholeRun } from './backend.ts';
import { eulerStatements, expressionSource, literal } from './codegen.ts';
import { runtimeLibrary } from './runtime-library.ts';

/**
 * A whole Euler run as one generated function, every slot it touches held in a local variable:
 * no typed-array loads and stores per statement, no calls per step. This is what brings small
 * models (the game's, the Monte Carlo's) close to a hand-written loop. The initial phase is part
 * of it, so one function warms up and is optimised as a whole. It performs exactly the
 * operations of the phase functions, in the same order, so its numbers are identical to theirs.
 * Large models keep the memory run: a huge function body would not be optimised.
 */
const MAX_FUSED_STATEMENTS = 1200;

export function localsRunFits(program: Program): boolean {
  const perStep = program.rates.length + program.nets.length + program.stocks.length + program.post.length;
  return perStep + program.initial.length <= MAX_FUSED_STATEMENTS;
}

export function generateLocalsRun(program: Program, outputSlots: Int32Array, timeline: RunTimeline): WholeRun {
  const { saveCount, saveEvery, stepCount, start } = timeline;
  const used = new Set<number>([TIME_SLOT, DT_SLOT, STEP_SLOT]);
  const written = new Set<number>([TIME_SLOT, STEP_SLOT]);
  const slots: number[] = [];
  const touch = (ir: Ir): void => {
    slots.length = 0;
    collectSlots(ir, slots);
    for (const slot of slots) used.add(slot);
  };
  for (const assignment of [...program.initial, ...program.rates, ...program.nets, ...program.post]) {
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
  const source = (ir: Ir): string => expressionSource(ir, local);

  const lines: string[] = ['"use strict";', 'return function run(v, out, offset) {'];
  for (const slot of [...used].sort((a, b) => a - b)) lines.push(`let ${local(slot)} = v[${slot}];`);
  // The initial phase, into locals.
  for (const assignment of program.initial) lines.push(`${local(assignment.slot)} = ${source(assignment.ir)};`);
  lines.push(`const dt = ${local(DT_SLOT)};`, 'let row = 0;', 'let wait = 0;', 'for (let step = 0; ; step++) {');
  lines.push('if (wait === 0) {', 'const o = offset + row;');
  outputSlots.forEach((slot, k) => lines.push(`out[o + ${k * saveCount}] = ${local(slot)};`));
  lines.push('row++;', `wait = ${saveEvery};`, '}', 'wait--;', `if (step === ${stepCount}) break;`);
  // post: fixed-delay histories, then PREVIOUS memories.
  for (const write of program.historyWrites) lines.push(`v[${write.base} + (${local(STEP_SLOT)} % ${write.length})] = ${source(write.source)};`);
  for (const assignment of program.post) lines.push(`${local(assignment.slot)} = ${source(assignment.ir)};`);
  // Euler: nets that read stocks first, then every stock.
  const euler = eulerStatements(program);
  for (const statement of [...euler.first, ...euler.updates]) {
    const value = source(statement.ir);
    lines.push(
      statement.clamp
        ? `{ const next = ${value}; ${local(statement.target)} = next < 0 ? 0 : next; }`
        : `${local(statement.target)} = ${value};`,
    );
  }
  lines.push(`${local(STEP_SLOT)} = step + 1;`, `${local(TIME_SLOT)} = ${literal(start)} + (step + 1) * dt;`);
  for (const assignment of program.rates) lines.push(`${local(assignment.slot)} = ${source(assignment.ir)};`);
  lines.push('}');
  for (const slot of [...written].sort((a, b) => a - b)) lines.push(`v[${slot}] = ${local(slot)};`);
  lines.push('};');
  const factory = new Function('L', 'T', 'S', lines.join('\n')) as (library: typeof runtimeLibrary, tables: Program['tables'], scratch: Float64Array) => WholeRun;
  return factory(runtimeLibrary, program.tables, new Float64Array(program.scratchSize));
}
