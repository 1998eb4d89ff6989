import { dominancePhases, loopDominance } from '../../engine/index.ts';
import { gameConstants } from '../game/apply-action.ts';
import type { GameState } from '../game/game-state.ts';
import { eventOverrides, roundInputs, roundStartTime } from '../game/simulate-rounds.ts';
import type { Scenario } from '../scenario/load-scenario.ts';

/**
 * Which feedback loop drove the game, and when: loop dominance (Loops That Matter, computed by the
 * engine from the model as it ran with this game's decisions and events), turned into spans of
 * rounds with the loop's variables named, for the debrief to say in words.
 */
export interface LoopPhase {
  readonly fromRound: number;
  readonly toRound: number;
  readonly loopId: string;
  readonly polarity: 'R' | 'B';
  /** Labels of the loop's variables, in loop order. */
  readonly variables: readonly string[];
}

export function gameLoopPhases(scenario: Scenario, state: GameState): LoopPhase[] {
  const rounds = state.history.length;
  if (rounds === 0) return [];
  const model = scenario.model;
  const changes = state.history.map((outcome) => ({ time: roundStartTime(scenario, outcome.round), values: roundInputs(scenario, outcome.round, outcome.decisions, state) }));
  const dominance = loopDominance(model, {
    overrides: { ...gameConstants(scenario, state.settings), ...eventOverrides(scenario, state.events, state.exit) },
    changes,
    stopAt: roundStartTime(scenario, rounds + 1),
  });
  // A stock adjusting through its own flow (two variables) is a loop too, and often the strongest;
  // the debrief speaks of the loops that run through other parts of the business.
  const telling = dominance.loops.filter((loop) => loop.variables.length >= 3);
  const tellingPhases = dominancePhases(dominance.times, telling);
  const labels = new Map(model.variables.map((variable) => [variable.id, variable.label]));
  const start = model.specs.start;
  const length = scenario.definition.rounds.length;
  const roundAt = (time: number) => Math.min(rounds, Math.max(1, Math.floor((time - start) / length + 1e-9) + 1));
  const phases: LoopPhase[] = [];
  for (const phase of tellingPhases) {
    if (phase.dominant === null || phase.polarity === null) continue;
    const fromRound = roundAt(phase.from);
    const toRound = Math.max(fromRound, roundAt(phase.to - 1e-9));
    const previous = phases.at(-1);
    if (previous && previous.loopId === phase.dominant && previous.toRound >= fromRound - 1) {
      phases[phases.length - 1] = { ...previous, toRound };
      continue;
    }
    // A loop that held for less than a round hands its round to the one before it.
    if (previous && fromRound <= previous.toRound && toRound <= previous.toRound) continue;
    const loop = telling.find((candidate) => candidate.id === phase.dominant)!;
    phases.push({
      fromRound: previous && fromRound <= previous.toRound ? previous.toRound + 1 : fromRound,
      toRound,
      loopId: loop.id,
      polarity: phase.polarity,
      variables: loop.variables.map((id) => labels.get(id) ?? id),
    });
  }
  return phases.filter((phase) => phase.fromRound <= phase.toRound);
}
