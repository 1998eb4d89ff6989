import { describe, expect, it } from 'vitest';
import { compileModel, formatModelError, readVensim, writeVensimConstants, type CompileOptions } from '../../src/engine/index.ts';
import { compileOrThrow, trajectory } from '../helpers/run-model.ts';

/**
 * Vensim's format (.mdl) and Vensim's semantics where they differ from XMILE. Each test has its
 * own small model; reference values come from Vensim's own outputs in the SDXorg suite (named
 * in the test) or from the Vensim documentation's definitions.
 */
const CONTROL = (final = 10, step = 1, saveper = 'TIME STEP') => `
FINAL TIME = ${final} ~ Month ~ |
INITIAL TIME = 0 ~ Month ~ |
SAVEPER = ${saveper} ~ Month [0,?] ~ |
TIME STEP = ${step} ~ Month [0,?] ~ |
`;

function run(mdl: string, options: CompileOptions = {}) {
  return trajectory(compileOrThrow(mdl, { fileName: 'model.mdl', ...options }));
}

function refusal(mdl: string, options: CompileOptions = {}): string {
  const result = compileModel(mdl, { fileName: 'model.mdl', ...options });
  if (result.ok) throw new Error('the model should have been refused');
  return result.errors.map(formatModelError).join('\n');
}

describe('Vensim .mdl: reading the file', () => {
  it('runs the teacup with Euler (Vensim\'s default) and saves rows every SAVEPER, not every TIME STEP', () => {
    const t = run(`{UTF-8}
Characteristic Time = 10 ~ Minutes [0,?] ~ How long "the cup takes |
Heat Loss to Room = (Teacup Temperature - Room Temperature)
	/ Characteristic Time ~ Degrees/Minute ~ |
Room Temperature = 70 ~ Degrees ~ |
Teacup Temperature = INTEG (-Heat Loss to Room, 180) ~ Degrees ~ An odd " quote in a comment |
${CONTROL(30, 0.125, '2')}
\\\\\\---/// Sketch information - do not modify anything except names
V300  Do not put anything below this section - it will be ignored
*View 1
10,1,Teacup Temperature,307,224,40,20,3,3,0,0,0,0,0,0
12,2,48,605,221,10,8,0,3,0,0,-1,0,0,0
1,3,5,2,4,0,0,22,0,0,0,-1--1--1,,1|(540,221)|
1,4,5,1,100,0,0,22,0,0,0,-1--1--1,,1|(375,221)|
11,5,48,457,221,6,8,34,3,0,0,1,0,0,0
10,6,Heat Loss to Room,457,240,49,11,40,3,0,0,-1,0,0,0
10,7,Room Temperature,465,350,49,11,8,3,0,0,0,0,0,0
1,8,1,5,1,0,0,0,0,64,0,-1--1--1,,1|(380,290)|
1,9,7,5,1,0,0,0,0,64,0,-1--1--1,,1|(460,300)|
///---\\\\\\
`);
    // Saved every 2 minutes: 16 rows from 0 to 30.
    expect(t.time).toEqual(Array.from({ length: 16 }, (_, i) => 2 * i));
    // Euler: T(n) = 70 + 110 (1 - 0.125/10)^n, n = 240 steps at t = 30.
    expect(t.at('teacup_temperature', 30)).toBeCloseTo(70 + 110 * 0.9875 ** 240, 9);
    expect(t.at('heat_loss_to_room', 0)).toBe(11);
    expect(t.model.specs.method).toBe('euler');
    const structure = t.model.introspect();
    // The sketch becomes the diagram; the stock's rate becomes its outflow, and the loop is found.
    expect(structure.views[0]!.elements.map((element) => `${element.kind}:${element.id}`)).toEqual([
      'stock:teacup_temperature',
      'flow:heat_loss_to_room',
      'aux:room_temperature',
    ]);
    expect(structure.views[0]!.elements[1]!.points).toEqual([{ x: 307, y: 224 }, { x: 605, y: 221 }]);
    expect(structure.links).toContainEqual({ from: 'teacup_temperature', to: 'heat_loss_to_room', kind: 'outflow' });
    expect(structure.loops.map((loop) => loop.polarity)).toEqual(['B']);
  });

  it('reads names with spaces and quotes, line continuations, comments and the control group', () => {
    const t = run(`{UTF-8}
"rate (per month)" = 2 ~ 1/Month ~ |
total \\
   growth = "rate (per month)" * {a comment} 3 ~ ~ |
********************************************************
	.Control
********************************************************~
		Simulation Control Parameters
	|
${CONTROL(2)}`);
    expect(t.at('total_growth', 1)).toBe(6);
    expect(t.result.outputs.map((output) => output.label)).toContain('rate (per month)');
  });

  it('reports a syntax error with its line and the variable', () => {
    const message = refusal(`x = 1 + ~ ~ |\n${CONTROL()}`);
    expect(message).toContain('variable "x"');
    expect(message).toMatch(/line 1: the equation ends too early/);
  });

  it('reads powers from the right and binds them tighter than minus, as Vensim does (SDXorg arithmetics, exponentiation)', () => {
    const t = run(`a = 4^3^2 ~~|\nb = -2^2 ~~|\nc = (4^3)^2 ~~|\n${CONTROL(1)}`);
    expect(t.at('a', 0)).toBe(262144);
    expect(t.at('b', 0)).toBe(-4);
    expect(t.at('c', 0)).toBe(4096);
  });
});

describe('Vensim functions with Vensim\'s meaning', () => {
  it('INTEGER drops the fraction toward zero and MODULO keeps the sign of the dividend (SDXorg rounding: -9, -0.9)', () => {
    const t = run(`x = -10 + Time/10 ~~|\ni = INTEGER(x) ~~|\nm = MODULO(x, 3) ~~|\nq = QUANTUM(7.5, 2) ~~|\n${CONTROL(2)}`);
    expect(t.at('i', 1)).toBe(-9);
    expect(t.at('m', 1)).toBeCloseTo(-0.9, 12);
    expect(t.at('q', 0)).toBe(6);
  });

  it('PULSE(start, width) is 1 from start for width; PULSE TRAIN repeats it until the end; RAMP, STEP', () => {
    const t = run(`p = PULSE(3, 2) ~~|\ntrain = PULSE TRAIN(1, 1, 3, 7) ~~|\nr = RAMP(2, 2, 5) ~~|\ns = STEP(4, 6) ~~|\n${CONTROL(10)}`);
    expect(t.series('p')).toEqual([0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect(t.series('train')).toEqual([0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0]);
    expect(t.series('r')).toEqual([0, 0, 0, 2, 4, 6, 6, 6, 6, 6, 6]);
    expect(t.series('s')).toEqual([0, 0, 0, 0, 0, 0, 4, 4, 4, 4, 4]);
  });

  it('XIDZ and ZIDZ treat a divisor below 1e-6 as zero', () => {
    const t = run(`a = XIDZ(3, 0, 7) ~~|\nb = ZIDZ(3, 1e-9) ~~|\nc = XIDZ(3, 2, 7) ~~|\n${CONTROL(1)}`);
    expect([t.at('a', 0), t.at('b', 0), t.at('c', 0)]).toEqual([7, 0, 1.5]);
  });

  it('ACTIVE INITIAL gives the stock its start value; the variable itself reports its equation (SDXorg active_initial: Stock A 45, Value A 0 at t=0)', () => {
    const t = run(`Flow A = 1 ~~|\nStock A = INTEG(Flow A, Value A) ~~|\nValue A = ACTIVE INITIAL(Time, 45) ~~|\n${CONTROL(3)}`);
    expect(t.series('stock_a')).toEqual([45, 46, 47, 48]);
    expect(t.series('value_a')).toEqual([0, 1, 2, 3]);
  });

  it('DELAY FIXED reads its delay once and delays by at least one step, rounded to steps (SDXorg delay_fixed)', () => {
    const t = run(`ts = Time^2 ~~|\nd05 = DELAY FIXED(ts, 0.5, -10) ~~|\nd15 = DELAY FIXED(ts, 1.5, 20) ~~|\nd0 = DELAY FIXED(ts, Time/2, 4) ~~|\n${CONTROL(4)}`);
    expect(t.series('d05')).toEqual([-10, 0, 1, 4, 9]);
    expect(t.series('d15')).toEqual([20, 20, 0, 1, 4]);
    expect(t.series('d0')).toEqual([4, 0, 1, 4, 9]);
  });

  it('SMOOTH, SMOOTHI, SMOOTH3, DELAY1, DELAY3 and the order of SMOOTH N / DELAY N fixed at the start', () => {
    const t = run(`in = STEP(10, 1) ~~|
s1 = SMOOTH(in, 2) ~~|
s1i = SMOOTHI(in, 2, 5) ~~|
s3 = SMOOTH3(in, 3) ~~|
d1 = DELAY1(in, 2) ~~|
d3 = DELAY3I(in, 3, 1) ~~|
order = 3 + STEP(1, 5) ~~|
sn = SMOOTH N(in, 3, 0, order) ~~|
dn = DELAY N(in, 3, 0, order) ~~|
d3n = DELAY3(in, 3) ~~|
${CONTROL(3)}`);
    // Euler, dt 1: SMOOTH(in, 2) = 0, 0, 5, 7.5.
    expect(t.series('s1')).toEqual([0, 0, 5, 7.5]);
    expect(t.series('s1i')).toEqual([5, 2.5, 6.25, 8.125]);
    expect(t.series('d1')).toEqual([0, 0, 5, 7.5]);
    expect(t.series('d3')[0]).toBe(1);
    // The order is 3 at the start: SMOOTH N(…, 3) equals SMOOTH3.
    expect(t.series('sn')).toEqual(t.series('s3'));
    expect(t.series('dn')).toEqual(t.series('d3n'));
  });

  it('SAMPLE IF TRUE holds the last sampled value', () => {
    const t = run(`s = SAMPLE IF TRUE(MODULO(Time, 3) = 0, Time * 10, -1) ~~|\n${CONTROL(5)}`);
    expect(t.series('s')).toEqual([0, 0, 0, 30, 30, 30]);
  });

  it('lookups hold their end values; WITH LOOKUP and LOOKUP EXTRAPOLATE', () => {
    const t = run(`table([(0,0)-(2,20)], (0,0), (1,10), (2,20)) ~~|
held = table(Time) ~~|
inline = WITH LOOKUP(Time, ([(0,0)-(2,2)], (0,0), (2,2))) ~~|
extrapolated = LOOKUP EXTRAPOLATE(table, Time) ~~|
${CONTROL(4)}`);
    expect(t.series('held')).toEqual([0, 10, 20, 20, 20]);
    expect(t.series('inline')).toEqual([0, 1, 2, 2, 2]);
    expect(t.series('extrapolated')).toEqual([0, 10, 20, 30, 40]);
  });

  it('refuses a model with a Vensim function it lacks, naming the function and the variable', () => {
    const message = refusal(`Dims: a, b ~~|\nx[Dims] = 1, 2 ~~|\ny = ALLOCATE AVAILABLE(x[Dims!], x[Dims!], 3) ~~|\n${CONTROL()}`);
    expect(message).toContain('variable "y"');
    expect(message).toContain('ALLOCATE AVAILABLE');
  });

  it('VECTOR SELECT: sum, product, minimum and mean over the selected elements, the missing value when none is (SDXorg vector_select)', () => {
    const t = run(`D: (d1-d4) ~~|
sel[D] = 1, 0, 2, 0 ~~|
none[D] = 0, 0, 0, 0 ~~|
v[D] = 3, 5, 4, 7 ~~|
weighted sum = VECTOR SELECT(sel[D!], v[D!], -1, 0, 0) ~~|
product = VECTOR SELECT(sel[D!], v[D!], -1, 7, 0) ~~|
minimum = VECTOR SELECT(sel[D!], v[D!], -1, 8, 0) ~~|
mean = VECTOR SELECT(sel[D!], v[D!], -1, 10, 0) ~~|
missing = VECTOR SELECT(none[D!], v[D!], -1, 0, 0) ~~|
by time = VECTOR SELECT(sel[D!], v[D!], -1, Time, 0) ~~|
${CONTROL(1)}`);
    expect([t.at('weighted_sum', 0), t.at('product', 0), t.at('minimum', 0), t.at('mean', 0), t.at('missing', 0)]).toEqual([11, 12, 3, 3.5, -1]);
    // Action 0 (weighted sum) at time 0, action 1 (weighted product: 3 × 8) at time 1.
    expect(t.series('by_time')).toEqual([11, 24]);
  });

  it('INVERT MATRIX of a constant matrix ([[4, 7], [2, 6]] → [[0.6, -0.7], [-0.2, 0.4]], SDXorg invert_matrix)', () => {
    const t = run(`R: a, b ~~|\nC: a, b ~~|\nm[R, C] = 4, 7; 2, 6; ~~|\ninv[R, C] = INVERT MATRIX(m[R, C], 2) ~~|\n${CONTROL(1)}`);
    expect(t.at('inv[a,a]', 0)).toBeCloseTo(0.6, 12);
    expect(t.at('inv[a,b]', 0)).toBeCloseTo(-0.7, 12);
    expect(t.at('inv[b,a]', 0)).toBeCloseTo(-0.2, 12);
    expect(t.at('inv[b,b]', 0)).toBeCloseTo(0.4, 12);
    expect(refusal(`R: a, b ~~|\nC: a, b ~~|\nm[R, C] = Time + 1 ~~|\ninv[R, C] = INVERT MATRIX(m[R, C], 2) ~~|\n${CONTROL(1)}`)).toMatch(/INVERT MATRIX is supported for constant matrices only/);
  });

  it('macros, one calling another, with a stock inside (SDXorg macro_stock: 1.1, 6.1, 11.1)', () => {
    const t = run(`:MACRO: ACCUMULATE(input, start)
ACCUMULATE = INTEG(HALF(input) * 2, start) ~ ~ |
:END OF MACRO:
:MACRO: HALF(x)
HALF = x / 2 ~ ~ |
:END OF MACRO:
out = ACCUMULATE(5, 1.1) ~~|
${CONTROL(2)}`);
    expect(t.series('out')).toEqual([1.1, 6.1, 11.1]);
  });
});

describe('Vensim subscripts', () => {
  it('numbered ranges, constant lists, SUM over a range, ELMCOUNT, a range read as the element\'s position', () => {
    const t = run(`Cohort: (c1-c3) ~~|
people[Cohort] = 10, 20, 30 ~~|
total = SUM(people[Cohort!]) ~~|
count = ELMCOUNT(Cohort) ~~|
position[Cohort] = Cohort ~~|
${CONTROL(1)}`);
    expect(t.at('total', 0)).toBe(60);
    expect(t.at('count', 0)).toBe(3);
    expect([t.at('position[c1]', 0), t.at('position[c3]', 0)]).toEqual([1, 3]);
  });

  it('sub-ranges and mappings: the aging chain of the Vensim manual (SDXorg subscript_mapping_vensim)', () => {
    const t = run(`AGE: INFANT, CHILD, TEEN ~~|
OLDER: CHILD, TEEN ~~|
PREVIOUS: INFANT, CHILD -> OLDER ~~|
POPULATION[INFANT] = INTEG(births - aging[INFANT], 100) ~~|
POPULATION[OLDER] = INTEG(aging[PREVIOUS] - aging[OLDER], 100) ~~|
births = 5 ~~|
aging[AGE] = 1, 2, 3 ~~|
${CONTROL(1)}`);
    // CHILD gains INFANT's aging (1) and loses its own (2); TEEN gains CHILD's (2), loses 3.
    expect(t.at('population[infant]', 1)).toBe(104);
    expect(t.at('population[child]', 1)).toBe(99);
    expect(t.at('population[teen]', 1)).toBe(99);
  });

  it(':EXCEPT: and equations for single elements', () => {
    const t = run(`Region: north, south, east ~~|
x[Region] :EXCEPT: [south] = 1 ~~|
x[south] = 2 ~~|
y[Region] = x[Region] * 10 ~~|
${CONTROL(1)}`);
    expect(['north', 'south', 'east'].map((r) => t.at(`y[${r}]`, 0))).toEqual([10, 20, 10]);
  });

  it('a variable defined for part of a range has only those elements, as Vensim reports (SDXorg smaller_range)', () => {
    const model = compileOrThrow(`Dims: A, B, C ~~|\nv[A] = 1 ~~|\nv[C] = 3 ~~|\n${CONTROL(1)}`, { fileName: 'm.mdl' });
    expect(model.outputs.filter((output) => output.variable === 'v').map((output) => output.label)).toEqual(['v[A]', 'v[C]']);
  });
});

describe('Vensim data from files beside the model', () => {
  const files: Record<string, string> = {
    'inputs.csv': 'Time,demand,price\n0,10,1\n2,30,2\n4,30,4\n',
    'constants.csv': 'name,a,b\nsize,5,7\n',
  };
  const readFile = (name: string) => files[name];

  it('GET DIRECT DATA interpolates between points and holds the ends; :HOLD BACKWARD: steps', () => {
    const t = run(
      `demand := GET DIRECT DATA('inputs.csv', ',', 'A', 'B2') ~~|
price :HOLD BACKWARD: := GET DIRECT DATA('inputs.csv', ',', 'A', 'C2') ~~|
${CONTROL(5)}`,
      { readFile },
    );
    expect(t.series('demand')).toEqual([10, 20, 30, 30, 30, 30]);
    expect(t.series('price')).toEqual([1, 1, 2, 2, 4, 4]);
  });

  it('GET DIRECT CONSTANTS reads a row for a one-range variable', () => {
    const t = run(`S: a, b ~~|\nsize[S] = GET DIRECT CONSTANTS('constants.csv', ',', 'B2') ~~|\n${CONTROL(1)}`, { readFile });
    expect([t.at('size[a]', 0), t.at('size[b]', 0)]).toEqual([5, 7]);
  });

  it('names the missing file when the data is not beside the model', () => {
    expect(refusal(`d := GET DIRECT DATA('missing.csv', ',', 'A', 'B2') ~~|\n${CONTROL()}`, { readFile })).toContain('the data file "missing.csv" could not be found beside the model');
  });
});

describe('Vensim time settings and run-time data', () => {
  it('FINAL TIME written as an equation ends the run at the first time that reaches it (SDXorg dynamic_final_time: stops at 28)', () => {
    const model = compileOrThrow(`twice = Time * 2 - 5 ~~|
FINAL TIME = IF THEN ELSE(twice > 50, Time, 100) ~ Month ~ |
INITIAL TIME = 0 ~ Month ~ |
SAVEPER = TIME STEP ~ Month ~ |
TIME STEP = 1 ~ Month ~ |`, { fileName: 'm.mdl' });
    const result = model.run();
    expect(result.time.at(-1)).toBe(28);
    expect(result.time).toHaveLength(29);
  });

  it('GET TIME VALUE of simulated time, now or at the start, plus an offset; calendar measures are refused by name', () => {
    const t = run(`now = GET TIME VALUE(0, 2, 0) ~~|\nfrom start = GET TIME VALUE(1, 3, 0) ~~|\n${CONTROL(2)}`);
    expect(t.series('now')).toEqual([2, 3, 4]);
    expect(t.series('from_start')).toEqual([3, 3, 3]);
    expect(refusal(`y = GET TIME VALUE(0, 0, 1) ~~|\n${CONTROL()}`)).toMatch(/GET TIME VALUE is supported for the simulated time only/);
  });

  it('a data variable without GET reads the run\'s data source by name (Vensim\'s .vdf as a table)', () => {
    const files: Record<string, string> = { 'run.tab': 'Time\tdemand[a]\tdemand[b]\n0\t1\t10\n2\t3\t\n4\t5\t30\n' };
    const t = run(`S: a, b ~~|\ndemand[S] :INTERPOLATE: ~~|\n${CONTROL(4)}`, { readFile: (name) => files[name], dataSources: ['run.tab'] });
    expect(t.series('demand[a]')).toEqual([1, 2, 3, 4, 5]);
    // A blank cell is a time without data: interpolated across.
    expect(t.series('demand[b]')).toEqual([10, 15, 20, 25, 30]);
    expect(refusal(`d :INTERPOLATE: ~~|\n${CONTROL()}`)).toMatch(/data variable without a GET DATA function.*--data/);
  });

  it(':LOOK FORWARD: data takes the next point\'s value', () => {
    const files: Record<string, string> = { 'd.csv': 'Time,v\n0,1\n2,3\n4,5\n' };
    const t = run(`v :LOOK FORWARD: := GET DIRECT DATA('d.csv', ',', 'A', 'B2') ~~|\n${CONTROL(5)}`, { readFile: (name) => files[name] });
    expect(t.series('v')).toEqual([1, 3, 3, 5, 5, 5]);
  });
});

describe('Vensim models in the explorer', () => {
  it('writes changed constants back into the Vensim text, keeping the rest', () => {
    const source = `{UTF-8}\nRoom Temperature = 70 ~ Degrees ~ The room |\nrate = 0.5 ~~|\n${CONTROL()}`;
    const written = writeVensimConstants(source, { room_temperature: 65, rate: 0.25 });
    expect(written).toContain('Room Temperature = 65 ~ Degrees ~ The room |');
    expect(written).toContain('rate = 0.25 ~~|');
    expect(readVensim(written).errors).toEqual([]);
  });
});
