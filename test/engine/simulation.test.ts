import { describe, expect, it } from 'vitest';
import { RunOptionError, type CompiledModel, type Sim } from '../../src/engine/index.ts';
import { aux, flow, stock, xmile } from '../helpers/xmile-builder.ts';
import { compileOrThrow, identical } from '../helpers/run-model.ts';

/** A population with two decisions (birth rate, lifetime), noise, a smooth and a delay. */
function populationSource(birthRate: string, method = 'Euler'): string {
  return xmile({ stop: 10, dt: 0.5, method }, [
    stock('Population', '100', { inflows: ['births'], outflows: ['deaths'] }),
    flow('births', 'Population * birth_rate * (1 + noise)'),
    flow('deaths', 'Population / lifetime'),
    aux('birth rate', birthRate),
    aux('lifetime', '20'),
    aux('noise', 'NORMAL(0, 0.05)'),
    aux('smoothed births', 'SMTH1(births, 2)'),
    aux('late deaths', 'DELAY(deaths, 1.5)'),
    aux('doubled rate', 'birth_rate * 2'),
  ]);
}

const SEED = 42;
const model = compileOrThrow(populationSource('0.1'));
const ids = model.outputs.map((output) => output.id);

function expectSameAsRun(sim: Sim, reference: CompiledModel, options: { seed?: number; overrides?: Record<string, number> } = {}): void {
  const run = reference.run(options);
  expect(Array.from(sim.getTimes())).toEqual(Array.from(run.time));
  for (const id of ids) expect(identical(sim.getSeries(id), run.series.get(id)!), id).toBe(true);
}

describe('stepping in rounds', () => {
  it('running to the end in pieces gives exactly the batch run', () => {
    const sim = model.createSim({ seed: SEED });
    for (const time of [0, 1, 2.3, 2.3, 4.5, 5, 7.75, 10]) sim.runTo(time);
    expect(sim.time).toBe(10);
    expectSameAsRun(sim, model, { seed: SEED });
  });

  it('the same holds for RK4', () => {
    const rk4 = compileOrThrow(populationSource('0.1', 'RK4'));
    const sim = rk4.createSim({ seed: SEED });
    sim.runTo(3);
    sim.runTo(6.5);
    sim.runToEnd();
    expectSameAsRun(sim, rk4, { seed: SEED });
  });

  it('never runs past the stop time and never backwards', () => {
    const sim = model.createSim();
    sim.runTo(50);
    expect(sim.time).toBe(10);
    sim.runTo(4);
    expect(sim.time).toBe(10);
  });

  it('series and times so far grow with the rounds', () => {
    const sim = model.createSim();
    expect(sim.getTimes()).toEqual(Float64Array.of(0));
    sim.runTo(2.5);
    expect(Array.from(sim.getTimes())).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(sim.getSeries('Population')).toHaveLength(6);
    expect(sim.getValue('Population')).toBe(sim.getSeries('population').at(-1));
  });

  it('with a save step coarser than dt, keeps only save times', () => {
    const coarse = compileOrThrow(xmile({ stop: 4, dt: 0.25, saveStep: 1 }, [stock('S', '1', { inflows: ['g'] }), flow('g', 'S * 0.1')]));
    const sim = coarse.createSim();
    sim.runTo(2.5);
    expect(Array.from(sim.getTimes())).toEqual([0, 1, 2]);
    sim.runToEnd();
    expect(identical(sim.getSeries('S'), coarse.run().series.get('s')!)).toBe(true);
  });
});

describe('decisions between rounds', () => {
  it('a new value takes effect from the current time on, and not before', () => {
    const baseline = model.run({ seed: SEED });
    const sim = model.createSim({ seed: SEED });
    sim.runTo(5);
    sim.setValue('birth rate', 0.3);
    expect(sim.getValue('doubled rate')).toBe(0.6);
    sim.runToEnd();
    const row5 = 10;
    const population = sim.getSeries('population');
    const births = sim.getSeries('births');
    expect(identical(population.subarray(0, row5 + 1), baseline.series.get('population')!.subarray(0, row5 + 1))).toBe(true);
    expect(identical(births.subarray(0, row5), baseline.series.get('births')!.subarray(0, row5))).toBe(true);
    expect(births[row5]).not.toBe(baseline.series.get('births')![row5]);
    expect(population.at(-1)!).toBeGreaterThan(baseline.series.get('population')!.at(-1)!);
  });

  it('is the same as a model whose constant switches at that time', () => {
    const switched = compileOrThrow(populationSource('IF TIME >= 5 THEN 0.3 ELSE 0.1'));
    const sim = model.createSim({ seed: SEED });
    sim.runTo(5);
    sim.setValue('birth_rate', 0.3);
    sim.runToEnd();
    const reference = switched.run({ seed: SEED });
    for (const id of ['population', 'births', 'deaths', 'smoothed_births', 'late_deaths']) {
      expect(identical(sim.getSeries(id), reference.series.get(id)!), id).toBe(true);
    }
  });

  it.each(['Euler', 'RK4'])('a decision does not redraw the random numbers already drawn (%s)', (method) => {
    const noisy = compileOrThrow(populationSource('0.1', method));
    const sim = noisy.createSim({ seed: SEED });
    sim.runTo(5);
    const noiseBefore = sim.getValue('noise');
    sim.setValue('birth rate', 0.1);
    expect(sim.getValue('noise')).toBe(noiseBefore);
    sim.runToEnd();
    expectSameAsRun(sim, noisy, { seed: SEED });
  });

  it('refuses to set what is not a constant, or a value that is not a number', () => {
    const sim = model.createSim();
    expect(() => sim.setValue('Population', 5)).toThrow(RunOptionError);
    expect(() => sim.setValue('Population', 5)).toThrow('"Population" is not a constant of this model, so it cannot be set');
    expect(() => sim.setValue('birth rate', Number.NaN)).toThrow(/must be a finite number/);
    expect(() => sim.getSeries('nothing')).toThrow('the model has no variable "nothing"');
  });
});

describe('snapshots and reset', () => {
  it('restoring a snapshot continues exactly as the first time', () => {
    const sim = model.createSim({ seed: SEED });
    sim.runTo(4);
    const snapshot = sim.snapshot();
    sim.setValue('lifetime', 10);
    sim.runToEnd();
    const first = ids.map((id) => sim.getSeries(id));
    sim.restore(snapshot);
    expect(sim.time).toBe(4);
    expect(sim.getSeries('population')).toHaveLength(9);
    sim.setValue('lifetime', 10);
    sim.runToEnd();
    ids.forEach((id, k) => expect(identical(sim.getSeries(id), first[k]!), id).toBe(true));
  });

  it('a snapshot is a copy: running on does not change it', () => {
    const sim = model.createSim({ seed: SEED });
    sim.runTo(2);
    const snapshot = sim.snapshot();
    const copy = snapshot.memory.slice();
    sim.runToEnd();
    expect(identical(snapshot.memory, copy)).toBe(true);
  });

  it('refuses a snapshot of another model', () => {
    const other = compileOrThrow(xmile({ stop: 10, dt: 0.5 }, [aux('a', '1')])).createSim();
    const sim = model.createSim();
    expect(() => sim.restore(other.snapshot())).toThrow(RunOptionError);
  });

  it('reset starts over with the original values', () => {
    const sim = model.createSim({ seed: SEED });
    sim.runTo(3);
    sim.setValue('birth rate', 0.5);
    sim.runTo(6);
    sim.reset();
    expect(sim.time).toBe(0);
    expect(sim.getTimes()).toHaveLength(1);
    expect(sim.getValue('birth rate')).toBe(0.1);
    sim.runToEnd();
    expectSameAsRun(sim, model, { seed: SEED });
  });
});

describe('run options', () => {
  it('overrides change the run, by id or label, and leave later runs alone', () => {
    const baseline = model.run({ seed: SEED });
    const baselineCopy = Array.from(baseline.series.get('population')!);
    const byLabel = model.run({ seed: SEED, overrides: { 'birth rate': 0.2 } });
    const byId = model.run({ seed: SEED, overrides: { birth_rate: 0.2 } });
    expect(identical(byLabel.series.get('population')!, byId.series.get('population')!)).toBe(true);
    expect(byLabel.series.get('population')!.at(-1)).toBeGreaterThan(baselineCopy.at(-1)!);
    // The earlier result is not overwritten, and a run without overrides is the default again.
    expect(Array.from(baseline.series.get('population')!)).toEqual(baselineCopy);
    expect(Array.from(model.run({ seed: SEED }).series.get('population')!)).toEqual(baselineCopy);
  });

  it('a stepping Sim with overrides matches run with the same overrides', () => {
    const overrides = { lifetime: 8 };
    const sim = model.createSim({ seed: SEED, overrides });
    sim.runToEnd();
    expectSameAsRun(sim, model, { seed: SEED, overrides });
  });

  it('an unknown parameter is an error that names it, never silently ignored', () => {
    expect(() => model.run({ overrides: { brith_rate: 0.2 } })).toThrow(RunOptionError);
    expect(() => model.run({ overrides: { brith_rate: 0.2 } })).toThrow('"brith_rate" is not a constant of this model, so it cannot be overridden');
    expect(() => model.run({ overrides: { Population: 1 } })).toThrow(/"Population" is not a constant/);
    expect(() => model.run({ overrides: { lifetime: Number.POSITIVE_INFINITY } })).toThrow(/"lifetime" must be a finite number/);
    expect(() => model.run({ outputs: ['nothing'] })).toThrow('the model has no variable "nothing"');
    expect(() => model.createBatch({ parameters: ['brith_rate'] })).toThrow(/"brith_rate" is not a constant of this model, so it cannot be varied/);
  });

  it('outputs selects the series a run keeps', () => {
    const run = model.run({ outputs: ['Population', 'births'] });
    expect([...run.series.keys()]).toEqual(['population', 'births']);
    expect(run.outputs.map((o) => o.label)).toEqual(['Population', 'births']);
  });
});

describe('batch runs', () => {
  it('gives the same numbers as run with the same overrides and seed', () => {
    const batch = model.createBatch({ parameters: ['birth rate', 'lifetime'], outputs: ['population', 'noise', 'late_deaths'] });
    expect(batch.parameterIds).toEqual(['birth rate', 'lifetime']);
    expect(batch.outputIds).toEqual(['population', 'noise', 'late_deaths']);
    expect(batch.saveCount).toBe(21);
    for (const [birthRate, lifetime, seed] of [[0.2, 15, 1], [0.05, 30, 2], [0.1, 20, SEED]] as const) {
      const values = batch.run([birthRate, lifetime], seed).slice();
      const reference = model.run({ seed, overrides: { birth_rate: birthRate, lifetime } });
      batch.outputIds.forEach((id, k) => {
        expect(identical(values.subarray(k * batch.saveCount, (k + 1) * batch.saveCount), reference.series.get(id)!), `${id} with ${birthRate}, ${lifetime}`).toBe(true);
      });
    }
  });

  it('parameters not varied keep their defaults', () => {
    const batch = model.createBatch({ parameters: ['lifetime'], outputs: ['population'] });
    const values = batch.run([20], SEED).slice();
    expect(identical(values, model.run({ seed: SEED, outputs: ['population'] }).series.get('population')!)).toBe(true);
  });
});

describe('a horizon of its own', () => {
  it('runs past the file’s stop time when given a later one, and matches a file that says so', () => {
    const longer = compileOrThrow(xmile({ stop: 16, dt: 0.5 }, [stock('S', '1', { inflows: ['g'] }), flow('g', 'S * 0.1'), aux('left', 'STOPTIME - TIME')]));
    const short = compileOrThrow(xmile({ stop: 10, dt: 0.5 }, [stock('S', '1', { inflows: ['g'] }), flow('g', 'S * 0.1'), aux('left', 'STOPTIME - TIME')]));
    const sim = short.createSim({ stop: 16 });
    sim.runTo(50);
    expect(sim.time).toBe(16);
    expect(sim.specs.stop).toBe(16);
    const reference = longer.run();
    expect(identical(sim.getSeries('S'), reference.series.get('s')!)).toBe(true);
    expect(identical(sim.getSeries('left'), reference.series.get('left')!)).toBe(true);
  });

  it('stops earlier when given an earlier stop time, and the file’s own horizon is untouched', () => {
    const sim = model.createSim({ stop: 4 });
    sim.runToEnd();
    expect(sim.time).toBe(4);
    const own = model.createSim();
    own.runToEnd();
    expect(own.time).toBe(10);
  });

  it('refuses a stop time at or before the start', () => {
    expect(() => model.createSim({ stop: 0 })).toThrow(RunOptionError);
    expect(() => model.createSim({ stop: Number.NaN })).toThrow(/stop time/);
  });
});
