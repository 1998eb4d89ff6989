import { describe, expect, it } from 'vitest';
import { brokeFaith, debriefAnalysis } from '../../../src/rules/index.ts';
import { openingPath } from '../../../src/rules/debrief/debrief-paths.ts';
import { lessonsFor, type Lesson } from '../../../src/rules/debrief/lessons.ts';
import { decisionTablesVm, formatParam, harmVm, lessonText, payoffTableVm } from '../../../src/views/debrief/debrief-tables-vm.ts';
import { scenario } from '../../helpers/scenarios.ts';
import { dealerReflexGame, pgSwitchGame } from './debrief-games.ts';

const words = { unit: 'quarter', units: 'quarters' };
const dealer = scenario('dealer-alliance');
const pg = scenario('pg-walmart');
const reflexGame = dealerReflexGame(dealer);
const reflexAnalysis = debriefAnalysis(dealer, reflexGame);
const switchGame = pgSwitchGame(pg);
const switchAnalysis = debriefAnalysis(pg, switchGame);

describe('lessonText', () => {
  it('fills the template with the lesson’s numbers: money with one decimal, trust with two', () => {
    const lesson: Lesson = { key: 'trust-fell-and-stayed', params: { from: 0.77, fromRound: 8, low: 0.6, lowRound: 20, fallRounds: 7, end: 0.6, riseRounds: 0 } };
    expect(lessonText(lesson, words)).toBe('Trust slid from 0.77 in quarter 8 to 0.60 by quarter 20, and had not begun to recover when the game ended.');
    const money: Lesson = { key: 'harm-travelled', params: { side: 'Manufacturer', partner: 'Dealers', moveRound: 7, hurtRound: 7, partnerLoss: 12 } };
    expect(lessonText(money, words)).toMatch(/12\.0 \$M by the end\./);
  });

  it('says "1 quarter", not "1 quarters", and appends what set it off', () => {
    const lesson: Lesson = {
      key: 'worse-before-better',
      params: { side: 'P&G', switchRound: 5, behindRounds: 1, cost: 1.7, paybackRound: 8, gain: 43.6 },
    };
    expect(lessonText(lesson, words)).toContain('for 1 quarter (1.7 $M in all)');
    const caused: Lesson = { key: 'trust-held', params: { start: 0.72, end: 0.8 }, cause: { key: 'cause-event', params: { event: 'Market downturn', round: 5 } } };
    expect(lessonText(caused, words)).toMatch(/from 0\.72 to 0\.80: .* It began with an event: Market downturn, in quarter 5\.$/);
  });

  it('leaves no placeholder in any lesson of a real game', () => {
    for (const [s, game] of [[dealer, reflexGame], [pg, switchGame]] as const) {
      for (const lesson of lessonsFor(s, game, debriefAnalysis(s, game))) expect(lessonText(lesson, words)).not.toMatch(/[{}]/);
    }
  });

  it('shows a KPI value at the KPI’s own decimals', () => {
    const lesson: Lesson = {
      key: 'yardsticks-differ',
      params: { sideA: 'Maker', yardstickA: 'Units shipped', firstA: 100, lastA: 107.7, unitA: 'k units', sideB: 'Dealers', yardstickB: 'Return on capital', firstB: 19.8, lastB: 24.2, unitB: '%' },
      decimals: { firstA: 1, lastA: 1, firstB: 1, lastB: 1 },
    };
    expect(lessonText(lesson, words)).toContain('Units shipped (100.0 to 107.7 k units)');
  });

  it('writes minus signs and never a negative zero', () => {
    expect(formatParam(-33)).toBe('−33');
    expect(formatParam(-0)).toBe('0');
    expect(formatParam(-2.5, 'money')).toBe('−2.5');
  });
});

describe('payoffTableVm', () => {
  it('fills the 2×2 table from the analysis and flags this game’s cell only', () => {
    const vm = payoffTableVm(dealer, reflexGame, reflexAnalysis, null, words);
    expect(vm.rows.map((row) => row.header)).toEqual(['Manufacturer: kept the agreed terms', 'Manufacturer: quick fix']);
    expect(vm.columns).toEqual(['Dealers: kept the agreed terms', 'Dealers: quick fix']);
    expect(vm.rows.flatMap((row) => row.cells.filter((cell) => cell.isThisGame))).toHaveLength(1);
    expect(vm.rows[1]!.cells[1]).toMatchObject({ isThisGame: true, values: ['7.0', '8.2'] });
    expect(vm.rows[0]!.cells[0]!.values).toEqual(['18.0', '24.8']);
    expect(vm.rows[1]!.cells[1]!.label).toMatch(/Your game/);
  });

  it('explains what the quick fix means for each side and when this game broke the terms', () => {
    const vm = payoffTableVm(pg, switchGame, switchAnalysis, openingPath(pg, switchGame), words);
    expect(vm.notes[0]).toContain(pg.definition.strategies['maker']!['reflex']!.description);
    expect(vm.notes).toContain('Your game counts as the quick fix for Walmart, because it moved against the agreed terms in quarters 1–4.');
    expect(vm.notes.at(-1)).toMatch(/^Had both stayed with the decisions the game opened with: P&G 44\.\d \$M, Walmart 7\.\d \$M\.$/);
  });
});

describe('harmVm', () => {
  it('lists the stocks largest difference first, with their units and a sentence on the largest', () => {
    const vm = harmVm(dealer, reflexAnalysis);
    expect(vm.rows[0]).toMatchObject({ variable: 'Channel Share', units: '', change: '−33 %' });
    expect(vm.rows.find((row) => row.variable === 'Facility Capital')!.units).toBe('Million Dollars');
    expect(vm.takeaway).toBe('The largest difference: Channel Share, −33 % against the cooperative path.');
    // Bars share a scale on which ±50 % fills one half of the track: −33 % is two thirds of the left half.
    expect(vm.rows[0]!.bar).toBeCloseTo(-0.33 / 0.5, 1);
  });

  it('gives no percentage for a stock that is all but empty on both paths', () => {
    const vm = harmVm(pg, switchAnalysis);
    const expectation = vm.rows.find((row) => row.variable === 'Deal Expectation')!;
    expect(expectation).toMatchObject({ change: 'both almost nothing', bar: 0 });
    expect(vm.rows.at(-1)!.variable).toBe('Deal Expectation');
    expect(vm.takeaway).toBe('No stock ended more than 10 % away from the cooperative path.');
  });
});

describe('decisionTablesVm', () => {
  it('marks exactly the decisions that moved against the agreed terms, in the right direction', () => {
    const [maker, dealers] = decisionTablesVm(dealer, reflexGame, words);
    expect(maker!.columns.map((column) => column.label)).toEqual(['Price to dealers', 'Dealer support', 'Interest on dealer credit']);
    expect(maker!.rows[6]!.cells.map((cell) => cell.breach?.direction ?? null)).toEqual(['above', 'below', null]);
    expect(maker!.rows[6]!.cells[0]).toEqual({ text: '110', breach: { direction: 'above', agreed: '100' } });
    reflexGame.history.forEach((outcome, i) => {
      const side = dealer.definition.sides[1]!;
      expect(dealers!.rows[i]!.cells.some((cell) => cell.breach !== null)).toBe(brokeFaith(side, outcome.decisions['dealers']!));
    });
  });

  it('shows a yes/no decision by its label', () => {
    const retailer = decisionTablesVm(pg, switchGame, words)[1]!;
    const column = retailer.columns.findIndex((c) => c.label === 'Share till data with the maker');
    expect(retailer.rows[0]!.cells[column]).toEqual({ text: 'No', breach: { direction: 'below', agreed: 'Yes' } });
    expect(retailer.rows[4]!.cells[column]).toEqual({ text: 'Yes', breach: null });
  });
});
