import { describe, expect, it } from 'vitest';
import { gameLoopPhases } from '../../src/rules/index.ts';
import { roundRanges } from '../../src/views/debrief/dominance-section.ts';
import { newGame, play, playRound } from '../helpers/game-driver.ts';
import { scenario } from '../helpers/scenarios.ts';

describe('which loop in the model led during a game', () => {
  it('names the P&G supply-chain loops that lead, covering every round once', () => {
    const s = scenario('pg-walmart');
    let game = play(s, newGame(s, { rounds: 8 }), { type: 'startGame', actor: 'system' });
    const promo = { maker: { listPrice: 10, tradeDealDepth: 0.1, allianceBudget: 0 }, retailer: { forwardBuyAggressiveness: 0.7, regularCover: 1, priceGap: 0.08, shareSalesData: 0, allianceBudget: 0 } };
    for (let round = 1; round <= 8; round++) game = playRound(s, game, promo);
    const phases = gameLoopPhases(s, game);
    expect(phases.length).toBeGreaterThan(0);
    const rounds = phases.flatMap((phase) => Array.from({ length: phase.toRound - phase.fromRound + 1 }, (_, i) => phase.fromRound + i));
    expect(rounds).toEqual([...new Set(rounds)].sort((a, b) => a - b));
    expect(rounds.at(-1)).toBe(8);
    for (const phase of phases) expect(phase.variables.length).toBeGreaterThanOrEqual(3);
    expect(phases.some((phase) => phase.variables.includes('Retailer Orders'))).toBe(true);
  });

  it('finds no loop beyond a stock settling in the dealer model: the big loops run through the teams', () => {
    const s = scenario('dealer-alliance');
    let game = play(s, newGame(s, { rounds: 4 }), { type: 'startGame', actor: 'system' });
    for (let round = 1; round <= 4; round++) game = playRound(s, game, { manufacturer: { dealerPrice: 100, dealerSupport: 1, creditRate: 7 }, dealers: { facilityInvestment: 1.5, localMarketing: 1 } });
    expect(gameLoopPhases(s, game)).toEqual([]);
  });

  it('writes rounds as ranges', () => {
    expect(roundRanges([1, 2, 3, 5, 7, 8, 11])).toBe('1–3, 5, 7–8, 11');
  });
});
