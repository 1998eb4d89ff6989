import { expect } from 'vitest';
import type { CompileOptions, CompiledModel, RunResult } from '../../src/engine/index.ts';
import { compileOrThrow, trajectory, type Trajectory } from './run-model.ts';

/**
 * Runs a model on every path the engine has (the bytecode VM, generated code holding values in
 * locals and in memory, each as a whole run and as a stepping Sim) and fails the test unless all
 * give the very same doubles. Returns the VM's trajectory, so a feature test checks its numbers
 * once and its agreement across back ends in the same call.
 */
export function simulateEverywhere(source: string, options: Omit<CompileOptions, 'backend' | 'codegenRun'> = {}, seed = 0): Trajectory {
  const vm = compileOrThrow(source, { ...options, backend: 'vm' });
  const reference = vm.run({ seed });
  const paths: [string, RunResult][] = [['vm stepped', stepped(vm, seed)]];
  for (const codegenRun of ['locals', 'memory'] as const) {
    const model = compileOrThrow(source, { ...options, backend: 'codegen', codegenRun });
    paths.push([`codegen ${codegenRun}`, model.run({ seed })], [`codegen ${codegenRun} stepped`, stepped(model, seed)]);
  }
  for (const [name, result] of paths) expect(firstDifference(reference, result), `vm run vs ${name}`).toBeUndefined();
  return trajectory(vm, { seed });
}

/** The same series from a stepping Sim, run to the end in a few pieces. */
function stepped(model: CompiledModel, seed: number): RunResult {
  const sim = model.createSim({ seed });
  const { start, stop } = model.specs;
  for (const fraction of [0.3, 0.7, 1]) sim.runTo(start + (stop - start) * fraction);
  const series = new Map(model.outputs.map((output) => [output.id, sim.getSeries(output.id)]));
  return { time: sim.getTimes(), series, outputs: model.outputs, warnings: [] };
}

function firstDifference(a: RunResult, b: RunResult): string | undefined {
  if (a.time.length !== b.time.length) return `${a.time.length} vs ${b.time.length} save times`;
  for (const [id, series] of a.series) {
    const other = b.series.get(id);
    if (!other) return `${id} is missing`;
    for (let i = 0; i < series.length; i++) {
      if (!Object.is(series[i], other[i])) return `${id} at t=${a.time[i]}: ${series[i]} vs ${other[i]}`;
    }
  }
  return undefined;
}
