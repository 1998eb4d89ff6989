import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HeadlessResult } from '../../src/rules/index.ts';
import { dealerChecks, pgwChecks, playRequest, type PlayRequest, type Runner } from '../helpers/case-checks.ts';
import { scenario } from '../helpers/scenarios.ts';

/** The numbered reference behaviours of cases.md, through the API and through the CLI. */
const ROOT = resolve(import.meta.dirname, '../..');

const viaApi: Runner = (request: PlayRequest) => playRequest(scenario(request.scenario), request);

const viaCli: Runner = (request: PlayRequest) => {
  const args = ['bin/alliance-dynamics.mjs', 'play', request.scenario, '--json'];
  for (const [side, strategy] of Object.entries(request.sides)) args.push('--side', `${side}=${strategy}`);
  for (const event of request.events) args.push('--event', event);
  if (request.rounds !== undefined) args.push('--rounds', String(request.rounds));
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`play failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as HeadlessResult;
};

// The CLI runs spawn a Node process per game: generous bounds for a loaded 2-core machine.
const CLI_TIMEOUT = 180_000;

describe.each([
  ['the API', viaApi],
  ['the CLI', viaCli],
])('reference behaviours through %s', { timeout: CLI_TIMEOUT }, (_, runner) => {
  it('dealer alliance: checks 1 to 6 hold', () => {
    for (const check of dealerChecks(runner)) expect(check.holds, `${check.id}: ${check.measured} (reference ${check.reference})`).toBe(true);
  });
  it('P&G and Walmart: checks 7 to 10 hold', () => {
    for (const check of pgwChecks(runner)) expect(check.holds, `${check.id}: ${check.measured} (reference ${check.reference})`).toBe(true);
  });
});

describe('games of other lengths: the model runs to the game’s own end', () => {
  const byId = (checks: { id: string; holds: boolean; measured: string; reference: string }[]) => new Map(checks.map((check) => [check.id.split(' ')[0]!, check]));

  it.each([
    ['the API', viaApi],
    ['the CLI', viaCli],
  ])('checks 1 to 10 hold in a 24-quarter game through %s, as in the 20-quarter one', { timeout: CLI_TIMEOUT }, (_, runner) => {
    for (const check of [...dealerChecks(runner, undefined, 24), ...pgwChecks(runner, undefined, 24)]) expect(check.holds, `${check.id} at 24 quarters: ${check.measured} (reference ${check.reference})`).toBe(true);
  });

  it('a 24-quarter game plays its first 20 quarters exactly as the 20-quarter game, and goes on to the end of quarter 24', () => {
    for (const id of ['dealer-alliance', 'pg-walmart'] as const) {
      const s = scenario(id);
      const request: PlayRequest = { scenario: id, sides: {}, events: [] };
      const twenty = playRequest(s, request);
      const longer = playRequest(s, { ...request, rounds: 24 });
      expect(longer.rounds).toHaveLength(24);
      expect(longer.rounds.slice(0, 20)).toEqual(twenty.rounds);
      expect(longer.series['time']!.at(-1)).toBe(24 * s.definition.rounds.length);
      // Quarters past the file's horizon are whole quarters of the model, not empty ones.
      const profit = (round: number) => longer.rounds[round - 1]!.kpis[s.definition.sides[0]!.id]!['profit']!;
      expect(Math.abs(profit(24) - profit(20))).toBeLessThan(0.2 * Math.abs(profit(20)));
    }
  });

  it('spot check at 40 quarters: the horizon-free checks hold, and over ten years the reflex and the recycled line still cost what they cost', () => {
    const dealer = byId(dealerChecks(viaApi, undefined, 40));
    const pgw = byId(pgwChecks(viaApi, undefined, 40));
    for (const id of ['1', '2', '4', '5']) expect(dealer.get(id)!.holds, dealer.get(id)!.measured).toBe(true);
    for (const id of ['7', '8', '9', '10']) expect(pgw.get(id)!.holds, pgw.get(id)!.measured).toBe(true);
    // Checks 3 and 6 are five-year statements (≤ half; about equal profit): over ten years the
    // recovery dilutes the first and the channel's decline shows in the second. Both directions hold.
    const run = (manufacturer: string, dealers: string, events: string[]) => playRequest(scenario('dealer-alliance'), { scenario: 'dealer-alliance', sides: { manufacturer, dealers }, events, rounds: 40 });
    const cum = (result: ReturnType<typeof run>, side: string) => result.rounds.at(-1)!.kpis[side]!['cumulativeProfit']!;
    const both = run('reflex', 'reflex', ['downturn@5']);
    const coop = run('cooperative', 'cooperative', ['downturn@5']);
    expect(cum(both, 'manufacturer')).toBeLessThan(0.75 * cum(coop, 'manufacturer'));
    expect(cum(both, 'dealers')).toBeLessThan(0.75 * cum(coop, 'dealers'));
  });

  it('spot check at 8 quarters with early events: the quick gain and the dip show; the cost of the reflex has not yet arrived', () => {
    const dealer = byId(dealerChecks(viaApi, { downturnRound: 2, recycledRound: 4 }, 8));
    const pgw = byId(pgwChecks(viaApi, { switchRound: 2, promotionsRound: 4 }, 8));
    expect(dealer.get('2')!.holds, dealer.get('2')!.measured).toBe(true);
    expect(pgw.get('8')!.holds, pgw.get('8')!.measured).toBe(true);
    expect(pgw.get('10')!.holds, pgw.get('10')!.measured).toBe(true);
    // Two years are too short for the trap to close: the maker's reflex is still ahead at the end.
    expect(dealer.get('4')!.holds).toBe(false);
  });
});

describe('play --json output', { timeout: CLI_TIMEOUT }, () => {
  it('has the documented shape, KPIs and per-DT series', () => {
    const dealer = viaCli({ scenario: 'dealer-alliance', sides: {}, events: [] });
    expect(dealer.scenario).toBe('dealer-alliance');
    expect(dealer.rounds).toHaveLength(20);
    expect(Object.keys(dealer.rounds[0]!.kpis['manufacturer']!)).toEqual(expect.arrayContaining(['profit', 'cumulativeProfit', 'volume']));
    expect(Object.keys(dealer.rounds[0]!.kpis['dealers']!)).toEqual(expect.arrayContaining(['profit', 'cumulativeProfit', 'returnOnCapital', 'marginPerUnit']));
    expect(Object.keys(dealer.rounds[0]!.kpis['alliance']!)).toEqual(['trust', 'channelShare']);
    expect(dealer.series['time']).toHaveLength(81);
    expect(dealer.series['channelShare']).toHaveLength(81);
    const pgw = viaCli({ scenario: 'pg-walmart', sides: { maker: 'promotion', retailer: 'promotion' }, events: [] });
    expect(Object.keys(pgw.rounds[0]!.kpis['maker']!)).toEqual(expect.arrayContaining(['profit', 'cumulativeProfit', 'shipments', 'productionChangeCost']));
    expect(Object.keys(pgw.rounds[0]!.kpis['retailer']!)).toEqual(expect.arrayContaining(['profit', 'cumulativeProfit', 'averagePurchasePrice', 'warehousingCost']));
    expect(Object.keys(pgw.series)).toEqual(['time', 'retailerOrders', 'production', 'consumerPurchases']);
    expect(pgw.series['time']).toHaveLength(241);
  });

  it('rejects unknown strategies and events with the list of what exists', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, ['bin/alliance-dynamics.mjs', 'play', ...args], { cwd: ROOT, encoding: 'utf8' });
    const badSide = run('dealer-alliance', '--side', 'manufacturer=bully', '--json');
    expect(badSide.status).toBe(2);
    expect(badSide.stderr).toContain('manufacturer has no strategy "bully" (it has: cooperative, reflex, reflex-rule');
    const badEvent = run('pg-walmart', '--event', 'downturn@5', '--json');
    expect(badEvent.stderr).toContain('pg-walmart has the events competitor-promotions');
    const tooLong = run('dealer-alliance', '--rounds', '41', '--json');
    expect(tooLong.status).toBe(2);
    expect(tooLong.stderr).toContain('--rounds must be a whole number from 4 to 40');
    expect(run('dealer-alliance', '--rounds', '24', '--event', 'downturn@25', '--json').stderr).toContain('the round must be a whole number from 1 to 24');
    const late = run('dealer-alliance', '--rounds', '24', '--event', 'downturn@22', '--json');
    expect(late.status).toBe(0);
    expect((JSON.parse(late.stdout) as HeadlessResult).rounds).toHaveLength(24);
    const badScenario = run('fishbanks', '--json');
    expect(badScenario.stderr).toContain('there is no scenario "fishbanks"; the scenarios are: dealer-alliance, pg-walmart');
  });
});
