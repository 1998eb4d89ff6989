import { playHeadless, type HeadlessResult, type Scenario, type StrategyChoice } from '../../src/rules/index.ts';

/**
 * The reference behaviours of shared/design/cases.md as code: each check returns whether it holds
 * and the measured values, so the same checks serve the API test, the CLI test, the robustness
 * draws and the table in the closing note.
 */
export interface PlayRequest {
  readonly scenario: 'dealer-alliance' | 'pg-walmart';
  readonly sides: Record<string, string>;
  readonly events: string[];
  /** The game's length; the case's own count when absent. */
  readonly rounds?: number;
}
export type Runner = (request: PlayRequest) => HeadlessResult;

/** Plays a request through the API: "promotion,edlp@5" and "downturn@5" read as on the CLI. */
export function playRequest(scenario: Scenario, request: PlayRequest, constants?: Readonly<Record<string, number>>): HeadlessResult {
  return playHeadless(scenario, {
    ...(constants ? { constants } : {}),
    ...(request.rounds === undefined ? {} : { rounds: request.rounds }),
    strategies: Object.fromEntries(
      Object.entries(request.sides).map(([side, text]) => [
        side,
        text.split(',').map((part): StrategyChoice => {
          const [id, at] = part.split('@');
          return { id: id!, fromRound: at === undefined ? 1 : Number(at) };
        }),
      ]),
    ),
    events: request.events.map((text) => {
      const [eventId, at] = text.split('@');
      return { eventId: eventId!, round: Number(at) };
    }),
  });
}
export interface CheckResult {
  readonly id: string;
  readonly holds: boolean;
  readonly measured: string;
  readonly reference: string;
}

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
const std = (values: number[]): number => {
  const mean = sum(values) / values.length;
  return Math.sqrt(sum(values.map((v) => (v - mean) ** 2)) / values.length);
};
const kpi = (run: HeadlessResult, side: string, id: string): number[] => run.rounds.map((round) => round.kpis[side]![id]!);
const last = (values: number[]): number => values.at(-1)!;
const f = (x: number, digits = 2): string => x.toFixed(digits);
const running = (values: number[]): number[] => values.map((_, i) => sum(values.slice(0, i + 1)));
const cum = (r: HeadlessResult, side: string): number => last(kpi(r, side, 'cumulativeProfit'));

export interface DealerTiming {
  readonly downturnRound: number;
  readonly recycledRound: number;
}

/** The six dealer games every check compares: good times, the downturn four ways, the recycled line. */
function playDealerGames(run: Runner, timing: DealerTiming, rounds?: number) {
  const downturn = [`downturn@${timing.downturnRound}`];
  const play = (manufacturer: string, dealers: string, events: string[]) => run({ scenario: 'dealer-alliance', sides: { manufacturer, dealers }, events, ...(rounds === undefined ? {} : { rounds }) });
  return {
    good: play('cooperative', 'cooperative', []),
    coop: play('cooperative', 'cooperative', downturn),
    both: play('reflex', 'reflex', downturn),
    makerOnly: play('reflex', 'cooperative', downturn),
    dealersOnly: play('cooperative', 'reflex', downturn),
    recycled: play('cooperative', 'cooperative', [`recycled-line@${timing.recycledRound}`]),
  };
}

export function dealerChecks(run: Runner, timing: DealerTiming = { downturnRound: 5, recycledRound: 9 }, rounds?: number): CheckResult[] {
  const { good, coop, both, makerOnly, dealersOnly, recycled } = playDealerGames(run, timing, rounds);
  const firstDeviation = (a: HeadlessResult, side: string) =>
    a.rounds.findIndex((round, i) => Object.entries(round.decisions[side]!).some(([id, value]) => Math.abs(value - coop.rounds[i]!.decisions[side]![id]!) > 1e-9));
  const window = (values: number[], start: number) => sum(values.slice(start, start + 3));
  const mStart = firstDeviation(makerOnly, 'manufacturer');
  const dStart = firstDeviation(dealersOnly, 'dealers');
  const mGain = window(kpi(makerOnly, 'manufacturer', 'profit'), mStart) - window(kpi(coop, 'manufacturer', 'profit'), mStart);
  const dGain = window(kpi(dealersOnly, 'dealers', 'profit'), dStart) - window(kpi(coop, 'dealers', 'profit'), dStart);
  const goodShare = kpi(good, 'alliance', 'channelShare');
  const goodTrust = kpi(good, 'alliance', 'trust');
  const mProfit = kpi(good, 'manufacturer', 'profit');
  const dProfit = kpi(good, 'dealers', 'profit');
  const launch = timing.recycledRound - 1;
  const volumeAfter = (r: HeadlessResult) => sum(kpi(r, 'manufacturer', 'volume').slice(launch));
  const returnRound = timing.downturnRound + 10; // the reflex ends after the recovery; terms are back
  // Measured five quarters after the terms are back (quarter 20 of a five-year game), whatever the game's length.
  const lateRound = Math.min(both.rounds.length, timing.downturnRound + 15);
  const bothTrust = kpi(both, 'alliance', 'trust').slice(0, lateRound);
  const lateShare = (r: HeadlessResult) => kpi(r, 'alliance', 'channelShare')[lateRound - 1]!;
  return [
    {
      id: '1 good times are stable',
      holds: Math.min(...goodShare) >= 0.475 && mProfit.every((p) => p >= 0.9 * mProfit[0]!) && dProfit.every((p) => p >= 0.9 * dProfit[0]!) && Math.min(...goodTrust) >= 0.7 - 1e-9 && last(goodTrust) >= 0.79,
      measured: `share min ${f(Math.min(...goodShare), 3)}, trust ${f(goodTrust[0]!)} → ${f(last(goodTrust))}`,
      reference: 'share ≥ 0.475, profits ≥ 0.9 × q1, trust 0.70 → ≥ 0.79',
    },
    {
      id: '2 the reflex pays at first',
      holds: mGain >= 2.5 && dGain >= 1.0 && mStart === timing.downturnRound + 1 && dStart === timing.downturnRound + 1,
      measured: `maker +${f(mGain)} $M, dealers +${f(dGain)} $M over their first 3 quarters (from q${mStart + 1})`,
      reference: 'maker ≥ +2.5 (3.04), dealers ≥ +1.0 (1.36), from q7',
    },
    {
      id: '3 then it costs both',
      holds: cum(both, 'manufacturer') <= 0.5 * cum(coop, 'manufacturer') && cum(both, 'dealers') <= 0.5 * cum(coop, 'dealers'),
      measured: `maker ${f(cum(both, 'manufacturer'), 1)} vs ${f(cum(coop, 'manufacturer'), 1)}, dealers ${f(cum(both, 'dealers'), 1)} vs ${f(cum(coop, 'dealers'), 1)} $M`,
      reference: 'maker 7.0 vs 18.0, dealers 8.2 vs 24.8 (≤ half)',
    },
    {
      id: '4 a trap, not a bargain',
      holds: cum(makerOnly, 'manufacturer') < cum(coop, 'manufacturer') && cum(dealersOnly, 'dealers') < cum(coop, 'dealers'),
      measured: `maker alone ${f(cum(makerOnly, 'manufacturer'), 1)} < ${f(cum(coop, 'manufacturer'), 1)}, dealers alone ${f(cum(dealersOnly, 'dealers'), 1)} < ${f(cum(coop, 'dealers'), 1)}`,
      reference: '14.5 < 18.0, 21.0 < 24.8',
    },
    {
      id: '5 the damage outlives the decisions',
      holds:
        Math.min(...bothTrust) <= 0.35 &&
        last(bothTrust) <= 0.7 &&
        lateShare(both) <= 0.75 * lateShare(coop) &&
        (kpi(both, 'manufacturer', 'profit')[returnRound - 1] ?? 0) < 0,
      measured: `trust min ${f(Math.min(...bothTrust))}, q${lateRound} ${f(last(bothTrust))}; share ${f(lateShare(both), 3)} vs ${f(lateShare(coop), 3)}; maker q${returnRound} ${f(kpi(both, 'manufacturer', 'profit')[returnRound - 1] ?? Number.NaN)}`,
      reference: 'trust min 0.30, end 0.62; share 0.362 vs 0.539; maker q15 < 0',
    },
    {
      id: '6 goal mismatch',
      holds:
        volumeAfter(recycled) >= 1.2 * volumeAfter(good) &&
        last(kpi(recycled, 'dealers', 'returnOnCapital')) <= last(kpi(good, 'dealers', 'returnOnCapital')) - 0.15 &&
        last(kpi(recycled, 'dealers', 'marginPerUnit')) < 40 &&
        Math.abs(cum(recycled, 'manufacturer') / cum(good, 'manufacturer') - 1) <= 0.05,
      measured: `volume ${f(volumeAfter(recycled), 0)} vs ${f(volumeAfter(good), 0)}; ROC ${f(100 * last(kpi(recycled, 'dealers', 'returnOnCapital')), 1)} % vs ${f(100 * last(kpi(good, 'dealers', 'returnOnCapital')), 1)} %; margin ${f(last(kpi(recycled, 'dealers', 'marginPerUnit')), 1)}; maker cum ${f(cum(recycled, 'manufacturer'), 1)} vs ${f(cum(good, 'manufacturer'), 1)}`,
      reference: 'volume 1643 vs 1280; ROC 3.4 % vs 24.2 %; margin 38.9; cum 24.5 vs 24.4',
    },
  ];
}

export interface PgwTiming {
  readonly switchRound: number;
  readonly promotionsRound: number;
}

/** Monthly totals of a per-DT series (the months of the model: 4 steps of 0.25). */
function monthly(series: number[], stepsPerMonth = 4, dt = 0.25): number[] {
  const months: number[] = [];
  for (let m = 0; (m + 1) * stepsPerMonth < series.length; m++) months.push(sum(series.slice(m * stepsPerMonth, (m + 1) * stepsPerMonth)) * dt);
  return months;
}

export function bullwhip(run: HeadlessResult, fromQuarter: number): { orders: number; production: number } {
  const from = (fromQuarter - 1) * 3;
  const sales = monthly(run.series['consumerPurchases']!).slice(from);
  const orders = monthly(run.series['retailerOrders']!).slice(from);
  const production = monthly(run.series['production']!).slice(from);
  return { orders: std(orders) / std(sales), production: std(production) / std(sales) };
}

/** The P&G games the checks compare: the habit, the switch to EDLP, and each side's local fix. */
function playPgwGames(run: Runner, switchRound: number, rounds?: number) {
  const play = (maker: string, retailer: string, events: string[] = []) => run({ scenario: 'pg-walmart', sides: { maker, retailer }, events, ...(rounds === undefined ? {} : { rounds }) });
  return {
    play,
    promo: play('promotion', 'promotion'),
    edlp: play(`promotion,edlp@${switchRound}`, `promotion,edlp@${switchRound}`),
    deeper: play('promotion-deeper', 'promotion'),
    fbMore: play('promotion', 'forward-buy-more'),
  };
}

/** Quarters 9–20 are where the checks measure bullwhip and swing costs (cases.md). */
const MEASURED_FROM = 9;

function pgwMeasures(promo: HeadlessResult, edlp: HeadlessResult, switchRound: number) {
  return {
    bwPromo: bullwhip(promo, MEASURED_FROM),
    bwEdlp: bullwhip(edlp, MEASURED_FROM),
    costs: (r: HeadlessResult) => sum(kpi(r, 'retailer', 'warehousingCost').slice(MEASURED_FROM - 1)) + sum(kpi(r, 'maker', 'productionChangeCost').slice(MEASURED_FROM - 1)),
    /** EDLP minus the habit, per quarter from the switch on. */
    gap: (side: string) => kpi(edlp, side, 'profit').map((p, i) => p - kpi(promo, side, 'profit')[i]!).slice(switchRound - 1),
  };
}

export function pgwChecks(run: Runner, timing: PgwTiming = { switchRound: 5, promotionsRound: 9 }, rounds?: number): CheckResult[] {
  const sw = timing.switchRound;
  const { play, promo, edlp, deeper, fbMore } = playPgwGames(run, sw, rounds);
  const lean = play(`promotion,edlp-lean@${sw}`, `promotion,edlp-lean@${sw}`);
  const { bwPromo, bwEdlp, costs, gap } = pgwMeasures(promo, edlp, sw);
  const dipM = gap('maker').findIndex((g) => g > 0);
  const dipR = gap('retailer').findIndex((g) => g > 0);
  const breakM = running(gap('maker')).findIndex((g) => g > 0) + sw;
  const breakR = running(gap('retailer')).findIndex((g) => g > 0) + sw;
  const q5 = (r: HeadlessResult, side: string) => kpi(r, side, 'profit')[sw - 1]!;
  const averagePrice = (r: HeadlessResult) => {
    const prices = kpi(r, 'retailer', 'averagePurchasePrice');
    const shipments = kpi(r, 'maker', 'shipments');
    return sum(prices.map((p, i) => p * shipments[i]!)) / sum(shipments);
  };
  return [
    {
      id: '7 bullwhip and its cost',
      holds: bwPromo.orders >= 10 && bwEdlp.orders <= 3 && bwPromo.production >= 3 * bwEdlp.production && costs(promo) >= 3 * costs(edlp),
      measured: `orders ${f(bwPromo.orders, 1)} vs ${f(bwEdlp.orders, 2)}; production ${f(bwPromo.production, 2)} vs ${f(bwEdlp.production, 2)}; costs ${f(costs(promo), 1)} vs ${f(costs(edlp), 1)} $M`,
      reference: 'orders 38.5 vs 1.15; production 9.05 vs 2.04; costs 32.7 vs 8.6',
    },
    {
      id: '8 worse before better',
      holds: q5(edlp, 'maker') < q5(promo, 'maker') && q5(edlp, 'retailer') < q5(promo, 'retailer') && dipM >= 1 && dipM <= 3 && dipR >= 2 && dipR <= 6 && breakM >= sw + 1 && breakM <= sw + 6 && breakR >= sw + 3 && breakR <= sw + 8,
      measured: `q${sw}: maker ${f(q5(edlp, 'maker'))} vs ${f(q5(promo, 'maker'))}, retailer ${f(q5(edlp, 'retailer'))} vs ${f(q5(promo, 'retailer'))}; behind ${dipM} and ${dipR} quarters; gain positive from q${breakM} and q${breakR}`,
      reference: 'q5: 1.28 vs 2.85, −0.72 vs 0.44; behind 2 and 4; from q8 and q10',
    },
    {
      id: '9 both win over five years',
      holds: cum(edlp, 'maker') >= 1.5 * cum(promo, 'maker') && cum(edlp, 'retailer') >= 1.5 * cum(promo, 'retailer') && cum(lean, 'maker') < cum(edlp, 'maker') && cum(lean, 'retailer') < cum(edlp, 'retailer'),
      measured: `maker ${f(cum(edlp, 'maker'), 1)} vs ${f(cum(promo, 'maker'), 1)}; retailer ${f(cum(edlp, 'retailer'), 1)} vs ${f(cum(promo, 'retailer'), 1)}; no joint team ${f(cum(lean, 'maker'), 1)} / ${f(cum(lean, 'retailer'), 1)}`,
      reference: '88.0 vs 44.4; 17.3 vs 7.1; no budget 86.8 / 16.6',
    },
    {
      id: '10 each fix hurts the other',
      holds: cum(deeper, 'retailer') <= cum(promo, 'retailer') - 3 && cum(fbMore, 'maker') <= 0.85 * cum(promo, 'maker') && averagePrice(fbMore) < averagePrice(promo),
      measured: `retailer ${f(cum(deeper, 'retailer'), 1)} vs ${f(cum(promo, 'retailer'), 1)}; maker ${f(cum(fbMore, 'maker'), 1)} vs ${f(cum(promo, 'maker'), 1)}; price paid ${f(averagePrice(fbMore), 3)} vs ${f(averagePrice(promo), 3)}`,
      reference: '−2.2 vs 7.1; 34.7 vs 44.4; 9.010 vs 9.136',
    },
  ];
}

/**
 * The qualitative versions of the checks (the robustness table of model-equations.md): what must
 * stay true when every constant moves by up to ±20 % and the events come at other rounds.
 */
export function dealerRobustnessChecks(run: Runner, timing: DealerTiming): Record<string, boolean> {
  const { good, coop, both, makerOnly, dealersOnly, recycled } = playDealerGames(run, timing);
  const start = timing.downturnRound + 1;
  const window = (r: HeadlessResult, side: string) => sum(kpi(r, side, 'profit').slice(start, start + 3));
  const share = kpi(good, 'alliance', 'channelShare');
  const m = kpi(good, 'manufacturer', 'profit');
  const d = kpi(good, 'dealers', 'profit');
  const trust = kpi(good, 'alliance', 'trust');
  const after = (r: HeadlessResult) => sum(kpi(r, 'manufacturer', 'volume').slice(timing.recycledRound - 1));
  const lateRound = Math.min(good.rounds.length, timing.downturnRound + 15);
  const at = (r: HeadlessResult, id: string, round: number) => kpi(r, 'alliance', id)[round - 1]!;
  return {
    'A1 good times: no erosion': share.every((s) => s >= 0.95 * good.series['channelShare']![0]!) && m.every((p) => p >= m[0]! - 0.1 * Math.abs(m[0]!)) && d.every((p) => p >= d[0]! - 0.1 * Math.abs(d[0]!)) && trust.every((t) => t >= trust[0]! - 0.05),
    'A2 good times: both profitable': m.every((p) => p > 0) && d.every((p) => p > 0),
    "B1 the maker's reflex pays in its first 3 quarters": window(makerOnly, 'manufacturer') > window(coop, 'manufacturer'),
    "B2 the dealers' reflex pays in its first 3 quarters": window(dealersOnly, 'dealers') > window(coop, 'dealers'),
    'B3 the joint reflex lowers the maker 5-year profit': cum(both, 'manufacturer') < cum(coop, 'manufacturer'),
    "B4 the joint reflex lowers the dealers' 5-year profit": cum(both, 'dealers') < cum(coop, 'dealers'),
    // Measured six quarters after the reflex has ended (round 20 for a downturn in round 5).
    'B5 trust and share still lower after the terms are restored': at(both, 'trust', lateRound) < at(coop, 'trust', lateRound) - 0.1 && at(both, 'channelShare', lateRound) < 0.8 * at(coop, 'channelShare', lateRound),
    'C1 the recycled line raises maker volume': after(recycled) > 1.1 * after(good),
    "C2 the recycled line lowers the dealers' return": last(kpi(recycled, 'dealers', 'returnOnCapital')) < last(kpi(good, 'dealers', 'returnOnCapital')) - 0.05,
    "C3 the recycled line lowers the dealers' margin": last(kpi(recycled, 'dealers', 'marginPerUnit')) < last(kpi(good, 'dealers', 'marginPerUnit')),
  };
}

export function pgwRobustnessChecks(run: Runner, timing: PgwTiming): Record<string, boolean> {
  const sw = timing.switchRound;
  const { promo, edlp, deeper, fbMore } = playPgwGames(run, sw);
  const { bwPromo, bwEdlp, costs, gap } = pgwMeasures(promo, edlp, sw);
  const better = (side: string) => running(gap(side)).findIndex((g) => g > 0) > 0 && last(kpi(edlp, side, 'profit')) > last(kpi(promo, side, 'profit'));
  return {
    'D1 bullwhip under promotions': bwPromo.orders > 3 * bwEdlp.orders && bwPromo.production > 1.5 * bwEdlp.production,
    'D2 promotions cost more': costs(promo) > 1.5 * costs(edlp),
    "E1 the maker's profit dips first": gap('maker')[0]! < 0,
    "E2 the retailer's profit dips first": gap('retailer')[0]! < 0,
    'E3 the maker is better off later': better('maker'),
    'E4 the retailer is better off later': better('retailer'),
    'E5 both earn more over five years': cum(edlp, 'maker') > cum(promo, 'maker') && cum(edlp, 'retailer') > cum(promo, 'retailer'),
    "F1 the maker's deeper deals hurt the retailer": cum(deeper, 'retailer') < cum(promo, 'retailer'),
    "F2 the retailer's forward buying hurts the maker": cum(fbMore, 'maker') < cum(promo, 'maker'),
  };
}
