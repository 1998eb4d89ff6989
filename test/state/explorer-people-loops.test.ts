import { describe, expect, it } from 'vitest';
import { ledSpans } from '../../src/rules/index.ts';
import { explorerPeopleLoops } from '../../src/state/explorer-people-loops.ts';
import { makeExplorer } from '../helpers/explorer-store.ts';

describe("the explorer scores the case's loops through the teams for the decisions on its sliders", () => {
  it('no loop runs on the agreed terms; a squeeze and cuts set the quick fixes and the adversaries loop running', () => {
    const store = makeExplorer();
    store.getState().openCase('dealer-alliance');
    expect(explorerPeopleLoops(store.getState().session!)!.led.every((loop) => loop === null)).toBe(true);
    store.getState().setValue('decision:manufacturer.dealerPrice', 115);
    store.getState().setValue('decision:dealers.facilityInvestment', 0.75);
    const analysis = explorerPeopleLoops(store.getState().session!)!;
    expect(analysis.rounds).toBe(20);
    expect(analysis.closings).toEqual([]);
    expect(new Set(analysis.led.filter((loop) => loop !== null))).toEqual(new Set(['maker-fix', 'adversaries']));
  });

  it('P&G and Walmart open inside the habit, whose quick fix runs from the first quarter', () => {
    const store = makeExplorer();
    store.getState().openCase('pg-walmart');
    const analysis = explorerPeopleLoops(store.getState().session!)!;
    expect(ledSpans(analysis)[0]).toMatchObject({ loop: 'retailer-fix', from: 1 });
    expect(analysis.led.filter((loop) => loop === 'retailer-fix').length).toBeGreaterThanOrEqual(15);
    expect(analysis.led).not.toContain('alliance');
  });
});
