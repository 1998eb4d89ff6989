/**
 * Elementary cycles of a directed graph by Johnson's algorithm (D. B. Johnson, "Finding all the
 * elementary circuits of a directed graph", SIAM J. Comput. 4(1), 1975). Each cycle is found once,
 * from its lowest-numbered node. Written without recursion, so a long loop cannot overflow the
 * stack, and bounded: the number of cycles can grow exponentially with the number of links.
 */
export interface CycleLimits {
  readonly maxCycles: number;
  /** Edge visits allowed in all; the search stops (truncated) past it. Deterministic, unlike a clock. */
  readonly maxSteps: number;
}

export interface CycleSearch {
  /** Node indices around each cycle, each cycle starting at its lowest index. */
  readonly cycles: number[][];
  readonly truncated: boolean;
}

/** `successors[v]`: the nodes v points to, without repeats. */
export function elementaryCycles(successors: readonly (readonly number[])[], limits: CycleLimits): CycleSearch {
  const n = successors.length;
  const component = stronglyConnectedComponents(successors);
  const componentSize = new Int32Array(n);
  for (let v = 0; v < n; v++) componentSize[component[v]!]!++;

  const cycles: number[][] = [];
  const blocked = new Uint8Array(n);
  const blockedBy: Set<number>[] = Array.from({ length: n }, () => new Set());
  const touched: number[] = [];
  let steps = 0;

  for (let start = 0; start < n; start++) {
    const own = component[start]!;
    const hasSelfLoop = successors[start]!.includes(start);
    if (componentSize[own]! < 2 && !hasSelfLoop) continue;
    // Johnson works in the component of `start` among nodes numbered `start` and above.
    const allowed = (w: number): boolean => w >= start && component[w] === own;
    for (const v of touched) {
      blocked[v] = 0;
      blockedBy[v]!.clear();
    }
    touched.length = 0;

    const path: number[] = [start];
    const nextEdge: number[] = [0];
    const foundCycle: boolean[] = [false];
    blocked[start] = 1;
    touched.push(start);
    while (path.length > 0) {
      const depth = path.length - 1;
      const v = path[depth]!;
      const edges = successors[v]!;
      if (nextEdge[depth]! < edges.length) {
        const w = edges[nextEdge[depth]!++]!;
        if (++steps > limits.maxSteps) return { cycles, truncated: true };
        if (!allowed(w)) continue;
        if (w === start) {
          // One cycle more than the cap is what tells a truncated list from a complete one.
          if (cycles.length >= limits.maxCycles) return { cycles, truncated: true };
          cycles.push(path.slice());
          foundCycle[depth] = true;
        } else if (!blocked[w]) {
          blocked[w] = 1;
          touched.push(w);
          path.push(w);
          nextEdge.push(0);
          foundCycle.push(false);
        }
        continue;
      }
      // Every edge of v is explored: unblock v if a cycle went through it, else wait for a successor to unblock it.
      const found = foundCycle[depth]!;
      if (found) unblock(v, blocked, blockedBy);
      else for (const w of edges) if (allowed(w)) blockedBy[w]!.add(v);
      path.pop();
      nextEdge.pop();
      foundCycle.pop();
      if (found && depth > 0) foundCycle[depth - 1] = true;
    }
  }
  return { cycles, truncated: false };
}

function unblock(node: number, blocked: Uint8Array, blockedBy: Set<number>[]): void {
  const pending = [node];
  while (pending.length > 0) {
    const u = pending.pop()!;
    if (!blocked[u]) continue;
    blocked[u] = 0;
    for (const w of blockedBy[u]!) pending.push(w);
    blockedBy[u]!.clear();
  }
}

/** Component number of every node (Tarjan's algorithm, iterative). */
export function stronglyConnectedComponents(successors: readonly (readonly number[])[]): Int32Array {
  const n = successors.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const component = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  let counter = 0;
  let components = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const frames: { v: number; edge: number }[] = [{ v: root, edge: 0 }];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const edges = successors[frame.v]!;
      if (frame.edge < edges.length) {
        const w = edges[frame.edge++]!;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          frames.push({ v: w, edge: 0 });
        } else if (onStack[w]) low[frame.v] = Math.min(low[frame.v]!, index[w]!);
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low[parent.v] = Math.min(low[parent.v]!, low[frame.v]!);
      if (low[frame.v] === index[frame.v]) {
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          component[w] = components;
        } while (w !== frame.v);
        components++;
      }
    }
  }
  return component;
}
