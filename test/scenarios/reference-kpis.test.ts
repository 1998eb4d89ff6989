import { beforeAll, describe, expect, it } from 'vitest';
import { playHeadless, type HeadlessResult, type ScheduledEvent, type StrategyChoice } from '../../src/rules/index.ts';
import { loadReferenceModels, type ReferenceModels, type ReferenceRun } from '../helpers/reference-models.ts';
import { scenario } from '../helpers/scenarios.ts';

/**
 * Driven by the reference strategies, every per-round KPI of the game matches the reference
 * models in shared/ within 0.5 % (in practice to about 1e-9: same DT, same Euler order).
 */
const TOLERANCE = 0.005;
let reference: ReferenceModels;

beforeAll(async () => {
  reference = await loadReferenceModels();
});

const plays = (choices: string): StrategyChoice[] =>
  choices.split(',').map((part) => {
    const [id, at] = part.split('@');
    return { id: id!, fromRound: at === undefined ? 1 : Number(at) };
  });

function compare(ours: HeadlessResult, theirs: ReferenceRun, pairs: Record<string, (row: Record<string, number>) => number>, kpi: (outcome: HeadlessResult['rounds'][number]) => Record<string, number>) {
  expect(ours.rounds).toHaveLength(theirs.length);
  theirs.forEach((row, i) => {
    const values = kpi(ours.rounds[i]!);
    for (const [name, expected] of Object.entries(pairs)) {
      const want = expected(row);
      const got = values[name]!;
      const scale = Math.max(Math.abs(want), 1e-3);
      if (!(Math.abs(got - want) <= TOLERANCE * scale)) {
        throw new Error(`round ${i + 1}, ${name}: reference ${want}, game ${got}`);
      }
    }
  });
}

describe('dealer alliance: per-round KPIs against the reference model', () => {
  const cases: { name: string; manufacturer: string; dealers: string; events: ScheduledEvent[]; scenario: Record<string, boolean> }[] = [
    { name: 'good times, both cooperative', manufacturer: 'cooperative', dealers: 'cooperative', events: [], scenario: {} },
    { name: 'downturn, both cooperative', manufacturer: 'cooperative', dealers: 'cooperative', events: [{ eventId: 'downturn', round: 5 }], scenario: { downturn: true } },
    { name: 'downturn, both reflex', manufacturer: 'reflex', dealers: 'reflex', events: [{ eventId: 'downturn', round: 5 }], scenario: { downturn: true } },
    { name: 'downturn, maker reflex alone', manufacturer: 'reflex', dealers: 'cooperative', events: [{ eventId: 'downturn', round: 5 }], scenario: { downturn: true } },
    { name: 'downturn, dealers reflex alone', manufacturer: 'cooperative', dealers: 'reflex', events: [{ eventId: 'downturn', round: 5 }], scenario: { downturn: true } },
    { name: 'downturn, both adaptive reflex rules', manufacturer: 'reflex-rule', dealers: 'reflex-rule', events: [{ eventId: 'downturn', round: 5 }], scenario: { downturn: true } },
    { name: 'recycled line, both cooperative', manufacturer: 'cooperative', dealers: 'cooperative', events: [{ eventId: 'recycled-line', round: 9 }], scenario: { recycled: true } },
  ];
  const referenceName = (id: string) => (id === 'reflex-rule' ? 'reflexRule' : id);

  for (const testCase of cases) {
    it(testCase.name, () => {
      const ours = playHeadless(scenario('dealer-alliance'), {
        strategies: { manufacturer: plays(testCase.manufacturer), dealers: plays(testCase.dealers) },
        events: testCase.events,
      });
      const theirs = reference.simulateDealer({ manufacturer: referenceName(testCase.manufacturer), dealers: referenceName(testCase.dealers), scenario: testCase.scenario });
      compare(
        ours,
        theirs,
        {
          dealerPrice: (r) => r['dealerPrice']!,
          facilityInvestment: (r) => r['facilityInvestment']!,
          manufacturerProfit: (r) => r['manufacturerProfit']!,
          manufacturerCumulative: (r) => r['cumManufacturerProfit']!,
          volume: (r) => r['manufacturerVolume']!,
          dealerProfit: (r) => r['dealerProfit']!,
          dealerCumulative: (r) => r['cumDealerProfit']!,
          returnOnCapital: (r) => r['dealerROC']!,
          marginPerUnit: (r) => r['dealerMarginPerUnit']!,
          trust: (r) => r['trust']!,
          channelShare: (r) => r['channelShare']!,
        },
        (outcome) => ({
          dealerPrice: outcome.decisions['manufacturer']!['dealerPrice']!,
          facilityInvestment: outcome.decisions['dealers']!['facilityInvestment']!,
          manufacturerProfit: outcome.kpis['manufacturer']!['profit']!,
          manufacturerCumulative: outcome.kpis['manufacturer']!['cumulativeProfit']!,
          volume: outcome.kpis['manufacturer']!['volume']!,
          dealerProfit: outcome.kpis['dealers']!['profit']!,
          dealerCumulative: outcome.kpis['dealers']!['cumulativeProfit']!,
          returnOnCapital: outcome.kpis['dealers']!['returnOnCapital']!,
          marginPerUnit: outcome.kpis['dealers']!['marginPerUnit']!,
          trust: outcome.kpis['alliance']!['trust']!,
          channelShare: outcome.kpis['alliance']!['channelShare']!,
        }),
      );
    });
  }
});

describe('P&G and Walmart: per-round KPIs against the reference model', () => {
  const cases: { name: string; maker: string; retailer: string; events: ScheduledEvent[]; reference: Record<string, unknown> }[] = [
    { name: 'steady promotions', maker: 'promotion', retailer: 'promotion', events: [], reference: {} },
    { name: 'both switch to EDLP in quarter 5', maker: 'promotion,edlp@5', retailer: 'promotion,edlp@5', events: [], reference: { manufacturer: 'edlp', retailer: 'edlp' } },
    { name: 'reactive deals under competitor promotions', maker: 'promotion-reactive', retailer: 'promotion', events: [{ eventId: 'competitor-promotions', round: 9 }], reference: { manufacturer: 'promotionReactive', scenario: { competitorPromo: true } } },
    { name: 'EDLP under competitor promotions', maker: 'promotion,edlp@5', retailer: 'promotion,edlp@5', events: [{ eventId: 'competitor-promotions', round: 9 }], reference: { manufacturer: 'edlp', retailer: 'edlp', scenario: { competitorPromo: true } } },
    { name: "the maker's deeper deals", maker: 'promotion-deeper', retailer: 'promotion', events: [], reference: { manufacturer: 'promotionDeeper' } },
    { name: "the retailer's heavier forward buying", maker: 'promotion', retailer: 'forward-buy-more', events: [], reference: { retailer: 'forwardBuyMore' } },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => {
      const ours = playHeadless(scenario('pg-walmart'), { strategies: { maker: plays(testCase.maker), retailer: plays(testCase.retailer) }, events: testCase.events });
      const theirs = reference.simulatePgw(testCase.reference);
      compare(
        ours,
        theirs,
        {
          tradeDealDepth: (r) => r['tradeDealDepth']!,
          makerProfit: (r) => r['manufacturerProfit']!,
          makerCumulative: (r) => r['cumManufacturerProfit']!,
          shipments: (r) => r['shipments']!,
          productionChangeCost: (r) => r['productionChangeCostRate']!,
          retailerProfit: (r) => r['retailerProfit']!,
          retailerCumulative: (r) => r['cumRetailerProfit']!,
          averagePurchasePrice: (r) => r['manufacturerRevenue']! / r['shipments']!,
          warehousingCost: (r) => r['warehousingCost']!,
          trust: (r) => r['trust']!,
        },
        (outcome) => ({
          tradeDealDepth: outcome.decisions['maker']!['tradeDealDepth']!,
          makerProfit: outcome.kpis['maker']!['profit']!,
          makerCumulative: outcome.kpis['maker']!['cumulativeProfit']!,
          shipments: outcome.kpis['maker']!['shipments']!,
          productionChangeCost: outcome.kpis['maker']!['productionChangeCost']!,
          retailerProfit: outcome.kpis['retailer']!['profit']!,
          retailerCumulative: outcome.kpis['retailer']!['cumulativeProfit']!,
          averagePurchasePrice: outcome.kpis['retailer']!['averagePurchasePrice']!,
          warehousingCost: outcome.kpis['retailer']!['warehousingCost']!,
          trust: outcome.kpis['alliance']!['trust']!,
        }),
      );
    });
  }
});
