import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loopDominance, type CompiledModel, type LoopDominance } from '../../src/engine/index.ts';
import { dominancePhases } from '../../src/engine/structure/loop-dominance.ts';
import { aux, flow, stock, xmile } from '../helpers/xmile-builder.ts';
import { compileOrThrow } from '../helpers/run-model.ts';

/**
 * Loop dominance by Loops That Matter on models whose answer is known: a lone loop scores ±1 at
 * every step, and logistic growth hands dominance from its reinforcing to its balancing loop at
 * the inflection point, where the population is half the carrying capacity.
 */

function loopById(result: LoopDominance, id: string) {
  const loop = result.loops.find((candidate) => candidate.id === id);
  if (!loop) throw new Error(`no loop ${id}; the model has ${result.loops.map((l) => l.id).join(', ')}`);
  return loop;
}

describe('a lone loop', () => {
  it('scores +1 throughout for exponential growth (one reinforcing loop)', () => {
    const model = compileOrThrow(
      xmile({ stop: 20, dt: 0.25 }, [stock('Population', '100', { inflows: ['births'] }), flow('births', 'Population * birth_rate'), aux('birth rate', '0.05')]),
    );
    const result = loopDominance(model);
    expect(result.loops.map((loop) => `${loop.id}: ${loop.variables.join(' → ')}`)).toEqual(['R1: population → births']);
    expect(result.times.length).toBe(81);
    for (const score of loopById(result, 'R1').relativeScore) expect(score).toBeCloseTo(1, 12);
    expect(result.phases).toEqual([{ from: 0, to: 20, dominant: 'R1', polarity: 'R' }]);
  });

  it('scores −1 throughout for a goal-seeking stock (one balancing loop through an auxiliary)', () => {
    const model = compileOrThrow(
      xmile({ stop: 30, dt: 0.125 }, [
        stock('Level', '10', { inflows: ['adjustment'] }),
        flow('adjustment', 'gap / adjustment_time'),
        aux('gap', 'goal - Level'),
        aux('goal', '100'),
        aux('adjustment time', '4'),
      ]),
    );
    const result = loopDominance(model);
    expect(result.loops).toHaveLength(1);
    const loop = loopById(result, 'B1');
    expect(loop.variables).toEqual(['level', 'gap', 'adjustment']);
    for (const score of loop.relativeScore) expect(score).toBeCloseTo(-1, 12);
    expect(result.phases).toEqual([{ from: 0, to: 30, dominant: 'B1', polarity: 'B' }]);
  });

  it('treats a smoothed link as part of its loop: SMTH1 in a balancing loop still scores −1', () => {
    const model = compileOrThrow(
      xmile({ stop: 30, dt: 0.125 }, [
        stock('Level', '10', { inflows: ['adjustment'] }),
        flow('adjustment', '(100 - perceived_level) / 4'),
        aux('perceived level', 'SMTH1(Level, 2)'),
      ]),
    );
    const result = loopDominance(model);
    expect(result.loops).toHaveLength(1);
    const scores = result.loops[0]!.relativeScore;
    // The smoothed level starts at rest (its hidden stock starts at its input), so the loop acts from the second interval on.
    expect(scores[0]).toBe(0);
    for (const score of scores.subarray(1)) expect(score).toBeCloseTo(-1, 9);
  });
});

describe('S-shaped growth', () => {
  // Logistic growth: births = r · P · (1 − P / K). The births loop (R) dominates while P < K/2,
  // the crowding loop (B) after: dP/dt peaks at P = K/2, at t* = ln((K − P0) / P0) / r.
  const r = 0.5;
  const K = 1000;
  const P0 = 10;
  const inflectionTime = Math.log((K - P0) / P0) / r;

  function logistic(dt: number, method: 'Euler' | 'RK4') {
    return compileOrThrow(
      xmile({ stop: 25, dt, method }, [
        stock('Population', String(P0), { inflows: ['births'] }),
        flow('births', 'growth_rate * Population * room_to_grow'),
        aux('room to grow', '1 - Population / carrying_capacity'),
        aux('growth rate', String(r)),
        aux('carrying capacity', String(K)),
      ]),
    );
  }

  function switchTime(result: LoopDominance): number {
    expect(result.phases.map((phase) => phase.polarity)).toEqual(['R', 'B']);
    return result.phases[1]!.from;
  }

  it('finds the births (R) and crowding (B) loops', () => {
    const result = loopDominance(logistic(0.125, 'RK4'));
    expect(result.loops.map((loop) => `${loop.id}: ${loop.variables.join(' → ')}`).sort()).toEqual([
      'B1: population → room_to_grow → births',
      'R1: population → births',
    ]);
    // Relative scores of the two loops make up the whole behaviour at every step.
    const [a, b] = result.loops;
    for (let i = 0; i < result.times.length; i++) expect(Math.abs(a!.relativeScore[i]!) + Math.abs(b!.relativeScore[i]!)).toBeCloseTo(1, 12);
  });

  it.each([
    { method: 'RK4' as const, dt: 0.125, within: 1 },
    { method: 'RK4' as const, dt: 0.03125, within: 1 },
    { method: 'Euler' as const, dt: 0.03125, within: 2 },
  ])('shifts from R to B within $within dt of the analytic inflection ($method, dt $dt)', ({ method, dt, within }) => {
    const result = loopDominance(logistic(dt, method));
    const shift = switchTime(result);
    const error = (shift - inflectionTime) / dt;
    console.info(`logistic ${method} dt=${dt}: analytic inflection t*=${inflectionTime.toFixed(4)}, dominance shift at ${shift.toFixed(4)} (${error.toFixed(2)} dt)`);
    expect(Math.abs(error)).toBeLessThanOrEqual(within);
    // At the shift the two loops are about equally strong; early on R is nearly alone, late B.
    const r1 = loopById(result, 'R1').relativeScore;
    const b1 = loopById(result, 'B1').relativeScore;
    const at = result.times.indexOf(shift);
    expect(Math.abs(r1[at]! + b1[at]!)).toBeLessThan(0.05);
    expect(r1[0]).toBeGreaterThan(0.98);
    expect(b1[result.times.length - 2]).toBeLessThan(-0.98);
  });
});

describe('long runs and foreign models', () => {
  it('scores a long run over groups of steps, keeping the end time', () => {
    const model = compileOrThrow(
      xmile({ stop: 100, dt: 0.01 }, [stock('Population', '100', { inflows: ['births'] }), flow('births', 'Population * 0.01')]),
    );
    const result = loopDominance(model, { maxIntervals: 50 });
    expect(result.stride).toBe(200);
    expect(Array.from(result.times.subarray(0, 3))).toEqual([0, 2, 4]);
    expect(result.times[result.times.length - 1]).toBe(100);
    for (const score of result.loops[0]!.relativeScore) expect(score).toBeCloseTo(1, 12);
  });

  it('refuses, with a clear message, a model that this engine did not compile', () => {
    const model = compileOrThrow(xmile({ stop: 1 }, [aux('a', '1')]));
    const imitation = { specs: model.specs, variables: model.variables, introspect: () => model.introspect(), createSim: () => model.createSim() } as unknown as CompiledModel;
    expect(() => loopDominance(imitation)).toThrow(/compiled by the Alliance Dynamics engine/);
  });
});

describe('dominance phases', () => {
  const times = Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7]);
  const scores = (...values: number[]) => Float64Array.from(values);

  it('merges a one-point blip into its neighbours', () => {
    const phases = dominancePhases(times, [
      { id: 'R1', polarity: 'R', relativeScore: scores(0.9, 0.8, 0.3, 0.7, 0.6, 0.2, 0.1, 0.1) },
      { id: 'B1', polarity: 'B', relativeScore: scores(-0.1, -0.2, -0.7, -0.3, -0.4, -0.8, -0.9, -0.9) },
    ]);
    expect(phases).toEqual([
      { from: 0, to: 5, dominant: 'R1', polarity: 'R' },
      { from: 5, to: 7, dominant: 'B1', polarity: 'B' },
    ]);
  });

  it('reports a loop of unknown polarity by the sign of its scores, and no loop while none acts', () => {
    const phases = dominancePhases(times, [{ id: 'U1', polarity: '?', relativeScore: scores(0, 0, 0, -1, -1, -1, -1, -1) }]);
    expect(phases).toEqual([
      { from: 0, to: 3, dominant: null, polarity: null },
      { from: 3, to: 7, dominant: 'U1', polarity: 'B' },
    ]);
  });
});

describe('the dealer alliance case', () => {
  it('returns phases for a downturn run without throwing, well within a time budget', () => {
    const model = compileOrThrow(readFileSync(new URL('../../scenarios/dealer-alliance/model.xmile', import.meta.url), 'utf8'));
    loopDominance(model); // warm up
    const started = performance.now();
    const result = loopDominance(model, { overrides: { 'Downturn On': 1 } });
    const elapsed = performance.now() - started;
    console.info(`dealer alliance with a downturn: ${result.loops.length} loops, ${result.times.length} points, ${elapsed.toFixed(1)} ms; phases: ${result.phases.map((p) => `${p.from}–${p.to} ${p.dominant}`).join(', ')}`);
    expect(elapsed).toBeLessThan(500);
    expect(result.loops.length).toBeGreaterThan(0);
    expect(result.phases.length).toBeGreaterThan(0);
    expect(result.phases[0]!.from).toBe(0);
    expect(result.phases[result.phases.length - 1]!.to).toBe(20);
    for (let p = 1; p < result.phases.length; p++) expect(result.phases[p]!.from).toBe(result.phases[p - 1]!.to);
    for (const loop of result.loops) for (const score of loop.relativeScore) expect(Math.abs(score)).toBeLessThanOrEqual(1 + 1e-12);
    // A game replays its decisions as changes during the run.
    const played = loopDominance(model, { changes: [{ time: 4, values: { 'Dealer Price': 120 } }, { time: 8, values: { 'Dealer Support': 0 } }], stopAt: 12 });
    expect(played.times[played.times.length - 1]).toBe(12);
    expect(played.phases.length).toBeGreaterThan(0);
    // A game longer than the file's horizon is analysed to its own end.
    const longGame = loopDominance(model, { changes: [{ time: 22, values: { 'Dealer Price': 110 } }], stopAt: 24 });
    expect(longGame.times[longGame.times.length - 1]).toBe(24);
    expect(longGame.phases.at(-1)!.to).toBe(24);
  });
});
