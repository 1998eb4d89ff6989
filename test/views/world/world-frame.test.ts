import { describe, expect, it } from 'vitest';
import {
  MAX_TRUCKS,
  TRUCKS_AT_START,
  describeWorld,
  profitMood,
  trustLevel,
  worldFrameFrom,
  type KpiTable,
  type WorldInput,
} from '../../../src/views/world/world-frame.ts';
import { DEALER_Q1, RETAIL_Q1, RETAIL_WORLD, startInput } from './world-presets.ts';
import type { WorldEvent } from '../../../src/views/world/world-frame.ts';

function patch(table: KpiTable, side: string, values: Record<string, number>): KpiTable {
  return { ...table, [side]: { ...table[side], ...values } };
}

const dealer = (overrides: Partial<WorldInput> = {}): WorldInput => startInput('dealer', overrides);
const retail = (overrides: Partial<WorldInput> = {}): WorldInput => startInput('retail', overrides);

const DOWNTURN: WorldEvent = { id: 'downturn', name: 'Market downturn', news: 'Offices freeze spending.', stage: 'peak', intensity: 1 };
const event = (id: string, name: string, intensity = 1): WorldEvent => ({ id, name, news: '', stage: 'peak', intensity });

describe('worldFrameFrom', () => {
  it('draws the dealer case with the plant owner on the left and the dealers on the right', () => {
    const frame = worldFrameFrom(dealer());
    expect(frame.kind).toBe('dealer');
    expect(frame.left).toMatchObject({ id: 'manufacturer', name: 'Manufacturer', mood: 0, loss: false });
    expect(frame.right).toMatchObject({ id: 'dealers', name: 'Dealers' });
    expect(frame.truckCount).toBe(TRUCKS_AT_START);
    expect(frame.plantLoad).toBeCloseTo(0.8);
    expect(frame.collaboration).toBeNull();
    expect(frame.warehouseSize).toBe(0);
  });

  it('shows a neutral start before any round is played', () => {
    const frame = worldFrameFrom(dealer({ round: 0, phase: 'briefing', kpis: null, firstKpis: null }));
    expect(frame.hasData).toBe(false);
    expect(frame.truckCount).toBe(TRUCKS_AT_START);
    expect(frame.left.mood).toBe(0);
    expect(frame.trust).toBe(0.5);
    expect(describeWorld(frame)).toBe('The alliance is about to begin.');
  });

  it('puts the trust meter low when trust is 0.3', () => {
    const frame = worldFrameFrom(dealer({ kpis: patch(DEALER_Q1, 'alliance', { trust: 0.3 }) }));
    expect(frame.trust).toBeCloseTo(0.3);
    expect(trustLevel(frame.trust)).toBe('low');
    expect(describeWorld(frame)).toContain('trust between the partners is low');
  });

  it('sends more trucks when shipments double, fewer when they halve, never more than the road holds', () => {
    const double = worldFrameFrom(retail({ kpis: patch(RETAIL_Q1, 'maker', { shipments: 6.2 }) }));
    expect(double.truckCount).toBe(2 * TRUCKS_AT_START);
    const half = worldFrameFrom(retail({ kpis: patch(RETAIL_Q1, 'maker', { shipments: 1.55 }) }));
    expect(half.truckCount).toBe(TRUCKS_AT_START / 2);
    const flood = worldFrameFrom(dealer({ kpis: patch(DEALER_Q1, 'manufacturer', { volume: 900 }) }));
    expect(flood.truckCount).toBe(MAX_TRUCKS);
    const none = worldFrameFrom(dealer({ kpis: patch(DEALER_Q1, 'manufacturer', { volume: 0 }) }));
    expect(none.truckCount).toBe(0);
    expect(describeWorld(half)).toContain('fewer trucks than at the start');
  });

  it('greys the sky, thins the customers and raises a banner in a downturn, as deep as the downturn is this round', () => {
    const calm = worldFrameFrom(dealer());
    const frame = worldFrameFrom(dealer({ events: [DOWNTURN] }));
    expect(frame.gloom).toBe(1);
    expect(calm.gloom).toBe(0);
    expect(frame.customers).toBeLessThan(calm.customers);
    expect(frame.banners).toEqual([{ id: 'downturn', kind: 'falling-demand', text: 'Market downturn', news: 'Offices freeze spending.', stage: 'peak' }]);
    expect(describeWorld(frame)).toContain('Market downturn, at its strongest: demand is down');
    const starting = worldFrameFrom(dealer({ events: [{ ...DOWNTURN, stage: 'building', intensity: 0.2 }] }));
    expect(starting.gloom).toBeCloseTo(0.2);
    expect(describeWorld(starting)).toContain('Market downturn, building up');
  });

  it('puts up the big-box store for the recycled line and coupon signs for competitor promotions, as the scenario says', () => {
    const recycled = worldFrameFrom(dealer({ events: [event('recycled-line', 'Low-cost recycled line')] }));
    expect(recycled.bigBoxStore).toBe(true);
    expect(recycled.couponSigns).toBe(false);
    expect(recycled.gloom).toBe(0);
    const promotions = worldFrameFrom(retail({ events: [event('competitor-promotions', 'Competitor promotions')] }));
    expect(promotions.couponSigns).toBe(true);
    expect(promotions.banners[0]?.kind).toBe('coupon');
    expect(promotions.customers).toBeLessThan(worldFrameFrom(retail()).customers);
  });

  it('keeps an event the world block does not mention as a plain banner', () => {
    const frame = worldFrameFrom(dealer({ events: [event('strike', 'Port strike')] }));
    expect(frame.banners[0]?.kind).toBe('notice');
    expect(frame.gloom).toBe(0);
    expect(describeWorld(frame)).toContain('Port strike, at its strongest');
  });

  it('breaks the bridge when the alliance ends', () => {
    const frame = worldFrameFrom(dealer({ allianceEnded: true }));
    expect(frame.allianceEnded).toBe(true);
    expect(describeWorld(frame)).toContain('the alliance has ended');
  });

  it('runs the showrooms down as goodwill and return on capital fall, and opens one more when they rise', () => {
    const start = worldFrameFrom(dealer());
    const good = worldFrameFrom(
      dealer({
        kpis: patch(patch(DEALER_Q1, 'alliance', { trust: 0.8, channelShare: 0.54 }), 'dealers', { returnOnCapital: 0.3 }),
      }),
    );
    const bad = worldFrameFrom(
      dealer({
        kpis: patch(patch(DEALER_Q1, 'alliance', { trust: 0.3, channelShare: 0.26 }), 'dealers', { returnOnCapital: -0.06 }),
      }),
    );
    expect(good.storefront).toBeGreaterThan(start.storefront);
    expect(bad.storefront).toBeLessThan(0.35);
    expect(good.showrooms).toBeGreaterThan(start.showrooms);
    expect(bad.showrooms).toBe(1);
    expect(describeWorld(bad)).toContain('the showrooms of Dealers look run down');
  });

  it('turns profit into a mood per side against the round before: up, down, and a loss always reads as bad', () => {
    expect(profitMood(2, 1)).toBe(1);
    expect(profitMood(1.5, 1)).toBeCloseTo(0.5);
    expect(profitMood(0.5, 1)).toBeCloseTo(-0.5);
    expect(profitMood(-0.1, 1)).toBe(-1);
    expect(profitMood(-0.1, -0.1)).toBe(-0.5);
    expect(profitMood(undefined, 1)).toBe(0);
    const frame = worldFrameFrom(
      dealer({ round: 3, kpis: patch(patch(DEALER_Q1, 'manufacturer', { profit: -0.8 }), 'dealers', { profit: 2.9 }) }),
    );
    expect(frame.left.loss).toBe(true);
    expect(frame.left.mood).toBe(-1);
    expect(frame.right.mood).toBe(1);
    expect(describeWorld(frame)).toContain('a loss for Manufacturer, profit rose for Dealers in quarter 3');
  });

  it('says profit fell when it fell since last quarter, though it is still above the first quarter', () => {
    const lastQuarter = patch(DEALER_Q1, 'manufacturer', { profit: 2.0 });
    const frame = worldFrameFrom(
      dealer({ round: 16, resultsRound: 15, firstKpis: DEALER_Q1, previousKpis: lastQuarter, kpis: patch(DEALER_Q1, 'manufacturer', { profit: 1.5 }) }),
    );
    expect(frame.left.trend).toBe('down');
    expect(describeWorld(frame)).toMatch(/^Quarter 16 of 20: .*profit fell for Manufacturer in quarter 15, profit held steady for Dealers in quarter 15\.$/);
  });

  it('makes no comparison in the first quarter, where there is none to make', () => {
    const frame = worldFrameFrom(dealer({ previousKpis: null }));
    expect(frame.left.trend).toBeNull();
    expect(describeWorld(frame)).toContain('a profit for Manufacturer in quarter 1');
  });

  it('sizes the retail warehouse by its cost, fills it with the stock and spots stock bought ahead', () => {
    const start = worldFrameFrom(retail());
    expect(start.kind).toBe('retail');
    expect(start.warehouseSize).toBeCloseTo(0.75);
    expect(start.warehouseFill).toBeCloseTo(0.4);
    expect(start.forwardBoughtShare).toBe(0);
    expect(start.truckBunching).toBeCloseTo(0.8);

    const alliance = worldFrameFrom(
      retail({
        kpis: patch(patch(RETAIL_Q1, 'retailer', { warehousingCost: 0.62, inventory: 0.79 }), 'maker', {
          productionChangeCost: 0.05,
        }),
      }),
    );
    expect(alliance.warehouseSize).toBeLessThan(start.warehouseSize);
    expect(alliance.warehouseFill).toBeGreaterThan(start.warehouseFill);
    expect(alliance.truckBunching).toBeLessThan(0.1);
    expect(describeWorld(alliance)).toContain('the warehouse of Walmart is smaller than at the start');

    const stockpile = worldFrameFrom(retail({ kpis: patch(RETAIL_Q1, 'retailer', { inventory: 2.97 }) }));
    expect(stockpile.forwardBoughtShare).toBeGreaterThan(0.5);
    const explicit = worldFrameFrom(
      retail({
        world: { ...RETAIL_WORLD, gauges: { ...RETAIL_WORLD.gauges, forwardStock: { side: 'retailer', kpi: 'forwardBoughtInventory' } } },
        kpis: patch(RETAIL_Q1, 'retailer', { inventory: 2, forwardBoughtInventory: 0.5 }),
      }),
    );
    expect(explicit.forwardBoughtShare).toBeCloseTo(0.25);
  });

  it('shows shelf availability as the retail storefront and collaboration under the bridge', () => {
    const frame = worldFrameFrom(
      retail({ kpis: patch(patch(RETAIL_Q1, 'retailer', { availability: 0.8 }), 'alliance', { collaboration: 0.6 }) }),
    );
    expect(frame.storefront).toBeCloseTo(0.8);
    expect(frame.collaboration).toBeCloseTo(0.6);
    expect(describeWorld(frame)).toContain('gaps on the shelves');
  });

  it('draws a case without a world block as a neutral scene, and survives missing values', () => {
    const sparse = worldFrameFrom(
      dealer({ world: null, trustKpi: null, kpis: { a: { profit: Number.NaN } }, previousKpis: null, firstKpis: null, sides: [{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }] }),
    );
    expect(sparse.left.name).toBe('A');
    expect(sparse.right.name).toBe('B');
    expect(sparse.truckCount).toBe(TRUCKS_AT_START);
    for (const value of [sparse.trust, sparse.storefront, sparse.plantLoad, sparse.left.mood]) {
      expect(Number.isFinite(value)).toBe(true);
    }
  });

  it('draws a third case from its own world block, whatever its ids', () => {
    const frame = worldFrameFrom({
      ...retail(),
      world: {
        theme: 'plant-and-store',
        plantSide: 'roaster',
        gauges: { goods: { side: 'roaster', kpi: 'bags' }, stock: { side: 'cafe', kpi: 'beans' } },
        events: { frost: { banner: 'falling-demand', scene: ['grey-sky'] } },
      },
      sides: [
        { id: 'cafe', name: 'Café', profitKpi: 'earnings' },
        { id: 'roaster', name: 'Roaster', profitKpi: 'earnings' },
      ],
      trustKpi: 'goodwill',
      firstKpis: { roaster: { earnings: 1, bags: 10 }, cafe: { earnings: 1, beans: 2 }, alliance: { goodwill: 0.5 } },
      previousKpis: { roaster: { earnings: 1, bags: 10 }, cafe: { earnings: 1, beans: 2 }, alliance: { goodwill: 0.5 } },
      kpis: { roaster: { earnings: 2, bags: 20 }, cafe: { earnings: 0.5, beans: 4 }, alliance: { goodwill: 0.3 } },
      events: [event('frost', 'Frost in Brazil', 0.5)],
    });
    expect(frame.kind).toBe('retail');
    expect(frame.left.name).toBe('Roaster');
    expect(frame.left.trend).toBe('up');
    expect(frame.right.trend).toBe('down');
    expect(frame.truckCount).toBe(2 * TRUCKS_AT_START);
    expect(frame.trust).toBeCloseTo(0.3);
    expect(frame.gloom).toBeCloseTo(0.5);
    expect(frame.collaboration).toBeNull();
  });

  it('says the whole picture in one sentence', () => {
    const frame = worldFrameFrom(
      dealer({
        round: 9,
        kpis: patch(patch(DEALER_Q1, 'alliance', { trust: 0.3 }), 'manufacturer', { volume: 55 }),
        events: [DOWNTURN],
      }),
    );
    const sentence = describeWorld(frame);
    expect(sentence).toMatch(/^Quarter 9 of 20: trust between the partners is low; fewer trucks than at the start; .*Market downturn, at its strongest: demand is down\.$/);
    expect(sentence.split('.').length).toBe(2);
  });
});
