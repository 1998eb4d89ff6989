import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { compileModel, formatModelError, type CompileOptions } from '../../src/engine/index.ts';
import { sheetJsWorkbooks, type SheetJsLike } from '../../src/engine/vensim/sheetjs-workbooks.ts';
import { compileOrThrow, trajectory } from '../helpers/run-model.ts';

/**
 * Vensim functions the reader hands to the engine's general builtins (vector functions, NPV,
 * LOOKUP AREA, DELAY N, DELAY FIXED and INTEGER under the document's Vensim dialect), and data
 * read as Vensim reads it. Reference values come from Vensim's outputs in the SDXorg suite or from
 * the Vensim reference's own examples, each named in its test.
 */
const CONTROL = (final = 10, step = 1) => `
FINAL TIME = ${final} ~ Month ~ |
INITIAL TIME = 0 ~ Month ~ |
SAVEPER = TIME STEP ~ Month [0,?] ~ |
TIME STEP = ${step} ~ Month [0,?] ~ |
`;

function run(mdl: string, options: CompileOptions = {}) {
  return trajectory(compileOrThrow(mdl, { fileName: 'model.mdl', ...options }));
}

/** One value per element of `id` at time `t`. */
function row(t: ReturnType<typeof run>, id: string, elements: readonly string[], time = 0): number[] {
  return elements.map((element) => t.at(`${id}[${element}]`, time));
}

const companies = ['company1', 'company2', 'company3', 'company4', 'company5'];
const sorts = ['sort1', 'sort2', 'sort3', 'sort4', 'sort5'];

describe('Vensim vector functions', () => {
  // SDXorg vector_order (Vensim DSS 7.3.4): revenue at time 0 and at time 1, and Vensim's results.
  const vectorOrder = `
company : (company1-company5) -> scompany ~~|
scompany : (sort1-sort5) -> company ~~|
revenue[company] = IF THEN ELSE(Time < 1, 0, 1) * revenue one[company] + IF THEN ELSE(Time < 1, 1, 0) * revenue zero[company] ~~|
revenue zero[company] = -25, 18, 27, -2, 2 ~~|
revenue one[company] = 60, 5, -15, 100, 26 ~~|
SORT ORDER[scompany] = VECTOR SORT ORDER(revenue[company], 1) ~~|
SORT ORDER neg[scompany] = VECTOR SORT ORDER(revenue[company], 0) ~~|
sorted revenue[scompany] = VECTOR REORDER(revenue[company], SORT ORDER[scompany]) ~~|
revenue RANK[company] = VECTOR RANK(revenue[company], 1) ~~|
revenue RANK neg[company] = VECTOR RANK(revenue[company], 0) ~~|
median revenue = sorted revenue[sort3] ~~|
minimum revenue = VECTOR ELM MAP(revenue[company1], SORT ORDER[sort1]) ~~|
${CONTROL(1)}`;

  it('VECTOR SORT ORDER gives 0-based places, VECTOR REORDER sorts with them, also over a range mapped onto the sorted one (SDXorg vector_order)', () => {
    const t = run(vectorOrder);
    expect(row(t, 'SORT ORDER', sorts)).toEqual([0, 3, 4, 1, 2]);
    expect(row(t, 'SORT ORDER neg', sorts)).toEqual([2, 1, 4, 3, 0]);
    expect(row(t, 'sorted revenue', sorts)).toEqual([-25, -2, 2, 18, 27]);
    expect(t.series('median revenue')).toEqual([2, 26]);
    expect(row(t, 'SORT ORDER', sorts, 1)).toEqual([2, 1, 4, 0, 3]);
    expect(row(t, 'sorted revenue', sorts, 1)).toEqual([-15, 5, 26, 60, 100]);
  });

  it('VECTOR RANK ranks from 1, smallest first for a direction above 0, largest first otherwise (SDXorg vector_order)', () => {
    const t = run(vectorOrder);
    expect(row(t, 'revenue RANK', companies)).toEqual([1, 4, 5, 2, 3]);
    expect(row(t, 'revenue RANK neg', companies)).toEqual([5, 2, 1, 4, 3]);
    expect(row(t, 'revenue RANK', companies, 1)).toEqual([4, 2, 1, 5, 3]);
  });

  it('VECTOR ELM MAP counts places from the element named: the minimum through the sort order (Vensim reference, VECTOR SORT ORDER)', () => {
    expect(run(vectorOrder).series('minimum revenue')).toEqual([-25, -15]);
  });

  it('VECTOR ELM MAP(outflow[stage], -1) is the previous stage: the aging chain of the Vensim reference', () => {
    const t = run(`stage : (stage1-stage4) ~~|
start = 10 ~~|
people[stage] = INTEG(inflow[stage] - outflow[stage], 0) ~~|
outflow[stage] = people[stage] / 2 ~~|
inflow[stage] = IF THEN ELSE(stage = 1, start, VECTOR ELM MAP(outflow[stage], -1)) ~~|
${CONTROL(3)}`);
    // Euler, dt 1: each stage passes half of what it holds to the next.
    expect(row(t, 'people', ['stage1', 'stage2', 'stage3', 'stage4'], 1)).toEqual([10, 0, 0, 0]);
    expect(row(t, 'people', ['stage1', 'stage2', 'stage3', 'stage4'], 2)).toEqual([15, 5, 0, 0]);
    expect(row(t, 'people', ['stage1', 'stage2', 'stage3', 'stage4'], 3)).toEqual([17.5, 10, 2.5, 0]);
  });

  it('VECTOR SELECT raises each value to its selection for action 5 (SDXorg vector_select, Vensim: Aout1 1 = 1.76037) and walks a sub-range', () => {
    const t = run(`dim1 : (A1-A5) ~~|
sub : A2, A3 ~~|
selection[dim1] = 1, 0.3, -1, 0.5, 1 ~~|
input[dim1] = 0.5, 1.2, 0.3, 1, 1 ~~|
powers = VECTOR SELECT(selection[dim1!], input[dim1!], -12345, 5, 0) ~~|
over sub = VECTOR SELECT(selection[sub!], input[sub!], -12345, 0, 0) ~~|
${CONTROL(1)}`);
    expect(t.at('powers', 0)).toBeCloseTo(1.76037, 5);
    // 0.3 × 1.2 + (-1) × 0.3
    expect(t.at('over sub', 0)).toBeCloseTo(0.06, 12);
  });
});

describe('Vensim NPV and LOOKUP AREA', () => {
  it('NPV is the reference\'s equivalent equations: (accumulation + stream × TIME STEP × df) × factor', () => {
    const t = run(`stream = 100 ~~|
rate = 0.1 ~~|
value = NPV(stream, rate, 0, 1) ~~|
df = INTEG(-df * rate / (1 + rate * TIME STEP), 1) ~~|
accumulation = INTEG(stream * df, 0) ~~|
written out = (accumulation + stream * TIME STEP * df) * 1 ~~|
${CONTROL(5)}`);
    expect(t.series('value')).toEqual(t.series('written out').map((v) => expect.closeTo(v, 10)));
    // 100 now, then discounted by 1.1 per year: 100 + 100/1.1 + 100/1.21.
    expect(t.at('value', 2)).toBeCloseTo(100 + 100 / 1.1 + 100 / 1.21, 10);
  });

  it('LOOKUP AREA integrates the table as a lookup reads it (Vensim reference over (0,1),(1,1),(2,2): 1 from 0 to 1, 4 from 2 to 4, 3 from 0.5 to 2.5)', () => {
    const t = run(`look((0,1),(1,1),(2,2)) ~~|
a01 = LOOKUP AREA(look, 0, 1) ~~|
a24 = LOOKUP AREA(look, 2, 4) ~~|
a0525 = LOOKUP AREA(look, 0.5, 2.5) ~~|
${CONTROL(1)}`);
    expect([t.at('a01', 0), t.at('a24', 0), t.at('a0525', 0)]).toEqual([1, 4, 3]);
  });
});

describe('Vensim DELAY N', () => {
  it('the output divides the last stage by the previous step\'s delay time (SDXorg delays: 3.94971, 2.20442, 2.50596 as the delay time goes from 4 to 6 at 15)', () => {
    const t = run(`Delay Time = 4 + STEP(2, 15) ~~|
Input = -1 + STEP(5, 5) ~~|
Order Variable = 2 + STEP(1, 10) ~~|
OutputDelayN = DELAY N(Input, Delay Time, 6, Order Variable) ~~|
Output Delay3 = DELAY3(Input, Delay Time) ~~|
${CONTROL(20)}`);
    expect(t.series('OutputDelayN').slice(14, 18)).toEqual([3.90875, 3.94971, 2.20442, 2.50596].map((v) => expect.closeTo(v, 5)));
    // DELAY3 uses the current delay time at once (Vensim: 2.66528 at 15).
    expect(t.at('Output Delay3', 15)).toBeCloseTo(2.66528, 5);
  });

  it('a delay time below order × TIME STEP lowers the order (SDXorg delay_pipeline: 6, 6, 1.52 with order 3 over 2.5 steps)', () => {
    const t = run(`Input = -1 + STEP(5, 5) ~~|
Fractional Delay Time = 2.5 * TIME STEP ~~|
Third order = DELAY N(Input, Fractional Delay Time, 6, 3) ~~|
${CONTROL(1.5, 0.5)}`);
    expect(t.series('Third order')).toEqual([6, 6, 1.52, -0.272].map((v) => expect.closeTo(v, 10)));
  });
});

describe('Vensim ACTIVE INITIAL on some elements only', () => {
  it('the other elements keep their own value while the stocks start (a stock started from a constant element starts at it)', () => {
    const t = run(`D : a, b, c ~~|
Sub : b, c ~~|
y = 7 ~~|
x[a] = ACTIVE INITIAL(y, 1) ~~|
x[Sub] = 5, 6 ~~|
from a = INTEG(0, x[a]) ~~|
from b = INTEG(x[b], x[b]) ~~|
${CONTROL(1)}`);
    // ACTIVE INITIAL gives x[a] the value 1 while stocks start, y after; x[b] is 5 throughout.
    expect(t.series('from a')).toEqual([1, 1]);
    expect(t.series('from b')).toEqual([5, 10]);
    expect(row(t, 'x', ['a', 'b', 'c'])).toEqual([7, 5, 6]);
  });
});

describe('Vensim data read as Vensim reads it', () => {
  const workbook = (): Uint8Array => {
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['', 0, 2, 4], ['a', 10, 20, 30], ['b', 1, 2, 3], [], ['', 5], ['', 7]]), 'Sheet1');
    book.Workbook = { Names: [{ Name: 'time_index', Ref: 'Sheet1!$B$1:$D$1' }, { Name: 'series', Ref: 'Sheet1!$B$2:$D$3' }, { Name: 'times_down', Ref: 'Sheet1!$B$5:$B$6' }] };
    return new Uint8Array(XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
  };
  const options = (): CompileOptions => {
    const bytes = workbook();
    return { readFile: (name: string) => (name === 'input.xlsx' ? bytes : undefined), workbooks: sheetJsWorkbooks(XLSX as unknown as SheetJsLike) };
  };

  it('GET DIRECT DATA with the times and the values in ranges the workbook names (SDXorg vector_order, get_xls_cellrange)', () => {
    const t = run(`S : a, b ~~|\nd[S] := GET DIRECT DATA('input.xlsx', 'Sheet1', 'time_index', 'series') ~~|\n${CONTROL(4)}`, options());
    expect(row(t, 'd', ['a', 'b'], 1)).toEqual([15, 1.5]);
    expect(row(t, 'd', ['a', 'b'], 4)).toEqual([30, 3]);
  });

  it('constant elements of a data variable keep their value beside the series (SDXorg get_mixed_definitions)', () => {
    const t = run(`S : a, b, c ~~|\nd[a] := GET DIRECT DATA('input.xlsx', 'Sheet1', 'time_index', 'series') ~~|\nd[b] = 5 ~~|\nd[c] = 7 ~~|\n${CONTROL(2)}`, options());
    expect(row(t, 'd', ['a', 'b', 'c'], 2)).toEqual([20, 5, 7]);
  });

  it('a lookup written with its x values out of order reads them in order (SDXorg subscripted_lookups: -1, -4, -7, -3)', () => {
    const t = run(`look((2,-3),(1,-7),(0,-1)) ~~|\nout = look(Time) ~~|\n${CONTROL(2, 0.5)}`);
    expect(t.series('out')).toEqual([-1, -4, -7, -5, -3]);
  });

  it('a backslash before a Windows line break continues the equation, also right before its "~" (SDXorg except)', () => {
    const t = run(`x = \\\r\n\t1 + \\\r\n\t2\\\r\n\t ~~|\r\n${CONTROL(1).replaceAll('\n', '\r\n')}`);
    expect(t.series('x')).toEqual([3, 3]);
  });

  it('VECTOR SELECT over a range mapped onto another in a different order is refused with a reason, not a crash', () => {
    const result = compileModel(`D : a1, a2, a3 ~~|\nE : e1, e2, e3 -> (D : a3, a2, a1) ~~|\nsel[D] = 1, 0, 1 ~~|\nv[D] = 1, 2, 3 ~~|\nx = VECTOR SELECT(sel[E!], v[E!], -1, 0, 0) ~~|\n${CONTROL(1)}`, { fileName: 'model.mdl' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map(formatModelError).join('\n')).toMatch(/variable "x".*mapping/);
  });
});
