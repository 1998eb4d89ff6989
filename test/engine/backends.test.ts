import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canGenerateCode, compileModel, type CompiledModel, type RunResult } from '../../src/engine/index.ts';
import { aux, flow, gf, moduleVar, stock, xmile } from '../helpers/xmile-builder.ts';
import { compileOrThrow } from '../helpers/run-model.ts';

/**
 * The generated-code back end and the bytecode VM must give the very same doubles (Object.is on
 * every value): a game replayed on a page that forbids eval must match the server exactly. The
 * codegen `run()` of an Euler model also goes through the fused whole-run loop, and a stepping
 * Sim through the phase functions, so three paths are compared.
 */
const SUITE = resolve(import.meta.dirname, '../../../shared/conformance/sdxorg');
const SEED = 20_240_611;

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

/** The same series from a stepping Sim, run to the end in a few pieces. */
function stepped(model: CompiledModel, seed: number): RunResult {
  const sim = model.createSim({ seed });
  const { start, stop } = model.specs;
  for (const fraction of [0.3, 0.7, 1]) sim.runTo(start + (stop - start) * fraction);
  const series = new Map(model.outputs.map((output) => [output.id, sim.getSeries(output.id)]));
  return { time: sim.getTimes(), series, outputs: model.outputs, warnings: [] };
}

function expectIdenticalBackends(source: string, options: { readonly method?: 'euler' | 'rk4' } = {}): void {
  const codegen = compileOrThrow(source, { backend: 'codegen', ...options });
  const vm = compileOrThrow(source, { backend: 'vm', ...options });
  expect(codegen.backend).toBe('codegen');
  expect(vm.backend).toBe('vm');
  const reference = codegen.run({ seed: SEED });
  expect(firstDifference(reference, vm.run({ seed: SEED })), 'codegen run vs vm run').toBeUndefined();
  expect(firstDifference(reference, stepped(codegen, SEED)), 'codegen run vs codegen stepping').toBeUndefined();
  expect(firstDifference(reference, stepped(vm, SEED)), 'codegen run vs vm stepping').toBeUndefined();
}

function suiteModels(): { readonly name: string; readonly source: string }[] {
  if (!existsSync(SUITE)) throw new Error(`the conformance suite is missing: expected it at ${SUITE}`);
  const models: { name: string; source: string }[] = [];
  for (const directory of readdirSync(SUITE).sort()) {
    const path = join(SUITE, directory);
    if (!statSync(path).isDirectory()) continue;
    for (const file of readdirSync(path).sort()) {
      if (file.endsWith('.xmile')) models.push({ name: `${directory}/${file}`, source: readFileSync(join(path, file), 'utf8') });
    }
  }
  return models;
}

describe('codegen and VM agree bit for bit on the SDXorg suite', () => {
  const models = suiteModels();
  const runnable = models.filter((model) => compileModel(model.source).ok);

  it('finds the suite and most of it compiles', () => {
    expect(models.length).toBeGreaterThan(40);
    expect(runnable.length).toBeGreaterThan(30);
  });

  for (const model of runnable) {
    it(model.name, () => {
      expectIdenticalBackends(model.source);
      expectIdenticalBackends(model.source, { method: 'rk4' });
    });
  }
});

/** Models exercising every builtin family, with values that change over time. */
const builtinModels: Record<string, string> = {
  functions: xmile({ stop: 20, dt: 0.25 }, [
    aux('x', 'TIME / 7 - 1'),
    aux('transcendental', 'EXP(x) + LN(TIME + 1) + LOG10(TIME + 2) + SIN(x) * COS(x) + TAN(x / 3) + ARCTAN(x) + ARCSIN(x / 4) + ARCCOS(x / 5)'),
    aux('hyperbolic', 'SINH(x) + COSH(x) + TANH(x)'),
    aux('powers', '(TIME + 0.5) ^ 1.37 + 2 ^ x + SQRT(TIME) + ABS(x) ^ 0.5'),
    aux('integers', 'INT(x * 3.3) + ROUND(x * 4.5) + (TIME * 1.7) MOD 3 + -TIME MOD 2.5 + SIGN(x)'),
    aux('logic', 'IF x > 0 AND NOT (TIME = 10) OR x < -0.9 THEN MIN(x, 0.5) ELSE MAX(x, -0.5, TIME / 100)'),
    aux('division', 'SAFEDIV(1, x) + XIDZ(TIME, x, -1) + ZIDZ(TIME, INT(x))'),
  ]),
  stateful: xmile({ stop: 30, dt: 0.125 }, [
    aux('input', 'STEP(10, 2) + PULSE(20, 5, 4) + RAMP(0.5, 3, 12) + 3 * SIN(TIME)'),
    aux('smooths', 'SMTH1(input, 2) + SMTH3(input, 3) + SMTHN(input, 2, 5) + SMTH1(input, 2, 1)'),
    aux('delays', 'DELAY1(input, 2) + DELAY3(input, 3) + DELAYN(input, 4, 6) + DELAY(input, 2.5) + DELAY(input, 1, 9)'),
    aux('trends', 'TREND(input + 50, 3) + FORCST(input + 50, 3, 2, 0.1)'),
    aux('memory', 'PREVIOUS(input) + PREVIOUS(input, 5) + INIT(input) + GAME(input)'),
    stock('Level', '10', { inflows: ['filling'], outflows: ['draining'] }),
    flow('filling', 'smooths / 10'),
    flow('draining', 'Level / 4'),
  ]),
  lookups: xmile({ stop: 10, dt: 0.25 }, [
    aux('x', 'TIME - 2'),
    gf('curve', { xs: [0, 1, 2.5, 6], ys: [3, -1, 4, 0] }),
    gf('straight', { type: 'extrapolate', xscale: { min: 0, max: 4 }, ys: [1, 2, 4, 8, 16] }),
    gf('stairs', { type: 'discrete', xs: [0, 1, 2, 4], ys: [5, 6, 7, 8] }),
    aux('looked', 'curve(x) + straight(x) + stairs(x) + LOOKUP(curve, x / 2)'),
  ]),
  random: xmile({ stop: 50, dt: 0.5 }, [
    aux('draws', 'RANDOM(0, 10) + NORMAL(5, 2) + LOGNORMAL(3, 1)'),
    aux('seeded', 'RANDOM(0, 1, 99) + NORMAL(0, 1, 99) + LOGNORMAL(2, 1, 7)'),
    stock('Walk', '0', { inflows: ['step size'] }),
    flow('step size', 'NORMAL(0, 1)'),
  ]),
  arrays: xmile({ stop: 10, dt: 0.5 }, [
    aux('rate', '0.1, 0.05, -0.02', { dimensions: ['Region'] }),
    stock('Population', '100', { dimensions: ['Region'], inflows: ['net growth'] }),
    flow('net growth', 'Population * rate + SIN(TIME)', { dimensions: ['Region'] }),
    aux('share', 'Population / SUM(Population[*])', { dimensions: ['Region'] }),
    aux('stats', 'MEAN(Population[*]) + STDDEV(Population[*]) + MIN(Population[*]) + MAX(Population) + SIZE(Population[*])'),
  ], { dimensions: [{ name: 'Region', elements: ['North', 'South', 'East'] }] }),
  nonNegative: xmile({ stop: 10, dt: 0.5 }, [
    stock('Tank', '5', { outflows: ['drain'] }),
    flow('drain', '1 + TIME / 5'),
    stock('Other', '1', { inflows: ['back'] }),
    flow('back', 'SIN(TIME) * 3'),
  ], { behavior: { all: true } }),
  modulesAndMacros: xmile({ stop: 8, dt: 0.25 }, [aux('outer rate', '0.2'), moduleVar('growth', [{ to: 'growth.rate', from: '.outer_rate' }]), aux('seen', 'TWICE(growth.level)')], {
    models: [{ name: 'growth', variables: [aux('rate', '0.1', { access: 'input' }), stock('level', '1', { inflows: ['gain'] }), flow('gain', 'level * rate')] }],
    macros: [{ name: 'TWICE', parms: ['v'], eqn: 'v * 2' }],
  }),
  // Deep trees cut into hidden slots, and more statements than the fused loop takes.
  large: xmile({ stop: 5, dt: 0.5 }, [
    aux('cells', 'TIME * 0.001 + 1', { dimensions: ['Cell'] }),
    aux('total', 'SUM(cells[*])'),
    ...Array.from({ length: 1500 }, (_, i) => aux(`chain ${i}`, i === 0 ? 'total' : `chain_${i - 1} * 1.0001 + 0.5`)),
  ], { dimensions: [{ name: 'Cell', size: 3000 }] }),
};

describe('codegen and VM agree bit for bit on every builtin', () => {
  for (const [name, source] of Object.entries(builtinModels)) {
    it(`${name} (Euler and RK4)`, () => {
      expectIdenticalBackends(source);
      expectIdenticalBackends(source, { method: 'rk4' });
    });
  }

  it('the random model really is random: seeds change it, and the same seed repeats it', () => {
    const model = compileOrThrow(builtinModels.random!, { backend: 'vm' });
    const a = model.run({ seed: 1 }).series.get('draws')!;
    const b = model.run({ seed: 2 }).series.get('draws')!;
    const again = model.run({ seed: 1 }).series.get('draws')!;
    expect(Array.from(a)).not.toEqual(Array.from(b));
    expect(Array.from(again)).toEqual(Array.from(a));
  });
});

describe('pages that forbid eval (Content-Security-Policy)', () => {
  const source = builtinModels.stateful!;

  it('the VM back end needs no generated code and gives the same numbers', () => {
    const vm = compileOrThrow(source, { backend: 'vm' });
    const codegen = compileOrThrow(source, { backend: 'codegen' });
    expect(vm.backend).toBe('vm');
    expect(firstDifference(codegen.run(), vm.run())).toBeUndefined();
  });

  it('when `new Function` is refused, canGenerateCode says so and auto picks the VM', () => {
    const realFunction = globalThis.Function;
    const blocked = function blockedFunction(): never {
      throw new EvalError("Refused to evaluate a string as JavaScript because 'unsafe-eval' is not an allowed source of script");
    } as unknown as FunctionConstructor;
    expect(canGenerateCode()).toBe(true);
    let chosen: string | undefined;
    let numbers: RunResult | undefined;
    let refused: boolean | undefined;
    globalThis.Function = blocked;
    try {
      refused = !canGenerateCode();
      const result = compileModel(source);
      if (result.ok) {
        chosen = result.model.backend;
        numbers = result.model.run();
        const sim = result.model.createSim();
        sim.runToEnd();
      }
    } finally {
      globalThis.Function = realFunction;
    }
    expect(refused).toBe(true);
    expect(chosen).toBe('vm');
    expect(firstDifference(compileOrThrow(source, { backend: 'codegen' }).run(), numbers!)).toBeUndefined();
  });

  it('asking for codegen where eval is refused fails with a readable error, not a throw', () => {
    const realFunction = globalThis.Function;
    globalThis.Function = function blockedFunction(): never {
      throw new EvalError('unsafe-eval is not allowed');
    } as unknown as FunctionConstructor;
    let result: ReturnType<typeof compileModel> | undefined;
    try {
      result = compileModel(source, { backend: 'codegen', fileName: 'csp.xmile' });
    } finally {
      globalThis.Function = realFunction;
    }
    expect(result?.ok).toBe(false);
    if (result && !result.ok) expect(result.errors[0]!.message).toMatch(/unsafe-eval/);
  });
});
