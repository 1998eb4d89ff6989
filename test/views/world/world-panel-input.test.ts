import { describe, expect, it } from 'vitest';
import { defaultDecisions, type GameState, type Scenario } from '../../../src/rules/index.ts';
import type { Session } from '../../../src/state/create-game-store.ts';
import { eventsUnderWay, newsOf } from '../../../src/state/selectors.ts';
import { worldInputOf } from '../../../src/views/world-panel.ts';
import { describeWorld, worldFrameFrom } from '../../../src/views/world/world-frame.ts';
import { newGame, play, playRound } from '../../helpers/game-driver.ts';
import { scenario } from '../../helpers/scenarios.ts';

const dealer = scenario('dealer-alliance');
const retail = scenario('pg-walmart');

function sessionAfter(which: Scenario, rounds: number, settings: Partial<GameState['settings']>): Session {
  let game = play(which, newGame(which, settings), { type: 'startGame', actor: 'system' });
  const decisions = Object.fromEntries(which.definition.sides.map((side) => [side.id, defaultDecisions(side)]));
  for (let round = 1; round <= rounds; round++) game = playRound(which, game, decisions);
  return { id: 'test', label: 'test', mode: 'two-teams', humanSide: null, scenario: which, game, log: [], createdAt: 0, deviceHolder: null, drafts: {} } as Session;
}

describe('the world and the news follow each event through its lifetime', () => {
  it('the downturn shows from its start to its end and no longer, and its end is news', () => {
    const downturnAt = (played: number) => eventsUnderWay(sessionAfter(dealer, played, { events: [{ eventId: 'downturn', round: 5 }] }));
    expect(downturnAt(3)).toEqual([]);
    expect(downturnAt(4).map((item) => item.stage)).toEqual(['building']);
    expect(downturnAt(7).map((item) => item.stage)).toEqual(['peak']);
    expect(downturnAt(12).map((item) => item.stage)).toEqual(['easing']);
    expect(downturnAt(13).map((item) => item.stage)).toEqual(['easing']);
    // Quarter 15: the downturn (quarters 5 to 14) is over, though the game runs to quarter 20.
    const over = sessionAfter(dealer, 14, { events: [{ eventId: 'downturn', round: 5 }] });
    expect(eventsUnderWay(over)).toEqual([]);
    expect(newsOf(over)[0]).toMatchObject({ stage: 'over', lastRound: 14, endNews: expect.stringContaining('back to where it was') });
    const frame = worldFrameFrom(worldInputOf(over));
    expect(frame.gloom).toBe(0);
    expect(frame.banners).toEqual([]);
  });

  it('competitor promotions show for their three quarters', () => {
    const shown = [8, 9, 10, 11, 12].map((played) => eventsUnderWay(sessionAfter(retail, played - 1, { events: [{ eventId: 'competitor-promotions', round: 9 }] })).length);
    expect(shown).toEqual([0, 1, 1, 1, 0]);
  });

  it('says the quarter the header says, not the one before', () => {
    const session = sessionAfter(dealer, 15, {});
    expect(session.game.round).toBe(16);
    const input = worldInputOf(session);
    expect(input).toMatchObject({ round: 16, resultsRound: 15, unit: 'quarter' });
    expect(describeWorld(worldFrameFrom(input))).toMatch(/^Quarter 16 of 20: .* in quarter 15/);
  });
});
