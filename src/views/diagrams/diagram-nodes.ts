/**
 * The parts of a stock-and-flow diagram layout and how one node is sized: the shape, its label
 * wrapped to a few lines and room for its live value. Shared by the file-based and the automatic
 * layouts; pure geometry.
 */
import type { DiagramView } from '../../engine/index.ts';
import { unionBox, wrapLabel, type Box, type Point } from './diagram-geometry.ts';

export type NodeKind = 'stock' | 'flow' | 'aux' | 'module';

export interface LayoutVariable {
  readonly id: string;
  readonly label: string;
  readonly kind: NodeKind;
  /** Stocks only: ids of the flows that fill and drain it. */
  readonly inflows: readonly string[];
  readonly outflows: readonly string[];
}

export interface LayoutInput {
  readonly variables: readonly LayoutVariable[];
  /** Information links: `to`'s equation reads `from`. */
  readonly links: readonly { readonly from: string; readonly to: string }[];
  /** The file's main diagram, when it has one. */
  readonly view?: DiagramView | undefined;
}

export interface LayoutNode {
  readonly id: string;
  readonly kind: NodeKind;
  /** Centre of the shape (the valve of a flow). */
  readonly x: number;
  readonly y: number;
  /** The stock's box, the valve's or the auxiliary's circle's bounding box. */
  readonly shape: Box;
  readonly lines: readonly string[];
  /** Centre of the first label line's baseline; lines follow LINE_HEIGHT apart. */
  readonly labelAt: Point;
  readonly labelAnchor: 'middle' | 'start' | 'end';
  /** Baseline of the live value. */
  readonly valueAt: Point;
  /** Shape, label and value together: what must not overlap another node. */
  readonly bounds: Box;
  /** A ghost (XMILE alias): the variable it stands for; its own `id` is `alias:<uid>`. */
  readonly of?: string;
}

/** A sector: a named frame round part of the diagram. */
export interface LayoutGroup {
  readonly name: string;
  readonly box: Box;
}

export interface LayoutPipe {
  readonly flow: string;
  /** From the source end to the sink end, through the valve. */
  readonly points: readonly Point[];
  readonly sourceCloud: Point | null;
  readonly sinkCloud: Point | null;
}

export interface LayoutConnector {
  /** Variable ids (a ghost's variable, when an end is a ghost). */
  readonly from: string;
  readonly to: string;
  readonly start: Point;
  readonly control: Point;
  readonly end: Point;
  /** An orthogonal route from start to end (the automatic layout's): drawn instead of the curve. */
  readonly route?: readonly Point[];
}

export interface DiagramLayout {
  readonly width: number;
  readonly height: number;
  readonly source: 'view' | 'automatic';
  readonly nodes: readonly LayoutNode[];
  readonly pipes: readonly LayoutPipe[];
  readonly connectors: readonly LayoutConnector[];
  readonly groups: readonly LayoutGroup[];
}

export const FONT_SIZE = 11.5;
export const LINE_HEIGHT = 14;
/** Average advance of a character at FONT_SIZE in a system sans-serif (measured on mixed-case names). */
const CHAR_WIDTH = 6.3;
const BOLD_CHAR_WIDTH = 6.9;
const LABEL_WIDTH = 118;
const STOCK_LABEL_WIDTH = 124;
const AUX_RADIUS = 9;
const VALVE_RADIUS = 8;
export const CLOUD_WIDTH = 26;
export const CLOUD_HEIGHT = 16;
export const MARGIN = 24;
export const GAP = 16;

/**
 * Shape and label boxes of a node placed at (x, y). The label goes below the shape, or above it
 * (a valve whose connectors come from below), or right of it (a valve on an upright pipe).
 */
export type LabelSide = 'below' | 'above' | 'right' | 'left';

/** XMILE's label_side in the layout's words (a centred label goes below a circle). */
export function labelSideFromFile(side: 'top' | 'bottom' | 'left' | 'right' | 'center' | undefined): LabelSide {
  return side === 'top' ? 'above' : side === 'left' ? 'left' : side === 'right' ? 'right' : 'below';
}

export function placeNode(variable: LayoutVariable, x: number, y: number, labelSide: LabelSide = 'below'): LayoutNode {
  if (variable.kind === 'stock' || variable.kind === 'module') {
    const lines = wrapLabel(variable.label, Math.floor(STOCK_LABEL_WIDTH / BOLD_CHAR_WIDTH), 3);
    const textWidth = Math.max(...lines.map((line) => line.length * BOLD_CHAR_WIDTH));
    const width = Math.max(92, Math.ceil(textWidth + 18));
    const height = 16 + lines.length * LINE_HEIGHT + LINE_HEIGHT;
    const shape = { x: x - width / 2, y: y - height / 2, width, height };
    return {
      id: variable.id,
      kind: variable.kind,
      x,
      y,
      shape,
      lines,
      labelAt: { x, y: shape.y + 8 + FONT_SIZE },
      labelAnchor: 'middle',
      valueAt: { x, y: shape.y + 8 + FONT_SIZE + lines.length * LINE_HEIGHT },
      bounds: shape,
    };
  }
  const radius = variable.kind === 'flow' ? VALVE_RADIUS : AUX_RADIUS;
  const shape = { x: x - radius, y: y - radius, width: 2 * radius, height: 2 * radius };
  const lines = wrapLabel(variable.label, Math.floor(LABEL_WIDTH / CHAR_WIDTH), 3);
  const textWidth = Math.max(...lines.map((line) => line.length * CHAR_WIDTH), 5 * CHAR_WIDTH);
  const textHeight = (lines.length + 1) * LINE_HEIGHT;
  const label: Box =
    labelSide === 'below'
      ? { x: x - textWidth / 2, y: y + radius + 2, width: textWidth, height: textHeight }
      : labelSide === 'above'
        ? { x: x - textWidth / 2, y: y - radius - 3 - textHeight, width: textWidth, height: textHeight }
        : labelSide === 'right'
          ? { x: x + radius + 5, y: y - textHeight / 2, width: textWidth, height: textHeight }
          : { x: x - radius - 5 - textWidth, y: y - textHeight / 2, width: textWidth, height: textHeight };
  const labelAt = labelSide === 'right' ? { x: label.x, y: label.y + FONT_SIZE } : labelSide === 'left' ? { x: label.x + label.width, y: label.y + FONT_SIZE } : { x, y: label.y + FONT_SIZE };
  return {
    id: variable.id,
    kind: variable.kind,
    x,
    y,
    shape,
    lines,
    labelAt,
    labelAnchor: labelSide === 'right' ? 'start' : labelSide === 'left' ? 'end' : 'middle',
    valueAt: { x: labelAt.x, y: labelAt.y + lines.length * LINE_HEIGHT },
    bounds: unionBox(shape, label),
  };
}

export function cloudBox(at: Point): Box {
  return { x: at.x - CLOUD_WIDTH / 2, y: at.y - CLOUD_HEIGHT / 2, width: CLOUD_WIDTH, height: CLOUD_HEIGHT };
}

/** A connector before it is drawn: variable ids, the ghost nodes it starts or ends at, and the file's takeoff angle. */
export interface PlacedConnector {
  readonly from: string;
  readonly to: string;
  /** Degrees counter-clockwise, when the file gives one. */
  readonly angle?: number;
  /** Node ids of ghosts the connector starts or ends at instead of the variables' own nodes. */
  readonly fromNode?: string;
  readonly toNode?: string;
  /** A route worked out by the automatic layout: the connector follows these points. */
  readonly route?: readonly Point[];
}

export interface Placed {
  readonly nodes: LayoutNode[];
  readonly pipes: LayoutPipe[];
  readonly connectors: PlacedConnector[];
  readonly groups: LayoutGroup[];
  readonly source: 'view' | 'automatic';
}

export interface FlowEnds {
  readonly source: string | undefined;
  readonly sink: string | undefined;
}

export function flowEnds(variables: readonly LayoutVariable[]): Map<string, FlowEnds> {
  const ends = new Map<string, { source?: string; sink?: string }>();
  for (const variable of variables) {
    if (variable.kind !== 'stock') continue;
    for (const flow of variable.outflows) ends.set(flow, { ...ends.get(flow), source: variable.id });
    for (const flow of variable.inflows) ends.set(flow, { ...ends.get(flow), sink: variable.id });
  }
  const result = new Map<string, FlowEnds>();
  for (const variable of variables) if (variable.kind === 'flow') result.set(variable.id, { source: ends.get(variable.id)?.source, sink: ends.get(variable.id)?.sink });
  return result;
}

export function informationConnectors(input: LayoutInput): { from: string; to: string }[] {
  const kinds = new Map(input.variables.map((variable) => [variable.id, variable.kind]));
  const seen = new Set<string>();
  const connectors: { from: string; to: string }[] = [];
  for (const link of input.links) {
    const to = kinds.get(link.to);
    // What a stock reads is its initial value only: no connector, as in most diagrams.
    if (!kinds.has(link.from) || to === undefined || to === 'stock' || link.from === link.to) continue;
    const key = `${link.from}>${link.to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    connectors.push({ from: link.from, to: link.to });
  }
  return connectors;
}

export function moveNode(node: LayoutNode, dx: number, dy: number): LayoutNode {
  const move = (p: Point): Point => ({ x: p.x + dx, y: p.y + dy });
  const moveBox = (b: Box): Box => ({ ...b, x: b.x + dx, y: b.y + dy });
  return { ...node, x: node.x + dx, y: node.y + dy, shape: moveBox(node.shape), labelAt: move(node.labelAt), valueAt: move(node.valueAt), bounds: moveBox(node.bounds) };
}

export function moveGroup(group: LayoutGroup, dx: number, dy: number): LayoutGroup {
  return { ...group, box: { ...group.box, x: group.box.x + dx, y: group.box.y + dy } };
}

export function movePipe(pipe: LayoutPipe, dx: number, dy: number): LayoutPipe {
  const move = (p: Point): Point => ({ x: p.x + dx, y: p.y + dy });
  return { ...pipe, points: pipe.points.map(move), sourceCloud: pipe.sourceCloud && move(pipe.sourceCloud), sinkCloud: pipe.sinkCloud && move(pipe.sinkCloud) };
}
