import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioFromFolder, type Scenario } from '../../src/rules/index.ts';

/** The repository's scenarios/ folder, which the server reads at first use of each case. */
const SCENARIOS_DIRECTORY = resolve(dirname(fileURLToPath(import.meta.url)), '../../scenarios');

export function readServerScenario(id: string): Scenario {
  return scenarioFromFolder(id, {
    read: (folder, file) => {
      const path = join(SCENARIOS_DIRECTORY, folder, file);
      return existsSync(path) ? readFileSync(path, 'utf8') : null;
    },
    ids: () => readdirSync(SCENARIOS_DIRECTORY).filter((name) => existsSync(join(SCENARIOS_DIRECTORY, name, 'game.json'))).sort(),
  });
}
