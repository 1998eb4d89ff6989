import { describe, expect, it } from 'vitest';
import { debriefContent } from '../../../src/state/debrief/index.ts';
import { decisionTablesVm, payoffTableVm, stockRowsVm } from '../../../src/views/debrief/debrief-tables-vm.ts';
import { scenario } from '../../helpers/scenarios.ts';
import { dealerCooperativeGame, dealerReflexGame, pgDealGame, pgSwitchGame } from './debrief-games.ts';

const words = { unit: 'quarter', units: 'quarters' };
const dealer = scenario('dealer-alliance');
const pg = scenario('pg-walmart');
const reflex = debriefContent(dealer, dealerReflexGame(dealer));
const cooperative = debriefContent(dealer, dealerCooperativeGame(dealer));
const switched = debriefContent(pg, pgSwitchGame(pg));

describe('payoffTableVm', () => {
  it('shows four shadow runs and marks this game beside the cell of its conduct, never in its place', () => {
    const vm = payoffTableVm(reflex.payoff, 20, words);
    expect(vm.rows.map((row) => row.cells.map((cell) => cell.values.join(' / ')))).toEqual([
      ['18.0 / 24.8', '7.5 / 21.0'],
      ['14.5 / 7.7', '7.0 / 8.2'],
    ]);
    expect(vm.rows.flatMap((row) => row.cells.filter((cell) => cell.yourGameBeside))).toHaveLength(1);
    expect(vm.rows[1]!.cells[1]!.yourGameBeside).toBe(true);
    expect(vm.yourGame.values).toEqual(['7.0', '8.2']);
  });

  it('keeps the cooperative shadow run in the both-kept cell when the game kept the terms', () => {
    const vm = payoffTableVm(switched.payoff, 20, words);
    // The game kept the terms only from quarter 5 (88.0 / 17.3); the cell is the cooperative path's own 102.1 / 21.3.
    expect(vm.rows[0]!.cells[0]!.values).toEqual(['102.1', '21.3']);
    expect(vm.rows[0]!.cells[0]!.yourGameBeside).toBe(true);
    expect(vm.yourGame.values).toEqual(['88.0', '17.3']);
    expect(vm.placement.text).toBe('Your game ended with P&G at 88.0 $M and Walmart at 17.3 $M. It is marked beside the cell where P&G kept the terms and Walmart kept the terms, the conduct nearest its own:');
  });

  it('reads the table: a trap for both in the dealer case, an escalation both lose in either', () => {
    const vm = payoffTableVm(reflex.payoff, 20, words);
    expect(vm.reading).toContain("Alone, Manufacturer's quick fix would have lowered its own profit, to 14.5 $M from 18.0 $M, and taken Dealers to 7.7 $M from 24.8 $M: a trap, not a bargain.");
    expect(vm.reading).toContain("Alone, Dealers' quick fix would have lowered its own profit, to 21.0 $M from 24.8 $M, and taken Manufacturer to 7.5 $M from 18.0 $M: a trap, not a bargain.");
    expect(vm.reading.at(-1)).toMatch(/an escalation that both lose\.$/);
    expect(vm.notes).toHaveLength(2);
  });
});

describe('stockRowsVm', () => {
  it('names stocks by their labels with the scenario units, percentages as percentages, and harm by the case own direction', () => {
    const rows = stockRowsVm(reflex.stocks.rows);
    const share = rows.find((row) => row.label === 'Channel share')!;
    expect(share).toMatchObject({ unit: '% of the premium market', played: '36.2', cooperative: '53.9', change: '−33 %', harm: true });
    const trust = rows.find((row) => row.label === 'Trust')!;
    // A 0-to-1 scale is not a unit to write after a value.
    expect(trust.unit).toBe('');
  });

  it('gives no percentage for a stock drained to almost nothing on both paths (no "Deal expectation +918 %")', () => {
    const rows = stockRowsVm(debriefContent(pg, pgDealGame(pg)).stocks.rows);
    const expectation = rows.find((row) => row.label === 'Deal the trade expects')!;
    expect(expectation).toMatchObject({ change: '–', harm: false, unit: '% off list' });
  });

  it('never calls more of something good harm', () => {
    const switchedRows = stockRowsVm(switched.stocks.rows);
    for (const row of switchedRows) if (row.label === 'Collaboration capability' && Number(row.played) > Number(row.cooperative)) expect(row.harm).toBe(false);
    for (const row of stockRowsVm(cooperative.stocks.rows)) expect(row.harm).toBe(false);
  });
});

describe('decisionTablesVm', () => {
  it('marks broken terms from the conduct analysis, and rounds with no terms apart', () => {
    const [maker] = decisionTablesVm(reflex.decisions, words);
    const price = maker!.columns.findIndex((column) => column.label === 'Price to dealers');
    expect(maker!.rows[6]!.cells[price]).toEqual({ text: '110', mark: { kind: 'broke', direction: 'above', value: '100' } });
    expect(maker!.rows[5]!.cells[price]!.mark).toBeNull();
    const [pgMaker] = decisionTablesVm(switched.decisions, words);
    const deal = pgMaker!.columns.findIndex((column) => column.label === 'Trade deal');
    expect(pgMaker!.rows[0]!.cells[deal]!.mark).toEqual({ kind: 'off-baseline', direction: 'above', value: '0.00' });
    expect(pgMaker!.rows[4]!.cells[deal]!.mark).toBeNull();
  });
});
