import { describe, expect, it } from 'vitest';
import { compileModel, formatModelError, type ModelError } from '../../src/engine/index.ts';
import { aux, flow, moduleVar, stock, xmile, type MacroInput, type VariableInput } from '../helpers/xmile-builder.ts';
import { compileOrThrow, simulate, trajectory } from '../helpers/run-model.ts';
import { simulateEverywhere } from '../helpers/every-backend.ts';

/**
 * XMILE 1.0 modules (section 4.7.1): `<module name="growth">` instantiates `<model name="growth">`;
 * `<connect to="growth.rate" from=".outer_rate"/>` feeds the module's input `rate` (declared
 * access="input") from the parent's `outer_rate`; the parent reads a module output as `growth.report`.
 */
const growthModel = {
  name: 'growth',
  variables: [
    aux('rate', '0.1', { access: 'input' }),
    stock('level', '1', { inflows: ['gain'] }),
    flow('gain', 'level * rate'),
    aux('report', 'level', { access: 'output' }),
  ],
};

function growthParent(connections: readonly { to: string; from: string }[]): string {
  return xmile({ stop: 4, dt: 1 }, [aux('outer rate', '0.5'), moduleVar('growth', connections), aux('seen', 'growth.report * 2')], { models: [growthModel] });
}

function errorsOf(source: string): readonly ModelError[] {
  const result = compileModel(source, { fileName: 'modules.xmile' });
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.errors;
}

describe('modules', () => {
  it('feeds a connected input from the parent and lets the parent read an output', () => {
    const run = simulate(growthParent([{ to: 'growth.rate', from: '.outer_rate' }]));
    expect(run.series('growth.rate')).toEqual([0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(run.series('growth.level')).toEqual([1, 1.5, 2.25, 3.375, 5.0625]);
    expect(run.series('seen')).toEqual(run.series('growth.level').map((level) => level * 2));
  });

  it('accepts the input named without the module prefix', () => {
    const qualified = simulate(growthParent([{ to: 'growth.rate', from: '.outer_rate' }]));
    const bare = simulate(growthParent([{ to: 'rate', from: 'outer_rate' }]));
    expect(bare.series('seen')).toEqual(qualified.series('seen'));
  });

  it('makes the parent constant, not the replaced input, the parameter to change', () => {
    const model = compileOrThrow(growthParent([{ to: 'growth.rate', from: '.outer_rate' }]));
    expect(model.parameters.map((p) => p.id)).toEqual(['outer_rate']);
    const faster = trajectory(model, { overrides: { 'outer rate': 1 } });
    expect(faster.series('growth.level')).toEqual([1, 2, 4, 8, 16]);
  });

  it('an unconnected input keeps its own equation and can be overridden by its qualified id', () => {
    const model = compileOrThrow(growthParent([]));
    expect(model.parameters.map((p) => p.id).sort()).toEqual(['growth.rate', 'outer_rate']);
    expect(trajectory(model).series('growth.level')[1]).toBeCloseTo(1.1, 14);
    expect(trajectory(model, { overrides: { 'growth.rate': 1 } }).series('growth.level')).toEqual([1, 2, 4, 8, 16]);
  });

  it('connects one module’s output to another module’s input', () => {
    const source = xmile({ stop: 3, dt: 1 }, [moduleVar('source'), moduleVar('sink', [{ to: 'sink.incoming', from: 'source.out' }]), aux('seen', 'sink.result')], {
      models: [
        { name: 'source', variables: [aux('out', 'TIME * 3', { access: 'output' })] },
        { name: 'sink', variables: [aux('incoming', '0', { access: 'input' }), aux('result', 'incoming + 1', { access: 'output' })] },
      ],
    });
    expect(simulate(source).series('seen')).toEqual([1, 4, 7, 10]);
  });

  it('a connection between two modules listed on both, as Stella Architect writes it, feeds the input once (SDXorg hares and lynxes)', () => {
    const hares = { name: 'hares', variables: [stock('hares', '50', { inflows: ['births'] }), flow('births', 'hares * 0.1 - lynxes'), aux('lynxes', '0', { access: 'input' }), aux('density', 'hares / 10', { access: 'output' })] };
    const lynxes = { name: 'lynxes', variables: [stock('lynxes', '2', { inflows: ['lynx births'] }), flow('lynx births', 'hare_density * 0.05'), aux('hare density', '0', { access: 'input' })] };
    const both = [
      moduleVar('hares', [{ to: 'hares.lynxes', from: 'lynxes.lynxes' }, { to: 'lynxes.hare_density', from: 'hares.density' }]),
      moduleVar('lynxes', [{ to: 'hares.lynxes', from: 'lynxes.lynxes' }, { to: 'lynxes.hare_density', from: 'hares.density' }]),
    ];
    const each = [moduleVar('hares', [{ to: 'lynxes', from: 'lynxes.lynxes' }]), moduleVar('lynxes', [{ to: 'hare_density', from: 'hares.density' }])];
    const listedOnBoth = simulateEverywhere(xmile({ stop: 4, dt: 1 }, both, { models: [hares, lynxes] }));
    const listedOnEach = simulateEverywhere(xmile({ stop: 4, dt: 1 }, each, { models: [hares, lynxes] }));
    expect(listedOnBoth.series('hares.hares')).toEqual(listedOnEach.series('hares.hares'));
    expect(listedOnBoth.series('lynxes.lynxes')[1]).toBeCloseTo(2 + 0.05 * 5, 12);
    expect(listedOnBoth.series('hares.hares')[1]).toBeCloseTo(50 + 5 - 2, 12);
  });

  it('two different sources for one input are refused, naming both', () => {
    const [error] = errorsOf(
      xmile({ stop: 1 }, [aux('a', '1'), aux('b', '2'), moduleVar('growth', [{ to: 'growth.rate', from: '.a' }]), moduleVar('other', [{ to: 'growth.rate', from: '.b' }])], {
        models: [growthModel, { name: 'other', variables: [aux('x', '1')] }],
      }),
    );
    expect(error!.message).toMatch(/module "growth" has its input "rate" connected twice, from "\.a" and from "\.b"/);
  });

  it('labels module variables with the instance name', () => {
    const model = compileOrThrow(growthParent([{ to: 'growth.rate', from: '.outer_rate' }]));
    const level = model.outputs.find((o) => o.id === 'growth.level');
    expect(level).toMatchObject({ label: 'growth.level', kind: 'stock' });
  });

  it('a connection to an input the module does not have is an error, not silently dropped', () => {
    const [error] = errorsOf(growthParent([{ to: 'growth.rat', from: '.outer_rate' }]));
    expect(error).toMatchObject({ code: 'unknown-variable', variable: 'growth', file: 'modules.xmile' });
    expect(error!.message).toMatch(/"growth.rat"/);
  });

  it('a connection from a parent variable that does not exist names both ends', () => {
    const [error] = errorsOf(growthParent([{ to: 'growth.rate', from: '.missing' }]));
    expect(formatModelError(error!)).toMatch(/growth\.rate.*connected to "missing", which does not exist/);
  });

  it('a stock input connected from outside is replaced by the connected value; its own flows change nothing', () => {
    const tank = {
      name: 'tank',
      variables: [
        stock('level', '100', { access: 'input', inflows: ['filling'] }),
        flow('filling', '7'),
        aux('doubled', 'level * 2', { access: 'output' }),
      ],
    };
    const connected = simulate(xmile({ stop: 3, dt: 1 }, [aux('outer level', 'TIME * 10'), moduleVar('tank', [{ to: 'tank.level', from: '.outer_level' }])], { models: [tank] }));
    expect(connected.series('tank.level')).toEqual([0, 10, 20, 30]);
    expect(connected.series('tank.doubled')).toEqual([0, 20, 40, 60]);
    const alone = simulate(xmile({ stop: 3, dt: 1 }, [moduleVar('tank')], { models: [tank] }));
    expect(alone.series('tank.level')).toEqual([100, 107, 114, 121]);
  });

  it('a connected stock input runs the same on both back ends', () => {
    const source = xmile({ stop: 3, dt: 0.5 }, [aux('outer', 'SIN(TIME)'), moduleVar('m', [{ to: 'm.s', from: '.outer' }])], {
      models: [{ name: 'm', variables: [stock('s', '1', { access: 'input', inflows: ['f'] }), flow('f', 's * 0.5'), aux('out', 's + f', { access: 'output' })] }],
    });
    const codegen = compileOrThrow(source, { backend: 'codegen' }).run();
    const vm = compileOrThrow(source, { backend: 'vm' }).run();
    expect(Array.from(vm.series.get('m.out')!)).toEqual(Array.from(codegen.series.get('m.out')!));
    expect(Array.from(codegen.series.get('m.s')!)).toEqual(Array.from(codegen.series.get('outer')!));
  });

  it('a module of a model the file does not define is named', () => {
    const [error] = errorsOf(xmile({ stop: 1 }, [moduleVar('ghost')]));
    expect(error!.message).toMatch(/module "ghost" refers to model "ghost", which the file does not define/);
  });

  it('a module that contains itself is refused with the chain of modules', () => {
    const start = performance.now();
    const [error] = errorsOf(xmile({ stop: 1 }, [moduleVar('loop')], { models: [{ name: 'loop', variables: [aux('x', '1'), moduleVar('loop')] }] }));
    expect(performance.now() - start).toBeLessThan(1000);
    expect(error).toMatchObject({ code: 'circular', variable: 'loop' });
    expect(error!.message).toBe('module "loop" contains itself (the main model > "loop" > "loop")');
  });
});

describe('macros', () => {
  const double: MacroInput = { name: 'DOUBLE', parms: ['x'], eqn: 'x*2' };
  const macros: MacroInput[] = [
    double,
    { name: 'QUAD', parms: ['v'], eqn: 'DOUBLE(DOUBLE(v))' },
    { name: 'CLAMP', parms: ['v', 'low', 'high'], eqn: 'MIN(MAX(v, low), high)' },
  ];
  const withMacros = (variables: readonly VariableInput[]): string => xmile({ stop: 3, dt: 1 }, variables, { macros });

  it('expands an expression macro with its argument', () => {
    const run = simulate(withMacros([aux('input', 'TIME + 1'), aux('doubled', 'DOUBLE(input)'), aux('mixed', 'DOUBLE(input) + double(3)')]));
    expect(run.series('doubled')).toEqual([2, 4, 6, 8]);
    expect(run.series('mixed')).toEqual([8, 10, 12, 14]);
  });

  it('a parameter named like a model variable means the argument, not the variable', () => {
    const run = simulate(withMacros([aux('x', '100'), aux('y', 'DOUBLE(TIME)')]));
    expect(run.series('y')).toEqual([0, 2, 4, 6]);
  });

  it('macros can call macros and take several parameters', () => {
    const run = simulate(withMacros([aux('quad', 'QUAD(TIME)'), aux('clamped', 'CLAMP(TIME * 10, 5, 25)')]));
    expect(run.series('quad')).toEqual([0, 4, 8, 12]);
    expect(run.series('clamped')).toEqual([5, 10, 20, 25]);
  });

  it('a macro called with the wrong number of arguments says how many it takes', () => {
    const [error] = errorsOf(withMacros([aux('bad', 'DOUBLE(1, 2)')]));
    expect(error).toMatchObject({ code: 'arity', variable: 'bad', equation: 'DOUBLE(1, 2)' });
    expect(error!.message).toMatch(/DOUBLE takes 1 argument\(s\), not 2/);
  });

  /** A macro with its own stock: the running total of its input (XMILE 1.0 section 3.10). */
  const accumulate: MacroInput = {
    name: 'ACCUMULATE',
    parms: ['input'],
    eqn: 'total',
    variables: [stock('total', '0', { inflows: ['adding'] }), flow('adding', 'input')],
  };

  it('a macro with a stock keeps one stock per call site, each accumulating its own input', () => {
    const run = simulate(xmile({ stop: 4, dt: 1 }, [aux('ones', 'ACCUMULATE(1)'), aux('times', 'ACCUMULATE(TIME * 2) + 100')], { macros: [accumulate] }));
    expect(run.series('ones')).toEqual([0, 1, 2, 3, 4]);
    expect(run.series('times')).toEqual([100, 100, 102, 106, 112]);
  });

  it('two calls in one equation are two instances', () => {
    const run = simulate(xmile({ stop: 3, dt: 1 }, [aux('both', 'ACCUMULATE(1) * 10 + ACCUMULATE(2)')], { macros: [accumulate] }));
    expect(run.series('both')).toEqual([0, 12, 24, 36]);
  });

  it('each element of an arrayed caller has its own instance', () => {
    const run = simulate(
      xmile({ stop: 2, dt: 1 }, [aux('rate', '1, 5', { dimensions: ['Side'] }), aux('totals', 'ACCUMULATE(rate)', { dimensions: ['Side'] })], {
        macros: [accumulate],
        dimensions: [{ name: 'Side', elements: ['left', 'right'] }],
      }),
    );
    expect(run.series('totals[left]')).toEqual([0, 1, 2]);
    expect(run.series('totals[right]')).toEqual([0, 5, 10]);
  });

  it('a macro stock can start from a parameter, drain through an outflow and feed back on itself', () => {
    const decay: MacroInput = {
      name: 'DECAY',
      parms: ['start', 'lifetime'],
      eqn: 'remaining',
      variables: [stock('remaining', 'start', { outflows: ['loss'] }), flow('loss', 'remaining / lifetime')],
    };
    const run = simulate(xmile({ stop: 3, dt: 1 }, [aux('left', 'DECAY(80, 2)')], { macros: [decay] }));
    expect(run.series('left')).toEqual([80, 40, 20, 10]);
  });

  it('macro instances run the same on both back ends and with RK4, and hide their variables', () => {
    const source = xmile({ stop: 5, dt: 0.25 }, [aux('wave', 'SIN(TIME)'), aux('integral', 'ACCUMULATE(wave)')], { macros: [accumulate] });
    const codegen = compileOrThrow(source, { backend: 'codegen' });
    const vm = compileOrThrow(source, { backend: 'vm', method: 'rk4' });
    expect(Array.from(compileOrThrow(source, { backend: 'vm' }).run().series.get('integral')!)).toEqual(Array.from(codegen.run().series.get('integral')!));
    expect(vm.run().series.get('integral')!.at(-1)).toBeCloseTo(1 - Math.cos(5), 4);
    expect(codegen.outputs.map((output) => output.id)).toEqual(['wave', 'integral']);
  });

  it('a macro variable named like a parameter, a stock listing a flow it does not define, and a module inside are refused', () => {
    const clash: MacroInput = { name: 'CLASH', parms: ['input'], eqn: 'input', variables: [aux('input', '1')] };
    const strayFlow: MacroInput = { name: 'STRAY', parms: ['x'], eqn: 's', variables: [stock('s', '0', { inflows: ['elsewhere'] })] };
    const withModule: MacroInput = { name: 'NESTED', parms: ['x'], eqn: 'x', variables: [moduleVar('inner')] };
    const [clashError] = errorsOf(xmile({ stop: 1 }, [aux('a', 'CLASH(1)')], { macros: [clash] }));
    expect(clashError).toMatchObject({ code: 'structure', variable: 'a' });
    expect(clashError!.message).toMatch(/macro CLASH: its variable "input" has the name of a parameter/);
    const [strayError] = errorsOf(xmile({ stop: 1 }, [aux('b', 'STRAY(1)')], { macros: [strayFlow] }));
    expect(strayError!.message).toMatch(/the stock "s" lists "elsewhere" as a flow, but the macro has no flow of that name/);
    const [moduleError] = errorsOf(xmile({ stop: 1 }, [aux('c', 'NESTED(1)')], { macros: [withModule] }));
    expect(moduleError).toMatchObject({ code: 'unsupported', variable: 'c' });
  });

  it('a macro named with spaces is called by its name (SDXorg macro_expression/output.tab: EXPRESSION MACRO(5, 1.1) = 5.5)', () => {
    const macro: MacroInput = { name: 'EXPRESSION MACRO', parms: ['input', 'parameter'], eqn: 'EXPRESSION MACRO', variables: [aux('EXPRESSION MACRO', 'input*parameter')] };
    const run = simulateEverywhere(
      xmile({ stop: 1, dt: 1 }, [aux('macro input', '5'), aux('macro parameter', '1.1'), aux('macro output', 'EXPRESSION MACRO(macro_input, macro_parameter)')], { macros: [macro] }),
    );
    expect(run.series('macro output')).toEqual([5.5, 5.5]);
  });

  it('a macro whose parameter Stella draws as a flow into its stock (SDXorg macro_stock/output.tab: 1.1, 6.1, 11.1, …)', () => {
    const macro: MacroInput = {
      name: 'EXPRESSION MACRO',
      parms: ['input', 'parameter'],
      eqn: 'EXPRESSION MACRO',
      variables: [flow('input', ''), stock('EXPRESSION MACRO', 'parameter', { inflows: ['input'] })],
    };
    const run = simulateEverywhere(
      xmile({ stop: 3, dt: 1 }, [aux('macro input', '5'), aux('macro parameter', '1.1'), aux('macro output', 'EXPRESSION_MACRO(macro_input, macro_parameter)')], { macros: [macro] }),
    );
    expect(run.series('macro output')).toEqual([1.1, 6.1, 11.1, 16.1].map((value) => expect.closeTo(value, 12)));
  });

  it('a call of an unknown name of several words says the macro definition may be missing', () => {
    const [error] = errorsOf(xmile({ stop: 1 }, [aux('a', 'SECOND MACRO(1, 2)')]));
    expect(error).toMatchObject({ code: 'unknown-function', variable: 'a' });
    expect(error!.message).toBe('calls "SECOND MACRO", which is not a function this engine knows (if it is a macro, the file lacks its <macro> definition)');
  });

  it('a macro that calls itself twice per level is refused quickly, not expanded 2^50 times', () => {
    const start = performance.now();
    const [error] = errorsOf(xmile({ stop: 1 }, [aux('y', 'TWICE(1)')], { macros: [{ name: 'TWICE', parms: ['x'], eqn: 'TWICE(x) + TWICE(x)' }] }));
    expect(performance.now() - start).toBeLessThan(1000);
    expect(error).toMatchObject({ code: 'limit', variable: 'y' });
  });

  it('a macro that calls itself forever is refused quickly with a readable error', () => {
    const start = performance.now();
    const [error] = errorsOf(xmile({ stop: 1 }, [aux('y', 'FOREVER(1)')], { macros: [{ name: 'FOREVER', parms: ['x'], eqn: 'FOREVER(x) + 1' }] }));
    expect(performance.now() - start).toBeLessThan(1000);
    expect(error).toMatchObject({ code: 'limit', variable: 'y' });
    expect(error!.message).toMatch(/FOREVER calls itself too deeply/);
  });
});
