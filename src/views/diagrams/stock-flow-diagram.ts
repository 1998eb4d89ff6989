/**
 * An accessible SVG stock-and-flow diagram of a compiled model: stocks as boxes, flows as
 * double-line pipes with a valve and clouds at open ends, auxiliaries as circles, connectors as
 * curved arrows. Live values appear in the boxes and under the circles when `update` is called.
 * Calm on purpose: greys, and one accent for the loop being pointed at. Every element has a
 * <title>, and a text version (each variable with what fills, drains and drives it) follows the
 * picture for screen readers and for anyone who prefers reading.
 */
import type { CompiledModel, VariableInfo } from '../../engine/index.ts';
import { el } from '../dom.ts';
import { CLOUD_HEIGHT, CLOUD_WIDTH, FONT_SIZE, LINE_HEIGHT, layoutDiagram, layoutInputFor, type DiagramLayout, type LayoutNode, type LayoutPipe, type Point } from './diagram-layout.ts';

export interface StockFlowDiagramOptions {
  /** Variable ids of a loop, in causal order: its nodes, connectors and pipes are drawn in the accent colour. */
  readonly highlightLoop?: readonly string[];
  /** False draws the automatic layout even when the file has a diagram. */
  readonly useView?: boolean;
  /** Accessible name of the picture; "Stock-and-flow diagram" by default. */
  readonly title?: string;
}

export interface StockFlowDiagram {
  /** Shows these values (by variable id) in the diagram and its text version. */
  update(values: ReadonlyMap<string, number>): void;
  /** Points at another loop, or at none. */
  highlight(loop: readonly string[] | undefined): void;
  destroy(): void;
}

const SVG = 'http://www.w3.org/2000/svg';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
const INK = '#1f2937';
const LINE = '#4b5563';
const MUTED = '#6b7280';
const CONNECTOR = '#b3b9c2';
const PAPER = '#ffffff';
const STOCK_FILL = '#f3f4f6';
const ACCENT = '#0b5fa5';
/** A white outline under the letters keeps labels readable where connectors cross them. */
const HALO = { stroke: PAPER, 'stroke-width': 3, 'stroke-linejoin': 'round', 'paint-order': 'stroke' } as const;
const KIND_WORDS: Record<LayoutNode['kind'], string> = { stock: 'stock', flow: 'flow', aux: 'converter', module: 'module' };

let diagramCount = 0;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Readonly<Record<string, string | number>> = {}, text?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

function titled<T extends SVGElement>(element: T, title: string): T {
  element.prepend(svg('title', {}, title));
  return element;
}

/** Values as people read them: four significant digits, compact past a million, a real minus sign. */
export function formatDiagramValue(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const text = Math.abs(value) >= 1e6 ? value.toLocaleString('en-US', { notation: 'compact', maximumSignificantDigits: 3 }) : value.toLocaleString('en-US', { maximumSignificantDigits: 4 });
  return text.replace(/^-/, '−');
}

export function mountStockFlowDiagram(root: HTMLElement, model: CompiledModel, options: StockFlowDiagramOptions = {}): StockFlowDiagram {
  const id = `sfd-${++diagramCount}`;
  const layout = layoutDiagram(layoutInputFor(model, options.useView === false ? { useView: false } : {}));
  const variables = new Map(model.variables.map((variable) => [variable.id, variable]));
  const labelOf = (variableId: string) => variables.get(variableId)?.label ?? variableId;
  const title = options.title ?? 'Stock-and-flow diagram';

  const picture = svg('svg', {
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    width: layout.width,
    height: layout.height,
    role: 'group',
    'aria-labelledby': `${id}-title`,
    'aria-describedby': `${id}-desc`,
    'font-family': FONT,
    style: `display:block;width:100%;height:auto;max-width:${layout.width}px;min-width:${Math.min(layout.width, Math.max(640, Math.round(layout.width * 0.6)))}px;background:${PAPER}`,
  });
  picture.append(svg('title', { id: `${id}-title` }, title));
  picture.append(svg('desc', { id: `${id}-desc` }, describe(layout, labelOf)));
  const defs = svg('defs');
  defs.append(arrowHead(`${id}-arrow`, CONNECTOR), arrowHead(`${id}-arrow-accent`, ACCENT));
  picture.append(defs);

  const connectorLayer = svg('g', { class: 'sfd-connectors', 'aria-hidden': 'true' });
  const pipeLayer = svg('g', { class: 'sfd-pipes' });
  const nodeLayer = svg('g', { class: 'sfd-nodes' });
  picture.append(connectorLayer, pipeLayer, nodeLayer);

  const connectorPaths: { from: string; to: string; path: SVGPathElement }[] = [];
  for (const connector of layout.connectors) {
    const path = svg('path', {
      d: `M${fixed(connector.start)} Q${fixed(connector.control)} ${fixed(connector.end)}`,
      fill: 'none',
      stroke: CONNECTOR,
      'stroke-width': 1,
      'marker-end': `url(#${id}-arrow)`,
    });
    connectorLayer.append(titled(path, `${labelOf(connector.from)} affects ${labelOf(connector.to)}`));
    connectorPaths.push({ from: connector.from, to: connector.to, path });
  }

  const pipeGroups = new Map<string, SVGGElement>();
  for (const pipe of layout.pipes) {
    const group = drawPipe(pipe, pipeTitle(pipe, model.variables, labelOf));
    pipeLayer.append(group);
    pipeGroups.set(pipe.flow, group);
  }

  const valueTexts = new Map<string, Element[]>();
  const pipeOf = new Map(layout.pipes.map((pipe) => [pipe.flow, pipe]));
  const nodeGroups = new Map<string, SVGGElement>();
  for (const node of layout.nodes) {
    const variable = variables.get(node.id);
    const group = drawNode(node, variable, pipeOf.get(node.id));
    nodeLayer.append(group.element);
    valueTexts.set(node.id, [group.value]);
    nodeGroups.set(node.id, group.element);
  }

  const canvas = el('div', { class: 'sfd-canvas', style: 'overflow:auto;max-width:100%' });
  canvas.append(picture);
  const textVersion = describeAsList(model, layout, labelOf);
  for (const [variableId, span] of textVersion.values) valueTexts.get(variableId)?.push(span);
  const figure = el('figure', { class: 'stock-flow-diagram', style: 'margin:0' }, [canvas, textVersion.element]);
  root.append(figure);

  const kindOf = new Map(layout.nodes.map((node) => [node.id, node.kind]));
  const show = (values: ReadonlyMap<string, number>): void => {
    for (const [variableId, targets] of valueTexts) {
      const value = values.get(variableId);
      if (value === undefined) continue;
      const text = formatDiagramValue(value);
      for (const target of targets) target.textContent = text;
      nodeGroups.get(variableId)?.setAttribute('aria-label', `${labelOf(variableId)}, ${KIND_WORDS[kindOf.get(variableId) ?? 'aux']}, ${text}`);
    }
  };
  // Constants are known before any run.
  show(new Map(model.variables.filter((variable) => variable.isParameter && variable.value !== undefined).map((variable) => [variable.id, variable.value!])));

  const highlight = (loop: readonly string[] | undefined): void => {
    const members = new Set(loop ?? []);
    const edges = new Set<string>();
    if (loop) loop.forEach((from, i) => edges.add(`${from}>${loop[(i + 1) % loop.length]}`));
    const on = members.size > 0;
    for (const { from, to, path } of connectorPaths) {
      const lit = edges.has(`${from}>${to}`);
      path.setAttribute('stroke', lit ? ACCENT : CONNECTOR);
      path.setAttribute('stroke-width', lit ? '2.2' : '1');
      path.setAttribute('marker-end', `url(#${id}-arrow${lit ? '-accent' : ''})`);
      path.setAttribute('opacity', on && !lit ? '0.7' : '1');
      if (lit) connectorLayer.append(path); // on top of the others
    }
    for (const [flow, group] of pipeGroups) {
      const lit = members.has(flow);
      group.querySelector('.sfd-pipe-outer')?.setAttribute('stroke', lit ? ACCENT : LINE);
      group.setAttribute('opacity', on && !lit ? '0.8' : '1');
    }
    for (const [nodeId, group] of nodeGroups) {
      const lit = members.has(nodeId);
      const shape = group.querySelector('.sfd-shape');
      shape?.setAttribute('stroke', lit ? ACCENT : LINE);
      shape?.setAttribute('stroke-width', lit ? '2.6' : '1.4');
      group.setAttribute('opacity', on && !lit ? '0.8' : '1');
    }
  };
  if (options.highlightLoop) highlight(options.highlightLoop);

  return {
    update: show,
    highlight,
    destroy: () => figure.remove(),
  };
}

function fixed(point: Point): string {
  return `${point.x.toFixed(1)},${point.y.toFixed(1)}`;
}

function arrowHead(markerId: string, color: string): SVGMarkerElement {
  const marker = svg('marker', { id: markerId, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 8, markerHeight: 8, markerUnits: 'userSpaceOnUse', orient: 'auto' });
  marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: color }));
  return marker;
}

function pipeTitle(pipe: LayoutPipe, variables: readonly VariableInfo[], labelOf: (id: string) => string): string {
  const source = variables.find((variable) => variable.outflows.includes(pipe.flow));
  const sink = variables.find((variable) => variable.inflows.includes(pipe.flow));
  const from = source ? labelOf(source.id) : 'outside the model';
  const to = sink ? labelOf(sink.id) : 'outside the model';
  return `${labelOf(pipe.flow)}: from ${from} to ${to}`;
}

/** The pipe as a thick grey line under a thinner white one, an arrow head at the sink, clouds at open ends. */
function drawPipe(pipe: LayoutPipe, title: string): SVGGElement {
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

function drawNode(node: LayoutNode, variable: VariableInfo | undefined, pipe: LayoutPipe | undefined): { element: SVGGElement; value: SVGTextElement } {
  const kind = KIND_WORDS[node.kind];
  const description = [variable?.label ?? node.id, kind, variable?.units ? `in ${variable.units}` : '', variable?.equation && !variable.isParameter ? `= ${variable.equation}` : ''].filter((part) => part !== '').join(', ');
  const group = titled(svg('g', { class: `sfd-node sfd-${node.kind}`, 'data-id': node.id, role: 'img', 'aria-label': `${variable?.label ?? node.id}, ${kind}` }), description);
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
  const label = svg('text', { x: node.labelAt.x, y: node.labelAt.y, 'text-anchor': node.labelAnchor, 'font-size': FONT_SIZE, 'font-weight': node.kind === 'stock' ? 600 : 400, fill: INK, ...HALO, 'aria-hidden': 'true' });
  node.lines.forEach((line, i) => label.append(svg('tspan', { x: node.labelAt.x, y: node.labelAt.y + i * LINE_HEIGHT }, line)));
  const value = svg('text', { class: 'sfd-value', x: node.valueAt.x, y: node.valueAt.y, 'text-anchor': node.labelAnchor, 'font-size': FONT_SIZE - 1, fill: MUTED, 'font-variant-numeric': 'tabular-nums', ...HALO, 'aria-hidden': 'true' });
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

function describe(layout: DiagramLayout, labelOf: (id: string) => string): string {
  const count = (kind: LayoutNode['kind']) => layout.nodes.filter((node) => node.kind === kind).length;
  const stocks = layout.nodes.filter((node) => node.kind === 'stock').map((node) => labelOf(node.id));
  return `${count('stock')} stocks (${stocks.join(', ')}), ${count('flow')} flows, ${count('aux')} converters and ${layout.connectors.length} connectors. The text version below lists each variable with its links.`;
}

/** The text version: each variable with its kind, value, what fills and drains it, what it reads and what reads it. */
function describeAsList(model: CompiledModel, layout: DiagramLayout, labelOf: (id: string) => string): { element: HTMLDetailsElement; values: Map<string, HTMLElement> } {
  const readers = new Map<string, string[]>();
  for (const variable of model.variables) for (const input of variable.dependsOn) (readers.get(input) ?? readers.set(input, []).get(input)!).push(variable.id);
  const values = new Map<string, HTMLElement>();
  const kindById = new Map(model.variables.map((variable) => [variable.id, variable.kind]));
  const drawn = new Set(layout.nodes.map((node) => node.id));
  const names = (ids: readonly string[]) => ids.map(labelOf).join(', ');
  const groups: { heading: string; kinds: readonly string[] }[] = [
    { heading: 'Stocks', kinds: ['stock'] },
    { heading: 'Flows', kinds: ['flow'] },
    { heading: 'Converters', kinds: ['aux', 'gf', 'module'] },
  ];
  const sections = groups.map(({ heading, kinds }) => {
    const items = model.variables
      .filter((variable) => kinds.includes(variable.kind) && drawn.has(variable.id))
      .map((variable) => {
        const value = el('span', { class: 'sfd-text-value' }, [variable.isParameter && variable.value !== undefined ? formatDiagramValue(variable.value) : '']);
        values.set(variable.id, value);
        const parts: string[] = [];
        if (variable.kind === 'stock') {
          if (variable.inflows.length > 0) parts.push(`filled by ${names(variable.inflows)}`);
          if (variable.outflows.length > 0) parts.push(`drained by ${names(variable.outflows)}`);
        } else if (variable.dependsOn.length > 0) parts.push(`depends on ${names(variable.dependsOn)}`);
        const readBy = (readers.get(variable.id) ?? []).filter((reader) => kindById.get(reader) !== 'stock');
        if (readBy.length > 0) parts.push(`affects ${names(readBy)}`);
        return el('li', {}, [el('strong', {}, [variable.label]), variable.units ? ` (${variable.units})` : '', ': ', value, parts.length > 0 ? `; ${parts.join('; ')}.` : '.']);
      });
    return items.length === 0 ? null : el('section', {}, [el('h4', {}, [heading]), el('ul', {}, items)]);
  });
  const element = el('details', { class: 'sfd-text' }, [el('summary', {}, ['Text version of the diagram: every variable and its links']), ...sections]);
  return { element, values };
}
