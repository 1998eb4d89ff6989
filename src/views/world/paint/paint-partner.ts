/**
 * The partner on the right. Dealer case: up to four showrooms that open, close and wear with
 * `storefront`, and the big-box store selling the maker's cheap line behind them. Retail case:
 * the warehouse (its size follows the warehousing cost, its racks the stock on hand: regular
 * stock blue, stock bought ahead of need orange), the store with its shelf (availability), and a
 * rival's shop handing out coupons during competitor promotions.
 */
import { MAX_SHOWROOMS } from '../world-frame.ts';
import { GROUND_Y, STORE, showroomSlot, warehouseRect } from '../world-layout.ts';
import { PALETTE, mixColor } from '../world-palette.ts';
import { presence, type WorldPose } from '../world-pose.ts';
import { fillPolygon, rect, roundRect, type Graphics } from './shapes.ts';

const SHOWROOM_HEIGHTS = [70, 76, 68, 73] as const;

/** Where a shopper enters showroom `index`. */
export function showroomDoorX(index: number): number {
  const slot = showroomSlot(index);
  return slot.x + 11;
}

export const BIG_BOX = { left: 604, right: 794, top: 140 } as const;
export const RIVAL = { left: 428, right: 492, top: 212 } as const;
export const STORE_DOOR_X = STORE.left + 12;

function bigBox(g: Graphics, alpha: number): void {
  if (alpha <= 0) return;
  const { left, right, top } = BIG_BOX;
  rect(g, left, top, right - left, GROUND_Y - top, PALETTE.bigBoxWall, alpha);
  rect(g, left, top, right - left, 5, mixColor(PALETTE.bigBoxWall, 0x6b7a72, 0.5), alpha);
  rect(g, left + 10, top + 11, right - left - 20, 16, PALETTE.bigBoxBand, alpha);
  // A leaf-like mark and blank "lettering" on the band.
  g.fillStyle(0xffffff, 0.9 * alpha);
  g.fillCircle(left + 22, top + 19, 5);
  for (let i = 0; i < 6; i++) rect(g, left + 34 + i * 22, top + 16, 16, 6, 0xffffff, 0.75 * alpha);
}

function showroom(g: Graphics, index: number, quality: number, alpha: number): void {
  const { x, width } = showroomSlot(index);
  const height = SHOWROOM_HEIGHTS[index] ?? 70;
  const top = GROUND_Y - height;
  const wall = mixColor(PALETTE.showroomWallWorn, PALETTE.showroomWall, quality);
  rect(g, x, top, width, height, wall, alpha);
  // Cornice and sign band with lamps that are on while the business is healthy.
  rect(g, x - 2, top, width + 4, 6, mixColor(0x9a9590, PALETTE.showroomTrim, quality), alpha);
  rect(g, x + 4, top + 9, width - 8, 9, mixColor(PALETTE.awningWorn, PALETTE.awningGood, quality), alpha);
  const lamps = quality > 0.5 ? Math.min(1, (quality - 0.5) / 0.2) : 0;
  for (let i = 0; i < 3; i++) {
    g.fillStyle(PALETTE.windowLit, alpha * lamps);
    g.fillCircle(x + 12 + i * ((width - 24) / 2), top + 13.5, 2);
  }
  // Striped awning.
  const awningTop = top + 22;
  const stripes = 6;
  const stripe = (width + 4) / stripes;
  for (let i = 0; i < stripes; i++) {
    const good = i % 2 === 0 ? PALETTE.awningGood : PALETTE.awningGoodAlt;
    const worn = i % 2 === 0 ? PALETTE.awningWorn : 0xc6c9cc;
    fillPolygon(g, [
      [x - 2 + i * stripe, awningTop],
      [x - 2 + (i + 1) * stripe, awningTop],
      [x - 2 + (i + 1) * stripe + 1, awningTop + 9],
      [x - 2 + i * stripe - 1, awningTop + 9],
    ], mixColor(worn, good, quality), alpha);
  }
  // Door and shop window; boards go up as the business runs down.
  const windowTop = awningTop + 13;
  const windowBottom = GROUND_Y - 8;
  rect(g, x + 5, windowTop, 12, GROUND_Y - windowTop, mixColor(PALETTE.glassDim, 0x6d8597, quality), alpha);
  const glassX = x + 21;
  const glassW = width - 26;
  rect(g, glassX, windowTop, glassW, windowBottom - windowTop, mixColor(PALETTE.glassDim, PALETTE.glass, quality), alpha);
  // Goods on display in a healthy showroom.
  const display = Math.min(1, Math.max(0, (quality - 0.3) / 0.4));
  for (let i = 0; i < 3; i++) {
    rect(g, glassX + 3 + i * (glassW / 3), windowBottom - 8 - (i % 2) * 3, glassW / 3 - 5, 8 + (i % 2) * 3, i === 1 ? PALETTE.stockForward : PALETTE.awningGood, alpha * display * 0.8);
  }
  const boarded = quality < 0.35 ? Math.min(1, (0.35 - quality) / 0.15) : 0;
  if (boarded > 0) {
    for (let i = 0; i < 3; i++) {
      fillPolygon(g, [
        [glassX - 1, windowTop + 4 + i * 9],
        [glassX + glassW + 1, windowTop + 9 + i * 9],
        [glassX + glassW + 1, windowTop + 14 + i * 9],
        [glassX - 1, windowTop + 9 + i * 9],
      ], PALETTE.board, alpha * boarded);
    }
  }
  rect(g, x, GROUND_Y - 3, width, 3, PALETTE.showroomTrim, alpha * 0.6);
}

function emptyLot(g: Graphics, index: number, alpha: number): void {
  if (alpha <= 0) return;
  const { x, width } = showroomSlot(index);
  // A fenced, empty lot with a "to let" board.
  g.lineStyle(1.5, PALETTE.lotOutline, alpha);
  for (let px = x + 2; px < x + width - 2; px += 8) g.lineBetween(px, GROUND_Y - 12, px, GROUND_Y);
  g.lineBetween(x + 2, GROUND_Y - 9, x + width - 2, GROUND_Y - 9);
  rect(g, x + width / 2 - 1, GROUND_Y - 34, 2, 22, PALETTE.showroomTrim, alpha);
  roundRect(g, x + width / 2 - 12, GROUND_Y - 42, 24, 14, 2, 0xffffff, alpha);
  rect(g, x + width / 2 - 8, GROUND_Y - 37, 16, 2, PALETTE.moodDown, alpha);
  rect(g, x + width / 2 - 8, GROUND_Y - 33, 11, 2, PALETTE.lotOutline, alpha);
}

export function paintDealers(g: Graphics, pose: WorldPose): void {
  bigBox(g, pose.bigBox);
  for (let i = 0; i < MAX_SHOWROOMS; i++) {
    const here = presence(pose.showrooms, i);
    emptyLot(g, i, 1 - here);
    if (here > 0) showroom(g, i, pose.storefront, here);
  }
}

function rivalShop(g: Graphics, alpha: number): void {
  if (alpha <= 0) return;
  const { left, right, top } = RIVAL;
  rect(g, left, top, right - left, GROUND_Y - top, PALETTE.rivalWall, alpha);
  const stripes = 5;
  const stripe = (right - left + 4) / stripes;
  for (let i = 0; i < stripes; i++) {
    rect(g, left - 2 + i * stripe, top + 4, stripe, 8, i % 2 === 0 ? PALETTE.rivalAwning : 0xf3e6ee, alpha);
  }
  rect(g, left + 6, top + 18, 14, GROUND_Y - top - 18, PALETTE.glassDim, alpha);
  rect(g, left + 26, top + 18, right - left - 32, 18, PALETTE.glass, alpha);
  // Coupon placards on posts.
  for (const [x, h] of [
    [left - 14, 26],
    [right + 10, 30],
  ] as const) {
    rect(g, x - 1, GROUND_Y - h, 2, h, PALETTE.showroomTrim, alpha);
    roundRect(g, x - 10, GROUND_Y - h - 12, 20, 14, 2, PALETTE.coupon, alpha);
    g.lineStyle(1, PALETTE.couponEdge, alpha);
    g.strokeRoundedRect(x - 8, GROUND_Y - h - 10, 16, 10, 1);
    g.fillStyle(PALETTE.couponEdge, alpha);
    g.fillCircle(x - 3, GROUND_Y - h - 6, 1.6);
    g.fillCircle(x + 3, GROUND_Y - h - 4, 1.6);
  }
}

function warehouse(g: Graphics, pose: WorldPose): void {
  const box = warehouseRect(pose.warehouseSize);
  rect(g, box.x, box.y, box.width, box.height, PALETTE.warehouseWall);
  fillPolygon(g, [
    [box.x - 4, box.y + 2],
    [box.x + box.width / 2, box.y - 12],
    [box.x + box.width + 4, box.y + 2],
  ], PALETTE.warehouseRoof);
  // A cut-away front shows the racks: cells fill bottom-up, bought-ahead stock on top.
  const inner = { x: box.x + 8, y: box.y + 12, width: box.width - 16, height: box.height - 18 };
  rect(g, inner.x, inner.y, inner.width, inner.height, PALETTE.warehouseInside);
  const cell = 11;
  const cols = Math.max(1, Math.floor(inner.width / cell));
  const rows = Math.max(1, Math.floor(inner.height / cell));
  const offsetX = inner.x + (inner.width - cols * cell) / 2;
  const total = cols * rows;
  const filled = pose.warehouseFill * total;
  const regular = filled * (1 - pose.forwardShare);
  for (let k = 0; k < total; k++) {
    const amount = Math.min(1, Math.max(0, filled - k));
    if (amount <= 0) break;
    const row = Math.floor(k / cols);
    const col = k % cols;
    const color = k < Math.floor(regular) ? PALETTE.stockRegular : PALETTE.stockForward;
    rect(g, offsetX + col * cell + 1, inner.y + inner.height - (row + 1) * cell + 1, cell - 2, cell - 2, color, amount);
  }
  for (let row = 1; row < rows; row++) {
    rect(g, inner.x, inner.y + inner.height - row * cell - 0.5, inner.width, 1, 0x4f483f, 0.8);
  }
}

function store(g: Graphics, availability: number): void {
  const { left, right, top } = STORE;
  rect(g, left, top, right - left, GROUND_Y - top, PALETTE.storeWall);
  rect(g, left - 2, top, right - left + 4, 6, PALETTE.showroomTrim);
  const stripes = 5;
  const stripe = (right - left + 4) / stripes;
  for (let i = 0; i < stripes; i++) {
    rect(g, left - 2 + i * stripe, top + 9, stripe, 8, i % 2 === 0 ? PALETTE.awningGood : PALETTE.awningGoodAlt);
  }
  rect(g, left + 6, top + 22, 12, GROUND_Y - top - 22, 0x6d8597);
  // The shelf behind the window: products where there is stock, gaps where there is none.
  const shelf = { x: left + 22, y: top + 22, width: right - left - 26, height: GROUND_Y - top - 30 };
  rect(g, shelf.x, shelf.y, shelf.width, shelf.height, PALETTE.glass);
  const rows = 3;
  const cols = 4;
  const slotW = shelf.width / cols;
  const slotH = shelf.height / rows;
  const stocked = availability * rows * cols;
  for (let row = 0; row < rows; row++) {
    rect(g, shelf.x, shelf.y + (row + 1) * slotH - 2, shelf.width, 2, PALETTE.shelf);
    for (let col = 0; col < cols; col++) {
      // Gaps appear first at the far end of each shelf.
      const k = col * rows + row;
      const amount = Math.min(1, Math.max(0, stocked - k));
      const x = shelf.x + col * slotW + 1.5;
      const y = shelf.y + row * slotH + 3;
      rect(g, x, y, slotW - 3, slotH - 5, PALETTE.shelfGap);
      rect(g, x, y, slotW - 3, slotH - 5, (row + col) % 2 === 0 ? PALETTE.shelfGood : PALETTE.stockRegular, amount);
    }
  }
}

export function paintRetailer(g: Graphics, pose: WorldPose): void {
  rivalShop(g, pose.coupons);
  warehouse(g, pose);
  store(g, pose.storefront);
}
