/**
 * The two case models (scenarios/dealer-alliance, scenarios/pg-walmart) against the plain-JavaScript
 * reference models in shared/design/reference-models, which are the oracle. The XMILE model is driven
 * through the Sim the way the game drives it: each quarter the scripted strategies' decisions are set
 * by name at the start of the quarter and the sim runs to its end. Every per-quarter quantity the
 * reference reports, every stock and named auxiliary at every dt step, and (P&G) every month's totals
 * must agree to 1e-6 relative; same Euler order and DT, so the measured errors are about 1e-13.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalName, compileModel, type CompiledModel, type Sim } from '../../src/engine/index.ts';

const TOLERANCE = 1e-6;
const ABSOLUTE_FLOOR = 1e-9;
const REFERENCE_DIR = resolve(import.meta.dirname, '../../../shared/design/reference-models');

// ---------- the reference modules (untyped .mjs), as far as the tests use them ----------
type Values = Record<string, number>;
type Strategy = (hist: readonly Values[], prev: Values, third: unknown) => Values;
interface DealerReference {
  DEALER_PARAMS: Values;
  DEALER_DECISIONS: Record<string, Record<string, { default: number }>>;
  initialDealerState(p: Values): Values;
  dealerAux(s: Values, dm: Values, dd: Values, t: number, p: Values, sc: object): Values;
  dealerRates(s: Values, a: Values, dm: Values, dd: Values, t: number, p: Values, sc: object): Values;
  defaultManufacturerDecision(): Values;
  defaultDealerDecision(): Values;
  manufacturerStrategies: Record<string, Strategy>;
  dealerStrategies: Record<string, Strategy>;
  simulateDealer(options: object): Values[];
}
interface PgwRun extends Array<Values> {
  months: Values[];
  initialState: Values;
  finalState: Values;
}
interface PgwReference {
  PGW_PARAMS: Values;
  PGW_DECISIONS: Record<string, Record<string, { default: number }>>;
  pgwAux(s: Values, dm: Values, dr: Values, t: number, p: Values, sc: object): Values;
  pgwRates(s: Values, a: Values, dm: Values, dr: Values, t: number, p: Values): Values;
  promotionManufacturer(): Values;
  promotionRetailer(): Values;
  pgwManufacturerStrategies: Record<string, Strategy>;
  pgwRetailerStrategies: Record<string, Strategy>;
  simulatePgw(options: object): PgwRun;
}
const importReference = async <T,>(file: string): Promise<T> =>
  (await import(pathToFileURL(resolve(REFERENCE_DIR, file)).href)) as T;

// ---------- names: reference (JS) name -> XMILE variable ----------
/** DEALER_PARAMS key -> constant of scenarios/dealer-alliance/model.xmile. */
const DEALER_PARAMETER_NAMES: Record<string, string> = {
  highEndMarketBase: 'High End Market Base', shareInitial: 'Share Initial', shareMax: 'Share Maximum',
  shareAdjustTime: 'Share Adjust Time', retailPriceRef: 'Retail Price Reference', retailPassThrough: 'Retail Pass Through',
  retailPriceElasticity: 'Retail Price Elasticity', elasticityCapability: 'Elasticity Capability',
  elasticityMarketing: 'Elasticity Marketing', elasticityKnowHow: 'Elasticity Know How', elasticityEffort: 'Elasticity Effort',
  facilityLife: 'Facility Life', marketingPresenceLife: 'Marketing Presence Life', knowHowLife: 'Know How Life',
  facilityUpkeepRate: 'Facility Upkeep Rate', dealerVariableCost: 'Dealer Variable Cost', workingCapitalCover: 'Working Capital Cover',
  manufacturerVariableCost: 'Manufacturer Variable Cost', capacityCostPerUnit: 'Capacity Cost Per Unit',
  capacityCushion: 'Capacity Cushion', capacityAdjustTime: 'Capacity Adjust Time', volumeExpectationTime: 'Volume Expectation Time',
  manufacturerOverhead: 'Manufacturer Overhead', costOfFunds: 'Cost Of Funds', trustBase: 'Trust Base',
  trustStartFraction: 'Trust Start Fraction', trustErodeTime: 'Trust Erode Time', trustBuildTime: 'Trust Build Time',
  priceFairnessSensitivity: 'Price Fairness Sensitivity', supportFairnessSensitivity: 'Support Fairness Sensitivity',
  investmentFairnessSensitivity: 'Investment Fairness Sensitivity', downturnStart: 'Downturn Start', downturnDepth: 'Downturn Depth',
  downturnRamp: 'Downturn Ramp', downturnHold: 'Downturn Hold', downturnRecovery: 'Downturn Recovery',
  recycledLaunch: 'Recycled Launch', recycledVolumeFull: 'Recycled Volume Full', recycledPrice: 'Recycled Price',
  recycledVariableCost: 'Recycled Variable Cost', recycledRolloutTime: 'Recycled Rollout Time',
  recycledCannibalisation: 'Recycled Cannibalisation', recycledRetailPricePressure: 'Recycled Retail Price Pressure',
  recycledTrustHit: 'Recycled Trust Hit',
};
const DEALER_DECISION_NAMES: Record<string, string> = {
  dealerPrice: 'Dealer Price', dealerSupport: 'Dealer Support', creditRate: 'Credit Rate',
  facilityInvestment: 'Facility Investment', localMarketing: 'Local Marketing',
};
const DEALER_STOCK_NAMES: Record<string, string> = {
  facilityCapital: 'Facility Capital', marketingPresence: 'Marketing Presence', dealerKnowHow: 'Dealer Know How',
  channelShare: 'Channel Share', trust: 'Trust', manufacturerCapacity: 'Manufacturer Capacity', expectedVolume: 'Expected Volume',
  recycledPresence: 'Recycled Presence', cumManufacturerProfit: 'Cumulative Manufacturer Profit', cumDealerProfit: 'Cumulative Dealer Profit',
};
/** dealerAux key -> auxiliary or flow. */
const DEALER_AUX_NAMES: Record<string, string> = {
  market: 'Market', retailPrice: 'Retail Price', effort: 'Effort', attractiveness: 'Attractiveness', targetShare: 'Target Share',
  highEndVolume: 'High End Volume', recycledVolume: 'Recycled Volume', manufacturerVolume: 'Manufacturer Volume',
  workingCapital: 'Working Capital', dealerRevenue: 'Dealer Revenue', dealerProfit: 'Dealer Profit',
  dealerCapitalEmployed: 'Dealer Capital Employed', dealerCashFlow: 'Dealer Cash Flow', depreciation: 'Depreciation',
  manufacturerRevenue: 'Manufacturer Revenue', capacityCost: 'Capacity Cost', manufacturerProfit: 'Manufacturer Profit',
  indicatedTrust: 'Indicated Trust', trustTime: 'Trust Adjustment Time',
};

/** PGW_PARAMS key -> constant of scenarios/pg-walmart/model.xmile. */
const PGW_PARAMETER_NAMES: Record<string, string> = {
  consumerBaseRef: 'Consumer Base Reference', seasonalAmplitude: 'Seasonal Amplitude', rivalShelfPrice: 'Rival Shelf Price',
  shelfPriceElasticity: 'Shelf Price Elasticity', consumerAdjustTime: 'Consumer Adjust Time',
  availabilityElasticity: 'Availability Elasticity', shelfStockNeeded: 'Shelf Stock Needed',
  competitorPromoDepth: 'Competitor Promotions Depth', competitorPromoStart: 'Competitor Promotions Start',
  competitorPromoEnd: 'Competitor Promotions End', retailerHoldingCost: 'Retailer Holding Cost',
  warehouseCostPerCase: 'Warehouse Cost Per Case', warehouseCushion: 'Warehouse Cushion', warehouseUpTime: 'Warehouse Up Time',
  warehouseDownTime: 'Warehouse Down Time', handlingCost: 'Handling Cost', storeCost: 'Store Cost',
  inventoryAdjustTime: 'Inventory Adjust Time', perceivedHoldingCost: 'Perceived Holding Cost', forwardBuyMax: 'Forward Buy Maximum',
  dealExpectationTime: 'Deal Expectation Time', deferralPerDealPoint: 'Deferral Per Deal Point', deferralMax: 'Deferral Maximum',
  continuousReplenishmentCut: 'Continuous Replenishment Cut', handlingSaving: 'Handling Saving', jointGrowth: 'Joint Growth',
  finishedGoodsCut: 'Finished Goods Cut', productionCost: 'Production Cost',
  // "Production Change Cost" is the $M/month cost rate (a KPI), so the per-case parameter is named apart.
  productionChangeCost: 'Production Change Unit Cost',
  capacityCost: 'Capacity Cost', capacityCushion: 'Capacity Cushion', capacityUpTime: 'Capacity Up Time',
  capacityDownTime: 'Capacity Down Time', finishedGoodsCover: 'Finished Goods Cover',
  finishedGoodsAdjustTime: 'Finished Goods Adjust Time', productionAdjustTime: 'Production Adjust Time', forecastTime: 'Forecast Time',
  manufacturerHoldingCost: 'Manufacturer Holding Cost', manufacturerOverhead: 'Manufacturer Overhead',
  minShipTime: 'Minimum Ship Time', trustInitial: 'Trust Initial', trustFloor: 'Trust Floor', trustCeiling: 'Trust Ceiling',
  trustBuildTime: 'Trust Build Time', trustErodeTime: 'Trust Erode Time', dealDepthProvoking: 'Deal Depth Provoking',
  forwardCoverProvoking: 'Forward Cover Provoking', capabilityBuildRate: 'Capability Build Rate',
  capabilityReferenceBudget: 'Capability Reference Budget', capabilityLife: 'Capability Life',
};
const PGW_MANUFACTURER_DECISION_NAMES: Record<string, string> = {
  listPrice: 'List Price', tradeDealDepth: 'Trade Deal Depth', allianceBudget: 'Maker Alliance Budget',
};
const PGW_RETAILER_DECISION_NAMES: Record<string, string> = {
  forwardBuyAggressiveness: 'Forward Buy Aggressiveness', regularCover: 'Regular Cover', priceGap: 'Price Gap',
  shareSalesData: 'Share Sales Data', allianceBudget: 'Retailer Alliance Budget',
};
const PGW_STOCK_NAMES: Record<string, string> = {
  retailerInventory: 'Retailer Inventory', retailerInventoryValue: 'Retailer Inventory Value',
  warehouseCapacity: 'Warehouse Capacity', consumerBase: 'Consumer Base', dealExpectation: 'Deal Expectation',
  productionRate: 'Production Rate', finishedGoods: 'Finished Goods', productionCapacity: 'Production Capacity',
  orderForecast: 'Order Forecast', trust: 'Trust', collaborationCapability: 'Collaboration Capability',
  cumManufacturerProfit: 'Cumulative Maker Profit', cumRetailerProfit: 'Cumulative Retailer Profit',
};
/** pgwAux key -> auxiliary or flow. */
const PGW_AUX_NAMES: Record<string, string> = {
  dealActive: 'Deal Active', purchasePrice: 'Purchase Price', avgCost: 'Average Cost', shelfPrice: 'Shelf Price',
  consumerDemand: 'Consumer Demand', availability: 'Availability', retailerSales: 'Retailer Sales',
  indicatedConsumerBase: 'Indicated Consumer Base', forwardCover: 'Forward Cover', desiredInventory: 'Desired Inventory',
  retailerOrders: 'Retailer Orders', shipments: 'Shipments', planningSignal: 'Planning Signal',
  desiredProduction: 'Desired Production', productionChange: 'Production Change', manufacturerRevenue: 'Maker Revenue',
  productionChangeCostRate: 'Production Change Cost', manufacturerProfit: 'Maker Profit', retailerProfit: 'Retailer Profit',
  warehousingCost: 'Warehousing Cost', indicatedTrust: 'Indicated Trust', capabilityBuilding: 'Capability Building',
};

// ---------- comparison ----------
/** Largest relative error seen in one scenario, and where. */
class ErrorTracker {
  max = 0;
  where = '';
  compared = 0;

  check(what: string, ours: number, reference: number): void {
    const error = Math.abs(ours - reference) / Math.max(Math.abs(reference), ABSOLUTE_FLOOR);
    this.compared++;
    if (!(error <= this.max)) {
      this.max = Number.isNaN(error) ? Number.POSITIVE_INFINITY : error;
      this.where = `${what}: ours ${ours}, reference ${reference}`;
    }
  }
}
const report: string[] = [];
// CASE_MODELS_REPORT=1 npx vitest run test/scenarios/case-models.test.ts prints the largest error of each scenario.
afterAll(() => {
  if (process.env.CASE_MODELS_REPORT) console.log(report.join('\n'));
});
function expectClose(name: string, tracker: ErrorTracker): void {
  report.push(`${name}: max relative error ${tracker.max.toExponential(2)} over ${tracker.compared} values (${tracker.where})`);
  expect(tracker.max, `${name}, worst at ${tracker.where}`).toBeLessThan(TOLERANCE);
}

/** Σ series × dt over the steps of [from, to): the quarter or month totals the reference accumulates. */
function total(series: Float64Array, first: number, count: number, dt: number): number {
  let sum = 0;
  for (let i = first; i < first + count; i++) sum += series[i]! * dt;
  return sum;
}

function compile(file: string): CompiledModel {
  const result = compileModel(readFileSync(resolve(import.meta.dirname, '../..', file), 'utf8'), { fileName: file });
  if (!result.ok) throw new Error(`${file} did not compile: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.model;
}

function parameterValue(model: CompiledModel, name: string): number | undefined {
  return model.parameters.find((p) => p.id === canonicalName(name))?.value;
}

function setDecisions(sim: Sim, names: Record<string, string>, decision: Values): void {
  for (const [key, name] of Object.entries(names)) sim.setValue(name, decision[key]!);
}

function seriesOf(sim: Sim, names: Iterable<string>): Map<string, Float64Array> {
  return new Map([...names].map((name) => [name, sim.getSeries(name)]));
}

// =====================================================================================
describe('case 1 model: the dealer alliance', () => {
  const FILE = 'scenarios/dealer-alliance/model.xmile';
  let ref: DealerReference;
  let model: CompiledModel;
  beforeAll(async () => {
    ref = await importReference<DealerReference>('dealer.mjs');
    model = compile(FILE);
  });

  it('compiles without warnings, with the run specs of the case', () => {
    const result = compileModel(readFileSync(resolve(import.meta.dirname, '../..', FILE), 'utf8'), { fileName: FILE });
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(model.specs).toMatchObject({ start: 0, stop: 20, dt: 0.25, method: 'euler' });
    expect(model.specs.timeUnits).toMatch(/^quarters$/i);
  });

  it('holds every reference parameter, decision default and event switch as a constant', () => {
    expect(Object.keys(DEALER_PARAMETER_NAMES).sort()).toEqual(Object.keys(ref.DEALER_PARAMS).sort());
    for (const [key, name] of Object.entries(DEALER_PARAMETER_NAMES)) expect(parameterValue(model, name), name).toBe(ref.DEALER_PARAMS[key]);
    const defaults = { ...ref.DEALER_DECISIONS.manufacturer, ...ref.DEALER_DECISIONS.dealers };
    for (const [key, name] of Object.entries(DEALER_DECISION_NAMES)) expect(parameterValue(model, name), name).toBe(defaults[key]!.default);
    // the agreed terms trust judges against are the default decisions
    for (const key of ['dealerPrice', 'dealerSupport', 'facilityInvestment', 'localMarketing']) {
      const name = `Agreed ${DEALER_DECISION_NAMES[key]!}`;
      expect(parameterValue(model, name), name).toBe(defaults[key]!.default);
    }
    expect(parameterValue(model, 'Downturn On')).toBe(0);
    expect(parameterValue(model, 'Recycled Line On')).toBe(0);
  });

  const scenarios: [string, { downturn?: boolean; recycled?: boolean }, string, string][] = [
    ['good times, cooperative/cooperative', {}, 'cooperative', 'cooperative'],
    ['downturn, cooperative/cooperative', { downturn: true }, 'cooperative', 'cooperative'],
    ['downturn, reflex/cooperative', { downturn: true }, 'reflex', 'cooperative'],
    ['downturn, cooperative/reflex', { downturn: true }, 'cooperative', 'reflex'],
    ['downturn, reflex/reflex', { downturn: true }, 'reflex', 'reflex'],
    ['downturn, reflexRule/reflexRule', { downturn: true }, 'reflexRule', 'reflexRule'],
    ['recycled line, cooperative/cooperative', { recycled: true }, 'cooperative', 'cooperative'],
  ];

  it.each(scenarios)('%s: reproduces the reference quarter by quarter and step by step', (label, scenario, manufacturer, dealers) => {
    const p = ref.DEALER_PARAMS;
    const sc = { downturn: false, recycled: false, ...scenario };
    const hist = ref.simulateDealer({ scenario, manufacturer, dealers });
    const sim = model.createSim({ overrides: { 'Downturn On': sc.downturn ? 1 : 0, 'Recycled Line On': sc.recycled ? 1 : 0 } });
    const dt = 0.25;
    const steps = Math.round(1 / dt);
    const tracker = new ErrorTracker();
    // The reference's own step loop, for the step-by-step comparison of every named variable.
    let state = ref.initialDealerState(p);
    let dm = ref.defaultManufacturerDecision();
    let dd = ref.defaultDealerDecision();
    for (let q = 0; q < hist.length; q++) {
      dm = ref.manufacturerStrategies[manufacturer]!(hist.slice(0, q), dm, p);
      dd = ref.dealerStrategies[dealers]!(hist.slice(0, q), dd, p);
      for (const key of Object.keys(DEALER_DECISION_NAMES)) expect({ ...dm, ...dd }[key], `decision ${key} q${q + 1}`).toBe(hist[q]![key]);
      setDecisions(sim, DEALER_DECISION_NAMES, { ...dm, ...dd });
      const cumM0 = sim.getValue('Cumulative Manufacturer Profit');
      const cumD0 = sim.getValue('Cumulative Dealer Profit');
      sim.runTo(q + 1);

      const first = q * steps;
      const last = first + steps - 1;
      const series = seriesOf(sim, [...Object.values(DEALER_AUX_NAMES), ...Object.values(DEALER_STOCK_NAMES), 'Dealer Margin per Unit']);
      const s = (name: string) => series.get(name)!;
      const r = hist[q]!;
      const at = `q${q + 1}`;
      // per-quarter quantities, as simulateDealer reports them
      tracker.check(`${at} manufacturerProfit (change of the cumulative stock)`, sim.getValue('Cumulative Manufacturer Profit') - cumM0, r.manufacturerProfit!);
      tracker.check(`${at} dealerProfit (change of the cumulative stock)`, sim.getValue('Cumulative Dealer Profit') - cumD0, r.dealerProfit!);
      for (const key of ['manufacturerProfit', 'dealerProfit', 'manufacturerVolume', 'highEndVolume', 'dealerCashFlow']) {
        tracker.check(`${at} ${key} (sum over the quarter)`, total(s(DEALER_AUX_NAMES[key]!), first, steps, dt), r[key]!);
      }
      const quarterDealerProfit = total(s('Dealer Profit'), first, steps, dt);
      tracker.check(`${at} dealerROC`, (4 * quarterDealerProfit) / (sim.getValue('Facility Capital') + s('Working Capital')[last]!), r.dealerROC!);
      const endOfQuarter: Record<string, string> = {
        channelShare: 'Channel Share', trust: 'Trust', facilityCapital: 'Facility Capital', marketingPresence: 'Marketing Presence',
        dealerKnowHow: 'Dealer Know How', capacity: 'Manufacturer Capacity', cumManufacturerProfit: 'Cumulative Manufacturer Profit',
        cumDealerProfit: 'Cumulative Dealer Profit',
      };
      for (const [key, name] of Object.entries(endOfQuarter)) tracker.check(`${at} ${key}`, sim.getValue(name), r[key]!);
      tracker.check(`${at} retailPrice`, s('Retail Price')[last]!, r.retailPrice!);
      tracker.check(`${at} market`, s('Market')[last]!, r.market!);
      tracker.check(`${at} dealerMarginPerUnit`, s('Dealer Margin per Unit')[last]!, r.dealerMarginPerUnit!);

      // every stock and named auxiliary at every step of the quarter
      for (let k = 0; k < steps; k++) {
        const t = q + k * dt;
        const a = ref.dealerAux(state, dm, dd, t, p, sc);
        for (const [key, name] of Object.entries(DEALER_STOCK_NAMES)) tracker.check(`t=${t} ${name}`, s(name)[first + k]!, state[key]!);
        for (const [key, name] of Object.entries(DEALER_AUX_NAMES)) tracker.check(`t=${t} ${name}`, s(name)[first + k]!, a[key]!);
        const rates = ref.dealerRates(state, a, dm, dd, t, p, sc);
        state = Object.fromEntries(Object.entries(state).map(([key, v]) => [key, v + rates[key]! * dt]));
      }
    }
    for (const [key, name] of Object.entries(DEALER_STOCK_NAMES)) tracker.check(`t=20 ${name}`, sim.getValue(name), state[key]!);
    expectClose(`dealer ${label}`, tracker);
  });
});

// =====================================================================================
/**
 * The game's warm start: run the file's cold start for 24 months under the default (promotion)
 * decisions, then start the game's sim with every stock's "Initial ..." constant set to where that
 * run ended; the cumulative profits start from zero.
 */
function warmStartOverrides(model: CompiledModel): Record<string, number> {
  const calibration = model.createSim();
  calibration.runTo(24);
  const overrides: Record<string, number> = {};
  for (const stock of model.variables.filter((v) => v.kind === 'stock')) {
    if (/^cumulative/i.test(stock.label)) continue;
    overrides[`Initial ${stock.label}`] = calibration.getValue(stock.id);
  }
  return overrides;
}

describe('case 2 model: P&G and Walmart', () => {
  const FILE = 'scenarios/pg-walmart/model.xmile';
  let ref: PgwReference;
  let model: CompiledModel;
  beforeAll(async () => {
    ref = await importReference<PgwReference>('pg-walmart.mjs');
    model = compile(FILE);
  });

  it('compiles without warnings, with the run specs of the case', () => {
    const result = compileModel(readFileSync(resolve(import.meta.dirname, '../..', FILE), 'utf8'), { fileName: FILE });
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(model.specs).toMatchObject({ start: 0, stop: 60, dt: 0.25, method: 'euler' });
    expect(model.specs.timeUnits).toMatch(/^months$/i);
  });

  it('holds every reference parameter, decision default, event switch and cold start as a constant', () => {
    expect(Object.keys(PGW_PARAMETER_NAMES).sort()).toEqual(Object.keys(ref.PGW_PARAMS).sort());
    for (const [key, name] of Object.entries(PGW_PARAMETER_NAMES)) expect(parameterValue(model, name), name).toBe(ref.PGW_PARAMS[key]);
    for (const [key, name] of Object.entries(PGW_MANUFACTURER_DECISION_NAMES)) expect(parameterValue(model, name), name).toBe(ref.PGW_DECISIONS.manufacturer![key]!.default);
    for (const [key, name] of Object.entries(PGW_RETAILER_DECISION_NAMES)) expect(parameterValue(model, name), name).toBe(ref.PGW_DECISIONS.retailer![key]!.default);
    expect(parameterValue(model, 'Competitor Promotions On')).toBe(0);
    const cold = ref.simulatePgw({ quarters: 1, warm: false }).initialState;
    for (const [key, name] of Object.entries(PGW_STOCK_NAMES)) expect(parameterValue(model, `Initial ${name}`), `Initial ${name}`).toBe(cold[key]);
  });

  it('reproduces the reference warm start by the calibration run', () => {
    const warm = ref.simulatePgw({ quarters: 1 }).initialState;
    const overrides = warmStartOverrides(model);
    const tracker = new ErrorTracker();
    for (const [key, name] of Object.entries(PGW_STOCK_NAMES)) {
      if (key.startsWith('cum')) expect(overrides[`Initial ${name}`]).toBeUndefined();
      else tracker.check(`Initial ${name}`, overrides[`Initial ${name}`]!, warm[key]!);
    }
    expectClose('P&G warm start', tracker);
  });

  const scenarios: [string, { competitorPromo?: boolean }, string, string][] = [
    ['promotion/promotion', {}, 'promotion', 'promotion'],
    ['edlp/edlp', {}, 'edlp', 'edlp'],
    ['promotionReactive/promotion, competitor promotions', { competitorPromo: true }, 'promotionReactive', 'promotion'],
    ['promotionDeeper/promotion', {}, 'promotionDeeper', 'promotion'],
    ['promotion/forwardBuyMore', {}, 'promotion', 'forwardBuyMore'],
  ];

  it.each(scenarios)('%s: reproduces the reference quarter by quarter, month by month and step by step', (label, scenario, manufacturer, retailer) => {
    const p = ref.PGW_PARAMS;
    const sc = { competitorPromo: false, ...scenario };
    const hist = ref.simulatePgw({ scenario, manufacturer, retailer });
    const sim = model.createSim({ overrides: { ...warmStartOverrides(model), 'Competitor Promotions On': sc.competitorPromo ? 1 : 0 } });
    const dt = 0.25;
    const stepsPerMonth = Math.round(1 / dt);
    const stepsPerQuarter = 3 * stepsPerMonth;
    const tracker = new ErrorTracker();
    let state = { ...hist.initialState };
    let dm = ref.promotionManufacturer();
    let dr = ref.promotionRetailer();
    for (let q = 0; q < hist.length; q++) {
      dm = ref.pgwManufacturerStrategies[manufacturer]!(hist.slice(0, q), dm, q);
      dr = ref.pgwRetailerStrategies[retailer]!(hist.slice(0, q), dr, q);
      setDecisions(sim, PGW_MANUFACTURER_DECISION_NAMES, dm);
      setDecisions(sim, PGW_RETAILER_DECISION_NAMES, dr);
      const cumM0 = sim.getValue('Cumulative Maker Profit');
      const cumR0 = sim.getValue('Cumulative Retailer Profit');
      sim.runTo(3 * q + 3);

      const first = q * stepsPerQuarter;
      const series = seriesOf(sim, [...Object.values(PGW_AUX_NAMES), ...Object.values(PGW_STOCK_NAMES)]);
      const s = (name: string) => series.get(name)!;
      const r = hist[q]!;
      const at = `q${q + 1}`;
      tracker.check(`${at} manufacturerProfit (change of the cumulative stock)`, sim.getValue('Cumulative Maker Profit') - cumM0, r.manufacturerProfit!);
      tracker.check(`${at} retailerProfit (change of the cumulative stock)`, sim.getValue('Cumulative Retailer Profit') - cumR0, r.retailerProfit!);
      for (const key of ['manufacturerProfit', 'retailerProfit', 'shipments', 'retailerSales', 'retailerOrders', 'warehousingCost', 'productionChangeCostRate', 'manufacturerRevenue']) {
        tracker.check(`${at} ${key} (sum over the quarter)`, total(s(PGW_AUX_NAMES[key]!), first, stepsPerQuarter, dt), r[key]!);
      }
      tracker.check(`${at} production (sum over the quarter)`, total(s('Production Rate'), first, stepsPerQuarter, dt), r.production!);
      const endOfQuarter: Record<string, string> = {
        trust: 'Trust', capability: 'Collaboration Capability', consumerBase: 'Consumer Base', capacity: 'Production Capacity',
        warehouse: 'Warehouse Capacity', retailerInventory: 'Retailer Inventory', dealExpectation: 'Deal Expectation',
        cumManufacturerProfit: 'Cumulative Maker Profit', cumRetailerProfit: 'Cumulative Retailer Profit',
      };
      for (const [key, name] of Object.entries(endOfQuarter)) tracker.check(`${at} ${key}`, sim.getValue(name), r[key]!);
      for (let m = 0; m < 3; m++) {
        const month = hist.months[3 * q + m]!;
        const start = first + m * stepsPerMonth;
        tracker.check(`month ${month.month} orders`, total(s('Retailer Orders'), start, stepsPerMonth, dt), month.orders!);
        tracker.check(`month ${month.month} production`, total(s('Production Rate'), start, stepsPerMonth, dt), month.production!);
        tracker.check(`month ${month.month} sales`, total(s('Retailer Sales'), start, stepsPerMonth, dt), month.sales!);
        tracker.check(`month ${month.month} inventory`, total(s('Retailer Inventory'), start, stepsPerMonth, dt), month.inventory!);
      }

      for (let k = 0; k < stepsPerQuarter; k++) {
        const t = 3 * q + k * dt;
        const a = ref.pgwAux(state, dm, dr, t, p, sc);
        for (const [key, name] of Object.entries(PGW_STOCK_NAMES)) tracker.check(`t=${t} ${name}`, s(name)[first + k]!, state[key]!);
        for (const [key, name] of Object.entries(PGW_AUX_NAMES)) tracker.check(`t=${t} ${name}`, s(name)[first + k]!, a[key]!);
        const rates = ref.pgwRates(state, a, dm, dr, t, p);
        state = Object.fromEntries(Object.entries(state).map(([key, v]) => [key, v + rates[key]! * dt]));
      }
    }
    for (const [key, name] of Object.entries(PGW_STOCK_NAMES)) {
      tracker.check(`t=60 ${name}`, sim.getValue(name), state[key]!);
      tracker.check(`t=60 ${name} (reference final state)`, sim.getValue(name), hist.finalState[key]!);
    }
    expectClose(`P&G ${label}`, tracker);
  });
});

