/**
 * Which flows a non-negative stock cuts back, and what each may read to know how much is left.
 *
 * XMILE 1.0 §3.7 (the non-negative option filter) and Stella keep a non-negative stock at zero
 * by limiting its outflows, not by clamping the stock, so whatever leaves arrives downstream and
 * material is conserved. Outflows are served in the order the stock lists them (XMILE §4.2:
 * "material from the stock is first given to the first outflow listed"), each up to what the
 * stock holds plus what flows in during the step, less what the outflows before it took.
 */
export interface OutflowLimit {
  /** Canonical id of the stock the flow drains. */
  readonly stock: string;
  /** The stock's inflows, each read limited (`false`) or as its own equation gives it (`true`). */
  readonly inflows: readonly { readonly id: string; readonly raw: boolean }[];
  /** The outflows listed before this one. */
  readonly before: readonly string[];
}

export interface StockFlows {
  readonly id: string;
  readonly nonNegative: boolean;
  /** Canonical ids of its flows, in the order the stock lists them; undefined where a name is unknown. */
  readonly inflows: readonly (string | undefined)[];
  readonly outflows: readonly (string | undefined)[];
}

/**
 * One limit per flow that drains exactly one non-negative stock. A flow listed as the outflow of
 * several stocks is left as written (those stocks are then only held at zero). Where limited flows
 * would wait on each other in a circle (two non-negative stocks trading material both ways), the
 * inflow that closes the circle is read as its equation gives it.
 */
export function planOutflowLimits(stocks: readonly StockFlows[]): Map<string, OutflowLimit> {
  const drains = new Map<string, number>();
  for (const stock of stocks) for (const flow of stock.outflows) if (flow !== undefined) drains.set(flow, (drains.get(flow) ?? 0) + 1);
  const limited = new Map<string, { readonly stock: StockFlows; readonly position: number }>();
  for (const stock of stocks) {
    if (!stock.nonNegative) continue;
    stock.outflows.forEach((flow, position) => {
      if (flow !== undefined && drains.get(flow) === 1) limited.set(flow, { stock, position });
    });
  }
  // A limited flow waits for the limited inflows of its stock; find the waits that close circles.
  const waits = (flow: string): string[] => limited.get(flow)!.stock.inflows.filter((inflow): inflow is string => inflow !== undefined && limited.has(inflow));
  const rawEdges = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  for (const start of limited.keys()) {
    if (state.has(start)) continue;
    // Iterative depth-first search: deep chains of stocks must not overflow the stack.
    const stack: { flow: string; next: number; targets: string[] }[] = [{ flow: start, next: 0, targets: waits(start) }];
    state.set(start, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next === top.targets.length) {
        state.set(top.flow, 'done');
        stack.pop();
        continue;
      }
      const target = top.targets[top.next++]!;
      const seen = state.get(target);
      if (seen === 'open') rawEdges.add(`${top.flow}\u0000${target}`);
      else if (seen === undefined) {
        state.set(target, 'open');
        stack.push({ flow: target, next: 0, targets: waits(target) });
      }
    }
  }
  const limits = new Map<string, OutflowLimit>();
  for (const [flow, { stock, position }] of limited) {
    limits.set(flow, {
      stock: stock.id,
      inflows: stock.inflows.filter((inflow): inflow is string => inflow !== undefined).map((id) => ({ id, raw: rawEdges.has(`${flow}\u0000${id}`) })),
      before: stock.outflows.slice(0, position).filter((outflow): outflow is string => outflow !== undefined),
    });
  }
  return limits;
}
