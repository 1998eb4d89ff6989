// Hand-written Euler loop of the business model (../models/business.ts): stocks in locals, the 6 sweep
// parameters read from an array, every stock saved at every dt into one reused row-major buffer.

import { BUSINESS_DT, BUSINESS_PARAMETERS, BUSINESS_START, BUSINESS_STOCKS, BUSINESS_STOP } from '../models/business.ts';
import { saveCount } from '../models/xmile.ts';
import type { HandRunner } from './ring-hand.ts';

export interface BusinessHandRunner extends HandRunner {
  /** Run with the 6 parameters in BUSINESS_PARAMETERS order. */
  runWith(params: ArrayLike<number>): Float64Array;
}

export function createBusinessHand(): BusinessHandRunner {
  const points = saveCount(BUSINESS_START, BUSINESS_STOP, BUSINESS_DT);
  const steps = points - 1;
  const dt = BUSINESS_DT;
  const ns = BUSINESS_STOCKS.length;
  const out = new Float64Array(ns * points);
  const defaults = BUSINESS_PARAMETERS.map((p) => p.value);
  const { min, max, exp } = Math;

  function runWith(params: ArrayLike<number>): Float64Array {
    const dealerPrice = params[0]!;
    const dealerSupport = params[1]!;
    const creditRate = params[2]!;
    const facilityInvestment = params[3]!;
    const localMarketing = params[4]!;
    const marketGrowth = params[5]!;
    let facilityCapital = 24, marketingPresence = 3, dealerKnowHow = 4, channelShare = 0.5, trust = 0.7;
    let manufacturerCapacity = 120, expectedVolume = 100, cumManufacturerProfit = 0, cumDealerProfit = 0;
    let marketSize = 200, dealerInventory = 50, dealerCash = 5, perceivedRetailPrice = 155;
    let customerSatisfaction = 0.8, salesStaff = 40;
    let o = 0;
    for (let step = 0; ; step++) {
      out[o] = facilityCapital; out[o + 1] = marketingPresence; out[o + 2] = dealerKnowHow;
      out[o + 3] = channelShare; out[o + 4] = trust; out[o + 5] = manufacturerCapacity;
      out[o + 6] = expectedVolume; out[o + 7] = cumManufacturerProfit; out[o + 8] = cumDealerProfit;
      out[o + 9] = marketSize; out[o + 10] = dealerInventory; out[o + 11] = dealerCash;
      out[o + 12] = perceivedRetailPrice; out[o + 13] = customerSatisfaction; out[o + 14] = salesStaff;
      o += ns;
      if (step === steps) break;
      // auxiliaries
      const retailPrice = 155 + 0.5 * (dealerPrice - 100);
      const effort = exp(0.6 * (trust / 0.7 - 1));
      const attractiveness = exp(0.35 * (facilityCapital / 24 - 1) + 0.2 * (marketingPresence / 3 - 1)
        + 0.15 * (dealerKnowHow / 4 - 1) - 1.5 * (perceivedRetailPrice / 155 - 1)
        + 0.3 * (customerSatisfaction / 0.8 - 1)) * effort;
      const targetShare = min(0.9, 0.5 * attractiveness);
      const highEndDemand = marketSize * channelShare;
      const availability = min(1, dealerInventory / max(1, 0.5 * highEndDemand));
      const salesCapacity = salesStaff * 2.8;
      const highEndVolume = min(highEndDemand * availability, salesCapacity);
      const desiredInventory = 0.5 * highEndDemand;
      const dealerOrders = max(0, highEndVolume + (desiredInventory - dealerInventory));
      const workingCapital = 0.5 * highEndVolume * dealerPrice / 1000;
      const dealerRevenue = highEndVolume * retailPrice / 1000;
      const dealerCogs = highEndVolume * dealerPrice / 1000;
      const staffCost = salesStaff * 0.01;
      const depreciation = facilityCapital / 16;
      const dealerProfit = dealerRevenue - dealerCogs - highEndVolume * 10 / 1000 - 0.02 * facilityCapital
        - localMarketing - depreciation - creditRate / 400 * workingCapital - staffCost;
      const deliveries = min(manufacturerCapacity, dealerOrders);
      const manufacturerProfit = deliveries * dealerPrice / 1000 - 55 * deliveries / 1000
        - 12 * manufacturerCapacity / 1000 - 1 - dealerSupport + (creditRate - 9) / 400 * workingCapital;
      const dealersView = exp(-3 * (dealerPrice / 100 - 1)) * min(1.2, exp(0.5 * (dealerSupport - 1)));
      const manufacturersView = min(1.2, exp(0.5 * ((facilityInvestment + localMarketing) / 2.5 - 1)));
      const indicatedTrust = min(1, 0.8 * min(1.1, dealersView) * manufacturersView);
      const trustGap = indicatedTrust - trust;
      const indicatedSatisfaction = min(1, 0.8 * exp(0.2 * (dealerKnowHow / 4 - 1)) * availability);
      const desiredStaff = 0.4 * highEndDemand;
      // flows and Euler update
      const presenceDecay = marketingPresence / 3;
      const knowHowDecay = dealerKnowHow / 4;
      const shareChange = (targetShare - channelShare) / 3;
      const trustChange = min(0, trustGap) / 1.5 + max(0, trustGap) / 6;
      const capacityChange = (1.2 * expectedVolume - manufacturerCapacity) / 8;
      const expectationChange = (deliveries - expectedVolume) / 2;
      const marketGrowthFlow = marketSize * marketGrowth;
      const dealerCashIn = dealerProfit + depreciation;
      const pricePerceptionChange = (retailPrice - perceivedRetailPrice) / 2;
      const satisfactionChange = (indicatedSatisfaction - customerSatisfaction) / 4;
      const hiring = max(0, (desiredStaff - salesStaff) / 2 + salesStaff / 12);
      const attrition = salesStaff / 12;
      facilityCapital += dt * (facilityInvestment - depreciation);
      marketingPresence += dt * (localMarketing - presenceDecay);
      dealerKnowHow += dt * (dealerSupport - knowHowDecay);
      channelShare += dt * shareChange;
      trust += dt * trustChange;
      manufacturerCapacity += dt * capacityChange;
      expectedVolume += dt * expectationChange;
      cumManufacturerProfit += dt * manufacturerProfit;
      cumDealerProfit += dt * dealerProfit;
      marketSize += dt * marketGrowthFlow;
      dealerInventory += dt * (deliveries - highEndVolume);
      dealerCash += dt * (dealerCashIn - facilityInvestment);
      perceivedRetailPrice += dt * pricePerceptionChange;
      customerSatisfaction += dt * satisfactionChange;
      salesStaff += dt * (hiring - attrition);
    }
    return out;
  }

  return {
    saveCount: points,
    stockCount: ns,
    runWith,
    run: () => runWith(defaults),
    finals: () => out.slice(steps * ns, points * ns),
  };
}
