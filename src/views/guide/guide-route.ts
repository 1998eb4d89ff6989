import type { Scenario } from '../../rules/index.ts';

/** The case whose guide the page was opened for (`?guide=<case id>`), or null; only a case with a guide block counts. */
export function guideRequested(scenarios: readonly Scenario[], search: string = location.search): Scenario | null {
  const id = new URLSearchParams(search).get('guide');
  if (id === null) return null;
  return scenarios.find((scenario) => scenario.definition.id === id && scenario.definition.guide !== undefined) ?? null;
}

/** The link that opens a case's guide. */
export function guideHref(scenarioId: string): string {
  return `?guide=${encodeURIComponent(scenarioId)}`;
}
