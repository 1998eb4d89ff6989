import type { Ir, Program } from '../compile/ir.ts';
import type { CompiledPhases, RunTimeline, WholeRun } from './backend.ts';
import { Assembler, RegisterFile, run } from './bytecode-vm.ts';
import { eulerStatements } from './euler-statements.ts';

/** The CSP-safe back end: a program's phases assembled to bytecode and run by the interpreter (bytecode-vm.ts). */
export function compileVm(program: Program): CompiledPhases {
  const registers = new RegisterFile(program.slotCount);
  const assemblers: Assembler[] = [];
  const assemble = (emit: (assembler: Assembler) => void): Assembler => {
    const assembler = new Assembler(registers);
    emit(assembler);
    assemblers.push(assembler);
    return assembler;
  };
  const statements = (assignments: Program['initial']) => (assembler: Assembler): void => {
    for (const assignment of assignments) assembler.statement(assignment.slot, assignment.ir);
  };
  const post = (assembler: Assembler): void => {
    for (const write of program.historyWrites) assembler.historyWrite(write.base, write.length, write.source);
    statements(program.post)(assembler);
  };
  const euler = eulerStatements(program);
  const integrate = (assembler: Assembler): void => {
    for (const statement of euler.first) assembler.statement(statement.target, statement.ir);
    for (const update of euler.updates) {
      // x + dt * net (eulerStatements): the net is the right operand of the product.
      const product = (update.ir as Extract<Ir, { k: 'bin' }>).b as Extract<Ir, { k: 'bin' }>;
      assembler.euler(update.target, product.b, update.clamp === true);
    }
  };
  const initialCode = assemble(statements(program.initial));
  const invariantsCode = assemble(statements(program.invariants));
  const ratesCode = assemble(statements(program.rates));
  const netsCode = assemble(statements(program.nets));
  const postCode = assemble(post);
  const eulerCode = assemble(integrate);
  // One time step in one array: post, Euler, the clock, rates.
  const stepCode = assemble((assembler) => {
    post(assembler);
    integrate(assembler);
    assembler.advance();
    statements(program.rates)(assembler);
  });
  const [initial, invariants, rates, nets, postPhase, integrateEuler, step] = [
    initialCode, invariantsCode, ratesCode, netsCode, postCode, eulerCode, stepCode,
  ].map((assembler) => assembler.finish()) as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array];
  const constants = registers.constants;
  const tables = program.tables;
  return {
    kind: 'vm',
    memorySize: program.slotCount + constants.length + registers.maxTemps,
    prepare(memory) {
      for (let i = 0; i < constants.length; i++) memory[program.slotCount + i] = constants[i]!;
    },
    initial: (memory) => run(initial, memory, tables),
    invariants: (memory) => run(invariants, memory, tables),
    rates: (memory) => run(rates, memory, tables),
    nets: (memory) => run(nets, memory, tables),
    post: (memory) => run(postPhase, memory, tables),
    integrateEuler: (memory) => run(integrateEuler, memory, tables),
    createEulerRun: (outputSlots, timeline) => vmRun(initial, step, tables, outputSlots, timeline),
  };
}

/** A whole Euler run: the initial code, then per step the outputs saved and the step code run. */
function vmRun(initial: Int32Array, step: Int32Array, tables: Program['tables'], outputSlots: Int32Array, timeline: RunTimeline): WholeRun {
  const { saveCount, saveEvery, stepCount } = timeline;
  const slots = outputSlots.slice();
  const count = slots.length;
  return (memory, out, offset) => {
    run(initial, memory, tables);
    let row = 0;
    let wait = 0;
    for (let n = 0; ; n++) {
      if (wait === 0) {
        const o = offset + row;
        for (let k = 0; k < count; k++) out[o + k * saveCount] = memory[slots[k]!]!;
        row++;
        wait = saveEvery;
      }
      wait--;
      if (n === stepCount) break;
      run(step, memory, tables);
    }
  };
}
