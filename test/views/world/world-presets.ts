/**
 * Hand-made WorldInputs for the demo page and the screenshots: both cases at the start, after a
 * good round, in trouble (an event under way and low trust), and after the alliance ended. The
 * numbers are close to the reference runs in shared/design/reference-models.
 */
import dealerGame from '../../../scenarios/dealer-alliance/game.json' with { type: 'json' };
import retailGame from '../../../scenarios/pg-walmart/game.json' with { type: 'json' };
import { worldSchema } from '../../../src/rules/scenario/world-schema.ts';
import type { KpiTable, WorldInput } from '../../../src/views/world/world-frame.ts';

/** The shipped cases' own world blocks: the presets draw what the game draws. */
export const DEALER_WORLD = worldSchema.parse(dealerGame.world);
export const RETAIL_WORLD = worldSchema.parse(retailGame.world);

export type PresetName = 'briefing' | 'start' | 'good' | 'trouble' | 'recycled' | 'ended';
export type CaseName = 'dealer' | 'retail';

export const DEALER_Q1: KpiTable = {
  manufacturer: { profit: 1.04, cumulativeProfit: 1.04, volume: 100, capacityUse: 0.8 },
  dealers: { profit: 1.43, cumulativeProfit: 1.43, returnOnCapital: 0.198, marginPerUnit: 45, cashFlow: 1.1 },
  alliance: { trust: 0.72, channelShare: 0.501 },
};

export const RETAIL_Q1: KpiTable = {
  maker: { profit: 2.64, cumulativeProfit: 2.64, shipments: 3.1, productionChangeCost: 1.11, capacity: 1.79 },
  retailer: { profit: 0.46, cumulativeProfit: 0.46, averagePurchasePrice: 9.14, warehousingCost: 1.66, inventory: 0.99, availability: 0.99 },
  alliance: { trust: 0.14, collaboration: 0 },
};

const DEALER: Record<PresetName, Partial<WorldInput>> = {
  briefing: { round: 0, phase: 'briefing', kpis: null, previousKpis: null, firstKpis: null },
  start: { round: 1, kpis: DEALER_Q1 },
  good: {
    round: 8,
    kpis: {
      manufacturer: { profit: 1.42, volume: 112, capacityUse: 0.9 },
      dealers: { profit: 1.75, returnOnCapital: 0.24, marginPerUnit: 45 },
      alliance: { trust: 0.8, channelShare: 0.54 },
    },
  },
  trouble: {
    round: 10,
    kpis: {
      manufacturer: { profit: 0.34, volume: 54, capacityUse: 0.45 },
      dealers: { profit: -0.02, returnOnCapital: -0.003, marginPerUnit: 40 },
      alliance: { trust: 0.3, channelShare: 0.33 },
    },
    events: [{ id: 'downturn', name: 'Market downturn', news: 'Offices freeze spending: premium demand is sliding.', stage: 'peak', intensity: 1 }],
  },
  recycled: {
    round: 12,
    kpis: {
      manufacturer: { profit: 1.49, volume: 136, capacityUse: 0.97 },
      dealers: { profit: 0.9, returnOnCapital: 0.113, marginPerUnit: 40.5 },
      alliance: { trust: 0.69, channelShare: 0.44 },
    },
    events: [
      { id: 'recycled-line', name: 'Low-cost recycled line', news: 'The maker launches a recycled budget line in the big-box stores.', stage: 'building', intensity: 0.7 },
    ],
  },
  ended: {
    round: 16,
    kpis: {
      manufacturer: { profit: -0.6, volume: 38, capacityUse: 0.32 },
      dealers: { profit: -0.25, returnOnCapital: -0.05, marginPerUnit: 38 },
      alliance: { trust: 0.06, channelShare: 0.2 },
    },
    allianceEnded: true,
  },
};

const RETAIL: Record<PresetName, Partial<WorldInput>> = {
  briefing: { round: 0, phase: 'briefing', kpis: null, previousKpis: null, firstKpis: null },
  start: { round: 1, kpis: RETAIL_Q1 },
  good: {
    round: 9,
    kpis: {
      maker: { profit: 6.25, shipments: 3.5, productionChangeCost: 0.09, capacity: 1.36 },
      retailer: { profit: 1.37, warehousingCost: 0.73, inventory: 0.75, availability: 0.99 },
      alliance: { trust: 0.76, collaboration: 0.68 },
    },
  },
  trouble: {
    round: 10,
    kpis: {
      maker: { profit: -0.38, shipments: 2.71, productionChangeCost: 1.3, capacity: 1.85 },
      retailer: { profit: 0.35, warehousingCost: 2.1, inventory: 1.9, availability: 0.93 },
      alliance: { trust: 0.12, collaboration: 0 },
    },
    events: [
      { id: 'competitor-promotions', name: 'Competitor promotions', news: 'Rival brands flood the aisles with coupons.', stage: 'peak', intensity: 1 },
    ],
  },
  recycled: {},
  ended: {
    round: 14,
    kpis: {
      maker: { profit: 1.1, shipments: 2.9, productionChangeCost: 0.9, capacity: 1.7 },
      retailer: { profit: 0.15, warehousingCost: 1.5, inventory: 1.1, availability: 0.96 },
      alliance: { trust: 0.05, collaboration: 0.1 },
    },
    allianceEnded: true,
  },
};

/** A case in its first round, as the world shows it after the results; `overrides` change any of it. */
export function startInput(caseName: CaseName, overrides: Partial<WorldInput> = {}): WorldInput {
  const base: WorldInput =
    caseName === 'dealer'
      ? {
          world: DEALER_WORLD,
          unit: 'quarter',
          round: 1,
          totalRounds: 20,
          phase: 'results',
          resultsRound: 1,
          kpis: DEALER_Q1,
          previousKpis: DEALER_Q1,
          firstKpis: DEALER_Q1,
          events: [],
          allianceEnded: false,
          sides: [
            { id: 'manufacturer', name: 'Manufacturer', profitKpi: 'profit' },
            { id: 'dealers', name: 'Dealers', profitKpi: 'profit' },
          ],
          trustKpi: 'trust',
        }
      : {
          world: RETAIL_WORLD,
          unit: 'quarter',
          round: 1,
          totalRounds: 20,
          phase: 'results',
          resultsRound: 1,
          kpis: RETAIL_Q1,
          previousKpis: RETAIL_Q1,
          firstKpis: RETAIL_Q1,
          events: [],
          allianceEnded: false,
          sides: [
            { id: 'maker', name: 'P&G', profitKpi: 'profit' },
            { id: 'retailer', name: 'Walmart', profitKpi: 'profit' },
          ],
          trustKpi: 'trust',
        };
  const merged = { ...base, ...overrides };
  // A preset's round is the round whose results it shows, unless it says otherwise.
  return { ...merged, resultsRound: overrides.resultsRound ?? (merged.kpis === null ? 0 : merged.round) };
}

export function presetInput(caseName: CaseName, preset: PresetName): WorldInput {
  return startInput(caseName, (caseName === 'dealer' ? DEALER : RETAIL)[preset]);
}

export const PRESETS: readonly PresetName[] = ['briefing', 'start', 'good', 'trouble', 'recycled', 'ended'];
