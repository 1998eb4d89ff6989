import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyAction, type GameState } from '../../src/rules/index.ts';
import { newGame, play } from '../helpers/game-driver.ts';
import { scenario } from '../helpers/scenarios.ts';

/**
 * Bad input never corrupts a game: whatever arrives, applyAction either returns a new state or
 * refuses with a readable reason, and a refusal leaves the state exactly as it was.
 */
const s = () => scenario('dealer-alliance');

const anyNumber = fc.oneof(fc.double(), fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 1e308), fc.integer({ min: -1000, max: 1000 }));
const anyValue = fc.oneof(anyNumber, fc.string(), fc.constant(null), fc.boolean(), fc.constant(undefined), fc.array(fc.integer(), { maxLength: 2 }));
const sideName = fc.constantFrom('manufacturer', 'dealers', 'facilitator', 'system', 'maker', '', '__proto__');
const decisionName = fc.constantFrom('dealerPrice', 'dealerSupport', 'creditRate', 'facilityInvestment', 'localMarketing', 'bribe', 'constructor');

const decisions = fc.dictionary(decisionName, anyValue, { maxKeys: 6 });
const action = fc.oneof(
  fc.record({ type: fc.constant('submitDecisions'), actor: sideName, side: sideName, round: fc.oneof(fc.integer({ min: -2, max: 25 }), anyValue), decisions }),
  fc.record({ type: fc.constant('undoSubmission'), actor: sideName, side: sideName, round: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ type: fc.constantFrom('resolveRound', 'nextRound'), actor: sideName, round: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ type: fc.constantFrom('scheduleEvent', 'cancelEvent'), actor: sideName, eventId: fc.constantFrom('downturn', 'recycled-line', 'comet'), round: fc.integer({ min: -1, max: 30 }) }),
  fc.record({
    type: fc.constant('proposeDeal'),
    actor: sideName,
    side: sideName,
    rounds: fc.integer({ min: -1, max: 10 }),
    terms: fc.array(fc.record({ side: sideName, decision: decisionName, bound: fc.constantFrom('at-most', 'at-least', 'about'), value: anyNumber }), { maxLength: 3 }),
  }),
  fc.record({ type: fc.constant('respondToDeal'), actor: sideName, side: sideName, proposalId: fc.integer({ min: 0, max: 3 }), response: fc.constantFrom('accept', 'reject', 'maybe') }),
  fc.record({ type: fc.constant('exitAlliance'), actor: sideName, side: sideName }),
  fc.record({ type: fc.constant('changeSeat'), actor: sideName, seatSide: sideName, seat: fc.oneof(fc.record({ kind: fc.constantFrom('human', 'robot') }), fc.record({ kind: fc.constant('computer'), strategy: fc.constantFrom('squeeze', 'cooperative', 'chaos', '') })) }),
  fc.record({ type: fc.constant('startGame'), actor: sideName }),
  anyValue,
  fc.object(),
);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

describe('applyAction under hostile input', () => {
  it('never throws, never mutates, and a refusal changes nothing', () => {
    const started = play(s(), newGame(s(), { rounds: 3 }), { type: 'startGame', actor: 'system' });
    fc.assert(
      fc.property(fc.array(action, { maxLength: 25 }), (actions) => {
        let state: GameState = deepFreeze(structuredClone(started));
        for (const candidate of actions) {
          const before = JSON.stringify(state);
          const result = applyAction(s(), state, candidate);
          if (result.ok) {
            state = deepFreeze(result.state);
          } else {
            expect(typeof result.reason).toBe('string');
            expect(result.reason.length).toBeGreaterThan(5);
            expect(result.reason).not.toMatch(/undefined|TypeError|\[object/);
            expect(JSON.stringify(state)).toBe(before);
          }
          for (const outcome of state.history) for (const side of Object.values(outcome.kpis)) for (const value of Object.values(side)) expect(Number.isFinite(value)).toBe(true);
        }
      }),
      { numRuns: 300, seed: 20261125 },
    );
  });

  it('refuses every out-of-range or non-numeric decision and accepts every in-range one', () => {
    const started = play(s(), newGame(s()), { type: 'startGame', actor: 'system' });
    fc.assert(
      fc.property(anyNumber, (price) => {
        const result = applyAction(s(), started, { type: 'submitDecisions', actor: 'manufacturer', side: 'manufacturer', round: 1, decisions: { dealerPrice: price, dealerSupport: 1, creditRate: 7 } });
        expect(result.ok).toBe(Number.isFinite(price) && price >= 80 && price <= 130);
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});
