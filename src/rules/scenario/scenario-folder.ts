import { loadScenario, type Scenario } from './load-scenario.ts';

/** How a scenario folder is read: the caller brings the file system (Node's, a bundle's, a test's). */
export interface ScenarioFolders {
  /** The text of `scenarios/<id>/<file>`, or null when there is no such file. */
  read(id: string, file: string): string | null;
  /** The ids of the folders that hold a game.json. */
  ids(): string[];
}

/** Reads and checks one scenario folder; throws with every problem listed. */
export function scenarioFromFolder(id: string, folders: ScenarioFolders): Scenario {
  const gameJson = /^[a-z0-9-]+$/.test(id) ? folders.read(id, 'game.json') : null;
  if (gameJson === null) throw new Error(`there is no scenario "${id}"; the scenarios are: ${folders.ids().join(', ')}`);
  let modelName = 'model.xmile';
  try {
    modelName = (JSON.parse(gameJson) as { model?: string }).model ?? modelName;
  } catch {
    // loadScenario reports the broken JSON with its position.
  }
  const modelSource = folders.read(id, modelName) ?? '';
  const loaded = loadScenario({ folder: `scenarios/${id}`, gameJson, modelSource });
  if (!loaded.ok) throw new Error(`scenarios/${id} cannot be used:\n  ${loaded.errors.join('\n  ')}`);
  return loaded.scenario;
}
