import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/index.ts';
import { aux, flow, stock, xmile, type DimensionInput } from '../helpers/xmile-builder.ts';
import { compileOrThrow, simulate, trajectory } from '../helpers/run-model.ts';
import { simulateEverywhere } from '../helpers/every-backend.ts';

const region: DimensionInput = { name: 'Region', elements: ['North', 'South', 'East'] };
const product: DimensionInput = { name: 'Product', elements: ['A', 'B'] };
const dimensions = [region, product];

/** base[North] = 1, base[South] = 2, base[East] = 4, defined element by element. */
const base = aux('base', '', {
  dimensions: ['Region'],
  elements: [
    { subscript: 'North', eqn: '1' },
    { subscript: 'South', eqn: '2' },
    { subscript: 'East', eqn: '4' },
  ],
});

describe('arrays: definitions', () => {
  const run = simulate(
    xmile({ stop: 1 }, [
      base,
      aux('doubled', 'base * 2', { dimensions: ['Region'] }),
      aux('shifted', 'base[Region] + TIME', { dimensions: ['Region'] }),
      aux('listed', '10, 20, 30', { dimensions: ['Region'] }),
      aux('grid', '', {
        dimensions: ['Region', 'Product'],
        elements: [
          { subscript: 'North, A', eqn: '11' },
          { subscript: 'North, B', eqn: '12' },
          { subscript: 'South, A', eqn: '21' },
          { subscript: 'South, B', eqn: '22' },
          { subscript: 'East, A', eqn: '31' },
          { subscript: 'East, B', eqn: '32' },
        ],
      }),
      aux('up', 'base[Region] * 10', { dimensions: ['Region', 'Product'] }),
      aux('upPlain', 'base + 100', { dimensions: ['Region', 'Product'] }),
      aux('picked', 'base[South] + grid[East, B]'),
    ], { dimensions }),
  );
  const values = (id: string, subscripts: readonly string[]): number[] => subscripts.map((s) => run.at(`${id}[${s}]`, 0));

  it('defines elements one by one with <element subscript>', () => {
    expect(values('base', ['north', 'south', 'east'])).toEqual([1, 2, 4]);
  });

  it('applies one equation to all elements, element-wise', () => {
    expect(values('doubled', ['north', 'south', 'east'])).toEqual([2, 4, 8]);
    expect(run.series('shifted[east]')).toEqual([4, 5]);
  });

  it('reads a constant list as one value per element', () => {
    expect(values('listed', ['north', 'south', 'east'])).toEqual([10, 20, 30]);
  });

  it('holds two-dimensional arrays in row-major order, addressed by element names', () => {
    const ids = run.result.outputs.filter((o) => o.variable === 'grid').map((o) => o.id);
    expect(ids).toEqual(['grid[north,a]', 'grid[north,b]', 'grid[south,a]', 'grid[south,b]', 'grid[east,a]', 'grid[east,b]']);
    expect(ids.map((id) => run.at(id, 0))).toEqual([11, 12, 21, 22, 31, 32]);
    expect(run.at('picked', 0)).toBe(2 + 32);
  });

  it('updimensions: a one-dimensional array repeats along the new dimension', () => {
    expect(values('up', ['north,a', 'north,b', 'south,a', 'south,b', 'east,a', 'east,b'])).toEqual([10, 10, 20, 20, 40, 40]);
    expect(values('upPlain', ['north,a', 'east,b'])).toEqual([101, 104]);
  });
});

describe('arrays: reductions', () => {
  const run = simulate(
    xmile({ stop: 1 }, [
      base,
      aux('offset', '0, 1', { dimensions: ['Product'] }),
      aux('grid', 'base[Region] * 10 + offset[Product]', { dimensions: ['Region', 'Product'] }),
      aux('sumStar', 'SUM(base[*])'),
      aux('sumPlain', 'SUM(base)'),
      aux('meanStar', 'MEAN(base[*])'),
      aux('minStar', 'MIN(base[*])'),
      aux('maxPlain', 'MAX(base)'),
      aux('sizeStar', 'SIZE(base[*])'),
      aux('sdStar', 'STDDEV(base[*])'),
      aux('sumGrid', 'SUM(grid[*, *])'),
      aux('rowSum', 'SUM(grid[Region, *])', { dimensions: ['Region'] }),
      aux('northSum', 'SUM(grid[North, *])'),
      aux('share', 'base / SUM(base[*])', { dimensions: ['Region'] }),
    ], { dimensions }),
  );

  it('SUM, MEAN, MIN, MAX and SIZE over a dimension, with x[*] or the plain name', () => {
    expect(run.at('sumStar', 0)).toBe(7);
    expect(run.at('sumPlain', 0)).toBe(7);
    expect(run.at('meanStar', 0)).toBe(7 / 3);
    expect(run.at('minStar', 0)).toBe(1);
    expect(run.at('maxPlain', 0)).toBe(4);
    expect(run.at('sizeStar', 0)).toBe(3);
  });

  it('STDDEV is the population standard deviation', () => {
    const m = 7 / 3;
    expect(run.at('sdStar', 0)).toBeCloseTo(Math.sqrt(((1 - m) ** 2 + (2 - m) ** 2 + (4 - m) ** 2) / 3), 14);
  });

  it('sums two dimensions, one row at a time, or one named row', () => {
    // grid = [[10, 11], [20, 21], [40, 41]]
    expect(run.at('sumGrid', 0)).toBe(143);
    expect(['north', 'south', 'east'].map((r) => run.at(`rowSum[${r}]`, 0))).toEqual([21, 41, 81]);
    expect(run.at('northSum', 0)).toBe(21);
  });

  it('mixes a reduction with element-wise arithmetic', () => {
    expect(['north', 'south', 'east'].map((r) => run.at(`share[${r}]`, 0))).toEqual([1 / 7, 2 / 7, 4 / 7]);
  });

  it.each(['vm', 'codegen'] as const)('SUM and MAX over 20,000 elements compile and run (%s back end)', (backend) => {
    const model = compileOrThrow(
      xmile({ stop: 1 }, [aux('cells', '1 + 0 * TIME', { dimensions: ['Cell'] }), aux('total', 'SUM(cells[*])'), aux('largest', 'MAX(cells[*])')], {
        dimensions: [{ name: 'Cell', size: 20_000 }],
      }),
      { backend },
    );
    const result = trajectory(model, { outputs: ['total', 'largest'] });
    expect(result.series('total')).toEqual([20_000, 20_000]);
    expect(result.series('largest')).toEqual([1, 1]);
  });
});

describe('arrays: iterating a dimension inside an array function (Dim!, *:Dim)', () => {
  const sumModel = xmile(
    { stop: 1 },
    [
      aux('b 2', '', { dimensions: ['SubA'], elements: [{ subscript: 'A2', eqn: '4' }, { subscript: 'A3', eqn: '5' }] }),
      aux('a 2', '', { dimensions: ['SubA'], elements: [{ subscript: 'A2', eqn: '1' }, { subscript: 'A3', eqn: '2' }] }),
      aux('b', '4, 5, 6', { dimensions: ['DimA'] }),
      aux('k', 'SUM(b_2[*:SubA])', { dimensions: ['SubA'] }),
      aux('l', 'a_2[SubA] / SUM(b_2[*:SubA])', { dimensions: ['SubA'] }),
      aux('bang', 'SUM(b_2[SubA!])', { dimensions: ['SubA'] }),
      aux('sub of whole', 'SUM(b[SubA!])', { dimensions: ['SubA'] }),
    ],
    { dimensions: [{ name: 'SubA', elements: ['A2', 'A3'] }, { name: 'DimA', elements: ['A1', 'A2', 'A3'] }] },
  );

  it('sums the whole dimension in every element of an equation arrayed over it (SDEverywhere sum model, sum.dat: k[A2] = k[A3] = 9)', () => {
    const run = simulateEverywhere(sumModel);
    expect([run.at('k[A2]', 0), run.at('k[A3]', 0)]).toEqual([9, 9]);
    expect([run.at('bang[A2]', 0), run.at('bang[A3]', 0)]).toEqual([9, 9]);
    expect([run.at('l[A2]', 0), run.at('l[A3]', 0)]).toEqual([1 / 9, 2 / 9]);
  });

  it('a subrange iterates the matching elements of the whole dimension, by name', () => {
    expect(simulateEverywhere(sumModel).at('sub of whole[A2]', 0)).toBe(5 + 6);
  });
});

describe('arrays: dimensions and elements used as numbers', () => {
  const location: DimensionInput = { name: 'Location', elements: ['Boston', 'Los Angeles', 'SF'] };

  it('Dim.Elem is the element’s position (XMILE 1.0 §3.7.1; Stella’s output of Simlin’s subscript_index_name_values: a = 1, b = 2, c = 3)', () => {
    const run = simulateEverywhere(
      xmile({ stop: 1, dt: 1 }, [aux('a', 'Location.Boston'), aux('b', 'Location.Los_Angeles'), aux('c', 'Location.SF * Location.Boston')], { dimensions: [location] }),
    );
    expect([run.at('a', 0), run.at('b', 0), run.at('c', 0)]).toEqual([1, 2, 3]);
  });

  it('SIZE(Dim) and Vensim’s ELMCOUNT(Dim) count the elements (SDEverywhere elmcount.dat: 10 * SIZE(DimA) + a = 31)', () => {
    const run = simulateEverywhere(
      xmile({ stop: 1, dt: 1 }, [aux('a', '1'), aux('b', '10 * SIZE(DimA) + a'), aux('c', 'ELMCOUNT(DimA)'), aux('per element', 'SIZE(DimA)', { dimensions: ['DimA'] })], {
        dimensions: [{ name: 'DimA', elements: ['A1', 'A2', 'A3'] }],
      }),
    );
    expect([run.at('b', 0), run.at('c', 0), run.at('per element[A2]', 0)]).toEqual([31, 3, 3]);
  });

  it('a dimension’s name in an equation arrayed over it is the position of the element computed (SDEverywhere subscript.dat: IF DimA = Selected_A)', () => {
    const run = simulateEverywhere(
      xmile({ stop: 1, dt: 1 }, [aux('Selected A', '2'), aux('r', 'IF DimA = Selected_A THEN 1 ELSE 0', { dimensions: ['DimA'] }), aux('shifted', 'DimA - 1', { dimensions: ['DimA'] })], {
        dimensions: [{ name: 'DimA', elements: ['A1', 'A2', 'A3'] }],
      }),
    );
    expect(['A1', 'A2', 'A3'].map((element) => run.at(`r[${element}]`, 0))).toEqual([0, 1, 0]);
    expect(['A1', 'A2', 'A3'].map((element) => run.at(`shifted[${element}]`, 0))).toEqual([0, 1, 2]);
  });
});

describe('arrays: subscripts computed while the model runs', () => {
  const letters: DimensionInput = { name: 'letters', elements: ['a', 'b', 'c', 'd', 'e'] };

  it('aux[INT(TIME MOD 5) + 1] picks the element of that position (Stella 1.9.4 output of Simlin’s arrays model: 9 until 1, then 7, 5, 3, 1, 9)', () => {
    const run = simulateEverywhere(
      xmile({ stop: 6, dt: 0.25 }, [aux('aux', '9, 7, 5, 3, 1', { dimensions: ['letters'] }), aux('picked', 'aux[INT(TIME MOD 5) + 1]')], { dimensions: [letters] }),
    );
    expect([0, 0.75, 1, 2, 3, 4, 4.75, 5, 6].map((t) => run.at('picked', t))).toEqual([9, 9, 7, 5, 3, 1, 1, 9, 7]);
  });

  it('a computed subscript outside the dimension gives 0 (XMILE 1.0 §3.7.1), and a fraction is cut down', () => {
    const run = simulateEverywhere(
      xmile({ stop: 8, dt: 1 }, [aux('aux', '9, 7, 5, 3, 1', { dimensions: ['letters'] }), aux('picked', 'aux[TIME - 1]'), aux('fraction', 'aux[2.7 + TIME * 0]')], { dimensions: [letters] }),
    );
    expect(run.series('picked')).toEqual([0, 0, 9, 7, 5, 3, 1, 0, 0]);
    expect(run.at('fraction', 0)).toBe(7);
  });

  it('in two dimensions, with the other subscript fixed or computed too', () => {
    const run = simulateEverywhere(
      xmile({ stop: 3, dt: 1 }, [
        aux('grid', '11, 12, 13; 21, 22, 23', { dimensions: ['Row', 'Column'] }),
        aux('row two', 'grid[2, TIME + 1]'),
        aux('both', 'grid[TIME, TIME]'),
      ], { dimensions: [{ name: 'Row', size: 2 }, { name: 'Column', size: 3 }] }),
    );
    expect(run.series('row two')).toEqual([21, 22, 23, 0]);
    expect(run.series('both')).toEqual([0, 11, 22, 0]);
  });
});

describe('arrays: ranges lo:hi inside array functions (XMILE 1.0 §3.7.1.2)', () => {
  const letters: DimensionInput = { name: 'letters', elements: ['a', 'b', 'c', 'd', 'e'] };
  const model = xmile({ stop: 2, dt: 1 }, [
    aux('x', '1, 2, 4, 8, 16', { dimensions: ['letters'] }),
    aux('by position', 'SUM(x[2:4])'),
    aux('by name', 'SUM(x[b:d])'),
    aux('lo', '2'),
    aux('hi', '4'),
    aux('computed', 'SUM(x[lo:hi])'),
    aux('moving', 'SUM(x[TIME + 1:TIME + 2])'),
    aux('stats', 'MEAN(x[lo:hi]) * 1000 + MIN(x[lo:hi]) * 100 + MAX(x[lo:hi]) + SIZE(x[lo:hi]) / 10'),
    aux('spread', 'STDDEV(x[lo:hi])'),
  ], { dimensions: [letters] });

  it('sums the elements from one position or element to another (A[1:3] in the spec), with bounds known or computed', () => {
    const run = simulateEverywhere(model);
    expect([run.at('by position', 0), run.at('by name', 0), run.at('computed', 0)]).toEqual([14, 14, 14]);
    expect(run.series('moving')).toEqual([3, 6, 12]);
  });

  it('MEAN, MIN, MAX, SIZE and STDDEV count only the elements in a computed range', () => {
    const run = simulateEverywhere(model);
    expect(run.at('stats', 0)).toBeCloseTo((14 / 3) * 1000 + 2 * 100 + 8 + 0.3, 9);
    const mean = 14 / 3;
    expect(run.at('spread', 0)).toBeCloseTo(Math.sqrt(((2 - mean) ** 2 + (4 - mean) ** 2 + (8 - mean) ** 2) / 3), 12);
  });

  it('computed bounds follow a new value of their constant without recompiling (Simlin’s dynamic-range model: SUM(source[lo:hi]))', () => {
    const compiled = compileOrThrow(model);
    expect(compiled.run({ overrides: { lo: 1, hi: 5 } }).series.get('computed')![0]).toBe(31);
    expect(compiled.run({ overrides: { lo: 4, hi: 4 } }).series.get('computed')![0]).toBe(8);
  });

  it('a range outside an array function, or running backwards, is explained', () => {
    const outside = compileModel(xmile({ stop: 1 }, [aux('x', '1, 2, 4, 8, 16', { dimensions: ['letters'] }), aux('y', 'x[2:4]')], { dimensions: [letters] }));
    expect(outside.ok).toBe(false);
    if (!outside.ok) expect(outside.errors[0]!.message).toMatch(/range .* can only be used inside an array function/);
    const backwards = compileModel(xmile({ stop: 1 }, [aux('x', '1, 2, 4, 8, 16', { dimensions: ['letters'] }), aux('y', 'SUM(x[4:2])')], { dimensions: [letters] }));
    expect(backwards.ok).toBe(false);
    if (!backwards.ok) expect(backwards.errors[0]!.message).toMatch(/must run forward within "letters"/);
  });
});

describe('arrays: a matrix over one dimension twice (subscript switching)', () => {
  // SDXorg test-models subscript_switching (Vensim DSS output.tab): a 5 × 5 transition matrix
  // over Cats × Cats, read per row with *:dummy (a second dimension of the same elements).
  const rows = [
    [0, 0.3, 0.2, 0.4, 0.1],
    [0.1, 0, 0.3, 0.2, 0.4],
    [0.3, 0.4, 0, 0.1, 0.2],
    [0.2, 0.1, 0.4, 0, 0.3],
    [0.4, 0.2, 0.1, 0.3, 0],
  ];
  const cats = ['c1', 'c2', 'c3', 'c4', 'c5'];
  const model = xmile(
    { stop: 2, dt: 1 },
    [
      aux('Transition Matrix', '', {
        dimensions: ['Cats', 'Cats'],
        elements: rows.flatMap((row, i) => row.map((value, j) => ({ subscript: `${cats[i]}, ${cats[j]}`, eqn: String(value) }))),
      }),
      aux('Initial Categories', '1, 0, 0, 0, 0', { dimensions: ['Cats'] }),
      aux('Gain', '0.1'),
      flow('Switching Out', 'Gain * SUM(Transition_Matrix[Cats, *:dummy] * Categories[Cats])', { dimensions: ['Cats'] }),
      flow('Switching In', 'Gain * SUM(Transition_Matrix[*, dummy] * Categories[*])', { dimensions: ['dummy'] }),
      stock('Categories', 'Initial_Categories[Cats]', { dimensions: ['Cats'], inflows: ['Switching_In'], outflows: ['Switching_Out'] }),
      aux('all pairs', 'SUM(Transition_Matrix[*, *])'),
    ],
    { dimensions: [{ name: 'Cats', elements: cats }, { name: 'dummy', elements: cats }] },
  );

  it('each element of the matrix keeps its own equation, and the flows match the canonical output', () => {
    const run = simulateEverywhere(model);
    expect(run.at('Transition Matrix[c1,c2]', 0)).toBe(0.3);
    expect(run.at('Transition Matrix[c2,c1]', 0)).toBe(0.1);
    // output.tab at time 0: Switching Out[c1] = 0.1; Switching In = 0, 0.03, 0.02, 0.04, 0.01.
    expect(run.at('Switching Out[c1]', 0)).toBeCloseTo(0.1, 12);
    expect(cats.map((c) => run.at(`Switching In[${c}]`, 0))).toEqual([0, 0.03, 0.02, 0.04, 0.01].map((v) => expect.closeTo(v, 12)));
    // output.tab at time 1: Categories = 0.9, 0.03, 0.02, 0.04, 0.01; at time 2, c1 = 0.8121.
    expect(cats.map((c) => run.at(`Categories[${c}]`, 1))).toEqual([0.9, 0.03, 0.02, 0.04, 0.01].map((v) => expect.closeTo(v, 12)));
    expect(run.at('Categories[c1]', 2)).toBeCloseTo(0.8121, 12);
  });

  it('two wildcards over the repeated dimension cover every pair', () => {
    expect(simulateEverywhere(model).at('all pairs', 0)).toBeCloseTo(5, 12);
  });
});

describe('arrays: subscripted stocks and flows', () => {
  const run = simulate(
    xmile({ stop: 3, dt: 0.5 }, [
      stock('Stock A', 'base', { dimensions: ['Region'], inflows: ['growth'], outflows: ['loss'] }),
      flow('growth', 'Stock_A * rate', { dimensions: ['Region'] }),
      flow('loss', '', {
        dimensions: ['Region'],
        elements: [
          { subscript: 'North', eqn: '0' },
          { subscript: 'South', eqn: '0' },
          { subscript: 'East', eqn: '1' },
        ],
      }),
      aux('rate', '0.1, 0.2, 0', { dimensions: ['Region'] }),
      base,
      aux('total stock', 'SUM(Stock_A[*])'),
    ], { dimensions }),
  );

  it('each element integrates its own flows', () => {
    run.time.forEach((t, row) => {
      const steps = t / 0.5;
      expect(run.series('stock_a[north]')[row]).toBeCloseTo(1 * 1.05 ** steps, 12);
      expect(run.series('stock_a[south]')[row]).toBeCloseTo(2 * 1.1 ** steps, 12);
      expect(run.series('stock_a[east]')[row]).toBeCloseTo(4 - t, 12);
    });
  });

  it('a sum over the arrayed stock follows the elements', () => {
    run.time.forEach((_, row) => {
      const elements = ['north', 'south', 'east'].map((r) => run.series(`stock_a[${r}]`)[row]!);
      expect(run.series('total_stock')[row]).toBeCloseTo(elements[0]! + elements[1]! + elements[2]!, 12);
    });
  });
});

describe('arrays: sized dimensions and labels', () => {
  it('a dimension given as size="3" has elements 1, 2, 3', () => {
    const run = simulate(
      xmile({ stop: 1 }, [
        aux('n', '', { dimensions: ['N'], elements: [{ subscript: '1', eqn: '5' }, { subscript: '2', eqn: '6' }, { subscript: '3', eqn: '7' }] }),
        aux('second', 'n[2]'),
        aux('total', 'SUM(n[*])'),
      ], { dimensions: [{ name: 'N', size: 3 }] }),
    );
    expect(run.result.outputs.filter((o) => o.variable === 'n').map((o) => o.label)).toEqual(['n[1]', 'n[2]', 'n[3]']);
    expect(run.at('second', 0)).toBe(6);
    expect(run.at('total', 0)).toBe(18);
  });

  it('labels elements as people wrote them and accepts those labels back', () => {
    const model = compileOrThrow(
      xmile({ stop: 2 }, [stock('Stock A', 'Rate', { dimensions: ['Entry'], inflows: ['adding'] }), flow('adding', 'Rate', { dimensions: ['Entry'] }), aux('Rate', '1, 2', { dimensions: ['Entry'] })], {
        dimensions: [{ name: 'Entry', elements: ['Entry 1', 'Entry 2'] }],
      }),
    );
    const stockOutputs = model.outputs.filter((o) => o.variable === 'stock_a');
    expect(stockOutputs.map((o) => [o.id, o.label, o.kind])).toEqual([
      ['stock_a[entry_1]', 'Stock A[Entry 1]', 'stock'],
      ['stock_a[entry_2]', 'Stock A[Entry 2]', 'stock'],
    ]);
    expect(model.parameters.map((p) => p.label)).toEqual(['Rate[Entry 1]', 'Rate[Entry 2]']);
    const run = trajectory(model, { overrides: { 'Rate[Entry 2]': 5 }, outputs: ['Stock A[Entry 1]', 'Stock A[Entry 2]'] });
    expect(run.series('stock_a[entry_1]')).toEqual([1, 2, 3]);
    expect(run.series('stock_a[entry_2]')).toEqual([5, 10, 15]);
  });
});

describe('arrays: mistakes are explained', () => {
  it('an arrayed name in a scalar equation points to SUM or an element', () => {
    const result = compileModel(xmile({ stop: 1 }, [base, aux('scalar', 'base * 2')], { dimensions }), { fileName: 'arrays.xmile' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ code: 'dimension', variable: 'scalar', file: 'arrays.xmile', equation: 'base * 2' });
    expect(result.errors[0]!.message).toMatch(/base\[North\].*SUM/);
  });

  it('an undefined dimension and an unknown element are named', () => {
    const undefinedDimension = compileModel(xmile({ stop: 1 }, [aux('x', '1', { dimensions: ['Planet'] })], { dimensions }));
    expect(undefinedDimension.ok).toBe(false);
    if (!undefinedDimension.ok) expect(undefinedDimension.errors[0]!.message).toMatch(/dimension "Planet", which the file does not define/);
    const unknownElement = compileModel(xmile({ stop: 1 }, [base, aux('x', 'base[West]')], { dimensions }));
    expect(unknownElement.ok).toBe(false);
    if (!unknownElement.ok) {
      expect(unknownElement.errors[0]!.message).toMatch(/subscript of "base" must be an element of "Region" \(North, South, East\)/);
      expect(unknownElement.errors[0]).toMatchObject({ variable: 'x', equation: 'base[West]', position: 5 });
    }
  });
});
