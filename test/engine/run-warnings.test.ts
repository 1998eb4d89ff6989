import { describe, expect, it } from 'vitest';
import { formatModelError } from '../../src/engine/index.ts';
import { simulateToCsv } from '../../src/cli/simulate-csv.ts';
import { aux, flow, stock, xmile } from '../helpers/xmile-builder.ts';
import { compileOrThrow } from '../helpers/run-model.ts';

/**
 * A division by zero keeps the run (its values are what IEEE arithmetic gives: Infinity, NaN)
 * but is reported once per variable, with the first time it happened, through the API and the
 * command line.
 */
const model = xmile({ stop: 8, dt: 1 }, [
  aux('ratio', '1 / (5 - TIME)'),
  aux('share', '(TIME - 3) / (TIME - 3)'),
  stock('Pile', '0', { inflows: ['adding'] }),
  flow('adding', 'share'),
  aux('fine', 'TIME * 2'),
]);

describe('division by zero', () => {
  for (const backend of ['vm', 'codegen'] as const) {
    it(`keeps the run and names each variable that divided by zero with the first time (${backend})`, () => {
      const result = compileOrThrow(model, { backend, fileName: 'div.xmile' }).run();
      expect(result.series.get('ratio')![5]).toBe(Infinity);
      expect(result.series.get('ratio')![6]).toBe(-1);
      expect(Number.isNaN(result.series.get('share')![3])).toBe(true);
      expect(result.warnings.map((warning) => [warning.variable, warning.code, warning.severity])).toEqual([
        ['share', 'division-by-zero', 'warning'],
        ['ratio', 'division-by-zero', 'warning'],
      ]);
      expect(formatModelError(result.warnings[0]!)).toBe(
        'warning: div.xmile, variable "share": divides by zero at time 3; from then on its value (and what depends on it) may be infinite or not a number\n    equation: (TIME - 3) / (TIME - 3)',
      );
      expect(result.warnings[1]!.message).toMatch(/at time 5;/);
    });
  }

  it('a run with no infinite or undefined value has no warnings', () => {
    const healthy = compileOrThrow(xmile({ stop: 4, dt: 1 }, [aux('ratio', '1 / (9 - TIME)')])).run();
    expect(healthy.warnings).toEqual([]);
  });

  it('an infinite value from elsewhere (LN of zero) names where it first appeared', () => {
    const result = compileOrThrow(xmile({ stop: 3, dt: 1 }, [aux('logged', 'LN(2 - TIME)'), aux('after', 'logged * 2')]), { fileName: 'ln.xmile' }).run();
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatchObject({ code: 'non-finite', variable: 'logged', severity: 'warning' });
    expect(result.warnings[0]!.message).toMatch(/^is minus infinite from time 2 on/);
  });

  it('the command line writes the CSV as computed and the warnings beside it', () => {
    const outcome = simulateToCsv(model, { fileName: 'div.xmile' });
    if (!outcome.ok) throw new Error(outcome.messages.join('\n'));
    const [header, , , , , , atFive] = outcome.csv.split('\n');
    expect(atFive!.split(',')[header!.split(',').indexOf('ratio')]).toBe('Infinity');
    expect(outcome.warnings.join('\n')).toMatch(/variable "ratio": divides by zero at time 5/);
    expect(outcome.warnings.join('\n')).toMatch(/variable "share": divides by zero at time 3/);
  });
});
