import { describe, expect, it } from 'vitest';
import { calibrate, eventLifetime, eventShowsIn, eventStage, gameEventLifetimes, type Scenario } from '../../src/rules/index.ts';
import { newGame, play, playRound } from '../helpers/game-driver.ts';
import { scenario } from '../helpers/scenarios.ts';

const dealer = scenario('dealer-alliance');
const retail = scenario('pg-walmart');

function lifetime(which: Scenario, eventId: string, round: number, constants: Record<string, number> = {}) {
  return eventLifetime(which, calibrate(which, constants), { eventId, round });
}

describe('event lifetimes are read from the model', () => {
  it('the downturn ramps for two quarters, holds for four, recovers over four: it ends ten quarters after it starts, from any start', () => {
    for (const start of [1, 4, 5, 9]) {
      const downturn = lifetime(dealer, 'downturn', start);
      expect(downturn).toMatchObject({ firstRound: start, peakFrom: start + 2, peakTo: start + 5, lastRound: start + 9, outlastsModel: false });
      expect(eventStage(downturn, start)).toBe('building');
      expect(eventStage(downturn, start + 3)).toBe('peak');
      expect(eventStage(downturn, start + 7)).toBe('easing');
      expect(eventStage(downturn, start + 10)).toBe('over');
      expect(eventShowsIn(downturn, start + 9)).toBe(true);
      expect(eventShowsIn(downturn, start + 10)).toBe(false);
      expect(eventShowsIn(downturn, start - 1)).toBe(false);
    }
    // "The downturn ran from quarter 4 to 13."
    expect(lifetime(dealer, 'downturn', 4)).toMatchObject({ firstRound: 4, lastRound: 13 });
  });

  it('a downturn that starts late is still under way when the model ends', () => {
    const late = lifetime(dealer, 'downturn', 15);
    expect(late).toMatchObject({ firstRound: 15, peakFrom: 17, lastRound: 20, outlastsModel: true });
  });

  it('follows the model, not a number in the code: a longer hold makes a longer downturn', () => {
    const long = lifetime(dealer, 'downturn', 3, { 'Downturn Hold': 7 });
    expect(long).toMatchObject({ firstRound: 3, peakFrom: 5, peakTo: 11, lastRound: 15 });
  });

  it('competitor promotions last the three quarters the scenario sets, from any start', () => {
    for (const start of [2, 9, 14]) expect(lifetime(retail, 'competitor-promotions', start)).toMatchObject({ firstRound: start, peakFrom: start, peakTo: start + 2, lastRound: start + 2 });
  });

  it('the recycled line builds up over quarters and never goes away', () => {
    const recycled = lifetime(dealer, 'recycled-line', 9);
    expect(recycled.firstRound).toBe(9);
    expect(recycled.peakFrom).toBeGreaterThan(12);
    expect(recycled.outlastsModel).toBe(true);
    expect(recycled.measuredOn).toEqual(['Recycled Presence']);
    expect(eventStage(recycled, 10)).toBe('building');
  });

  it('does not depend on what the players decide (the effect variables are outside their reach)', () => {
    for (const [which, eventId] of [
      [dealer, 'downturn'],
      [dealer, 'recycled-line'],
      [retail, 'competitor-promotions'],
    ] as const) {
      const base = lifetime(which, eventId, 6);
      for (const bound of ['min', 'max'] as const) {
        const extremes = Object.fromEntries(which.definition.sides.flatMap((side) => side.decisions.map((decision) => [decision.variable, decision[bound]])));
        const moved = lifetime(which, eventId, 6, extremes);
        expect(moved.intensity.map((value) => value.toFixed(6))).toEqual(base.intensity.map((value) => value.toFixed(6)));
      }
    }
  });

  it('a game gets the lifetimes of the events it scheduled, for its own length', () => {
    let state = newGame(dealer, { rounds: 12, events: [{ eventId: 'downturn', round: 8 }] });
    const [downturn] = gameEventLifetimes(dealer, state);
    expect(downturn).toMatchObject({ firstRound: 8, lastRound: 17 });
    // Playing rounds changes nothing about it.
    const defaults = Object.fromEntries(dealer.definition.sides.map((side) => [side.id, Object.fromEntries(side.decisions.map((decision) => [decision.id, decision.max]))]));
    state = playRound(dealer, play(dealer, state, { type: 'startGame', actor: 'system' }), defaults);
    expect(gameEventLifetimes(dealer, state)[0]).toEqual(downturn);
  });
});
