import { describe, expect, it } from 'vitest';
import type { FeedbackLoop, ModelStructure } from '../../src/engine/index.ts';
import { aux, flow, moduleVar, stock, xmile, type VariableInput } from '../helpers/xmile-builder.ts';
import { compileOrThrow } from '../helpers/run-model.ts';
import { finishes } from './hang-guard.ts';

/**
 * CompiledModel.introspect(): the links between variables, the diagram layout of the file, and
 * the feedback loops with polarities measured at the initial state.
 */
function structureOf(variables: readonly VariableInput[], extras: Parameters<typeof xmile>[2] = {}): ModelStructure {
  return compileOrThrow(xmile({ stop: 10, dt: 0.25 }, variables, extras)).introspect();
}

/** Loops as `R: a → b` lines, easy to compare as a whole. */
function loopLines(loops: readonly FeedbackLoop[]): string[] {
  return loops.map((loop) => `${loop.polarity}: ${loop.variables.join(' → ')}`);
}

function polarityOf(structure: ModelStructure, from: string, to: string): string | undefined {
  return structure.links.find((link) => link.from === from && link.to === to && link.kind === 'information')?.polarity;
}

describe('links', () => {
  const goalSeeking = [
    stock('Level', 'goal / 2', { inflows: ['adjustment'] }),
    flow('adjustment', '(goal - Level) / adjustment_time'),
    aux('goal', '50'),
    aux('adjustment time', '4'),
  ];

  it('lists information links, flows into and out of stocks, and initial-value links apart', () => {
    const structure = structureOf([...goalSeeking, stock('Drained', '5', { outflows: ['leak'] }), flow('leak', 'Drained / 10')]);
    const lines = structure.links.map((link) => `${link.from} ${link.kind} ${link.to}`).sort();
    expect(lines).toEqual(
      [
        'adjustment inflow level',
        'goal initial level',
        'goal information adjustment',
        'level information adjustment',
        'adjustment_time information adjustment',
        'drained outflow leak',
        'drained information leak',
      ].sort(),
    );
  });

  it('gives information links the sign of the influence and leaves stock-flow links to their kind', () => {
    const structure = structureOf(goalSeeking);
    expect(polarityOf(structure, 'goal', 'adjustment')).toBe('+');
    expect(polarityOf(structure, 'level', 'adjustment')).toBe('-');
    expect(polarityOf(structure, 'adjustment_time', 'adjustment')).toBe('-');
    expect(structure.links.find((link) => link.kind === 'inflow')).not.toHaveProperty('polarity');
  });

  it('reads a sign through the hidden stocks of SMTH1, DELAY3, a fixed DELAY and PREVIOUS', () => {
    const structure = structureOf([
      stock('S', '10', { inflows: ['f'] }),
      flow('f', '1'),
      aux('smoothed', 'SMTH1(S, 3)'),
      aux('delayed', '100 - DELAY3(S, 4)'),
      aux('pipeline', 'DELAY(S, 2)'),
      aux('remembered', 'PREVIOUS(S) * 2'),
    ]);
    expect(polarityOf(structure, 's', 'smoothed')).toBe('+');
    expect(polarityOf(structure, 's', 'delayed')).toBe('-');
    expect(polarityOf(structure, 's', 'pipeline')).toBe('+');
    expect(polarityOf(structure, 's', 'remembered')).toBe('+');
  });

  it('says "?" where the equation does not respond at the start: a threshold, a factor at zero', () => {
    const structure = structureOf([
      stock('S', '10', { inflows: ['f'] }),
      flow('f', '1'),
      aux('switch', 'IF S > 5 THEN 1 ELSE 0'),
      aux('zero', '0'),
      aux('product', 'S * zero'),
      aux('hump', '-(S - 10)^2'),
    ]);
    expect(polarityOf(structure, 's', 'switch')).toBe('?');
    expect(polarityOf(structure, 's', 'product')).toBe('?');
    expect(polarityOf(structure, 'zero', 'product')).toBe('+');
    expect(polarityOf(structure, 's', 'hump')).toBe('?');
  });

  it('uses a graphical function’s local slope', () => {
    const structure = structureOf([
      stock('S', '1', { inflows: ['f'] }),
      flow('f', '0'),
      aux('falling', 'S', { gf: { ys: [10, 5, 0], xscale: { min: 0, max: 2 } } }),
      aux('flat', 'S', { gf: { ys: [3, 3, 3], xscale: { min: 0, max: 2 } } }),
    ]);
    expect(polarityOf(structure, 's', 'falling')).toBe('-');
    expect(polarityOf(structure, 's', 'flat')).toBe('?');
  });

  it('names module variables with their instance prefix and links a connected input to its source', () => {
    const structure = structureOf([aux('outer rate', '0.5'), moduleVar('growth', [{ to: 'growth.rate', from: '.outer_rate' }])], {
      models: [{ name: 'growth', variables: [aux('rate', '0.1', { access: 'input' }), stock('level', '1', { inflows: ['gain'] }), flow('gain', 'level * rate')] }],
    });
    expect(structure.links).toContainEqual({ from: 'outer_rate', to: 'growth.rate', kind: 'information', polarity: '+' });
    expect(loopLines(structure.loops)).toEqual(['R: growth.level → growth.gain']);
  });

  it('a stock input connected from outside is linked to its source only, and is no stock on a loop', () => {
    const structure = structureOf([stock('Outer', '1', { inflows: ['grow'] }), flow('grow', 'm.report * 0.1'), moduleVar('m', [{ to: 'm.level', from: '.outer' }])], {
      models: [{ name: 'm', variables: [stock('level', '5', { access: 'input', inflows: ['filling'] }), flow('filling', '1'), aux('report', 'level', { access: 'output' })] }],
    });
    expect(structure.links.filter((link) => link.to === 'm.level' || link.from === 'm.level').map((link) => `${link.from} ${link.kind} ${link.to}`)).toEqual([
      'outer information m.level',
      'm.level information m.report',
    ]);
    expect(structure.loops).toEqual([
      { id: 'R1', variables: ['outer', 'm.level', 'm.report', 'grow'], stocks: ['outer'], linkPolarities: ['+', '+', '+', '+'], polarity: 'R' },
    ]);
  });
});

describe('feedback loops', () => {
  it('a population growing by births = population × rate is one reinforcing loop', () => {
    const structure = structureOf([stock('Population', '100', { inflows: ['births'] }), flow('births', 'Population * birth_rate'), aux('birth rate', '0.03')]);
    expect(structure.loops).toEqual([{ id: 'R1', variables: ['population', 'births'], stocks: ['population'], linkPolarities: ['+', '+'], polarity: 'R' }]);
    expect(structure.loopsTruncated).toBe(false);
  });

  it('a stock adjusting to a goal is one balancing loop', () => {
    const structure = structureOf([
      stock('Level', '10', { inflows: ['adjustment'] }),
      flow('adjustment', '(goal - Level) / adjustment_time'),
      aux('goal', '50'),
      aux('adjustment time', '4'),
    ]);
    expect(structure.loops).toEqual([{ id: 'B1', variables: ['level', 'adjustment'], stocks: ['level'], linkPolarities: ['-', '+'], polarity: 'B' }]);
  });

  it('logistic growth has a reinforcing births loop and a balancing crowding loop', () => {
    const structure = structureOf([
      stock('Population', '10', { inflows: ['births'] }),
      flow('births', 'Population * growth_rate * (1 - crowding)'),
      aux('crowding', 'Population / carrying_capacity'),
      aux('growth rate', '0.1'),
      aux('carrying capacity', '1000'),
    ]);
    expect(structure.loops.map(({ id, variables, linkPolarities }) => ({ id, variables, linkPolarities }))).toEqual([
      { id: 'R1', variables: ['population', 'births'], linkPolarities: ['+', '+'] },
      { id: 'B1', variables: ['population', 'crowding', 'births'], linkPolarities: ['+', '-', '+'] },
    ]);
  });

  it('an outflow that grows with its stock closes a balancing loop', () => {
    const structure = structureOf([stock('Tank', '100', { outflows: ['drain'] }), flow('drain', 'Tank / 5')]);
    expect(structure.loops).toEqual([{ id: 'B1', variables: ['tank', 'drain'], stocks: ['tank'], linkPolarities: ['+', '-'], polarity: 'B' }]);
  });

  it('finds three nested loops through one flow, shortest first', () => {
    const structure = structureOf([
      stock('S', '1', { inflows: ['f'] }),
      flow('f', 'S * 0.1 + a'),
      aux('a', 'S * 0.2 + b'),
      aux('b', 'S * 0.3'),
    ]);
    expect(loopLines(structure.loops)).toEqual(['R: s → f', 'R: s → a → f', 'R: s → b → a → f']);
    expect(structure.loops.map((loop) => loop.id)).toEqual(['R1', 'R2', 'R3']);
  });

  it('three stocks each feeding the other two give every elementary cycle once (3 pairs, 2 triangles)', () => {
    const structure = structureOf([
      stock('A', '1', { inflows: ['fa'] }),
      stock('B', '1', { inflows: ['fb'] }),
      stock('C', '1', { inflows: ['fc'] }),
      flow('fa', '(B + C) * 0.01'),
      flow('fb', '(A + C) * 0.01'),
      flow('fc', '(A + B) * 0.01'),
    ]);
    const lines = loopLines(structure.loops);
    expect(lines).toHaveLength(5);
    expect(new Set(lines).size).toBe(5);
    expect(lines.slice(0, 3).sort()).toEqual(['R: a → fb → b → fa', 'R: a → fc → c → fa', 'R: b → fc → c → fb']);
    expect(lines.slice(3).sort()).toEqual(['R: a → fb → b → fc → c → fa', 'R: a → fc → c → fb → b → fa']);
    expect(structure.loops.every((loop) => loop.stocks.length === loop.variables.length / 2)).toBe(true);
  });

  it('stops at maxLoops and says the list is truncated', () => {
    const model = compileOrThrow(
      xmile({ stop: 1 }, [
        stock('A', '1', { inflows: ['fa'] }),
        stock('B', '1', { inflows: ['fb'] }),
        stock('C', '1', { inflows: ['fc'] }),
        flow('fa', 'B + C'),
        flow('fb', 'A + C'),
        flow('fc', 'A + B'),
      ]),
    );
    expect(model.introspect({ maxLoops: 2 })).toMatchObject({ loopsTruncated: true, loops: { length: 2 } });
    expect(model.introspect({ maxLoops: 5 })).toMatchObject({ loopsTruncated: false, loops: { length: 5 } });
  });

  it('a densely linked model of 14 stocks (billions of cycles) stops at the cap', async () => {
    const names = Array.from({ length: 14 }, (_, i) => `s${i}`);
    const variables = names.flatMap((name) => [
      stock(name, '1', { inflows: [`in ${name}`] }),
      flow(`in ${name}`, `(${names.filter((other) => other !== name).join(' + ')}) * 0.001`),
    ]);
    // Finishing is guarded (hang-guard.ts); how fast is measured by `npm run bench`.
    const result = await finishes({ source: xmile({ stop: 1 }, variables), fileName: 'dense.xmile', introspect: {} });
    expect(result.loops).toEqual({ count: 10_000, truncated: true });
  });

  it('a stock’s initial value closes no loop', () => {
    const structure = structureOf([
      stock('A', 'B', { inflows: ['fa'] }),
      flow('fa', '1'),
      stock('B', '1', { inflows: ['fb'] }),
      flow('fb', 'A * 0.1'),
    ]);
    expect(structure.loops).toEqual([]);
  });

  it('a link whose sign is unknown makes the loop’s polarity "?", numbered U', () => {
    const structure = structureOf([stock('S', '10', { inflows: ['f'] }), flow('f', 'IF S > 5 THEN 1 ELSE -1')]);
    expect(structure.loops).toEqual([{ id: 'U1', variables: ['s', 'f'], stocks: ['s'], linkPolarities: ['?', '+'], polarity: '?' }]);
  });

  it('arrayed variables are one node each; a loop through them takes their common sign', () => {
    const structure = structureOf(
      [stock('Stock', '1', { dimensions: ['Region'], inflows: ['growth'] }), flow('growth', 'Stock * 0.1', { dimensions: ['Region'] })],
      { dimensions: [{ name: 'Region', elements: ['north', 'south'] }] },
    );
    expect(loopLines(structure.loops)).toEqual(['R: stock → growth']);
  });

  it('a macro’s hidden stock carries the influence of its argument to the caller', () => {
    const accumulate = { name: 'ACCUMULATE', parms: ['input'], eqn: 'total', variables: [stock('total', 'input', { inflows: ['adding'] }), flow('adding', 'input')] };
    const structure = structureOf([stock('S', '1', { inflows: ['f'] }), flow('f', '0.1 * ACCUMULATE(S)')], { macros: [accumulate] });
    expect(loopLines(structure.loops)).toEqual(['R: s → f']);
  });
});

describe('diagram layout', () => {
  const source = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">',
    '<header><name>layout</name></header>',
    '<sim_specs><start>0</start><stop>1</stop><dt>1</dt></sim_specs>',
    '<model><variables>',
    '<stock name="Stock A"><eqn>1</eqn><inflow>filling</inflow></stock>',
    '<flow name="filling"><eqn>rate</eqn></flow>',
    '<aux name="rate"><eqn>2</eqn></aux>',
    '</variables><views><view>',
    '<stock name="Stock_A" x="100" y="50" width="45" height="35"/>',
    '<flow name="filling" x="40" y="50"><pts><pt x="0" y="50"/><pt x="77" y="50"/></pts></flow>',
    '<aux name="rate" x="40" y="120"/>',
    '<aux name="gone" x="1" y="1"/>',
    '<connector angle="45"><from>rate</from><to>filling</to></connector>',
    '</view></views></model>',
    '</xmile>',
  ].join('\n');

  it('keeps each element’s position, size and pipe with the variable id, and drops names that are no variable', () => {
    const [view] = compileOrThrow(source).introspect().views;
    expect(view!.scope).toBe('');
    expect(view!.elements).toEqual([
      { id: 'stock_a', kind: 'stock', x: 100, y: 50, width: 45, height: 35 },
      { id: 'filling', kind: 'flow', x: 40, y: 50, points: [{ x: 0, y: 50 }, { x: 77, y: 50 }] },
      { id: 'rate', kind: 'aux', x: 40, y: 120 },
    ]);
    expect(view!.connectors).toEqual([{ from: 'rate', to: 'filling', angle: 45 }]);
  });

  it('reads sectors (view groups) and ghosts (aliases), with connectors from a ghost', () => {
    const withSectors = source.replace(
      '</view></views>',
      [
        '<group name="Supply" x="10" y="20" width="300" height="200"/>',
        '<group name="broken" x="10" y="20" width="0" height="200"/>',
        '<alias uid="7" x="220" y="140"><of>Stock A</of></alias>',
        '<alias uid="8" x="1" y="1"><of>nothing here</of></alias>',
        '<connector uid="9" angle="10"><from><alias uid="7"/></from><to>rate</to></connector>',
        '<connector uid="10"><from><alias uid="99"/></from><to>rate</to></connector>',
        '</view></views>',
      ].join(''),
    );
    const [view] = compileOrThrow(withSectors).introspect().views;
    expect(view!.groups).toEqual([{ name: 'Supply', x: 10, y: 20, width: 300, height: 200 }]);
    expect(view!.aliases).toEqual([{ uid: '7', of: 'stock_a', x: 220, y: 140 }]);
    expect(view!.connectors).toEqual([
      { from: 'rate', to: 'filling', angle: 45 },
      { from: 'stock_a', to: 'rate', angle: 10, fromAlias: '7' },
    ]);
  });

  it('a model without <views> has none', () => {
    expect(structureOf([aux('x', '1')]).views).toEqual([]);
  });
});
