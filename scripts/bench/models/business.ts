// 15-stock manufacturer/dealer business model (20 quarters, dt 0.25 → 81 save points), in the spirit of
// case 1 of shared/design/model-equations.md: 21 flows and 23 auxiliaries built from MIN/MAX/EXP, plus 6
// decision parameters that the Monte Carlo sweep draws per run. The hand loop in ../hand/business-hand.ts
// is the same model written by hand; keep the two in step.

import { writeXmile, type XmileVariable } from './xmile.ts';

export const BUSINESS_START = 0;
export const BUSINESS_STOP = 20;
export const BUSINESS_DT = 0.25;

/** The 6 parameters drawn in the sweep, with their defaults and uniform ranges. */
export const BUSINESS_PARAMETERS = [
  { id: 'dealer_price', value: 100, min: 80, max: 130 },
  { id: 'dealer_support', value: 1, min: 0, max: 3 },
  { id: 'credit_rate', value: 7, min: 3, max: 15 },
  { id: 'facility_investment', value: 1.5, min: 0, max: 4 },
  { id: 'local_marketing', value: 1, min: 0, max: 3 },
  { id: 'market_growth', value: 0.01, min: -0.02, max: 0.04 },
] as const;

/** Stock ids in the order the hand loop keeps them. */
export const BUSINESS_STOCKS = [
  'facility_capital', 'marketing_presence', 'dealer_know_how', 'channel_share', 'trust',
  'manufacturer_capacity', 'expected_volume', 'cum_manufacturer_profit', 'cum_dealer_profit', 'market_size',
  'dealer_inventory', 'dealer_cash', 'perceived_retail_price', 'customer_satisfaction', 'sales_staff',
] as const;

const stock = (name: string, eqn: string, inflows: string[], outflows: string[]): XmileVariable =>
  ({ kind: 'stock', name, eqn, inflows, outflows });
const flow = (name: string, eqn: string): XmileVariable => ({ kind: 'flow', name, eqn });
const aux = (name: string, eqn: string): XmileVariable => ({ kind: 'aux', name, eqn });

const VARIABLES: readonly XmileVariable[] = [
  // stocks (15)
  stock('facility_capital', '24', ['investment'], ['depreciation']),
  stock('marketing_presence', '3', ['marketing_spend'], ['presence_decay']),
  stock('dealer_know_how', '4', ['support_received'], ['know_how_decay']),
  stock('channel_share', '0.5', ['share_change'], []),
  stock('trust', '0.7', ['trust_change'], []),
  stock('manufacturer_capacity', '120', ['capacity_change'], []),
  stock('expected_volume', '100', ['expectation_change'], []),
  stock('cum_manufacturer_profit', '0', ['manufacturer_earnings'], []),
  stock('cum_dealer_profit', '0', ['dealer_earnings'], []),
  stock('market_size', '200', ['market_growth_flow'], []),
  stock('dealer_inventory', '50', ['deliveries'], ['sales']),
  stock('dealer_cash', '5', ['dealer_cash_in'], ['dealer_capex']),
  stock('perceived_retail_price', '155', ['price_perception_change'], []),
  stock('customer_satisfaction', '0.8', ['satisfaction_change'], []),
  stock('sales_staff', '40', ['hiring'], ['attrition']),
  // flows (21)
  flow('investment', 'facility_investment'),
  flow('depreciation', 'facility_capital/16'),
  flow('marketing_spend', 'local_marketing'),
  flow('presence_decay', 'marketing_presence/3'),
  flow('support_received', 'dealer_support'),
  flow('know_how_decay', 'dealer_know_how/4'),
  flow('share_change', '(target_share-channel_share)/3'),
  flow('trust_change', 'MIN(0, trust_gap)/1.5+MAX(0, trust_gap)/6'),
  flow('capacity_change', '(1.2*expected_volume-manufacturer_capacity)/8'),
  flow('expectation_change', '(deliveries-expected_volume)/2'),
  flow('manufacturer_earnings', 'manufacturer_profit'),
  flow('dealer_earnings', 'dealer_profit'),
  flow('market_growth_flow', 'market_size*market_growth'),
  flow('deliveries', 'MIN(manufacturer_capacity, dealer_orders)'),
  flow('sales', 'high_end_volume'),
  flow('dealer_cash_in', 'dealer_profit+depreciation'),
  flow('dealer_capex', 'facility_investment'),
  flow('price_perception_change', '(retail_price-perceived_retail_price)/2'),
  flow('satisfaction_change', '(indicated_satisfaction-customer_satisfaction)/4'),
  flow('hiring', 'MAX(0, (desired_staff-sales_staff)/2+sales_staff/12)'),
  flow('attrition', 'sales_staff/12'),
  // auxiliaries (23)
  aux('retail_price', '155+0.5*(dealer_price-100)'),
  aux('effort', 'EXP(0.6*(trust/0.7-1))'),
  aux('attractiveness',
    'EXP(0.35*(facility_capital/24-1)+0.2*(marketing_presence/3-1)+0.15*(dealer_know_how/4-1)' +
    '-1.5*(perceived_retail_price/155-1)+0.3*(customer_satisfaction/0.8-1))*effort'),
  aux('target_share', 'MIN(0.9, 0.5*attractiveness)'),
  aux('high_end_demand', 'market_size*channel_share'),
  aux('availability', 'MIN(1, dealer_inventory/MAX(1, 0.5*high_end_demand))'),
  aux('sales_capacity', 'sales_staff*2.8'),
  aux('high_end_volume', 'MIN(high_end_demand*availability, sales_capacity)'),
  aux('desired_inventory', '0.5*high_end_demand'),
  aux('dealer_orders', 'MAX(0, high_end_volume+(desired_inventory-dealer_inventory))'),
  aux('working_capital', '0.5*high_end_volume*dealer_price/1000'),
  aux('dealer_revenue', 'high_end_volume*retail_price/1000'),
  aux('dealer_cogs', 'high_end_volume*dealer_price/1000'),
  aux('staff_cost', 'sales_staff*0.01'),
  aux('dealer_profit',
    'dealer_revenue-dealer_cogs-high_end_volume*10/1000-0.02*facility_capital-local_marketing-depreciation' +
    '-credit_rate/400*working_capital-staff_cost'),
  aux('manufacturer_profit',
    'deliveries*dealer_price/1000-55*deliveries/1000-12*manufacturer_capacity/1000-1-dealer_support' +
    '+(credit_rate-9)/400*working_capital'),
  aux('dealers_view', 'EXP(-3*(dealer_price/100-1))*MIN(1.2, EXP(0.5*(dealer_support-1)))'),
  aux('manufacturers_view', 'MIN(1.2, EXP(0.5*((facility_investment+local_marketing)/2.5-1)))'),
  aux('indicated_trust', 'MIN(1, 0.8*MIN(1.1, dealers_view)*manufacturers_view)'),
  aux('trust_gap', 'indicated_trust-trust'),
  aux('indicated_satisfaction', 'MIN(1, 0.8*EXP(0.2*(dealer_know_how/4-1))*availability)'),
  aux('desired_staff', '0.4*high_end_demand'),
  aux('dealer_roc', '4*dealer_profit/MAX(1, facility_capital+working_capital)'),
  // decision parameters (6)
  ...BUSINESS_PARAMETERS.map((p) => aux(p.id, String(p.value))),
];

/** Return the XMILE text of the business model. */
export function businessXmile(): string {
  return writeXmile({
    name: 'business', start: BUSINESS_START, stop: BUSINESS_STOP, dt: BUSINESS_DT, timeUnits: 'Quarters',
    variables: VARIABLES,
  });
}
