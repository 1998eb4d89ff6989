import { describe, expect, it } from 'vitest';
import type { GameState } from '../../src/rules/index.ts';
import { openExplorerFromGame } from '../../src/state/explorer-store.ts';
import { newGame, play, playRound } from '../helpers/game-driver.ts';
import { makeExplorer } from '../helpers/explorer-store.ts';
import { scenario } from '../helpers/scenarios.ts';

/** The explorer opened on played games the rules now allow: a broken deal, a game past the case's 20 quarters. */
const dealer = scenario('dealer-alliance');
const agreed = { manufacturer: { dealerPrice: 100, dealerSupport: 1, creditRate: 7 }, dealers: { facilityInvestment: 1.5, localMarketing: 1 } };

function sessionOf(store: ReturnType<typeof makeExplorer>) {
  const current = store.getState().session;
  if (!current) throw new Error('no session open');
  return current;
}

function played(rounds: number, decide: (round: number) => typeof agreed, deal = false): GameState {
  let state = play(dealer, newGame(dealer, { rounds }), { type: 'startGame', actor: 'system' });
  if (deal) {
    state = play(dealer, state, { type: 'proposeDeal', actor: 'dealers', side: 'dealers', terms: dealer.definition.deals[0]!.terms, rounds: 3 });
    state = play(dealer, state, { type: 'respondToDeal', actor: 'manufacturer', side: 'manufacturer', proposalId: 1, response: 'accept' });
  }
  for (let round = 1; round <= rounds; round++) state = playRound(dealer, state, decide(round));
  return state;
}

describe('the explorer on a played game', () => {
  it('replays a broken deal as it was played: held decisions from the branch on give the game exactly', () => {
    const game = played(6, (round) => (round === 2 ? { ...agreed, manufacturer: { ...agreed.manufacturer, dealerPrice: 110 } } : agreed), true);
    const store = makeExplorer();
    openExplorerFromGame(store, { scenario: dealer, state: game, fromRound: 3 });
    const current = sessionOf(store);
    for (const id of ['trust', 'channel_share', 'cumulative_dealer_profit']) {
      expect(Array.from(current.run.series.get(id)!)).toEqual(Array.from(current.branches[0]!.run.series.get(id)!));
    }
    // And the broken deal is in it: the same game without the deal ends with more trust.
    const withoutDeal = played(6, (round) => (round === 2 ? { ...agreed, manufacturer: { ...agreed.manufacturer, dealerPrice: 110 } } : agreed));
    expect(current.branches[0]!.run.series.get('trust')!.at(-1)!).toBeLessThan(withoutDeal.history.at(-1)!.kpis['alliance']!['trust']! - 1e-3);
  });

  it('explores a 24-quarter game to its own end', () => {
    const game = played(24, () => agreed);
    const store = makeExplorer();
    openExplorerFromGame(store, { scenario: dealer, state: game, fromRound: 20 });
    const current = sessionOf(store);
    expect(current.run.time.at(-1)).toBe(24);
    expect(current.branches[0]!.run.time.at(-1)).toBe(24);
    expect(Array.from(current.run.series.get('trust')!)).toEqual(Array.from(current.branches[0]!.run.series.get('trust')!));
  });
});
