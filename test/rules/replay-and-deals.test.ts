import { describe, expect, it } from 'vitest';
import { applyAction, breachedTerms, breachesInRound, createGame, debriefAnalysis, payoffCell, termBreaches, type GameAction, type GameState } from '../../src/rules/index.ts';
import { newGame, play, playRound, refusal } from '../helpers/game-driver.ts';
import { scenario } from '../helpers/scenarios.ts';

const dealer = () => scenario('dealer-alliance');
const agreed = { manufacturer: { dealerPrice: 100, dealerSupport: 1, creditRate: 7 }, dealers: { facilityInvestment: 1.5, localMarketing: 1 } };
const squeeze = { manufacturer: { dealerPrice: 110, dealerSupport: 0.5, creditRate: 7 }, dealers: { facilityInvestment: 0.75, localMarketing: 0.5 } };

describe('a game is fully described by its action log', () => {
  it('replays to the identical state from the JSON of its log', () => {
    const s = dealer();
    const settings = newGame(s, { rounds: 6, seats: { manufacturer: { kind: 'human' }, dealers: { kind: 'computer', strategy: 'tit-for-tat' } } }).settings;
    const log: GameAction[] = [];
    let state: GameState = createGame(s, settings);
    const act = (action: GameAction) => {
      state = play(s, state, action);
      log.push(action);
    };
    act({ type: 'startGame', actor: 'system' });
    act({ type: 'scheduleEvent', actor: 'facilitator', eventId: 'downturn', round: 2 });
    for (let round = 1; round <= 6; round++) {
      act({ type: 'submitDecisions', actor: 'manufacturer', side: 'manufacturer', round, decisions: round === 3 ? squeeze.manufacturer : agreed.manufacturer });
      act({ type: 'resolveRound', actor: 'system', round });
      act({ type: 'nextRound', actor: 'system', round });
    }
    expect(state.phase).toBe('debrief');
    const replayed = (JSON.parse(JSON.stringify(log)) as GameAction[]).reduce((current, action) => {
      const result = applyAction(s, current, action);
      if (!result.ok) throw new Error(result.reason);
      return result.state;
    }, createGame(s, JSON.parse(JSON.stringify(settings))));
    expect(replayed).toEqual(state);
    // The tit-for-tat partner answered the squeeze of round 3 in round 4, and forgave when the terms came back.
    expect(state.history[3]!.decisions['dealers']).toEqual(squeeze.dealers);
    expect(state.history[4]!.decisions['dealers']).toEqual(agreed.dealers);
  });
});

describe('deals: binding terms for a number of rounds', () => {
  it('a computer partner in good faith accepts fair terms and keeps them; a side may still break them, and the break is on record', () => {
    const s = dealer();
    let state = play(s, newGame(s, { seats: { manufacturer: { kind: 'human' }, dealers: { kind: 'computer', strategy: 'cooperative' } } }), { type: 'startGame', actor: 'system' });
    const template = s.definition.deals[0]!;
    state = play(s, state, { type: 'proposeDeal', actor: 'manufacturer', side: 'manufacturer', terms: template.terms, rounds: 2 });
    expect(state.deals[0]).toMatchObject({ status: 'accepted', agreedInRound: 1, fromRound: 1, untilRound: 2 });
    // Breaking the terms is a move, not an error: it is accepted, shown at the reveal and kept in the record.
    state = play(s, state, { type: 'submitDecisions', actor: 'manufacturer', side: 'manufacturer', round: 1, decisions: squeeze.manufacturer });
    expect(state.phase).toBe('reveal');
    expect(breachesInRound(state, 1).map(({ side, term, value }) => [side, term.decision, value])).toEqual([
      ['manufacturer', 'dealerPrice', 110],
      ['manufacturer', 'dealerSupport', 0.5],
    ]);
    state = play(s, state, { type: 'resolveRound', actor: 'system', round: 1 }, { type: 'nextRound', actor: 'system', round: 1 });
    state = playRound(s, state, agreed);
    // Round 3: the deal has run out, and the same squeeze breaks nothing.
    state = playRound(s, state, squeeze);
    expect(termBreaches(state).map(({ side, round }) => `${side}@${round}`)).toEqual(['manufacturer@1', 'manufacturer@1']);
    // The computer partner kept its side all along, and the breach is derived, not stored.
    expect(termBreaches(state).some((breach) => breach.side === 'dealers')).toBe(false);
    expect(Object.keys(state)).toEqual(['settings', 'phase', 'round', 'submissions', 'history', 'events', 'deals', 'exit']);
  });

  it('names a term on a decision made from a list by its value and the deal it belongs to', () => {
    const s = scenario('pg-walmart');
    let state = play(s, newGame(s), { type: 'startGame', actor: 'system' });
    const template = s.definition.deals[0]!;
    state = play(s, state, { type: 'proposeDeal', actor: 'maker', side: 'maker', terms: template.terms, rounds: 3 });
    state = play(s, state, { type: 'respondToDeal', actor: 'retailer', side: 'retailer', proposalId: state.deals[0]!.id, response: 'accept' });
    const hoarding = { forwardBuyAggressiveness: 0, regularCover: 1, priceGap: 0.08, shareSalesData: 0, allianceBudget: 0.1 };
    const [breach] = breachedTerms(state, 'retailer', hoarding, 1);
    expect(breach).toMatchObject({ side: 'retailer', round: 1, value: 0, term: { decision: 'shareSalesData', bound: 'at-least', value: 1 }, deal: { id: 1, untilRound: 3 } });
  });
  it('a squeezing computer partner declines terms it would break', () => {
    const s = dealer();
    let state = play(s, newGame(s, { seats: { manufacturer: { kind: 'computer', strategy: 'squeeze' }, dealers: { kind: 'human' } } }), { type: 'startGame', actor: 'system' });
    state = play(s, state, { type: 'proposeDeal', actor: 'dealers', side: 'dealers', terms: s.definition.deals[0]!.terms, rounds: 4 });
    expect(state.deals[0]!.status).toBe('rejected');
  });

  it('two teams can counter and accept; the accepted terms bind the computer seat too', () => {
    const s = dealer();
    let state = play(s, newGame(s), { type: 'startGame', actor: 'system' });
    state = play(s, state, { type: 'proposeDeal', actor: 'dealers', side: 'dealers', terms: [{ side: 'manufacturer', decision: 'dealerPrice', bound: 'at-most', value: 95 }], rounds: 3 });
    expect(refusal(s, state, { type: 'respondToDeal', actor: 'dealers', side: 'dealers', proposalId: 1, response: 'accept' })).toMatch(/your own proposal/);
    state = play(s, state, {
      type: 'proposeDeal',
      actor: 'manufacturer',
      side: 'manufacturer',
      counterTo: 1,
      terms: [
        { side: 'manufacturer', decision: 'dealerPrice', bound: 'at-most', value: 100 },
        { side: 'dealers', decision: 'facilityInvestment', bound: 'at-least', value: 1.5 },
      ],
      rounds: 3,
    });
    expect(state.deals.map((deal) => deal.status)).toEqual(['countered', 'open']);
    state = play(s, state, { type: 'respondToDeal', actor: 'dealers', side: 'dealers', proposalId: 2, response: 'accept' });
    expect(breachedTerms(state, 'dealers', { facilityInvestment: 1, localMarketing: 1 }, 1).map((breach) => breach.term)).toEqual([{ side: 'dealers', decision: 'facilityInvestment', bound: 'at-least', value: 1.5 }]);
  });
});

describe('when agreed terms start to bind', () => {
  const terms = [{ side: 'manufacturer', decision: 'dealerPrice', bound: 'at-most' as const, value: 100 }];
  it('binds from the open round when the team it binds has not decided it yet', () => {
    const s = dealer();
    let state = play(s, newGame(s), { type: 'startGame', actor: 'system' });
    state = play(s, state, { type: 'proposeDeal', actor: 'dealers', side: 'dealers', terms, rounds: 2 }, { type: 'respondToDeal', actor: 'manufacturer', side: 'manufacturer', proposalId: 1, response: 'accept' });
    expect(state.deals[0]).toMatchObject({ status: 'accepted', fromRound: 1, untilRound: 2 });
  });

  it('binds from the next round when that team had already decided: terms agreed later cannot turn its decision into a breach', () => {
    const s = dealer();
    let state = play(s, newGame(s), { type: 'startGame', actor: 'system' });
    state = play(s, state, { type: 'submitDecisions', actor: 'manufacturer', side: 'manufacturer', round: 1, decisions: squeeze.manufacturer });
    state = play(s, state, { type: 'proposeDeal', actor: 'manufacturer', side: 'manufacturer', terms, rounds: 2 }, { type: 'respondToDeal', actor: 'dealers', side: 'dealers', proposalId: 1, response: 'accept' });
    expect(state.deals[0]).toMatchObject({ status: 'accepted', fromRound: 2, untilRound: 3 });
  });
});

describe('debrief analytics', () => {
  it('fills the 2×2 payoff table from this game and three shadow runs, and finds when and where the harm came back', () => {
    const s = dealer();
    let state = play(s, newGame(s, { events: [{ eventId: 'downturn', round: 5 }] }), { type: 'startGame', actor: 'system' });
    for (let round = 1; round <= 20; round++) state = playRound(s, state, round >= 7 && round <= 14 ? squeeze : agreed);
    const debrief = debriefAnalysis(s, state);
    expect(debrief.payoff.yourGame.conduct).toEqual(new Map([['manufacturer', 'quick-fix'], ['dealers', 'quick-fix']]));
    const cell = (m: 'kept' | 'quick-fix', d: 'kept' | 'quick-fix') => payoffCell(debrief.payoff, { manufacturer: m, dealers: d });
    // Reference check 3 and 4 (shared/design/cases.md): 7.0 / 8.2 both on the reflex, 18.0 / 24.8 both kept, 14.5 and 21.0 alone.
    expect(cell('quick-fix', 'quick-fix').cumulative.get('manufacturer')).toBeCloseTo(7.0, 1);
    expect(cell('quick-fix', 'quick-fix').cumulative.get('dealers')).toBeCloseTo(8.2, 1);
    expect(cell('kept', 'kept').cumulative.get('manufacturer')).toBeCloseTo(18.0, 1);
    expect(cell('kept', 'kept').cumulative.get('dealers')).toBeCloseTo(24.8, 1);
    expect(cell('quick-fix', 'kept').cumulative.get('manufacturer')).toBeCloseTo(14.5, 1);
    expect(cell('kept', 'quick-fix').cumulative.get('dealers')).toBeCloseTo(21.0, 1);
    // This game's own numbers sit beside the both-reflex cell, not in place of it.
    expect(debrief.payoff.yourGame.cumulative.get('manufacturer')).toBeCloseTo(cell('quick-fix', 'quick-fix').cumulative.get('manufacturer')!, 6);
    // The maker ran ahead of the cooperative path when it squeezed, then fell behind.
    const maker = debrief.crossings.get('manufacturer')!;
    expect(maker.aheadRounds[0]).toBe(7);
    expect(maker.fellBehind).toBeGreaterThan(7);
    const byMaker = debrief.moves.get('manufacturer')!;
    expect(byMaker).toMatchObject({ partner: 'dealers', rounds: [7, 8, 9, 10, 11, 12, 13, 14], againstTerms: true });
    expect(byMaker.partnerHurtFrom).toBeGreaterThanOrEqual(7);
    expect(byMaker.partnerLoss).toBeGreaterThan(1);
    // Reference check 2: the maker's reflex earns more over its first three quarters (≥ 2.5 $M, measured +3.0).
    expect(byMaker.ownGainAtFirst).toBeGreaterThan(2.5);
    const harmful = debrief.stocks.filter((stock) => stock.meaningful && stock.harmful).map((stock) => stock.stock.variable);
    expect(harmful.slice(0, 3)).toContain('Channel Share');
    expect(harmful).toContain('Trust');
  });
});
