import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileModel, formatModelError, type ModelError } from '../../src/engine/index.ts';
import { formatUnits, parseUnits } from '../../src/engine/units/parse-units.ts';
import { aux, flow, stock, xmile, type VariableInput } from '../helpers/xmile-builder.ts';
import { simulate } from '../helpers/run-model.ts';

/** Declared units are read and checked; a mismatch is a warning naming both sides, never an error. */
function unitWarnings(variables: readonly VariableInput[], timeUnits = 'Months'): ModelError[] {
  const result = compileModel(xmile({ stop: 4, dt: 1, timeUnits }, variables), { fileName: 'units.xmile' });
  if (!result.ok) throw new Error(result.errors.map(formatModelError).join('\n'));
  expect(result.warnings.every((warning) => warning.severity === 'warning')).toBe(true);
  return result.warnings.filter((warning) => warning.code === 'units');
}

describe('reading unit strings', () => {
  it.each([
    ['$M/quarter', 'dollar/quarter'],
    ['k units/qtr', 'unit/quarter'],
    ['1/yr', '1/year'],
    ['dimensionless', 'dimensionless'],
    ['Months', 'month'],
    ['Person*Person/Month', 'person^2/month'],
    ['per month', '1/month'],
    ['people per year', 'person/year'],
    ['Million Dollars/Quarters', 'dollar/quarter'],
    ['Thousand Units/Quarters/Quarters', 'unit/quarter^2'],
    ['Percent/Years', '1/year'],
    ['Degrees Fahrenheit/Minutes', 'degree fahrenheit/minute'],
    ['Dmnl [0,1]', 'dimensionless'],
    ['(widgets/day)^2', 'widget^2/day^2'],
    ['m/s^-2', 'm*s^2'],
  ])('%s is %s', (text, expected) => {
    const units = parseUnits(text);
    expect(units && formatUnits(units)).toBe(expected);
  });

  it.each(['', '**', 'units/', '(a', 'x'.repeat(300)])('"%s" cannot be read, so it is not checked', (text) => {
    expect(parseUnits(text)).toBeUndefined();
  });
});

describe('unit mismatches as warnings', () => {
  const consistent: VariableInput[] = [
    stock('Inventory', '100', { inflows: ['production'], outflows: ['shipments'], units: 'Widgets' }),
    flow('production', 'SMTH1(shipments, 3) + (target - Inventory) / cover', { units: 'widget/month' }),
    flow('shipments', 'MIN(Inventory / cover, demand)', { units: 'Widgets per Month' }),
    aux('target', '120', { units: 'widgets' }),
    aux('cover', '2', { units: 'Months' }),
    aux('demand', 'IF TIME > 2 THEN 60 ELSE base_demand * 1.2', { units: 'Widgets/Month' }),
    aux('base demand', '50', { units: 'Widgets/Month' }),
    aux('price', '5', { units: '$/widget' }),
    aux('revenue', 'price * shipments / 1000', { units: '$K/Month' }),
    aux('quarterly cost', '30', { units: '$/quarter' }),
    // A bare number may be a conversion (3 months a quarter): the sum is not checked.
    aux('monthly margin', 'revenue - quarterly_cost / 3', { units: '$/Month' }),
    aux('growth', '(1 + 0.02) ^ TIME', { units: 'dimensionless' }),
  ];

  it('a consistent model compiles without a unit warning', () => {
    expect(unitWarnings(consistent).map(formatModelError)).toEqual([]);
  });

  it('one mismatch gives one warning naming the variable, the equation and both units; the model still runs', () => {
    const variables = [...consistent, aux('muddle', 'Inventory + demand')];
    const warnings = unitWarnings(variables);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ severity: 'warning', code: 'units', file: 'units.xmile', variable: 'muddle', equation: 'Inventory + demand', position: 10 });
    expect(warnings[0]!.message).toBe('the two sides of "+" have different units: "Inventory" in "Widgets" and "demand" in "Widgets/Month"');
    expect(simulate(xmile({ stop: 4, dt: 1, timeUnits: 'Months' }, variables)).series('muddle')).toHaveLength(5);
  });

  it('checks comparisons, IF branches and the arguments of MIN and MAX', () => {
    const warnings = unitWarnings([
      aux('stock like', '1', { units: 'widgets' }),
      aux('rate like', '1', { units: 'widgets/month' }),
      aux('compared', 'IF stock_like > rate_like THEN 1 ELSE 0'),
      aux('branches', 'IF TIME > 1 THEN stock_like ELSE rate_like'),
      aux('smallest', 'MAX(stock_like, rate_like, 0)'),
    ]);
    expect(warnings.map((warning) => [warning.variable, warning.message.split(' have')[0]])).toEqual([
      ['compared', 'the two sides of ">"'],
      ['branches', 'the THEN and ELSE branches'],
      ['smallest', 'the arguments of MAX'],
    ]);
  });

  it('infers units through products and quotients of declared units', () => {
    const warnings = unitWarnings([
      aux('price', '5', { units: 'Dollars/Unit' }),
      aux('volume', '3', { units: 'Thousand Units/Quarters' }),
      aux('fixed cost', '1', { units: 'Million Dollars' }),
      aux('profit', 'price * volume - fixed_cost', { units: 'Million Dollars/Quarters' }),
    ], 'Quarters');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toBe('the two sides of "-" have different units: dollar/quarter and "fixed cost" in "Million Dollars"');
  });

  it('a flow must move its stock’s units per time unit of the run', () => {
    const warnings = unitWarnings(
      [stock('Cash', '10', { inflows: ['income'], outflows: ['spending'], units: '$M' }), flow('income', '1', { units: '$M/quarter' }), flow('spending', '1', { units: '$M' })],
      'Quarters',
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ variable: 'Cash' });
    expect(warnings[0]!.message).toBe('the flow "spending" is in "$M", but a flow of this stock (in "$M") should be in dollar/quarter, stock units per "Quarters"');
  });

  it('says nothing where a side has no declared units or units it cannot read', () => {
    expect(
      unitWarnings([
        aux('declared', '1', { units: 'widgets' }),
        aux('undeclared', '2'),
        aux('unreadable', '3', { units: 'widgets //' }),
        aux('sum', 'declared + undeclared + unreadable + 4'),
        aux('unknown function', 'declared + EXP(undeclared) + TREND(declared, 2)'),
      ]),
    ).toEqual([]);
  });

  it('more than 50 mismatches end with one summary warning', () => {
    const variables: VariableInput[] = [aux('a', '1', { units: 'apples' }), aux('b', '1', { units: 'oranges' })];
    for (let i = 0; i < 60; i++) variables.push(aux(`mix ${i}`, 'a + b'));
    const warnings = unitWarnings(variables);
    expect(warnings).toHaveLength(51);
    expect(warnings[50]!.message).toBe('10 more unit mismatches are not listed');
  });

  it('a sum of 30,000 terms with units is checked without overflowing the stack', () => {
    // How fast is measured by `npm run bench` ("Hostile and large inputs").
    const warnings = unitWarnings([aux('x', '2', { units: 'widgets' }), aux('y', '1', { units: 'days' }), aux('total', `${Array.from({ length: 30_000 }, () => 'x').join('+')}+y`)]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/widget and "y" in "days"/);
  });
});

describe('unit warnings on the shipped models', () => {
  const ROOT = resolve(import.meta.dirname, '../..');
  const SUITE = resolve(ROOT, '../shared/conformance/sdxorg');
  const suiteFiles = readdirSync(SUITE)
    .map((name) => join(SUITE, name))
    .filter((path) => statSync(path).isDirectory())
    .flatMap((directory) => readdirSync(directory).filter((file) => /\.(xmile|stmx)$/.test(file)).map((file) => join(directory, file)));
  const caseFiles = readdirSync(join(ROOT, 'scenarios'))
    .map((name) => join(ROOT, 'scenarios', name, 'model.xmile'))
    .filter((path) => statSync(path, { throwIfNoEntry: false })?.isFile());

  it('the case models and every conformance model declare consistent units', () => {
    expect(caseFiles.length).toBeGreaterThanOrEqual(2);
    const warnings = [...caseFiles, ...suiteFiles].flatMap((path) => {
      const result = compileModel(readFileSync(path, 'utf8'), { fileName: path });
      return result.warnings.filter((warning) => warning.code === 'units').map(formatModelError);
    });
    expect(warnings).toEqual([]);
  });

  it('a case model with one flow’s units broken is caught (the check really runs on them)', () => {
    const path = caseFiles.find((file) => file.includes('pg-walmart')) ?? caseFiles[0]!;
    const source = readFileSync(path, 'utf8');
    const broken = source.replace(/<units>Million Cases\/Months<\/units>/, '<units>Million Cases</units>');
    expect(broken).not.toBe(source);
    const result = compileModel(broken, { fileName: 'broken.xmile' });
    expect(result.warnings.filter((warning) => warning.code === 'units').length).toBeGreaterThan(0);
  });
});
