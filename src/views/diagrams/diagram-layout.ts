/**
 * Where every part of a stock-and-flow diagram goes: pure geometry, no DOM, so it is tested in
 * Node. Positions come from the file's diagram (XMILE <views>: shapes, pipes, connectors, ghosts
 * and sectors) when it has one, scaled up as far as needed for the labels to fit without
 * overlapping; otherwise the automatic layout of diagram-auto-layout.ts (ELK, asynchronous).
 */
import type { CompiledModel, DiagramView } from '../../engine/index.ts';
import { automaticLayout, type ElkLayouter } from './diagram-auto-layout.ts';
import { boxesOverlap, type Box, type Point } from './diagram-geometry.ts';
import {
  CLOUD_HEIGHT,
  CLOUD_WIDTH,
  MARGIN,
  cloudBox,
  flowEnds,
  informationConnectors,
  labelSideFromFile,
  moveGroup,
  moveNode,
  movePipe,
  placeNode,
  type DiagramLayout,
  type FlowEnds,
  type LayoutConnector,
  type LayoutInput,
  type LayoutNode,
  type LayoutPipe,
  type LayoutVariable,
  type Placed,
  type PlacedConnector,
} from './diagram-nodes.ts';

export type { Box, Point } from './diagram-geometry.ts';
export { CLOUD_HEIGHT, CLOUD_WIDTH, FONT_SIZE, LINE_HEIGHT, cloudBox, placeNode } from './diagram-nodes.ts';
export type { DiagramLayout, LayoutConnector, LayoutGroup, LayoutInput, LayoutNode, LayoutPipe, LayoutVariable, NodeKind } from './diagram-nodes.ts';
export type { ElkLayouter } from './diagram-auto-layout.ts';

/** True when the file has a diagram of its own to draw. */
export function hasView(input: LayoutInput): boolean {
  return input.view !== undefined && input.view.elements.length > 0;
}

/** The layout of the file's own diagram (call only when `hasView`). */
export function layoutFromView(input: LayoutInput): DiagramLayout {
  if (!input.view || !hasView(input)) throw new Error('the model has no diagram of its own to lay out');
  const placed = fromView(input, input.view);
  return finish(input, placed);
}

/** The layout of a model's diagram: the file's own when it has one, else ELK's. */
export async function layoutDiagram(input: LayoutInput, elk: ElkLayouter): Promise<DiagramLayout> {
  if (hasView(input)) return layoutFromView(input);
  return finish(input, await automaticLayout(input, elk));
}

/**
 * Every line that runs through a shape or a label it does not belong to, as "line → node": a
 * connector through anything but its two ends, a pipe through anything but its stocks, valve and
 * clouds. Empty for a readable layout. Curves are followed in small steps, routes segment by segment.
 */
export function linesThroughNodes(layout: DiagramLayout, inset = 1): string[] {
  const boxes = layout.nodes.map((node) => ({ id: node.id, variable: node.of ?? node.id, ghost: node.of !== undefined, box: shrink(node.bounds, inset), shape: shrink(node.shape, inset) }));
  const found: string[] = [];
  for (const connector of layout.connectors) {
    const points = connector.route && connector.route.length >= 2 ? connector.route : sampleQuadratic(connector.start, connector.control, connector.end, 48);
    for (const { id, variable, box, shape } of boxes) {
      // A connector may leave or enter its own ends' shapes, and cross its ends' labels near them.
      if (variable === connector.from || variable === connector.to) {
        void shape;
        continue;
      }
      if (polylineHitsBox(points, box)) found.push(`connector ${connector.from} → ${connector.to} through ${id}`);
    }
  }
  for (const pipe of layout.pipes) {
    const own = new Set([pipe.flow]);
    for (const node of layout.nodes) if (node.kind === 'stock' && node.of === undefined && pipeTouches(pipe, node)) own.add(node.id);
    for (const { id, variable, ghost, box } of boxes) {
      if (!ghost && own.has(variable)) continue;
      if (polylineHitsBox(pipe.points, box)) found.push(`pipe ${pipe.flow} through ${id}`);
    }
  }
  return found;
}

function shrink(box: Box, by: number): Box {
  return { x: box.x + by, y: box.y + by, width: Math.max(0, box.width - 2 * by), height: Math.max(0, box.height - 2 * by) };
}

function sampleQuadratic(a: Point, c: Point, b: Point, steps: number): Point[] {
  return Array.from({ length: steps + 1 }, (_, i) => {
    const t = i / steps;
    const u = 1 - t;
    return { x: u * u * a.x + 2 * u * t * c.x + t * t * b.x, y: u * u * a.y + 2 * u * t * c.y + t * t * b.y };
  });
}

/** True when any segment of the polyline passes through the box's inside (Liang–Barsky clipping). */
export function polylineHitsBox(points: readonly Point[], box: Box): boolean {
  for (let i = 0; i + 1 < points.length; i++) if (segmentHitsBox(points[i]!, points[i + 1]!, box)) return true;
  return false;
}

function segmentHitsBox(a: Point, b: Point, box: Box): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const checks: [number, number][] = [
    [-dx, a.x - box.x],
    [dx, box.x + box.width - a.x],
    [-dy, a.y - box.y],
    [dy, box.y + box.height - a.y],
  ];
  for (const [p, q] of checks) {
    if (p === 0) {
      if (q <= 0) return false;
      continue;
    }
    const r = q / p;
    if (p < 0) t0 = Math.max(t0, r);
    else t1 = Math.min(t1, r);
    if (t0 >= t1) return false;
  }
  return t1 - t0 > 1e-9;
}

function pipeTouches(pipe: LayoutPipe, stock: LayoutNode): boolean {
  const grown = { x: stock.shape.x - 2, y: stock.shape.y - 2, width: stock.shape.width + 4, height: stock.shape.height + 4 };
  const inside = (p: Point) => p.x >= grown.x && p.x <= grown.x + grown.width && p.y >= grown.y && p.y <= grown.y + grown.height;
  return inside(pipe.points[0]!) || inside(pipe.points[pipe.points.length - 1]!);
}

/** Every pair of overlapping boxes among the nodes and clouds: empty for a good layout. */
export function overlappingBoxes(layout: DiagramLayout): [string, string][] {
  const boxes: { id: string; box: Box }[] = layout.nodes.map((node) => ({ id: node.id, box: node.bounds }));
  for (const pipe of layout.pipes) {
    if (pipe.sourceCloud) boxes.push({ id: `${pipe.flow} (source cloud)`, box: cloudBox(pipe.sourceCloud) });
    if (pipe.sinkCloud) boxes.push({ id: `${pipe.flow} (sink cloud)`, box: cloudBox(pipe.sinkCloud) });
  }
  const pairs: [string, string][] = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (boxesOverlap(boxes[i]!.box, boxes[j]!.box)) pairs.push([boxes[i]!.id, boxes[j]!.id]);
  return pairs;
}

// ---------------------------------------------------------------------------------------------

/** The file's positions, scaled up until no two labelled nodes (or clouds) overlap. */
function fromView(input: LayoutInput, view: DiagramView): Placed {
  const byId = new Map(input.variables.map((variable) => [variable.id, variable]));
  const elements = view.elements.filter((element) => byId.has(element.id));
  const ends = flowEnds(input.variables);
  const aliases = view.aliases.filter((alias) => byId.has(alias.of));
  const build = (scale: number) => {
    // XMILE places a shape by its centre, or by its top left corner when it gives a width and height.
    const centre = (element: DiagramView['elements'][number]) => (element.width !== undefined && element.height !== undefined ? { x: element.x + element.width / 2, y: element.y + element.height / 2 } : { x: element.x, y: element.y });
    const nodes = elements.map((element) => placeNode(byId.get(element.id)!, centre(element).x * scale, centre(element).y * scale, labelSideFromFile(element.labelSide)));
    // Ghosts: the variable's shape and name again, without its pipes.
    for (const alias of aliases) nodes.push({ ...placeNode({ ...byId.get(alias.of)!, id: `alias:${alias.uid}`, inflows: [], outflows: [] }, alias.x * scale, alias.y * scale, labelSideFromFile(alias.labelSide)), of: alias.of });
    const nodeById = new Map(nodes.map((node) => [node.id, node]));
    const pipes: LayoutPipe[] = [];
    for (const element of elements) {
      if (element.kind !== 'flow') continue;
      const valve = nodeById.get(element.id)!;
      const raw = element.points && element.points.length >= 2 ? element.points.map((p) => ({ x: p.x * scale, y: p.y * scale })) : undefined;
      pipes.push(pipeBetween(element.id, valve, raw, ends.get(element.id), nodeById));
    }
    return { nodes, pipes };
  };
  let scale = 1;
  let result = build(scale);
  while (scale < 3 && overlapCount(result.nodes, result.pipes) > 0) {
    scale = Math.round((scale + 0.05) * 100) / 100;
    result = build(scale);
  }
  // Variables the view leaves out go in a row under it.
  const drawn = new Set(result.nodes.map((node) => node.id));
  const missing = input.variables.filter((variable) => !drawn.has(variable.id) && variable.kind !== 'module');
  if (missing.length > 0) {
    let bottom = Math.max(...result.nodes.map((node) => node.bounds.y + node.bounds.height));
    let x = MARGIN + 60;
    bottom += 40;
    for (const variable of missing) {
      const probe = placeNode(variable, 0, 0);
      if (x + probe.bounds.width > 1600) {
        x = MARGIN + 60;
        bottom += 80;
      }
      result.nodes.push(placeNode(variable, x + probe.bounds.width / 2, bottom - probe.bounds.y));
      x += probe.bounds.width + 24;
    }
  }
  const connectors: PlacedConnector[] =
    view.connectors.length > 0
      ? view.connectors.map((c) => ({
          from: c.from,
          to: c.to,
          ...(c.angle === undefined ? {} : { angle: c.angle }),
          ...(c.fromAlias === undefined ? {} : { fromNode: `alias:${c.fromAlias}` }),
          ...(c.toAlias === undefined ? {} : { toNode: `alias:${c.toAlias}` }),
        }))
      : informationConnectors(input);
  const groups = view.groups.map((group) => ({ name: group.name, box: { x: group.x * scale, y: group.y * scale, width: group.width * scale, height: group.height * scale } }));
  return { nodes: result.nodes, pipes: result.pipes, connectors, groups, source: 'view' };
}

function overlapCount(nodes: readonly LayoutNode[], pipes: readonly LayoutPipe[]): number {
  const boxes = nodes.map((node) => node.bounds);
  for (const pipe of pipes) {
    if (pipe.sourceCloud) boxes.push(cloudBox(pipe.sourceCloud));
    if (pipe.sinkCloud) boxes.push(cloudBox(pipe.sinkCloud));
  }
  let count = 0;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (boxesOverlap(boxes[i]!, boxes[j]!)) count++;
  return count;
}

/**
 * A flow's pipe: the file's points when given, else a straight pipe through the valve; each end
 * meets its stock's box, or ends in a cloud when nothing is there.
 */
function pipeBetween(flow: string, valve: LayoutNode, raw: Point[] | undefined, ends: FlowEnds | undefined, nodes: ReadonlyMap<string, LayoutNode>): LayoutPipe {
  const source = ends?.source === undefined ? undefined : nodes.get(ends.source);
  const sink = ends?.sink === undefined ? undefined : nodes.get(ends.sink);
  let points: Point[];
  if (raw) points = raw.map((p) => ({ ...p }));
  else {
    const from = source ? { x: source.x, y: source.y } : { x: valve.x - 70, y: valve.y };
    const to = sink ? { x: sink.x, y: sink.y } : { x: valve.x + 70, y: valve.y };
    points = [from, { x: valve.x, y: valve.y }, to];
  }
  if (source) points[0] = edgeTowards(source.shape, points[1]!, points[0]!);
  if (sink) points[points.length - 1] = edgeTowards(sink.shape, points[points.length - 2]!, points[points.length - 1]!);
  const sourceCloud = source ? null : points[0]!;
  const sinkCloud = sink ? null : points[points.length - 1]!;
  // A cloud sits at the end of the pipe, so the pipe stops at the cloud's edge.
  if (sourceCloud) points[0] = { x: sourceCloud.x, y: sourceCloud.y };
  if (sinkCloud) points[points.length - 1] = { x: sinkCloud.x, y: sinkCloud.y };
  return { flow, points, sourceCloud, sinkCloud };
}

/** Where the segment from `outside` towards `end` (extended if need be) meets the border of `box`. */
function edgeTowards(box: Box, outside: Point, end: Point): Point {
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  // An axis-aligned pipe keeps its line; otherwise aim at the box's centre.
  const horizontal = Math.abs(outside.y - end.y) < 1e-6 && end.y > box.y && end.y < box.y + box.height;
  const vertical = Math.abs(outside.x - end.x) < 1e-6 && end.x > box.x && end.x < box.x + box.width;
  if (horizontal) return { x: outside.x < cx ? box.x : box.x + box.width, y: end.y };
  if (vertical) return { x: end.x, y: outside.y < cy ? box.y : box.y + box.height };
  return rayExit(box, { x: cx, y: cy }, outside);
}

/** Where the ray from `centre` (inside `box`) towards `target` leaves the box. */
export function rayExit(box: Box, centre: Point, target: Point): Point {
  const dx = target.x - centre.x;
  const dy = target.y - centre.y;
  const scale = Math.min(dx === 0 ? Infinity : box.width / 2 / Math.abs(dx), dy === 0 ? Infinity : box.height / 2 / Math.abs(dy));
  if (!Number.isFinite(scale)) return centre;
  return { x: centre.x + dx * scale, y: centre.y + dy * scale };
}

// ---------------------------------------------------------------------------------------------

/** Moves everything to a MARGIN from the top left, and turns connectors into curves (or follows their routes). */
function finish(input: LayoutInput, placed: Placed): DiagramLayout {
  const { nodes, pipes, connectors, groups, source } = placed;
  const routePoints = connectors.flatMap((connector) => connector.route ?? []);
  const boxes = [...nodes.map((node) => node.bounds), ...pipes.flatMap((pipe) => pipe.points.map((p) => cloudBox(p))), ...groups.map((group) => group.box), ...routePoints.map((p) => ({ x: p.x - 4, y: p.y - 4, width: 8, height: 8 }))];
  const left = boxes.length > 0 ? Math.min(...boxes.map((box) => box.x)) : 0;
  const top = boxes.length > 0 ? Math.min(...boxes.map((box) => box.y)) : 0;
  const dx = MARGIN - left;
  const dy = MARGIN - top;
  const moved = nodes.map((node) => moveNode(node, dx, dy));
  const movedPipes = pipes.map((pipe) => movePipe(pipe, dx, dy));
  const movedGroups = groups.map((group) => moveGroup(group, dx, dy));
  const byId = new Map(moved.map((node) => [node.id, node]));
  const ends = flowEnds(input.variables);
  const curves: LayoutConnector[] = [];
  for (const connector of connectors) {
    const from = byId.get(connector.fromNode ?? connector.from);
    const to = byId.get(connector.toNode ?? connector.to);
    if (!from || !to || from === to) continue;
    if (connector.route && connector.route.length >= 2) {
      const route = connector.route.map((p) => ({ x: p.x + dx, y: p.y + dy }));
      curves.push({ from: connector.from, to: connector.to, start: route[0]!, control: route[Math.floor(route.length / 2)]!, end: route[route.length - 1]!, route });
      continue;
    }
    // A stock's link to its own flow would run along the pipe: it arcs clear of it, away from the valve's label.
    const flowEnd = ends.get(to.id);
    const curve =
      from.kind === 'stock' && from.of === undefined && (flowEnd?.source === from.id || flowEnd?.sink === from.id) && connector.angle === undefined
        ? connectorCurve(from, to, undefined, to.labelAt.y > to.y ? 'up' : 'down')
        : connectorCurve(from, to, connector.angle);
    curves.push({ ...curve, from: connector.from, to: connector.to });
  }
  const routed = curves.flatMap((curve) => curve.route ?? []);
  const right = Math.max(0, ...moved.map((node) => node.bounds.x + node.bounds.width), ...movedPipes.flatMap((pipe) => pipe.points.map((p) => p.x + CLOUD_WIDTH / 2)), ...movedGroups.map((group) => group.box.x + group.box.width), ...routed.map((p) => p.x + 4));
  const bottom = Math.max(0, ...moved.map((node) => node.bounds.y + node.bounds.height), ...movedPipes.flatMap((pipe) => pipe.points.map((p) => p.y + CLOUD_HEIGHT / 2)), ...movedGroups.map((group) => group.box.y + group.box.height), ...routed.map((p) => p.y + 4));
  return { width: Math.ceil(right + MARGIN), height: Math.ceil(bottom + MARGIN), source, nodes: moved, pipes: movedPipes, connectors: curves, groups: movedGroups };
}

/** A gentle curve from the edge of one shape to the edge of the other, leaving at the file's angle when it gives one. */
export function connectorCurve(from: LayoutNode, to: LayoutNode, angle?: number, arc?: 'up' | 'down'): LayoutConnector {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const distance = Math.hypot(dx, dy) || 1;
  let control: Point;
  if (arc !== undefined) {
    const lift = Math.max(28, distance * 0.3) * (arc === 'up' ? -1 : 1);
    control = { x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 + lift };
  } else if (angle !== undefined && Number.isFinite(angle)) {
    const radians = (angle * Math.PI) / 180;
    control = { x: from.x + (Math.cos(radians) * distance) / 2, y: from.y - (Math.sin(radians) * distance) / 2 };
  } else {
    // Bend to the right of the direction of travel (down, going right: away from valve labels), by a sixth of the distance.
    control = { x: (from.x + to.x) / 2 - dy * 0.16, y: (from.y + to.y) / 2 + dx * 0.16 };
  }
  return { from: from.id, to: to.id, start: shapeExit(from, control), control, end: shapeExit(to, control, 3) };
}

/** Where a line from the node's centre towards `towards` leaves its shape (plus `gap`). */
function shapeExit(node: LayoutNode, towards: Point, gap = 1): Point {
  if (node.kind === 'stock' || node.kind === 'module') {
    const grown = { x: node.shape.x - gap, y: node.shape.y - gap, width: node.shape.width + 2 * gap, height: node.shape.height + 2 * gap };
    return rayExit(grown, { x: node.x, y: node.y }, towards);
  }
  const dx = towards.x - node.x;
  const dy = towards.y - node.y;
  const length = Math.hypot(dx, dy) || 1;
  const radius = node.shape.width / 2 + gap;
  return { x: node.x + (dx / length) * radius, y: node.y + (dy / length) * radius };
}

/** What the layout needs from a compiled model; `useView: false` ignores the file's diagram. */
export function layoutInputFor(model: CompiledModel, options: { readonly useView?: boolean } = {}): LayoutInput {
  const structure = model.introspect();
  const variables: LayoutVariable[] = model.variables.map((variable) => ({
    id: variable.id,
    label: variable.label,
    kind: variable.kind === 'gf' ? 'aux' : variable.kind,
    inflows: variable.inflows,
    outflows: variable.outflows,
  }));
  const links = structure.links.filter((link) => link.kind === 'information').map((link) => ({ from: link.from, to: link.to }));
  const view = options.useView === false ? undefined : structure.views.find((candidate) => candidate.scope === '');
  return { variables, links, view };
}
