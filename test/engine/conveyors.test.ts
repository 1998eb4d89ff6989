import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/index.ts';
import { aux, flow, stock, xmile, type VariableInput } from '../helpers/xmile-builder.ts';
import { compileOrThrow } from '../helpers/run-model.ts';
import { simulateEverywhere } from '../helpers/every-backend.ts';

/**
 * Conveyors as Stella computes them (XMILE 1.0 §4.2.1; isee's computational details). The
 * expected values are the worked scenarios of Simlin's conveyor specification (docs/design/
 * conveyors.md §15), which its reference prototype transcribes from isee's documentation: DT 0.25,
 * transit time 4 (16 slats), an inflow of 250 per time unit unless a scenario says otherwise.
 */
const conveyorXml = (options: { len?: string; capacity?: string; inLimit?: string; exponential?: boolean } = {}): string =>
  `<conveyor${options.exponential ? ' exponential_leak="true"' : ''}><len>${options.len ?? '4'}</len>${options.capacity ? `<capacity>${options.capacity}</capacity>` : ''}${options.inLimit ? `<in_limit>${options.inLimit}</in_limit>` : ''}</conveyor>`;

const leak = (name: string, fraction: string, zone: [number, number] = [0, 1]): VariableInput =>
  flow(name, fraction, { extra: '<leak/>', attributes: { leak_start: String(zone[0]), leak_end: String(zone[1]) } });

function belt(initial: string, options: Parameters<typeof conveyorXml>[0] = {}, leaks: readonly VariableInput[] = [], stop = 12): string {
  return xmile({ stop, dt: 0.25 }, [
    stock('Belt', initial, { inflows: ['arriving'], outflows: ['leaving', ...leaks.map((l) => l.name)], extra: conveyorXml(options) }),
    flow('arriving', '250'),
    flow('leaving', ''),
    ...leaks,
    stock('Arrived', '0', { inflows: ['leaving'] }),
  ]);
}

describe('conveyors: transit time', () => {
  it('S1: started at its steady contents (250 · 4 = 1000) it stays there, passing 250 out', () => {
    const run = simulateEverywhere(belt('1000'));
    for (const value of run.series('Belt')) expect(value).toBeCloseTo(1000, 9);
    for (const value of run.series('leaving')) expect(value).toBeCloseTo(250, 9);
  });

  it('S2: started empty, nothing leaves until the transit time has passed, then the inflow', () => {
    const run = simulateEverywhere(belt('0'));
    const firstOut = run.time[run.series('leaving').findIndex((value) => value > 0)];
    expect(firstOut).toBe(4);
    expect(run.at('Belt', 0)).toBe(0);
    expect(run.at('Belt', 4)).toBeCloseTo(1000, 9);
    expect(run.time.find((t) => run.at('Belt', t) >= 1000 - 1e-9)).toBe(4);
    expect(run.at('leaving', 8)).toBe(250);
  });

  it('a transit time that is not a whole number of DTs rides the nearest, half away from zero (S7), with a warning', () => {
    const result = compileModel(belt('0', { len: '4.125' }));
    if (!result.ok) throw new Error(result.errors[0]!.message);
    expect(result.warnings[0]!.message).toMatch(/not a whole number of time steps \(DT 0\.25\); material rides 17 steps, 4\.25 time units/);
    const run = result.model.run();
    expect(run.time[Array.from(run.series.get('leaving')!).findIndex((value) => value > 0)]).toBe(4.25);
  });

  it('material is conserved: what arrived is on the belt or has left', () => {
    const run = simulateEverywhere(belt('600'));
    run.time.forEach((t, row) => expect(run.series('Belt')[row]! + run.series('Arrived')[row]!).toBeCloseTo(600 + 250 * t, 9));
  });
});

describe('conveyors: leakage', () => {
  it('S3: linear leakage of 0.2 over the whole belt: steady contents 906.25, outflow 200, leak 50', () => {
    const run = simulateEverywhere(belt('906.25', {}, [leak('seeping', '0.2')]));
    for (const t of [0, 3, 8, 12]) {
      expect(run.at('Belt', t)).toBeCloseTo(906.25, 9);
      expect(run.at('leaving', t)).toBeCloseTo(200, 9);
      expect(run.at('seeping', t)).toBeCloseTo(50, 9);
    }
  });

  it('S4: exponential leakage of 0.1 per time unit: steady outflow 250 · (1 − 0.1 · DT)^16 = 166.730042', () => {
    const run = simulateEverywhere(belt('832.699579', { exponential: true }, [leak('decaying', '0.1')]));
    expect(run.at('leaving', 10)).toBeCloseTo(166.730042, 5);
    expect(run.at('decaying', 10)).toBeCloseTo(83.269958, 5);
    expect(run.at('Belt', 10)).toBeCloseTo(832.699579, 5);
  });

  it('S14: two exponential leakages over one zone add their rates, each reporting half', () => {
    const run = simulateEverywhere(belt('0', { exponential: true }, [leak('one', '0.1'), leak('two', '0.1')], 10));
    expect(run.at('leaving', 10)).toBeCloseTo(250 * (1 - 0.2 * 0.25) ** 16, 6);
    expect(run.at('one', 10)).toBeCloseTo(run.at('two', 10), 12);
  });

  it('S15: staggered zones (0.5 over the first half, 0.5 over the second): the second applies to what is left, 125 + 62.5 leak and 62.5 leaves', () => {
    const run = simulateEverywhere(belt('0', {}, [leak('early', '0.5', [0, 0.5]), leak('late', '0.5', [0.5, 1])], 10));
    expect(run.at('leaving', 10)).toBeCloseTo(62.5, 9);
    expect(run.at('early', 10)).toBeCloseTo(125, 9);
    expect(run.at('late', 10)).toBeCloseTo(62.5, 9);
  });

  it('a leak fraction that changes is used at once for all material on the belt (S13: 50 → 100 when 0.2 → 0.4)', () => {
    const run = simulateEverywhere(belt('906.25', {}, [leak('seeping', 'IF TIME < 4 THEN 0.2 ELSE 0.4')], 14));
    expect(run.at('seeping', 3.75)).toBeCloseTo(50, 9);
    expect(run.at('seeping', 4)).toBeCloseTo(100, 9);
    expect(run.at('leaving', 14)).toBeCloseTo(150, 9);
  });
});

describe('conveyors: capacity and inflow limit', () => {
  it('S5: capacity 600: the contents never exceed it, and what is not admitted stays upstream', () => {
    const run = simulateEverywhere(
      xmile({ stop: 12, dt: 0.25 }, [
        stock('Waiting', '0', { inflows: ['coming'], outflows: ['arriving'] }),
        flow('coming', '250'),
        stock('Belt', '0', { inflows: ['arriving'], outflows: ['leaving'], extra: conveyorXml({ capacity: '600' }) }),
        flow('arriving', '250'),
        flow('leaving', ''),
      ]),
    );
    for (const value of run.series('Belt')) expect(value).toBeLessThanOrEqual(600 + 1e-9);
    expect(run.at('Belt', 12)).toBeCloseTo(600, 9);
    // Full, it admits only what leaves: over one transit time, 600 in all (150 per time unit on average).
    const lastTransit = run.series('arriving').slice(-17, -1);
    expect(lastTransit.reduce((sum, rate) => sum + rate * 0.25, 0)).toBeCloseTo(600, 9);
    run.time.forEach((t, row) => expect(run.series('Waiting')[row]! + run.series('Belt')[row]!).toBeLessThanOrEqual(250 * t + 1e-9));
  });

  it('S6: inflow limit 150 per time unit: admitted at most 150, contents settle at 150 · 4 = 600', () => {
    const run = simulateEverywhere(belt('0', { inLimit: '150' }));
    for (const value of run.series('arriving')) expect(value).toBeLessThanOrEqual(150 + 1e-9);
    expect(run.at('Belt', 12)).toBeCloseTo(600, 9);
    expect(run.at('leaving', 12)).toBeCloseTo(150, 9);
  });

  it('S8: a conveyor feeding another is never blocked: the second’s capacity may be exceeded for a while, and material is conserved', () => {
    const run = simulateEverywhere(
      xmile({ stop: 10, dt: 0.25 }, [
        stock('A', '1000', { outflows: ['a out'], extra: conveyorXml({ len: '2' }) }),
        flow('a out', ''),
        stock('B', '0', { inflows: ['a out'], outflows: ['b out'], extra: conveyorXml({ capacity: '100' }) }),
        flow('b out', ''),
        stock('Done', '0', { inflows: ['b out'] }),
      ]),
    );
    expect(Math.max(...run.series('B'))).toBeGreaterThan(100);
    run.time.forEach((_, row) => expect(run.series('A')[row]! + run.series('B')[row]! + run.series('Done')[row]!).toBeCloseTo(1000, 9));
  });
});

describe('conveyors: arrays, constants and what is refused', () => {
  it('an arrayed conveyor has one belt per element, each with its own transit time', () => {
    const run = simulateEverywhere(
      xmile({ stop: 6, dt: 1 }, [
        aux('transit', '2, 3', { dimensions: ['Line'] }),
        stock('Belt', '0', { dimensions: ['Line'], inflows: ['arriving'], outflows: ['leaving'], extra: '<conveyor><len>transit</len></conveyor>' }),
        flow('arriving', 'IF TIME = 0 THEN 10 ELSE 0', { dimensions: ['Line'] }),
        flow('leaving', '', { dimensions: ['Line'] }),
      ], { dimensions: [{ name: 'Line', elements: ['Short', 'Long'] }] }),
    );
    expect(run.series('leaving[Short]')).toEqual([0, 0, 10, 0, 0, 0, 0]);
    expect(run.series('leaving[Long]')).toEqual([0, 0, 0, 10, 0, 0, 0]);
  });

  it('a constant setting the transit time cannot be overridden without compiling again', () => {
    const model = compileOrThrow(xmile({ stop: 4, dt: 1 }, [aux('transit', '2'), stock('Belt', '0', { inflows: ['arriving'], outflows: ['leaving'], extra: '<conveyor><len>transit</len></conveyor>' }), flow('arriving', '1'), flow('leaving', '')]));
    expect(() => model.run({ overrides: { transit: 3 } })).toThrow(/cannot be overridden without compiling the model again: it sets the length of the conveyor "Belt"/);
  });

  it('refuses with the reason what it does not simulate yet: discrete conveyors (and so queues feeding them), changing transit times, RK4', () => {
    const refused = (variables: readonly VariableInput[], pattern: RegExp, method?: string): void => {
      const result = compileModel(xmile({ stop: 2, dt: 1, ...(method ? { method } : {}) }, variables));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors[0]!.message).toMatch(pattern);
    };
    refused([
      stock('Line', '0', { inflows: ['joining'], outflows: ['boarding'], extra: '<queue/>' }), flow('joining', '1'), flow('boarding', ''),
      stock('Belt', '0', { inflows: ['boarding'], outflows: ['off'], extra: '<conveyor discrete="true"><len>2</len></conveyor>' }), flow('off', ''),
    ], /discrete conveyor/);
    refused([stock('Belt', '0', { inflows: ['a'], outflows: ['b'], extra: '<conveyor discrete="true"><len>2</len></conveyor>' }), flow('a', '1'), flow('b', '')], /discrete conveyor/);
    refused([stock('Belt', '0', { inflows: ['a'], outflows: ['b'], extra: '<conveyor><len>1 + TIME</len></conveyor>' }), flow('a', '1'), flow('b', '')], /transit time that changes while the model runs/);
    refused([stock('Belt', '0', { inflows: ['a'], outflows: ['b'], extra: '<conveyor><len>2</len></conveyor>' }), flow('a', '1'), flow('b', '')], /run the model with Euler integration/, 'RK4');
    refused([stock('Belt', '0', { inflows: ['a'], outflows: ['b', 'c'], extra: '<conveyor><len>2</len></conveyor>' }), flow('a', '1'), flow('b', ''), flow('c', '1')], /2 outflows not marked as leakages/);
  });
});

describe('queues (XMILE 1.0 §3.7.3) whose outflows nothing holds back', () => {
  it('the first outflow empties the queue every step, what waited and what arrived; an overflow gets nothing (nothing blocked)', () => {
    const run = simulateEverywhere(
      xmile({ stop: 3, dt: 0.5 }, [
        stock('waiting', '4', { inflows: ['arrivals'], outflows: ['into service', 'balk'], extra: '<queue/>' }),
        flow('arrivals', '10'),
        flow('into service', '0'),
        flow('balk', '0', { extra: '<overflow/>' }),
        stock('served', '0', { inflows: ['into service'] }),
      ]),
    );
    expect(run.series('waiting')).toEqual([4, 0, 0, 0, 0, 0, 0]);
    expect(run.series('into service')).toEqual([4 / 0.5 + 10, 10, 10, 10, 10, 10, 10]);
    expect(run.series('balk')).toEqual([0, 0, 0, 0, 0, 0, 0]);
    run.time.forEach((t, row) => expect(run.series('served')[row]).toBeCloseTo(t === 0 ? 0 : 4 + 10 * t, 12));
  });

  it('a negative inflow adds nothing to a queue', () => {
    const run = simulateEverywhere(
      xmile({ stop: 2, dt: 1 }, [stock('waiting', '0', { inflows: ['arrivals'], outflows: ['out'], extra: '<queue/>' }), flow('arrivals', '5 - 10 * TIME'), flow('out', '')]),
    );
    expect(run.series('out')).toEqual([5, 0, 0]);
  });
});
