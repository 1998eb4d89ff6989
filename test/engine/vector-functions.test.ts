import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/index.ts';
import { aux, xmile, type DimensionInput, type VariableInput } from '../helpers/xmile-builder.ts';
import { simulateEverywhere } from '../helpers/every-backend.ts';

/**
 * Vensim's vector functions as xmutil writes them into XMILE, with SDEverywhere's `vector` test
 * model (its Vensim output, vector.dat, gives the expected values), and XMILE's RANK.
 */
const dimensions: DimensionInput[] = [
  { name: 'DimA', elements: ['A1', 'A2', 'A3'] },
  { name: 'DimB', elements: ['B1', 'B2'] },
  { name: 'DimX', elements: ['one', 'two', 'three', 'four', 'five'] },
];

const grid = (name: string, values: readonly number[]): VariableInput =>
  aux(name, '', {
    dimensions: ['DimA', 'DimB'],
    elements: ['A1', 'A2', 'A3'].flatMap((a, i) => ['B1', 'B2'].map((b, j) => ({ subscript: `${a}, ${b}`, eqn: String(values[i * 2 + j]) }))),
  });

const model = xmile(
  { stop: 1, dt: 1 },
  [
    aux('ASCENDING', '1'),
    aux('VSSUM', '0'),
    aux('VSMAX', '3'),
    aux('VSERRNONE', '0'),
    aux('a', '0, 1, 1', { dimensions: ['DimA'] }),
    aux('b', '1, 2', { dimensions: ['DimB'] }),
    aux('c', '10 + VECTOR ELM MAP(b[B1], a[DimA])', { dimensions: ['DimA'] }),
    grid('d', [1, 4, 2, 5, 3, 6]),
    grid('e', [0, 1, 1, 0, 0, 1]),
    aux('f', 'VECTOR ELM MAP(d[DimA, B1], a[DimA])', { dimensions: ['DimA', 'DimB'] }),
    aux('g', 'VECTOR ELM MAP(d[DimA, B1], e[DimA, DimB])', { dimensions: ['DimA', 'DimB'] }),
    aux('h', '2100, 2010, 2020', { dimensions: ['DimA'] }),
    aux('l', 'VECTOR SORT ORDER(h[DimA], ASCENDING)', { dimensions: ['DimA'] }),
    aux('m', 'VECTOR SORT ORDER(h[DimA], 0)', { dimensions: ['DimA'] }),
    grid('o', [1, 2, 4, 3, 5, 5]),
    aux('p', 'VECTOR SORT ORDER(o[DimA, DimB], ASCENDING)', { dimensions: ['DimA', 'DimB'] }),
    aux('q', 'VECTOR SELECT(e[*:DimA, DimB], c[*:DimA], 0, VSSUM, VSERRNONE)', { dimensions: ['DimB'] }),
    aux('r', 'VECTOR SELECT(e[DimA, *], d[DimA, *], -1e+38, VSMAX, VSERRNONE)', { dimensions: ['DimA'] }),
    aux('x', '1, 2, 3, 4, 5', { dimensions: ['DimX'] }),
    aux('y', 'VECTOR ELM MAP(x[three], (DimA - 1))', { dimensions: ['DimA'] }),
  ],
  { dimensions, vendor: 'Ventana Systems, xmutil', product: 'Vensim, xmutil' },
);

const row = (run: ReturnType<typeof simulateEverywhere>, id: string, elements: readonly string[]): number[] => elements.map((element) => run.at(`${id}[${element}]`, 0));
const aElements = ['A1', 'A2', 'A3'];
const gridElements = aElements.flatMap((a) => ['B1', 'B2'].map((b) => `${a},${b}`));

describe('VECTOR ELM MAP', () => {
  it('counts the offset from the element named, through the whole variable (vector.dat: c = 11, 12, 12; y = 3, 4, 5)', () => {
    const run = simulateEverywhere(model);
    expect(row(run, 'c', aElements)).toEqual([11, 12, 12]);
    expect(row(run, 'y', aElements)).toEqual([3, 4, 5]);
  });

  it('in two dimensions the offset steps the last subscript, then the rows (vector.dat: f = 1, 1, 5, 5, 6, 6; g = 1, 4, 5, 2, 3, 6)', () => {
    const run = simulateEverywhere(model);
    expect(row(run, 'f', gridElements)).toEqual([1, 1, 5, 5, 6, 6]);
    expect(row(run, 'g', gridElements)).toEqual([1, 4, 5, 2, 3, 6]);
  });

  it('an offset outside the variable gives :NA: (Vensim reference), NaN here, with a warning', () => {
    const result = compileModel(xmile({ stop: 1, dt: 1 }, [aux('x', '1, 2, 3', { dimensions: ['DimA'] }), aux('past', 'VECTOR ELM MAP(x[A3], 1)'), aux('before', 'VECTOR ELM MAP(x[A1], -1)')], { dimensions }));
    if (!result.ok) throw new Error(result.errors[0]!.message);
    const run = result.model.run();
    expect(Number.isNaN(run.series.get('past')![0])).toBe(true);
    expect(Number.isNaN(run.series.get('before')![0])).toBe(true);
    expect(run.warnings.map((warning) => warning.variable).sort()).toEqual(['before', 'past']);
  });
});

describe('VECTOR SORT ORDER', () => {
  it('gives the 0-based position of the value that sorts first, second, … (vector.dat: l = 1, 2, 0 ascending; m = 0, 2, 1 descending)', () => {
    const run = simulateEverywhere(model);
    expect(row(run, 'l', aElements)).toEqual([1, 2, 0]);
    expect(row(run, 'm', aElements)).toEqual([0, 2, 1]);
  });

  it('sorts each row along the last dimension, ties in order (vector.dat: p = 0, 1, 1, 0, 0, 1)', () => {
    expect(row(simulateEverywhere(model), 'p', gridElements)).toEqual([0, 1, 1, 0, 0, 1]);
  });

  it('an equation not arrayed over the sorted dimension is explained', () => {
    const result = compileModel(xmile({ stop: 1 }, [aux('h', '3, 1, 2', { dimensions: ['DimA'] }), aux('lone', 'VECTOR SORT ORDER(h, 1)')], { dimensions }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.message).toMatch(/one place per element .* must be arrayed over it/);
  });
});

describe('VECTOR SELECT', () => {
  it('weighs the selected values and sums or takes the largest (vector.dat: q = 12, 23; r = 4, 2, 6)', () => {
    const run = simulateEverywhere(model);
    expect(row(run, 'q', ['B1', 'B2'])).toEqual([12, 23]);
    expect(row(run, 'r', aElements)).toEqual([4, 2, 6]);
  });

  it('every numerical action of the Vensim reference, and the missing value when nothing is selected', () => {
    const actions = Array.from({ length: 11 }, (_, action) => aux(`action ${action}`, `VECTOR SELECT(sel[*], val[*], -1, ${action}, 0)`));
    const run = simulateEverywhere(
      xmile({ stop: 1, dt: 1 }, [aux('sel', '2, 0, 1', { dimensions: ['DimA'] }), aux('val', '3, 7, 5', { dimensions: ['DimA'] }), aux('none', 'VECTOR SELECT(sel[*] * 0, val[*], -1, 0, 0)'), ...actions], { dimensions }),
    );
    // Selected: A1 (weight 2, value 3) and A3 (weight 1, value 5).
    const expected = [6 + 5, 6 * 5, 5, 6, 11 / 2, 2 ** 3 * 1 ** 5, 8, 15, 3, 5, 4];
    expected.forEach((value, action) => expect(run.at(`action ${action}`, 0), `action ${action}`).toBe(value));
    expect(run.at('none', 0)).toBe(-1);
  });

  it('error actions turn no selection (1), more than one (2) or either (3) into NaN', () => {
    const run = simulateEverywhere(
      xmile({ stop: 1, dt: 1 }, [
        aux('sel', '2, 0, 1', { dimensions: ['DimA'] }),
        aux('val', '3, 7, 5', { dimensions: ['DimA'] }),
        aux('empty 1', 'VECTOR SELECT(sel[*] * 0, val[*], -1, 0, 1)'),
        aux('two 2', 'VECTOR SELECT(sel[*], val[*], -1, 0, 2)'),
        aux('one 3', 'VECTOR SELECT(IF sel[*] = 1 THEN 1 ELSE 0, val[*], -1, 0, 3)'),
      ], { dimensions }),
    );
    expect(Number.isNaN(run.at('empty 1', 0))).toBe(true);
    expect(Number.isNaN(run.at('two 2', 0))).toBe(true);
    expect(run.at('one 3', 0)).toBe(5);
  });

  it('the numerical action must be known when the model is read', () => {
    const result = compileModel(xmile({ stop: 1 }, [aux('v', '1, 2, 3', { dimensions: ['DimA'] }), aux('bad', 'VECTOR SELECT(v[*], v[*], 0, TIME, 0)')], { dimensions }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.message).toMatch(/numerical action of VECTOR SELECT must be a number or a constant/);
  });
});

describe('RANK (XMILE 1.0 §3.7.1.3)', () => {
  it('RANK(A, 1) is the index of the smallest value; RANK(A, SIZE(A)) of the largest', () => {
    const run = simulateEverywhere(
      xmile({ stop: 1, dt: 1 }, [aux('A', '20, 5, 40', { dimensions: ['DimA'] }), aux('smallest', 'RANK(A, 1)'), aux('largest', 'RANK(A, SIZE(A))'), aux('second', 'RANK(A[*], 2)')], { dimensions }),
    );
    expect([run.at('smallest', 0), run.at('largest', 0), run.at('second', 0)]).toEqual([2, 3, 1]);
  });
});
