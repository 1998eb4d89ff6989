import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/index.ts';
import { aux, flow, gf, stock, xmile, type VariableInput } from '../helpers/xmile-builder.ts';
import { compileOrThrow, identical, isClose, mean, simulate, standardDeviation, trajectory } from '../helpers/run-model.ts';
import { simulateEverywhere } from '../helpers/every-backend.ts';

/** Value of each equation at the start time of a one-step run. */
function evaluate(equations: Record<string, string>, extra: readonly VariableInput[] = []): Record<string, number> {
  const run = simulate(xmile({ stop: 1, dt: 1 }, [...Object.entries(equations).map(([name, eqn]) => aux(name, eqn)), ...extra]));
  return Object.fromEntries(Object.keys(equations).map((name) => [name, run.series(name)[0]!]));
}

/** P(Binomial(n, p) >= k): the step response of k cascaded Euler first-order stages, n steps after the step. */
function binomialTail(n: number, p: number, k: number): number {
  let below = 0;
  let coefficient = 1;
  for (let j = 0; j < k && j <= n; j++) {
    below += coefficient * p ** j * (1 - p) ** (n - j);
    coefficient = (coefficient * (n - j)) / (j + 1);
  }
  return 1 - below;
}

describe('arithmetic and operator precedence', () => {
  it('follows XMILE precedence: ^ binds tightest and is right-associative, then unary minus', () => {
    const v = evaluate({
      tower: '2^3^2',
      negSquare: '-2^2',
      parenNeg: '(-2)^2',
      unaryParen: '-(3 + 4)',
      unaryName: '-five',
      timesNeg: '2 * -3',
      mixed: '- 2 ^ 2 * 3',
      leftSub: '10 - 2 - 3',
      leftDiv: '8 / 4 / 2',
      product: '2 + 3 * 4',
      grouped: '(2 + 3) * 4',
      starStar: '2 ** 3',
    }, [aux('five', '5')]);
    expect(v).toEqual({
      tower: 512,
      negSquare: -4,
      parenNeg: 4,
      unaryParen: -7,
      unaryName: -5,
      timesNeg: -6,
      mixed: -12,
      leftSub: 5,
      leftDiv: 1,
      product: 14,
      grouped: 20,
      starStar: 8,
    });
  });

  it('computes the elementary functions', () => {
    const v = evaluate({
      abs: 'ABS(-3.5)',
      sqrt: 'SQRT(16)',
      exp: 'EXP(1)',
      ln: 'LN(EXP(2))',
      log10: 'LOG10(1000)',
      sin: 'SIN(PI / 2)',
      cos: 'COS(PI)',
      tan: 'TAN(PI / 4)',
      arcsin: 'ARCSIN(1)',
      arccos: 'ARCCOS(1)',
      arctan: 'ARCTAN(1)',
      sinh: 'SINH(1)',
      cosh: 'COSH(0)',
      tanh: 'TANH(0)',
      sign: 'SIGN(-7)',
    });
    expect(v.abs).toBe(3.5);
    expect(v.sqrt).toBe(4);
    // The engine's portable (fdlibm) exp: the same bits on every JS engine, within 1 ulp of e.
    expect(Math.abs(v.exp! - Math.E)).toBeLessThanOrEqual(Number.EPSILON * Math.E);
    expect(v.ln).toBeCloseTo(2, 14);
    expect(v.log10).toBe(3);
    expect(v.sin).toBe(1);
    expect(v.cos).toBe(-1);
    expect(v.tan).toBeCloseTo(1, 14);
    expect(v.arcsin).toBe(Math.PI / 2);
    expect(v.arccos).toBe(0);
    expect(v.arctan).toBe(Math.PI / 4);
    expect(v.sinh).toBe(Math.sinh(1));
    expect(v.cosh).toBe(1);
    expect(v.tanh).toBe(0);
    expect(v.sign).toBe(-1);
  });

  it('gives MIN and MAX of two values and of a whole array', () => {
    const run = simulate(
      xmile({ stop: 1 }, [
        aux('values', '', { dimensions: ['Item'], elements: [{ subscript: 'a', eqn: '4' }, { subscript: 'b', eqn: '-2' }, { subscript: 'c', eqn: '9' }] }),
        aux('min2', 'MIN(3, 2)'),
        aux('max2', 'MAX(3, 7)'),
        aux('minAll', 'MIN(values[*])'),
        aux('maxAll', 'MAX(values)'),
      ], { dimensions: [{ name: 'Item', elements: ['a', 'b', 'c'] }] }),
    );
    expect([run.at('min2', 0), run.at('max2', 0), run.at('minAll', 0), run.at('maxAll', 0)]).toEqual([2, 7, -2, 9]);
  });

  it('INT is the floor (XMILE 1.0 §3.5.1: "next integer less than or equal to the given number"), and ROUND rounds halves away from zero', () => {
    const v = evaluate({ intNeg: 'INT(-9.5)', intPos: 'INT(9.7)', intWhole: 'INT(-3)', roundUp: 'ROUND(2.5)', roundNeg: 'ROUND(-2.5)', roundDown: 'ROUND(2.4)' });
    expect(v).toEqual({ intNeg: -10, intPos: 9, intWhole: -3, roundUp: 3, roundNeg: -3, roundDown: 2 });
  });

  it('INT(TIME) over negative times matches Stella 1.9.4 (SDXorg test-models builtin_int/output.tab: INT(-19.875) = -20)', () => {
    const run = simulateEverywhere(xmile({ start: -20, stop: -19, dt: 0.125 }, [aux('int clamped', 'INT(TIME)')]));
    // output.tab: -20 at every time from -20 to -19.125, then -19 at -19.
    expect(run.series('int clamped')).toEqual([-20, -20, -20, -20, -20, -20, -20, -20, -19]);
  });

  it('in a file Vensim wrote, INT is Vensim’s INTEGER and truncates (SDXorg rounding/output.tab, Vensim 7.3.4: INT(-9.9) = -9)', () => {
    const model = [aux('StockA', '-10 + TIME / 10'), aux('test integer', 'INT(StockA)'), aux('cut', 'INTEGER(-0.25)')];
    const vensim = simulateEverywhere(xmile({ stop: 2, dt: 1 }, model, { vendor: 'Ventana Systems, xmutil', product: 'Vensim, xmutil' }));
    expect(vensim.series('test integer')).toEqual([-10, -9, -9]);
    expect(vensim.series('cut')).toEqual([-0, -0, -0]);
    const stella = simulateEverywhere(xmile({ stop: 2, dt: 1 }, model, { vendor: 'isee systems, inc.', product: 'Stella Architect' }));
    expect(stella.series('test integer')).toEqual([-10, -10, -10]);
  });

  it('gives MOD the sign of the dividend, as an operator and as a function', () => {
    const v = evaluate({ negative: '-10 MOD 3', positive: '10 MOD 3', divisorNeg: '10 MOD -3', fn: 'MOD(7, 4)', fraction: '7.5 MOD 2' });
    expect(v).toEqual({ negative: -1, positive: 1, divisorNeg: 1, fn: 3, fraction: 1.5 });
  });

  it('evaluates IF THEN ELSE, logic and comparisons as 1 and 0', () => {
    const v = evaluate({
      ifFalse: 'IF 1 > 2 THEN 5 ELSE 6',
      ifTrue: 'IF 2 >= 2 THEN 5 ELSE 6',
      ifFn: 'IF_THEN_ELSE(0, 5, 6)',
      nested: 'IF 0 THEN 1 ELSE IF 1 THEN 2 ELSE 3',
      and: '1 AND 0',
      or: '1 OR 0',
      not0: 'NOT 0',
      not5: 'NOT 5',
      notOr: 'NOT 1 OR 1',
      andCompare: '0 < 1 AND 1 < 0',
      eq: '2 = 2',
      ne: '2 <> 2',
      lt: '1 < 2',
      le: '2 <= 1',
      gt: '3 > 2',
      ge: '2 >= 3',
    });
    expect(v).toEqual({
      ifFalse: 6, ifTrue: 5, ifFn: 6, nested: 2, and: 0, or: 1, not0: 1, not5: 0, notOr: 1, andCompare: 0,
      eq: 1, ne: 0, lt: 1, le: 0, gt: 1, ge: 0,
    });
  });

  it('switches IF THEN ELSE as time passes', () => {
    const run = simulate(xmile({ stop: 4, dt: 1 }, [aux('switch', 'IF TIME > 1.5 THEN 10 ELSE 20')]));
    expect(run.series('switch')).toEqual([20, 20, 10, 10, 10]);
  });
});

describe('time and run constants', () => {
  it('exposes PI, TIME, DT, STARTTIME and STOPTIME', () => {
    const run = simulate(xmile({ start: 2, stop: 4, dt: 0.5 }, [aux('p', 'PI'), aux('t', 'TIME'), aux('d', 'DT'), aux('s0', 'STARTTIME'), aux('s1', 'STOPTIME')]));
    expect(run.time).toEqual([2, 2.5, 3, 3.5, 4]);
    expect(run.series('t')).toEqual(run.time);
    expect(new Set(run.series('p'))).toEqual(new Set([Math.PI]));
    expect(new Set(run.series('d'))).toEqual(new Set([0.5]));
    expect(new Set(run.series('s0'))).toEqual(new Set([2]));
    expect(new Set(run.series('s1'))).toEqual(new Set([4]));
  });

  it('INIT keeps the value at the start time', () => {
    const run = simulate(xmile({ start: 3, stop: 6, dt: 1 }, [aux('t0', 'INIT(TIME)'), stock('S', '10', { inflows: ['f'] }), flow('f', '2'), aux('s0', 'INIT(S)')]));
    expect(run.series('t0')).toEqual([3, 3, 3, 3]);
    expect(run.series('S')).toEqual([10, 12, 14, 16]);
    expect(run.series('s0')).toEqual([10, 10, 10, 10]);
  });

  it('PREVIOUS lags by one step, starting from its initial value or the input’s own', () => {
    const run = simulate(xmile({ stop: 3, dt: 1 }, [aux('sq', 'TIME * TIME'), aux('prev', 'PREVIOUS(sq)'), aux('prevInit', 'PREVIOUS(sq, 42)')]));
    expect(run.series('sq')).toEqual([0, 1, 4, 9]);
    expect(run.series('prev')).toEqual([0, 0, 1, 4]);
    expect(run.series('prevInit')).toEqual([42, 0, 1, 4]);
  });
});

describe('initial equations (<init_eqn>, Vensim’s ACTIVE INITIAL as xmutil writes it)', () => {
  it('the stocks start from the initial equation; the variable reports its own equation from the start (SDXorg active_initial/output.tab, Vensim: Stock A = 45, 46, …; Value A = 0, 1, …)', () => {
    const run = simulateEverywhere(
      xmile({ stop: 3, dt: 1 }, [
        aux('Value A', 'Time', { extra: '<init_eqn>45</init_eqn>' }),
        stock('Stock A', 'Value_A', { inflows: ['Flow_A'] }),
        flow('Flow A', '1'),
      ]),
    );
    expect(run.series('Stock A')).toEqual([45, 46, 47, 48]);
    expect(run.series('Value A')).toEqual([0, 1, 2, 3]);
  });

  it('breaks a circle among initial values that the equations alone would make (SDEverywhere active_initial.dat: Capacity = Target Capacity = 100 at 0, 200 by 100)', () => {
    const run = simulateEverywhere(
      xmile({ stop: 100, dt: 1 }, [
        stock('Capacity', 'Target_Capacity', { inflows: ['Capacity Adjustment Rate'] }),
        flow('Capacity Adjustment Rate', '(Target_Capacity - Capacity) / Capacity_Adjustment_Time'),
        aux('Capacity Adjustment Time', '10'),
        aux('Capacity Utilization', 'Production / Capacity'),
        aux('Initial Target Capacity', '100'),
        aux('Production', '100 + STEP(100, 10)'),
        aux('Target Capacity', 'Capacity * Utilization_Adjustment', { extra: '<init_eqn>Initial_Target_Capacity</init_eqn>' }),
        aux('Utilization Adjustment', 'Capacity_Utilization ^ Utilization_Sensitivity'),
        aux('Utilization Sensitivity', '1'),
      ]),
    );
    expect([run.at('Capacity', 0), run.at('Target Capacity', 0), run.at('Capacity Utilization', 0)]).toEqual([100, 100, 1]);
    expect(run.at('Capacity', 100)).toBeCloseTo(199.992, 3);
    expect(run.at('Target Capacity', 100)).toBeCloseTo(200, 2);
  });

  it('without the initial equation the same model is a circle, reported as such', () => {
    const result = compileModel(
      xmile({ stop: 1 }, [stock('Capacity', 'Target_Capacity'), aux('Target Capacity', 'Capacity * 1')]),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.code).toBe('circular');
  });
});

describe('SELF', () => {
  it('PREVIOUS(SELF, 0) holds a variable’s own last value (Stella’s output of Simlin’s previous model: 94.2477796077 from 1950 on)', () => {
    const run = simulateEverywhere(
      xmile({ start: 1948, stop: 1952, dt: 0.25 }, [aux('increasing', 'RAMP(PI, 1920)'), aux('prev test 3', 'IF TIME > 1950 THEN PREVIOUS(SELF, 0) ELSE increasing')]),
    );
    expect(run.at('prev test 3', 1949)).toBeCloseTo(91.1061869541, 9);
    for (const t of [1950, 1950.25, 1951, 1952]) expect(run.at('prev test 3', t)).toBeCloseTo(94.2477796077, 9);
  });

  it('SIZE(SELF[1, *]) is the length of a row of the variable itself (XMILE 1.0 §3.7.1.3)', () => {
    const run = simulateEverywhere(
      xmile({ stop: 1, dt: 1 }, [aux('grid', 'SIZE(SELF[1, *])', { dimensions: ['Row', 'Column'] })], { dimensions: [{ name: 'Row', size: 2 }, { name: 'Column', size: 4 }] }),
    );
    expect(run.at('grid[1,1]', 0)).toBe(4);
  });

  it('SELF read directly is a circle, reported as such', () => {
    const result = compileModel(xmile({ stop: 1 }, [aux('x', 'SELF + 1')]));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.code).toBe('circular');
  });
});

describe('smoothing', () => {
  // Input steps from 0 to 10 at t = 2; dt = 0.25. Each SMTHn stage is an Euler first-order
  // stage with fraction a = dt / (averaging time / n) per step, so n steps after the step the
  // output is 10 · P(Binomial(n, a) >= stages).
  const source = xmile({ stop: 12, dt: 0.25 }, [
    aux('input', 'STEP(10, 2)'),
    aux('s1', 'SMTH1(input, 2)'),
    aux('s3', 'SMTH3(input, 3)'),
    aux('sn', 'SMTHN(input, 2, 4)'),
    aux('held', '10'),
    aux('s1init', 'SMTH1(held, 2, 4)'),
  ]);
  const run = simulate(source);

  it.each([
    ['s1', 1, 0.25 / 2],
    ['s3', 3, 0.25 / (3 / 3)],
    ['sn', 4, 0.25 / (2 / 4)],
  ])('%s follows the closed form of its Euler recurrence', (id, stages, fraction) => {
    run.time.forEach((t, row) => {
      const steps = Math.round((t - 2) / 0.25);
      const expected = steps <= 0 ? 0 : 10 * binomialTail(steps, fraction, stages);
      expect(isClose(run.series(id)[row]!, expected, 1e-9), `${id} at t=${t}: ${run.series(id)[row]} vs ${expected}`).toBe(true);
    });
  });

  it('starts from the given initial value and approaches the input geometrically', () => {
    run.time.forEach((t, row) => {
      const expected = 10 + (4 - 10) * (1 - 0.25 / 2) ** (t / 0.25);
      expect(isClose(run.series('s1init')[row]!, expected, 1e-9)).toBe(true);
    });
  });

  it('higher orders respond later but reach the input', () => {
    expect(run.at('s1', 2.5)).toBeGreaterThan(run.at('s3', 2.5));
    expect(run.at('s3', 2.5)).toBeGreaterThan(run.at('sn', 2.5) - 1e-12);
    expect(run.at('s3', 12)).toBeCloseTo(10, 1);
  });
});

describe('material delays', () => {
  // A pulse of 100 units enters at t = 1; stocks accumulate what goes in and what comes out.
  const source = xmile({ stop: 40, dt: 0.25 }, [
    aux('input', 'PULSE(100, 1)'),
    aux('d1', 'DELAY1(input, 4)'),
    aux('d3', 'DELAY3(input, 4)'),
    aux('dn', 'DELAYN(input, 4, 7)'),
    stock('Put In', '0', { inflows: ['putting'] }),
    flow('putting', 'input'),
    ...['d1', 'd3', 'dn'].flatMap((id) => [stock(`Out ${id}`, '0', { inflows: [`leaving ${id}`] }), flow(`leaving ${id}`, id)]),
  ]);
  const run = simulate(source);

  it.each(['d1', 'd3', 'dn'])('%s never gives out more than was put in, and gives it all back', (id) => {
    const putIn = run.series('put_in');
    const out = run.series(`out_${id}`);
    expect(putIn.at(-1)).toBeCloseTo(100, 12);
    out.forEach((value, row) => expect(value).toBeLessThanOrEqual(putIn[row]! + 1e-9));
    // DELAY1's exponential tail is the slowest: 36 time units is 9 delay times.
    expect(out.at(-1)).toBeCloseTo(100, id === 'd1' ? 1 : 6);
  });

  it.each(['d3', 'dn'])('%s holds material for the delay time on average', (id) => {
    const out = run.series(id);
    const total = out.reduce((sum, value) => sum + value, 0);
    const meanExit = out.reduce((sum, value, row) => sum + value * run.time[row]!, 0) / total;
    expect(meanExit - 1).toBeCloseTo(4, 6);
  });

  it('higher-order delays release nothing at the moment of the pulse', () => {
    expect(run.at('d3', 1)).toBe(0);
    expect(run.at('dn', 1)).toBe(0);
  });

  it('starts in equilibrium: a constant input comes out unchanged', () => {
    const steady = simulate(xmile({ stop: 10, dt: 0.5 }, [aux('input', '7'), aux('d1', 'DELAY1(input, 3)'), aux('d3', 'DELAY3(input, 3)'), aux('dn', 'DELAYN(input, 3, 5)')]));
    for (const id of ['d1', 'd3', 'dn']) for (const value of steady.series(id)) expect(value).toBeCloseTo(7, 12);
  });

  it('arrayed delays take each element’s own delay time (SDXorg subscripted_delays/output.tab, Vensim, TIME STEP 0.25)', () => {
    // The suite's .xmile of this model says dt 0.125 where its .mdl and output say 0.25; at the
    // output's time step every element matches.
    const run = simulateEverywhere(
      xmile({ stop: 20, dt: 0.25 }, [
        aux('delay', '', { dimensions: ['Apples'], elements: [{ subscript: 'Macoun', eqn: '10' }, { subscript: 'Red Spy', eqn: '3' }, { subscript: 'Grimes Golden', eqn: '2' }] }),
        flow('Inflow Delay1', 'STEP(5, 10)', { dimensions: ['Apples'] }),
        flow('Outflow Delay1', 'DELAY1(Inflow_Delay1[Apples], delay[Apples])', { dimensions: ['Apples'] }),
        flow('Outflow Delay3', 'DELAY3(Inflow_Delay1[Apples], delay[Apples])', { dimensions: ['Apples'] }),
        flow('Outflow Delay3I', 'DELAY3(Inflow_Delay1[Apples], delay[Apples], 3)', { dimensions: ['Apples'] }),
        flow('Inflow DelayN', 'STEP(10, 5)', { dimensions: ['Apples'] }),
        flow('Outflow DelayN', 'DELAYN(Inflow_DelayN[Apples], delay[Apples], 6, 10)', { dimensions: ['Apples'] }),
      ], { dimensions: [{ name: 'Apples', elements: ['Macoun', 'Red Spy', 'Grimes Golden'] }], vendor: 'Ventana Systems, xmutil', product: 'Vensim, xmutil' }),
    );
    const reference: [string, number, number][] = [
      ['Outflow Delay1[Macoun]', 10.25, 0.125],
      ['Outflow Delay1[Red Spy]', 10.25, 0.416667],
      ['Outflow Delay1[Macoun]', 15, 1.98656],
      ['Outflow Delay1[Red Spy]', 20, 4.84603],
      ['Outflow Delay3[Macoun]', 12, 0.0886478],
      ['Outflow Delay3[Grimes Golden]', 12, 3.15132],
      ['Outflow Delay3[Macoun]', 20, 2.92781],
      ['Outflow Delay3I[Red Spy]', 5, 0.273781],
      ['Outflow Delay3I[Red Spy]', 15, 4.54372],
      ['Outflow DelayN[Red Spy]', 5, 0.206947],
      ['Outflow DelayN[Red Spy]', 10.25, 9.86699],
    ];
    for (const [id, t, value] of reference) expect(run.at(id, t), `${id} at ${t}`).toBeCloseTo(value, 4);
  });

  describe('a delay time shorter than order × DT', () => {
    // SDXorg delay_pipeline/output.tab (Vensim DSS 7.1a), dt 0.5, input -1 then 4 from t = 5,
    // initial value 6: DELAY N of order 3 over 1.25 (2.5 DT) behaves as order 2.
    const model = (vendor: { vendor: string; product: string }) =>
      xmile({ stop: 3, dt: 0.5 }, [
        aux('Input', '-1 + STEP(5, 5)'),
        aux('Fractional Delay Time', '2.5 * DT'),
        aux('Third order', 'DELAYN(Input, Fractional_Delay_Time, 3, 6)'),
        aux('Third order constant', 'DELAYN(Input, 1.25, 3, 6)'),
        aux('Second order', 'DELAYN(Input, Fractional_Delay_Time, 2, 6)'),
      ], vendor);

    it('in a file Vensim wrote, the order is lowered so each stage lasts a time step (6, 6, 1.52, -0.272, -0.8096)', () => {
      const run = simulateEverywhere(model({ vendor: 'Ventana Systems, xmutil', product: 'Vensim, xmutil' }));
      const expected = [6, 6, 1.52, -0.272, -0.8096, -0.95296, -0.9888];
      for (const id of ['Third order', 'Third order constant', 'Second order']) {
        expect(run.series(id), id).toEqual(expected.map((value) => expect.closeTo(value, 10)));
      }
    });

    it('Vensim’s DELAY3 keeps its three stages and overshoots (SDEverywhere delay.dat: 42 × DELAY3 of a pulse of 10 over 1 at TIME STEP 1 gives 420 until 6, then -10920)', () => {
      const run = simulateEverywhere(
        xmile({ stop: 8, dt: 1 }, [aux('input', 'STEP(10, 0) - STEP(10, 4)'), aux('d11', '42 * DELAY3(input, 1)')], { vendor: 'Ventana Systems, xmutil', product: 'Vensim, xmutil' }),
      );
      expect(run.series('d11').slice(0, 8)).toEqual([420, 420, 420, 420, 420, 420, 420, -10920].map((value) => expect.closeTo(value, 9)));
    });

    it('elsewhere the order stays as written', () => {
      const run = simulateEverywhere(model({ vendor: 'isee systems, inc.', product: 'Stella Architect' }));
      expect(run.at('Third order', 1)).not.toBeCloseTo(1.52, 2);
      expect(run.at('Second order', 1)).toBeCloseTo(1.52, 10);
    });
  });
});

describe('fixed (pipeline) DELAY', () => {
  const run = simulate(
    xmile({ stop: 10, dt: 0.25 }, [aux('input', '3 + SIN(TIME) + TIME * TIME / 10'), aux('late', 'DELAY(input, 3)'), aux('lateInit', 'DELAY(input, 3, 7)')]),
  );

  it('outputs the input shifted by the delay time', () => {
    const input = run.series('input');
    const late = run.series('late');
    const shift = Math.round(3 / 0.25);
    for (let row = shift; row < input.length; row++) expect(Object.is(late[row], input[row - shift])).toBe(true);
  });

  it('before the delay has passed gives the initial value, or the input’s value at the start', () => {
    const shift = Math.round(3 / 0.25);
    const firstInput = run.series('input')[0]!;
    expect(run.series('late').slice(0, shift)).toEqual(new Array(shift).fill(firstInput));
    expect(run.series('lateInit').slice(0, shift)).toEqual(new Array(shift).fill(7));
  });
});

describe('Vensim’s DELAY FIXED in a file Vensim wrote', () => {
  it('reads the delay time and initial value at the start and lags at least one step (SDEverywhere delayfixed.dat)', () => {
    const run = simulateEverywhere(
      xmile({ stop: 32, dt: 1 }, [
        aux('input', '10 * TIME'),
        aux('a', 'DELAY(input + 1, 0, 0)'),
        aux('shipping', 'STEP(1, 10) - STEP(1, 20)'),
        aux('receiving', 'DELAY(shipping, 20, shipping)'),
      ], { vendor: 'Ventana Systems, xmutil', product: 'Vensim, xmutil' }),
    );
    // delayfixed.dat: a = 0, 1, 11, 21, 31 …; receiving 0 until 29, 1 from 30.
    expect(run.series('a').slice(0, 5)).toEqual([0, 1, 11, 21, 31]);
    expect([run.at('receiving', 10), run.at('receiving', 29), run.at('receiving', 30), run.at('receiving', 31)]).toEqual([0, 0, 1, 1]);
  });
});

describe('TREND and FORCST', () => {
  // For exponential growth at 5% per time unit the trend is 0.05 (in continuous time; Euler is close).
  const run = simulate(
    xmile({ stop: 40, dt: 0.125 }, [
      aux('input', '100 * EXP(0.05 * TIME)'),
      aux('fromZero', 'TREND(input, 4)'),
      aux('fromTrue', 'TREND(input, 4, 0.05)'),
      aux('forecast', 'FORCST(input, 4, 3, 0.05)'),
    ]),
  );

  it('TREND starts at its initial trend and converges to the growth rate', () => {
    expect(run.at('fromZero', 0)).toBe(0);
    expect(run.at('fromTrue', 0)).toBeCloseTo(0.05, 12);
    expect(run.at('fromZero', 40)).toBeCloseTo(0.05, 3);
    for (const value of run.series('fromTrue')) expect(Math.abs(value - 0.05)).toBeLessThan(0.001);
    // From zero it rises monotonically towards the true rate.
    const rising = run.series('fromZero');
    for (let i = 1; i < rising.length; i++) expect(rising[i]!).toBeGreaterThanOrEqual(rising[i - 1]! - 1e-15);
  });

  it('FORCST extrapolates the input over the horizon with the trend: input · (1 + horizon · trend)', () => {
    run.time.forEach((t, row) => {
      const expected = run.series('input')[row]! * (1 + 3 * run.series('fromTrue')[row]!);
      expect(isClose(run.series('forecast')[row]!, expected, 1e-12)).toBe(true);
    });
    expect(run.at('forecast', 40) / run.at('input', 40)).toBeCloseTo(1.15, 2);
  });
});

describe('test inputs: PULSE, STEP, RAMP', () => {
  const run = simulate(
    xmile({ stop: 10, dt: 0.5 }, [
      aux('once', 'PULSE(5, 2)'),
      aux('repeat', 'PULSE(5, 2, 3)'),
      aux('step', 'STEP(10, 2)'),
      aux('ramp', 'RAMP(2, 3)'),
      aux('rampEnd', 'RAMP(2, 3, 6)'),
      stock('Collected', '0', { inflows: ['collecting'] }),
      flow('collecting', 'once'),
    ]),
  );

  it('PULSE is magnitude/DT for one step, so a stock collects exactly the magnitude', () => {
    expect(run.time.filter((_, row) => run.series('once')[row] !== 0)).toEqual([2]);
    expect(run.at('once', 2)).toBe(10);
    expect(run.at('Collected', 10)).toBe(5);
  });

  it('a repeating PULSE fires at the first time and every interval after', () => {
    expect(run.time.filter((_, row) => run.series('repeat')[row] !== 0)).toEqual([2, 5, 8]);
  });

  it('STEP and RAMP start at their start times', () => {
    run.time.forEach((t, row) => {
      expect(run.series('step')[row]).toBe(t >= 2 ? 10 : 0);
      expect(run.series('ramp')[row]).toBe(t > 3 ? 2 * (t - 3) : 0);
      expect(run.series('rampEnd')[row]).toBe(t > 3 ? 2 * (Math.min(t, 6) - 3) : 0);
    });
  });
});

describe('safe division and GAME', () => {
  it('SAFEDIV, XIDZ and ZIDZ return the fallback only for a zero divisor', () => {
    const v = evaluate({
      safediv0: 'SAFEDIV(1, 0)',
      safedivFallback: 'SAFEDIV(1, 0, 9)',
      safediv: 'SAFEDIV(6, 3)',
      xidz0: 'XIDZ(1, 0, 7)',
      xidz: 'XIDZ(6, 3, 7)',
      zidz0: 'ZIDZ(4, 0)',
      zidz: 'ZIDZ(4, 2)',
      plain: '1 / 0',
    });
    expect(v).toEqual({ safediv0: 0, safedivFallback: 9, safediv: 2, xidz0: 7, xidz: 2, zidz0: 0, zidz: 2, plain: Infinity });
  });

  it('a // b is Stella’s safe division: a / b, or 0 where b is 0, at the precedence of * and /', () => {
    const run = simulateEverywhere(xmile({ stop: 3, dt: 1 }, [aux('calls', '6'), aux('people', '2 - TIME'), aux('per person', 'calls // people'), aux('mixed', '1 + 12 // 2 * 3 - 8 // 0')]));
    expect(run.series('per person')).toEqual([3, 6, 0, -6]);
    expect(run.series('mixed')).toEqual([19, 19, 19, 19]);
  });

  it('GAME passes its input through unchanged', () => {
    const run = simulate(xmile({ stop: 3, dt: 1 }, [aux('g', 'GAME(TIME * 2 + 1)'), aux('c', 'GAME(5)')]));
    expect(run.series('g')).toEqual([1, 3, 5, 7]);
    expect(run.series('c')).toEqual([5, 5, 5, 5]);
  });
});

describe('graphical functions', () => {
  const points = { xs: [0, 1, 2, 4], ys: [0, 10, 20, 40] };
  // x sweeps -1 … 5 in steps of 0.5.
  const run = simulate(
    xmile({ start: 0, stop: 12, dt: 0.5 }, [
      aux('x', 'TIME / 2 - 1'),
      gf('continuous', points),
      gf('extrapolated', { ...points, type: 'extrapolate' }),
      gf('stepped', { ...points, type: 'discrete' }),
      gf('scaled', { xscale: { min: 0, max: 3 }, ys: [0, 10, 20, 40] }),
      gf('listed', { xs: [0, 1, 2, 3], ys: [0, 10, 20, 40] }),
      aux('c', 'continuous(x)'),
      aux('e', 'extrapolated(x)'),
      aux('d', 'stepped(x)'),
      aux('viaLookup', 'LOOKUP(continuous, x)'),
      aux('embedded', 'x', { gf: points }),
      aux('s', 'scaled(x)'),
      aux('l', 'listed(x)'),
    ]),
  );
  const valueAt = (id: string, x: number): number => run.at(id, (x + 1) * 2);

  it('continuous interpolates between points and holds the end values outside', () => {
    expect([-1, 0, 0.5, 1, 3, 4, 5].map((x) => valueAt('c', x))).toEqual([0, 0, 5, 10, 30, 40, 40]);
  });

  it('extrapolate continues the first and last segments', () => {
    expect([-1, 0.5, 3, 5].map((x) => valueAt('e', x))).toEqual([-10, 5, 30, 50]);
  });

  it('discrete holds each point’s value until the next point', () => {
    expect([-1, 0, 0.5, 1, 1.5, 3.5, 4, 5].map((x) => valueAt('d', x))).toEqual([0, 0, 0, 10, 10, 20, 40, 40]);
  });

  it('a named graphical function, LOOKUP(name, x) and an embedded one agree', () => {
    expect(identical(run.series('viaLookup'), run.series('c'))).toBe(true);
    expect(identical(run.series('embedded'), run.series('c'))).toBe(true);
  });

  describe('an arrayed graphical function, one table per element', () => {
    const items = { dimensions: [{ name: 'Items', elements: ['A', 'B'] }] };
    const tables = aux('tables', '', {
      dimensions: ['Items'],
      elements: [
        { subscript: 'A', eqn: '0', gf: { xs: [0, 1, 2, 5], ys: [0, 1, 2, 5] } },
        { subscript: 'B', eqn: '0', gf: { xs: [0, 1, 2, 5], ys: [0, 2, 4, 10] } },
      ],
    });
    const run = simulateEverywhere(
      xmile({ stop: 10, dt: 1 }, [
        tables,
        aux('input', 'TIME / 2'),
        aux('result A', 'LOOKUP(tables[A], input)'),
        aux('result B', 'LOOKUP(tables[B], input)'),
        aux('each', 'LOOKUP(tables, input)', { dimensions: ['Items'] }),
        aux('called', 'tables(input)', { dimensions: ['Items'] }),
      ], items),
    );

    it('LOOKUP(tables[A], x) reads that element’s table', () => {
      expect(run.series('result A')).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]);
      expect(run.series('result B')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it('in an equation arrayed over the same dimension, each element reads its own table', () => {
      expect(run.at('each[B]', 6)).toBe(6);
      expect(run.at('called[A]', 6)).toBe(3);
      expect(run.at('called[B]', 6)).toBe(6);
    });
  });

  it('an <xscale> spreads the y points evenly, the same as the equivalent <xpts>', () => {
    expect(identical(run.series('s'), run.series('l'))).toBe(true);
    expect(valueAt('s', 2.5)).toBe(30);
  });
});

describe('areas under a graphical function', () => {
  // LOOK((0,1),(1,1),(2,2)), the Vensim reference's example for LOOKUP AREA.
  const look = gf('LOOK', { xs: [0, 1, 2], ys: [1, 1, 2] });
  const stepped = gf('STAIRS', { type: 'discrete', xs: [0, 1, 2], ys: [1, 3, 5] });
  const leaning = gf('LEAN', { type: 'extrapolate', xs: [0, 1], ys: [0, 1] });

  it('LOOKUP AREA as the Vensim reference gives it: 1 from 0 to 1, 4 from 2 to 4 (the end value held), 3 from 0.5 to 2.5', () => {
    const run = simulateEverywhere(
      xmile({ stop: 1, dt: 1 }, [look, aux('a01', 'LOOKUP AREA(LOOK, 0, 1)'), aux('a24', 'LOOKUP AREA(LOOK, 2, 4)'), aux('a0525', 'LOOKUP AREA(LOOK, .5, 2.5)'), aux('backwards', 'LOOKUP AREA(LOOK, 1, 0)')]),
    );
    expect([run.at('a01', 0), run.at('a24', 0), run.at('a0525', 0), run.at('backwards', 0)]).toEqual([1, 4, 3, -1]);
  });

  it('Stella’s LOOKUPAREA: the whole curve, from its start, either order, 0 outside its x range unless it extrapolates (isee help, Graphical builtins)', () => {
    const run = simulateEverywhere(
      xmile({ stop: 1, dt: 1 }, [
        look, stepped, leaning,
        aux('whole', 'LOOKUPAREA(LOOK)'),
        aux('to one', 'LOOKUPAREA(LOOK, 1)'),
        aux('either order', 'LOOKUPAREA(LOOK, 0.5, 2.5) - LOOKUPAREA(LOOK, 2.5, 0.5)'),
        aux('beyond', 'LOOKUPAREA(LOOK, 4, 2)'),
        aux('steps', 'LOOKUPAREA(STAIRS, 0.5, 1.5)'),
        aux('extrapolated', 'LOOKUPAREA(LEAN, 3, 0)'),
      ]),
    );
    expect([run.at('whole', 0), run.at('to one', 0), run.at('either order', 0), run.at('beyond', 0)]).toEqual([2.5, 1, 0, 0]);
    expect(run.at('steps', 0)).toBe(0.5 * 1 + 0.5 * 3);
    expect(run.at('extrapolated', 0)).toBe(4.5);
  });

  it('LOOKUPMEAN is LOOKUPAREA over the width of its range, and the value itself over a point', () => {
    const run = simulateEverywhere(
      xmile({ stop: 1, dt: 1 }, [look, aux('mean', 'LOOKUPMEAN(LOOK)'), aux('first half', 'LOOKUPMEAN(LOOK, 1)'), aux('point', 'LOOKUPMEAN(LOOK, 1.5, 1.5)'), aux('ratio', 'disease_duration / LOOKUPMEAN(LOOK, 2, 1)'), aux('disease duration', '7.5')]),
    );
    expect([run.at('mean', 0), run.at('first half', 0), run.at('point', 0), run.at('ratio', 0)]).toEqual([1.25, 1, 1.5, 5]);
  });
});

describe('NPV', () => {
  it('discounts the stream once per DT as Vensim defines NPV (SDEverywhere npv.dat: -87.8056 at 12, 0.334138 at 50, 81.0743 at 100)', () => {
    const run = simulateEverywhere(
      xmile({ stop: 100, dt: 1 }, [
        aux('investment', '100'),
        aux('start time', '12'),
        aux('revenue', '3'),
        aux('interest rate', '10'),
        aux('stream', '-investment / DT * (IF TIME >= start_time AND TIME < start_time + DT THEN 1 ELSE 0) + STEP(revenue, start_time)'),
        aux('discount rate', 'interest_rate / 12 / 100'),
        aux('NPV vs initial time', 'NPV(stream, discount_rate, 0, 1)'),
        aux('two arguments', 'NPV(stream, discount_rate)'),
      ]),
    );
    expect(run.at('NPV vs initial time', 11)).toBe(0);
    expect(run.at('NPV vs initial time', 12)).toBeCloseTo(-87.8056, 4);
    expect(run.at('NPV vs initial time', 13)).toBeCloseTo(-85.1124, 4);
    expect(run.at('NPV vs initial time', 50)).toBeCloseTo(0.334138, 5);
    expect(run.at('NPV vs initial time', 100)).toBeCloseTo(81.0743, 4);
    expect(run.series('two arguments')).toEqual(run.series('NPV vs initial time'));
  });
});

describe('random numbers', () => {
  const model = compileOrThrow(
    xmile({ stop: 9999, dt: 1 }, [aux('uniform', 'RANDOM(2, 5)'), aux('normal', 'NORMAL(10, 3)'), aux('lognormal', 'LOGNORMAL(4, 2)'), aux('seeded', 'RANDOM(0, 1, 42)')]),
  );
  const first = trajectory(model, { seed: 1 });

  it('the same seed gives the identical series; another seed a different one', () => {
    const again = trajectory(model, { seed: 1 });
    const other = trajectory(model, { seed: 2 });
    for (const id of ['uniform', 'normal', 'lognormal']) {
      expect(identical(again.series(id), first.series(id))).toBe(true);
      expect(identical(other.series(id), first.series(id))).toBe(false);
    }
  });

  it('RANDOM is uniform on [min, max)', () => {
    const draws = first.series('uniform');
    expect(draws).toHaveLength(10_000);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...draws)).toBeLessThan(5);
    expect(mean(draws)).toBeCloseTo(3.5, 1);
    expect(Math.abs(standardDeviation(draws) - 3 / Math.sqrt(12))).toBeLessThan(0.02);
  });

  it('NORMAL has the given mean and standard deviation', () => {
    const draws = first.series('normal');
    expect(Math.abs(mean(draws) - 10)).toBeLessThan(0.12);
    expect(Math.abs(standardDeviation(draws) - 3)).toBeLessThan(0.1);
  });

  it('LOGNORMAL takes the mean and standard deviation of the distribution itself', () => {
    const draws = first.series('lognormal');
    expect(Math.min(...draws)).toBeGreaterThan(0);
    expect(Math.abs(mean(draws) - 4)).toBeLessThan(0.1);
    expect(Math.abs(standardDeviation(draws) - 2)).toBeLessThan(0.15);
  });

  it('a seed written in the equation repeats the same sequence whatever the run seed', () => {
    const other = trajectory(model, { seed: 2 });
    expect(identical(other.series('seeded'), first.series('seeded'))).toBe(true);
    expect(identical(other.series('uniform'), first.series('uniform'))).toBe(false);
  });
});

describe('random functions with a seed written in the call', () => {
  const seeded = compileOrThrow(
    xmile({ stop: 40, dt: 0.5 }, [
      aux('forty two', 'RANDOM(0, 1, 42)'),
      aux('forty two again', 'RANDOM(0, 1, 42)'),
      aux('seven', 'RANDOM(0, 1, 7)'),
      aux('noise', 'NORMAL(0, 1, 42) + LOGNORMAL(3, 1, 42)'),
      aux('free', 'RANDOM(0, 1)'),
      stock('Walk', '0', { inflows: ['step'] }),
      flow('step', 'NORMAL(0, 1, 5)'),
      aux('decision', '1'),
    ]),
  );
  const unseededOnly = compileOrThrow(xmile({ stop: 40, dt: 0.5 }, [aux('free', 'RANDOM(0, 1)')]));

  it('each seed starts its own stream: another seed draws another sequence, the same seed the same one', () => {
    const run = trajectory(seeded, { seed: 3 });
    expect(identical(run.series('forty two'), run.series('forty two again'))).toBe(true);
    expect(identical(run.series('forty two'), run.series('seven'))).toBe(false);
    expect(new Set(run.series('forty two')).size).toBe(run.time.length);
  });

  it('every seeded call, NORMAL and LOGNORMAL included, ignores the run seed; the unseeded one does not', () => {
    const a = trajectory(seeded, { seed: 1 });
    const b = trajectory(seeded, { seed: 99 });
    for (const id of ['forty two', 'seven', 'noise', 'Walk']) expect(identical(a.series(id), b.series(id)), id).toBe(true);
    expect(identical(a.series('free'), b.series('free'))).toBe(false);
  });

  it('seeded calls do not disturb the streams of unseeded ones', () => {
    expect(identical(trajectory(seeded, { seed: 8 }).series('free'), trajectory(unseededOnly, { seed: 8 }).series('free'))).toBe(true);
  });

  it('a stepping Sim with a decision set mid-run, a snapshot restored, and a reset all draw the same seeded sequence', () => {
    const reference = trajectory(seeded, { seed: 4 }).series('forty two');
    const sim = seeded.createSim({ seed: 11 });
    sim.runTo(10);
    const snapshot = sim.snapshot();
    sim.setValue('decision', 2);
    sim.runToEnd();
    expect(Array.from(sim.getSeries('forty two'))).toEqual(reference);
    sim.restore(snapshot);
    sim.runToEnd();
    expect(Array.from(sim.getSeries('forty two'))).toEqual(reference);
    sim.reset();
    sim.runToEnd();
    expect(Array.from(sim.getSeries('forty two'))).toEqual(reference);
  });

  it('a Monte Carlo batch keeps the seeded stream fixed across runs of different seeds', () => {
    const batch = seeded.createBatch({ parameters: ['decision'], outputs: ['forty two', 'free'] });
    const first = batch.run([1], 1).slice();
    const second = batch.run([1], 2);
    const rows = batch.saveCount;
    expect(identical(first.subarray(0, rows), second.subarray(0, rows))).toBe(true);
    expect(identical(first.subarray(rows), second.subarray(rows))).toBe(false);
  });

  it('the seed must be a number written in the call', () => {
    const result = compileModel(xmile({ stop: 1 }, [aux('s', '3'), aux('bad', 'RANDOM(0, 1, s)')]));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ code: 'unsupported', variable: 'bad' });
  });
});

describe('non-negative stocks and flows', () => {
  const draining = [stock('Tank', '3', { outflows: ['drain'], nonNegative: true }), flow('drain', '2'), stock('Plain', '3', { outflows: ['leak'] }), flow('leak', '2')];

  it('a <non_negative/> stock stops at zero; an ordinary stock goes below', () => {
    const run = simulate(xmile({ stop: 4, dt: 1 }, draining));
    expect(run.series('Tank')).toEqual([3, 1, 0, 0, 0]);
    expect(run.series('Plain')).toEqual([3, 1, -1, -3, -5]);
  });

  it('a <non_negative/> flow never runs backwards', () => {
    const run = simulate(xmile({ stop: 3, dt: 1 }, [stock('Fed', '1', { inflows: ['feed'] }), flow('feed', '-5', { nonNegative: true })]));
    expect(run.series('feed')).toEqual([0, 0, 0, 0]);
    expect(run.series('Fed')).toEqual([1, 1, 1, 1]);
  });

  it('<behavior><non_negative/> applies to every stock and flow; <non_negative>false</non_negative> opts out', () => {
    const variables = [
      stock('A', '3', { outflows: ['out a'] }),
      flow('out a', '2'),
      stock('B', '1', { inflows: ['back'] }),
      flow('back', '-5'),
      stock('C', '3', { outflows: ['out c'], nonNegative: false }),
      flow('out c', '2'),
    ];
    const all = simulate(xmile({ stop: 3, dt: 1 }, variables, { behavior: { all: true } }));
    expect(all.series('A')).toEqual([3, 1, 0, 0]);
    expect(all.series('back')).toEqual([0, 0, 0, 0]);
    expect(all.series('C')).toEqual([3, 1, -1, -3]);
    const stocksOnly = simulate(xmile({ stop: 3, dt: 1 }, variables, { behavior: { stocks: true } }));
    expect(stocksOnly.series('back')).toEqual([-5, -5, -5, -5]);
    expect(stocksOnly.series('B')).toEqual([1, 0, 0, 0]);
  });

  // XMILE 1.0 §3.7 and Stella keep a non-negative stock at zero by cutting back its outflows, so
  // what leaves arrives downstream: the flow itself reports the cut-back value.
  it('a non-negative stock only gives out what it holds (material is conserved)', () => {
    const run = simulateEverywhere(xmile({ stop: 4, dt: 1 }, [stock('Tank', '3', { outflows: ['drain'], nonNegative: true }), flow('drain', '2'), stock('Bucket', '0', { inflows: ['drain'] })]));
    run.time.forEach((_, row) => expect(run.series('Tank')[row]! + run.series('Bucket')[row]!).toBe(3));
    expect(run.series('drain')).toEqual([2, 1, 0, 0, 0]);
  });

  it('outflows are served in the order the stock lists them (XMILE 1.0 §4.2: the first outflow listed first)', () => {
    const run = simulateEverywhere(
      xmile({ stop: 3, dt: 1 }, [
        stock('Stock', '5', { outflows: ['first', 'second'], nonNegative: true }),
        flow('first', '3'),
        flow('second', '4'),
      ]),
    );
    expect(run.series('first')).toEqual([3, 0, 0, 0]);
    expect(run.series('second')).toEqual([2, 0, 0, 0]);
    expect(run.series('Stock')).toEqual([5, 0, 0, 0]);
  });

  it('what flows in during the step can leave in the same step: an empty stock passes its inflow on', () => {
    const run = simulateEverywhere(
      xmile({ stop: 2, dt: 0.5 }, [
        stock('Warehouse', '0', { inflows: ['arriving'], outflows: ['shipping'], nonNegative: true }),
        flow('arriving', '4'),
        flow('shipping', '10'),
      ]),
    );
    expect(run.series('shipping')).toEqual([4, 4, 4, 4, 4]);
    expect(run.series('Warehouse')).toEqual([0, 0, 0, 0, 0]);
  });

  it('limits chains of stocks, each from what arrives from the one before, and with RK4 too', () => {
    const variables = [
      stock('Source', '10', { outflows: ['a to b'], nonNegative: true }),
      flow('a to b', '3'),
      stock('Middle', '0', { inflows: ['a to b'], outflows: ['b out'], nonNegative: true }),
      flow('b out', '5'),
      stock('Sink', '0', { inflows: ['b out'] }),
    ];
    for (const method of ['Euler', 'RK4']) {
      const run = simulateEverywhere(xmile({ stop: 8, dt: 0.25, method }, variables));
      run.time.forEach((_, row) => {
        expect(run.series('Source')[row]! + run.series('Middle')[row]! + run.series('Sink')[row]!).toBeCloseTo(10, 12);
        expect(run.series('Middle')[row]!).toBeGreaterThanOrEqual(0);
      });
      // RK4 drains the last of the source geometrically; Euler empties it exactly.
      expect(run.at('Sink', 8)).toBeCloseTo(10, method === 'Euler' ? 12 : 6);
    }
  });

  it('two non-negative stocks trading both ways compile (no false circle) and conserve what they hold', () => {
    const run = simulateEverywhere(
      xmile({ stop: 6, dt: 0.5 }, [
        stock('Left', '2', { inflows: ['to left'], outflows: ['to right'], nonNegative: true }),
        stock('Right', '1', { inflows: ['to right'], outflows: ['to left'], nonNegative: true }),
        flow('to right', '3'),
        flow('to left', '1 + TIME'),
      ]),
    );
    run.time.forEach((_, row) => {
      expect(run.series('Left')[row]! + run.series('Right')[row]!).toBeCloseTo(3, 12);
      expect(Math.min(run.series('Left')[row]!, run.series('Right')[row]!)).toBeGreaterThanOrEqual(0);
    });
  });

  it('arrayed non-negative stocks limit each element’s outflow', () => {
    const run = simulateEverywhere(
      xmile({ stop: 3, dt: 1 }, [
        stock('Tank', '1, 5', { dimensions: ['Side'], outflows: ['drain'], nonNegative: true }),
        flow('drain', '2', { dimensions: ['Side'] }),
        stock('Bucket', '0', { dimensions: ['Side'], inflows: ['drain'] }),
      ], { dimensions: [{ name: 'Side', elements: ['Left', 'Right'] }] }),
    );
    expect(run.series('drain[Left]')).toEqual([1, 0, 0, 0]);
    expect(run.series('drain[Right]')).toEqual([2, 2, 1, 0]);
    expect(run.at('Bucket[Right]', 3)).toBe(5);
  });
});

describe('integration method and time specs', () => {
  const growth = [stock('S', '1', { inflows: ['g'] }), flow('g', 'S')];

  it('RK4 solves dS/dt = S to within 1e-4 of e at t = 1 with dt = 0.25, far better than Euler', () => {
    const rk4 = simulate(xmile({ stop: 1, dt: 0.25, method: 'RK4' }, growth));
    const euler = simulate(xmile({ stop: 1, dt: 0.25, method: 'Euler' }, growth));
    const rk4Error = Math.abs(rk4.at('S', 1) - Math.E);
    const eulerError = Math.abs(euler.at('S', 1) - Math.E);
    expect(rk4Error).toBeLessThan(1e-4);
    expect(euler.at('S', 1)).toBe(1.25 ** 4);
    expect(eulerError).toBeGreaterThan(1000 * rk4Error);
  });

  it('the method compile option overrides the file', () => {
    const overridden = simulate(xmile({ stop: 1, dt: 0.25, method: 'Euler' }, growth), {}, { method: 'rk4' });
    expect(overridden.model.specs.method).toBe('rk4');
    expect(Math.abs(overridden.at('S', 1) - Math.E)).toBeLessThan(1e-4);
  });

  it('<dt reciprocal="true"> gives the number of steps per time unit', () => {
    const run = simulate(xmile({ stop: 1, dt: 4, reciprocal: true }, growth));
    expect(run.model.specs.dt).toBe(0.25);
    expect(run.time).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(run.at('S', 1)).toBe(1.25 ** 4);
  });

  it('a save step coarser than dt keeps every n-th value of the same computation', () => {
    const fine = simulate(xmile({ stop: 2, dt: 0.25 }, growth));
    const coarse = simulate(xmile({ stop: 2, dt: 0.25, saveStep: 0.5 }, growth));
    expect(coarse.time).toEqual([0, 0.5, 1, 1.5, 2]);
    coarse.time.forEach((t) => expect(Object.is(coarse.at('S', t), fine.at('S', t))).toBe(true));
  });

  it('refuses an unknown integration method with a clear message', () => {
    const result = compileModel(xmile({ stop: 1, method: 'Gear' }, growth));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.message).toMatch(/integration method "gear" is not supported/);
  });
});
