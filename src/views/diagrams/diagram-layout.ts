/**
 * Where every part of a stock-and-flow diagram goes: pure geometry, no DOM, so it is tested in
 * Node. Positions come from the file's diagram (XMILE <views>) when it has one, scaled up as far
 * as needed for the labels to fit without overlapping; otherwise the automatic layered layout of
 * diagram-auto-layout.ts.
 */
import type { CompiledModel, DiagramView } from '../../engine/index.ts';
import { automaticLayout } from './diagram-auto-layout.ts';
import { boxesOverlap, type Box, type Point } from './diagram-geometry.ts';
import {
  CLOUD_HEIGHT,
  CLOUD_WIDTH,
  MARGIN,
  cloudBox,
  flowEnds,
  informationConnectors,
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
} from './diagram-nodes.ts';

export type { Box, Point } from './diagram-geometry.ts';
export { CLOUD_HEIGHT, CLOUD_WIDTH, FONT_SIZE, LINE_HEIGHT, cloudBox, placeNode } from './diagram-nodes.ts';
export type { DiagramLayout, LayoutConnector, LayoutInput, LayoutNode, LayoutPipe, LayoutVariable, NodeKind } from './diagram-nodes.ts';

/** The layout of a model's diagram: the file's own when it has one, else the automatic one. */
export function layoutDiagram(input: LayoutInput): DiagramLayout {
  const placed = input.view && input.view.elements.length > 0 ? fromView(input, input.view) : automaticLayout(input);
  return finish(input, placed.nodes, placed.pipes, placed.connectors, placed.source);
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
  const build = (scale: number) => {
    const nodes = elements.map((element) => placeNode(byId.get(element.id)!, element.x * scale, element.y * scale));
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
  const connectors = view.connectors.length > 0 ? view.connectors.map((c) => ({ from: c.from, to: c.to, ...(c.angle === undefined ? {} : { angle: c.angle }) })) : informationConnectors(input);
  return { nodes: result.nodes, pipes: result.pipes, connectors, source: 'view' };
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

/** Moves everything to a MARGIN from the top left, and turns connectors into curves. */
function finish(input: LayoutInput, nodes: LayoutNode[], pipes: LayoutPipe[], connectors: Placed['connectors'], source: 'view' | 'automatic'): DiagramLayout {
  const boxes = [...nodes.map((node) => node.bounds), ...pipes.flatMap((pipe) => pipe.points.map((p) => cloudBox(p)))];
  const left = boxes.length > 0 ? Math.min(...boxes.map((box) => box.x)) : 0;
  const top = boxes.length > 0 ? Math.min(...boxes.map((box) => box.y)) : 0;
  const dx = MARGIN - left;
  const dy = MARGIN - top;
  const moved = nodes.map((node) => moveNode(node, dx, dy));
  const movedPipes = pipes.map((pipe) => movePipe(pipe, dx, dy));
  const byId = new Map(moved.map((node) => [node.id, node]));
  const ends = flowEnds(input.variables);
  const curves: LayoutConnector[] = [];
  for (const connector of connectors) {
    const from = byId.get(connector.from);
    const to = byId.get(connector.to);
    if (!from || !to || from === to) continue;
    // A stock's link to its own flow would run along the pipe: it arcs clear of it, away from the valve's label.
    const flowEnd = ends.get(to.id);
    if (from.kind === 'stock' && (flowEnd?.source === from.id || flowEnd?.sink === from.id)) curves.push(connectorCurve(from, to, undefined, to.labelAt.y > to.y ? 'up' : 'down'));
    else curves.push(connectorCurve(from, to, connector.angle));
  }
  const right = Math.max(0, ...moved.map((node) => node.bounds.x + node.bounds.width), ...movedPipes.flatMap((pipe) => pipe.points.map((p) => p.x + CLOUD_WIDTH / 2)));
  const bottom = Math.max(0, ...moved.map((node) => node.bounds.y + node.bounds.height), ...movedPipes.flatMap((pipe) => pipe.points.map((p) => p.y + CLOUD_HEIGHT / 2)));
  return { width: Math.ceil(right + MARGIN), height: Math.ceil(bottom + MARGIN), source, nodes: moved, pipes: movedPipes, connectors: curves };
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
