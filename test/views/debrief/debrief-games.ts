/**
 * The games the debrief tests look at, played through the real rules (createGame, applyAction):
 * two dealer games (both sides squeezing in the downturn; both keeping the terms) and a P&G game
 * that leaves the promotion habit for the alliance terms in quarter 5.
 */
import type { GameState, ScheduledEvent, Scenario } from '../../../src/rules/index.ts';
import { newGame, play, playRound } from '../../helpers/game-driver.ts';


type SideDecisions = Record<string, Record<string, number>>;

export const DEALER_AGREED: SideDecisions = {
  manufacturer: { dealerPrice: 100, dealerSupport: 1, creditRate: 7 },
  dealers: { facilityInvestment: 1.5, localMarketing: 1 },
};
export const DEALER_SQUEEZE: SideDecisions = {
  manufacturer: { dealerPrice: 110, dealerSupport: 0.5, creditRate: 7 },
  dealers: { facilityInvestment: 0.75, localMarketing: 0.5 },
};
export const PG_HABIT: SideDecisions = {
  maker: { listPrice: 10, tradeDealDepth: 0.1, allianceBudget: 0 },
  retailer: { forwardBuyAggressiveness: 0.7, regularCover: 1, priceGap: 0.08, shareSalesData: 0, allianceBudget: 0 },
};
const PG_ALLIANCE_FIRST_YEAR: SideDecisions = {
  maker: { listPrice: 8.95, tradeDealDepth: 0, allianceBudget: 0.6 },
  retailer: { forwardBuyAggressiveness: 0, regularCover: 1, priceGap: 0.1, shareSalesData: 1, allianceBudget: 0.4 },
};
const PG_ALLIANCE_LATER: SideDecisions = {
  maker: { listPrice: 8.95, tradeDealDepth: 0, allianceBudget: 0.1 },
  retailer: { forwardBuyAggressiveness: 0, regularCover: 1, priceGap: 0.1, shareSalesData: 1, allianceBudget: 0.1 },
};

/** Play every round with two human seats, the decisions of each round coming from `decide`. */
export function playGame(scenario: Scenario, events: readonly ScheduledEvent[], decide: (round: number) => SideDecisions, rounds = scenario.definition.rounds.count): GameState {
  let state = play(scenario, newGame(scenario, { events, rounds }), { type: 'startGame', actor: 'system' });
  for (let round = 1; round <= rounds; round++) state = playRound(scenario, state, decide(round));
  return state;
}

/** Both dealer sides reach for the reflex in quarters 7–14 of the downturn (reference check 3). */
export function dealerReflexGame(scenario: Scenario): GameState {
  return playGame(scenario, [{ eventId: 'downturn', round: 5 }], (round) => (round >= 7 && round <= 14 ? DEALER_SQUEEZE : DEALER_AGREED));
}

/** Both dealer sides keep the agreed terms through the downturn and the recycled line. */
export function dealerCooperativeGame(scenario: Scenario): GameState {
  return playGame(
    scenario,
    [
      { eventId: 'downturn', round: 5 },
      { eventId: 'recycled-line', round: 9 },
    ],
    () => DEALER_AGREED,
  );
}

/** P&G and Walmart play the promotion habit for a year, then the alliance terms from quarter 5 (reference check 2). */
export function pgSwitchGame(scenario: Scenario): GameState {
  return playGame(scenario, [], (round) => (round < 5 ? PG_HABIT : round < 9 ? PG_ALLIANCE_FIRST_YEAR : PG_ALLIANCE_LATER));
}

/**
 * The P&G game of the debrief issue: two teams, 12 quarters; the trade-deal habit in quarters
 * 1–4; in quarter 5 P&G proposes the no-trade-deals terms and Walmart accepts; everyday low
 * prices to the end.
 */
export function pgDealGame(scenario: Scenario): GameState {
  let state = play(scenario, newGame(scenario, { rounds: 12 }), { type: 'startGame', actor: 'system' });
  for (let round = 1; round <= 4; round++) state = playRound(scenario, state, PG_HABIT);
  state = play(scenario, state, { type: 'proposeDeal', actor: 'maker', side: 'maker', terms: scenario.definition.deals[0]!.terms, rounds: 8 });
  state = play(scenario, state, { type: 'respondToDeal', actor: 'retailer', side: 'retailer', proposalId: state.deals.at(-1)!.id, response: 'accept' });
  for (let round = 5; round <= 12; round++) state = playRound(scenario, state, round < 9 ? PG_ALLIANCE_FIRST_YEAR : PG_ALLIANCE_LATER);
  return state;
}
