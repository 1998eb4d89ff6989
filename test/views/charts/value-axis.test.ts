import { describe, expect, it } from 'vitest';
import { niceAxisStep, scaledRange, sharedRange, valueAxisRange } from '../../../src/views/charts/value-axis.ts';

describe('valueAxisRange', () => {
  it('draws a quantity with a declared range on that range, however little it moves', () => {
    expect(valueAxisRange([0.135, 0.14, 0.155], { min: 0, max: 1 })).toEqual({ min: 0, max: 1 });
  });

  it('widens a declared range to a value outside it instead of cutting the line off', () => {
    const range = valueAxisRange([0.2, 1.3], { min: 0, max: 1 });
    expect(range.min).toBe(0);
    expect(range.max).toBeGreaterThanOrEqual(1.3);
  });

  it('draws only zeros on 0 to 1, not −1 to 1', () => {
    expect(valueAxisRange([0, 0, 0])).toEqual({ min: 0, max: 1 });
    expect(valueAxisRange([])).toEqual({ min: 0, max: 1 });
    expect(valueAxisRange([Number.NaN, null, undefined])).toEqual({ min: 0, max: 1 });
  });

  it('starts positive values from zero when they are not far from it', () => {
    expect(valueAxisRange([5.28, 12, 23.75])).toEqual({ min: 0, max: 25 });
  });

  it('ends negative values at zero when they are not far from it', () => {
    expect(valueAxisRange([-3, -9.5])).toEqual({ min: -10, max: 0 });
  });

  it('keeps a small wobble far from zero small: the axis spans at least a quarter of the values’ size', () => {
    const range = valueAxisRange([0.135, 0.145, 0.155]);
    expect(range.min).toBeLessThanOrEqual(0.135);
    expect(range.max).toBeGreaterThanOrEqual(0.155);
    // The 0.02 move takes less than half the height, not all of it.
    expect(0.02 / (range.max - range.min)).toBeLessThan(0.5);
    expect(range.min).toBeGreaterThan(0);
  });

  it('pads values that cross zero and snaps to round steps', () => {
    const range = valueAxisRange([-4.2, 7.9]);
    expect(range.min).toBeLessThan(-4.2);
    expect(range.max).toBeGreaterThan(7.9);
    const step = niceAxisStep(range.max - range.min);
    expect(Number.isInteger(Number((range.min / step).toFixed(9)))).toBe(true);
    expect(Number.isInteger(Number((range.max / step).toFixed(9)))).toBe(true);
  });

  it('never takes positive values below zero when it widens them', () => {
    const range = valueAxisRange([1e-4, 1.05e-4]);
    expect(range.min).toBeGreaterThanOrEqual(0);
  });
});

describe('declared ranges of several quantities', () => {
  it('share a range only when every quantity declares one', () => {
    expect(sharedRange([{ min: 0, max: 1 }, { min: 0, max: 2 }])).toEqual({ min: 0, max: 2 });
    expect(sharedRange([{ min: 0, max: 1 }, undefined])).toBeNull();
  });

  it('scale with the display scale', () => {
    expect(scaledRange({ min: 0, max: 1 }, 100)).toEqual({ min: 0, max: 100 });
    expect(scaledRange(undefined, 100)).toBeNull();
  });
});
