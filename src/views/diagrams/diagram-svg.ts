/**
 * The SVG pieces of a stock-and-flow diagram: sectors, pipes with valves and clouds, stocks,
 * converters, ghosts and connectors, drawn from a finished layout. Calm on purpose: greys, one
 * accent for the loop being pointed at, sectors as pale frames with their names.
 */
import type { VariableInfo } from '../../engine/index.ts';
import { CLOUD_HEIGHT, CLOUD_WIDTH, FONT_SIZE, LINE_HEIGHT, type LayoutConnector, type LayoutGroup, type LayoutNode, type LayoutPipe, type Point } from './diagram-layout.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';
export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
export const INK = '#1f2937';
export const LINE = '#4b5563';
export const MUTED = '#6b7280';
export const CONNECTOR = '#b3b9c2';
export const PAPER = '#ffffff';
export const STOCK_FILL = '#f3f4f6';
export const ACCENT = '#0b5fa5';
/** A white outline under the letters keeps labels readable where connectors cross them. */
const HALO = { stroke: PAPER, 'stroke-width': 3, 'stroke-linejoin': 'round', 'paint-order': 'stroke' } as const;
export const KIND_WORDS: Record<LayoutNode['kind'], string> = { stock: 'stock', flow: 'flow', aux: 'converter', module: 'module' };

const SECTOR_FILL = '#f8fafc';
const SECTOR_LINE = '#cbd5e1';
const SECTOR_INK = '#334155';

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Readonly<Record<string, string | number>> = {}, text?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

export function titled<T extends SVGElement>(element: T, title: string): T {
  element.prepend(svg('title', {}, title));
  return element;
}

export function fixed(point: Point): string {
  return `${point.x.toFixed(1)},${point.y.toFixed(1)}`;
}

export function arrowHead(markerId: string, color: string): SVGMarkerElement {
  const marker = svg('marker', { id: markerId, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 8, markerHeight: 8, markerUnits: 'userSpaceOnUse', orient: 'auto' });
  marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: color }));
  return marker;
}

export function pipeTitle(pipe: LayoutPipe, variables: readonly VariableInfo[], labelOf: (id: string) => string): string {
  const source = variables.find((variable) => variable.outflows.includes(pipe.flow));
  const sink = variables.find((variable) => variable.inflows.includes(pipe.flow));
  const from = source ? labelOf(source.id) : 'outside the model';
  const to = sink ? labelOf(sink.id) : 'outside the model';
  return `${labelOf(pipe.flow)}: from ${from} to ${to}`;
}

/** The pipe as a thick grey line under a thinner white one, an arrow head at the sink, clouds at open ends. */
export function drawPipe(pipe: LayoutPipe, title: string): SVGGElement {
  const group = titled(svg('g', { class: 'sfd-pipe', 'data-flow': pipe.flow }), title);
  const points = pipe.points.map((p) => ({ ...p }));
  const last = points[points.length - 1]!;
  const before = points[points.length - 2]!;
  const length = Math.hypot(last.x - before.x, last.y - before.y) || 1;
  const along = { x: (last.x - before.x) / length, y: (last.y - before.y) / length };
  // The arrow head ends the pipe at the stock (or just before the cloud).
  const tip = pipe.sinkCloud ? { x: last.x - along.x * (CLOUD_WIDTH / 2 + 1), y: last.y - along.y * (CLOUD_HEIGHT / 2 + 1) } : last;
  const head = 9;
  const base = { x: tip.x - along.x * head, y: tip.y - along.y * head };
  points[points.length - 1] = base;
  if (pipe.sourceCloud) {
    const first = points[0]!;
    const next = points[1]!;
    const span = Math.hypot(next.x - first.x, next.y - first.y) || 1;
    const direction = { x: (next.x - first.x) / span, y: (next.y - first.y) / span };
    points[0] = { x: first.x + direction.x * (Math.abs(direction.x) > Math.abs(direction.y) ? CLOUD_WIDTH / 2 : CLOUD_HEIGHT / 2), y: first.y + direction.y * (Math.abs(direction.x) > Math.abs(direction.y) ? CLOUD_WIDTH / 2 : CLOUD_HEIGHT / 2) };
  }
  const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${fixed(p)}`).join(' ');
  group.append(svg('path', { class: 'sfd-pipe-outer', d, fill: 'none', stroke: LINE, 'stroke-width': 7, 'stroke-linejoin': 'round' }));
  group.append(svg('path', { d, fill: 'none', stroke: PAPER, 'stroke-width': 3.6, 'stroke-linejoin': 'round' }));
  const across = { x: -along.y, y: along.x };
  const wing = 7.5;
  group.append(
    svg('path', {
      class: 'sfd-pipe-head',
      d: `M${fixed({ x: base.x + across.x * wing, y: base.y + across.y * wing })} L${fixed(tip)} L${fixed({ x: base.x - across.x * wing, y: base.y - across.y * wing })} z`,
      fill: PAPER,
      stroke: LINE,
      'stroke-width': 1.4,
      'stroke-linejoin': 'round',
    }),
  );
  for (const cloud of [pipe.sourceCloud, pipe.sinkCloud]) if (cloud) group.append(drawCloud(cloud));
  return group;
}

function drawCloud(at: Point): SVGPathElement {
  const w = CLOUD_WIDTH / 2;
  const h = CLOUD_HEIGHT / 2;
  const d =
    `M${(at.x - w + 3).toFixed(1)},${(at.y + h).toFixed(1)} ` +
    `a4.5,4.5 0 0 1 -1,-8.5 a6,6 0 0 1 9,-5 a6.5,6.5 0 0 1 11,1.5 a4.5,4.5 0 0 1 3,8 a4,4 0 0 1 -3,4 z`;
  return svg('path', { class: 'sfd-cloud', d, fill: PAPER, stroke: MUTED, 'stroke-width': 1.2, 'aria-hidden': 'true' });
}

export function drawNode(node: LayoutNode, variable: VariableInfo | undefined, pipe: LayoutPipe | undefined): { element: SVGGElement; value: SVGTextElement } {
  const kind = KIND_WORDS[node.kind];
  const ghost = node.of !== undefined;
  const description = [variable?.label ?? node.id, ghost ? `${kind}, drawn again here (a ghost)` : kind, variable?.units ? `in ${variable.units}` : '', variable?.equation && !variable.isParameter ? `= ${variable.equation}` : ''].filter((part) => part !== '').join(', ');
  const group = titled(svg('g', { class: `sfd-node sfd-${node.kind}${ghost ? ' sfd-ghost' : ''}`, 'data-id': node.of ?? node.id, role: 'img', 'aria-label': `${variable?.label ?? node.id}, ${ghost ? `${kind}, ghost` : kind}` }), description);
  if (node.kind === 'stock' || node.kind === 'module') {
    group.append(svg('rect', { class: 'sfd-shape', x: node.shape.x, y: node.shape.y, width: node.shape.width, height: node.shape.height, rx: node.kind === 'module' ? 10 : 2, fill: STOCK_FILL, stroke: LINE, 'stroke-width': 1.4 }));
  } else if (node.kind === 'flow') {
    // A valve: a bow tie across the pipe's direction, on a white disc.
    const direction = pipeDirectionAt(pipe, node);
    const across = { x: -direction.y, y: direction.x };
    const r = node.shape.width / 2;
    group.append(svg('circle', { cx: node.x, cy: node.y, r, fill: PAPER, stroke: 'none' }));
    const corner = (a: number, b: number) => fixed({ x: node.x + direction.x * a * r * 0.8 + across.x * b * r, y: node.y + direction.y * a * r * 0.8 + across.y * b * r });
    group.append(svg('path', { class: 'sfd-shape', d: `M${corner(-1, -1)} L${corner(1, 1)} L${corner(1, -1)} L${corner(-1, 1)} z`, fill: PAPER, stroke: LINE, 'stroke-width': 1.4, 'stroke-linejoin': 'round' }));
  } else {
    group.append(svg('circle', { class: 'sfd-shape', cx: node.x, cy: node.y, r: node.shape.width / 2, fill: PAPER, stroke: LINE, 'stroke-width': 1.4 }));
  }
  // A ghost: the same shape, dashed, its name in italics (as Stella and Vensim draw them).
  if (ghost) for (const shape of group.querySelectorAll('.sfd-shape')) shape.setAttribute('stroke-dasharray', '4 3');
  const label = svg('text', { x: node.labelAt.x, y: node.labelAt.y, 'text-anchor': node.labelAnchor, 'font-size': FONT_SIZE, 'font-weight': node.kind === 'stock' ? 600 : 400, 'font-style': ghost ? 'italic' : 'normal', fill: INK, ...HALO, 'aria-hidden': 'true' });
  node.lines.forEach((line, i) => label.append(svg('tspan', { x: node.labelAt.x, y: node.labelAt.y + i * LINE_HEIGHT }, line)));
  const value = svg('text', { class: 'sfd-value', x: node.valueAt.x, y: node.valueAt.y, 'text-anchor': node.labelAnchor, 'font-size': FONT_SIZE - 0.5, fill: MUTED, 'font-variant-numeric': 'tabular-nums', ...HALO, 'aria-hidden': 'true' });
  group.append(label, value);
  return { element: group, value };
}

function pipeDirectionAt(pipe: LayoutPipe | undefined, node: LayoutNode): Point {
  if (!pipe) return { x: 1, y: 0 };
  for (let i = 0; i + 1 < pipe.points.length; i++) {
    const a = pipe.points[i]!;
    const b = pipe.points[i + 1]!;
    const within = Math.min(a.x, b.x) - 1 <= node.x && node.x <= Math.max(a.x, b.x) + 1 && Math.min(a.y, b.y) - 1 <= node.y && node.y <= Math.max(a.y, b.y) + 1;
    if (!within) continue;
    const length = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    return { x: (b.x - a.x) / length, y: (b.y - a.y) / length };
  }
  return { x: 1, y: 0 };
}


/** A sector: a pale frame with its name at the top left, under everything else. */
export function drawGroup(group: LayoutGroup): SVGGElement {
  const g = svg('g', { class: 'sfd-sector', 'data-sector': group.name });
  g.append(
    svg('rect', { x: group.box.x, y: group.box.y, width: group.box.width, height: group.box.height, rx: 10, fill: SECTOR_FILL, stroke: SECTOR_LINE, 'stroke-width': 1.2 }),
    svg('text', { x: group.box.x + 12, y: group.box.y + 20, 'font-size': 14, 'font-weight': 700, fill: SECTOR_INK, 'letter-spacing': 0.3 }, group.name),
  );
  return g;
}

/** A connector's path: the automatic layout's orthogonal route with rounded corners, else a quadratic curve. */
export function connectorPath(connector: LayoutConnector): string {
  const route = connector.route;
  if (!route || route.length < 2) return `M${fixed(connector.start)} Q${fixed(connector.control)} ${fixed(connector.end)}`;
  const radius = 6;
  let d = `M${fixed(route[0]!)}`;
  for (let i = 1; i < route.length - 1; i++) {
    const before = route[i - 1]!;
    const corner = route[i]!;
    const after = route[i + 1]!;
    const inLength = Math.hypot(corner.x - before.x, corner.y - before.y);
    const outLength = Math.hypot(after.x - corner.x, after.y - corner.y);
    const r = Math.min(radius, inLength / 2, outLength / 2);
    const entry = { x: corner.x - ((corner.x - before.x) / (inLength || 1)) * r, y: corner.y - ((corner.y - before.y) / (inLength || 1)) * r };
    const exit = { x: corner.x + ((after.x - corner.x) / (outLength || 1)) * r, y: corner.y + ((after.y - corner.y) / (outLength || 1)) * r };
    d += ` L${fixed(entry)} Q${fixed(corner)} ${fixed(exit)}`;
  }
  return `${d} L${fixed(route[route.length - 1]!)}`;
}
