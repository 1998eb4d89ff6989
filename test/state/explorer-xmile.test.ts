import { describe, expect, it } from 'vitest';
import { compileModel, type CompiledModel, type RunResult } from '../../src/engine/index.ts';
import { writeConstants } from '../../src/state/explorer-xmile.ts';
import { caseFiles, conformanceModel, makeExplorer } from '../helpers/explorer-store.ts';

function compile(text: string, fileName = 'model.xmile'): CompiledModel {
  const result = compileModel(text, { fileName });
  if (!result.ok) throw new Error(result.errors.map((error) => error.message).join('\n'));
  return result.model;
}

/** Every series of two runs, bit for bit (Object.is: −0 and NaN count too). */
function expectSameRuns(actual: { time: ArrayLike<number>; series: ReadonlyMap<string, ArrayLike<number>> }, expected: RunResult): void {
  expect(Array.from(actual.time)).toEqual(Array.from(expected.time));
  expect([...actual.series.keys()].sort()).toEqual([...expected.series.keys()].sort());
  for (const [id, values] of expected.series) {
    const mine = actual.series.get(id)!;
    const differing = Array.from(values).findIndex((value, i) => !Object.is(value, mine[i]));
    expect(differing, `${id} differs at save point ${differing}`).toBe(-1);
  }
}

/** Only equation texts change: the rest of the file is byte for byte the original. */
function expectOnlyEquationsChanged(original: string, exported: string): void {
  const strip = (text: string) => text.replace(/<eqn>[\s\S]*?<\/eqn>/g, '<eqn/>');
  expect(strip(exported)).toBe(strip(original));
}

describe('XMILE export with the slider values', () => {
  for (const id of ['dealer-alliance', 'pg-walmart'] as const) {
    it(`re-imports the ${id} case to the explorer's run, bit for bit`, () => {
      const store = makeExplorer();
      store.getState().openCase(id);
      const session = store.getState().session!;
      const decisions = session.setup.sliders.filter((slider) => slider.kind === 'decision');
      const parameters = session.setup.sliders.filter((slider) => slider.kind === 'parameter');
      store.getState().setValue(decisions[0]!.id, decisions[0]!.max);
      store.getState().setValue(decisions[1]!.id, decisions[1]!.min);
      store.getState().setValue(parameters[0]!.id, parameters[0]!.max);
      store.getState().setValue(parameters[3]!.id, parameters[3]!.min * 1.1);
      const event = session.events.find((candidate) => candidate.kind === 'event')!;
      store.getState().setEvent(event.id, { on: true, round: 7 });
      store.getState().setEvent('exit', { on: true, round: 12 });
      const exported = store.getState().exportXmile()!;
      expect(exported.fileName).toBe(`${id}-explored.xmile`);
      expectOnlyEquationsChanged(caseFiles(id).modelSource, exported.text);
      expectSameRuns(store.getState().session!.run, compile(exported.text).run());
    });
  }

  it('leaves the file exactly as it was when nothing changed', () => {
    const store = makeExplorer();
    store.getState().importModel('test_log.xmile', conformanceModel('log/test_log.xmile'));
    expect(store.getState().exportXmile()!.text).toBe(conformanceModel('log/test_log.xmile'));
  });

  const conformance = [
    'zeroled_decimals/test_zeroled_decimals.xmile',
    'special_characters_xmile/test_special_variable_names.xmile',
    'subscript_individually_defined_1d_arrays/subscript_individually_defined_1d_arrays.xmile',
    'subscripted_trig/test_subscripted_trig.xmile',
    'min_max_1arg/test_min_max_1arg.xmile',
    'line_continuation/test_line_continuation.xmile',
  ];
  for (const path of conformance) {
    it(`re-imports the conformance model ${path} with changed constants, bit for bit`, () => {
      const store = makeExplorer();
      const fileName = path.replace(/^.*\//, '');
      expect(store.getState().importModel(fileName, conformanceModel(path))).toBe(true);
      const sliders = store.getState().session!.setup.sliders;
      expect(sliders.length).toBeGreaterThan(0);
      // Every other constant moves to an awkward value: thirds do not have short decimals.
      sliders.forEach((slider, i) => {
        if (i % 2 === 0) store.getState().setValue(slider.id, slider.min + (slider.max - slider.min) / 3);
      });
      const exported = store.getState().exportXmile()!;
      expect(exported.text).not.toBe(conformanceModel(path));
      expectSameRuns(store.getState().session!.run, compile(exported.text, exported.fileName).run());
    });
  }

  it('writes one element of an array defined by one equation for all as a definition per element', () => {
    const source = conformanceModel('min_max_1arg/test_min_max_1arg.xmile');
    const model = compile(source);
    const text = writeConstants(source, model, { 'var1[b]': 20 });
    expect(text).toContain('<element subscript="b"><eqn>20</eqn></element>');
    expect(compile(text).parameters.map((parameter) => parameter.value)).toEqual([1, 20, 3]);
  });

  it('refuses a constant the main model does not define', () => {
    const source = conformanceModel('log/test_log.xmile');
    expect(() => writeConstants(source, compile(source), { nowhere: 1 })).toThrow(/not a constant of the file's main model/);
  });

  it('is not fooled by tags inside comments and CDATA', () => {
    const source = `<?xml version="1.0"?>
<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
<header><name>t</name></header>
<!-- <aux name="rate"><eqn>99</eqn></aux> -->
<sim_specs><start>0</start><stop>4</stop><dt>1</dt></sim_specs>
<model><variables>
<stock name="S"><eqn>1</eqn><inflow>f</inflow></stock>
<flow name="f"><eqn>S * rate</eqn></flow>
<aux name="rate"><doc><![CDATA[<eqn>not this</eqn>]]></doc><eqn>0.1</eqn></aux>
</variables></model></xmile>`;
    const text = writeConstants(source, compile(source), { rate: 0.25 });
    expect(text).toContain('<!-- <aux name="rate"><eqn>99</eqn></aux> -->');
    expect(text).toContain('<![CDATA[<eqn>not this</eqn>]]></doc><eqn>0.25</eqn>');
    expect(compile(text).parameters[0]!.value).toBe(0.25);
  });
});

describe('XMILE export keeps the case diagrams', () => {
  for (const id of ['dealer-alliance', 'pg-walmart'] as const) {
    it(`re-imports the ${id} export with the same sectors, ghosts, shapes and connectors`, () => {
      const store = makeExplorer();
      store.getState().openCase(id);
      const slider = store.getState().session!.setup.sliders.find((candidate) => candidate.kind === 'parameter')!;
      store.getState().setValue(slider.id, slider.base * 1.1);
      const exported = store.getState().exportXmile()!;
      const original = compile(caseFiles(id).modelSource).introspect().views;
      const again = compile(exported.text).introspect().views;
      expect(original[0]!.groups.length).toBeGreaterThanOrEqual(10);
      expect(original[0]!.aliases.length).toBeGreaterThan(30);
      expect(again).toEqual(original);
    });
  }
});
