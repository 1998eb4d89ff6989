import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioFromFolder, type Scenario } from '../../src/rules/index.ts';

/** The repository's scenarios/ folder, which the server reads at first use of each case. */
const SCENARIOS_DIRECTORY = resolve(dirname(fileURLToPath(import.meta.url)), '../../scenarios');

/** The cases this server has: a workshop may name only one of these. */
export function serverScenarioIds(): string[] {
  return readdirSync(SCENARIOS_DIRECTORY).filter((name) => existsSync(join(SCENARIOS_DIRECTORY, name, 'game.json'))).sort();
}

export function readServerScenario(id: string): Scenario {
  return scenarioFromFolder(id, {
    read: (folder, file) => {
      const path = join(SCENARIOS_DIRECTORY, folder, file);
      return existsSync(path) ? readFileSync(path, 'utf8') : null;
    },
    ids: serverScenarioIds,
  });
}
