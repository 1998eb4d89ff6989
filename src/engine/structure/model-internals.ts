import type { CompiledModel } from '../api-types.ts';
import type { CompiledProgram } from '../compile/compile-program.ts';

/**
 * The compiled program behind a CompiledModel made by this engine: the scalar IR, the slot of
 * every variable and which variable owns each hidden slot. Loop dominance re-evaluates single
 * equations on a run's memory and needs them; the public interface deliberately does not show
 * them. Read from the model object, so that structure analysis needs no change to the model
 * class; a model from elsewhere (a test double) is refused with a clear message.
 */
export function compiledProgramOf(model: CompiledModel): CompiledProgram {
  const compiled: unknown = Reflect.get(model, 'compiled');
  if (!isCompiledProgram(compiled)) throw new TypeError('this analysis needs a model compiled by the Alliance Dynamics engine (compileModel)');
  return compiled;
}

function isCompiledProgram(value: unknown): value is CompiledProgram {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<CompiledProgram>;
  return Array.isArray(candidate.variables) && candidate.slotOwners instanceof Map && typeof candidate.program === 'object' && Array.isArray(candidate.program?.rates);
}
