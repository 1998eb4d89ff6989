import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioFromFolder, type Scenario, type ScenarioFolders } from '../rules/index.ts';

/** The repository's scenarios/ folder (the CLI runs from source, so it sits two levels up). */
export const SCENARIOS_DIRECTORY = resolve(dirname(fileURLToPath(import.meta.url)), '../../scenarios');

/**
 * Scenario folders on disk under `directory`: the Node side of the rules' scenario-folder reader
 * (which checks the folder and file names before it asks for them), for the CLI and the server.
 */
export function scenarioFolders(directory: string): ScenarioFolders {
  return {
    read: (id, file) => {
      const path = join(directory, id, file);
      return existsSync(path) && statSync(path).isFile() ? readFileSync(path, 'utf8') : null;
    },
    ids: () => scenarioIds(directory),
  };
}

export function scenarioIds(directory = SCENARIOS_DIRECTORY): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(directory, entry.name, 'game.json')))
    .map((entry) => entry.name)
    .sort();
}

/** Reads and checks one scenario folder; throws with every problem listed. */
export function readScenario(id: string, directory = SCENARIOS_DIRECTORY): Scenario {
  return scenarioFromFolder(id, scenarioFolders(directory));
}
