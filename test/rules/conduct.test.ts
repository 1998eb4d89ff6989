/**
 * The one account of conduct (src/rules/debrief/conduct.ts): which terms bind a side in a round,
 * and whether it kept them, moved against them, or had none to keep.
 */
import { describe, expect, it } from 'vitest';
import { conductAnalysis, conductOf, type GameState, type Scenario } from '../../src/rules/index.ts';
import { newGame, play, playRound } from '../helpers/game-driver.ts';
import { scenario } from '../helpers/scenarios.ts';
import { DEALER_AGREED, DEALER_SQUEEZE, pgDealGame } from '../views/debrief/debrief-games.ts';

const dealer = scenario('dealer-alliance');
const pg = scenario('pg-walmart');

function conduct(s: Scenario, state: GameState, side: string) {
  return conductOf(conductAnalysis(s, { history: state.history, deals: state.deals, exit: state.exit }), side);
}

describe('conductAnalysis', () => {
  it('binds nobody in a case that opens in a habit until terms are agreed, and then holds each side to them', () => {
    const state = pgDealGame(pg);
    for (const side of ['maker', 'retailer']) {
      const entry = conduct(pg, state, side);
      expect(entry.rounds.map((round) => round.kind)).toEqual([...Array(4).fill('no-terms'), ...Array(8).fill('kept')]);
      expect(entry.breachRounds).toEqual([]);
      expect(entry.offBaselineRounds).toEqual([1, 2, 3, 4]);
      expect(entry.boundFrom).toBe(5);
      expect(entry.cooperativeFrom).toBe(5);
      expect(entry.payoffConduct).toBe('kept');
    }
  });

  it('binds both dealer sides by the charter from round 1, so a squeeze is a breach', () => {
    let state = play(dealer, newGame(dealer, { rounds: 6 }), { type: 'startGame', actor: 'system' });
    for (let round = 1; round <= 6; round++) state = playRound(dealer, state, round === 2 || round === 3 ? DEALER_SQUEEZE : DEALER_AGREED);
    const maker = conduct(dealer, state, 'manufacturer');
    expect(maker.breachRounds).toEqual([2, 3]);
    expect(maker.backOnTerms).toBe(4);
    expect(maker.rounds[1]!.broken.map((term) => [term.decision, term.bound, term.value])).toEqual([
      ['dealerPrice', 'at-most', 100],
      ['dealerSupport', 'at-least', 1],
    ]);
    expect(maker.payoffConduct).toBe('quick-fix');
  });

  it('ends every term once the exit clause takes effect', () => {
    let state = play(dealer, newGame(dealer, { rounds: 5 }), { type: 'startGame', actor: 'system' });
    state = playRound(dealer, state, DEALER_AGREED);
    state = play(dealer, state, { type: 'submitDecisions', actor: 'manufacturer', side: 'manufacturer', round: 2, decisions: DEALER_AGREED['manufacturer']! });
    state = play(dealer, state, { type: 'exitAlliance', actor: 'dealers', side: 'dealers' });
    state = play(dealer, state, { type: 'submitDecisions', actor: 'dealers', side: 'dealers', round: 2, decisions: DEALER_AGREED['dealers']! });
    state = play(dealer, state, { type: 'resolveRound', actor: 'system', round: 2 }, { type: 'nextRound', actor: 'system', round: 2 });
    for (let round = 3; round <= 5; round++) state = playRound(dealer, state, DEALER_SQUEEZE);
    const dealers = conduct(dealer, state, 'dealers');
    expect(dealers.rounds.map((round) => [round.kind, round.allianceEnded])).toEqual([
      ['kept', false],
      ['kept', false],
      ['no-terms', true],
      ['no-terms', true],
      ['no-terms', true],
    ]);
    expect(dealers.breachRounds).toEqual([]);
    expect(dealers.offBaselineRounds).toEqual([3, 4, 5]);
  });

  it('does not hold a round the server filled in against the seat', () => {
    let state = play(dealer, newGame(dealer, { rounds: 3 }), { type: 'startGame', actor: 'system' });
    for (let round = 1; round <= 3; round++) state = playRound(dealer, state, round === 2 ? DEALER_SQUEEZE : DEALER_AGREED);
    const filled = conductOf(conductAnalysis(dealer, { history: state.history, deals: state.deals, exit: null, filledIn: [{ side: 'dealers', round: 2 }] }), 'dealers');
    expect(filled.rounds[1]).toMatchObject({ kind: 'broke', filledIn: true });
    expect(filled.breachRounds).toEqual([]);
  });
});
