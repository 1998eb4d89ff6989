import type { Scenario } from '../scenario/load-scenario.ts';
import type { GameState } from './game-state.ts';
import type { Decisions } from './simulate-rounds.ts';

/** Whether the alliance had ended by `round`: the exit clause takes effect the round after it was invoked. */
export function allianceEndedBy(exit: GameState['exit'], round: number): boolean {
  return exit !== null && round > exit.round;
}

/**
 * Decisions the case declares meaningless once the alliance has ended (a budget for a disbanded
 * joint team), per side, with the value each holds from then on; empty before the exit takes effect.
 */
export function endedDecisions(scenario: Scenario, exit: GameState['exit'], round: number): Record<string, Decisions> {
  const ended: Record<string, Decisions> = {};
  if (!allianceEndedBy(exit, round)) return ended;
  for (const { side, decision, value } of scenario.definition.exitClause.endsDecisions) (ended[side] ??= {})[decision] = value;
  return ended;
}
