import { describe, expect, it } from 'vitest';
import { calibrate, defaultDecisions, eventOverrides, simulateRounds, gameConstants } from '../../src/rules/index.ts';
import { runPlan } from '../../src/state/explorer-run.ts';
import { changedSliders, chartSeries, effectiveRange, finalValues, sliderGroups } from '../../src/state/explorer-selectors.ts';
import { planOf } from '../../src/state/explorer-setup.ts';
import { MAX_BRANCHES, openExplorerFromGame } from '../../src/state/explorer-store.ts';
import { conformanceModel, hostileModel, inPlaceMonteCarlo, makeExplorer, pendingMonteCarlo } from '../helpers/explorer-store.ts';
import { scenario } from '../helpers/scenarios.ts';
import { dealerReflexGame } from '../views/debrief/debrief-games.ts';

const session = (store: ReturnType<typeof makeExplorer>) => {
  const current = store.getState().session;
  if (!current) throw new Error('no session open');
  return current;
};

describe('explorer store: a case', () => {
  it('opens a case with a slider per decision (label, unit and range from the scenario) and per other constant', () => {
    const store = makeExplorer();
    store.getState().openCase('dealer-alliance');
    const groups = sliderGroups(session(store));
    expect(groups.map((group) => group.group.id)).toEqual(['manufacturer', 'dealers', 'parameters']);
    const price = groups[0]!.sliders.find((slider) => slider.id === 'decision:manufacturer.dealerPrice')!;
    expect(price).toMatchObject({ label: 'Price to dealers', unit: '$ per unit', min: 80, max: 130, step: 1, value: 100 });
    const parameters = groups[2]!.sliders;
    // Decisions, event switches, agreed terms and calibrated constants are not parameters.
    expect(parameters.map((slider) => slider.variable)).not.toContain('dealer_price');
    expect(parameters.map((slider) => slider.variable)).not.toContain('downturn_on');
    expect(parameters.map((slider) => slider.variable)).not.toContain('retail_price_reference');
    const life = parameters.find((slider) => slider.variable === 'facility_life')!;
    expect(life).toMatchObject({ base: 16, min: 8, max: 24 });
  });

  it('runs the base case as the game runs it: calibrated constants, the suggested events, the default decisions', () => {
    const store = makeExplorer();
    store.getState().openCase('dealer-alliance');
    const dealer = scenario('dealer-alliance');
    const decisions = Object.fromEntries(dealer.definition.sides.flatMap((side) => side.decisions.map((decision) => [decision.variable, decision.default])));
    const expected = dealer.model.run({ overrides: { ...calibrate(dealer, {}), ...eventOverrides(dealer, [{ eventId: 'downturn', round: 5 }]), ...decisions } });
    expect(Array.from(session(store).run.series.get('channel_share')!)).toEqual(Array.from(expected.series.get('channel_share')!));
  });

  it('re-simulates the whole horizon when a slider moves, and times it', () => {
    const store = makeExplorer();
    store.getState().openCase('dealer-alliance');
    const before = session(store).run.series.get('channel_share')!;
    store.getState().setValue('decision:manufacturer.dealerPrice', 120);
    const after = session(store).run.series.get('channel_share')!;
    expect(after.length).toBe(before.length);
    expect(after[0]).toBe(before[0]);
    expect(after.at(-1)!).toBeLessThan(before.at(-1)!);
    expect(session(store).timings).toHaveLength(1);
    expect(changedSliders(session(store))).toEqual([{ label: 'Price to dealers', value: 120, unit: '$ per unit', choice: null }]);
  });

  it('recalibrates the start when a parameter moves, as the game does for changed constants', () => {
    const store = makeExplorer();
    store.getState().openCase('dealer-alliance');
    const startProfit = session(store).run.series.get('dealer_profit')![0];
    store.getState().setValue('param:dealer_variable_cost', 45);
    const run = session(store).run;
    expect(run.series.get('dealer_profit')![0]).toBeCloseTo(startProfit!, 9);
    expect(Array.from(run.series.get('cumulative_dealer_profit')!)).not.toEqual(Array.from(makeBase().series.get('cumulative_dealer_profit')!));
  });

  it('switches an event off and moves another', () => {
    const store = makeExplorer();
    store.getState().openCase('dealer-alliance');
    const withDownturn = session(store).run.series.get('cumulative_manufacturer_profit')!.at(-1)!;
    store.getState().setEvent('downturn', { on: false });
    expect(session(store).run.series.get('cumulative_manufacturer_profit')!.at(-1)!).toBeGreaterThan(withDownturn);
    store.getState().setEvent('recycled-line', { on: true, round: 3 });
    expect(session(store).events.find((event) => event.id === 'recycled-line')).toMatchObject({ on: true, round: 3 });
  });

  it('resets every slider and event to where it started', () => {
    const store = makeExplorer();
    store.getState().openCase('pg-walmart');
    const base = Array.from(session(store).run.series.get('trust')!);
    store.getState().setValue('decision:maker.tradeDealDepth', 0);
    store.getState().setEvent('competitor-promotions', { on: false });
    store.getState().resetValues();
    expect(Array.from(session(store).run.series.get('trust')!)).toEqual(base);
  });
});

function makeBase() {
  const store = makeExplorer();
  store.getState().openCase('dealer-alliance');
  return session(store).run;
}

describe('explorer store: branches', () => {
  it('pins the current run with its values, and overlays it on the charts', () => {
    const store = makeExplorer();
    store.getState().openCase('dealer-alliance');
    expect(store.getState().pinBranch('Agreed terms')).toBe(true);
    store.getState().setValue('decision:manufacturer.dealerSupport', 0);
    const chart = chartSeries(session(store), 'trust', { current: 'Now', asPlayed: 'As played' })!;
    expect(chart.lines.map((line) => [line.kind, line.name, line.colorIndex])).toEqual([
      ['branch', 'Agreed terms', 0],
      ['current', 'Now', null],
    ]);
    expect(Array.from(chart.lines[0]!.values)).not.toEqual(Array.from(chart.lines[1]!.values));
    const rows = finalValues(session(store));
    expect(rows[0]!.branches).toHaveLength(1);
  });

  it('caps branches at five, names them, renames and removes them, reusing the freed colour', () => {
    const store = makeExplorer();
    store.getState().openCase('dealer-alliance');
    for (let i = 1; i <= MAX_BRANCHES; i++) {
      store.getState().setValue('decision:manufacturer.dealerPrice', 100 + i);
      expect(store.getState().pinBranch(`Price ${100 + i}`)).toBe(true);
    }
    expect(store.getState().pinBranch('One too many')).toBe(false);
    expect(store.getState().lastError).toMatch(/Up to 5 runs/);
    expect(session(store).branches).toHaveLength(5);
    const second = session(store).branches[1]!;
    store.getState().renameBranch(second.id, '  Dearer  ');
    expect(session(store).branches[1]!.name).toBe('Dearer');
    store.getState().removeBranch(second.id);
    expect(session(store).branches.map((branch) => branch.colorIndex)).toEqual([0, 2, 3, 4]);
    expect(store.getState().pinBranch('')).toBe(true);
    expect(session(store).branches.at(-1)).toMatchObject({ colorIndex: 1, name: 'Run 6' });
  });
});

describe('explorer store: a played game', () => {
  const dealer = scenario('dealer-alliance');
  const game = dealerReflexGame(dealer);

  it('pins the game as played and starts the sliders at the decisions of the chosen round', () => {
    const store = makeExplorer();
    openExplorerFromGame(store, { scenario: dealer, state: game, fromRound: 9 });
    const current = session(store);
    expect(current.setup.source).toEqual({ kind: 'game', scenarioId: 'dealer-alliance', fromRound: 9 });
    expect(current.values['decision:manufacturer.dealerPrice']).toBe(110);
    const asPlayed = current.branches[0]!;
    expect(asPlayed.asPlayed).toBe(true);
    const { sim } = simulateRounds(dealer, gameConstants(dealer, game.settings), game.events, game.history.map((outcome) => outcome.decisions), game.exit);
    expect(Array.from(asPlayed.run.series.get('trust')!)).toEqual(Array.from(sim.getSeries('trust')));
  });

  it('reproduces the game exactly when the decisions from that round on were held anyway', () => {
    const store = makeExplorer();
    // From quarter 15 on both sides kept the agreed terms.
    store.getState().openGame({ scenario: dealer, state: game, fromRound: 15 });
    const current = session(store);
    for (const id of ['trust', 'channel_share', 'cumulative_dealer_profit']) {
      expect(Array.from(current.run.series.get(id)!)).toEqual(Array.from(current.branches[0]!.run.series.get(id)!));
    }
  });

  it('changes only what comes after the branching round', () => {
    const store = makeExplorer();
    store.getState().openGame({ scenario: dealer, state: game, fromRound: 7 });
    // Both sides keep the agreed terms instead of squeezing in quarters 7 to 14.
    store.getState().setValue('decision:manufacturer.dealerSupport', 1);
    store.getState().setValue('decision:manufacturer.dealerPrice', 100);
    store.getState().setValue('decision:dealers.facilityInvestment', 1.5);
    store.getState().setValue('decision:dealers.localMarketing', 1);
    const current = session(store);
    const played = current.branches[0]!.run.series.get('trust')!;
    const whatIf = current.run.series.get('trust')!;
    const branchStep = Array.from(current.run.time).indexOf(6);
    expect(Array.from(whatIf.slice(0, branchStep + 1))).toEqual(Array.from(played.slice(0, branchStep + 1)));
    expect(whatIf.at(-1)!).toBeGreaterThan(played.at(-1)!);
  });

  it('computes the same run as the worker does (stepping the plan instead of restoring a snapshot)', () => {
    const store = makeExplorer();
    store.getState().openGame({ scenario: dealer, state: game, fromRound: 7 });
    store.getState().setValue('decision:dealers.localMarketing', 2);
    store.getState().setValue('param:facility_life', 12);
    store.getState().setValue('decision:dealers.localMarketing', 1.5);
    const current = session(store);
    const plan = planOf(current.setup, current.values, current.events);
    const stepped = runPlan(dealer.model, (parameters) => calibrate(dealer, parameters), plan);
    expect(Array.from(stepped.series.get('trust')!)).toEqual(Array.from(current.run.series.get('trust')!));
  });

  it('refuses to export a branch from a game, saying why', () => {
    const store = makeExplorer();
    store.getState().openGame({ scenario: dealer, state: game, fromRound: 7 });
    expect(store.getState().exportXmile()).toBeNull();
    expect(store.getState().lastError).toMatch(/quarter by quarter/);
  });
});

describe('explorer store: a model of ones own', () => {
  it('builds sliders from the constants, from 0 to twice the value (or ±1 around 0)', () => {
    const store = makeExplorer();
    expect(store.getState().importModel('test_zeroled_decimals.xmile', conformanceModel('zeroled_decimals/test_zeroled_decimals.xmile'))).toBe(true);
    const sliders = session(store).setup.sliders;
    expect(sliders.find((slider) => slider.variable === 'flow1')).toMatchObject({ min: 0, max: 0.68, base: 0.34 });
    expect(sliders.find((slider) => slider.variable === 'flow2')).toMatchObject({ min: -1.34, max: 0, base: -0.67 });
    expect(session(store).charted.length).toBeGreaterThan(0);
  });

  it('leaves out the control constants a Vensim export carries', () => {
    const store = makeExplorer();
    store.getState().importModel('test_log.xmile', conformanceModel('log/test_log.xmile'));
    expect(session(store).setup.sliders.map((slider) => slider.variable)).toEqual(['base', 'x']);
  });

  it('gives the engine\'s message for a broken file and keeps what was open', () => {
    const store = makeExplorer();
    store.getState().openCase('dealer-alliance');
    expect(store.getState().importModel('unknown-variable.xmile', hostileModel('unknown-variable.xmile'))).toBe(false);
    const problem = store.getState().importProblem!;
    expect(problem.fileName).toBe('unknown-variable.xmile');
    expect(problem.errors.join('\n')).toMatch(/unknown-variable\.xmile, variable "births".*Popluation/s);
    expect(session(store).setup.source.kind).toBe('case');
    expect(store.getState().importModel('not-xml.xmile', hostileModel('not-xml.xmile'))).toBe(false);
    expect(store.getState().importProblem!.errors.length).toBeGreaterThan(0);
  });
});

describe('explorer store: Monte Carlo', { timeout: 120_000 }, () => {
  it('runs the sample through the launcher, reports progress every 100 runs and ends with fans and a tornado', () => {
    const progress: number[] = [];
    const store = makeExplorer({ monteCarlo: inPlaceMonteCarlo(progress) });
    store.getState().openCase('dealer-alliance');
    store.getState().startMonteCarlo();
    const state = session(store).monteCarlo;
    expect(state.status).toBe('done');
    if (state.status !== 'done') return;
    expect(progress).toEqual(Array.from({ length: 10 }, (_, i) => (i + 1) * 100));
    expect(state.result.fans.map((fan) => fan.id)).toEqual(session(store).charted);
    const fan = state.result.fans[0]!;
    for (let j = 0; j < fan.time.length; j++) {
      expect(fan.p5[j]!).toBeLessThanOrEqual(fan.p25[j]!);
      expect(fan.p25[j]!).toBeLessThanOrEqual(fan.p50[j]!);
      expect(fan.p50[j]!).toBeLessThanOrEqual(fan.p75[j]!);
      expect(fan.p75[j]!).toBeLessThanOrEqual(fan.p95[j]!);
    }
    expect(Array.from(fan.base)).toEqual(Array.from(session(store).run.series.get(fan.id)!));
    const swings = state.result.tornadoes[0]!.bars.map((bar) => bar.swing);
    expect(swings).toEqual([...swings].sort((a, b) => b - a));
  });

  it('offers the tornado both ways for a case: with the start re-balanced per end of a range, and with the current start held', () => {
    const store = makeExplorer({ monteCarlo: inPlaceMonteCarlo() });
    store.getState().openCase('dealer-alliance');
    store.getState().startMonteCarlo();
    const state = session(store).monteCarlo;
    if (state.status !== 'done') throw new Error(`the Monte Carlo is ${state.status}`);
    expect(state.result.tornadoes.map((tornado) => tornado.calibration)).toEqual(['rebalanced', 'held']);
    expect(session(store).tornadoCalibration).toBe('rebalanced');
    const costBar = (calibration: 'rebalanced' | 'held') => state.result.tornadoes.find((tornado) => tornado.calibration === calibration)!.bars.find((bar) => bar.key === 'param:manufacturer_variable_cost')!;
    // Held, a higher variable cost lowers the maker's profit; re-balanced, the overhead absorbs it at the start.
    expect(costBar('held').highValue).toBeLessThan(costBar('held').lowValue);
    expect(costBar('rebalanced').highValue).toBeGreaterThan(costBar('rebalanced').lowValue);
    store.getState().setTornadoCalibration('held');
    expect(session(store).tornadoCalibration).toBe('held');
    // A sample run without re-balancing shows the held tornado first.
    store.getState().setRecalibrate(false);
    store.getState().setTornadoCalibration('rebalanced');
    store.getState().startMonteCarlo();
    expect(session(store).tornadoCalibration).toBe('held');
  });

  it('runs a branch from a played game through the same rounds in the worker, the fans centred on the what-if run', () => {
    const store = makeExplorer({ monteCarlo: inPlaceMonteCarlo() });
    const dealer = scenario('dealer-alliance');
    store.getState().openGame({ scenario: dealer, state: dealerReflexGame(dealer), fromRound: 9 });
    store.getState().setValue('decision:manufacturer.dealerSupport', 1.5);
    // Only the what-if decisions vary: the parameters would change the earlier rounds too.
    for (const slider of session(store).setup.sliders) store.getState().setRange(slider.id, { on: slider.kind === 'decision' });
    store.getState().startMonteCarlo();
    const state = session(store).monteCarlo;
    expect(state.status).toBe('done');
    if (state.status !== 'done') return;
    for (const fan of state.result.fans) expect(Array.from(fan.base)).toEqual(Array.from(session(store).run.series.get(fan.id)!));
    // Up to the branching round every run is the played game, whatever the draws; after it they spread.
    const trust = state.result.fans.find((fan) => fan.id === 'trust')!;
    const branchAt = trust.time.indexOf(8);
    expect(trust.p5[branchAt]).toBe(trust.p95[branchAt]);
    expect(trust.p95.at(-1)! - trust.p5.at(-1)!).toBeGreaterThan(0.01);
  });

  it('refuses to start with nothing to vary', () => {
    const store = makeExplorer({ monteCarlo: inPlaceMonteCarlo() });
    store.getState().importModel('test_log.xmile', conformanceModel('log/test_log.xmile'));
    for (const slider of session(store).setup.sliders) store.getState().setRange(slider.id, { on: false });
    store.getState().startMonteCarlo();
    expect(store.getState().lastError).toMatch(/at least one parameter/);
  });

  it('cancels a run in progress and ignores its late reports', () => {
    const pending = pendingMonteCarlo();
    const store = makeExplorer({ monteCarlo: pending.launcher });
    store.getState().openCase('pg-walmart');
    store.getState().startMonteCarlo();
    pending.report(300);
    expect(session(store).monteCarlo).toMatchObject({ status: 'running', done: 300 });
    store.getState().cancelMonteCarlo();
    expect(pending.cancelled()).toBe(1);
    pending.report(400);
    expect(session(store).monteCarlo).toMatchObject({ status: 'cancelled', done: 300 });
  });

  it('draws decisions within their range and parameters 20 % either side by default', () => {
    const store = makeExplorer();
    store.getState().openCase('dealer-alliance');
    const sliders = session(store).setup.sliders;
    const price = sliders.find((slider) => slider.id === 'decision:manufacturer.dealerPrice')!;
    expect(effectiveRange(price, 128, { on: true, low: null, high: null })).toEqual({ low: 123, high: 130 });
    const life = sliders.find((slider) => slider.id === 'param:facility_life')!;
    expect(effectiveRange(life, 16, { on: true, low: null, high: null })).toEqual({ low: 12.8, high: 19.2 });
    expect(effectiveRange(life, 16, { on: true, low: 10, high: null })).toEqual({ low: 10, high: 19.2 });
  });
});

describe('explorer store: default decisions', () => {
  it('starts each case at the scenario defaults', () => {
    const store = makeExplorer();
    store.getState().openCase('pg-walmart');
    const pg = scenario('pg-walmart');
    for (const side of pg.definition.sides) {
      for (const [id, value] of Object.entries(defaultDecisions(side))) expect(session(store).values[`decision:${side.id}.${id}`]).toBe(value);
    }
  });
});
