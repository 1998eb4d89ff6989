import { describe, expect, it } from 'vitest';
import { formatValue } from '../../../src/views/charts/format-value.ts';

describe('formatValue', () => {
  it('keeps at most four significant digits', () => {
    expect(formatValue(75.36789)).toBe('75.37');
    expect(formatValue(180)).toBe('180');
  });

  it('spells out values that are not finite', () => {
    expect(formatValue(Number.NaN)).toBe('NaN');
  });
});
