/** Small drawing helpers shared by the painters. */
import type Phaser from 'phaser';

export type Graphics = Phaser.GameObjects.Graphics;
export type Point = readonly [number, number];

export function fillPolygon(g: Graphics, points: readonly Point[], color: number, alpha = 1): void {
  const [first, ...rest] = points;
  if (first === undefined || alpha <= 0) return;
  g.fillStyle(color, alpha);
  g.beginPath();
  g.moveTo(first[0], first[1]);
  for (const [x, y] of rest) g.lineTo(x, y);
  g.closePath();
  g.fillPath();
}

export function strokePolyline(g: Graphics, points: readonly Point[], width: number, color: number, alpha = 1): void {
  const [first, ...rest] = points;
  if (first === undefined || alpha <= 0) return;
  g.lineStyle(width, color, alpha);
  g.beginPath();
  g.moveTo(first[0], first[1]);
  for (const [x, y] of rest) g.lineTo(x, y);
  g.strokePath();
}

export function rect(g: Graphics, x: number, y: number, width: number, height: number, color: number, alpha = 1): void {
  if (alpha <= 0 || width <= 0 || height <= 0) return;
  g.fillStyle(color, alpha);
  g.fillRect(x, y, width, height);
}

export function roundRect(
  g: Graphics,
  x: number,
  y: number,
  width: number,
  height: number,
  radius: number,
  color: number,
  alpha = 1,
): void {
  if (alpha <= 0 || width <= 0 || height <= 0) return;
  g.fillStyle(color, alpha);
  g.fillRoundedRect(x, y, width, height, Math.min(radius, width / 2, height / 2));
}

/** A small standing figure, feet at (x, y). */
export function person(g: Graphics, x: number, y: number, color: number, alpha = 1, size = 1): void {
  if (alpha <= 0) return;
  g.fillStyle(color, alpha);
  g.fillCircle(x, y - 13 * size, 2.9 * size);
  g.fillRoundedRect(x - 3 * size, y - 9.5 * size, 6 * size, 9.5 * size, 2 * size);
}
