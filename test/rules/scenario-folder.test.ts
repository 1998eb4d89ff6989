/**
 * The one scenario-folder reader (src/rules/scenario/scenario-folder.ts) over its three kinds of
 * file access: a map (as a test brings), the disk (the CLI and the server) and the bundle Vite
 * builds (the game and the explorer).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readScenario, scenarioFolders, scenarioIds } from '../../src/cli/index.ts';
import { readScenarioFolder, readScenarioFolders, scenarioFromFolder, type ScenarioFolders } from '../../src/rules/index.ts';
import { bundledScenarios } from '../../src/views/bundled-scenarios.ts';
import { caseSources } from '../../src/views/explorer/case-sources.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const dealerJson = readFileSync(join(ROOT, 'scenarios/dealer-alliance/game.json'), 'utf8');
const dealerModel = readFileSync(join(ROOT, 'scenarios/dealer-alliance/model.xmile'), 'utf8');

/** Folders held in memory, recording every file asked for. */
function memoryFolders(files: Record<string, Record<string, string>>): ScenarioFolders & { asked: string[] } {
  const asked: string[] = [];
  const folders = new Map(Object.entries(files).map(([id, texts]) => [id, new Map(Object.entries(texts))]));
  return {
    asked,
    read: (id, file) => {
      asked.push(`${id}/${file}`);
      return folders.get(id)?.get(file) ?? null;
    },
    ids: () => [...folders.keys()],
  };
}

const withModel = (model: unknown): string => JSON.stringify({ ...(JSON.parse(dealerJson) as object), model });

describe('the scenario-folder reader', () => {
  it('reads game.json and the model it names, and keeps both texts with the case', () => {
    const folders = memoryFolders({ franchise: { 'game.json': withModel('business.xmile'), 'business.xmile': dealerModel } });
    const result = readScenarioFolder('franchise', folders);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.case.scenario.folder).toBe('scenarios/franchise');
    expect(result.case.files).toEqual({ folder: 'scenarios/franchise', gameJson: withModel('business.xmile'), modelSource: dealerModel });
    expect(folders.asked).toEqual(['franchise/game.json', 'franchise/business.xmile']);
  });

  it('never asks for a model outside the case folder', () => {
    for (const model of ['../pg-walmart/model.xmile', '/etc/passwd', '..', '.hidden.xmile', 'sub/model.xmile', 'a\\b.xmile']) {
      const folders = memoryFolders({ franchise: { 'game.json': withModel(model) } });
      expect(readScenarioFolder('franchise', folders)).toEqual({
        ok: false,
        missing: false,
        errors: [`scenarios/franchise/game.json: model: "${model}" is not the name of a file in the case's folder`],
      });
      expect(folders.asked).toEqual(['franchise/game.json']);
    }
  });

  it('names a model file that is not there, and a game.json that is not JSON (before looking for any model)', () => {
    expect(readScenarioFolder('franchise', memoryFolders({ franchise: { 'game.json': withModel('gone.xmile') } }))).toMatchObject({
      ok: false,
      errors: ['scenarios/franchise/game.json: model: there is no file "gone.xmile" in scenarios/franchise'],
    });
    const broken = memoryFolders({ franchise: { 'game.json': '{ "id": ' } });
    expect(readScenarioFolder('franchise', broken)).toMatchObject({ ok: false, missing: false, errors: [expect.stringMatching(/^scenarios\/franchise\/game.json: not valid JSON/)] });
    expect(broken.asked).toEqual(['franchise/game.json']);
  });

  it('tells a missing case from a broken one, and lists the cases there are', () => {
    const folders = memoryFolders({ franchise: { 'game.json': withModel('model.xmile'), 'model.xmile': dealerModel }, broken: { 'game.json': '[' } });
    expect(() => scenarioFromFolder('fishbanks', folders)).toThrow('there is no scenario "fishbanks"; the scenarios are: franchise, broken');
    expect(() => scenarioFromFolder('__proto__', folders)).toThrow('there is no scenario "__proto__"');
    expect(() => scenarioFromFolder('broken', folders)).toThrow(/^scenarios\/broken cannot be used:\n {2}scenarios\/broken\/game.json: not valid JSON/);
  });

  it('reads every folder in id order, gathering the problems of those that fail', () => {
    const folders = memoryFolders({
      zeta: { 'game.json': withModel('model.xmile'), 'model.xmile': dealerModel },
      broken: { 'game.json': withModel('gone.xmile') },
      'Bad Name': { 'game.json': withModel('model.xmile'), 'model.xmile': dealerModel },
    });
    const { cases, problems } = readScenarioFolders(folders);
    expect(cases.map((read) => read.scenario.folder)).toEqual(['scenarios/zeta']);
    expect(problems).toEqual([
      "scenarios/Bad Name: a case folder's name is made of lower-case letters, digits and hyphens",
      'scenarios/broken/game.json: model: there is no file "gone.xmile" in scenarios/broken',
    ]);
  });
});

describe('its adapters', () => {
  it('on disk (CLI and server): folders with a game.json, and only files count as files', () => {
    const directory = mkdtempSync(join(tmpdir(), 'scenario-folders-'));
    mkdirSync(join(directory, 'franchise/model.xmile'), { recursive: true });
    writeFileSync(join(directory, 'franchise/game.json'), withModel('model.xmile'));
    mkdirSync(join(directory, 'notes'));
    expect(scenarioIds(directory)).toEqual(['franchise']);
    expect(scenarioFolders(directory).read('franchise', 'model.xmile')).toBeNull();
    expect(() => readScenario('franchise', directory)).toThrow('scenarios/franchise/game.json: model: there is no file "model.xmile" in scenarios/franchise');
  });

  it('the disk and the bundle give the same cases, and the explorer the same texts', () => {
    const bundled = bundledScenarios();
    expect(bundled.problems).toEqual([]);
    const ids = scenarioIds();
    expect(bundled.scenarios.map((scenario) => scenario.folder)).toEqual(ids.map((id) => `scenarios/${id}`));
    const sources = caseSources();
    for (const id of ids) {
      const fromDisk = readScenarioFolder(id, scenarioFolders(resolve(ROOT, 'scenarios')));
      if (!fromDisk.ok) throw new Error(fromDisk.errors.join('\n'));
      expect(bundled.scenarios.find((scenario) => scenario.folder === `scenarios/${id}`)!.definition).toEqual(fromDisk.case.scenario.definition);
      expect(sources[fromDisk.case.scenario.definition.id]).toEqual({ modelSource: fromDisk.case.files.modelSource, gameJson: fromDisk.case.files.gameJson });
    }
  });
});
