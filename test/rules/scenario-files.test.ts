/* eslint-disable @typescript-eslint/no-explicit-any -- these tests break arbitrary fields of the JSON on purpose */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readScenario, scenarioIds } from '../../src/cli/read-scenario.ts';
import { loadScenario, playHeadless } from '../../src/rules/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const dealerJson = readFileSync(join(ROOT, 'scenarios/dealer-alliance/game.json'), 'utf8');
const dealerModel = readFileSync(join(ROOT, 'scenarios/dealer-alliance/model.xmile'), 'utf8');

function withChange(change: (game: Record<string, any>) => void): string[] {
  const game = JSON.parse(dealerJson) as Record<string, any>;
  change(game);
  const result = loadScenario({ folder: 'scenarios/broken', gameJson: JSON.stringify(game), modelSource: dealerModel });
  return result.ok ? [] : [...result.errors];
}

describe('scenario files are checked before anyone plays', () => {
  it('accepts both shipped cases', () => {
    expect(scenarioIds()).toEqual(['dealer-alliance', 'pg-walmart']);
    for (const id of scenarioIds()) expect(readScenario(id).definition.id).toBe(id);
  });

  it('names the file, the field and the problem', () => {
    expect(loadScenario({ folder: 'scenarios/broken', gameJson: '{ "id": ', modelSource: dealerModel })).toMatchObject({ ok: false, errors: [expect.stringMatching(/^scenarios\/broken\/game.json: not valid JSON/)] });
    expect(withChange((g) => (g['sides'][0].decisions[0].min = 200))).toContain('scenarios/broken/game.json: sides.0.decisions.0.max: min must be below max');
    expect(withChange((g) => (g['sides'][0].decisions[0].variable = 'Dealer Prise'))).toContain(
      'scenarios/broken/game.json: sides.0.decisions.0.variable: "Dealer Prise" is not a constant of the model, so the game cannot set it',
    );
    expect(withChange((g) => (g['kpis'][0].formula = 'change(Cumulative Profit'))).toEqual([expect.stringMatching(/kpis.0.formula: .*expected "\)"/)]);
    expect(withChange((g) => (g['kpis'][0].formula = 'change(Cumulative_Profits)'))).toContain('scenarios/broken/game.json: kpis.0.formula: "Cumulative_Profits" is not known here');
    expect(withChange((g) => (g['strategies'].manufacturer['tit-for-tat'].retaliate = 'nuke'))).toContain(
      'scenarios/broken/game.json: strategies.manufacturer.tit-for-tat: refers to strategy "nuke", which manufacturer does not have',
    );
    expect(withChange((g) => delete g['rounds'])).toContain('scenarios/broken/game.json: rounds: Invalid input: expected object, received undefined');
    expect(withChange((g) => (g['events'][0].startTimeInput = 'Slump Start'))).toContain('scenarios/broken/game.json: events.0.startTimeInput: "Slump Start" is not a constant of the model');
  });

  it('reports a broken model file as the engine does, with the file name', () => {
    const result = loadScenario({ folder: 'scenarios/broken', gameJson: dealerJson, modelSource: dealerModel.replace('<eqn>MIN(Share_Maximum', '<eqn>MIN(Share_Maximun') });
    expect(result).toMatchObject({ ok: false, errors: [expect.stringContaining('scenarios/broken/model.xmile, variable "Target Share": refers to "Share_Maximun", but there is no variable of that name (did you mean "Share Maximum"?)')] });
  });

  it('takes a third case as a folder, with no code change', () => {
    const directory = mkdtempSync(join(tmpdir(), 'scenarios-'));
    cpSync(join(ROOT, 'scenarios/dealer-alliance'), join(directory, 'franchise'), { recursive: true });
    const game = JSON.parse(dealerJson) as Record<string, any>;
    game['id'] = 'franchise';
    game['title'] = 'The Franchise';
    game['rounds'].count = 12;
    // The copied guide plays 20-quarter games; a 12-quarter case writes its own (or none).
    delete game['guide'];
    writeFileSync(join(directory, 'franchise/game.json'), JSON.stringify(game));
    mkdirSync(join(directory, 'notes'));
    expect(scenarioIds(directory)).toEqual(['franchise']);
    const third = readScenario('franchise', directory);
    expect(playHeadless(third, { strategies: {}, events: [] }).rounds).toHaveLength(12);
  });
});
