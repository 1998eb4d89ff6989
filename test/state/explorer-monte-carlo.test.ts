import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { combineMonteCarloParts, quantileSorted, seededRandom, splitRuns, thinnedIndices, type MonteCarloRequest } from '../../src/state/explorer-monte-carlo.ts';
import { runMonteCarlo, runMonteCarloPart } from '../../src/state/explorer-monte-carlo-runner.ts';
import { monteCarloRequest } from '../../src/state/explorer-selectors.ts';
import { makeExplorer } from '../helpers/explorer-store.ts';
import { singleThreadMonteCarlo } from '../helpers/single-thread-monte-carlo.ts';

const TEACUP = readFileSync(resolve(import.meta.dirname, '../../scenarios/demo/teacup.xmile'), 'utf8');

function teacupRequest(overrides: Partial<MonteCarloRequest> = {}): MonteCarloRequest {
  return {
    model: { source: TEACUP, fileName: 'teacup.xmile' },
    scenario: null,
    recalibrate: false,
    plan: { parameters: {}, fixed: {}, decisions: {}, prefix: [], decisionsAt: null, stopTime: null },
    draws: [
      { key: 'param:characteristic_time', variable: 'characteristic_time', label: 'Characteristic Time', low: 5, high: 15, stage: 'parameter' },
      { key: 'param:room_temperature', variable: 'room_temperature', label: 'Room Temperature', low: 68, high: 72, stage: 'parameter' },
    ],
    outputs: ['teacup_temperature'],
    tornadoOutput: 'teacup_temperature',
    runs: 1000,
    seed: 7,
    maxPoints: 101,
    progressEvery: 100,
    ...overrides,
  };
}

const hooks = (progress: number[] = []) => ({ now: () => performance.now(), progress: (done: number) => void progress.push(done) });

describe('Monte Carlo core', () => {
  it('interpolates quantiles between neighbours', () => {
    const sorted = Float64Array.from([1, 2, 3, 4, 5]);
    expect(quantileSorted(sorted, 0)).toBe(1);
    expect(quantileSorted(sorted, 0.5)).toBe(3);
    expect(quantileSorted(sorted, 0.25)).toBe(2);
    expect(quantileSorted(sorted, 0.05)).toBeCloseTo(1.2, 12);
    expect(quantileSorted(new Float64Array(0), 0.5)).toBeNaN();
  });

  it('thins a long series evenly, keeping both ends', () => {
    expect(thinnedIndices(5, 101)).toEqual([0, 1, 2, 3, 4]);
    const thinned = thinnedIndices(241, 101);
    expect(thinned[0]).toBe(0);
    expect(thinned.at(-1)).toBe(240);
    expect(thinned.length).toBeLessThanOrEqual(101);
  });

  it('draws the same numbers from the same seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const drawsA = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(drawsA);
    expect(drawsA.every((value) => value >= 0 && value < 1)).toBe(true);
  });

  it('gives fans that widen as the uncertainty works through, and the same result for the same seed', () => {
    const progress: number[] = [];
    const result = runMonteCarlo(teacupRequest(), hooks(progress));
    expect(progress).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    const fan = result.fans[0]!;
    expect(fan.time[0]).toBe(0);
    expect(fan.time.at(-1)).toBe(30);
    // Everyone starts at 180 degrees; by minute 10 the cooling time matters.
    expect(fan.p5[0]).toBe(180);
    expect(fan.p95[0]).toBe(180);
    const at10 = fan.time.findIndex((time) => time >= 10);
    expect(fan.p95[at10]! - fan.p5[at10]!).toBeGreaterThan(10);
    expect(fan.p50[at10]!).toBeGreaterThan(fan.p25[at10]!);
    const again = runMonteCarlo(teacupRequest(), hooks());
    expect(again.fans).toEqual(result.fans);
  });

  it('ranks the parameters one at a time by how far they move the final value', () => {
    const result = runMonteCarlo(teacupRequest({ tornadoOutput: 'teacup_temperature' }), hooks());
    // A model of one's own has no starting calibration: one tornado, nothing re-balanced.
    expect(result.tornadoes.map((candidate) => candidate.calibration)).toEqual([null]);
    const tornado = result.tornadoes[0]!;
    expect(tornado.method).toBe('one-at-a-time');
    expect(tornado.time).toBe(30);
    expect(tornado.bars.map((bar) => bar.key)).toEqual(['param:characteristic_time', 'param:room_temperature']);
    const cooling = tornado.bars[0]!;
    // A longer cooling time leaves the tea warmer.
    expect(cooling.highValue).toBeGreaterThan(tornado.base);
    expect(cooling.lowValue).toBeLessThan(tornado.base);
  });

  it('steps through a prefix and sets the decisions at their time when the plan says so', () => {
    const stepped = runMonteCarlo(
      teacupRequest({ runs: 200, plan: { parameters: {}, fixed: {}, decisions: { room_temperature: 20 }, prefix: [{ time: 5, set: { room_temperature: 100 } }], decisionsAt: 10, stopTime: 20 } }),
      hooks(),
    );
    const fan = stepped.fans[0]!;
    expect(fan.time.at(-1)).toBe(20);
    // Warmer room from minute 5 to 10: the tea cools more slowly there than before or after.
    const at = (t: number) => fan.base[fan.time.findIndex((time) => time >= t)]!;
    expect(at(5) - at(10)).toBeLessThan(at(0) - at(5));
  });

  it('splits the runs into contiguous slices of whole progress steps, one per worker', () => {
    expect(splitRuns(1000, 2, 100)).toEqual([{ from: 0, to: 500 }, { from: 500, to: 1000 }]);
    expect(splitRuns(10000, 3, 100)).toEqual([{ from: 0, to: 3300 }, { from: 3300, to: 6700 }, { from: 6700, to: 10000 }]);
    expect(splitRuns(150, 8, 100)).toEqual([{ from: 0, to: 100 }, { from: 100, to: 150 }]);
    expect(splitRuns(1000, 1, 100)).toEqual([{ from: 0, to: 1000 }]);
  });
});

/** The request the explorer builds for a case with its default ranges (every parameter slider ticked). */
function caseRequest(id: 'dealer-alliance' | 'pg-walmart', recalibrate: boolean, runs: number, seed: number): MonteCarloRequest {
  const store = makeExplorer();
  store.getState().openCase(id);
  store.getState().setRecalibrate(recalibrate);
  store.getState().setSeed(seed);
  const built = monteCarloRequest(store.getState().session!);
  if (!built.ok) throw new Error(built.reason);
  return { ...built.request, runs };
}

describe('Monte Carlo over a pool of workers', () => {
  for (const id of ['dealer-alliance', 'pg-walmart'] as const) {
    it(`gives ${id} the same bands and tornadoes whatever the number of parts`, () => {
      const request = caseRequest(id, true, 400, 3);
      const whole = runMonteCarlo(request, hooks());
      for (const workers of [2, 3, 7]) {
        const parts = splitRuns(request.runs, workers, request.progressEvery).map((slice, index) => runMonteCarloPart({ request, ...slice, tornado: index === 0 }, hooks()));
        const combined = combineMonteCarloParts(request, [...parts].reverse());
        expect(combined.workers).toBe(Math.min(workers, 4));
        expect(combined.fans).toEqual(whole.fans);
        expect(combined.tornadoes).toEqual(whole.tornadoes);
        expect(combined.failedRuns).toBe(whole.failedRuns);
      }
    });
  }

  it('refuses parts that do not cover the sample', () => {
    const request = teacupRequest({ runs: 300 });
    const parts = splitRuns(300, 3, 100).map((slice, index) => runMonteCarloPart({ request, ...slice, tornado: index === 0 }, hooks()));
    expect(() => combineMonteCarloParts(request, [parts[0]!, parts[2]!])).toThrow(/runs 100 to 200 are missing/);
  });

  // The reference: the single-thread Monte Carlo with the rules' stepped calibration, as it was
  // before the pool (test/helpers/single-thread-monte-carlo.ts). The pool gives exactly its numbers.
  for (const id of ['dealer-alliance', 'pg-walmart'] as const) {
    for (const recalibrate of [true, false]) {
      it(`gives ${id} exactly the single-thread results, start ${recalibrate ? 're-balanced per draw' : 'held'}`, () => {
        const request = caseRequest(id, recalibrate, 300, 11);
        const reference = singleThreadMonteCarlo(request);
        const parts = splitRuns(request.runs, 2, request.progressEvery).map((slice, index) => runMonteCarloPart({ request, ...slice, tornado: index === 0 }, hooks()));
        const result = combineMonteCarloParts(request, parts);
        expect(result.failedRuns).toBe(reference.failedRuns);
        expect(result.fans.map((fan) => ({ id: fan.id, p5: fan.p5, p25: fan.p25, p50: fan.p50, p75: fan.p75, p95: fan.p95, base: fan.base }))).toEqual(reference.fans);
        const tornado = result.tornadoes.find((candidate) => candidate.calibration === (recalibrate ? 'rebalanced' : 'held'))!;
        expect(tornado.bars.map((bar) => ({ key: bar.key, lowValue: bar.lowValue, highValue: bar.highValue }))).toEqual(reference.bars);
      });
    }
  }
});
