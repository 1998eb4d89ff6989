// Hostile and large inputs: the speed bounds that used to be wall-clock assertions in unit tests
// ("a chain of 50,000 auxiliaries compiles in under a second"). A unit test on a busy machine
// cannot tell slow from broken, so the tests only check that these inputs finish (with a generous
// hang guard) and the bench times them here, each against a baseline measured in the same process
// of the same run: the same work at a tenth of the size (the work must grow no faster than its
// input, which is what "no hang, no quadratic work" means), or a plainer task on the same model.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileModel, loopDominance, type CompiledModel } from '../../../src/engine/index.ts';
import type { StressKey, StressResult } from '../lib/tasks.ts';
import { MODELS } from '../models/index.ts';
import { writeXmile, type XmileVariable } from '../models/xmile.ts';


/** One side of a comparison: work done once per call, and how many units of work that is. */
interface Side {
  readonly label: string;
  readonly units: number;
  readonly work: () => unknown;
}

export interface StressCase {
  readonly label: string;
  /** What a unit of work is, for the per-unit comparison ("auxiliary", "run"). */
  readonly unit: string;
  /** Largest allowed ratio of the measured side's time per unit to the baseline's. */
  readonly limit: number;
  /** Builds both sides (outside the timing). */
  prepare(): { readonly measured: Side; readonly baseline: Side };
}

const HERE = dirname(fileURLToPath(import.meta.url));
const HOSTILE = join(HERE, '../../../test/fixtures/hostile');

function xmile(name: string, variables: readonly XmileVariable[], stop = 1): string {
  return writeXmile({ name, start: 0, stop, dt: 1, timeUnits: 'Months', variables });
}

function compiled(source: string, fileName: string, backend?: 'vm' | 'codegen'): CompiledModel {
  const result = compileModel(source, { fileName, ...(backend ? { backend } : {}) });
  if (!result.ok) throw new Error(`${fileName}: ${result.errors.map((error) => error.message).join('; ')}`);
  return result.model;
}

/** Compiling (and running) must succeed: a refusal would time the wrong thing. */
function compileAndRun(source: string, fileName: string, backend?: 'vm' | 'codegen'): unknown {
  return compiled(source, fileName, backend).run();
}

const chain = (length: number): string =>
  xmile('chain', Array.from({ length }, (_, i): XmileVariable => ({ kind: 'aux', name: `v${i}`, eqn: i === 0 ? 'TIME' : `v${i - 1} + 1` })), 3);

const flatSum = (terms: number): string =>
  xmile('sum', [
    { kind: 'aux', name: 'x', eqn: '2', units: 'widgets' },
    { kind: 'aux', name: 'y', eqn: '1', units: 'days' },
    // The units check walks every term too; 'y' makes one mismatch for it to report.
    { kind: 'aux', name: 'total', eqn: `${Array.from({ length: terms }, () => 'x').join('+')}+y` },
  ]);

const misspelt = (count: number): string =>
  xmile('many', [
    ...Array.from({ length: count }, (_, i): XmileVariable => ({ kind: 'aux', name: `item_${i}`, eqn: '1' })),
    { kind: 'aux', name: 'Marketing_Budget', eqn: '5' },
    { kind: 'aux', name: 'spend', eqn: 'Marketing_Budgte * 2' },
  ]);

/** Every stock feeds every other: billions of loops, cut at the cap. */
function denseModel(): CompiledModel {
  const names = Array.from({ length: 14 }, (_, i) => `s${i}`);
  const variables = names.flatMap((name): XmileVariable[] => [
    { kind: 'stock', name, eqn: '1', inflows: [`in_${name}`] },
    { kind: 'flow', name: `in_${name}`, eqn: `(${names.filter((other) => other !== name).join(' + ')}) * 0.001` },
  ]);
  return compiled(xmile('dense', variables), 'dense.xmile');
}

export const STRESS_CASES: Readonly<Record<StressKey, StressCase>> = {
  chain: {
    label: 'chain of auxiliaries, compile and run (50,000 vs 5,000)',
    unit: 'auxiliary',
    limit: 2,
    prepare: () => {
      const big = chain(50_000);
      const small = chain(5_000);
      return {
        measured: { label: '50,000', units: 50_000, work: () => compileAndRun(big, 'chain.xmile') },
        baseline: { label: '5,000', units: 5_000, work: () => compileAndRun(small, 'chain.xmile') },
      };
    },
  },
  'sum-vm': sumCase('vm'),
  'sum-codegen': sumCase('codegen'),
  misspelt: {
    label: 'misspelt name among many variables, refused with a suggestion (2,000 vs 200)',
    unit: 'variable',
    limit: 2,
    prepare: () => {
      const refuse = (source: string) => () => {
        const result = compileModel(source, { fileName: 'many.xmile' });
        if (result.ok || !result.errors[0]!.message.includes('did you mean')) throw new Error('the misspelt name was not refused with a suggestion');
        return result;
      };
      return {
        measured: { label: '2,000', units: 2_000, work: refuse(misspelt(2_000)) },
        baseline: { label: '200', units: 200, work: refuse(misspelt(200)) },
      };
    },
  },
  'dense-loops': {
    label: 'loops of 14 densely linked stocks, listed up to the cap (10,000 vs 1,000 loops)',
    unit: 'loop',
    limit: 2,
    prepare: () => {
      const model = denseModel();
      return {
        measured: { label: '10,000', units: 10_000, work: () => model.introspect({ maxLoops: 10_000 }) },
        baseline: { label: '1,000', units: 1_000, work: () => model.introspect({ maxLoops: 1_000 }) },
      };
    },
  },
  'loop-dominance': {
    label: 'loop dominance of the dealer case with a downturn, against a run of it',
    unit: 'call',
    // One run, then one equation evaluated per link and step: 10-25 runs' worth today.
    limit: 50,
    prepare: () => {
      const model = compiled(readFileSync(join(HERE, '../../../scenarios/dealer-alliance/model.xmile'), 'utf8'), 'model.xmile');
      const overrides = { 'Downturn On': 1 };
      return {
        measured: { label: 'loopDominance', units: 1, work: () => loopDominance(model, { overrides }) },
        baseline: { label: 'run', units: 1, work: () => model.run({ overrides }) },
      };
    },
  },
  'hostile-corpus': {
    label: 'every file of the hostile corpus refused (the long equation compiled), against compiling ring 1000 (3,001 variables)',
    unit: 'corpus',
    // The 100,000-character equation is most of it (a model that runs); each refusal is far below a millisecond.
    limit: 2,
    prepare: () => {
      const files = readdirSync(HOSTILE).filter((name) => /\.(xmile|xml)$/.test(name)).sort().map((name) => ({ name, source: readFileSync(join(HOSTILE, name), 'utf8') }));
      const ring = MODELS.ring1000.xmile();
      return {
        measured: { label: `${files.length} files`, units: 1, work: () => files.map(({ name, source }) => compileModel(source, { fileName: name })) },
        baseline: { label: 'ring 1000', units: 1, work: () => compiled(ring, 'ring1000.xmile') },
      };
    },
  },
};

function sumCase(backend: 'vm' | 'codegen'): StressCase {
  return {
    label: `flat sum with units, compile and run, ${backend} (30,000 vs 3,000 terms)`,
    unit: 'term',
    limit: 2,
    prepare: () => {
      const big = flatSum(30_000);
      const small = flatSum(3_000);
      return {
        measured: { label: '30,000', units: 30_000, work: () => compileAndRun(big, 'sum.xmile', backend) },
        baseline: { label: '3,000', units: 3_000, work: () => compileAndRun(small, 'sum.xmile', backend) },
      };
    },
  };
}

const WARM_UP_MS = 300;
const WARM_UP_CALLS = 10;

/**
 * Times both sides in this process, interleaved so load that comes and goes hits both: after a
 * warm-up (calls of each until 300 ms or 10 calls have passed, so the JIT has compiled the
 * engine's hot paths), the best of `repeats` calls (or as many as fit in `capMs`, at least 2).
 */
export function timeStress(key: StressKey, repeats: number, capMs: number): StressResult {
  const stress = STRESS_CASES[key];
  const { measured, baseline } = stress.prepare();
  const once = (work: () => unknown): number => {
    const t0 = process.hrtime.bigint();
    work();
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  let warm = 0;
  for (let calls = 0; calls < WARM_UP_CALLS && warm < WARM_UP_MS; calls++) warm += once(measured.work) + once(baseline.work);
  let best = { measured: Infinity, baseline: Infinity };
  let done = 0;
  const started = process.hrtime.bigint();
  while (done < repeats && (done < 2 || Number(process.hrtime.bigint() - started) / 1e6 < capMs)) {
    best = { measured: Math.min(best.measured, once(measured.work)), baseline: Math.min(best.baseline, once(baseline.work)) };
    done++;
  }
  return {
    label: stress.label, unit: stress.unit, limit: stress.limit, measuredUnits: measured.units, baselineUnits: baseline.units,
    measuredMs: best.measured, baselineMs: best.baseline, repeats: done,
  };
}
