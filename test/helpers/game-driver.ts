import { applyAction, createGame, type GameAction, type GameSettings, type GameState, type Scenario } from '../../src/rules/index.ts';

/** Applies actions that must succeed; throws with the refusal reason otherwise. */
export function play(scenario: Scenario, state: GameState, ...actions: GameAction[]): GameState {
  let current = state;
  for (const action of actions) {
    const result = applyAction(scenario, current, action);
    if (!result.ok) throw new Error(`${action.type} refused: ${result.reason}`);
    current = result.state;
  }
  return current;
}

export function refusal(scenario: Scenario, state: GameState, action: unknown): string {
  const result = applyAction(scenario, state, action);
  if (result.ok) throw new Error(`expected a refusal for ${JSON.stringify(action)}`);
  return result.reason;
}

export function newGame(scenario: Scenario, overrides: Partial<GameSettings> = {}): GameState {
  const [first, second] = scenario.definition.sides;
  return createGame(scenario, {
    scenarioId: scenario.definition.id,
    rounds: scenario.definition.rounds.count,
    seed: 1,
    seats: { [first!.id]: { kind: 'human' }, [second!.id]: { kind: 'human' } },
    partnerYardstickVisible: false,
    events: [],
    ...overrides,
  });
}

/** Plays a whole round: both (human) sides submit, then the round is resolved and closed. */
export function playRound(scenario: Scenario, state: GameState, decisions: Record<string, Record<string, number>>): GameState {
  let current = state;
  for (const [side, values] of Object.entries(decisions)) {
    if (current.settings.seats[side]?.kind === 'human') current = play(scenario, current, { type: 'submitDecisions', actor: side, side, round: current.round, decisions: values });
  }
  return play(scenario, current, { type: 'resolveRound', actor: 'system', round: current.round }, { type: 'nextRound', actor: 'system', round: current.round });
}
