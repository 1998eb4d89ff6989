import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/index.ts';
import { simulateEverywhere } from '../helpers/every-backend.ts';
import { aux, xmile } from '../helpers/xmile-builder.ts';

/**
 * What the XMILE reader accepts beyond the 1.0 text the builder writes: files of the drafts
 * before 1.0, character references in equations, and Stella's way of listing module connections.
 */

/** The SDXorg teacup as Stella 10.0.6 saved it, in the XMILE draft before 1.0. */
const draftTeacup = `<?xml version="1.0" encoding="utf-8" ?>
<xmile version="1.0" level="3" xmlns="http://www.systemdynamics.org/XMILE" xmlns:isee="http://iseesystems.com/XMILE">
  <header>
    <smile version="1.0" namespace="std, isee" />
    <name>teacup</name>
    <vendor>isee systems, inc.</vendor>
    <product version="10.0.6" lang="en">STELLA</product>
  </header>
  <sim_specs method="Euler" time_units="Time"><start>0</start><stop>30</stop><dt>0.125</dt></sim_specs>
  <model>
    <stock name="teacup_temperature">
      <eqn>180</eqn>
      <outflow>heat_loss_to_room</outflow>
      <non_negative />
      <display x="132" y="97" color="blue" />
    </stock>
    <flow name="heat_loss_to_room">
      <eqn>(teacup_temperature-room_temperature)/characteristic_time</eqn>
      <non_negative />
      <display x="243" y="92" color="blue"><pts><pt x="154" y="92" /><pt x="332" y="92" /></pts></display>
    </flow>
    <aux name="characteristic_time"><eqn>10</eqn><display x="285" y="43" color="blue" /></aux>
    <aux name="room_temperature"><eqn>70</eqn><display x="283" y="139" color="blue" /></aux>
    <display page_width="0" page_height="0">
      <connector x="277" y="132" uid="0"><from>room_temperature</from><to>heat_loss_to_room</to></connector>
    </display>
  </model>
</xmile>`;

describe('files of the XMILE drafts before 1.0 (Stella and iThink 10)', () => {
  it('reads the variables written straight in <model> and runs them (SDXorg teacup/output.csv: 169.469 at 1, 75.374 at 30)', () => {
    const run = simulateEverywhere(draftTeacup, { fileName: 'teacup_legacy.stmx' });
    expect(run.at('teacup temperature', 0)).toBe(180);
    expect(run.at('teacup temperature', 1)).toBeCloseTo(169.469, 3);
    expect(run.at('teacup temperature', 30)).toBeCloseTo(75.374, 3);
  });

  it('takes the diagram from each variable’s <display> and the model’s connectors', () => {
    const result = compileModel(draftTeacup);
    if (!result.ok) throw new Error(result.errors[0]!.message);
    const views = result.model.introspect().views;
    expect(views[0]!.elements.find((element) => element.id === 'teacup_temperature')).toMatchObject({ x: 132, y: 97 });
    expect(views[0]!.elements.find((element) => element.id === 'heat_loss_to_room')?.points).toHaveLength(2);
    expect(views[0]!.connectors).toEqual([{ from: 'room_temperature', to: 'heat_loss_to_room' }]);
  });

  it('a draft file with nothing the engine can read is refused with what it is and how to convert it, not run empty', () => {
    const empty = draftTeacup.replace(/<model>[\s\S]*<\/model>/, '<model><interface page_width="800" /></model>');
    const result = compileModel(empty, { fileName: 'old.stmx' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors[0]!.message).toMatch(/XMILE draft before 1\.0 \(namespace http:\/\/www\.systemdynamics\.org\/XMILE/);
      expect(result.errors[0]!.message).toMatch(/save it again, which writes XMILE 1\.0/);
    }
  });
});

describe('character references inside equations', () => {
  it('decodes &#xA; (the line break Stella writes) and the other XML references as any XML reader does', () => {
    const source = xmile({ stop: 2, dt: 1 }, [aux('a', 'PLACEHOLDER')]).replace(
      '<eqn>PLACEHOLDER</eqn>',
      '<eqn>IF TIME &#60; 1&#xA;THEN 10&#xa;ELSE 20 &#x2B; TIME {a &amp;#xA; stays as written}</eqn>',
    );
    expect(simulateEverywhere(source).series('a')).toEqual([10, 21, 22]);
  });

  it('a name written with a character reference is the same name', () => {
    const source = xmile({ stop: 1, dt: 1 }, [aux('first value', '2'), aux('twice', 'PLACEHOLDER')]).replace('<eqn>PLACEHOLDER</eqn>', '<eqn>first&#x20;value * 2</eqn>');
    expect(simulateEverywhere(source).series('twice')).toEqual([4, 4]);
  });
});
