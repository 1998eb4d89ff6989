import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/rules/index.ts';
import { roundsToCsv } from '../../src/state/export-csv.ts';
import { newGame, play, playRound } from '../helpers/game-driver.ts';
import { scenario } from '../helpers/scenarios.ts';
import { DEALER_AGREED, dealerReflexGame, pgSwitchGame } from '../views/debrief/debrief-games.ts';

function parse(csv: string): string[][] {
  const parsed = Papa.parse<string[]>(csv, { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

describe('roundsToCsv', () => {
  const dealer = scenario('dealer-alliance');
  const state = dealerReflexGame(dealer);
  const [header, ...rows] = parse(roundsToCsv(dealer, state));

  it('writes one row per played round, numbered from 1', () => {
    expect(rows).toHaveLength(state.history.length);
    expect(rows.map((row) => Number(row[0]))).toEqual(state.history.map((outcome) => outcome.round));
  });

  it('names each decision column "Side: Decision label (unit)" and holds the decisions played', () => {
    const column = header!.indexOf('Manufacturer: Price to dealers ($ per unit)');
    expect(column).toBeGreaterThan(0);
    expect(rows.map((row) => Number(row[column]))).toEqual(state.history.map((outcome) => outcome.decisions['manufacturer']!['dealerPrice']));
    const marketing = header!.indexOf('Dealers: Local marketing ($M per quarter)');
    expect(rows.map((row) => Number(row[marketing]))).toEqual(state.history.map((outcome) => outcome.decisions['dealers']!['localMarketing']));
  });

  it('writes every KPI under "Side: KPI label (unit)" with the numbers of the game, scaled as on screen', () => {
    for (const kpi of dealer.definition.kpis) {
      const side = kpi.side === 'alliance' ? 'Alliance' : dealer.definition.sides.find((s) => s.id === kpi.side)!.name;
      const column = header!.indexOf(`${side}: ${kpi.label} (${kpi.unit})`);
      expect(column, kpi.id).toBeGreaterThan(0);
      rows.forEach((row, i) => {
        const expected = state.history[i]!.kpis[kpi.side]![kpi.id]! * kpi.displayScale;
        expect(Math.abs(Number(row[column]) - expected)).toBeLessThanOrEqual(1e-11 * Math.max(1, Math.abs(expected)));
      });
    }
  });

  it('lists the events in the round they began', () => {
    const column = header!.indexOf('Events that began');
    expect(rows[4]![column]).toBe('Market downturn');
    expect(rows.filter((row) => row[column] !== '')).toHaveLength(1);
  });

  it('quotes a label that contains a comma, so the columns stay in place', () => {
    const definition = dealer.definition;
    const [maker, dealers] = definition.sides;
    const renamed: Scenario = {
      ...dealer,
      definition: { ...definition, sides: [{ ...maker!, decisions: maker!.decisions.map((d) => (d.id === 'dealerPrice' ? { ...d, label: 'Price, to dealers' } : d)) }, dealers!] },
    };
    const csv = roundsToCsv(renamed, state);
    expect(csv.split('\r\n')[0]).toContain('"Manufacturer: Price, to dealers ($ per unit)"');
    const [renamedHeader, firstRow] = parse(csv);
    expect(renamedHeader).toHaveLength(header!.length);
    expect(firstRow).toHaveLength(header!.length);
  });

  it('describes the deals in force in each round they bind', () => {
    let game = play(dealer, newGame(dealer), { type: 'startGame', actor: 'system' });
    game = play(dealer, game, { type: 'proposeDeal', actor: 'dealers', side: 'dealers', terms: [{ side: 'manufacturer', decision: 'dealerPrice', bound: 'at-most', value: 100 }], rounds: 2 });
    game = play(dealer, game, { type: 'respondToDeal', actor: 'manufacturer', side: 'manufacturer', proposalId: 1, response: 'accept' });
    for (let round = 1; round <= 3; round++) game = playRound(dealer, game, DEALER_AGREED);
    const [dealHeader, ...dealRows] = parse(roundsToCsv(dealer, game));
    const column = dealHeader!.indexOf('Deals in force');
    expect(dealRows.map((row) => row[column] !== '')).toEqual([true, true, false]);
    expect(dealRows[0]![column]).toBe('Deal 1 (proposed by Dealers, rounds 1–2): Manufacturer: Price to dealers at most 100 $ per unit');
  });

  it('exports a P&G game with all of its decisions and KPIs', () => {
    const pg = scenario('pg-walmart');
    const game = pgSwitchGame(pg);
    const [pgHeader, ...pgRows] = parse(roundsToCsv(pg, game));
    const decisions = pg.definition.sides.reduce((n, side) => n + side.decisions.length, 0);
    expect(pgHeader).toHaveLength(1 + decisions + pg.definition.kpis.length + pg.definition.sides.length + 2);
    const deal = pgHeader!.indexOf('P&G: Trade deal (fraction off list)');
    expect(pgRows.map((row) => Number(row[deal]))).toEqual(game.history.map((outcome) => outcome.decisions['maker']!['tradeDealDepth']));
    // Conduct from the debrief's one analysis: no terms bound P&G; it played the habit in quarters 1–4, the cooperative way after.
    const conduct = pgHeader!.indexOf('P&G: conduct');
    expect(pgRows.map((row) => row[conduct])).toEqual(game.history.map((outcome) => (outcome.round < 5 ? 'no-terms-away' : 'no-terms-cooperative')));
  });
});
