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
import { DEALER_Q1, RETAIL_Q1, startInput } from './world-presets.ts';

function patch(table: KpiTable, side: string, values: Record<string, number>): KpiTable {
  return { ...table, [side]: { ...table[side], ...values } };
}

const dealer = (overrides: Partial<WorldInput> = {}): WorldInput => startInput('dealer', overrides);
const retail = (overrides: Partial<WorldInput> = {}): WorldInput => startInput('retail', overrides);

const DOWNTURN = { id: 'downturn', name: 'Market downturn', news: 'Offices freeze spending.' };

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

  it('greys the sky, thins the customers and raises a banner in a downturn', () => {
    const calm = worldFrameFrom(dealer());
    const frame = worldFrameFrom(dealer({ activeEvents: [DOWNTURN] }));
    expect(frame.gloom).toBe(1);
    expect(calm.gloom).toBe(0);
    expect(frame.customers).toBeLessThan(calm.customers);
    expect(frame.banners).toEqual([{ id: 'downturn', kind: 'downturn', text: 'Market downturn', news: 'Offices freeze spending.' }]);
    expect(describeWorld(frame)).toContain('a market downturn is under way');
  });

  it('puts up the big-box store for the recycled line and coupon signs for competitor promotions', () => {
    const recycled = worldFrameFrom(
      dealer({ activeEvents: [{ id: 'recycled-line', name: 'Low-cost recycled line', news: '' }] }),
    );
    expect(recycled.bigBoxStore).toBe(true);
    expect(recycled.couponSigns).toBe(false);
    const promotions = worldFrameFrom(
      retail({ activeEvents: [{ id: 'competitor-promotions', name: 'Competitor promotions', news: '' }] }),
    );
    expect(promotions.couponSigns).toBe(true);
    expect(promotions.banners[0]?.kind).toBe('competitor-promotions');
    expect(promotions.customers).toBeLessThan(worldFrameFrom(retail()).customers);
  });

  it('keeps an unknown event as a plain banner', () => {
    const frame = worldFrameFrom(dealer({ activeEvents: [{ id: 'strike', name: 'Port strike', news: '' }] }));
    expect(frame.banners[0]?.kind).toBe('event');
    expect(describeWorld(frame)).toContain('Port strike is under way');
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

  it('turns profit into a mood per side: up, down, and a loss always reads as bad', () => {
    expect(profitMood(2, 1)).toBe(1);
    expect(profitMood(1.5, 1)).toBeCloseTo(0.5);
    expect(profitMood(0.5, 1)).toBeCloseTo(-0.5);
    expect(profitMood(-0.1, 1)).toBe(-1);
    expect(profitMood(-0.1, -0.1)).toBe(-0.5);
    expect(profitMood(undefined, 1)).toBe(0);
    const frame = worldFrameFrom(
      dealer({ kpis: patch(patch(DEALER_Q1, 'manufacturer', { profit: -0.8 }), 'dealers', { profit: 2.9 }) }),
    );
    expect(frame.left.loss).toBe(true);
    expect(frame.left.mood).toBe(-1);
    expect(frame.right.mood).toBe(1);
    expect(describeWorld(frame)).toContain('a loss for Manufacturer, profit is up for Dealers');
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
      retail({ kpis: patch(RETAIL_Q1, 'retailer', { inventory: 2, forwardBoughtInventory: 0.5 }) }),
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

  it('recognises a case by its KPIs when the scenario id is unknown, and survives missing values', () => {
    const frame = worldFrameFrom(retail({ scenarioId: 'my-copy', sideNames: { maker: 'Maker', retailer: 'Shop' } }));
    expect(frame.kind).toBe('retail');
    expect(frame.right.name).toBe('Shop');
    const sparse = worldFrameFrom(
      dealer({ scenarioId: 'other', kpis: { a: { profit: Number.NaN } }, firstKpis: null, sideNames: { a: 'A', b: 'B' } }),
    );
    expect(sparse.left.name).toBe('A');
    expect(sparse.right.name).toBe('B');
    for (const value of [sparse.trust, sparse.storefront, sparse.plantLoad, sparse.left.mood]) {
      expect(Number.isFinite(value)).toBe(true);
    }
  });

  it('says the whole picture in one sentence', () => {
    const frame = worldFrameFrom(
      dealer({
        round: 9,
        kpis: patch(patch(DEALER_Q1, 'alliance', { trust: 0.3 }), 'manufacturer', { volume: 55 }),
        activeEvents: [DOWNTURN],
      }),
    );
    const sentence = describeWorld(frame);
    expect(sentence).toMatch(/^Round 9 of 20: trust between the partners is low; fewer trucks than at the start; .*a market downturn is under way\.$/);
    expect(sentence.split('.').length).toBe(2);
  });
});
