import { resolve } from 'node:path';
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

/** Test cases that are not shipped: tiny-supply has ids unlike any shipped case's, so code that names a case's ids fails on it. */
export const TEST_SCENARIOS = resolve(import.meta.dirname, '../fixtures/scenarios');

export function testScenario(id: 'tiny-supply'): Scenario {
  const key = `test:${id}`;
  let loaded = cache.get(key);
  if (!loaded) {
    loaded = readScenario(id, TEST_SCENARIOS);
    cache.set(key, loaded);
  }
  return loaded;
}
