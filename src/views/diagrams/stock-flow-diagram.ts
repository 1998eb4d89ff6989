/**
 * An accessible SVG stock-and-flow diagram of a compiled model: the file's own diagram (sectors
 * and ghosts included) or, for a file without one, ELK's automatic layout, worked out in a web
 * worker while a line says so. Live values appear in the boxes and under the circles when `update`
 * is called. The picture is drawn at 100 % (labels at their reading size) in a scrolling frame:
 * drag or scroll to pan, the buttons or Ctrl + wheel to zoom, "Fit" for the whole diagram. Every
 * element has a <title>, and a text version (diagram-text.ts) follows the picture.
 */
import type { CompiledModel } from '../../engine/index.ts';
import { el } from '../dom.ts';
import { hasView, layoutDiagram, layoutFromView, layoutInputFor, type DiagramLayout, type LayoutInput } from './diagram-layout.ts';
import { ACCENT, arrowHead, CONNECTOR, connectorPath, drawGroup, drawNode, drawPipe, FONT, KIND_WORDS, LINE, PAPER, pipeTitle, svg, titled } from './diagram-svg.ts';
import { describeAsList, describeLayout, formatDiagramValue } from './diagram-text.ts';

export { formatDiagramValue } from './diagram-text.ts';

export interface StockFlowDiagramOptions {
  /** Variable ids of a loop, in causal order: its nodes, connectors and pipes are drawn in the accent colour. */
  readonly highlightLoop?: readonly string[];
  /** False draws the automatic layout even when the file has a diagram. */
  readonly useView?: boolean;
  /** Accessible name of the picture; "Stock-and-flow diagram" by default. */
  readonly title?: string;
}

export interface StockFlowDiagram {
  /** Resolves once the picture is drawn (at once for a file's own diagram; after the automatic layout otherwise). */
  readonly ready: Promise<void>;
  /** Shows these values (by variable id) in the diagram and its text version. */
  update(values: ReadonlyMap<string, number>): void;
  /** Points at another loop, or at none. */
  highlight(loop: readonly string[] | undefined): void;
  destroy(): void;
}

/** The zoom levels the buttons step through; Ctrl + wheel zooms freely between the ends. */
const ZOOM_STEPS: readonly number[] = [0.25, 0.33, 0.5, 0.67, 0.8, 1, 1.25, 1.5, 2];
const MIN_ZOOM = 0.1;
const MAX_ZOOM = 2;

let diagramCount = 0;

/** The automatic layout runs ELK in its web worker, loaded only when a model has no diagram. */
async function automaticLayout(input: LayoutInput): Promise<DiagramLayout> {
  const { pageElk } = await import('./elk-layouter.ts');
  return layoutDiagram(input, pageElk());
}

export function mountStockFlowDiagram(root: HTMLElement, model: CompiledModel, options: StockFlowDiagramOptions = {}): StockFlowDiagram {
  const input = layoutInputFor(model, options.useView === false ? { useView: false } : {});
  const figure = el('figure', { class: 'stock-flow-diagram', style: 'margin:0' });
  root.append(figure);
  let drawn: Drawn | null = null;
  let values: ReadonlyMap<string, number> | null = null;
  let loop = options.highlightLoop;
  let destroyed = false;
  const draw = (layout: DiagramLayout): void => {
    if (destroyed) return;
    drawn = drawDiagram(figure, model, layout, options.title ?? 'Stock-and-flow diagram');
    if (values) drawn.show(values);
    drawn.highlight(loop);
  };
  let ready: Promise<void>;
  if (hasView(input)) {
    draw(layoutFromView(input));
    ready = Promise.resolve();
  } else {
    const waiting = el('p', { class: 'hint sfd-waiting', role: 'status' }, ['Laying out the diagram…']);
    figure.append(waiting);
    ready = automaticLayout(input).then(
      (layout) => {
        waiting.remove();
        draw(layout);
      },
      (error: unknown) => {
        waiting.textContent = `The diagram could not be laid out: ${error instanceof Error ? error.message : String(error)}. The text version and the charts still work.`;
        waiting.setAttribute('role', 'alert');
      },
    );
  }
  return {
    ready,
    update(next) {
      values = next;
      drawn?.show(next);
    },
    highlight(next) {
      loop = next;
      drawn?.highlight(next);
    },
    destroy() {
      destroyed = true;
      figure.remove();
    },
  };
}

interface Drawn {
  show(values: ReadonlyMap<string, number>): void;
  highlight(loop: readonly string[] | undefined): void;
}

function drawDiagram(figure: HTMLElement, model: CompiledModel, layout: DiagramLayout, title: string): Drawn {
  const id = `sfd-${++diagramCount}`;
  const variables = new Map(model.variables.map((variable) => [variable.id, variable]));
  const labelOf = (variableId: string) => variables.get(variableId)?.label ?? variableId;

  const picture = svg('svg', {
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    width: layout.width,
    height: layout.height,
    role: 'group',
    'aria-labelledby': `${id}-title`,
    'aria-describedby': `${id}-desc`,
    'font-family': FONT,
    style: `display:block;background:${PAPER}`,
  });
  picture.append(svg('title', { id: `${id}-title` }, title));
  picture.append(svg('desc', { id: `${id}-desc` }, describeLayout(layout, labelOf)));
  const defs = svg('defs');
  defs.append(arrowHead(`${id}-arrow`, CONNECTOR), arrowHead(`${id}-arrow-accent`, ACCENT));
  picture.append(defs);

  const sectorLayer = svg('g', { class: 'sfd-sectors', 'aria-hidden': 'true' });
  const connectorLayer = svg('g', { class: 'sfd-connectors', 'aria-hidden': 'true' });
  const pipeLayer = svg('g', { class: 'sfd-pipes' });
  const nodeLayer = svg('g', { class: 'sfd-nodes' });
  picture.append(sectorLayer, connectorLayer, pipeLayer, nodeLayer);
  for (const group of layout.groups) sectorLayer.append(drawGroup(group));

  const connectorPaths: { from: string; to: string; path: SVGPathElement }[] = [];
  for (const connector of layout.connectors) {
    const path = svg('path', { class: 'sfd-connector', d: connectorPath(connector), fill: 'none', stroke: CONNECTOR, 'stroke-width': 1, 'marker-end': `url(#${id}-arrow)`, 'data-from': connector.from, 'data-to': connector.to });
    connectorLayer.append(titled(path, `${labelOf(connector.from)} affects ${labelOf(connector.to)}`));
    connectorPaths.push({ from: connector.from, to: connector.to, path });
  }

  const pipeGroups = new Map<string, SVGGElement>();
  for (const pipe of layout.pipes) {
    const group = drawPipe(pipe, pipeTitle(pipe, model.variables, labelOf));
    pipeLayer.append(group);
    pipeGroups.set(pipe.flow, group);
  }

  // Values and highlights go by variable: a ghost shows its variable's value and lights up with it.
  const valueTexts = new Map<string, Element[]>();
  const nodeGroups = new Map<string, SVGGElement[]>();
  const pipeOf = new Map(layout.pipes.map((pipe) => [pipe.flow, pipe]));
  for (const node of layout.nodes) {
    const variableId = node.of ?? node.id;
    const group = drawNode(node, variables.get(variableId), node.of === undefined ? pipeOf.get(node.id) : undefined);
    nodeLayer.append(group.element);
    (valueTexts.get(variableId) ?? valueTexts.set(variableId, []).get(variableId)!).push(group.value);
    (nodeGroups.get(variableId) ?? nodeGroups.set(variableId, []).get(variableId)!).push(group.element);
  }

  // The frame scrolls both ways; inline styles, so the diagram looks the same wherever it is mounted.
  const canvas = el('div', { class: 'sfd-canvas', style: 'overflow:auto;max-width:100%;max-height:80vh;border:1px solid #e5e7eb;border-radius:8px;cursor:grab;touch-action:pan-x pan-y' });
  canvas.append(picture);
  const zoom = zoomControls(canvas, picture, layout);
  const textVersion = describeAsList(model, layout, labelOf);
  for (const [variableId, span] of textVersion.values) valueTexts.get(variableId)?.push(span);
  figure.append(zoom, canvas, textVersion.element);

  const kindOf = new Map(layout.nodes.map((node) => [node.of ?? node.id, node.kind]));
  const show = (values: ReadonlyMap<string, number>): void => {
    for (const [variableId, targets] of valueTexts) {
      const value = values.get(variableId);
      if (value === undefined) continue;
      const text = formatDiagramValue(value);
      for (const target of targets) target.textContent = text;
      for (const group of nodeGroups.get(variableId) ?? []) group.setAttribute('aria-label', `${labelOf(variableId)}, ${KIND_WORDS[kindOf.get(variableId) ?? 'aux']}${group.classList.contains('sfd-ghost') ? ', ghost' : ''}, ${text}`);
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
    for (const [variableId, groups] of nodeGroups) {
      const lit = members.has(variableId);
      for (const group of groups) {
        const shape = group.querySelector('.sfd-shape');
        shape?.setAttribute('stroke', lit ? ACCENT : LINE);
        shape?.setAttribute('stroke-width', lit ? '2.6' : '1.4');
        group.setAttribute('opacity', on && !lit ? '0.8' : '1');
      }
    }
  };
  return { show, highlight };
}

/**
 * Zoom buttons over the scrolling frame: the picture's size changes and the frame keeps the point
 * in its middle where it was; the frame scrolls (pan) with scroll bars, keys, touch, or a drag.
 */
function zoomControls(canvas: HTMLElement, picture: SVGSVGElement, layout: DiagramLayout): HTMLElement {
  let scale = 1;
  const readout = el('output', { class: 'sfd-zoom-level', 'aria-live': 'polite' }, ['100 %']);
  const setScale = (next: number): void => {
    const centre = { x: (canvas.scrollLeft + canvas.clientWidth / 2) / scale, y: (canvas.scrollTop + canvas.clientHeight / 2) / scale };
    scale = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, next));
    picture.setAttribute('width', String(Math.round(layout.width * scale)));
    picture.setAttribute('height', String(Math.round(layout.height * scale)));
    canvas.scrollLeft = centre.x * scale - canvas.clientWidth / 2;
    canvas.scrollTop = centre.y * scale - canvas.clientHeight / 2;
    readout.textContent = `${Math.round(scale * 100)} %`;
  };
  const step = (direction: 1 | -1): number => {
    const index = ZOOM_STEPS.findIndex((candidate) => (direction > 0 ? candidate > scale + 1e-9 : candidate >= scale - 1e-9));
    if (direction > 0) return index < 0 ? MAX_ZOOM : ZOOM_STEPS[index]!;
    return index <= 0 ? Math.min(scale, ZOOM_STEPS[0]!) : ZOOM_STEPS[index - 1]!;
  };
  const button = (label: string, action: () => void) => {
    const element = el('button', { type: 'button', class: 'quiet small' }, [label]);
    element.addEventListener('click', action);
    return element;
  };
  const controls = el('div', { class: 'sfd-zoom', role: 'toolbar', 'aria-label': 'Diagram zoom', style: 'display:flex;gap:0.5rem;align-items:center;margin:0 0 0.5rem' }, [
    button('Zoom out', () => setScale(step(-1))),
    readout,
    button('Zoom in', () => setScale(step(1))),
    button('Actual size', () => setScale(1)),
    button('Fit', () => setScale(Math.min(1, (canvas.clientWidth - 4) / layout.width, (canvas.clientHeight - 4) / layout.height))),
  ]);
  // Ctrl (or ⌘) + wheel zooms; a plain wheel scrolls the page as usual.
  canvas.addEventListener(
    'wheel',
    (event) => {
      if (!event.ctrlKey && !event.metaKey) return;
      event.preventDefault();
      setScale(scale * (event.deltaY < 0 ? 1.1 : 1 / 1.1));
    },
    { passive: false },
  );
  // Drag with the mouse to pan (touch and pens pan natively).
  let drag: { x: number; y: number; left: number; top: number } | null = null;
  canvas.addEventListener('pointerdown', (event) => {
    if (event.pointerType !== 'mouse' || event.button !== 0) return;
    drag = { x: event.clientX, y: event.clientY, left: canvas.scrollLeft, top: canvas.scrollTop };
    canvas.setPointerCapture(event.pointerId);
    canvas.classList.add('dragging');
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!drag) return;
    canvas.scrollLeft = drag.left - (event.clientX - drag.x);
    canvas.scrollTop = drag.top - (event.clientY - drag.y);
  });
  const stop = (event: PointerEvent) => {
    if (!drag) return;
    drag = null;
    canvas.classList.remove('dragging');
    if (canvas.hasPointerCapture(event.pointerId)) canvas.releasePointerCapture(event.pointerId);
  };
  canvas.addEventListener('pointerup', stop);
  canvas.addEventListener('pointercancel', stop);
  return controls;
}
