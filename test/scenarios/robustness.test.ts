import { describe, expect, it } from 'vitest';
import { perturbedConstants } from '../../src/rules/index.ts';
import { dealerRobustnessChecks, pgwRobustnessChecks, playRequest, type PlayRequest, type Runner } from '../helpers/case-checks.ts';
import { scenario } from '../helpers/scenarios.ts';

/**
 * Each qualitative reference behaviour holds in at least 90 % of 200 draws with every constant
 * within ±20 % (then the scenario's calibration), with the events at their default rounds and
 * at other rounds.
 */
const DRAWS = 200;
const SPREAD = 0.2;
const REQUIRED = 0.9;

function runnerFor(draw: number, seed: number): Runner {
  return (request: PlayRequest) => {
    const chosen = scenario(request.scenario);
    return playRequest(chosen, request, perturbedConstants(chosen, SPREAD, seed, draw));
  };
}

function fractions(checks: (run: Runner) => Record<string, boolean>, seed: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let draw = 0; draw < DRAWS; draw++) {
    for (const [id, holds] of Object.entries(checks(runnerFor(draw, seed)))) counts[id] = (counts[id] ?? 0) + (holds ? 1 : 0);
  }
  return Object.fromEntries(Object.entries(counts).map(([id, count]) => [id, count / DRAWS]));
}

function expectRobust(result: Record<string, number>): void {
  const weak = Object.entries(result).filter(([, fraction]) => fraction < REQUIRED);
  expect(weak.map(([id, fraction]) => `${id}: ${(100 * fraction).toFixed(1)} %`)).toEqual([]);
  expect(Object.keys(result).length).toBeGreaterThan(5);
}

// 200 games per case and timing: sized for a loaded 2-core machine, not for speed (that is `npm run bench`).
describe('robustness over 200 draws at ±20 %', { timeout: 180_000 }, () => {
  it.each([
    { downturnRound: 5, recycledRound: 9 },
    { downturnRound: 3, recycledRound: 7 },
    { downturnRound: 8, recycledRound: 12 },
  ])('dealer alliance with the downturn in round $downturnRound and the recycled line in round $recycledRound', (timing) => {
    expectRobust(fractions((run) => dealerRobustnessChecks(run, timing), 1));
  });

  it.each([
    { switchRound: 5, promotionsRound: 9 },
    { switchRound: 3, promotionsRound: 7 },
    { switchRound: 7, promotionsRound: 11 },
  ])('P&G and Walmart switching in round $switchRound', (timing) => {
    expectRobust(fractions((run) => pgwRobustnessChecks(run, timing), 2));
  });
});
