/** The delivery truck, facing right, in the maker's livery: a white box with a blue stripe. */
import { PALETTE } from '../world-palette.ts';
import type { Graphics } from './shapes.ts';

export const TRUCK_SIZE = { width: 58, height: 27 } as const;

/** Draw the truck at `scale` times its shown size, top-left at (0, 0), wheels on the bottom edge. */
export function paintTruck(g: Graphics, scale: number): void {
  const s = scale;
  // Cargo box.
  g.fillStyle(0xd3d8dd, 1);
  g.fillRoundedRect(0.5 * s, 1.5 * s, 38 * s, 19 * s, 2 * s);
  g.fillStyle(PALETTE.truckBox, 1);
  g.fillRoundedRect(1.5 * s, 2.5 * s, 36 * s, 17 * s, 1.5 * s);
  g.fillStyle(PALETTE.truckStripe, 1);
  g.fillRect(1.5 * s, 12 * s, 36 * s, 3.5 * s);
  // Cab with its window.
  g.fillStyle(PALETTE.truckCab, 1);
  g.fillRoundedRect(39.5 * s, 7 * s, 16 * s, 14 * s, { tl: 2 * s, tr: 5 * s, bl: 0, br: 1.5 * s });
  g.fillStyle(0xcfe3f0, 1);
  g.fillRoundedRect(46 * s, 9 * s, 8 * s, 5.5 * s, { tl: 1 * s, tr: 3 * s, bl: 0, br: 0 });
  // Chassis and wheels.
  g.fillStyle(PALETTE.wheel, 1);
  g.fillRect(1 * s, 20 * s, 55 * s, 2.5 * s);
  for (const x of [10, 25, 48]) {
    g.fillStyle(PALETTE.wheel, 1);
    g.fillCircle(x * s, 22.5 * s, 4.2 * s);
    g.fillStyle(0xb8c0c8, 1);
    g.fillCircle(x * s, 22.5 * s, 1.6 * s);
  }
}
