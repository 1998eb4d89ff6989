import { describe, expect, it } from 'vitest';
import { createGame, debriefAnalysis, gameLoopPhases, GAME_LENGTH, type GameState } from '../../src/rules/index.ts';
import { newGame, play, playRound } from '../helpers/game-driver.ts';
import { scenario } from '../helpers/scenarios.ts';

const agreed = { manufacturer: { dealerPrice: 100, dealerSupport: 1, creditRate: 7 }, dealers: { facilityInvestment: 1.5, localMarketing: 1 } };
const squeeze = { manufacturer: { dealerPrice: 110, dealerSupport: 0.5, creditRate: 7 }, dealers: { facilityInvestment: 0.75, localMarketing: 0.5 } };

function playedGame(rounds: number, downturn: number): GameState {
  const s = scenario('dealer-alliance');
  let state = play(s, newGame(s, { rounds, events: [{ eventId: 'downturn', round: downturn }] }), { type: 'startGame', actor: 'system' });
  for (let round = 1; round <= rounds; round++) state = playRound(s, state, round >= downturn + 2 && round <= downturn + 6 ? squeeze : agreed);
  return state;
}

describe('a game of any length from 4 to 40 rounds, whatever the case’s usual count', () => {
  it('is created for 24 and for 40 rounds, and refused past 40', () => {
    const s = scenario('dealer-alliance');
    expect(GAME_LENGTH).toEqual({ min: 4, max: 40 });
    for (const rounds of [4, 24, 40]) expect(newGame(s, { rounds }).settings.rounds).toBe(rounds);
    expect(() => newGame(s, { rounds: 41 })).toThrow('rounds must be a whole number from 1 to 40');
    expect(() => createGame(s, { ...newGame(s).settings, rounds: 2.5 })).toThrow(/whole number/);
  });

  it('plays 24 rounds to the debrief, with an event in round 22 and the debrief’s shadow runs over all 24', () => {
    const s = scenario('dealer-alliance');
    let state = play(s, newGame(s, { rounds: 24, events: [{ eventId: 'downturn', round: 22 }], seats: { manufacturer: { kind: 'human' }, dealers: { kind: 'computer', strategy: 'reflex' } } }), { type: 'startGame', actor: 'system' });
    for (let round = 1; round <= 24; round++) state = playRound(s, state, { manufacturer: agreed.manufacturer });
    expect(state.phase).toBe('debrief');
    expect(state.history).toHaveLength(24);
    // The downturn of round 22 shows in round 23's results, and the computer's reflex answers it (from its third round).
    const volume = (round: number) => state.history[round - 1]!.kpis['manufacturer']!['volume']!;
    expect(volume(24)).toBeLessThan(0.95 * volume(21));
    expect(state.history[23]!.decisions['dealers']).toEqual({ facilityInvestment: 0.75, localMarketing: 0.5 });
    const analysis = debriefAnalysis(s, state);
    expect(analysis.cooperative.profit.get('manufacturer')).toHaveLength(24);
    expect(analysis.payoff.cells.every((cell) => Number.isFinite(cell.cumulative.get('dealers')!))).toBe(true);
  });

  it.each([8, 24, 40])('reads the debrief of a %i-round game: conduct, first hurts, and which loop led up to its last round', (rounds) => {
    const s = scenario('dealer-alliance');
    const downturn = Math.min(5, rounds - 3);
    const analysis = debriefAnalysis(s, playedGame(rounds, downturn));
    expect(analysis.payoff.yourGame.conduct).toEqual(new Map([['manufacturer', 'quick-fix'], ['dealers', 'quick-fix']]));
    expect([...analysis.moves.values()].map((move) => move.rounds[0])).toEqual([downturn + 2, downturn + 2]);
    expect(analysis.cooperative.profit.get('dealers')).toHaveLength(rounds);
    const pg = scenario('pg-walmart');
    let game = play(pg, newGame(pg, { rounds }), { type: 'startGame', actor: 'system' });
    const promo = { maker: { listPrice: 10, tradeDealDepth: 0.1, allianceBudget: 0 }, retailer: { forwardBuyAggressiveness: 0.7, regularCover: 1, priceGap: 0.08, shareSalesData: 0, allianceBudget: 0 } };
    for (let round = 1; round <= rounds; round++) game = playRound(pg, game, promo);
    const phases = gameLoopPhases(pg, game);
    expect(phases.length).toBeGreaterThan(0);
    expect(phases.at(-1)!.toRound).toBe(rounds);
  });
});
