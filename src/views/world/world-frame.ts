/**
 * The contract between the game state and the animated world: `worldFrameFrom(input)` turns the
 * latest KPIs into normalized drawing instructions (numbers 0..1 or small integers), and
 * `describeWorld(frame)` says the same in one sentence for screen readers.
 *
 * This module is pure and must not import Phaser: the page imports it eagerly, while Phaser comes
 * in lazily with `create-world-game.ts`. It holds no game rules and names no case: the scenario's
 * `world` block says which buildings to draw, which KPI moves which part of the picture and what
 * each event does to the scene; the rules say how far into its life each event is. Most gauges are
 * read against round 1 (the baseline), so "double the shipments" reads as "double the trucks"
 * whatever the units; profit is read against the round before, as people read a quarter's result.
 */
import { SHARED_SIDE, type EventStage, type WorldBannerIcon, type WorldDefinition, type WorldGaugeName } from '../../rules/index.ts';
import { t } from '../i18n.ts';

export type WorldPhase = 'briefing' | 'decide' | 'reveal' | 'results' | 'debrief';

/** KPI values by side id (plus 'alliance'), then by KPI id. */
export type KpiTable = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** An event whose effect shows in the round the world shows. */
export interface WorldEvent {
  readonly id: string;
  readonly name: string;
  readonly news: string;
  /** Where the event is in its life (from the rules' event lifetime). */
  readonly stage: EventStage;
  /** Its strength this round, 0..1 of its peak. */
  readonly intensity: number;
}

export interface WorldInput {
  /** The case's world block: theme, gauges, what each event does; null draws a neutral scene. */
  readonly world: WorldDefinition | null;
  /** The case's word for a round ("quarter"). */
  readonly unit: string;
  /** The round being decided or just played, as the page header counts it; 0 before the first. */
  readonly round: number;
  readonly totalRounds: number;
  readonly phase: WorldPhase;
  /** The round whose results `kpis` hold (the latest played); 0 before any round is played. */
  readonly resultsRound: number;
  /** The latest played round's KPIs, or null before any round is played. */
  readonly kpis: KpiTable | null;
  /** The round before's KPIs (what profit is compared with), or null in round 1. */
  readonly previousKpis: KpiTable | null;
  /** Round 1's KPIs, the baseline of the gauges, or null. */
  readonly firstKpis: KpiTable | null;
  /** Events whose effect shows in `round`. */
  readonly events: readonly WorldEvent[];
  readonly allianceEnded: boolean;
  /** The two sides in the scenario's order, each with the id of its KPI in the profit role (its mood). */
  readonly sides: readonly { readonly id: string; readonly name: string; readonly profitKpi?: string }[];
  /** The shared KPI in the trust role (the bridge), or null when the case has none. */
  readonly trustKpi: string | null;
}

/**
 * Which set of buildings to draw. `dealer`: an office-products plant and a row of dealer
 * showrooms. `retail`: a consumer-goods plant, a retail warehouse and a store shelf.
 */
export type WorldCaseKind = 'dealer' | 'retail';

export type BannerKind = WorldBannerIcon;

export interface WorldBanner {
  readonly id: string;
  readonly kind: BannerKind;
  /** The event's name from the scenario file. */
  readonly text: string;
  readonly news: string;
  readonly stage: EventStage;
}

export interface WorldSide {
  readonly id: string;
  readonly name: string;
  /** Profit against the round before: −1 (gone or a loss) … 0 (about the same) … +1 (doubled or more). */
  readonly mood: number;
  /** The side lost money in the latest round. */
  readonly loss: boolean;
  /** How profit moved against the round before; null in round 1 (nothing to compare with). */
  readonly trend: 'up' | 'steady' | 'down' | null;
}

export interface WorldFrame {
  readonly kind: WorldCaseKind;
  /** The case's word for a round. */
  readonly unit: string;
  readonly round: number;
  readonly totalRounds: number;
  /** The round whose results the picture shows. */
  readonly resultsRound: number;
  readonly phase: WorldPhase;
  /** False before any round is played: the world shows a neutral start and no meter readings. */
  readonly hasData: boolean;
  /** The plant's owner (manufacturer / maker), drawn on the left. */
  readonly left: WorldSide;
  /** The partner (dealers / retailer), drawn on the right. */
  readonly right: WorldSide;
  /** Trucks on the road, 0..MAX_TRUCKS; TRUCKS_AT_START when volume is as in round 1. */
  readonly truckCount: number;
  /** 0: trucks evenly spaced (smooth orders); 1: trucks in a convoy (orders in bursts). */
  readonly truckBunching: number;
  /** How busy the plant is, 0..1 (lit windows, smoke). */
  readonly plantLoad: number;
  /** Trust between the partners, 0..1. */
  readonly trust: number;
  /** Joint collaboration capability 0..1 (retail case), or null where the case has none. */
  readonly collaboration: number | null;
  /** Dealer showrooms standing, 1..MAX_SHOWROOMS (dealer case; 0 in the retail case). */
  readonly showrooms: number;
  /** Dealer case: how well kept the showrooms are; retail case: shelf availability. 0..1. */
  readonly storefront: number;
  /** Retail case: the warehouse's size relative to its largest drawing, 0..1 (0 in the dealer case). */
  readonly warehouseSize: number;
  /** Retail case: how full the warehouse is, 0..1. */
  readonly warehouseFill: number;
  /** Retail case: the part of the stock that was bought ahead of need, 0..1 of the stock. */
  readonly forwardBoughtShare: number;
  /** Customers walking to the partner's doors, 0..MAX_CUSTOMERS. */
  readonly customers: number;
  /** Grey sky, 0..1 (a market downturn, as deep as it is this round). */
  readonly gloom: number;
  /** A big-box store selling a cheap line next to the partner. */
  readonly bigBoxStore: boolean;
  /** Rival brands' coupons at a rival shop. */
  readonly couponSigns: boolean;
  readonly banners: readonly WorldBanner[];
  /** The alliance was dissolved: the bridge between the partners is broken. */
  readonly allianceEnded: boolean;
}

/** What the world reads: the current frame, and a subscription to new ones (returns unsubscribe). */
export interface WorldSource {
  get(): WorldFrame;
  subscribe(listener: (frame: WorldFrame) => void): () => void;
}

export const MAX_TRUCKS = 8;
export const TRUCKS_AT_START = 4;
export const MAX_SHOWROOMS = 4;
export const MAX_CUSTOMERS = 8;
export const CUSTOMERS_AT_START = 4;

/** Trust below this reads as low, at or above HIGH_TRUST as high. */
export const LOW_TRUST = 0.4;
export const HIGH_TRUST = 0.65;

export function clamp01(value: number): number {
  if (Number.isNaN(value)) return 0;
  return Math.min(1, Math.max(0, value));
}

function clamp(value: number, low: number, high: number): number {
  if (Number.isNaN(value)) return low;
  return Math.min(high, Math.max(low, value));
}

function finite(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value);
}

/** `value / base`, or `fallback` when either is missing or the base is not positive. */
function ratio(value: number | undefined, base: number | undefined, fallback = 1): number {
  if (!finite(value) || !finite(base) || base <= 0) return fallback;
  return Math.max(0, value / base);
}

/** Moods within ±MOOD_STEADY read as "about the same as the round before". */
export const MOOD_STEADY = 0.15;

/**
 * Profit against a baseline (the round before): 0 as then, +1 at double (or more), −1 at nothing
 * (or less). A loss always reads as at least moderately bad, whatever the baseline was.
 */
export function profitMood(profit: number | undefined, baseline: number | undefined): number {
  if (!finite(profit)) return 0;
  let mood = 0;
  if (finite(baseline)) {
    const scale = Math.max(Math.abs(baseline), 0.2 * Math.abs(profit), 1e-9);
    mood = clamp((profit - baseline) / scale, -1, 1);
  }
  return profit < 0 ? Math.min(mood, -0.5) : mood;
}

function sideOf(input: WorldInput, side: WorldInput['sides'][number]): WorldSide {
  const kpi = side.profitKpi;
  const profit = kpi === undefined ? undefined : input.kpis?.[side.id]?.[kpi];
  const before = kpi === undefined ? undefined : input.previousKpis?.[side.id]?.[kpi];
  const mood = profitMood(profit, before);
  const trend = !finite(profit) || !finite(before) ? null : mood > MOOD_STEADY ? 'up' : mood < -MOOD_STEADY ? 'down' : 'steady';
  return { id: side.id, name: side.name, mood, loss: finite(profit) && profit < 0, trend };
}

/** Read a gauge's KPI in the latest round and in round 1 (both undefined when the case has no such gauge). */
function gaugeReader(input: WorldInput) {
  return (gauge: WorldGaugeName): { now: number | undefined; first: number | undefined } => {
    const ref = input.world?.gauges[gauge];
    if (!ref) return { now: undefined, first: undefined };
    return { now: input.kpis?.[ref.side]?.[ref.kpi], first: input.firstKpis?.[ref.side]?.[ref.kpi] };
  };
}

/** The two sides, plant owner first. */
function sidesOf(input: WorldInput): readonly [WorldInput['sides'][number], WorldInput['sides'][number]] {
  const fallback = (i: number) => input.sides[i] ?? { id: `side-${i + 1}`, name: '' };
  const plant = input.world ? input.sides.find((side) => side.id === input.world!.plantSide) : undefined;
  if (!plant) return [fallback(0), fallback(1)];
  return [plant, input.sides.find((side) => side.id !== plant.id) ?? fallback(1)];
}

/** Turn the game's view of the latest round into drawing instructions for the world. */
export function worldFrameFrom(input: WorldInput): WorldFrame {
  const kind: WorldCaseKind = input.world?.theme === 'plant-and-store' ? 'retail' : 'dealer';
  const [leftSide, rightSide] = sidesOf(input);
  const gauge = gaugeReader(input);
  const hasData = input.kpis !== null;

  const banners: WorldBanner[] = input.events.map((event) => ({
    id: event.id,
    kind: input.world?.events[event.id]?.banner ?? 'notice',
    text: event.name,
    news: event.news,
    stage: event.stage,
  }));
  /** How strongly the events that put `effect` into the scene show this round, 0..1. */
  const sceneEffect = (effect: string): number =>
    Math.max(0, ...input.events.filter((event) => input.world?.events[event.id]?.scene.includes(effect as never)).map((event) => clamp01(event.intensity)));
  const fewerCustomers = sceneEffect('fewer-customers');

  // Goods on the road against round 1.
  const goods = gauge('goods');
  const volumeRatio = ratio(goods.now, goods.first);
  const truckCount = hasData
    ? clamp(Math.round(TRUCKS_AT_START * volumeRatio), volumeRatio > 0.05 ? 1 : 0, MAX_TRUCKS)
    : TRUCKS_AT_START;

  const capacityUse = gauge('plantLoad').now;
  const plantLoad = finite(capacityUse) ? clamp01(capacityUse) : clamp01(0.6 * volumeRatio);

  const trustNow = input.trustKpi === null ? undefined : input.kpis?.[SHARED_SIDE]?.[input.trustKpi];
  const trust = finite(trustNow) ? clamp01(trustNow) : 0.5;

  let truckBunching = 0;
  let collaboration: number | null = null;
  let showrooms = 0;
  let storefront: number;
  let warehouseSize = 0;
  let warehouseFill = 0;
  let forwardBoughtShare = 0;
  let customers: number;

  if (kind === 'dealer') {
    // Showrooms: customer goodwill (against round 1) and the partner's return on its capital.
    const goodwill = gauge('goodwill');
    const goodwillRatio = ratio(goodwill.now, goodwill.first);
    const goodwillScore = clamp01((goodwillRatio - 0.4) / 0.8);
    const partnerReturn = gauge('partnerReturn').now;
    const returnScore = finite(partnerReturn) ? clamp01((partnerReturn + 0.05) / 0.35) : 0.7;
    storefront = hasData ? clamp01(0.6 * goodwillScore + 0.4 * returnScore) : 0.75;
    showrooms = clamp(Math.round(1 + storefront * 3), 1, MAX_SHOWROOMS);
    customers = CUSTOMERS_AT_START * goodwillRatio * (1 - 0.4 * fewerCustomers);
  } else {
    // Orders in bursts make the plant's production swing: the swing cost against round 1.
    const swings = gauge('swingCost');
    truckBunching = finite(swings.now) && finite(swings.first) && swings.first > 0
      ? clamp01(0.8 * (swings.now / swings.first))
      : finite(swings.now) && swings.now > 0 ? 0.8 : 0;
    const collab = gauge('collaboration').now;
    collaboration = input.world?.gauges.collaboration ? (finite(collab) ? clamp01(collab) : 0) : null;

    const availability = gauge('availability');
    storefront = finite(availability.now) ? clamp01(availability.now) : 1;

    // The warehouse is as big as its cost says; the stock on hand fills it (40 % full at the start).
    const storage = gauge('storageCost');
    const sizeUnits = ratio(storage.now, storage.first);
    warehouseSize = clamp(0.75 * sizeUnits, 0.3, 1);
    const stock = gauge('stock');
    const stockUnits = 0.4 * ratio(stock.now, stock.first);
    warehouseFill = clamp01(stockUnits / Math.max(sizeUnits, 0.05));

    // Stock bought ahead of need: the case's own KPI if it has one, else what lies above the
    // start's stock scaled by today's shipments (the quarter-end stock is mostly regular cover).
    const explicit = gauge('forwardStock').now;
    if (finite(explicit) && finite(stock.now) && stock.now > 0) {
      forwardBoughtShare = clamp01(explicit / stock.now);
    } else if (finite(stock.now) && finite(stock.first) && stock.now > 0) {
      const normal = 1.1 * stock.first * volumeRatio;
      forwardBoughtShare = clamp01((stock.now - normal) / stock.now);
    }
    const availabilityRatio = Math.min(1, ratio(availability.now, availability.first));
    customers = CUSTOMERS_AT_START * availabilityRatio * (1 - 0.4 * fewerCustomers);
  }

  return {
    kind,
    unit: input.unit,
    round: Math.max(0, Math.round(input.round)),
    totalRounds: Math.max(0, Math.round(input.totalRounds)),
    resultsRound: Math.max(0, Math.round(input.resultsRound)),
    phase: input.phase,
    hasData,
    left: sideOf(input, leftSide),
    right: sideOf(input, rightSide),
    truckCount,
    truckBunching,
    plantLoad,
    trust,
    collaboration,
    showrooms,
    storefront,
    warehouseSize,
    warehouseFill,
    forwardBoughtShare,
    customers: hasData ? clamp(Math.round(customers), 0, MAX_CUSTOMERS) : CUSTOMERS_AT_START,
    gloom: sceneEffect('grey-sky'),
    bigBoxStore: sceneEffect('big-box-store') > 0,
    couponSigns: sceneEffect('coupon-signs') > 0,
    banners,
    allianceEnded: input.allianceEnded,
  };
}

export type TrustLevel = 'low' | 'moderate' | 'high';

export function trustLevel(trust: number): TrustLevel {
  if (trust < LOW_TRUST) return 'low';
  return trust < HIGH_TRUST ? 'moderate' : 'high';
}

/** "Quarter": the case's word for a round, as the start of a sentence. */
export function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** "Quarter 16 of 20": the round as the page header counts it. */
export function roundLabel(frame: Pick<WorldFrame, 'unit' | 'round' | 'totalRounds'>): string {
  return t('world.round', { unit: capitalised(frame.unit), round: Math.min(frame.round, frame.totalRounds), total: frame.totalRounds });
}

function profitPhrase(side: WorldSide, frame: WorldFrame): string {
  if (side.loss) return t('world.describe.profitLoss', { side: side.name });
  const where = { side: side.name, unit: frame.unit, round: frame.resultsRound };
  if (side.trend === 'up') return t('world.describe.profitUp', where);
  if (side.trend === 'down') return t('world.describe.profitDown', where);
  if (side.trend === 'steady') return t('world.describe.profitSteady', where);
  return t('world.describe.profitMade', where);
}

/** The event's banner in words: its name and where it is in its life ("Market downturn, at its worst"). */
export function bannerText(banner: WorldBanner): string {
  return t(`world.banner.${banner.stage}`, { event: banner.text });
}

/** One sentence for an aria-label or a visually hidden paragraph. */
export function describeWorld(frame: WorldFrame): string {
  const parts: string[] = [];
  const start = frame.hasData || frame.round > 0 ? roundLabel(frame) : t('world.describe.beforeStart');

  if (frame.allianceEnded) parts.push(t('world.describe.ended'));
  else if (frame.hasData) parts.push(t(`world.describe.trust.${trustLevel(frame.trust)}`));

  if (frame.hasData) {
    const trucks =
      frame.truckCount > TRUCKS_AT_START ? 'more' : frame.truckCount < TRUCKS_AT_START ? 'fewer' : 'same';
    parts.push(t(`world.describe.trucks.${trucks}`));

    if (frame.kind === 'dealer') {
      const state = frame.storefront >= 0.6 ? 'good' : frame.storefront >= 0.35 ? 'fair' : 'poor';
      parts.push(t(`world.describe.showrooms.${state}`, { side: frame.right.name }));
    } else {
      const size = frame.warehouseSize > 0.8 ? 'large' : frame.warehouseSize < 0.6 ? 'small' : 'same';
      parts.push(t(`world.describe.warehouse.${size}`, { side: frame.right.name }));
      if (frame.storefront < 0.9) parts.push(t('world.describe.shelfGaps'));
    }
    parts.push(`${profitPhrase(frame.left, frame)}, ${profitPhrase(frame.right, frame)}`);
  }

  for (const banner of frame.banners) {
    parts.push(t(`world.describe.event.${banner.kind}`, { event: bannerText(banner) }));
  }
  return parts.length === 0 ? `${start}.` : `${start}: ${parts.join('; ')}.`;
}
