/**
 * The trust bridge: an arch from the plant's side to the partner's, read like a gauge. The lit
 * part runs from the plant's foot and is as long as trust is high; its colour goes from orange
 * (low) to deep blue (high), and a marker sits at the current value. When the alliance ends, the
 * arch breaks at the top and its pieces lie on the ground. Retail case: figures of the joint team
 * stand under the arch as collaboration grows.
 */
import { BRIDGE, GROUND_Y, archPoint } from '../world-layout.ts';
import { PALETTE, mixColor, trustColor } from '../world-palette.ts';
import { presence, type WorldPose } from '../world-pose.ts';
import { fillPolygon, person, rect, type Graphics, type Point } from './shapes.ts';

const THICKNESS = 11;
const BREAK = { from: 0.42, to: 0.58 } as const;

function arc(from: number, to: number): Point[] {
  const steps = Math.max(2, Math.ceil((to - from) * 60));
  return Array.from({ length: steps + 1 }, (_, i) => {
    const p = archPoint(from + ((to - from) * i) / steps);
    return [p.x, p.y] as const;
  });
}

/** A band of the arch between fractions `from` and `to`, as a filled polygon. */
function band(g: Graphics, from: number, to: number, color: number, alpha: number): void {
  if (to <= from || alpha <= 0) return;
  const outer = arc(from, to);
  const cx = (BRIDGE.left + BRIDGE.right) / 2;
  const rx = (BRIDGE.right - BRIDGE.left) / 2;
  const ry = BRIDGE.baseY - BRIDGE.apexY;
  const inner = outer.map(([x, y]): Point => {
    // Shrink towards the centre of the ellipse to get the inner edge.
    const dx = (x - cx) / rx;
    const dy = (y - BRIDGE.baseY) / ry;
    return [cx + dx * (rx - THICKNESS), BRIDGE.baseY + dy * (ry - THICKNESS)];
  });
  fillPolygon(g, [...outer, ...inner.reverse()], color, alpha);
}

export function paintBridge(g: Graphics, pose: WorldPose): void {
  const broken = pose.broken;
  const known = pose.hasData;
  const lit = trustColor(pose.trust);
  const segments = BRIDGE.segments;
  const gap = 0.006;

  // Piers at both feet.
  for (const x of [BRIDGE.left, BRIDGE.right]) {
    const side = x === BRIDGE.left ? -1 : 1;
    rect(g, x - 9 + side * 3, BRIDGE.baseY - 6, 18, GROUND_Y - BRIDGE.baseY + 6, PALETTE.bridgeStone);
  }

  for (let k = 0; k < segments; k++) {
    const from = k / segments + gap;
    const to = (k + 1) / segments - gap;
    const middle = (from + to) / 2;
    // Segments at the top fall away when the alliance ends.
    const inBreak = middle > BREAK.from && middle < BREAK.to;
    const alpha = inBreak ? 1 - broken : 1;
    const unlit = mixColor(PALETTE.trustUnlit, PALETTE.broken, broken * 0.5);
    band(g, from, to, unlit, alpha);
    const share = known * Math.min(1, Math.max(0, pose.trust * segments - k));
    if (share > 0) {
      band(g, from, from + (to - from) * share, mixColor(lit, PALETTE.broken, broken), alpha);
    }
  }

  // Fallen pieces on the ground under the gap.
  if (broken > 0) {
    const cx = (BRIDGE.left + BRIDGE.right) / 2;
    for (const [dx, w, h, tilt] of [
      [-30, 22, 9, 4],
      [-4, 16, 8, -3],
      [22, 24, 10, 5],
    ] as const) {
      const x = cx + dx;
      fillPolygon(g, [
        [x, GROUND_Y - h + tilt],
        [x + w, GROUND_Y - h - tilt],
        [x + w, GROUND_Y],
        [x, GROUND_Y],
      ], PALETTE.broken, broken);
    }
  }

  // The marker at the current trust value.
  if (known > 0 && broken < 1) {
    const at = archPoint(Math.min(0.985, Math.max(0.015, pose.trust)));
    const cx = (BRIDGE.left + BRIDGE.right) / 2;
    const rx = (BRIDGE.right - BRIDGE.left) / 2;
    const ry = BRIDGE.baseY - BRIDGE.apexY;
    const mx = cx + ((at.x - cx) / rx) * (rx - THICKNESS / 2);
    const my = BRIDGE.baseY + ((at.y - BRIDGE.baseY) / ry) * (ry - THICKNESS / 2);
    g.fillStyle(0xffffff, known * (1 - broken));
    g.fillCircle(mx, my, 8.5);
    g.lineStyle(3, lit, known * (1 - broken));
    g.strokeCircle(mx, my, 8.5);
  }
}

/** The joint team (retail case): pairs of figures under the arch, more as collaboration grows. */
export function paintJointTeam(g: Graphics, pose: WorldPose): void {
  const pairs = 3 * pose.collaboration * (1 - pose.broken);
  for (let i = 0; i < 3; i++) {
    const alpha = presence(pairs, i);
    if (alpha <= 0) continue;
    const x = 330 + i * 36;
    person(g, x - 5, GROUND_Y - 1, PALETTE.plantRoof, alpha);
    person(g, x + 5, GROUND_Y - 1, PALETTE.personAlt, alpha);
  }
}
