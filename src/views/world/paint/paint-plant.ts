/**
 * The maker's plant on the left. Dealer case: an office-products plant with a saw-tooth roof and a
 * stack of paper on its sign. Retail case: a consumer-goods plant with two tanks. The busier the
 * plant (`plantLoad`), the more windows are lit. Chimney positions are exported for the smoke.
 */
import type { WorldCaseKind } from '../world-frame.ts';
import { GROUND_Y, PLANT, TRUCK_RUN } from '../world-layout.ts';
import { PALETTE, mixColor } from '../world-palette.ts';
import type { WorldPose } from '../world-pose.ts';
import { fillPolygon, rect, roundRect, type Graphics, type Point } from './shapes.ts';

/** Tops of the chimneys, where smoke starts. */
export function chimneyTops(kind: WorldCaseKind): readonly Point[] {
  return kind === 'dealer'
    ? [
        [42, 122],
        [66, 132],
      ]
    : [[PLANT.left + 84, 124]];
}

function chimneys(g: Graphics, kind: WorldCaseKind): void {
  for (const [x, y] of chimneyTops(kind)) {
    rect(g, x - 5, y, 10, PLANT.wallTop - y, PALETTE.plantWallDark);
    rect(g, x - 6, y, 12, 4, PALETTE.plantRoof);
    rect(g, x - 5, y + 10, 10, 3, PALETTE.tankBand, 0.7);
  }
}

function windows(g: Graphics, left: number, right: number, y: number, load: number): void {
  const count = Math.floor((right - left) / 21);
  const lit = load * count;
  for (let i = 0; i < count; i++) {
    const x = left + 6 + i * 21;
    const on = Math.min(1, Math.max(0, lit - i));
    rect(g, x, y, 13, 12, mixColor(PALETTE.windowDark, PALETTE.windowLit, on));
  }
}

function loadingDock(g: Graphics): void {
  const x = TRUCK_RUN.from - 20;
  rect(g, x, GROUND_Y - 34, 40, 34, PALETTE.plantWallDark);
  for (let i = 0; i < 5; i++) rect(g, x + 4, GROUND_Y - 30 + i * 6, 32, 3, PALETTE.windowDark, 0.55);
}

function paperSign(g: Graphics, x: number, y: number): void {
  roundRect(g, x, y, 34, 22, 3, 0xffffff, 0.95);
  for (let i = 0; i < 4; i++) rect(g, x + 7 + i * 1.5, y + 14 - i * 3, 18, 3, i % 2 === 0 ? PALETTE.tankBand : 0xd9dde1);
}

function bottleSign(g: Graphics, x: number, y: number): void {
  roundRect(g, x, y, 34, 22, 3, 0xffffff, 0.95);
  roundRect(g, x + 9, y + 7, 7, 12, 2, PALETTE.tankBand);
  rect(g, x + 11, y + 4, 3, 4, PALETTE.tankBand);
  roundRect(g, x + 19, y + 9, 7, 10, 2, PALETTE.stockForward);
  rect(g, x + 21, y + 6, 3, 4, PALETTE.stockForward);
}

export function paintPlant(g: Graphics, pose: WorldPose, kind: WorldCaseKind): void {
  const load = pose.plantLoad;
  chimneys(g, kind);
  if (kind === 'dealer') {
    const left = PLANT.left;
    const right = PLANT.right;
    rect(g, left, PLANT.wallTop, right - left, GROUND_Y - PLANT.wallTop, PALETTE.plantWall);
    // Saw-tooth roof with north lights.
    const teeth = 4;
    const width = (right - left) / teeth;
    for (let i = 0; i < teeth; i++) {
      const x = left + i * width;
      fillPolygon(g, [
        [x, PLANT.wallTop],
        [x + width * 0.78, PLANT.wallTop - 24],
        [x + width * 0.78, PLANT.wallTop],
      ], PALETTE.plantRoof);
      fillPolygon(g, [
        [x + width * 0.78, PLANT.wallTop - 24],
        [x + width, PLANT.wallTop - 24],
        [x + width, PLANT.wallTop],
        [x + width * 0.78, PLANT.wallTop],
      ], mixColor(PALETTE.glass, PALETTE.windowLit, load * 0.6));
    }
    rect(g, left, PLANT.wallTop - 1, right - left, 3, PALETTE.plantRoof);
    windows(g, left + 4, right - 4, PLANT.wallTop + 12, load);
    windows(g, left + 4, TRUCK_RUN.from - 22, PLANT.wallTop + 34, load);
    paperSign(g, left + 8, GROUND_Y - 32);
  } else {
    // Two tanks on the left, joined by a pipe to the filling hall.
    for (const x of [PLANT.left, PLANT.left + 25]) {
      const top = PLANT.wallTop - 16;
      roundRect(g, x, top, 22, GROUND_Y - top, 6, PALETTE.tank);
      rect(g, x, top + 16, 22, 4, PALETTE.tankBand, 0.75);
      rect(g, x, top + 40, 22, 2, PALETTE.plantWallDark, 0.6);
    }
    const left = PLANT.left + 52;
    const right = PLANT.right;
    rect(g, PLANT.left + 20, PLANT.wallTop + 8, left - PLANT.left - 18, 4, PALETTE.plantWallDark);
    rect(g, left, PLANT.wallTop, right - left, GROUND_Y - PLANT.wallTop, PALETTE.plantWall);
    fillPolygon(g, [
      [left - 4, PLANT.wallTop + 1],
      [(left + right) / 2, PLANT.wallTop - 22],
      [right + 4, PLANT.wallTop + 1],
    ], PALETTE.plantRoof);
    windows(g, left + 2, right - 2, PLANT.wallTop + 12, load);
    windows(g, left + 2, TRUCK_RUN.from - 22, PLANT.wallTop + 34, load);
    bottleSign(g, left + 6, GROUND_Y - 32);
  }
  loadingDock(g);
}
