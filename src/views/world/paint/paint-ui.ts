/**
 * The few labels on the canvas: a chip per side with a profit arrow (up and blue when profit is
 * above the round before's, down and vermillion when below, level and grey when about the same), the round,
 * and a banner per active event with a small icon of its kind. The scene places the text; these
 * functions draw the chips around it.
 */
import type { BannerKind } from '../world-frame.ts';
import { PALETTE, moodColor } from '../world-palette.ts';
import { fillPolygon, rect, roundRect, type Graphics, type Point } from './shapes.ts';

export const CHIP = { height: 26, padding: 9, icon: 18, gap: 6, radius: 13 } as const;
export const BANNER = { height: 24, top: 34, step: 28, padding: 10, icon: 16, gap: 7 } as const;

export function chipWidth(textWidth: number): number {
  return CHIP.padding * 2 + CHIP.icon + CHIP.gap + textWidth;
}

/** A side's chip with its profit arrow; `mood` null draws a plain dot (no round played yet). */
export function paintSideChip(g: Graphics, x: number, y: number, textWidth: number, mood: number | null): void {
  const width = chipWidth(textWidth);
  roundRect(g, x, y, width, CHIP.height, CHIP.radius, PALETTE.chip, 0.94);
  g.lineStyle(1, PALETTE.chipEdge, 1);
  g.strokeRoundedRect(x, y, width, CHIP.height, CHIP.radius);
  const cx = x + CHIP.padding + CHIP.icon / 2;
  const cy = y + CHIP.height / 2;
  if (mood === null) {
    g.fillStyle(PALETTE.moodSteady, 0.6);
    g.fillCircle(cx, cy, 5);
    return;
  }
  g.fillStyle(moodColor(mood), 1);
  g.fillCircle(cx, cy, CHIP.icon / 2);
  // An arrow pointing right, turned up (profit up) or down (profit down) by up to 60°.
  const angle = -Math.max(-1, Math.min(1, mood)) * (Math.PI / 3);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const turn = ([px, py]: Point): Point => [cx + px * cos - py * sin, cy + px * sin + py * cos];
  fillPolygon(g, ([
    [-5, -1.4],
    [1, -1.4],
    [1, -4.2],
    [5.5, 0],
    [1, 4.2],
    [1, 1.4],
    [-5, 1.4],
  ] as const).map(turn), 0xffffff);
}

const BANNER_ACCENT: Readonly<Record<BannerKind, number>> = {
  'falling-demand': PALETTE.moodSteady,
  'rival-store': PALETTE.bigBoxBand,
  coupon: PALETTE.rivalAwning,
  notice: PALETTE.stockForward,
};

export function bannerWidth(textWidth: number): number {
  return BANNER.padding * 2 + BANNER.icon + BANNER.gap + textWidth;
}

/** An event banner centred on `cx`, with an icon for its kind. */
export function paintBanner(g: Graphics, cx: number, y: number, textWidth: number, kind: BannerKind, alpha: number): void {
  const width = bannerWidth(textWidth);
  const x = cx - width / 2;
  roundRect(g, x, y, width, BANNER.height, 6, PALETTE.chip, 0.95 * alpha);
  g.lineStyle(1, PALETTE.chipEdge, alpha);
  g.strokeRoundedRect(x, y, width, BANNER.height, 6);
  rect(g, x, y + 4, 3, BANNER.height - 8, BANNER_ACCENT[kind], alpha);
  const ix = x + BANNER.padding;
  const iy = y + BANNER.height / 2;
  switch (kind) {
    case 'falling-demand': {
      // A falling line.
      g.lineStyle(2.2, PALETTE.moodDown, alpha);
      g.beginPath();
      g.moveTo(ix, iy - 5);
      g.lineTo(ix + 5, iy - 1);
      g.lineTo(ix + 9, iy - 3);
      g.lineTo(ix + 15, iy + 5);
      g.strokePath();
      break;
    }
    case 'rival-store': {
      // A big-box store front.
      rect(g, ix, iy - 5, 16, 11, PALETTE.bigBoxWall, alpha);
      rect(g, ix, iy - 5, 16, 4, PALETTE.bigBoxBand, alpha);
      rect(g, ix + 6, iy + 1, 4, 5, PALETTE.windowDark, alpha);
      break;
    }
    case 'coupon': {
      // A coupon.
      roundRect(g, ix, iy - 5, 16, 10, 2, PALETTE.coupon, alpha);
      g.lineStyle(1, PALETTE.couponEdge, alpha);
      g.strokeRoundedRect(ix + 1.5, iy - 3.5, 13, 7, 1);
      break;
    }
    default: {
      g.fillStyle(BANNER_ACCENT.notice, alpha);
      g.fillCircle(ix + 8, iy, 5);
    }
  }
}
