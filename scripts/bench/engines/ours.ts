// Our engine (src/engine) as the bench drives it: compile once per backend, then `run()` with the stocks
// as outputs, or a batch runner for the sweep. Loaded with a dynamic import so the bench still runs the
// other engines, and reports why, when the engine cannot be loaded.

import type { BatchRunner, CompileOptions, CompileResult, CompiledModel } from '../../../src/engine/index.ts';

export type OurBackend = 'codegen' | 'vm';

type CompileFn = (source: string, options?: CompileOptions) => CompileResult;

const ENGINE_ENTRY = '../../../src/engine/index.ts';

let compileFn: CompileFn | undefined;

/** Import the engine (once per process) and return the time that took, in ms. */
export async function loadEngine(): Promise<number> {
  const t0 = process.hrtime.bigint();
  const mod = (await import(ENGINE_ENTRY)) as { compileModel?: CompileFn };
  if (typeof mod.compileModel !== 'function') throw new Error('src/engine/index.ts does not export compileModel');
  compileFn = mod.compileModel;
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Compile XMILE text with one backend; throw with the engine's error messages when it fails. */
export function compileOurs(source: string, fileName: string, backend: OurBackend): CompiledModel {
  if (compileFn === undefined) throw new Error('engine not loaded: call loadEngine() first');
  const result = compileFn(source, { fileName, backend });
  if (!result.ok) {
    const messages = result.errors.map((e) => JSON.stringify(e)).join('; ');
    throw new Error(`compileModel(${fileName}, ${backend}) failed: ${messages}`);
  }
  if (result.model.backend !== backend) {
    throw new Error(`compileModel(${fileName}) asked for ${backend} but returned ${result.model.backend}`);
  }
  return result.model;
}

export interface OurRunner {
  run(): unknown;
  /** Final value of each stock after the last run, in `stockIds` order. */
  finals(): Float64Array;
}

/** Whole-run API: `model.run({ outputs: stocks })`, every stock saved at every dt. */
export function createOurRunner(model: CompiledModel, stockIds: readonly string[]): OurRunner {
  let last: ReturnType<CompiledModel['run']> | undefined;
  return {
    run() {
      last = model.run({ outputs: stockIds });
      return last;
    },
    finals() {
      if (last === undefined) last = model.run({ outputs: stockIds });
      const result = last;
      return Float64Array.from(stockIds, (id) => {
        const series = result.series.get(id);
        if (series === undefined) throw new Error(`run() returned no series for ${id}`);
        return series[series.length - 1]!;
      });
    },
  };
}

/** Batch API for the sweep: parameters in slots, outputs column-major. */
export function createOurBatch(model: CompiledModel, parameterIds: readonly string[], stockIds: readonly string[]): BatchRunner {
  return model.createBatch({ parameters: parameterIds, outputs: stockIds });
}

/** Final value of each output from a column-major batch result. */
export function batchFinals(batch: BatchRunner, out: Float64Array): Float64Array {
  const n = batch.saveCount;
  return Float64Array.from(batch.outputIds, (_, k) => out[k * n + n - 1]!);
}
