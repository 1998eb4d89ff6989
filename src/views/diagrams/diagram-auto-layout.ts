/**
 * The automatic layout, for a model whose file has no diagram: the Eclipse Layout Kernel (elkjs,
 * its layered algorithm) places the shapes and routes every pipe and connector orthogonally around
 * them, so no line runs through a shape or its label. Stocks, valves, converters and clouds are
 * ELK nodes the size of their shape, each label an outside label below it (ELK keeps room for
 * it); a pipe is two edges through its valve's west and east ports, so it runs left to right.
 * The ELK instance is passed in: the page runs it in ELK's web worker, the tests in Node.
 * pattern: Functional Core (ELK is asynchronous, but pure: the same input gives the same layout)
 */
import type { ElkExtendedEdge, ElkNode, ElkPoint, ElkPort } from 'elkjs/lib/elk-api.js';
import {
  CLOUD_HEIGHT,
  CLOUD_WIDTH,
  flowEnds,
  informationConnectors,
  placeNode,
  type LayoutInput,
  type LayoutNode,
  type LayoutPipe,
  type Placed,
  type PlacedConnector,
} from './diagram-nodes.ts';
import type { Point } from './diagram-geometry.ts';

/** What the layout needs of ELK: its one asynchronous call. */
export interface ElkLayouter {
  layout(graph: ElkNode): Promise<ElkNode>;
}

/** Room between shapes and lines, in pixels at 100 % zoom. */
const SPACING = {
  'elk.spacing.nodeNode': '28',
  'elk.layered.spacing.nodeNodeBetweenLayers': '56',
  'elk.spacing.edgeNode': '14',
  'elk.spacing.edgeEdge': '8',
  'elk.layered.spacing.edgeNodeBetweenLayers': '16',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '8',
  'elk.spacing.labelNode': '2',
  'elk.spacing.componentComponent': '48',
};

const ROOT_OPTIONS = {
  'elk.algorithm': 'layered',
  // Stocks chain left to right, as modellers draw them.
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.separateConnectedComponents': 'true',
  'elk.layered.mergeEdges': 'false',
  ...SPACING,
};

const cloudId = (flow: string, end: 'source' | 'sink') => `cloud:${end}:${flow}`;

/** Lay the model out with ELK; connectors carry ELK's routes. */
export async function automaticLayout(input: LayoutInput, elk: ElkLayouter): Promise<Placed> {
  const ends = flowEnds(input.variables);
  // Probe nodes at the origin: their shape and label boxes relative to the centre.
  const probes = new Map(input.variables.map((variable) => [variable.id, placeNode(variable, 0, 0)]));
  const children: ElkNode[] = [];
  const edges: ElkExtendedEdge[] = [];
  for (const variable of input.variables) {
    const probe = probes.get(variable.id)!;
    const label = labelBox(probe);
    const node: ElkNode = {
      id: variable.id,
      width: probe.shape.width,
      height: probe.shape.height,
      ...(label ? { labels: [{ id: `label:${variable.id}`, width: label.width, height: label.height, text: variable.label }] } : {}),
      layoutOptions: {
        ...(label ? { 'elk.nodeLabels.placement': '[OUTSIDE, V_BOTTOM, H_CENTER]' } : {}),
        ...(variable.kind === 'flow' || variable.kind === 'stock' ? { 'elk.portConstraints': 'FIXED_POS' } : {}),
      },
    };
    // Pipes go in on the left and out on the right, at mid-height, so they run straight through the valve.
    if (variable.kind === 'flow' || variable.kind === 'stock') node.ports = sidePorts(variable.id, probe.shape.width, probe.shape.height);
    children.push(node);
  }
  for (const variable of input.variables) {
    if (variable.kind !== 'flow') continue;
    const end = ends.get(variable.id);
    const source = end?.source;
    const sink = end?.sink;
    for (const [end, missing] of [['source', source === undefined], ['sink', sink === undefined]] as const) {
      if (!missing) continue;
      const id = cloudId(variable.id, end);
      children.push({ id, width: CLOUD_WIDTH, height: CLOUD_HEIGHT, ports: sidePorts(id, CLOUD_WIDTH, CLOUD_HEIGHT), layoutOptions: { 'elk.portConstraints': 'FIXED_POS' } });
    }
    edges.push({
      id: `pipe-in:${variable.id}`,
      sources: [source === undefined ? `${cloudId(variable.id, 'source')}:out` : `${source}:out`],
      targets: [`${variable.id}:in`],
      layoutOptions: { 'elk.layered.priority.straightness': '10', 'elk.layered.priority.direction': '10' },
    });
    edges.push({
      id: `pipe-out:${variable.id}`,
      sources: [`${variable.id}:out`],
      targets: [sink === undefined ? `${cloudId(variable.id, 'sink')}:in` : `${sink}:in`],
      layoutOptions: { 'elk.layered.priority.straightness': '10', 'elk.layered.priority.direction': '10' },
    });
  }
  const connectors = informationConnectors(input);
  connectors.forEach((connector, index) => edges.push({ id: `link:${index}`, sources: [connector.from], targets: [connector.to] }));

  const laid = await elk.layout({ id: 'root', layoutOptions: ROOT_OPTIONS, children, edges });

  const at = new Map((laid.children ?? []).map((child) => [child.id, child]));
  const centre = (id: string): Point => {
    const node = at.get(id);
    if (!node || node.x === undefined || node.y === undefined) throw new Error(`the layout left out "${id}"`);
    return { x: node.x + (node.width ?? 0) / 2, y: node.y + (node.height ?? 0) / 2 };
  };
  const nodes: LayoutNode[] = input.variables.map((variable) => {
    const c = centre(variable.id);
    return placeNode(variable, c.x, c.y);
  });
  const routes = new Map((laid.edges ?? []).map((edge) => [edge.id, routeOf(edge as ElkExtendedEdge)]));
  const pipes: LayoutPipe[] = [];
  for (const variable of input.variables) {
    if (variable.kind !== 'flow') continue;
    const into = routes.get(`pipe-in:${variable.id}`) ?? [];
    const out = routes.get(`pipe-out:${variable.id}`) ?? [];
    const valve = centre(variable.id);
    const end = ends.get(variable.id);
    const sourceCloud = end?.source === undefined ? centre(cloudId(variable.id, 'source')) : null;
    const sinkCloud = end?.sink === undefined ? centre(cloudId(variable.id, 'sink')) : null;
    // From the source (the cloud's centre), along ELK's route to the valve, on to the sink.
    const points = [...(sourceCloud ? [sourceCloud] : []), ...into.slice(0, -1), valve, ...out.slice(1), ...(sinkCloud ? [sinkCloud] : [])];
    pipes.push({ flow: variable.id, points: withoutRepeats(points), sourceCloud, sinkCloud });
  }
  const placed: PlacedConnector[] = connectors.map((connector, index) => ({ ...connector, route: routes.get(`link:${index}`) ?? [] }));
  return { nodes, pipes, connectors: placed, groups: [], source: 'automatic' };
}

/** Two ports on a node: `:in` in the middle of its left side, `:out` in the middle of its right. */
function sidePorts(id: string, width: number, height: number): ElkPort[] {
  return [
    { id: `${id}:in`, x: -1, y: height / 2 - 0.5, width: 1, height: 1, layoutOptions: { 'elk.port.side': 'WEST' } },
    { id: `${id}:out`, x: width, y: height / 2 - 0.5, width: 1, height: 1, layoutOptions: { 'elk.port.side': 'EAST' } },
  ];
}

/** The label box of a node placed at the origin, relative to the shape's top left; none for a stock (its label is inside). */
function labelBox(probe: LayoutNode): { width: number; height: number } | null {
  if (probe.kind === 'stock' || probe.kind === 'module') return null;
  const bottom = probe.bounds.y + probe.bounds.height;
  const below = bottom - (probe.shape.y + probe.shape.height);
  return { width: probe.bounds.width, height: Math.max(0, below) };
}

function routeOf(edge: ElkExtendedEdge): Point[] {
  const section = edge.sections?.[0];
  if (!section) return [];
  const points: ElkPoint[] = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint];
  return points.map((point) => ({ x: point.x, y: point.y }));
}

function withoutRepeats(points: readonly Point[]): Point[] {
  return points.filter((point, i) => i === 0 || Math.hypot(point.x - points[i - 1]!.x, point.y - points[i - 1]!.y) > 0.01);
}
