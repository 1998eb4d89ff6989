import { DT_SLOT, type Ir, type Program } from '../compile/ir.ts';
import { collectSlots } from '../compile/order-nodes.ts';
import type { Statement } from './reroll.ts';

/**
 * The Euler update as statements. A net flow that reads no stock is written straight into its
 * stock's update (it cannot change while other stocks move); the others (hidden stocks of SMTH
 * and DELAYn read themselves) are computed into their slots first, before any stock moves.
 */
export function eulerStatements(
  program: Program,
  saveIndex?: ReadonlyMap<number, number>,
): { readonly first: Statement[]; readonly updates: Statement[] } {
  const stockSlots = new Set(program.stocks.map((stock) => stock.slot));
  const netBySlot = new Map(program.nets.map((net) => [net.slot, net.ir]));
  const slots: number[] = [];
  const readsStock = (ir: Ir): boolean => {
    slots.length = 0;
    collectSlots(ir, slots);
    return slots.some((slot) => stockSlots.has(slot));
  };
  const first: Statement[] = [];
  const updates: Statement[] = [];
  const dt: Ir = { k: 'slot', s: DT_SLOT };
  for (const stock of program.stocks) {
    let net = netBySlot.get(stock.netSlot)!;
    if (readsStock(net)) {
      first.push({ target: stock.netSlot, ir: net });
      net = { k: 'slot', s: stock.netSlot };
    }
    // x + dt * net, the same operations as the VM's update.
    const ir: Ir = { k: 'bin', op: '+', a: { k: 'slot', s: stock.slot }, b: { k: 'bin', op: '*', a: dt, b: net } };
    const save = saveIndex?.get(stock.slot);
    updates.push({ target: stock.slot, ir, ...(stock.nonNegative ? { clamp: true } : {}), ...(save === undefined ? {} : { save }) });
  }
  return { first, updates };
}
