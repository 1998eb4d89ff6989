// SDEverywhere side of the bench: XMILE → JS module with @sdeverywhere/compile at bench start (written to
// a temp file), then loaded and run through @sdeverywhere/runtime's synchronous model runner, the
// standard `runModelSync` API (outputs copied into its `Series` objects after every run).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSynchronousModelRunner, type JsModel, type ModelRunner, type Outputs } from '@sdeverywhere/runtime';

export interface SdeCompileResult {
  readonly code: string;
  /** Milliseconds spent in parse + code generation. */
  readonly ms: number;
}

/**
 * Generate SDE's JS for one XMILE model. SDE logs harmless "no var with name … in vensimName" notes for
 * names with underscores, so console output is muted while it runs.
 */
export async function compileSde(xmile: string, inputVarNames: string[], outputVarNames: string[], dir: string): Promise<SdeCompileResult> {
  const { parseModel, generateCode, resetState } = await import('@sdeverywhere/compile');
  const saved = { log: console.log, error: console.error, warn: console.warn };
  console.log = console.error = console.warn = () => {};
  try {
    const t0 = process.hrtime.bigint();
    resetState();
    const parsed = parseModel(xmile, 'xmile', dir);
    const code = generateCode(parsed, {
      spec: { inputVarNames, outputVarNames, bundleListing: false },
      operations: ['generateJS'],
      extData: new Map(),
      directData: new Map(),
      modelDirname: dir,
    });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    return { code, ms };
  } finally {
    Object.assign(console, saved);
  }
}

/** Write generated code next to the other bench artefacts and return its path. */
export function writeSdeModule(dir: string, name: string, code: string): string {
  const file = join(dir, `${name}.sde.js`);
  writeFileSync(file, code);
  return file;
}

export interface SdeRunner {
  readonly outputVarIds: readonly string[];
  run(inputs: number[]): Outputs;
  /** Final value of every output after the last run, in output order. */
  finals(): Float64Array;
}

/** Load a generated module and wrap it in SDE's synchronous model runner. */
export async function loadSde(file: string): Promise<SdeRunner> {
  const mod = (await import(pathToFileURL(file).href)) as { default: () => Promise<JsModel> };
  const jsModel = await mod.default();
  const runner: ModelRunner = createSynchronousModelRunner(jsModel);
  const runSync = runner.runModelSync;
  if (runSync === undefined) throw new Error('SDE runner has no runModelSync');
  const outputs = runner.createOutputs();
  return {
    outputVarIds: jsModel.outputVarIds,
    run: (inputs: number[]) => runSync.call(runner, inputs, outputs),
    finals: () => Float64Array.from(outputs.varSeries, (series) => series.points[series.points.length - 1]!.y),
  };
}
