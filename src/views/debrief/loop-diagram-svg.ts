/**
 * Draws a LoopDiagram as inline SVG: boxes for what the teams watch and do, curved arrows with
 * their polarity and delay marks (dashed where the link is a team's decision rule), and a tag
 * inside each loop. The links of the loops that drove the game are
 * drawn dark and thick, the rest light, so the emphasis survives grey-scale printing.
 */
import type { DiagramLink, DiagramNode, LoopActivity, LoopDiagram, NodeId } from './loop-diagram-data.ts';

const SVG = 'http://www.w3.org/2000/svg';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
const ACTIVE = '#1f2937';
const QUIET = '#a3aab5';
const QUIET_TEXT = '#4b5563';
const MARGIN = 7;

type Point = { readonly x: number; readonly y: number };

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Readonly<Record<string, string | number>> = {}, text?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Where a ray from the node's centre towards `target` leaves its box (grown by MARGIN). */
function boxExit(node: DiagramNode, target: Point): Point {
  const dx = target.x - node.x;
  const dy = target.y - node.y;
  const halfWidth = node.width / 2 + MARGIN;
  const halfHeight = node.height / 2 + MARGIN;
  const scale = Math.min(dx === 0 ? Infinity : halfWidth / Math.abs(dx), dy === 0 ? Infinity : halfHeight / Math.abs(dy));
  return { x: node.x + dx * scale, y: node.y + dy * scale };
}

interface Curve {
  readonly start: Point;
  readonly control: Point;
  readonly end: Point;
}

function curveOf(link: DiagramLink, from: DiagramNode, to: DiagramNode): Curve {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy) || 1;
  const normal = { x: dy / length, y: -dx / length };
  const control = { x: (from.x + to.x) / 2 + normal.x * link.bend, y: (from.y + to.y) / 2 + normal.y * link.bend };
  return { start: boxExit(from, control), control, end: boxExit(to, control) };
}

function pointAt(curve: Curve, t: number): Point {
  const u = 1 - t;
  return {
    x: u * u * curve.start.x + 2 * u * t * curve.control.x + t * t * curve.end.x,
    y: u * u * curve.start.y + 2 * u * t * curve.control.y + t * t * curve.end.y,
  };
}

function tangentAt(curve: Curve, t: number): Point {
  const x = 2 * (1 - t) * (curve.control.x - curve.start.x) + 2 * t * (curve.end.x - curve.control.x);
  const y = 2 * (1 - t) * (curve.control.y - curve.start.y) + 2 * t * (curve.end.y - curve.control.y);
  const length = Math.hypot(x, y) || 1;
  return { x: x / length, y: y / length };
}

function arrowMarker(id: string, color: string): SVGMarkerElement {
  const marker = svg('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 11, markerHeight: 11, markerUnits: 'userSpaceOnUse', orient: 'auto' });
  marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: color }));
  return marker;
}

function drawLink(link: DiagramLink, curve: Curve, active: boolean, markerId: string): SVGGElement {
  const color = active ? ACTIVE : QUIET;
  const group = svg('g', { class: `${active ? 'link active' : 'link'}${link.rule ? ' rule' : ''}`, 'data-from': link.from, 'data-to': link.to });
  const d = `M${curve.start.x.toFixed(1)},${curve.start.y.toFixed(1)} Q${curve.control.x.toFixed(1)},${curve.control.y.toFixed(1)} ${curve.end.x.toFixed(1)},${curve.end.y.toFixed(1)}`;
  // A team's decision rule is drawn dashed: the link runs through people, not through the model.
  group.append(svg('path', { d, fill: 'none', stroke: color, 'stroke-width': active ? 3 : 1.6, 'marker-end': `url(#${markerId})`, ...(link.rule ? { 'stroke-dasharray': '7 5' } : {}) }));
  if (link.delay) {
    const at = pointAt(curve, link.delayAt);
    const along = tangentAt(curve, link.delayAt);
    const across = { x: -along.y, y: along.x };
    for (const offset of [-3, 3]) {
      const cx = at.x + along.x * offset;
      const cy = at.y + along.y * offset;
      group.append(svg('line', { x1: cx - across.x * 9, y1: cy - across.y * 9, x2: cx + across.x * 9, y2: cy + across.y * 9, stroke: color, 'stroke-width': 2.2 }));
    }
  }
  // The sign sits beside the arrow head, on the outside of a curve (on the left of a straight link).
  const t = 0.8;
  const at = pointAt(curve, t);
  const along = tangentAt(curve, t);
  const side = link.bend === 0 ? 1 : Math.sign(link.bend);
  const offset = { x: along.y * 13 * side, y: -along.x * 13 * side };
  group.append(
    svg(
      'text',
      {
        x: (at.x + offset.x).toFixed(1),
        y: (at.y + offset.y + 5).toFixed(1),
        'text-anchor': 'middle',
        'font-family': FONT,
        'font-size': 17,
        'font-weight': 700,
        fill: active ? ACTIVE : QUIET_TEXT,
        stroke: '#ffffff',
        'stroke-width': 4,
        'paint-order': 'stroke',
        'aria-hidden': 'true',
      },
      link.polarity,
    ),
  );
  return group;
}

function drawNode(node: DiagramNode): SVGGElement {
  const group = svg('g', { class: 'node', 'data-node': node.id });
  const top = node.y - node.height / 2;
  group.append(svg('rect', { x: node.x - node.width / 2, y: top, width: node.width, height: node.height, rx: 8, fill: '#ffffff', stroke: '#374151', 'stroke-width': 1.4 }));
  group.append(svg('text', { x: node.x, y: top + 20, 'text-anchor': 'middle', 'font-family': FONT, 'font-size': 14, 'font-weight': 700, fill: '#111827' }, node.title));
  node.detail.forEach((line, i) => group.append(svg('text', { x: node.x, y: top + 38 + i * 17, 'text-anchor': 'middle', 'font-family': FONT, 'font-size': 12.5, fill: '#374151' }, line)));
  return group;
}

/** Return the diagram as an SVG element, its name and description given by the elements with the ids passed. */
export function renderLoopDiagram(diagram: LoopDiagram, activity: readonly LoopActivity[], ids: { readonly prefix: string; readonly title: string; readonly description: string }): SVGSVGElement {
  const active = new Set(activity.filter((loop) => loop.active).map((loop) => loop.id));
  const root = svg('svg', {
    viewBox: `0 0 ${diagram.width} ${diagram.height}`,
    role: 'img',
    'aria-labelledby': `${ids.prefix}-title ${ids.prefix}-desc`,
    class: 'loop-diagram',
    preserveAspectRatio: 'xMidYMid meet',
  });
  root.append(svg('title', { id: `${ids.prefix}-title` }, ids.title), svg('desc', { id: `${ids.prefix}-desc` }, ids.description));
  const defs = svg('defs');
  defs.append(arrowMarker(`${ids.prefix}-arrow-active`, ACTIVE), arrowMarker(`${ids.prefix}-arrow-quiet`, QUIET));
  root.append(defs);

  const nodes = new Map<NodeId, DiagramNode>(diagram.nodes.map((node) => [node.id, node]));
  const links = diagram.links.flatMap((link) => {
    const from = nodes.get(link.from);
    const to = nodes.get(link.to);
    return from && to ? [{ link, curve: curveOf(link, from, to), active: link.loops.some((loop) => active.has(loop)) }] : [];
  });
  // Quiet links first, so the active ones are drawn on top where they cross.
  for (const { link, curve, active: on } of [...links].sort((a, b) => Number(a.active) - Number(b.active))) {
    root.append(drawLink(link, curve, on, `${ids.prefix}-arrow-${on ? 'active' : 'quiet'}`));
  }
  for (const node of diagram.nodes) root.append(drawNode(node));
  for (const loop of diagram.loops) {
    const on = active.has(loop.id);
    for (const mark of loop.marks) {
      const group = svg('g', { class: on ? 'loop-tag active' : 'loop-tag', 'data-loop': loop.id });
      group.append(svg('circle', { cx: mark.x, cy: mark.y, r: 18, fill: on ? ACTIVE : '#ffffff', stroke: on ? ACTIVE : QUIET_TEXT, 'stroke-width': 1.6 }));
      group.append(svg('text', { x: mark.x, y: mark.y + 5, 'text-anchor': 'middle', 'font-family': FONT, 'font-size': 14, 'font-weight': 700, fill: on ? '#ffffff' : QUIET_TEXT }, loop.tag));
      root.append(group);
    }
  }
  return root;
}
