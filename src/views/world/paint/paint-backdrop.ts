/** Sky, hills, ground, trees and the road: the calm background. A downturn greys the sky. */
import { GROUND_Y, ROAD, SIDEWALK_Y, STAGE, TRUCK_RUN } from '../world-layout.ts';
import { PALETTE, mixColor } from '../world-palette.ts';
import type { WorldPose } from '../world-pose.ts';
import { fillPolygon, rect, type Graphics, type Point } from './shapes.ts';

/** The backdrop reaches far beyond the stage so that any container shape is filled. */
const FAR = { left: -2400, right: STAGE.width + 2400, top: -1600, bottom: STAGE.height + 1600 } as const;

function hill(baseY: number, amplitude: number, phase: number): Point[] {
  const points: Point[] = [[FAR.left, GROUND_Y + 2]];
  for (let x = FAR.left; x <= FAR.right; x += 16) {
    const y = baseY + amplitude * Math.sin(x / 95 + phase) + amplitude * 0.55 * Math.sin(x / 41 + phase * 2);
    points.push([x, y]);
  }
  points.push([FAR.right, GROUND_Y + 2]);
  return points;
}

function cloud(g: Graphics, x: number, y: number, size: number, color: number, alpha: number): void {
  if (alpha <= 0) return;
  g.fillStyle(color, alpha);
  g.fillEllipse(x, y, 46 * size, 14 * size);
  g.fillEllipse(x - 10 * size, y - 5 * size, 22 * size, 14 * size);
  g.fillEllipse(x + 8 * size, y - 7 * size, 26 * size, 17 * size);
}

function tree(g: Graphics, x: number, size: number, gloom: number): void {
  const leaf = mixColor(0x9db8a4, 0xa9b0ab, gloom);
  rect(g, x - 1.5 * size, GROUND_Y - 10 * size, 3 * size, 10 * size, 0x8c7e6a);
  g.fillStyle(leaf, 1);
  g.fillCircle(x, GROUND_Y - 16 * size, 8 * size);
  g.fillCircle(x - 5 * size, GROUND_Y - 11 * size, 6 * size);
  g.fillCircle(x + 5 * size, GROUND_Y - 11 * size, 6 * size);
}

export function paintBackdrop(g: Graphics, pose: WorldPose): void {
  const gloom = pose.gloom;
  const top = mixColor(PALETTE.skyTop, PALETTE.skyGloomTop, gloom);
  const bottom = mixColor(PALETTE.skyBottom, PALETTE.skyGloomBottom, gloom);

  // Sky in soft bands (gradients are WebGL-only; bands look the same in both renderers).
  rect(g, FAR.left, FAR.top, FAR.right - FAR.left, -FAR.top, top);
  const bands = 10;
  for (let i = 0; i < bands; i++) {
    const y0 = (GROUND_Y * i) / bands;
    rect(g, FAR.left, y0, FAR.right - FAR.left, GROUND_Y / bands + 1, mixColor(top, bottom, i / (bands - 1)));
  }

  // A pale sun that hides behind the clouds in a downturn.
  g.fillStyle(PALETTE.sun, 0.5 * (1 - gloom));
  g.fillCircle(742, 86, 26);
  g.fillStyle(PALETTE.sun, 0.95 * (1 - gloom));
  g.fillCircle(742, 86, 16);

  const cloudColor = mixColor(PALETTE.cloud, PALETTE.cloudGloom, gloom);
  cloud(g, 118, 92, 1, cloudColor, 0.85);
  cloud(g, 292, 58, 0.8, cloudColor, 0.7);
  cloud(g, 640, 118, 0.9, cloudColor, 0.75);
  // Heavier cloud cover in a downturn.
  cloud(g, 430, 70, 1.5, PALETTE.cloudGloom, 0.8 * gloom);
  cloud(g, 705, 80, 1.3, PALETTE.cloudGloom, 0.85 * gloom);
  cloud(g, 40, 58, 1.2, PALETTE.cloudGloom, 0.7 * gloom);

  fillPolygon(g, hill(206, 9, 0.4), mixColor(PALETTE.hillFar, PALETTE.hillGloom, gloom));
  fillPolygon(g, hill(230, 7, 2.1), mixColor(PALETTE.hillNear, PALETTE.hillGloom, gloom * 0.9));

  // Ground, trees under the bridge, sidewalk, road.
  const ground = mixColor(PALETTE.ground, PALETTE.groundGloom, gloom);
  rect(g, FAR.left, GROUND_Y - 2, FAR.right - FAR.left, FAR.bottom - GROUND_Y, ground);
  for (const [x, size] of [
    [236, 0.9],
    [268, 1.1],
    [448, 0.8],
    [506, 1],
    [528, 0.75],
  ] as const) {
    tree(g, x, size, gloom);
  }

  rect(g, FAR.left, SIDEWALK_Y - 5, FAR.right - FAR.left, ROAD.top - SIDEWALK_Y + 1, PALETTE.sidewalk);
  rect(g, FAR.left, ROAD.top - 4, FAR.right - FAR.left, 4, PALETTE.curb);
  rect(g, FAR.left, ROAD.top, FAR.right - FAR.left, ROAD.bottom - ROAD.top, PALETTE.road);
  rect(g, FAR.left, ROAD.top, FAR.right - FAR.left, 2, PALETTE.roadEdge);
  rect(g, FAR.left, ROAD.bottom - 2, FAR.right - FAR.left, 2, PALETTE.roadEdge);
  rect(g, FAR.left, ROAD.bottom, FAR.right - FAR.left, FAR.bottom - ROAD.bottom, mixColor(PALETTE.verge, PALETTE.groundGloom, gloom));

  // Lane marking, and the driveways to the plant's and the partner's gates.
  for (let x = -40; x < STAGE.width + 40; x += 36) rect(g, x, ROAD.markY, 20, 2.5, PALETTE.laneMark, 0.85);
  for (const x of [TRUCK_RUN.from, TRUCK_RUN.to]) {
    fillPolygon(g, [
      [x - 22, GROUND_Y],
      [x + 22, GROUND_Y],
      [x + 28, ROAD.top],
      [x - 28, ROAD.top],
    ], PALETTE.apron);
  }
}
