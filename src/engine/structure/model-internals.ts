import type { CompiledModel } from '../api-types.ts';
import type { CompiledProgram } from '../compile/compile-program.ts';
import { compiledProgramOf as programOf } from '../compiled-model.ts';

/**
 * The compiled program behind a CompiledModel made by this engine: the scalar IR, the slot of
 * every variable and which variable owns each hidden slot. Loop dominance re-evaluates single
 * equations on a run's memory and needs them; the public interface deliberately does not show
 * them. A model from elsewhere (a test double) is refused with a clear message.
 */
export function compiledProgramOf(model: CompiledModel): CompiledProgram {
  const compiled = programOf(model);
  if (!compiled) throw new TypeError('this analysis needs a model compiled by the Alliance Dynamics engine (compileModel)');
  return compiled;
}
