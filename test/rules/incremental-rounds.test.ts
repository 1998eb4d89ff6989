import { describe, expect, it } from 'vitest';
import {
  applyAction,
  createGame,
  defaultDecisions,
  forgetSimulations,
  gameConstants,
  simulateRounds,
  termBreaches,
  type GameAction,
  type GameState,
  type RoundDecisions,
  type Scenario,
} from '../../src/rules/index.ts';
import { newGame } from '../helpers/game-driver.ts';
import { scenario } from '../helpers/scenarios.ts';

/**
 * A round end simulates one round on the game's kept simulation (incremental-rounds.ts). It must
 * give, bit for bit, the game a replay gives: replaying the action log on a process that has
 * simulated nothing (a restart, a reload of the page), and replaying every round from the first
 * with the inputs as they stand (what every round end did before). For both cases, with events
 * scheduled and called off in mid-game, deals agreed, and the exit clause invoked.
 */

/** Every number as its exact bits: toEqual would take 0 for -0. */
function bits(value: unknown): string {
  const view = new DataView(new ArrayBuffer(8));
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item !== 'number') return item;
    view.setFloat64(0, item);
    return `f64:${view.getBigUint64(0).toString(16)}`;
  });
}

interface Script {
  readonly scenarioId: 'dealer-alliance' | 'pg-walmart';
  readonly rounds: number;
  /** Actions taken during a round, before both sides decide. */
  readonly during: (round: number, state: GameState, s: Scenario) => GameAction[];
  /** A side's decisions in a round, varied so that no two rounds are alike. */
  readonly decide: (side: string, round: number, s: Scenario) => Record<string, number>;
  /** Decisions as decided even where they break a deal in force (the model hears of the break); bent to the terms otherwise. */
  readonly breaksDeals?: boolean;
}

function varied(s: Scenario, side: string, round: number): Record<string, number> {
  const definition = s.definition.sides.find((candidate) => candidate.id === side)!;
  const base = defaultDecisions(definition);
  const out: Record<string, number> = {};
  definition.decisions.forEach((decision, index) => {
    if (decision.choices) out[decision.id] = decision.choices[(round + index) % decision.choices.length]!.value;
    else {
      const span = decision.max - decision.min;
      const wiggle = Math.sin(round * 1.7 + index) * 0.15 * span;
      out[decision.id] = Math.min(decision.max, Math.max(decision.min, base[decision.id]! + Math.round(wiggle / decision.step) * decision.step));
    }
  });
  return out;
}

const scripts: Script[] = [
  {
    scenarioId: 'dealer-alliance',
    rounds: 12,
    during: (round, state, s) => {
      const actions: GameAction[] = [];
      if (round === 2) actions.push({ type: 'scheduleEvent', actor: 'facilitator', eventId: 'downturn', round: 5 });
      if (round === 3) actions.push({ type: 'proposeDeal', actor: 'manufacturer', side: 'manufacturer', terms: s.definition.deals[0]!.terms, rounds: 3 });
      if (round === 3) actions.push({ type: 'respondToDeal', actor: 'dealers', side: 'dealers', proposalId: 1, response: 'accept' });
      if (round === 4) {
        const recycled = s.definition.events.find((event) => event.id !== 'downturn');
        if (recycled) actions.push({ type: 'scheduleEvent', actor: 'facilitator', eventId: recycled.id, round: 9 });
      }
      if (round === 7 && state.events.some((event) => event.round === 9)) {
        const later = state.events.find((event) => event.round === 9)!;
        actions.push({ type: 'cancelEvent', actor: 'facilitator', eventId: later.eventId, round: 9 });
        actions.push({ type: 'scheduleEvent', actor: 'facilitator', eventId: later.eventId, round: 10 });
      }
      if (round === 8) actions.push({ type: 'exitAlliance', actor: 'dealers', side: 'dealers' });
      return actions;
    },
    decide: (side, round, s) => varied(s, side, round),
  },
  {
    scenarioId: 'pg-walmart',
    rounds: 10,
    during: (round, _state, s) => {
      const actions: GameAction[] = [];
      if (round === 1) actions.push({ type: 'scheduleEvent', actor: 'facilitator', eventId: s.definition.events[0]!.id, round: 4 });
      if (round === 2) actions.push({ type: 'proposeDeal', actor: 'maker', side: 'maker', terms: s.definition.deals[0]!.terms, rounds: 4 });
      if (round === 2) actions.push({ type: 'respondToDeal', actor: 'retailer', side: 'retailer', proposalId: 1, response: 'accept' });
      if (round === 6) actions.push({ type: 'exitAlliance', actor: 'maker', side: 'maker' });
      return actions;
    },
    decide: (side, round, s) => varied(s, side, round),
  },
  {
    // Longer than the case's 20 quarters, with deals broken as often as the varied decisions happen to.
    scenarioId: 'dealer-alliance',
    rounds: 24,
    breaksDeals: true,
    during: (round, _state, s) => {
      const actions: GameAction[] = [];
      if (round === 2) actions.push({ type: 'scheduleEvent', actor: 'facilitator', eventId: 'downturn', round: 21 });
      if (round === 3 || round === 15) {
        const id = round === 3 ? 1 : 2;
        actions.push({ type: 'proposeDeal', actor: 'manufacturer', side: 'manufacturer', terms: s.definition.deals[0]!.terms, rounds: 8 });
        actions.push({ type: 'respondToDeal', actor: 'dealers', side: 'dealers', proposalId: id, response: 'accept' });
      }
      if (round === 22) actions.push({ type: 'exitAlliance', actor: 'manufacturer', side: 'manufacturer' });
      return actions;
    },
    decide: (side, round, s) => varied(s, side, round),
  },
];

/** Plays the script live, keeping its log; returns the state after every round, and the log up to it. */
function playLive(script: Script): { states: GameState[]; logs: GameAction[][]; start: GameState } {
  const s = scenario(script.scenarioId);
  const start = newGame(s, { rounds: script.rounds });
  const log: GameAction[] = [];
  let state = start;
  const act = (action: GameAction) => {
    const result = applyAction(s, state, action);
    if (!result.ok) throw new Error(`${action.type} refused: ${result.reason}`);
    state = result.state;
    log.push(action);
  };
  const states: GameState[] = [];
  const logs: GameAction[][] = [];
  act({ type: 'startGame', actor: 'system' });
  for (let round = 1; round <= script.rounds; round++) {
    for (const action of script.during(round, state, s)) act(action);
    for (const side of s.definition.sides) {
      // Decisions within any deal in force (the rules refuse a breach): bent to its terms.
      const decisions = { ...script.decide(side.id, round, s) };
      for (const deal of script.breaksDeals ? [] : state.deals) {
        if (deal.status !== 'accepted' || deal.fromRound! > round || deal.untilRound! < round) continue;
        for (const term of deal.terms) if (term.side === side.id) decisions[term.decision] = term.bound === 'at-most' ? Math.min(decisions[term.decision]!, term.value) : Math.max(decisions[term.decision]!, term.value);
      }
      act({ type: 'submitDecisions', actor: side.id, side: side.id, round, decisions });
    }
    act({ type: 'resolveRound', actor: 'system', round });
    states.push(state);
    logs.push([...log]);
    act({ type: 'nextRound', actor: 'system', round });
  }
  return { states, logs, start };
}

function replayLog(s: Scenario, start: GameState, log: readonly GameAction[]): GameState {
  return log.reduce((state, action) => {
    const result = applyAction(s, state, action);
    if (!result.ok) throw new Error(`replay: ${action.type} refused: ${result.reason}`);
    return result.state;
  }, createGame(s, start.settings));
}

describe('incremental rounds', () => {
  for (const script of scripts) {
    it(`${script.scenarioId}: a live game, its log replayed on a cold process, and every round replayed from the first agree bit for bit after every round`, () => {
      const s = scenario(script.scenarioId);
      forgetSimulations();
      const live = playLive(script);
      expect(live.states.at(-1)!.exit).not.toBeNull();
      expect(live.states.at(-1)!.deals.some((deal) => deal.status === 'accepted')).toBe(true);
      if (script.breaksDeals) expect(termBreaches(live.states.at(-1)!).length).toBeGreaterThan(0);
      live.states.forEach((state, index) => {
        // The log up to this round end, replayed with nothing kept.
        forgetSimulations();
        expect(bits(replayLog(s, live.start, live.logs[index]!)), `round ${index + 1}, replayed log`).toBe(bits(state));
        // Every round from the first, with the inputs as they stand at this round end.
        const decisions: RoundDecisions[] = state.history.map((outcome) => outcome.decisions);
        const { outcomes } = simulateRounds(s, gameConstants(s, state.settings), state.events, decisions, state.exit, { rounds: state.settings.rounds, deals: state.deals });
        expect(bits(outcomes), `round ${index + 1}, from the first round`).toBe(bits(state.history));
      });
    });
  }

  it('simulates one round per round end on a kept simulation: the past rounds are the same objects', () => {
    const script = scripts[0]!;
    forgetSimulations();
    const { states } = playLive(script);
    for (let index = 1; index < states.length; index++) {
      // The history grows by one outcome; the earlier ones are not recomputed.
      states[index - 1]!.history.forEach((outcome, round) => expect(states[index]!.history[round]).toBe(outcome));
    }
  });

  it('rebuilds a game saved elsewhere (no kept simulation) from its history, and goes on as the live game does', () => {
    const script = scripts[1]!;
    const s = scenario(script.scenarioId);
    forgetSimulations();
    const { states, logs, start } = playLive(script);
    const middle = states[4]!;
    // The saved state of round 5, as the page stores it, on a process that has simulated nothing.
    forgetSimulations();
    const saved = JSON.parse(JSON.stringify(middle)) as GameState;
    const next = logs[5]!.slice(logs[4]!.length);
    const continued = next.reduce((state, action) => {
      const result = applyAction(s, state, action);
      if (!result.ok) throw new Error(result.reason);
      return result.state;
    }, saved);
    expect(bits(continued.history)).toBe(bits(states[5]!.history));
    expect(bits(replayLog(s, start, logs[5]!).history)).toBe(bits(states[5]!.history));
  });
});
