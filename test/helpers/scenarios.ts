import { readScenario } from '../../src/cli/read-scenario.ts';
import type { Scenario } from '../../src/rules/index.ts';

const cache = new Map<string, Scenario>();

/** The shipped scenarios, read and checked once per test file. */
export function scenario(id: 'dealer-alliance' | 'pg-walmart'): Scenario {
  let loaded = cache.get(id);
  if (!loaded) {
    loaded = readScenario(id);
    cache.set(id, loaded);
  }
  return loaded;
}
