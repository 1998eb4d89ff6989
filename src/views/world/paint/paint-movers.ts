/**
 * Things that move every frame, drawn from the clock: smoke from the plant, shoppers walking to
 * the partner's doors (and to the big-box store or the rival's shop when those are there).
 * Trucks are images the scene moves itself.
 */
import { MAX_CUSTOMERS, type WorldCaseKind } from '../world-frame.ts';
import { BRIDGE, smokePuff, walkerPlace } from '../world-layout.ts';
import { PALETTE, mixColor } from '../world-palette.ts';
import { presence, type WorldPose } from '../world-pose.ts';
import { chimneyTops } from './paint-plant.ts';
import { BIG_BOX, RIVAL, STORE_DOOR_X, showroomDoorX } from './paint-partner.ts';
import { person, type Graphics } from './shapes.ts';

const SMOKE_PERIOD_MS = 5200;
const WALK_PERIOD_MS = 11000;

export function paintSmoke(g: Graphics, pose: WorldPose, kind: WorldCaseKind, clockMs: number): void {
  const color = mixColor(PALETTE.smoke, PALETTE.smokeGloom, pose.gloom);
  const count = 1 + Math.round(5 * pose.plantLoad);
  const u = clockMs / SMOKE_PERIOD_MS;
  chimneyTops(kind).forEach(([x, y], chimney) => {
    for (let i = 0; i < count; i++) {
      const puff = smokePuff(u + chimney * 0.37, i, count);
      g.fillStyle(color, Math.min(1, puff.alpha * (0.7 + 0.8 * pose.plantLoad)));
      g.fillCircle(x + puff.dx, y - 2 + puff.dy, puff.radius);
    }
  });
}

/** Where shopper `index` heads: a showroom door, the store door, or the rival's / big box's door. */
function destination(kind: WorldCaseKind, pose: WorldPose, index: number): number {
  if (kind === 'dealer') {
    const open = Math.max(1, Math.round(pose.showrooms));
    return showroomDoorX(index % open);
  }
  return STORE_DOOR_X;
}

export function paintShoppers(g: Graphics, pose: WorldPose, kind: WorldCaseKind, clockMs: number): void {
  const u = clockMs / WALK_PERIOD_MS;
  for (let i = 0; i < MAX_CUSTOMERS; i++) {
    const here = presence(pose.customers, i);
    if (here <= 0) continue;
    const fromX = i % 2 === 0 ? BRIDGE.right + 4 : 812;
    const place = walkerPlace(u + i * 0.29 + (i % 3) * 0.07, fromX, destination(kind, pose, i));
    person(g, place.x, place.y, i % 3 === 1 ? PALETTE.personAlt : PALETTE.person, here * place.alpha);
  }
  // Shoppers drawn away: to the big-box store (dealer case) or the rival's shop (retail case).
  const away = kind === 'dealer' ? pose.bigBox : pose.coupons;
  if (away > 0) {
    const target = kind === 'dealer' ? BIG_BOX.right - 14 : (RIVAL.left + RIVAL.right) / 2;
    for (let i = 0; i < 3; i++) {
      const fromX = kind === 'dealer' ? BRIDGE.right + 4 : 600;
      const place = walkerPlace(u * 1.1 + i * 0.33 + 0.15, fromX, target);
      person(g, place.x, place.y, i === 1 ? PALETTE.personAlt : PALETTE.person, away * place.alpha);
    }
  }
}

/** Coupons fluttering down around the rival's shop. */
export function paintCoupons(g: Graphics, pose: WorldPose, clockMs: number): void {
  if (pose.coupons <= 0) return;
  for (let i = 0; i < 5; i++) {
    const v = (clockMs / 6000 + i / 5) % 1;
    const x = RIVAL.left - 10 + i * 18 + 8 * Math.sin(v * 9 + i);
    const y = RIVAL.top - 30 + v * 60;
    const alpha = pose.coupons * Math.min(1, (1 - v) * 3, v * 6);
    g.fillStyle(PALETTE.coupon, alpha);
    g.fillRect(x - 4, y - 2.5, 8, 5);
    g.lineStyle(1, PALETTE.couponEdge, alpha);
    g.strokeRect(x - 4, y - 2.5, 8, 5);
  }
}
