// One measuring task per fresh process, forked by run-bench.ts: reads the task from argv, replies over IPC.

import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { createBusinessHand } from './hand/business-hand.ts';
import { batchFinals, compileOurs, createOurBatch, createOurRunner, loadEngine } from './engines/ours.ts';
import { compileSde, loadSde, writeSdeModule } from './engines/sde.ts';
import { maxRelativeDiff, sink, timeRuns } from './lib/measure.ts';
import { drawParameters } from './lib/rng.ts';
import type {
  CheckCell, CheckTask, ChildReply, CompileResultRow, CompileTask, SweepResult, SweepTask, Task, TimeResult, TimeTask,
} from './lib/tasks.ts';
import { BUSINESS_PARAMETERS, BUSINESS_STOCKS } from './models/business.ts';
import { MODELS } from './models/index.ts';

const msSince = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;
const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

async function check(task: CheckTask): Promise<{ cells: CheckCell[] }> {
  const cells: CheckCell[] = [];
  let engineError: string | undefined;
  try {
    await loadEngine();
  } catch (e) {
    engineError = `engine not loadable: ${errorText(e)}`;
  }
  for (const key of task.models) {
    const model = MODELS[key];
    const hand = model.createHand();
    hand.run();
    const reference = hand.finals();
    const cell = (engine: CheckCell['engine'], mode: CheckCell['mode'], get: () => Float64Array): void => {
      try {
        cells.push({ model: key, engine, mode, maxRelDiff: maxRelativeDiff(get(), reference) });
      } catch (e) {
        cells.push({ model: key, engine, mode, error: errorText(e) });
      }
    };
    for (const backend of ['codegen', 'vm'] as const) {
      if (engineError !== undefined) {
        cells.push({ model: key, engine: backend, mode: 'run', error: engineError });
        continue;
      }
      cell(backend, 'run', () => {
        const runner = createOurRunner(compileOurs(model.xmile(), `${key}.xmile`, backend), model.stockIds);
        runner.run();
        return runner.finals();
      });
    }
    const sdeFile = task.sdeFiles[key];
    const sde = sdeFile === undefined ? undefined : await loadSde(sdeFile).catch((e: unknown) => errorText(e));
    cell('sde', 'run', () => {
      if (sde === undefined || typeof sde === 'string') throw new Error(sde ?? 'no SDE module');
      sde.run([...model.defaults]);
      return sde.finals();
    });
    if (model.parameterIds.length === 0) continue;
    // A random draw through the sweep paths: batch runners and SDE inputs against the hand loop.
    const draw = Array.from(drawParameters(BUSINESS_PARAMETERS, 1, task.seed));
    const businessHand = createBusinessHand();
    businessHand.runWith(draw);
    const drawReference = businessHand.finals();
    const drawCell = (engine: CheckCell['engine'], get: () => Float64Array): void => {
      try {
        cells.push({ model: key, engine, mode: 'batch', maxRelDiff: maxRelativeDiff(get(), drawReference) });
      } catch (e) {
        cells.push({ model: key, engine, mode: 'batch', error: errorText(e) });
      }
    };
    for (const backend of ['codegen', 'vm'] as const) {
      if (engineError !== undefined) continue;
      drawCell(backend, () => {
        const batch = createOurBatch(compileOurs(model.xmile(), `${key}.xmile`, backend), model.parameterIds, model.stockIds);
        return batchFinals(batch, batch.run(draw));
      });
    }
    drawCell('sde', () => {
      if (sde === undefined || typeof sde === 'string') throw new Error(sde ?? 'no SDE module');
      sde.run(draw);
      return sde.finals();
    });
  }
  return { cells };
}

async function time(task: TimeTask): Promise<TimeResult> {
  const model = MODELS[task.model];
  if (task.engine === 'hand') {
    const hand = model.createHand();
    return timeRuns(() => hand.run(), task.timing);
  }
  if (task.engine === 'sde') {
    if (task.sdeFile === undefined) throw new Error('no SDE module for this model');
    const sde = await loadSde(task.sdeFile);
    const inputs = [...model.defaults];
    return timeRuns(() => sde.run(inputs), task.timing);
  }
  await loadEngine();
  const t0 = process.hrtime.bigint();
  const compiled = compileOurs(model.xmile(), `${task.model}.xmile`, task.engine);
  const compileMs = msSince(t0);
  const runner = createOurRunner(compiled, model.stockIds);
  return { ...timeRuns(() => runner.run(), task.timing), compileMs };
}

async function sweep(task: SweepTask): Promise<SweepResult> {
  const k = BUSINESS_PARAMETERS.length;
  const cumDealer = BUSINESS_STOCKS.indexOf('cum_dealer_profit');
  const warm = drawParameters(BUSINESS_PARAMETERS, task.warmupRuns, task.seed + 1);
  const draws = drawParameters(BUSINESS_PARAMETERS, task.runs, task.seed);
  // One view per run, made before timing, so no engine pays for slicing the draws.
  const views = (values: Float64Array, runs: number): Float64Array[] =>
    Array.from({ length: runs }, (_, r) => values.subarray(r * k, r * k + k));
  let runOne: (values: Float64Array) => number;
  let warmSets: ArrayLike<number>[] = views(warm, task.warmupRuns);
  let sets: ArrayLike<number>[] = views(draws, task.runs);
  if (task.engine === 'hand') {
    const hand = createBusinessHand();
    const last = (hand.saveCount - 1) * hand.stockCount + cumDealer;
    runOne = (values) => hand.runWith(values)[last]!;
  } else if (task.engine === 'sde') {
    if (task.sdeFile === undefined) throw new Error('no SDE module for the business model');
    const sde = await loadSde(task.sdeFile);
    const outputs = sde.run([...MODELS.business.defaults]);
    const series = outputs.varSeries[cumDealer]!;
    const lastPoint = series.points.length - 1;
    // SDE takes inputs as plain number arrays: convert before timing.
    warmSets = warmSets.map((v) => Array.from(v));
    sets = sets.map((v) => Array.from(v));
    runOne = (values) => sde.run(values as unknown as number[]).varSeries[cumDealer]!.points[lastPoint]!.y;
  } else {
    await loadEngine();
    const batch = createOurBatch(compileOurs(MODELS.business.xmile(), 'business.xmile', task.engine),
      MODELS.business.parameterIds, MODELS.business.stockIds);
    const last = cumDealer * batch.saveCount + batch.saveCount - 1;
    runOne = (values) => batch.run(values)[last]!;
  }
  let total = 0;
  for (const values of warmSets) total += runOne(values as Float64Array);
  total = 0;
  const t0 = process.hrtime.bigint();
  for (const values of sets) total += runOne(values as Float64Array);
  const seconds = msSince(t0) / 1000;
  return {
    runs: task.runs,
    seconds,
    runsPerSec: task.runs / seconds,
    meanCumDealerProfit: total / task.runs,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}

async function compile(task: CompileTask): Promise<CompileResultRow> {
  const model = MODELS[task.model];
  const source = model.xmile();
  const fileName = `${task.model}.xmile`;
  const repeat = (once: () => Promise<unknown> | unknown): Promise<{ cold: number; warm: number; repeats: number }> =>
    (async () => {
      let t0 = process.hrtime.bigint();
      await once();
      const cold = msSince(t0);
      let warm = Infinity;
      let repeats = 0;
      let spent = 0;
      while (repeats < task.repeats && spent < task.capMs) {
        t0 = process.hrtime.bigint();
        await once();
        const ms = msSince(t0);
        warm = Math.min(warm, ms);
        spent += ms;
        repeats++;
      }
      return { cold, warm, repeats };
    })();
  if (task.engine === 'sde') {
    const t0 = process.hrtime.bigint();
    await import('@sdeverywhere/compile');
    await import('@sdeverywhere/runtime');
    const loadMs = msSince(t0);
    const dir = mkdtempSync(join(task.workDir, 'compile-'));
    let n = 0;
    let codeKiB = 0;
    // Compile = XMILE → JS, write the module, import it and build the synchronous runner.
    const r = await repeat(async () => {
      const { code } = await compileSde(source, [...model.parameterIds], [...model.stockIds], dir);
      codeKiB = code.length / 1024;
      const file = writeSdeModule(dir, `${task.model}-${n++}`, code);
      return loadSde(file);
    });
    return { loadMs, coldMs: r.cold, warmMs: r.warm, repeats: r.repeats, codeKiB };
  }
  const loadMs = await loadEngine();
  const backend = task.engine;
  const r = await repeat(() => compileOurs(source, fileName, backend));
  return { loadMs, coldMs: r.cold, warmMs: r.warm, repeats: r.repeats };
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? '{}') as Task;
  let reply: ChildReply;
  try {
    const result = task.kind === 'check' ? await check(task)
      : task.kind === 'time' ? await time(task)
        : task.kind === 'sweep' ? await sweep(task)
          : task.kind === 'stress' ? (await import('./stress/stress-cases.ts')).timeStress(task.key, task.repeats, task.capMs)
            : await compile(task);
    reply = { ok: true, result };
  } catch (e) {
    reply = { ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  void sink;
  if (process.send) process.send(reply, undefined, {}, () => process.exit(0));
  else {
    console.log(JSON.stringify(reply));
    process.exit(0);
  }
}

await main();
