import { describe, expect, it } from 'vitest';
import { createGameStore, type GameStoreDeps } from '../../src/state/create-game-store.ts';
import { decisionFields, readField, screenOf, visibleKpis } from '../../src/state/selectors.ts';
import { createMemoryRepository, parseStoredGame } from '../../src/state/stored-game.ts';
import { scenario } from '../helpers/scenarios.ts';

function makeStore(repository = createMemoryRepository()) {
  let clock = 1_000;
  let ids = 0;
  const deps: GameStoreDeps = { scenarios: [scenario('dealer-alliance'), scenario('pg-walmart')], repository, now: () => ++clock, newId: () => `game-${++ids}` };
  return { store: createGameStore(deps), repository };
}

const agreedMaker = { dealerPrice: 100, dealerSupport: 1, creditRate: 7 };
const agreedDealers = { facilityInvestment: 1.5, localMarketing: 1 };

describe('the game store', () => {
  it('runs a solo game against the computer and saves after every action', () => {
    const { store, repository } = makeStore();
    store.getState().newGame({ scenarioId: 'dealer-alliance', mode: 'solo', humanSide: 'manufacturer', partnerStrategy: 'cooperative', rounds: 4, events: [], partnerYardstickVisible: true });
    expect(screenOf(store.getState())).toBe('briefing');
    expect(store.getState().dispatch({ type: 'startGame', actor: 'manufacturer' })).toBe(true);
    expect(screenOf(store.getState())).toBe('decide');
    expect(store.getState().dispatch({ type: 'submitDecisions', actor: 'manufacturer', side: 'manufacturer', round: 1, decisions: agreedMaker })).toBe(true);
    expect(screenOf(store.getState())).toBe('reveal');
    expect(repository.load('game-1')!.log).toHaveLength(2);
    expect(store.getState().dispatch({ type: 'submitDecisions', actor: 'manufacturer', side: 'manufacturer', round: 1, decisions: agreedMaker })).toBe(false);
    expect(store.getState().lastError).toBe('Manufacturer has already submitted for round 1; take it back first to change it.');
  });

  it('resumes exactly where a game was, from the saved log alone', () => {
    const { store, repository } = makeStore();
    store.getState().newGame({ scenarioId: 'dealer-alliance', mode: 'two-teams', rounds: 3, events: [{ eventId: 'downturn', round: 2 }], partnerYardstickVisible: false });
    const act = store.getState().dispatch;
    act({ type: 'startGame', actor: 'system' });
    act({ type: 'submitDecisions', actor: 'manufacturer', side: 'manufacturer', round: 1, decisions: { ...agreedMaker, dealerPrice: 104 } });
    act({ type: 'submitDecisions', actor: 'dealers', side: 'dealers', round: 1, decisions: agreedDealers });
    act({ type: 'resolveRound', actor: 'system', round: 1 });
    const before = store.getState().session!.game;
    const fresh = makeStore(repository).store;
    expect(fresh.getState().saved.map((game) => game.id)).toEqual(['game-1']);
    fresh.getState().resume('game-1');
    expect(fresh.getState().session!.game).toEqual(before);
    expect(screenOf(fresh.getState())).toBe('results');
  });

  it('keeps one team’s entry off the screen while the other team decides', () => {
    const { store } = makeStore();
    store.getState().newGame({ scenarioId: 'dealer-alliance', mode: 'two-teams', rounds: 2, events: [], partnerYardstickVisible: false });
    store.getState().dispatch({ type: 'startGame', actor: 'system' });
    expect(screenOf(store.getState())).toBe('pass-device');
    store.getState().holdDevice('manufacturer');
    expect(screenOf(store.getState())).toBe('decide');
    store.getState().dispatch({ type: 'submitDecisions', actor: 'manufacturer', side: 'manufacturer', round: 1, decisions: { ...agreedMaker, dealerPrice: 121 } });
    // Back to the pass screen; the dealers' panel starts from last quarter's values, not the maker's entry.
    expect(screenOf(store.getState())).toBe('pass-device');
    store.getState().holdDevice('dealers');
    const fields = decisionFields(store.getState().session!, 'dealers');
    expect(fields.map((field) => field.value)).toEqual([1.5, 1]);
  });

  it('starts a side’s fields within the terms it has just agreed to', () => {
    const { store } = makeStore();
    store.getState().newGame({ scenarioId: 'dealer-alliance', mode: 'two-teams', rounds: 3, events: [], partnerYardstickVisible: false });
    const dispatch = store.getState().dispatch;
    dispatch({ type: 'startGame', actor: 'system' });
    dispatch({ type: 'submitDecisions', actor: 'manufacturer', side: 'manufacturer', round: 1, decisions: { ...agreedMaker, dealerPrice: 121 } });
    dispatch({ type: 'submitDecisions', actor: 'dealers', side: 'dealers', round: 1, decisions: agreedDealers });
    dispatch({ type: 'resolveRound', actor: 'system', round: 1 });
    dispatch({ type: 'nextRound', actor: 'system', round: 1 });
    const template = scenario('dealer-alliance').definition.deals[0]!;
    dispatch({ type: 'proposeDeal', actor: 'dealers', side: 'dealers', terms: template.terms, rounds: template.rounds });
    const proposal = store.getState().session!.game.deals[0]!;
    dispatch({ type: 'respondToDeal', actor: 'manufacturer', side: 'manufacturer', proposalId: proposal.id, response: 'accept' });
    const price = decisionFields(store.getState().session!, 'manufacturer').find((field) => field.id === 'dealerPrice')!;
    // Last quarter's 121 would break the ceiling of 100 just agreed: the field starts at 100.
    expect(price).toMatchObject({ value: 100, lastValue: 121, limit: { bound: 'at-most', value: 100 } });
  });

  it('shows the partner’s yardstick only when the option is on', () => {
    const { store } = makeStore();
    store.getState().newGame({ scenarioId: 'dealer-alliance', mode: 'solo', humanSide: 'dealers', rounds: 2, events: [], partnerYardstickVisible: false });
    expect(visibleKpis(store.getState().session!, 'dealers').map((k) => `${k.side}.${k.id}`)).not.toContain('manufacturer.volume');
    store.getState().newGame({ scenarioId: 'dealer-alliance', mode: 'solo', humanSide: 'dealers', rounds: 2, events: [], partnerYardstickVisible: true });
    expect(visibleKpis(store.getState().session!, 'dealers').map((k) => `${k.side}.${k.id}`)).toContain('manufacturer.volume');
  });

  it('exports a saved game and imports it back; a broken file gets a clear message', () => {
    const { store } = makeStore();
    store.getState().newGame({ scenarioId: 'pg-walmart', mode: 'solo', humanSide: 'retailer', rounds: 2, events: [], partnerYardstickVisible: true });
    store.getState().dispatch({ type: 'startGame', actor: 'retailer' });
    const text = store.getState().exportGame('game-1')!;
    expect(parseStoredGame(text).ok).toBe(true);
    // The same game again is not a second entry.
    expect(store.getState().importGame(text)).toBe(false);
    expect(store.getState().lastError).toBe('This game is already in the list, at the same point or further on.');
    expect(store.getState().saved).toHaveLength(1);
    expect(store.getState().importGame('{"hello": 1}')).toBe(false);
    expect(store.getState().lastError).toBe('This file is not an Alliance Dynamics saved game.');
    expect(store.getState().importGame(text.replace('"startGame"', '"launchRockets"'))).toBe(false);
    expect(store.getState().lastError).toMatch(/^This saved game is damaged/);
    expect(store.getState().importGame('not json')).toBe(false);
    expect(store.getState().lastError).toBe('This file is not a saved game: it is not even valid JSON.');
  });

  it('imports a copy that went further in place of the one it grew from, and a copy that went another way as a game of its own', () => {
    const { store } = makeStore();
    store.getState().newGame({ scenarioId: 'dealer-alliance', mode: 'solo', humanSide: 'dealers', partnerStrategy: 'cooperative', rounds: 4, events: [], partnerYardstickVisible: false });
    const early = store.getState().exportGame('game-1')!;
    store.getState().dispatch({ type: 'startGame', actor: 'dealers' });
    store.getState().dispatch({ type: 'submitDecisions', actor: 'dealers', side: 'dealers', round: 1, decisions: agreedDealers });
    const later = store.getState().exportGame('game-1')!;
    store.getState().removeSaved('game-1');
    expect(store.getState().importGame(early)).toBe(true);
    expect(store.getState().importGame(later)).toBe(true);
    expect(store.getState().saved.map((game) => [game.id, game.progress])).toEqual([['game-1', { kind: 'playing', round: 1, rounds: 4 }]]);
    const other = JSON.parse(later) as { log: unknown[] };
    other.log[1] = { type: 'submitDecisions', actor: 'dealers', side: 'dealers', round: 1, decisions: { facilityInvestment: 1, localMarketing: 1 } };
    expect(store.getState().importGame(JSON.stringify(other))).toBe(true);
    expect(store.getState().saved.map((game) => game.id).sort()).toEqual(['game-1', 'game-2']);
  });
});

describe('nothing typed is lost, and the game in progress comes back by itself', () => {
  const start = () => {
    const made = makeStore();
    made.store.getState().newGame({ scenarioId: 'dealer-alliance', mode: 'solo', humanSide: 'manufacturer', partnerStrategy: 'cooperative', rounds: 4, events: [], partnerYardstickVisible: false });
    made.store.getState().dispatch({ type: 'startGame', actor: 'manufacturer' });
    return made;
  };

  it('reopens the game that was open, with what was typed and not submitted still in its fields', () => {
    const { store, repository } = start();
    store.getState().saveDraft('manufacturer', { dealerPrice: '117', dealerSupport: '', creditRate: '7.5x' });
    // A refresh, a closed tab or a crash: a new page builds a new store on the same storage.
    const reopened = makeStore(repository).store;
    expect(screenOf(reopened.getState())).toBe('decide');
    const fields = decisionFields(reopened.getState().session!, 'manufacturer');
    expect(fields.map((field) => field.draft)).toEqual(['117', '', '7.5x']);
  });

  it('starts at the start screen after “Save and leave”, with the game in the list', () => {
    const { store, repository } = start();
    store.getState().leave();
    const fresh = makeStore(repository).store;
    expect(screenOf(fresh.getState())).toBe('start');
    expect(fresh.getState().saved.map((game) => game.id)).toEqual(['game-1']);
  });

  it('clears a side’s draft when it submits, gives its decisions back as a draft when it takes them back, and starts a new round with none', () => {
    const { store } = start();
    store.getState().saveDraft('manufacturer', { dealerPrice: '104', dealerSupport: '1', creditRate: '7' });
    store.getState().dispatch({ type: 'submitDecisions', actor: 'manufacturer', side: 'manufacturer', round: 1, decisions: { ...agreedMaker, dealerPrice: 104 } });
    expect(store.getState().session!.drafts).toEqual({});
    store.getState().dispatch({ type: 'undoSubmission', actor: 'manufacturer', side: 'manufacturer', round: 1 });
    expect(decisionFields(store.getState().session!, 'manufacturer').map((field) => field.draft)).toEqual(['104', '1', '7']);
    store.getState().saveDraft('manufacturer', { dealerPrice: '99', dealerSupport: '1', creditRate: '7' });
    store.getState().dispatch({ type: 'submitDecisions', actor: 'manufacturer', side: 'manufacturer', round: 1, decisions: agreedMaker });
    store.getState().dispatch({ type: 'resolveRound', actor: 'manufacturer', round: 1 });
    store.getState().dispatch({ type: 'nextRound', actor: 'manufacturer', round: 1 });
    expect(decisionFields(store.getState().session!, 'manufacturer').map((field) => field.draft)).toEqual([null, null, null]);
  });

  it('keeps a draft that a saved game can hold: no other side’s fields, no novel pasted into a field', () => {
    const { store, repository } = start();
    store.getState().saveDraft('manufacturer', { dealerPrice: '9'.repeat(500), facilityInvestment: '2' });
    expect(parseStoredGame(JSON.stringify(repository.load('game-1'))).ok).toBe(true);
    expect(store.getState().session!.drafts['manufacturer']!.values).toEqual({ dealerPrice: '9'.repeat(40) });
  });

  it('keeps from a saved file only the drafts that still apply: this round, this side’s own decisions', () => {
    const { store, repository } = start();
    store.getState().saveDraft('manufacturer', { dealerPrice: '110' });
    const saved = repository.load('game-1')!;
    repository.save({ ...saved, drafts: { manufacturer: { round: 1, values: { dealerPrice: '111', ...(JSON.parse('{"__proto__": "1", "constructor": "2"}') as Record<string, string>), facilityInvestment: '3' } }, dealers: { round: 1, values: { facilityInvestment: '0' } }, ghost: { round: 1, values: {} } } });
    const reopened = makeStore(repository).store;
    expect(reopened.getState().session!.drafts).toEqual({ manufacturer: { round: 1, values: { dealerPrice: '111' } } });
  });
});

describe('the saved-games list', () => {
  it('tells games apart: case, mode, who plays each side, how far it got, when it started', () => {
    const { store } = makeStore();
    store.getState().newGame({ scenarioId: 'dealer-alliance', mode: 'solo', humanSide: 'dealers', partnerStrategy: 'tit-for-tat', rounds: 4, events: [], partnerYardstickVisible: false });
    store.getState().newGame({ scenarioId: 'dealer-alliance', mode: 'two-teams', rounds: 4, events: [], partnerYardstickVisible: false });
    for (const round of [1, 2, 3, 4]) {
      if (round === 1) store.getState().dispatch({ type: 'startGame', actor: 'system' });
      store.getState().dispatch({ type: 'submitDecisions', actor: 'manufacturer', side: 'manufacturer', round, decisions: agreedMaker });
      store.getState().dispatch({ type: 'submitDecisions', actor: 'dealers', side: 'dealers', round, decisions: agreedDealers });
      store.getState().dispatch({ type: 'resolveRound', actor: 'system', round });
      store.getState().dispatch({ type: 'nextRound', actor: 'system', round });
    }
    const [twoTeams, solo] = store.getState().saved;
    expect(solo).toMatchObject({ mode: 'solo', progress: { kind: 'briefing' }, seats: [{ side: 'manufacturer', seat: { kind: 'computer', strategy: 'tit-for-tat' } }, { side: 'dealers', seat: { kind: 'human' } }] });
    expect(twoTeams).toMatchObject({ mode: 'two-teams', progress: { kind: 'finished', rounds: 4 } });
    expect(solo!.createdAt).toBeLessThan(twoTeams!.createdAt);
  });
});

describe('fields checked as typed', () => {
  const price = { min: 80, max: 130, choices: null };
  it.each([
    ['', { ok: false, problem: 'empty' }],
    ['   ', { ok: false, problem: 'empty' }],
    ['12abc', { ok: false, problem: 'not-a-number' }],
    ['1e2', { ok: false, problem: 'not-a-number' }],
    ['79.5', { ok: false, problem: 'below-minimum' }],
    ['130.01', { ok: false, problem: 'above-maximum' }],
    ['104,5', { ok: true, value: 104.5 }],
    [' 100 ', { ok: true, value: 100 }],
  ])('reads %j as %j', (text, expected) => {
    expect(readField(price, text)).toEqual(expected);
  });
});

describe('two teams on one screen', () => {
  it('shows each team its brief on its own turn of the device', () => {
    const { store } = makeStore();
    store.getState().newGame({ scenarioId: 'pg-walmart', mode: 'two-teams', rounds: 4, events: [], partnerYardstickVisible: false });
    expect(screenOf(store.getState())).toBe('briefing');
    store.getState().holdDevice('retailer');
    expect(screenOf(store.getState())).toBe('side-briefing');
    store.getState().passDevice();
    expect(screenOf(store.getState())).toBe('briefing');
  });

  it('gives each team the same numbers as a solo player of its side, and the shared screen only what both may see', () => {
    const { store } = makeStore();
    store.getState().newGame({ scenarioId: 'pg-walmart', mode: 'two-teams', rounds: 4, events: [], partnerYardstickVisible: false });
    const session = store.getState().session!;
    const ids = (viewer: string | null) => visibleKpis(session, viewer).map((kpi) => `${kpi.side}.${kpi.id}`);
    store.getState().newGame({ scenarioId: 'pg-walmart', mode: 'solo', humanSide: 'maker', rounds: 4, events: [], partnerYardstickVisible: false });
    const solo = store.getState().session!;
    expect(ids('maker')).toEqual(visibleKpis(solo, 'maker').map((kpi) => `${kpi.side}.${kpi.id}`));
    expect(ids('maker')).toEqual(expect.arrayContaining(['maker.shipments', 'maker.productionChangeCost']));
    expect(ids('retailer')).toEqual(expect.arrayContaining(['retailer.warehousingCost', 'retailer.inventory']));
    expect(ids(null)).not.toContain('maker.shipments');
    expect(ids(null)).not.toContain('retailer.averagePurchasePrice');
  });

  it('no longer asks, after the exit, for decisions the case says have lapsed', () => {
    const { store } = makeStore();
    store.getState().newGame({ scenarioId: 'pg-walmart', mode: 'two-teams', rounds: 4, events: [], partnerYardstickVisible: false });
    const act = store.getState().dispatch;
    act({ type: 'startGame', actor: 'system' });
    act({ type: 'exitAlliance', actor: 'maker', side: 'maker' });
    expect(decisionFields(store.getState().session!, 'maker').map((field) => field.id)).toEqual(['listPrice', 'tradeDealDepth', 'allianceBudget']);
    act({ type: 'submitDecisions', actor: 'maker', side: 'maker', round: 1, decisions: { listPrice: 10, tradeDealDepth: 0.1, allianceBudget: 0.2 } });
    act({ type: 'submitDecisions', actor: 'retailer', side: 'retailer', round: 1, decisions: { forwardBuyAggressiveness: 0.7, regularCover: 1, priceGap: 0.08, shareSalesData: 0, allianceBudget: 0.2 } });
    act({ type: 'resolveRound', actor: 'system', round: 1 });
    act({ type: 'nextRound', actor: 'system', round: 1 });
    expect(decisionFields(store.getState().session!, 'maker').map((field) => field.id)).toEqual(['listPrice', 'tradeDealDepth']);
    expect(decisionFields(store.getState().session!, 'retailer').map((field) => field.id)).not.toContain('allianceBudget');
  });
});
