/**
 * The contract between the game state and the animated world: `worldFrameFrom(input)` turns the
 * latest KPIs into normalized drawing instructions (numbers 0..1 or small integers), and
 * `describeWorld(frame)` says the same in one sentence for screen readers.
 *
 * This module is pure and must not import Phaser: the page imports it eagerly, while Phaser comes
 * in lazily with `create-world-game.ts`. It holds no game rules: every value is a view of KPIs the
 * rules already computed, mostly relative to round 1 (the baseline), so "double the shipments"
 * reads as "double the trucks" whatever the units.
 */
import { t } from '../i18n.ts';

export type WorldPhase = 'briefing' | 'decide' | 'reveal' | 'results' | 'debrief';

/** KPI values by side id (plus 'alliance'), then by KPI id. */
export type KpiTable = Readonly<Record<string, Readonly<Record<string, number>>>>;

export interface WorldInput {
  readonly scenarioId: 'dealer-alliance' | 'pg-walmart' | (string & {});
  /** The round the world shows; 0 before the first round is played. */
  readonly round: number;
  readonly totalRounds: number;
  readonly phase: WorldPhase;
  /** The latest played round's KPIs, or null before any round is played. */
  readonly kpis: KpiTable | null;
  /** Round 1's KPIs, the baseline the world compares against, or null. */
  readonly firstKpis: KpiTable | null;
  readonly activeEvents: readonly { readonly id: string; readonly name: string; readonly news: string }[];
  readonly allianceEnded: boolean;
  /** Display names by side id. */
  readonly sideNames: Readonly<Record<string, string>>;
}

/**
 * Which set of buildings to draw. `dealer`: an office-products plant and a row of dealer
 * showrooms. `retail`: a consumer-goods plant, a retail warehouse and a store shelf.
 */
export type WorldCaseKind = 'dealer' | 'retail';

export type BannerKind = 'downturn' | 'recycled-line' | 'competitor-promotions' | 'event';

export interface WorldBanner {
  readonly id: string;
  readonly kind: BannerKind;
  /** The event's name from the scenario file. */
  readonly text: string;
  readonly news: string;
}

export interface WorldSide {
  readonly id: string;
  readonly name: string;
  /** Profit against round 1: −1 (gone or a loss) … 0 (as at the start) … +1 (doubled or more). */
  readonly mood: number;
  /** The side lost money in the latest round. */
  readonly loss: boolean;
}

export interface WorldFrame {
  readonly kind: WorldCaseKind;
  readonly round: number;
  readonly totalRounds: number;
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
  /** Grey sky, 0..1 (a market downturn). */
  readonly gloom: number;
  /** The maker's cheap line in a big-box store next to the dealers. */
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

const CASE_SIDES: Readonly<Record<WorldCaseKind, readonly [string, string]>> = {
  dealer: ['manufacturer', 'dealers'],
  retail: ['maker', 'retailer'],
};

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

function caseKindOf(input: WorldInput): WorldCaseKind {
  if (input.scenarioId === 'pg-walmart') return 'retail';
  if (input.scenarioId === 'dealer-alliance') return 'dealer';
  const tables = [input.kpis, input.firstKpis].filter((table): table is KpiTable => table !== null);
  const retailLike = tables.some((table) =>
    Object.values(table).some((kpis) => 'inventory' in kpis || 'shipments' in kpis || 'availability' in kpis),
  );
  return retailLike ? 'retail' : 'dealer';
}

/** The two side ids, plant owner first: the case's own ids when present, else the first two named sides. */
function sideIdsOf(input: WorldInput, kind: WorldCaseKind): readonly [string, string] {
  const known = CASE_SIDES[kind];
  const present = (id: string): boolean => id in input.sideNames || (input.kpis !== null && id in input.kpis);
  if (present(known[0]) && present(known[1])) return known;
  const named = Object.keys(input.sideNames).filter((id) => id !== 'alliance');
  return [named[0] ?? known[0], named[1] ?? known[1]];
}

function bannerKindOf(id: string): BannerKind {
  const key = id.toLowerCase();
  if (key.includes('downturn') || key.includes('recession')) return 'downturn';
  if (key.includes('recycl')) return 'recycled-line';
  if (key.includes('competitor') || key.includes('promotion') || key.includes('coupon')) return 'competitor-promotions';
  return 'event';
}

/**
 * Profit against round 1's: 0 as at the start, +1 at double (or more), −1 at nothing (or less).
 * A loss always reads as at least moderately bad, whatever the baseline was.
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

function sideOf(input: WorldInput, id: string): WorldSide {
  const profit = input.kpis?.[id]?.['profit'];
  const baseline = input.firstKpis?.[id]?.['profit'];
  return {
    id,
    name: input.sideNames[id] ?? id,
    mood: profitMood(profit, baseline),
    loss: finite(profit) && profit < 0,
  };
}

/** Look a KPI up in the latest round and in round 1. */
function reader(input: WorldInput, side: string) {
  return (kpi: string): { now: number | undefined; first: number | undefined } => ({
    now: input.kpis?.[side]?.[kpi],
    first: input.firstKpis?.[side]?.[kpi],
  });
}

function firstFinite(...values: (number | undefined)[]): number | undefined {
  return values.find(finite);
}

/** Turn the game's view of the latest round into drawing instructions for the world. */
export function worldFrameFrom(input: WorldInput): WorldFrame {
  const kind = caseKindOf(input);
  const [leftId, rightId] = sideIdsOf(input, kind);
  const maker = reader(input, leftId);
  const partner = reader(input, rightId);
  const alliance = reader(input, 'alliance');
  const hasData = input.kpis !== null;

  const banners: WorldBanner[] = input.activeEvents.map((event) => ({
    id: event.id,
    kind: bannerKindOf(event.id),
    text: event.name,
    news: event.news,
  }));
  const downturn = banners.some((banner) => banner.kind === 'downturn');
  const recycled = banners.some((banner) => banner.kind === 'recycled-line');
  const competitor = banners.some((banner) => banner.kind === 'competitor-promotions');

  // Goods on the road: units shipped against round 1.
  const volume = firstFinite(maker('volume').now, maker('shipments').now);
  const volumeFirst = firstFinite(maker('volume').first, maker('shipments').first);
  const volumeRatio = ratio(volume, volumeFirst);
  const truckCount = hasData
    ? clamp(Math.round(TRUCKS_AT_START * volumeRatio), volumeRatio > 0.05 ? 1 : 0, MAX_TRUCKS)
    : TRUCKS_AT_START;

  const capacityUse = maker('capacityUse').now;
  const plantLoad = finite(capacityUse) ? clamp01(capacityUse) : clamp01(0.6 * volumeRatio);

  const trustNow = alliance('trust').now;
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
    // Showrooms: customer goodwill (channel share against round 1) and the dealers' return on capital.
    const share = alliance('channelShare');
    const shareRatio = ratio(share.now, share.first);
    const shareScore = clamp01((shareRatio - 0.4) / 0.8);
    const roc = partner('returnOnCapital').now;
    const rocScore = finite(roc) ? clamp01((roc + 0.05) / 0.35) : 0.7;
    storefront = hasData ? clamp01(0.6 * shareScore + 0.4 * rocScore) : 0.75;
    showrooms = clamp(Math.round(1 + storefront * 3), 1, MAX_SHOWROOMS);
    customers = CUSTOMERS_AT_START * shareRatio * (downturn ? 0.6 : 1);
  } else {
    // Orders in bursts make the plant's production swing: the swing cost against round 1.
    const swings = maker('productionChangeCost');
    truckBunching = finite(swings.now) && finite(swings.first) && swings.first > 0
      ? clamp01(0.8 * (swings.now / swings.first))
      : finite(swings.now) && swings.now > 0 ? 0.8 : 0;
    const collab = alliance('collaboration').now;
    collaboration = finite(collab) ? clamp01(collab) : 0;

    const availability = partner('availability');
    storefront = finite(availability.now) ? clamp01(availability.now) : 1;

    // The warehouse is as big as its cost says; the stock on hand fills it (40 % full at the start).
    const warehousing = partner('warehousingCost');
    const sizeUnits = ratio(warehousing.now, warehousing.first);
    warehouseSize = clamp(0.75 * sizeUnits, 0.3, 1);
    const inventory = partner('inventory');
    const stockUnits = 0.4 * ratio(inventory.now, inventory.first);
    warehouseFill = clamp01(stockUnits / Math.max(sizeUnits, 0.05));

    // Stock bought ahead of need: a KPI if the scenario has one, else what lies above the start's
    // stock scaled by today's shipments (the quarter-end stock is mostly regular cover).
    const explicit = firstFinite(
      partner('forwardBoughtInventory').now,
      partner('forwardBought').now,
      partner('forwardStock').now,
    );
    if (finite(explicit) && finite(inventory.now) && inventory.now > 0) {
      forwardBoughtShare = clamp01(explicit / inventory.now);
    } else if (finite(inventory.now) && finite(inventory.first) && inventory.now > 0) {
      const normal = 1.1 * inventory.first * volumeRatio;
      forwardBoughtShare = clamp01((inventory.now - normal) / inventory.now);
    }
    const availabilityRatio = Math.min(1, ratio(availability.now, availability.first));
    customers = CUSTOMERS_AT_START * availabilityRatio * (competitor ? 0.6 : 1);
  }

  return {
    kind,
    round: Math.max(0, Math.round(input.round)),
    totalRounds: Math.max(0, Math.round(input.totalRounds)),
    phase: input.phase,
    hasData,
    left: sideOf(input, leftId),
    right: sideOf(input, rightId),
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
    gloom: downturn ? 1 : 0,
    bigBoxStore: recycled,
    couponSigns: competitor,
    banners,
    allianceEnded: input.allianceEnded,
  };
}

export type TrustLevel = 'low' | 'moderate' | 'high';

export function trustLevel(trust: number): TrustLevel {
  if (trust < LOW_TRUST) return 'low';
  return trust < HIGH_TRUST ? 'moderate' : 'high';
}

/** Moods within ±MOOD_STEADY read as "about as at the start". */
export const MOOD_STEADY = 0.15;

function profitPhrase(side: WorldSide): string {
  if (side.loss) return t('world.describe.profitLoss', { side: side.name });
  if (side.mood > MOOD_STEADY) return t('world.describe.profitUp', { side: side.name });
  if (side.mood < -MOOD_STEADY) return t('world.describe.profitDown', { side: side.name });
  return t('world.describe.profitSteady', { side: side.name });
}

/** One sentence for an aria-label or a visually hidden paragraph. */
export function describeWorld(frame: WorldFrame): string {
  const parts: string[] = [];
  const start = frame.hasData
    ? t('world.describe.round', { round: frame.round, total: frame.totalRounds })
    : t('world.describe.beforeStart');

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
    parts.push(`${profitPhrase(frame.left)}, ${profitPhrase(frame.right)}`);
  }

  for (const banner of frame.banners) {
    parts.push(
      banner.kind === 'event'
        ? t('world.describe.event', { event: banner.text })
        : t(`world.describe.event.${banner.kind}`, { event: banner.text }),
    );
  }
  return parts.length === 0 ? `${start}.` : `${start}: ${parts.join('; ')}.`;
}
