import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatModelError, type ModelError, type ModelErrorCode } from '../../src/engine/index.ts';
import { aux, xmile } from '../helpers/xmile-builder.ts';
import { finishes, type Probe, type ProbeResult } from './hang-guard.ts';

/**
 * Broken and hostile inputs: compileModel must never throw, must finish (a hang guard with a
 * generous time, see hang-guard.ts; how fast is measured by `npm run bench`), and must explain
 * the problem as a user-facing message, not an engine stack trace.
 */
const FIXTURES = resolve(import.meta.dirname, '../fixtures/hostile');

/** Words that betray an engine defect leaking through instead of an explanation. */
const LEAKS = /TypeError|RangeError|ReferenceError|undefined|Cannot read propert|internal problem|Maximum call stack|\[object Object\]|\bNaN\b/;

async function compileGuarded(source: string, fileName: string, more: Omit<Probe, 'source' | 'fileName'> = {}): Promise<ProbeResult> {
  const result = await finishes({ source, fileName, ...more });
  if (result.threw !== undefined) throw new Error(`compileModel threw for ${fileName}: ${result.threw}`);
  return result;
}

function expectReadable(errors: readonly ModelError[], fileName: string): void {
  expect(errors.length).toBeGreaterThan(0);
  for (const error of errors) {
    expect(error.message, formatModelError(error)).not.toMatch(LEAKS);
    expect(error.message.length).toBeGreaterThan(15);
    expect(error.file).toBe(fileName);
    expect(error.severity).toBe('error');
    expect(formatModelError(error)).toContain(fileName);
  }
}

interface Refusal {
  readonly code: ModelErrorCode;
  readonly message: RegExp;
  readonly variable?: string;
  readonly equation?: string;
}

const refusals: Record<string, Refusal> = {
  'not-xml.xmile': { code: 'xml', message: /not well-formed XML: char 'T' is not expected\. \(line 1, column 1\)/ },
  'empty.xmile': { code: 'xml', message: /^the file is empty$/ },
  'truncated.xmile': { code: 'xml', message: /ends before <xmile>, <model>, <variables> are closed; the file may be cut short/ },
  'not-xmile.xml': { code: 'structure', message: /XML but not XMILE: there is no <xmile> root element/ },
  'billion-laughs.xmile': { code: 'xml', message: /DOCTYPE or entities.*refused to avoid entity-expansion attacks/ },
  'missing-sim-specs.xmile': { code: 'structure', message: /no <sim_specs>: start, stop and dt are needed/ },
  'dt-zero.xmile': { code: 'structure', message: /dt must be greater than zero; it is 0/ },
  'stop-before-start.xmile': { code: 'structure', message: /stop time \(5\) is before the start time \(10\)/ },
  'not-a-number.xmile': { code: 'structure', message: /the stop time is "ten", which is not a number/ },
  'too-many-steps.xmile': { code: 'limit', message: /time steps .*the limit is 20000000/ },
  'unknown-variable.xmile': {
    code: 'unknown-variable',
    message: /refers to "Popluation", but there is no variable of that name \(did you mean "Population"\?\)/,
    variable: 'births',
    equation: 'Popluation * birth_rate',
  },
  'unknown-function.xmile': {
    code: 'unknown-function',
    message: /calls "GROWTH_FACTOR", which is not a function this engine knows/,
    variable: 'births',
    equation: 'Population * GROWTH_FACTOR(birth_rate)',
  },
  'wrong-arity.xmile': { code: 'arity', message: /SMTH1 takes 2 to 3 argument\(s\), but is given 1/, variable: 'capped', equation: 'SMTH1(births)' },
  'circular.xmile': { code: 'circular', message: /circle with no stock to break it: .*(price|cost|demand).*→.*→.*→/ },
  'huge-dimension.xmile': { code: 'structure', message: /dimension "Everything" has 1000000000 elements; the limit is 1000000/ },
  'deep-parentheses.xmile': { code: 'syntax', message: /nested more than 200 levels deep/, variable: 'deep' },
  'graphical-mismatch.xmile': { code: 'structure', message: /graphical function of "effect" has 3 x values but 2 y values/ },
  'module-contains-itself.xmile': { code: 'circular', message: /module "economy" contains itself \(the main model > "economy" > "economy"\)/, variable: 'economy' },
  'modules-too-deep.xmile': { code: 'limit', message: /modules are nested more than 20 deep \(the main model > "level0" > "level1"/ },
  'duplicate-names.xmile': { code: 'structure', message: /the name "sales" is defined twice/, variable: 'sales' },
  'placeholder.xmile': { code: 'placeholder', message: /"\?\?\?": a converter .* left this placeholder/, variable: 'births' },
  'unclosed-comment.xmile': { code: 'syntax', message: /comment opened with "\{" is never closed/, variable: 'a', equation: '1 + { a note that never ends' },
};

describe('hostile model files', () => {
  const files = readdirSync(FIXTURES).filter((name) => /\.(xmile|xml)$/.test(name)).sort();

  it('every file in the corpus has an expectation', () => {
    expect(files.filter((name) => !(name in refusals) && name !== 'long-equation.xmile')).toEqual([]);
  });

  for (const [fileName, expected] of Object.entries(refusals)) {
    it(`${fileName}: refused with a readable explanation`, async () => {
      const result = await compileGuarded(readFileSync(join(FIXTURES, fileName), 'utf8'), fileName);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expectReadable(result.errors, fileName);
      const error = result.errors.find((e) => e.code === expected.code && (expected.variable === undefined || e.variable === expected.variable)) ?? result.errors[0]!;
      expect(error.code).toBe(expected.code);
      expect(error.message).toMatch(expected.message);
      if (expected.variable !== undefined) expect(error.variable).toBe(expected.variable);
      if (expected.equation !== undefined) expect(error.equation).toBe(expected.equation);
    });
  }

  it('wrong-arity.xmile: reports every bad call, not only the first', async () => {
    const result = await compileGuarded(readFileSync(join(FIXTURES, 'wrong-arity.xmile'), 'utf8'), 'wrong-arity.xmile');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.variable, e.code])).toEqual(expect.arrayContaining([['births', 'arity'], ['capped', 'arity']]));
    expect(result.errors.find((e) => e.variable === 'births')!.message).toMatch(/SQRT takes 1 argument\(s\), but is given 2/);
  });

  it('circular.xmile: names every variable of the circle', async () => {
    const result = await compileGuarded(readFileSync(join(FIXTURES, 'circular.xmile'), 'utf8'), 'circular.xmile');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const message = result.errors[0]!.message;
    for (const name of ['price', 'cost', 'demand']) expect(message).toContain(name);
    expect(message).not.toContain('markup');
  });

  it('long-equation.xmile: a 100,000-character equation is legitimate and runs', async () => {
    const source = readFileSync(join(FIXTURES, 'long-equation.xmile'), 'utf8');
    const result = await compileGuarded(source, 'long-equation.xmile', { outputs: ['long'] });
    if (!result.ok) throw new Error(result.errors.map(formatModelError).join('\n'));
    expect(result.series['long']![0]).toBe(50_000);
  });
});

describe('generated hostile models', () => {
  it('an equation over the length limit is refused by length, not by a stack overflow', async () => {
    const result = await compileGuarded(xmile({ stop: 1 }, [aux('longer', '1+'.repeat(75_000) + '1')]), 'longer.xmile');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expectReadable(result.errors, 'longer.xmile');
    expect(result.errors[0]).toMatchObject({ code: 'syntax', variable: 'longer' });
    expect(result.errors[0]!.message).toMatch(/150001 characters long; the limit is 100000/);
  });

  it.each(['vm', 'codegen'] as const)('a flat sum of 30,000 terms compiles and runs (%s back end)', async (backend) => {
    const result = await compileGuarded(xmile({ stop: 1 }, [aux('x', '2'), aux('total', Array.from({ length: 30_000 }, () => 'x').join('+'))]), 'sum.xmile', { backend, outputs: ['total'] });
    if (!result.ok) throw new Error(result.errors.map(formatModelError).join('\n'));
    expect(result.series['total']![0]).toBe(60_000);
  });

  it('a chain of 50,000 auxiliaries compiles and runs', async () => {
    const variables = [aux('v0', 'TIME')];
    for (let i = 1; i < 50_000; i++) variables.push(aux(`v${i}`, `v${i - 1} + 1`));
    const result = await compileGuarded(xmile({ stop: 3, dt: 1 }, variables), 'chain.xmile', { outputs: ['v49999'] });
    if (!result.ok) throw new Error(result.errors.map(formatModelError).join('\n'));
    expect(result.series['v49999']).toEqual([49_999, 50_000, 50_001, 50_002]);
  });

  it('a misspelt name is found among many variables, with the close name suggested', async () => {
    const variables = Array.from({ length: 2000 }, (_, i) => aux(`item ${i}`, '1'));
    variables.push(aux('Marketing Budget', '5'), aux('spend', 'Marketing_Budgte * 2'));
    const result = await compileGuarded(xmile({ stop: 1 }, variables), 'many.xmile');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ code: 'unknown-variable', variable: 'spend', equation: 'Marketing_Budgte * 2', position: 0 });
    expect(result.errors[0]!.message).toContain('did you mean "Marketing Budget"?');
  });

  it('a file over the size limit is refused before parsing', async () => {
    const result = await compileGuarded(`<xmile>${' '.repeat(20_000_001)}</xmile>`, 'big.xmile');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ code: 'limit', file: 'big.xmile' });
  });

  it('the hang guard fails a compile that has not finished in its time', async () => {
    // 5 ms is far below what compiling 20,000 auxiliaries takes on any machine: this checks the
    // guard itself, which the tests above rely on to fail rather than hang.
    const variables = Array.from({ length: 20_000 }, (_, i) => aux(`v${i}`, i === 0 ? 'TIME' : `v${i - 1} + 1`));
    await expect(finishes({ source: xmile({ stop: 1 }, variables), fileName: 'slow.xmile' }, 5)).rejects.toThrow(/slow\.xmile did not finish within 0\.005 s/);
  });

  it('an entity-expansion attack without a DOCTYPE keyword in capitals is still refused', async () => {
    const source = readFileSync(join(FIXTURES, 'billion-laughs.xmile'), 'utf8').replace('DOCTYPE', 'doctype');
    const result = await compileGuarded(source, 'lower.xmile');
    expect(result.ok).toBe(false);
  });
});
