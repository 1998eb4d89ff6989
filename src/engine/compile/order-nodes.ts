import type { Assignment, Ir } from './ir.ts';

/**
 * One scalar value of the model. `aux` nodes are recomputed every step (auxiliaries, flows and
 * stocks' net flows); `stock` and `initial-value` nodes are computed once at the start and then
 * change only through integration or their own update; parameters are set from outside.
 */
export interface ScalarNode {
  readonly slot: number;
  readonly role: 'parameter' | 'aux' | 'net' | 'stock' | 'initial-value';
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
export interface OrderedPhases {
  readonly initial: Assignment[];
  readonly invariants: Assignment[];
  readonly rates: Assignment[];
  readonly nets: Assignment[];
}

export function orderNodes(
  nodes: readonly ScalarNode[],
  nodeBySlot: ReadonlyMap<number, ScalarNode>,
  updatedAfterEachStep: ReadonlySet<number>,
  reportCycle: (owners: string[]) => void,
): OrderedPhases {
  const initialNodes = nodes.filter((node) => node.role !== 'parameter' && node.role !== 'net');
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
  if (initial.length < initialNodes.length) return { initial, invariants: [], rates: [], nets: [] };
  const ordered = topologicalOrder(
    rateNodes,
    (node) => node.rate!,
    (slot) => {
      const node = nodeBySlot.get(slot);
      return node && node.role === 'aux' ? node : undefined;
    },
    reportCycle,
  );
  const invariantSlots = new Set<number>();
  const invariants: Assignment[] = [];
  const rates: Assignment[] = [];
  for (const assignment of ordered) {
    if (isInvariant(assignment.ir, nodeBySlot, invariantSlots, updatedAfterEachStep)) {
      invariantSlots.add(assignment.slot);
      invariants.push(assignment);
    } else rates.push(assignment);
  }
  const nets = nodes.filter((node) => node.role === 'net').map((node) => ({ slot: node.slot, ir: node.rate! }));
  return { initial, invariants, rates, nets };
}

/** Reserved slots that never change during a run: dt, start and stop (time and step do). */
const FIXED_RESERVED = new Set([1, 2, 3]);

/** True when `ir` reads only parameters, fixed run settings, INIT values and other invariants. */
function isInvariant(
  ir: Ir,
  nodeBySlot: ReadonlyMap<number, ScalarNode>,
  invariantSlots: ReadonlySet<number>,
  updatedAfterEachStep: ReadonlySet<number>,
): boolean {
  if (containsDraw(ir)) return false;
  const slots: number[] = [];
  collectSlots(ir, slots);
  return slots.every((slot) => {
    if (FIXED_RESERVED.has(slot) || invariantSlots.has(slot)) return true;
    const node = nodeBySlot.get(slot);
    if (!node) return false;
    return node.role === 'parameter' || (node.role === 'initial-value' && !updatedAfterEachStep.has(slot));
  });
}

function containsDraw(ir: Ir): boolean {
  switch (ir.k) {
    case 'random':
    case 'history':
      return true;
    case 'const':
    case 'slot':
      return false;
    case 'neg':
    case 'not':
      return containsDraw(ir.a);
    case 'bin':
      return containsDraw(ir.a) || containsDraw(ir.b);
    case 'if':
      return containsDraw(ir.c) || containsDraw(ir.t) || containsDraw(ir.e);
    case 'fn':
      return ir.args.some(containsDraw);
    case 'lookup':
      return containsDraw(ir.x);
  }
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
