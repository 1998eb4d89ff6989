import { describe, expect, it } from 'vitest';
import { defaultDecisions, type Scenario, type ScheduledEvent } from '../../../src/rules/index.ts';
import { eventLifetimeLines } from '../../../src/views/debrief/event-lines.ts';
import { newGame, play, playRound } from '../../helpers/game-driver.ts';
import { scenario } from '../../helpers/scenarios.ts';

function played(which: Scenario, rounds: number, events: ScheduledEvent[]) {
  let game = play(which, newGame(which, { rounds, events }), { type: 'startGame', actor: 'system' });
  const decisions = Object.fromEntries(which.definition.sides.map((side) => [side.id, defaultDecisions(side)]));
  for (let round = 1; round <= rounds; round++) game = playRound(which, game, decisions);
  return game;
}

describe('the debrief says when each event began, peaked and ended', () => {
  it('a downturn from quarter 4 ran to quarter 13', () => {
    const dealer = scenario('dealer-alliance');
    expect(eventLifetimeLines(dealer, played(dealer, 20, [{ eventId: 'downturn', round: 4 }]))).toEqual(['Market downturn ran from quarter 4 to 13, at its strongest in quarters 6–9.']);
  });

  it('in a short game the downturn is still felt at the end', () => {
    const dealer = scenario('dealer-alliance');
    expect(eventLifetimeLines(dealer, played(dealer, 10, [{ eventId: 'downturn', round: 5 }]))).toEqual(['Market downturn began in quarter 5, at its strongest in quarters 7–10 and was still felt when the game ended.']);
  });

  it('competitor promotions ran for three quarters', () => {
    const retail = scenario('pg-walmart');
    expect(eventLifetimeLines(retail, played(retail, 20, [{ eventId: 'competitor-promotions', round: 9 }]))).toEqual(['Competitor promotions ran from quarter 9 to 11.']);
  });
});
