/**
 * What the world scene draws at one instant: every instruction of a WorldFrame as a number, so
 * that the scene can glide from one round's frame to the next by blending two poses. Counts stay
 * fractional while blending (3.4 trucks = three trucks and a fourth fading in). Pure, no Phaser.
 */
import { clamp01, type WorldFrame } from './world-frame.ts';

export interface WorldPose {
  readonly hasData: number;
  readonly trucks: number;
  readonly bunching: number;
  readonly plantLoad: number;
  readonly trust: number;
  readonly collaboration: number;
  readonly showrooms: number;
  readonly storefront: number;
  readonly warehouseSize: number;
  readonly warehouseFill: number;
  readonly forwardShare: number;
  readonly customers: number;
  readonly gloom: number;
  readonly bigBox: number;
  readonly coupons: number;
  readonly broken: number;
  readonly leftMood: number;
  readonly rightMood: number;
}

export function poseOf(frame: WorldFrame): WorldPose {
  return {
    hasData: frame.hasData ? 1 : 0,
    trucks: frame.truckCount,
    bunching: frame.truckBunching,
    plantLoad: frame.plantLoad,
    trust: frame.trust,
    collaboration: frame.collaboration ?? 0,
    showrooms: frame.showrooms,
    storefront: frame.storefront,
    warehouseSize: frame.warehouseSize,
    warehouseFill: frame.warehouseFill,
    forwardShare: frame.forwardBoughtShare,
    customers: frame.customers,
    gloom: frame.gloom,
    bigBox: frame.bigBoxStore ? 1 : 0,
    coupons: frame.couponSigns ? 1 : 0,
    broken: frame.allianceEnded ? 1 : 0,
    leftMood: frame.left.mood,
    rightMood: frame.right.mood,
  };
}

/** The pose `progress` (0..1) of the way from `from` to `to`. */
export function blendPose(from: WorldPose, to: WorldPose, progress: number): WorldPose {
  const p = clamp01(progress);
  const out: Record<string, number> = {};
  for (const key of Object.keys(to) as (keyof WorldPose)[]) out[key] = from[key] * (1 - p) + to[key] * p;
  return out as unknown as WorldPose;
}

/** How visible item `index` (0-based) of a fractional `count` is: 1 when fully there, 0 when gone. */
export function presence(count: number, index: number): number {
  return clamp01(count - index);
}

/** Smooth start and stop for tweens driven by hand (same shape as Phaser's Sine.easeInOut). */
export function easeInOut(progress: number): number {
  return 0.5 - 0.5 * Math.cos(Math.PI * clamp01(progress));
}
