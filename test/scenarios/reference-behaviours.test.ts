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
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`play failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as HeadlessResult;
};

describe.each([
  ['the API', viaApi],
  ['the CLI', viaCli],
])('reference behaviours through %s', (_, runner) => {
  it('dealer alliance: checks 1 to 6 hold', () => {
    for (const check of dealerChecks(runner)) expect(check.holds, `${check.id}: ${check.measured} (reference ${check.reference})`).toBe(true);
  });
  it('P&G and Walmart: checks 7 to 10 hold', () => {
    for (const check of pgwChecks(runner)) expect(check.holds, `${check.id}: ${check.measured} (reference ${check.reference})`).toBe(true);
  });
});

describe('play --json output', () => {
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
    const badScenario = run('fishbanks', '--json');
    expect(badScenario.stderr).toContain('there is no scenario "fishbanks"; the scenarios are: dealer-alliance, pg-walmart');
  });
});
