import type { Assignment, Ir } from './ir.ts';

/**
 * One scalar value of the model. `aux` nodes are recomputed every step (auxiliaries, flows and
 * stocks' net flows); `stock` and `initial-value` nodes are computed once at the start and then
 * change only through integration or their own update; parameters are set from outside.
 */
export interface ScalarNode {
  readonly slot: number;
  readonly role: 'parameter' | 'aux' | 'stock' | 'initial-value';
  readonly rate?: Ir;
  readonly initial?: Ir;
  readonly owner: string;
}

export function collectSlots(ir: Ir, into: number[]): void {
  switch (ir.k) {
    case 'const':
      return;
    case 'slot':
      into.push(ir.s);
      return;
    case 'neg':
    case 'not':
      collectSlots(ir.a, into);
      return;
    case 'bin':
      collectSlots(ir.a, into);
      collectSlots(ir.b, into);
      return;
    case 'if':
      collectSlots(ir.c, into);
      collectSlots(ir.t, into);
      collectSlots(ir.e, into);
      return;
    case 'fn':
    case 'random':
      for (const arg of ir.args) collectSlots(arg, into);
      return;
    case 'lookup':
      collectSlots(ir.x, into);
      return;
    case 'history':
      collectSlots(ir.delay, into);
      collectSlots(ir.initial, into);
      collectSlots(ir.current, into);
      return;
  }
}

/**
 * Orders the initial phase (stock initial values and everything they need) and the rates phase
 * (auxiliaries and flows, with stocks as given) by dependency. Kahn's algorithm keeps the
 * model's own order where it can and needs no recursion, so deep chains cannot overflow the stack.
 */
export function orderNodes(
  nodes: readonly ScalarNode[],
  nodeBySlot: ReadonlyMap<number, ScalarNode>,
  reportCycle: (owners: string[]) => void,
): { initial: Assignment[]; rates: Assignment[] } {
  const initialNodes = nodes.filter((node) => node.role !== 'parameter');
  const initial = topologicalOrder(
    initialNodes,
    (node) => (node.role === 'aux' ? node.rate! : node.initial!),
    (slot) => {
      const node = nodeBySlot.get(slot);
      return node && node.role !== 'parameter' ? node : undefined;
    },
    reportCycle,
  );
  const rateNodes = nodes.filter((node) => node.role === 'aux');
  // A circle among the rates is also one in the initial phase, already reported.
  if (initial.length < initialNodes.length) return { initial, rates: [] };
  const rates = topologicalOrder(
    rateNodes,
    (node) => node.rate!,
    (slot) => {
      const node = nodeBySlot.get(slot);
      return node && node.role === 'aux' ? node : undefined;
    },
    reportCycle,
  );
  return { initial, rates };
}

function topologicalOrder(
  nodes: readonly ScalarNode[],
  irOf: (node: ScalarNode) => Ir,
  dependencyNode: (slot: number) => ScalarNode | undefined,
  reportCycle: (owners: string[]) => void,
): Assignment[] {
  const index = new Map<ScalarNode, number>();
  nodes.forEach((node, i) => index.set(node, i));
  const dependents: number[][] = nodes.map(() => []);
  const dependencies: number[][] = nodes.map(() => []);
  const waiting = new Int32Array(nodes.length);
  const scratch: number[] = [];
  nodes.forEach((node, i) => {
    scratch.length = 0;
    collectSlots(irOf(node), scratch);
    const seen = new Set<number>();
    for (const slot of scratch) {
      const dependency = dependencyNode(slot);
      if (!dependency) continue;
      const j = index.get(dependency);
      if (j === undefined || seen.has(j)) continue;
      seen.add(j);
      dependents[j]!.push(i);
      dependencies[i]!.push(j);
      waiting[i]!++;
    }
  });
  const order: Assignment[] = [];
  const queue: number[] = [];
  for (let i = 0; i < nodes.length; i++) if (waiting[i] === 0) queue.push(i);
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head]!;
    order.push({ slot: nodes[i]!.slot, ir: irOf(nodes[i]!) });
    for (const j of dependents[i]!) if (--waiting[j]! === 0) queue.push(j);
  }
  if (order.length < nodes.length) {
    // Walk dependencies among the unordered nodes until one repeats: that is a cycle.
    const start = waiting.findIndex((count) => count > 0);
    const path: number[] = [];
    const position = new Map<number, number>();
    let current = start;
    while (!position.has(current)) {
      position.set(current, path.length);
      path.push(current);
      current = dependencies[current]!.find((j) => waiting[j]! > 0)!;
    }
    const cycle = path.slice(position.get(current)!).reverse();
    const owners = [...new Set(cycle.map((i) => nodes[i]!.owner))];
    reportCycle(owners);
  }
  return order;
}
