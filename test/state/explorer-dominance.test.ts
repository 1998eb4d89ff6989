import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeExplorer } from '../helpers/explorer-store.ts';

const TEACUP = readFileSync(resolve(import.meta.dirname, '../../scenarios/demo/teacup.xmile'), 'utf8');

describe('loop dominance in the explorer', () => {
  it('finds the teacup’s one balancing loop leading all the way, and follows the sliders', () => {
    const store = makeExplorer();
    expect(store.getState().importModel('teacup.xmile', TEACUP)).toBe(true);
    const dominance = store.getState().loopDominance()!;
    expect(dominance.loops.map((loop) => loop.polarity)).toEqual(['B']);
    expect(dominance.phases).toHaveLength(1);
    expect(dominance.phases[0]).toMatchObject({ from: 0, polarity: 'B' });
    expect(dominance.phases[0]!.to).toBeCloseTo(30, 6);
  });

  it('runs on a case with its events and decisions', () => {
    const store = makeExplorer();
    store.getState().openCase('pg-walmart');
    const dominance = store.getState().loopDominance()!;
    expect(dominance.loops.length).toBeGreaterThan(5);
    expect(dominance.phases.length).toBeGreaterThan(0);
  });
});
