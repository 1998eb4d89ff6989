import { canonicalName } from '../engine/index.ts';
import { calibrate, peopleLoopsOfRun, type PeopleLoops, type RoundDecisions } from '../rules/index.ts';
import { planOf, scheduledEvents } from './explorer-setup.ts';
import type { ExplorerSession } from './explorer-store.ts';

/**
 * The case's loops through the teams for the explorer's run: the decisions on the sliders held
 * every round (after a played game's earlier rounds, for a branch from a game), scored as the
 * debrief scores a game (rules/debrief/people-loops.ts). With the decisions held, no team answers
 * its numbers, so no loop is closed; what shows is which loops the chosen decisions set running.
 * Null for a model without a case, or a case that declares no loops.
 */
export function explorerPeopleLoops(session: ExplorerSession): PeopleLoops | null {
  const setup = session.setup;
  const scenario = setup.scenario;
  if (!scenario?.definition.loops) return null;
  const plan = planOf(setup, session.values, session.events);
  const held: RoundDecisions = {};
  for (const side of scenario.definition.sides) {
    held[side.id] = Object.fromEntries(side.decisions.map((decision) => [decision.id, plan.decisions[canonicalName(decision.variable)] ?? decision.default]));
  }
  const game = setup.game;
  const played = game ? game.state.history.slice(0, game.fromRound - 1).map((outcome) => outcome.decisions) : [];
  const rounds = game ? game.lastRound : scenario.definition.rounds.count;
  const decisions = [...played, ...Array.from({ length: Math.max(0, rounds - played.length) }, () => held)];
  const { events, exit } = scheduledEvents(session.events);
  return peopleLoopsOfRun(scenario, { constants: calibrate(scenario, plan.parameters), events, exit, decisions });
}
