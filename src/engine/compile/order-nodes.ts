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
  /**
   * Stocks and initial values: their value at the start. An auxiliary may have one too (an
   * <init_eqn>, Vensim's ACTIVE INITIAL): its value while the stocks are initialised.
   */
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
    case 'pick':
      for (const value of ir.values) collectSlots(value, into);
      collectSlots(ir.index, into);
      return;
    case 'rankpick':
      for (const value of ir.values) collectSlots(value, into);
      collectSlots(ir.rank, into);
      collectSlots(ir.ascending, into);
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
  // An auxiliary with a start value of its own (ACTIVE INITIAL) takes it in the initial phase.
  const initial = topologicalOrder(initialNodes, (node) => (node.role === 'aux' ? (node.initial ?? node.rate!) : node.initial!), reportCycle);
  const rateNodes = nodes.filter((node) => node.role === 'aux');
  // A circle among the rates is also one in the initial phase, already reported (unless an
  // initial equation broke it there).
  if (initial.length < initialNodes.length) return { initial, invariants: [], rates: [], nets: [] };
  const ordered = topologicalOrder(rateNodes, (node) => node.rate!, reportCycle);
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
  // Start values of their own (ACTIVE INITIAL) serve the stocks' initial values only: the values
  // saved at the start time come from the ordinary equations, computed again once stocks are set.
  if (rateNodes.some((node) => node.initial !== undefined)) return { initial: [...initial, ...ordered], invariants, rates, nets };
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
    case 'pick':
      return ir.values.some(containsDraw) || containsDraw(ir.index);
    case 'rankpick':
      return ir.values.some(containsDraw) || containsDraw(ir.rank) || containsDraw(ir.ascending);
  }
}

function topologicalOrder(
  nodes: readonly ScalarNode[],
  irOf: (node: ScalarNode) => Ir,
  reportCycle: (owners: string[]) => void,
): Assignment[] {
  const count = nodes.length;
  // Dependencies are the nodes of this list read by a node's tree, found by slot.
  let slotLimit = 0;
  for (const node of nodes) if (node.slot >= slotLimit) slotLimit = node.slot + 1;
  const indexBySlot = new Int32Array(slotLimit).fill(-1);
  for (let i = 0; i < count; i++) indexBySlot[nodes[i]!.slot] = i;
  /** dependencies of node i: dependencyList[dependencyStart[i] .. dependencyStart[i + 1]) */
  const dependencyStart = new Int32Array(count + 1);
  const dependencyList: number[] = [];
  const dependentCount = new Int32Array(count);
  const lastSeenBy = new Int32Array(count).fill(-1);
  const waiting = new Int32Array(count);
  const scratch: number[] = [];
  for (let i = 0; i < count; i++) {
    dependencyStart[i] = dependencyList.length;
    scratch.length = 0;
    collectSlots(irOf(nodes[i]!), scratch);
    for (const slot of scratch) {
      const j = slot < slotLimit ? indexBySlot[slot]! : -1;
      if (j < 0 || lastSeenBy[j] === i) continue;
      lastSeenBy[j] = i;
      dependencyList.push(j);
      dependentCount[j]!++;
      waiting[i]!++;
    }
  }
  dependencyStart[count] = dependencyList.length;
  // Dependents of each node, in increasing order (as they were found).
  const dependentStart = new Int32Array(count + 1);
  for (let j = 0; j < count; j++) dependentStart[j + 1] = dependentStart[j]! + dependentCount[j]!;
  const fill = dependentStart.slice(0, count);
  const dependents = new Int32Array(dependencyList.length);
  for (let i = 0; i < count; i++) {
    for (let d = dependencyStart[i]!; d < dependencyStart[i + 1]!; d++) dependents[fill[dependencyList[d]!]!++] = i;
  }
  const order: Assignment[] = [];
  const queue = new Int32Array(count);
  let tail = 0;
  for (let i = 0; i < count; i++) if (waiting[i] === 0) queue[tail++] = i;
  for (let head = 0; head < tail; head++) {
    const i = queue[head]!;
    order.push({ slot: nodes[i]!.slot, ir: irOf(nodes[i]!) });
    for (let d = dependentStart[i]!; d < dependentStart[i + 1]!; d++) {
      const j = dependents[d]!;
      if (--waiting[j]! === 0) queue[tail++] = j;
    }
  }
  if (order.length < count) {
    // Walk dependencies among the unordered nodes until one repeats: that is a cycle.
    const start = waiting.findIndex((value) => value > 0);
    const path: number[] = [];
    const position = new Map<number, number>();
    let current = start;
    while (!position.has(current)) {
      position.set(current, path.length);
      path.push(current);
      let next = -1;
      for (let d = dependencyStart[current]!; d < dependencyStart[current + 1]!; d++) {
        if (waiting[dependencyList[d]!]! > 0) {
          next = dependencyList[d]!;
          break;
        }
      }
      current = next;
    }
    const cycle = path.slice(position.get(current)!).reverse();
    const owners = [...new Set(cycle.map((i) => nodes[i]!.owner))];
    reportCycle(owners);
  }
  return order;
}
