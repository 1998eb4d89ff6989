import { describe, expect, it } from 'vitest';
import { breachInputs, playHeadless, termBreaches, type GameState, type Scenario } from '../../src/rules/index.ts';
import { newGame, play, playRound } from '../helpers/game-driver.ts';
import { scenario } from '../helpers/scenarios.ts';

const dealer = () => scenario('dealer-alliance');
const agreed = { manufacturer: { dealerPrice: 100, dealerSupport: 1, creditRate: 7 }, dealers: { facilityInvestment: 1.5, localMarketing: 1 } };
/** The same total investment as agreed (the model's own yardstick of the dealers' good faith), split against the deal's floor on facilities. */
const reshuffled = { ...agreed, dealers: { facilityInvestment: 1.4, localMarketing: 1.1 } };

function withDeal(s: Scenario, from: string, terms: { side: string; decision: string; bound: 'at-most' | 'at-least'; value: number }[]): GameState {
  let state = play(s, newGame(s, { rounds: 4 }), { type: 'startGame', actor: 'system' });
  const partner = s.definition.sides.find((side) => side.id !== from)!.id;
  state = play(s, state, { type: 'proposeDeal', actor: from, side: from, terms, rounds: 2 });
  return play(s, state, { type: 'respondToDeal', actor: partner, side: partner, proposalId: state.deals.at(-1)!.id, response: 'accept' });
}

const trustAfter = (state: GameState, round: number) => state.history[round - 1]!.kpis['alliance']!['trust']!;

describe('the model’s trust hears of a broken deal', () => {
  it('falls when the dealers break a term the model’s own yardstick would not notice (same total investment, less on facilities)', () => {
    const s = dealer();
    const broken = playRound(s, withDeal(s, 'manufacturer', s.definition.deals[0]!.terms), reshuffled);
    const noDeal = playRound(s, play(s, newGame(s, { rounds: 4 }), { type: 'startGame', actor: 'system' }), reshuffled);
    expect(termBreaches(broken).map((breach) => breach.term.decision)).toEqual(['facilityInvestment']);
    expect(trustAfter(noDeal, 1)).toBeCloseTo(trustAfter(playRound(s, play(s, newGame(s, { rounds: 4 }), { type: 'startGame', actor: 'system' }), agreed), 1), 12);
    expect(trustAfter(broken, 1)).toBeLessThan(trustAfter(noDeal, 1) - 0.02);
  });

  it('falls when the maker breaks a deal stricter than the terms the alliance was signed on, although the move itself pleases the dealers', () => {
    const s = dealer();
    const cheaper = { ...agreed, manufacturer: { ...agreed.manufacturer, dealerPrice: 98 } };
    const broken = playRound(s, withDeal(s, 'dealers', [{ side: 'manufacturer', decision: 'dealerPrice', bound: 'at-most', value: 95 }]), cheaper);
    const noDeal = playRound(s, play(s, newGame(s, { rounds: 4 }), { type: 'startGame', actor: 'system' }), cheaper);
    const kept = playRound(s, play(s, newGame(s, { rounds: 4 }), { type: 'startGame', actor: 'system' }), agreed);
    expect(trustAfter(noDeal, 1)).toBeGreaterThan(trustAfter(kept, 1));
    expect(trustAfter(broken, 1)).toBeLessThan(trustAfter(kept, 1) - 0.02);
  });

  it('changes nothing while every deal is kept: the same numbers as a game without deals', () => {
    const s = dealer();
    let withKeptDeal = withDeal(s, 'manufacturer', s.definition.deals[0]!.terms);
    let without = play(s, newGame(s, { rounds: 4 }), { type: 'startGame', actor: 'system' });
    for (let round = 1; round <= 4; round++) {
      withKeptDeal = playRound(s, withKeptDeal, agreed);
      without = playRound(s, without, agreed);
    }
    expect(termBreaches(withKeptDeal)).toEqual([]);
    expect(withKeptDeal.history.map((outcome) => outcome.kpis)).toEqual(without.history.map((outcome) => outcome.kpis));
    expect(without.history.map((outcome) => outcome.kpis)).toEqual(playHeadless(s, { strategies: {}, events: [], rounds: 4 }).rounds.map((outcome) => outcome.kpis));
  });

  it('gives the model 0 for each side without a breach and 1 for a side that broke a term', () => {
    const s = scenario('pg-walmart');
    const state = withDeal(s, 'maker', s.definition.deals[0]!.terms);
    const keeping = { maker: { listPrice: 8.95, tradeDealDepth: 0, allianceBudget: 0.1 }, retailer: { forwardBuyAggressiveness: 0, regularCover: 1, priceGap: 0.08, shareSalesData: 1, allianceBudget: 0.1 } };
    expect(breachInputs(s, state, 1, keeping)).toEqual({ 'Maker Broke Terms': 0, 'Retailer Broke Terms': 0 });
    expect(breachInputs(s, state, 1, { ...keeping, maker: { ...keeping.maker, tradeDealDepth: 0.1 } })).toEqual({ 'Maker Broke Terms': 1, 'Retailer Broke Terms': 0 });
    // Past the deal's last round, the same move breaks nothing.
    expect(breachInputs(s, state, 3, { ...keeping, maker: { ...keeping.maker, tradeDealDepth: 0.1 } })).toEqual({ 'Maker Broke Terms': 0, 'Retailer Broke Terms': 0 });
  });
});

describe('who is bound, and from when', () => {
  it('a team that already decided is bound from the next round, not by terms agreed after it decided', () => {
    const s = dealer();
    let state = play(s, newGame(s), { type: 'startGame', actor: 'system' });
    state = play(s, state, { type: 'submitDecisions', actor: 'manufacturer', side: 'manufacturer', round: 1, decisions: { ...agreed.manufacturer, dealerPrice: 108 } });
    state = play(s, state, { type: 'proposeDeal', actor: 'dealers', side: 'dealers', terms: [{ side: 'manufacturer', decision: 'dealerPrice', bound: 'at-most', value: 100 }], rounds: 3 });
    // The maker's screen is not there to answer in two-teams play, so the dealers accept a maker's counter instead:
    state = play(s, state, { type: 'proposeDeal', actor: 'manufacturer', side: 'manufacturer', counterTo: 1, terms: [{ side: 'manufacturer', decision: 'dealerPrice', bound: 'at-most', value: 105 }], rounds: 3 });
    state = play(s, state, { type: 'respondToDeal', actor: 'dealers', side: 'dealers', proposalId: 2, response: 'accept' });
    expect(state.deals[1]).toMatchObject({ status: 'accepted', agreedInRound: 1, fromRound: 2, untilRound: 4 });
    state = playRound(s, state, { dealers: agreed.dealers });
    expect(termBreaches(state)).toEqual([]);
  });

  it('a computer partner keeps the deals it accepted, unless its strategy says it plays on regardless', () => {
    const s = dealer();
    const faithless: Scenario = {
      ...s,
      definition: { ...s.definition, strategies: { ...s.definition.strategies, dealers: { ...s.definition.strategies['dealers']!, squeeze: { ...s.definition.strategies['dealers']!['squeeze']!, keepsDeals: false } } } },
    };
    const terms = [{ side: 'dealers', decision: 'localMarketing', bound: 'at-least' as const, value: 0.5 }, { side: 'dealers', decision: 'facilityInvestment', bound: 'at-least' as const, value: 1 }];
    for (const [game, keeps] of [[s, true], [faithless, false]] as const) {
      let state = play(game, newGame(game, { seats: { manufacturer: { kind: 'human' }, dealers: { kind: 'computer', strategy: 'squeeze' } } }), { type: 'startGame', actor: 'system' });
      // Forced into the deal as two teams would be: the computer answers by its own rule, so the terms are ones it can live with today.
      state = { ...state, deals: [{ id: 1, from: 'manufacturer', terms, rounds: 2, proposedInRound: 1, status: 'accepted', agreedInRound: 1, fromRound: 2, untilRound: 3 }] };
      state = playRound(game, state, { manufacturer: agreed.manufacturer });
      state = playRound(game, state, { manufacturer: agreed.manufacturer });
      expect(state.history[1]!.decisions['dealers']!['facilityInvestment']).toBe(keeps ? 1 : 0.75);
      expect(termBreaches(state).length > 0).toBe(!keeps);
    }
  });
});

describe('after the exit clause', () => {
  it('no deal binds any longer, and the decisions the case says have lapsed hold their value whatever is sent', () => {
    const s = scenario('pg-walmart');
    let state = withDeal(s, 'maker', s.definition.deals[0]!.terms);
    const keeping = { maker: { listPrice: 8.95, tradeDealDepth: 0, allianceBudget: 0.1 }, retailer: { forwardBuyAggressiveness: 0, regularCover: 1, priceGap: 0.08, shareSalesData: 1, allianceBudget: 0.1 } };
    state = play(s, state, { type: 'exitAlliance', actor: 'retailer', side: 'retailer' });
    state = playRound(s, state, keeping);
    // Round 2: the deal would still run, but the alliance has ended; budgets for the disbanded team are held at 0.
    const dealing = { ...keeping, maker: { ...keeping.maker, tradeDealDepth: 0.2 } };
    state = playRound(s, state, dealing);
    expect(termBreaches(state)).toEqual([]);
    expect(state.history[0]!.decisions['maker']!['allianceBudget']).toBe(0.1);
    expect(state.history[1]!.decisions['maker']!['allianceBudget']).toBe(0);
    expect(state.history[1]!.decisions['retailer']!['allianceBudget']).toBe(0);
    expect(state.history[1]!.decisions['maker']!['tradeDealDepth']).toBe(0.2);
  });
});
