import { parentPort } from 'node:worker_threads';
import { compileModel } from '../../src/engine/index.ts';
import type { Probe, ProbeResult } from './hang-guard.ts';

/** The worker of hang-guard.ts: compiles (and runs) what it is sent, replies with plain data. */
parentPort!.on('message', ({ id, probe }: { readonly id: number; readonly probe: Probe }) => {
  parentPort!.postMessage({ id, result: work(probe) });
});

function work(probe: Probe): ProbeResult {
  const options = { ...(probe.fileName === undefined ? {} : { fileName: probe.fileName }), ...(probe.backend === undefined ? {} : { backend: probe.backend }) };
  let result: ReturnType<typeof compileModel>;
  try {
    result = compileModel(probe.source, options);
  } catch (error) {
    return { ok: false, errors: [], warnings: [], series: {}, threw: String(error) };
  }
  if (!result.ok) return { ok: false, errors: result.errors, warnings: result.warnings, series: {} };
  const series: Record<string, number[]> = {};
  if (probe.outputs) {
    const run = result.model.run({ outputs: [...probe.outputs] });
    for (const output of probe.outputs) series[output] = Array.from(run.series.get(output) ?? []);
  }
  const structure = probe.introspect ? result.model.introspect(probe.introspect) : undefined;
  return {
    ok: true,
    errors: [],
    warnings: result.warnings,
    series,
    ...(structure ? { loops: { count: structure.loops.length, truncated: structure.loopsTruncated } } : {}),
  };
}
