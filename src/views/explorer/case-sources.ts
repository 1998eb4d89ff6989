import { bundledCases } from '../bundled-scenarios.ts';

/**
 * Each shipped case's files as text, for the explorer: its model is exported with the slider
 * values and compiled again inside the Monte Carlo worker, its game file calibrates each draw.
 */
export function caseSources(): Record<string, { modelSource: string; gameJson: string }> {
  return Object.fromEntries(bundledCases().cases.map(({ scenario, files }) => [scenario.definition.id, { modelSource: files.modelSource, gameJson: files.gameJson }]));
}
