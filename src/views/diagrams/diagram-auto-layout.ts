/**
 * The automatic layout, for a model whose file has no diagram: a simple layered layout. Stocks
 * go in rows, chained by the flows between them; auxiliaries go in a band under the row they
 * feed, one line per distance from a flow, each as near its neighbours as the line allows.
 */
import {
  CLOUD_HEIGHT,
  CLOUD_WIDTH,
  GAP,
  MARGIN,
  flowEnds,
  informationConnectors,
  moveNode,
  movePipe,
  placeNode,
  type FlowEnds,
  type LayoutInput,
  type LayoutNode,
  type LayoutPipe,
  type LayoutVariable,
  type Placed,
} from './diagram-nodes.ts';

const STOCKS_PER_ROW = 4;
const PIPE_HALF = 92;
const CHAIN_GAP = 40;
const UPRIGHT = 110;
const UPRIGHT_STEP = 84;
const ROW_GAP = 34;
const LINE_GAP = 16;
const BAND_WIDTH = 1500;

/**
 * Stocks in rows, chained by the flows between them (a flow from one stock to the next sits
 * between the two); a stock's first inflow and outflow run horizontally, any further ones upright
 * from above and below; auxiliaries go in a band under the row of what they feed, one line per
 * distance from a flow or stock, each near the mean position of its neighbours already placed.
 */
export function automaticLayout(input: LayoutInput): Placed {
  const byId = new Map(input.variables.map((variable) => [variable.id, variable]));
  const ends = flowEnds(input.variables);
  const stocks = input.variables.filter((variable) => variable.kind === 'stock');
  const flows = input.variables.filter((variable) => variable.kind === 'flow');
  const others = input.variables.filter((variable) => variable.kind === 'aux' || variable.kind === 'module');

  // Chains: follow each stock's outflows to the next stock not yet placed.
  const inChain = new Set<string>();
  const chains: string[][] = [];
  const fedByStock = new Set(flows.filter((flow) => ends.get(flow.id)?.source !== undefined && ends.get(flow.id)?.sink !== undefined).map((flow) => ends.get(flow.id)!.sink!));
  for (const first of [...stocks.filter((stock) => !fedByStock.has(stock.id)), ...stocks]) {
    if (inChain.has(first.id)) continue;
    const chain: string[] = [];
    let current: string | undefined = first.id;
    while (current !== undefined && !inChain.has(current)) {
      chain.push(current);
      inChain.add(current);
      const stock: LayoutVariable = byId.get(current)!;
      current = stock.outflows.map((flow) => ends.get(flow)?.sink).find((sink) => sink !== undefined && !inChain.has(sink));
    }
    chains.push(chain);
  }
  const rows: string[][][] = [];
  for (const chain of chains) {
    const row = rows[rows.length - 1];
    if (row && row.reduce((count, c) => count + c.length, 0) + chain.length <= STOCKS_PER_ROW) row.push(chain);
    else rows.push([chain]);
  }

  // 1. Each row on its own, around y = 0.
  const flowPlaced = new Set<string>();
  const built = rows.map((row) => buildRow(row, byId, ends, flowPlaced));
  const loose = flows.filter((flow) => !flowPlaced.has(flow.id));
  if (loose.length > 0) built.push(looseFlowRow(loose));
  const homeOf = new Map<string, number>();
  built.forEach((row, r) => {
    for (const node of row.nodes) homeOf.set(node.id, r);
  });

  // 2. Each auxiliary's home row: where most of what it is placed near lives.
  const plan = auxLevels(input, others);
  for (const id of plan.order) {
    const votes = new Map<number, number>();
    for (const anchor of plan.anchors.get(id) ?? []) {
      const home = homeOf.get(anchor);
      if (home !== undefined) votes.set(home, (votes.get(home) ?? 0) + 1);
    }
    let best = 0;
    let bestVotes = 0;
    for (const [row, count] of [...votes].sort((a, b) => a[0] - b[0])) {
      if (count > bestVotes) {
        best = row;
        bestVotes = count;
      }
    }
    homeOf.set(id, best);
  }

  // 3. Stack the rows, each followed by its band of auxiliaries.
  const width = Math.min(BAND_WIDTH, Math.max(900, ...built.map((row) => row.right)));
  const nodes = new Map<string, LayoutNode>();
  const pipes: LayoutPipe[] = [];
  let cursorY = MARGIN;
  const rowCount = Math.max(1, built.length);
  for (let r = 0; r < rowCount; r++) {
    const row = built[r];
    if (row) {
      const shift = cursorY - row.top;
      for (const node of row.nodes) nodes.set(node.id, moveNode(node, 0, shift));
      for (const pipe of row.pipes) pipes.push(movePipe(pipe, 0, shift));
      cursorY = row.bottom + shift + ROW_GAP;
    }
    const band = plan.order.filter((id) => homeOf.get(id) === r);
    if (band.length > 0) cursorY = placeBand(band, plan, byId, nodes, width, cursorY) + ROW_GAP;
  }
  return { nodes: [...nodes.values()], pipes, connectors: informationConnectors(input), source: 'automatic' };
}

interface BuiltRow {
  readonly nodes: LayoutNode[];
  readonly pipes: LayoutPipe[];
  readonly top: number;
  readonly bottom: number;
  readonly right: number;
}

/**
 * One row of chains: [cloud → inflow →] stock → flow → stock ... [→ outflow → cloud]. A stock's
 * further flows stand upright, inflows from above and outflows below, each a little longer than
 * the one before so that their labels clear each other's pipes. A flow from a stock that is not
 * its neighbour in a chain arrives from above out of a cloud (its title still names both stocks).
 */
function buildRow(row: readonly (readonly string[])[], byId: ReadonlyMap<string, LayoutVariable>, ends: ReadonlyMap<string, FlowEnds>, flowPlaced: Set<string>): BuiltRow {
  const nodes: LayoutNode[] = [];
  const pipes: LayoutPipe[] = [];
  let x = MARGIN;
  for (const chain of row) {
    for (let i = 0; i < chain.length; i++) {
      const stock = byId.get(chain[i]!)!;
      const probe = placeNode(stock, 0, 0);
      const horizontalIn = i === 0 ? stock.inflows.find((flow) => !flowPlaced.has(flow) && ends.get(flow)?.source === undefined) : undefined;
      if (horizontalIn) {
        const cloud = { x: x + CLOUD_WIDTH / 2, y: 0 };
        nodes.push(placeNode(byId.get(horizontalIn)!, cloud.x + PIPE_HALF, 0, 'above'));
        flowPlaced.add(horizontalIn);
        x = cloud.x + 2 * PIPE_HALF;
        pipes.push({ flow: horizontalIn, points: [cloud, { x, y: 0 }], sourceCloud: cloud, sinkCloud: null });
      } else if (i === 0) x += 20;
      const node = placeNode(stock, x + probe.shape.width / 2, 0);
      nodes.push(node);
      x = node.shape.x + node.shape.width;
      const next = chain[i + 1];
      const link = next === undefined ? undefined : stock.outflows.find((flow) => ends.get(flow)?.sink === next);
      const out = link ?? stock.outflows.find((flow) => !flowPlaced.has(flow) && ends.get(flow)?.sink === undefined);
      if (out !== undefined && !flowPlaced.has(out)) {
        nodes.push(placeNode(byId.get(out)!, x + PIPE_HALF, 0, 'above'));
        flowPlaced.add(out);
        if (link) pipes.push({ flow: link, points: [{ x, y: 0 }, { x: x + 2 * PIPE_HALF, y: 0 }], sourceCloud: null, sinkCloud: null });
        else {
          const cloud = { x: x + 2 * PIPE_HALF - CLOUD_WIDTH / 2, y: 0 };
          pipes.push({ flow: out, points: [{ x, y: 0 }, cloud], sourceCloud: null, sinkCloud: cloud });
        }
        x += 2 * PIPE_HALF;
      } else if (next !== undefined) x += 2 * PIPE_HALF;
    }
    x += CHAIN_GAP;
  }
  for (const node of [...nodes]) {
    if (node.kind !== 'stock') continue;
    const stock = byId.get(node.id)!;
    const upright = (flow: string, k: number, above: boolean) => {
      const px = node.x - 30 - k * 26;
      const edge = above ? node.shape.y : node.shape.y + node.shape.height;
      const length = UPRIGHT + k * UPRIGHT_STEP;
      const far = above ? edge - length : edge + length;
      const valveY = above ? far + 40 : far - 40;
      nodes.push(placeNode(byId.get(flow)!, px, valveY, 'right'));
      flowPlaced.add(flow);
      const cloud = { x: px, y: far };
      pipes.push(above ? { flow, points: [cloud, { x: px, y: valveY }, { x: px, y: edge }], sourceCloud: cloud, sinkCloud: null } : { flow, points: [{ x: px, y: edge }, { x: px, y: valveY }, cloud], sourceCloud: null, sinkCloud: cloud });
    };
    stock.inflows.filter((flow) => !flowPlaced.has(flow)).forEach((flow, k) => upright(flow, k, true));
    stock.outflows.filter((flow) => !flowPlaced.has(flow) && ends.get(flow)?.sink === undefined).forEach((flow, k) => upright(flow, k, false));
  }
  return rowExtent(nodes, pipes, x);
}

/** Flows attached to no stock: a row of pipes between two clouds. */
function looseFlowRow(flows: readonly LayoutVariable[]): BuiltRow {
  const nodes: LayoutNode[] = [];
  const pipes: LayoutPipe[] = [];
  let x = MARGIN;
  for (const flow of flows) {
    const source = { x: x + CLOUD_WIDTH / 2, y: 0 };
    const valve = placeNode(flow, source.x + PIPE_HALF, 0, 'above');
    const sink = { x: source.x + 2 * PIPE_HALF, y: 0 };
    nodes.push(valve);
    pipes.push({ flow: flow.id, points: [source, { x: valve.x, y: 0 }, sink], sourceCloud: source, sinkCloud: sink });
    x = sink.x + CLOUD_WIDTH + CHAIN_GAP;
  }
  return rowExtent(nodes, pipes, x);
}

function rowExtent(nodes: LayoutNode[], pipes: LayoutPipe[], right: number): BuiltRow {
  const ys = [...nodes.flatMap((node) => [node.bounds.y, node.bounds.y + node.bounds.height]), ...pipes.flatMap((pipe) => pipe.points.flatMap((p) => [p.y - CLOUD_HEIGHT / 2, p.y + CLOUD_HEIGHT / 2]))];
  return { nodes, pipes, top: Math.min(0, ...ys), bottom: Math.max(0, ...ys), right };
}

interface AuxPlan {
  /** Home row and distance from a flow or stock, per auxiliary. */
  readonly level: Map<string, number>;
  /** The neighbours each one is placed near: what it feeds, or for an output what it reads. */
  readonly anchors: Map<string, string[]>;
  readonly order: string[];
}

/** Distance of each auxiliary from the stocks and flows: 1 feeds a flow directly, 2 feeds one of those... */
function auxLevels(input: LayoutInput, others: readonly LayoutVariable[]): AuxPlan {
  const kinds = new Map(input.variables.map((variable) => [variable.id, variable.kind]));
  const consumers = new Map<string, string[]>();
  const inputs = new Map<string, string[]>();
  for (const link of input.links) {
    if (!kinds.has(link.from) || !kinds.has(link.to) || link.from === link.to) continue;
    if (kinds.get(link.to) === 'stock') continue;
    (consumers.get(link.from) ?? consumers.set(link.from, []).get(link.from)!).push(link.to);
    (inputs.get(link.to) ?? inputs.set(link.to, []).get(link.to)!).push(link.from);
  }
  const level = new Map<string, number>();
  const anchors = new Map<string, string[]>();
  const isAnchor = (id: string) => kinds.get(id) === 'stock' || kinds.get(id) === 'flow';
  // Upstream: what feeds a flow, and what feeds that...
  let frontier = others.filter((aux) => (consumers.get(aux.id) ?? []).some(isAnchor)).map((aux) => aux.id);
  for (const id of frontier) {
    level.set(id, 1);
    anchors.set(id, (consumers.get(id) ?? []).filter(isAnchor));
  }
  for (let depth = 2; frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const source of inputs.get(id) ?? []) {
        if (isAnchor(source) || level.has(source)) continue;
        level.set(source, depth);
        anchors.set(source, (consumers.get(source) ?? []).filter((c) => level.get(c) === depth - 1));
        next.push(source);
      }
    }
    frontier = next;
  }
  // Downstream and stray ones (outputs, KPIs): near what they read, one line further out.
  let remaining = others.filter((aux) => !level.has(aux.id));
  while (remaining.length > 0) {
    let progressed = false;
    for (const aux of remaining) {
      const known = (inputs.get(aux.id) ?? []).filter((id) => isAnchor(id) || level.has(id));
      const pending = (inputs.get(aux.id) ?? []).some((id) => !isAnchor(id) && !level.has(id) && remaining.some((r) => r.id === id));
      if (known.length === 0 && pending) continue;
      level.set(aux.id, 1 + Math.max(0, ...known.map((id) => level.get(id) ?? 0)));
      anchors.set(aux.id, known);
      progressed = true;
    }
    remaining = remaining.filter((aux) => !level.has(aux.id));
    if (!progressed) {
      // Only chains of auxiliaries with no stock or flow in reach are left: start them at line 1.
      const first = remaining.shift()!;
      level.set(first.id, 1);
      anchors.set(first.id, []);
    }
  }
  const order = others.map((aux) => aux.id).sort((a, b) => level.get(a)! - level.get(b)!);
  return { level, anchors, order };
}

/** Places a band of auxiliaries, one line per level, each near its anchors; returns the band's bottom. */
function placeBand(band: readonly string[], plan: AuxPlan, byId: ReadonlyMap<string, LayoutVariable>, nodes: Map<string, LayoutNode>, width: number, top: number): number {
  let y = top;
  let bottom = top;
  const levels = [...new Set(band.map((id) => plan.level.get(id)!))].sort((a, b) => a - b);
  for (const level of levels) {
    const items = band
      .filter((id) => plan.level.get(id) === level)
      .map((id) => {
        const around = (plan.anchors.get(id) ?? []).map((anchor) => nodes.get(anchor)).filter((node): node is LayoutNode => node !== undefined);
        const probe = placeNode(byId.get(id)!, 0, 0);
        return { id, target: around.length > 0 ? around.reduce((sum, node) => sum + node.x, 0) / around.length : MARGIN, half: probe.bounds.width / 2, probe };
      });
    for (const line of spreadLine(items, width)) {
      let lineBottom = y;
      for (const { item, x } of line) {
        const node = placeNode(byId.get(item.id)!, x, y - item.probe.bounds.y);
        nodes.set(item.id, node);
        lineBottom = Math.max(lineBottom, node.bounds.y + node.bounds.height);
      }
      bottom = lineBottom;
      y = lineBottom + LINE_GAP;
    }
  }
  return bottom;
}

/**
 * Positions along a line: each item as near its target x as the others allow, in target order,
 * `GAP` apart and within [MARGIN, width]; items that do not fit go on further lines.
 */
export function spreadLine<T extends { readonly target: number; readonly half: number }>(items: readonly T[], width: number): { item: T; x: number }[][] {
  const sorted = [...items].sort((a, b) => a.target - b.target);
  const lines: T[][] = [];
  let current: T[] = [];
  let used = 0;
  for (const item of sorted) {
    const need = 2 * item.half + GAP;
    if (current.length > 0 && MARGIN + used + need > width) {
      lines.push(current);
      current = [];
      used = 0;
    }
    current.push(item);
    used += need;
  }
  if (current.length > 0) lines.push(current);
  return lines.map((line) => {
    const xs = line.map((item) => item.target);
    for (let i = 0; i < line.length; i++) {
      const floor = i === 0 ? MARGIN + line[0]!.half : xs[i - 1]! + line[i - 1]!.half + GAP + line[i]!.half;
      xs[i] = Math.max(xs[i]!, floor);
    }
    for (let i = line.length - 1; i >= 0; i--) {
      const ceiling = i === line.length - 1 ? width - line[i]!.half : xs[i + 1]! - line[i + 1]!.half - GAP - line[i]!.half;
      xs[i] = Math.min(xs[i]!, ceiling);
    }
    // A line that fits keeps every item at least MARGIN from the left after the squeeze.
    for (let i = 0; i < line.length; i++) {
      const floor = i === 0 ? MARGIN + line[0]!.half : xs[i - 1]! + line[i - 1]!.half + GAP + line[i]!.half;
      xs[i] = Math.max(xs[i]!, floor);
    }
    return line.map((item, i) => ({ item, x: xs[i]! }));
  });
}
