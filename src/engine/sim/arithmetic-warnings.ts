import { compileVm } from '../backends/bytecode-vm.ts';
import { withDivisionLog } from '../compile/runtime-functions.ts';
import { TIME_SLOT, type Assignment, type Ir, type Program } from '../compile/ir.ts';
import { modelError, type ModelError } from '../errors.ts';
import type { SimSpecs } from '../xmile/model-document.ts';
import { Stepper } from './run-state.ts';

/**
 * Warnings for a run whose results hold Infinity or NaN: a division by zero is named once per
 * variable with the first time it happened (the run itself is kept as computed). Healthy runs pay
 * nothing: only a run with a non-finite value is run again, by the VM, with every division
 * checked; the checked division computes the same IEEE quotient, so the run it replays is the same.
 */
export interface RunFacts {
  readonly program: Program;
  readonly specs: SimSpecs;
  /** Slot → id of the variable whose equation computes it. */
  readonly slotOwners: ReadonlyMap<number, string>;
  /** Variable id → how errors name it. */
  readonly describe: (id: string) => { readonly label: string; readonly equation: string; readonly dependsOn: ReadonlySet<string> } | undefined;
  readonly file?: string;
}

/** At most this many variables are named for values that went non-finite without a division by zero. */
const MAX_NAMED = 5;

export function arithmeticWarnings(
  facts: RunFacts,
  result: { readonly time: Float64Array; readonly series: ReadonlyMap<string, Float64Array>; readonly variableOf: (seriesId: string) => string },
  parameterValues: ArrayLike<number>,
  seed: number,
): ModelError[] {
  const firstBad = firstNonFinite(result);
  if (firstBad.length === 0) return [];
  const divisions = replayWithCheckedDivisions(facts, parameterValues, seed);
  const where = (id: string) => {
    const described = facts.describe(id);
    return { ...(facts.file === undefined ? {} : { file: facts.file }), variable: described?.label ?? id, ...(described ? { equation: described.equation } : {}) };
  };
  const warnings: ModelError[] = [];
  for (const [id, time] of [...divisions].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))) {
    warnings.push(modelError('division-by-zero', `divides by zero at time ${time}; from then on its value (and what depends on it) may be infinite or not a number`, where(id), 'warning'));
  }
  if (warnings.length > 0) return warnings;
  // No division by zero: say where the first infinite or undefined value came from, leaving out
  // variables that only read another one gone bad at the same time.
  const earliest = firstBad[0]!.time;
  const first = new Map<string, number>();
  for (const bad of firstBad) {
    if (bad.time !== earliest) break;
    const id = result.variableOf(bad.series);
    if (!first.has(id)) first.set(id, bad.value);
  }
  const sources = [...first].filter(([id]) => ![...(facts.describe(id)?.dependsOn ?? [])].some((input) => input !== id && first.has(input)));
  for (const [id, value] of (sources.length > 0 ? sources : [...first]).slice(0, MAX_NAMED)) {
    const what = Number.isNaN(value) ? 'is not a number (NaN)' : `is ${value > 0 ? '' : 'minus '}infinite`;
    warnings.push(modelError('non-finite', `${what} from time ${earliest} on (a logarithm or square root outside its domain, or a value too large for a double)`, where(id), 'warning'));
  }
  return warnings;
}

/** Every series with a value that is not finite, with the first such value and its time, earliest first. */
function firstNonFinite(result: { readonly time: Float64Array; readonly series: ReadonlyMap<string, Float64Array> }): { series: string; time: number; value: number }[] {
  const found: { series: string; time: number; value: number }[] = [];
  for (const [id, values] of result.series) {
    for (let row = 0; row < values.length; row++) {
      const value = values[row]!;
      if (value - value !== 0) {
        found.push({ series: id, time: result.time[row]!, value });
        break;
      }
    }
  }
  return found.sort((a, b) => a.time - b.time);
}

/** Variable id → first time one of its equations divided by zero, from a checked replay of the run. */
function replayWithCheckedDivisions(facts: RunFacts, parameterValues: ArrayLike<number>, seed: number): Map<string, number> {
  const checked = checkedProgram(facts.program);
  const stepper = new Stepper(compileVm(checked), checked, facts.specs);
  const memory = stepper.createMemory();
  const bySlot = new Map<number, number>();
  withDivisionLog(bySlot, () => {
    stepper.reset(memory, parameterValues, seed);
    for (let step = 0; step < stepper.timeline.stepCount; step++) stepper.advance(memory, step);
  });
  const byVariable = new Map<string, number>();
  for (const [slot, time] of bySlot) {
    const owner = facts.slotOwners.get(slot);
    if (owner === undefined) continue;
    const known = byVariable.get(owner);
    if (known === undefined || time < known) byVariable.set(owner, time);
  }
  return byVariable;
}

/** The program with every division and MOD checked for a zero divisor, each tagged with the slot it computes. */
function checkedProgram(program: Program): Program {
  const assignments = (list: readonly Assignment[]): Assignment[] => list.map((assignment) => ({ slot: assignment.slot, ir: checkDivisions(assignment.ir, assignment.slot) }));
  return {
    ...program,
    initial: assignments(program.initial),
    invariants: assignments(program.invariants),
    rates: assignments(program.rates),
    nets: assignments(program.nets),
    post: assignments(program.post),
  };
}

function checkDivisions(ir: Ir, slot: number): Ir {
  const at = (inner: Ir): Ir => checkDivisions(inner, slot);
  switch (ir.k) {
    case 'const':
    case 'slot':
      return ir;
    case 'neg':
    case 'not':
      return { ...ir, a: at(ir.a) };
    case 'bin':
      if (ir.op === '/' || ir.op === 'mod') {
        return { k: 'fn', fn: ir.op === '/' ? 'checkeddiv' : 'checkedmod', args: [at(ir.a), at(ir.b), { k: 'const', v: slot }, { k: 'slot', s: TIME_SLOT }] };
      }
      return { ...ir, a: at(ir.a), b: at(ir.b) };
    case 'if':
      return { ...ir, c: at(ir.c), t: at(ir.t), e: at(ir.e) };
    case 'fn':
    case 'random':
      return { ...ir, args: ir.args.map(at) };
    case 'lookup':
      return { ...ir, x: at(ir.x) };
    case 'history':
      return { ...ir, delay: at(ir.delay), initial: at(ir.initial), current: at(ir.current) };
    case 'pick':
      return { ...ir, values: ir.values.map(at), index: at(ir.index) };
    case 'rankpick':
      return { ...ir, values: ir.values.map(at), rank: at(ir.rank), ascending: at(ir.ascending) };
  }
}
