import { describe, expect, it } from 'vitest';
import { applyAction, playHeadless } from '../../src/rules/index.ts';
import { newGame, play, playRound, refusal } from '../helpers/game-driver.ts';
import { scenario } from '../helpers/scenarios.ts';

const dealer = () => scenario('dealer-alliance');
const agreed = { manufacturer: { dealerPrice: 100, dealerSupport: 1, creditRate: 7 }, dealers: { facilityInvestment: 1.5, localMarketing: 1 } };

describe('a game from briefing to debrief', () => {
  it('walks briefing → decide → reveal → results → … → debrief, and its KPIs are the model’s', () => {
    const s = dealer();
    let state = newGame(s, { rounds: 3 });
    expect(state.phase).toBe('briefing');
    state = play(s, state, { type: 'startGame', actor: 'manufacturer' });
    expect(state).toMatchObject({ phase: 'decide', round: 1 });
    state = play(s, state, { type: 'submitDecisions', actor: 'manufacturer', side: 'manufacturer', round: 1, decisions: agreed.manufacturer });
    expect(state.phase).toBe('decide');
    state = play(s, state, { type: 'submitDecisions', actor: 'dealers', side: 'dealers', round: 1, decisions: agreed.dealers });
    expect(state.phase).toBe('reveal');
    expect(state.submissions).toEqual(agreed);
    state = play(s, state, { type: 'resolveRound', actor: 'system', round: 1 });
    expect(state.phase).toBe('results');
    expect(state.history).toHaveLength(1);
    state = play(s, state, { type: 'nextRound', actor: 'system', round: 1 });
    state = playRound(s, state, agreed);
    state = playRound(s, state, { ...agreed, manufacturer: { ...agreed.manufacturer, dealerPrice: 112 } });
    expect(state.phase).toBe('debrief');
    const headless = playHeadless(s, { strategies: {}, events: [], rounds: 2 });
    expect(state.history[1]!.kpis).toEqual(headless.rounds[1]!.kpis);
    expect(state.history[2]!.decisions['manufacturer']!['dealerPrice']).toBe(112);
    // A higher price earns the maker more this quarter than the agreed price would have.
    expect(state.history[2]!.kpis['manufacturer']!['profit']).toBeGreaterThan(state.history[1]!.kpis['manufacturer']!['profit']! + 0.5);
  });

  it('lets a side take back its decisions until both have submitted, and not after', () => {
    const s = dealer();
    let state = play(s, newGame(s), { type: 'startGame', actor: 'system' });
    state = play(s, state, { type: 'submitDecisions', actor: 'manufacturer', side: 'manufacturer', round: 1, decisions: agreed.manufacturer });
    expect(refusal(s, state, { type: 'submitDecisions', actor: 'manufacturer', side: 'manufacturer', round: 1, decisions: agreed.manufacturer })).toMatch(/already submitted for round 1; take it back first/);
    state = play(s, state, { type: 'undoSubmission', actor: 'manufacturer', side: 'manufacturer', round: 1 });
    expect(state.submissions['manufacturer']).toBeUndefined();
    state = play(s, state, { type: 'submitDecisions', actor: 'manufacturer', side: 'manufacturer', round: 1, decisions: { ...agreed.manufacturer, dealerPrice: 95 } });
    state = play(s, state, { type: 'submitDecisions', actor: 'dealers', side: 'dealers', round: 1, decisions: agreed.dealers });
    expect(refusal(s, state, { type: 'undoSubmission', actor: 'dealers', side: 'dealers', round: 1 })).toMatch(/can no longer be changed/);
  });

  it('tells a side that sends its decisions again after both are in that they already count, not that the round is closed', () => {
    const s = dealer();
    let state = play(s, newGame(s, { rounds: 2 }), { type: 'startGame', actor: 'system' });
    state = play(s, state, { type: 'submitDecisions', actor: 'manufacturer', side: 'manufacturer', round: 1, decisions: agreed.manufacturer }, { type: 'submitDecisions', actor: 'dealers', side: 'dealers', round: 1, decisions: agreed.dealers });
    expect(state.phase).toBe('reveal');
    expect(refusal(s, state, { type: 'submitDecisions', actor: 'dealers', side: 'dealers', round: 1, decisions: agreed.dealers })).toMatch(/already submitted for round 1/);
  });

  it('lets the computer partner decide by its strategy as soon as a round opens', () => {
    const s = dealer();
    let state = newGame(s, { seats: { manufacturer: { kind: 'human' }, dealers: { kind: 'computer', strategy: 'squeeze' } } });
    state = play(s, state, { type: 'startGame', actor: 'system' });
    expect(state.submissions['dealers']).toEqual({ facilityInvestment: 0.75, localMarketing: 0.5 });
    expect(refusal(s, state, { type: 'submitDecisions', actor: 'dealers', side: 'dealers', round: 1, decisions: agreed.dealers })).toMatch(/played by the computer/);
  });

  it('hands a seat to the computer and back: a team that takes over an open round decides it itself', () => {
    const s = dealer();
    let state = play(s, newGame(s), { type: 'startGame', actor: 'system' });
    expect(refusal(s, state, { type: 'changeSeat', actor: 'dealers', seatSide: 'dealers', seat: { kind: 'computer', strategy: 'squeeze' } })).toMatch(/Only the facilitator/);
    expect(refusal(s, state, { type: 'changeSeat', actor: 'facilitator', seatSide: 'dealers', seat: { kind: 'computer', strategy: 'chaos' } })).toMatch(/no strategy "chaos"/);
    expect(refusal(s, state, { type: 'changeSeat', actor: 'facilitator', seatSide: 'dealers', seat: { kind: 'human' } })).toMatch(/already who plays/);
    // The computer takes the empty dealers' seat and decides at once, by its strategy.
    state = play(s, state, { type: 'changeSeat', actor: 'facilitator', seatSide: 'dealers', seat: { kind: 'computer', strategy: 'squeeze' } });
    expect(state.submissions['dealers']).toEqual({ facilityInvestment: 0.75, localMarketing: 0.5 });
    expect(state.phase).toBe('decide');
    // A late team takes the seat back before the round is played: the computer's choice is withdrawn.
    state = play(s, state, { type: 'changeSeat', actor: 'facilitator', seatSide: 'dealers', seat: { kind: 'human' } });
    expect(state.submissions['dealers']).toBeUndefined();
    state = play(s, state, { type: 'submitDecisions', actor: 'manufacturer', side: 'manufacturer', round: 1, decisions: agreed.manufacturer });
    expect(state.phase).toBe('decide');
    // Handing the undecided seat to the computer completes the round.
    state = play(s, state, { type: 'changeSeat', actor: 'facilitator', seatSide: 'dealers', seat: { kind: 'computer', strategy: 'cooperative' } });
    expect(state.phase).toBe('reveal');
  });

  it('schedules events from the facilitator only, into rounds that have not begun', () => {
    const s = dealer();
    let state = play(s, newGame(s), { type: 'startGame', actor: 'system' });
    expect(refusal(s, state, { type: 'scheduleEvent', actor: 'manufacturer', eventId: 'downturn', round: 3 })).toMatch(/Only the facilitator/);
    expect(refusal(s, state, { type: 'scheduleEvent', actor: 'facilitator', eventId: 'meteor', round: 3 })).toMatch(/no event "meteor"/);
    state = play(s, state, { type: 'scheduleEvent', actor: 'facilitator', eventId: 'downturn', round: 2 });
    state = playRound(s, state, agreed);
    state = playRound(s, state, agreed);
    expect(refusal(s, state, { type: 'cancelEvent', actor: 'facilitator', eventId: 'downturn', round: 2 })).toMatch(/already begun/);
    const headless = playHeadless(s, { strategies: {}, events: [{ eventId: 'downturn', round: 2 }], rounds: 2 });
    expect(state.history.map((o) => o.kpis)).toEqual(headless.rounds.map((o) => o.kpis));
    // The downturn bites: the market in round 2 is smaller than without it.
    const calm = playHeadless(s, { strategies: {}, events: [], rounds: 2 });
    expect(state.history[1]!.kpis['manufacturer']!['volume']).toBeLessThan(calm.rounds[1]!.kpis['manufacturer']!['volume']! - 3);
  });

  it('keeps the exit clause in the game: the alliance dissolves from the next round and the model shows what it costs', () => {
    const s = dealer();
    let state = play(s, newGame(s, { rounds: 8 }), { type: 'startGame', actor: 'system' });
    for (let r = 0; r < 3; r++) state = playRound(s, state, agreed);
    state = play(s, state, { type: 'exitAlliance', actor: 'dealers', side: 'dealers' });
    expect(refusal(s, state, { type: 'exitAlliance', actor: 'manufacturer', side: 'manufacturer' })).toMatch(/already ended/);
    while (state.phase !== 'debrief') state = playRound(s, state, agreed);
    const share = state.history.map((o) => o.kpis['alliance']!['channelShare']!);
    expect(share[3]).toBeCloseTo(share[2]!, 1);
    expect(share[7]).toBeLessThan(share[3]! * 0.5);
    expect(state.history[7]!.kpis['alliance']!['trust']).toBeLessThan(0.3);
  });

  it('refuses to act for the other side, in the wrong round, or with a malformed action', () => {
    const s = dealer();
    const state = play(s, newGame(s), { type: 'startGame', actor: 'system' });
    expect(refusal(s, state, { type: 'submitDecisions', actor: 'dealers', side: 'manufacturer', round: 1, decisions: agreed.manufacturer })).toBe('Only Manufacturer can do that for Manufacturer.');
    expect(refusal(s, state, { type: 'submitDecisions', actor: 'manufacturer', side: 'manufacturer', round: 2, decisions: agreed.manufacturer })).toBe('That was meant for round 2, but the game is in round 1.');
    expect(refusal(s, state, { type: 'submitDecisions', actor: 'manufacturer', side: 'manufacturer', round: 1, decisions: { ...agreed.manufacturer, dealerPrice: Number.NaN } })).toBe('Price to dealers must be a number.');
    expect(refusal(s, state, { type: 'submitDecisions', actor: 'manufacturer', side: 'manufacturer', round: 1, decisions: { ...agreed.manufacturer, dealerPrice: 150 } })).toBe('Price to dealers must be between 80 and 130 $ per unit; 150 is outside.');
    expect(refusal(s, state, { type: 'submitDecisions', actor: 'manufacturer', side: 'manufacturer', round: 1, decisions: { ...agreed.manufacturer, bribe: 1 } })).toBe('Manufacturer has no decision called "bribe".');
    expect(refusal(s, state, { type: 'fly' })).toMatch(/not understood/);
    expect(refusal(s, state, null)).toMatch(/not understood/);
    expect(refusal(s, state, { type: 'resolveRound', actor: 'system', round: 1 })).toMatch(/only when both sides have submitted/);
    expect(applyAction(s, state, { type: 'nextRound', actor: 'system', round: 1 }).ok).toBe(false);
  });
});

describe('taking decisions back against a computer partner', () => {
  it('is allowed at the reveal, since the computer decided without seeing them', () => {
    const s = dealer();
    let state = play(s, newGame(s, { seats: { manufacturer: { kind: 'human' }, dealers: { kind: 'computer', strategy: 'cooperative' } } }), { type: 'startGame', actor: 'system' });
    state = play(s, state, { type: 'submitDecisions', actor: 'manufacturer', side: 'manufacturer', round: 1, decisions: agreed.manufacturer });
    expect(state.phase).toBe('reveal');
    state = play(s, state, { type: 'undoSubmission', actor: 'manufacturer', side: 'manufacturer', round: 1 });
    expect(state.phase).toBe('decide');
    expect(state.submissions['dealers']).toEqual(agreed.dealers);
  });
});
