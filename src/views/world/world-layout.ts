/**
 * Geometry of the world, pure and tested: a fixed 800×360 stage that the camera zooms to fit its
 * container, where things stand on it, and where moving things (trucks, shoppers, smoke) are at a
 * given moment. The scene only asks this module and draws.
 */
import { MAX_SHOWROOMS } from './world-frame.ts';

export const STAGE = { width: 800, height: 360 } as const;

/** Where buildings stand. */
export const GROUND_Y = 258;
export const SIDEWALK_Y = 266;
export const ROAD = { top: 276, bottom: 350, outLaneY: 308, backLaneY: 343, markY: 311 } as const;
/** Trucks leave the plant's gate at `from` and enter the partner's gate at `to`. */
export const TRUCK_RUN = { from: 150, to: 600, fade: 34 } as const;
export const PLANT = { left: 16, right: 184, wallTop: 176 } as const;
export const PARTNER = { left: 556, right: 796 } as const;
/** The trust bridge: an arch from the plant's side to the partner's side. */
export const BRIDGE = { left: 200, right: 540, baseY: GROUND_Y - 4, apexY: 98, segments: 14 } as const;

export interface CameraFit {
  readonly zoom: number;
  readonly centerX: number;
  readonly centerY: number;
}

/**
 * Zoom so that the whole stage fits a `width`×`height` view. Spare width is shared evenly; spare
 * height goes three parts to the sky and one to the ground, which looks more natural.
 */
export function cameraFit(width: number, height: number): CameraFit {
  const zoom = Math.max(0.05, Math.min(width / STAGE.width, height / STAGE.height));
  const spareHeight = Math.max(0, height / zoom - STAGE.height);
  return { zoom, centerX: STAGE.width / 2, centerY: STAGE.height / 2 - 0.25 * spareHeight };
}

/** Showroom slot `index` (0 nearest the road's end). */
export function showroomSlot(index: number): { x: number; width: number } {
  const gap = 5;
  const width = (PARTNER.right - PARTNER.left - gap * (MAX_SHOWROOMS - 1)) / MAX_SHOWROOMS;
  return { x: PARTNER.left + index * (width + gap), width };
}

/** The retail warehouse's outline for a size 0..1: it grows to the left from the store. */
export function warehouseRect(size: number): { x: number; y: number; width: number; height: number } {
  const right = 724;
  const width = 70 + 98 * Math.min(1, Math.max(0, size));
  const height = 58 + 36 * Math.min(1, Math.max(0, size));
  return { x: right - width, y: GROUND_Y - height, width, height };
}

/** The small store with its shelf, right of the warehouse. */
export const STORE = { left: 732, right: 796, top: GROUND_Y - 74 } as const;

export interface TruckPlace {
  readonly x: number;
  /** The lane's surface line (the wheels stand on it). */
  readonly y: number;
  /** 1 driving right (loaded, to the partner), −1 driving left (back to the plant). */
  readonly facing: 1 | -1;
  /** 0..1: trucks fade in at the plant's gate and out at the partner's. */
  readonly alpha: number;
}

/**
 * A truck at loop position `u` (any number; the fractional part counts): the first half of the
 * loop runs out on the far lane, the second half back on the near lane.
 */
export function truckPlace(u: number): TruckPlace {
  const loop = u - Math.floor(u);
  const length = TRUCK_RUN.to - TRUCK_RUN.from;
  const out = loop < 0.5;
  const along = (out ? loop : loop - 0.5) * 2 * length;
  const x = out ? TRUCK_RUN.from + along : TRUCK_RUN.to - along;
  const edge = Math.min(along, length - along);
  return {
    x,
    y: out ? ROAD.outLaneY : ROAD.backLaneY,
    facing: out ? 1 : -1,
    alpha: Math.min(1, Math.max(0, edge / TRUCK_RUN.fade)),
  };
}

/**
 * Loop offsets of `count` trucks (fractional while a truck fades in or out). Evenly spread when
 * `bunching` is 0; in a tight convoy when it is 1, like orders that arrive in bursts.
 */
export function truckOffsets(slots: number, count: number, bunching: number): number[] {
  const spread = 1 / Math.max(1, count);
  const convoy = 0.072;
  const b = Math.min(1, Math.max(0, bunching));
  // A little irregularity, so that trucks on the two lanes do not pass each other in lockstep.
  const jitter = (i: number): number => (i === 0 ? 0 : 0.035 * Math.sin(i * 2.4));
  return Array.from({ length: slots }, (_, i) => i * (spread * (1 - b) + convoy * b) + jitter(i) * (1 - b));
}

/** A point along the bridge's arch, `f` = 0 at the plant's foot … 1 at the partner's foot. */
export function archPoint(f: number): { x: number; y: number } {
  const angle = Math.PI * (1 - f);
  const rx = (BRIDGE.right - BRIDGE.left) / 2;
  const ry = BRIDGE.baseY - BRIDGE.apexY;
  return { x: BRIDGE.left + rx + rx * Math.cos(angle), y: BRIDGE.baseY - ry * Math.sin(angle) };
}

export interface WalkerPlace {
  readonly x: number;
  readonly y: number;
  readonly alpha: number;
}

/** A shopper walking from `fromX` to `toX` on the sidewalk at loop position `u`; fades at both ends. */
export function walkerPlace(u: number, fromX: number, toX: number): WalkerPlace {
  const loop = u - Math.floor(u);
  const fade = 0.12;
  const alpha = Math.min(1, loop / fade, (1 - loop) / fade);
  return { x: fromX + (toX - fromX) * loop, y: SIDEWALK_Y, alpha: Math.max(0, alpha) };
}

/** Puff `index` of `count` rising from a chimney at loop position `u`. */
export function smokePuff(u: number, index: number, count: number): { dx: number; dy: number; radius: number; alpha: number } {
  const v = (u + index / Math.max(1, count)) % 1;
  return { dx: 14 * v + 3 * Math.sin(v * 6), dy: -40 * v, radius: 3 + 7 * v, alpha: 0.55 * (1 - v) };
}
