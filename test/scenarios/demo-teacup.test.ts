import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/index.ts';

const FILE = 'scenarios/demo/teacup.xmile';
const source = readFileSync(new URL(`../../${FILE}`, import.meta.url), 'utf8');

describe('demo scenario: teacup', () => {
  it('compiles without errors or warnings', () => {
    const result = compileModel(source, { fileName: FILE });
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('cools along the Euler solution toward room temperature', () => {
    const result = compileModel(source, { fileName: FILE });
    if (!result.ok) throw new Error('teacup did not compile');
    const run = result.model.run();
    const temperature = run.series.get('teacup_temperature');
    expect(temperature).toBeDefined();
    // Euler with dt 0.125: T(n) = 70 + 110 * (1 - 0.125 / 10)^n, n steps; t = 30 is n = 240.
    expect(run.time[0]).toBe(0);
    expect(run.time[run.time.length - 1]).toBe(30);
    expect(temperature?.[0]).toBe(180);
    expect(temperature?.[temperature.length - 1]).toBeCloseTo(70 + 110 * (1 - 0.0125) ** 240, 9);
  });
});
