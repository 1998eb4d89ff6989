/* eslint-disable @typescript-eslint/no-explicit-any -- the schema tests break fields of the JSON on purpose */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { guideData, loadScenario } from '../../src/rules/index.ts';
import { guideVm } from '../../src/views/guide/guide-vm.ts';
import { scenario } from '../helpers/scenarios.ts';

const dealer = scenario('dealer-alliance');
const pg = scenario('pg-walmart');

type AstElement = ReturnType<IntlMessageFormat['getAst']>[number];

/**
 * The argument names an ICU message uses, at any depth. Element types as numbered by formatjs
 * (TYPE in @formatjs/icu-messageformat-parser): 1 argument, 2 number, 3 date, 4 time; select and
 * plural carry `options`.
 */
function argumentsOf(elements: readonly AstElement[]): string[] {
  return elements.flatMap((element) => {
    if ('options' in element) return [element.value, ...Object.values(element.options).flatMap((option) => argumentsOf(option.value))];
    if ([1, 2, 3, 4].includes(element.type) && 'value' in element && typeof element.value === 'string') return [element.value];
    return [];
  });
}
const parse = (message: string) => new IntlMessageFormat(message, 'en').getAst();

describe("the facilitator's guide quotes games the rules play", () => {
  it('the dealer games give the reference numbers: the reflex pays at first, costs both, and is a trap even alone', () => {
    const { figures } = guideData(dealer)!;
    expect(figures['makerCoop']).toBeCloseTo(18.0, 1);
    expect(figures['dealerCoop']).toBeCloseTo(24.8, 1);
    expect(figures['makerBoth']).toBeCloseTo(7.0, 1);
    expect(figures['dealerBoth']).toBeCloseTo(8.2, 1);
    expect(figures['makerAlone']).toBeCloseTo(14.5, 1);
    expect(figures['dealerAlone']).toBeCloseTo(21.0, 1);
    expect(figures['makerQuickGain']).toBeCloseTo(3.0, 1);
    expect(figures['dealerQuickGain']).toBeCloseTo(1.4, 1);
    expect(figures['trustLow']).toBeCloseTo(0.3, 1);
  });

  it('the P&G games give the reference numbers: worse before better, then both win', () => {
    const { figures } = guideData(pg)!;
    expect(figures['makerSwitch']).toBeCloseTo(88.0, 0);
    expect(figures['makerHabit']).toBeCloseTo(44.4, 1);
    expect(figures['makerSwitch5']).toBeCloseTo(1.28, 2);
    expect(figures['retailerSwitch5']).toBeCloseTo(-0.72, 2);
    expect(figures['makerBehind']).toBe(2);
    expect(figures['retailerBehind']).toBe(4);
    expect(figures['makerPayback']).toBe(8);
    expect(figures['retailerPayback']).toBe(10);
    expect(figures['retailerDeeper']).toBeCloseTo(-2.2, 1);
  });

  it('every answer is a valid message over the declared figures, every figure is quoted, and none is left unfilled', () => {
    for (const which of [dealer, pg]) {
      const guide = which.definition.guide!;
      const used = new Set(guide.answers.flatMap((answer) => argumentsOf(parse(answer))));
      expect([...used].filter((name) => !Object.hasOwn(guide.figures, name)), which.definition.id).toEqual([]);
      expect(Object.keys(guide.figures).filter((name) => !used.has(name)), which.definition.id).toEqual([]);
      const vm = guideVm(which)!;
      expect(vm.questions).toHaveLength(which.definition.debrief.questions.length);
      for (const text of [...vm.questions.map((entry) => entry.answer), ...vm.sessions.map((session) => session.summary), ...vm.events.map((event) => event.lifetime)]) expect(text).not.toMatch(/[{}]|NaN|undefined/);
    }
  });

  it('gives each event its lifetime from the model for the session that plays it', () => {
    const vm = guideVm(dealer)!;
    expect(vm.sessions[0]!.summary).toBe('Play 12 quarters in 90 minutes. Market downturn, switched on for quarter 4: felt from quarter 4 to the end of a 12-quarter game, strongest in quarters 6–9.');
    expect(vm.sessions[1]!.summary).toBe('Play 20 quarters in 210 minutes. Market downturn, switched on for quarter 5: felt from quarter 5 to 14, strongest in quarters 7–10.');
    expect(guideVm(pg)!.events[0]!.lifetime).toBe('Competitor promotions, switched on for quarter 9: felt from quarter 9 to 11.');
  });
});

describe('the guide block is checked when the scenario loads', () => {
  const root = resolve(import.meta.dirname, '../..');
  const json = readFileSync(join(root, 'scenarios/dealer-alliance/game.json'), 'utf8');
  const model = readFileSync(join(root, 'scenarios/dealer-alliance/model.xmile'), 'utf8');
  function errors(change: (guide: Record<string, any>) => void): string[] {
    const game = JSON.parse(json) as Record<string, any>;
    change(game['guide']);
    const result = loadScenario({ folder: 'scenarios/broken', gameJson: JSON.stringify(game), modelSource: model });
    return result.ok ? [] : [...result.errors];
  }
  it('names timings that do not add up, unknown strategies and figures, and a missing answer', () => {
    expect(errors((guide) => (guide.sessions[0].steps[0].minutes = 11))).toContain("scenarios/broken/game.json: guide.sessions.0.steps: the steps' minutes must add up to the session's");
    expect(errors((guide) => (guide.runs[0].sides.manufacturer[0].strategy = 'nuke'))).toContain('scenarios/broken/game.json: guide.runs.0.sides.manufacturer.0.strategy: "nuke" is not a strategy of manufacturer');
    expect(errors((guide) => (guide.figures.makerCoop.run = 'nothing'))).toContain('scenarios/broken/game.json: guide.figures.makerCoop.run: there is no run "nothing"');
    expect(errors((guide) => guide.answers.pop())).toContain('scenarios/broken/game.json: guide.answers: there are 4 debrief questions and 3 answers');
    expect(errors((guide) => (guide.sessions[0].events[0].round = 13))).toContain('scenarios/broken/game.json: guide.sessions.0.events.0.round: the session plays 12 rounds');
  });
});
