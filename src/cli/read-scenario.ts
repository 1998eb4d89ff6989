import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario, type Scenario } from '../rules/index.ts';

/** The repository's scenarios/ folder (the CLI runs from source, so it sits two levels up). */
export const SCENARIOS_DIRECTORY = resolve(dirname(fileURLToPath(import.meta.url)), '../../scenarios');

export function scenarioIds(directory = SCENARIOS_DIRECTORY): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(directory, entry.name, 'game.json')))
    .map((entry) => entry.name)
    .sort();
}

/** Reads and checks one scenario folder; throws with every problem listed. */
export function readScenario(id: string, directory = SCENARIOS_DIRECTORY): Scenario {
  const folder = join(directory, id);
  if (!/^[a-z0-9-]+$/.test(id) || !existsSync(join(folder, 'game.json'))) {
    throw new Error(`there is no scenario "${id}"; the scenarios are: ${scenarioIds(directory).join(', ')}`);
  }
  const gameJson = readFileSync(join(folder, 'game.json'), 'utf8');
  let modelName = 'model.xmile';
  try {
    modelName = (JSON.parse(gameJson) as { model?: string }).model ?? modelName;
  } catch {
    // loadScenario reports the broken JSON with its position.
  }
  const modelPath = join(folder, modelName);
  const modelSource = existsSync(modelPath) ? readFileSync(modelPath, 'utf8') : '';
  const loaded = loadScenario({ folder: `scenarios/${id}`, gameJson, modelSource });
  if (!loaded.ok) throw new Error(`scenarios/${id} cannot be used:\n  ${loaded.errors.join('\n  ')}`);
  return loaded.scenario;
}
